// SPDX-License-Identifier: GPL-2.0-only
/*
 * store_write.c - the initrd and pmem image stores, writing side
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio_newc.h"
#include "crc32c_bulk.h"
#include "initrd.h"
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
	fd = open(img->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", img->path, strerror(errno));
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
		if (snprintf(name, sizeof(name), "%s/group-%u/%s",
			     KH_STORE_INITRD_DIR, s->v[i].group,
			     s->v[i].name) >= (int)sizeof(name)) {
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

static int copy_into(struct kh_ctx *ctx, int dev, const char *device,
		     struct kh_image_src *img, int s_crc_later, char *buf,
		     size_t bufsize)
{
	int fd = open(img->path, O_RDONLY | O_CLOEXEC), err = 0;
	uint64_t done = 0;
	uint32_t crc = 0;
	ssize_t n;

	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", img->path, strerror(errno));
	while (!err && done < img->size) {
		size_t whole;

		/* A full buffer unless at the end, so that every chunk
		 * but the last starts page-aligned on the device. */
		n = kh_read_full(fd, buf, bufsize);
		if (n <= 0) {
			err = kh_fail(ctx, n ? (int)n : -EIO,
				      "%s: %s", img->path,
				      n ? strerror((int)-n) : "shorter than when listed");
			break;
		}
		/* Whole pages, for O_DIRECT: the store reserves them. */
		whole = ((size_t)n + KH_STORE_ALIGN - 1) &
			~(size_t)(KH_STORE_ALIGN - 1);
		memset(buf + n, 0, whole - (size_t)n);
		if (pwrite(dev, buf, whole, (off_t)(img->offset + done)) !=
		    (ssize_t)whole)
			err = kh_fail(ctx, -EIO, "%s: write failed: %s", device,
				      strerror(errno));
		crc = kh_crc32c_bulk(crc, buf, (size_t)n);
		done += (uint64_t)n;
	}
	close(fd);
	if (!err && s_crc_later)
		img->crc = crc;
	else if (!err && crc != img->crc)
		err = kh_fail(ctx, -EIO, "%s changed after it was listed", img->path);
	return err;
}

int kh_store_write_pmem(struct kh_ctx *ctx, struct kh_image_set *s,
			const char *device)
{
	size_t bufsize = 4u << 20;
	uint64_t devsize = 0;
	char *buf;
	struct stat st;
	int dev, i, err = 0;

	/* Around the page cache: it would only be a second copy. */
	dev = open(device, O_WRONLY | O_CLOEXEC | O_DIRECT);
	if (dev < 0 && errno == EINVAL)
		dev = open(device, O_WRONLY | O_CLOEXEC);
	if (dev < 0)
		return kh_fail(ctx, -errno, "%s: %s", device, strerror(errno));
	if (!fstat(dev, &st) && S_ISBLK(st.st_mode))
		err = ioctl(dev, BLKGETSIZE64, &devsize) ? -errno : 0;
	else
		devsize = (uint64_t)st.st_size;	/* a file, in tests */
	if (!err && devsize < s->total)
		err = kh_fail(ctx, -ENOSPC,
			      "%s: %llu bytes, the images need %llu", device,
			      (unsigned long long)devsize,
			      (unsigned long long)s->total);
	else if (err)
		err = kh_fail(ctx, err, "%s: %s", device, strerror(-err));
	buf = err ? NULL : aligned_alloc(KH_STORE_ALIGN, bufsize);
	if (!err && !buf)
		err = kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < s->n; i++)
		err = copy_into(ctx, dev, device, &s->v[i], s->crc_later, buf,
				bufsize);
	if (!err && fsync(dev))
		err = kh_fail(ctx, -errno, "%s: %s", device, strerror(errno));
	free(buf);
	close(dev);
	return err;
}
