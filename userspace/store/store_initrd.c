// SPDX-License-Identifier: GPL-2.0-only
/*
 * store_initrd.c - the initrd store: images in a cpio archive after the
 * initrd, which the new kernel unpacks into its initramfs
 *
 * Nothing needs preparing and nothing is copied at restore: the images are
 * checked where the initramfs holds them, KH_STORE_INITRD_DIR/group-N/.
 * The blob precedes the archive in the initrd, so the images' CRCs are
 * computed when they are listed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio_newc.h"
#include "crc32c_bulk.h"
#include "exec_plan.h"
#include "initrd.h"
#include "store.h"
#include "store_write.h"

struct mapping {
	void *addr;
	size_t len;
};

static int map_file(struct kh_ctx *ctx, const struct kh_image_src *img,
		    struct mapping *m)
{
	int fd;

	m->addr = NULL;
	m->len = (size_t)img->size;
	if (!m->len)
		return 0;
	fd = kh_image_open(ctx, img);
	if (fd < 0)
		return fd;
	m->addr = mmap(NULL, m->len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m->addr == MAP_FAILED) {
		m->addr = NULL;
		return kh_fail(ctx, -errno, "%s: %s", img->path, strerror(errno));
	}
	return 0;
}

/* Add the directories leading to @name that @last (the previous member's
 * name) did not already bring, the unpacker needing each first. */
static int add_parents(struct kh_cpio *c, const char *name, const char *last)
{
	char dir[KH_CPIO_NAME_MAX + 1];
	const char *slash;
	int err = 0;

	for (slash = strchr(name, '/'); !err && slash;
	     slash = strchr(slash + 1, '/')) {
		size_t n = (size_t)(slash - name);

		if (n >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, name, n);
		dir[n] = '\0';
		if (last && !strncmp(last, dir, n) && last[n] == '/')
			continue;
		err = kh_cpio_add_dir(c, dir, 0700);
	}
	return err;
}

int kh_store_write_initrd(struct kh_ctx *ctx, const struct kh_image_set *s,
			  const char *out, const void *blob, size_t bloblen,
			  const char *initrd_in)
{
	size_t hsize = 4096 + (size_t)s->n * (2 * KH_CPIO_NAME_MAX + 512);
	int i, max_parts = 16 + 8 * s->n, err = 0;
	struct mapping *maps = calloc((size_t)s->n + 1, sizeof(*maps));
	struct kh_part *parts = calloc((size_t)max_parts, sizeof(*parts));
	char *hbuf = malloc(hsize), name[KH_CPIO_NAME_MAX + 1];
	char last[KH_CPIO_NAME_MAX + 1] = "";
	struct kh_cpio c;

	if (!maps || !parts || !hbuf) {
		err = kh_fail(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	kh_cpio_init_parts(&c, hbuf, hsize, parts, max_parts);
	for (i = 0; !err && i < s->n; i++) {
		char dir[32];

		if (kh_store_group_dir(dir, sizeof(dir), s->v[i].group) ||
		    snprintf(name, sizeof(name), "%s/%s/%s", KH_STORE_INITRD_DIR,
			     dir, s->v[i].name) >= (int)sizeof(name)) {
			err = kh_fail(ctx, -ENAMETOOLONG, "%s: name too long",
				      s->v[i].name);
			break;
		}
		err = map_file(ctx, &s->v[i], &maps[i]);
		if (err)
			break;
		err = add_parents(&c, name, last[0] ? last : NULL);
		if (!err)
			err = kh_cpio_add_file(&c, name, 0600, maps[i].addr,
					       maps[i].len);
		if (err)
			err = kh_fail(ctx, err, "%s: cannot add to the store archive: %s",
				      s->v[i].path, strerror(-err));
		strcpy(last, name);
	}
	if (!err && (err = kh_cpio_finish(&c)))
		err = kh_fail(ctx, err, "store archive: %s", strerror(-err));
	if (!err)
		err = kh_initrd_assemble_with(ctx, out, blob, bloblen, initrd_in,
					      c.parts, c.nparts);
out:
	for (i = 0; maps && i < s->n; i++)
		if (maps[i].addr)
			munmap(maps[i].addr, maps[i].len);
	free(maps);
	free(parts);
	free(hbuf);
	return err;
}

static int check_in_place(struct kh_ctx *ctx, char *path,
			  const struct handoff_image *img, void *arg)
{
	uint64_t size = 0;
	uint32_t crc = 0;
	int served = kh_fetch_served(ctx, arg, img), err;
	struct stat st;

	if (served < 0)
		return served;
	/* The page checker reads a served image where it is, range by
	 * range: only its size is checked here. */
	if (served) {
		err = lstat(path, &st) || !S_ISREG(st.st_mode) ? -ENOENT : 0;
		size = err ? 0 : (uint64_t)st.st_size;
	} else {
		err = kh_file_crc(ctx, path, &size, &crc);
	}
	if (err == -ENOENT)
		return kh_fail(ctx, err, "image %s is missing (%s)", img->name,
			       path);
	if (!err && size != img->size)
		err = kh_fail(ctx, -EBADMSG, "image %s: %llu bytes, the blob says %llu",
			      img->name, (unsigned long long)size,
			      (unsigned long long)img->size);
	else if (!err && !served && crc != img->crc32c)
		err = kh_fail(ctx, -EBADMSG, "image %s: checksum mismatch (CRC32C %08x, the blob says %08x)",
			      img->name, crc, img->crc32c);
	return err;
}


static int initrd_fetch(struct kh_ctx *ctx, const struct kh_fetch *f)
{
	if (snprintf(f->dir, f->dirlen, "%s/%s", f->initrd_dir, f->name) >=
	    (int)f->dirlen)
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	return kh_store_each_image(ctx, f, check_in_place, (void *)f);
}

/* "initrd" takes no argument. */
static int initrd_parse(struct kh_plan *p, const char *arg)
{
	(void)p;
	return arg ? -EINVAL : 0;
}

const struct kh_store_ops kh_store_initrd = {
	.name = "initrd",
	.usage = "initrd",
	.parse = initrd_parse,
	.assemble = kh_store_write_initrd,
	.fetch = initrd_fetch,
};
