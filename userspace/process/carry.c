// SPDX-License-Identifier: GPL-2.0-only
/*
 * carry.c - carrying volatile files through the image store
 *
 * The carried files live where the checkpointed processes' users can
 * write (/dev/shm, /tmp, the initramfs), so root follows no path there.
 * At --exec each file is opened once, walking from the root without
 * following a symlink and without blocking on a FIFO, checked through
 * that descriptor and copied through it into the group's image directory:
 * from then on the store reads only the tool's own files, and the
 * manifest records the mode and owner of the very file copied.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carry.h"

#define CHUNK	(1u << 20)

/* A file being created below a trusted directory. */
struct new_file {
	int dir, fd;
	const char *name;	/* within dir */
};

static int open_root_(struct kh_ctx *ctx)
{
	const char *root = ctx->root[0] ? ctx->root : "/";
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? kh_fail(ctx, -errno, "%s: %s", root, strerror(errno)) : fd;
}

/* Streamed: a carried file may be larger than the memory to spare. */
static int copy_fd_(struct kh_ctx *ctx, int in, int out, const char *src,
		    const char *dst)
{
	char *buf = malloc(CHUNK);
	int err = 0;
	ssize_t n;

	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	while (!err && (n = kh_read_full(in, buf, CHUNK)) != 0) {
		if (n < 0 || kh_write_all(out, buf, (size_t)n))
			err = kh_fail(ctx, -EIO, "copying %s to %s failed", src,
				      dst);
	}
	free(buf);
	return err;
}

/*
 * Create @path below @root (named @shown_root in messages), missing
 * directories with @dmode, the file 0600 until it is complete. -EEXIST
 * leaves nf->dir open, to look at what is there.
 */
static int create_below_(struct kh_ctx *ctx, int root, const char *shown_root,
			 const char *path, unsigned int dmode,
			 struct new_file *nf)
{
	nf->fd = -1;
	nf->dir = kh_walk_parent(ctx, root, shown_root, path, dmode, &nf->name);
	if (nf->dir < 0)
		return nf->dir;
	nf->fd = openat(nf->dir, nf->name, O_WRONLY | O_CREAT | O_EXCL |
			O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
	if (nf->fd < 0)
		return kh_fail(ctx, -errno, "%s/%s: %s", shown_root,
			       path[0] == '/' ? path + 1 : path, strerror(errno));
	return 0;
}

/* Close @nf, removing the file again after a failure @err. */
static void finish_new_(struct new_file *nf, int err)
{
	if (nf->fd >= 0) {
		close(nf->fd);
		if (err)
			unlinkat(nf->dir, nf->name, 0);
	}
	if (nf->dir >= 0)
		close(nf->dir);
}

/*
 * Copy @path of the old system into @dir/root/@path (set in @copy)
 * through the one descriptor its type is checked on; @st gets that
 * descriptor's fstat.
 */
static int carry_one_(struct kh_ctx *ctx, int root, int images,
		      const char *dir, const char *path, struct stat *st,
		      char *copy, size_t len)
{
	struct new_file nf;
	const char *last;
	int parent, in, err;

	if (snprintf(copy, len, "%s/%s%s", dir, KH_CARRY_PREFIX, path) >=
	    (int)len)
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", path);
	parent = kh_walk_parent(ctx, root, "", path, 0, &last);
	if (parent < 0)
		return parent;
	in = kh_openat_regular(ctx, parent, last, path, st);
	close(parent);
	if (in < 0)
		return in;
	err = create_below_(ctx, images, dir, copy + strlen(dir) + 1, 0700, &nf);
	if (!err)
		err = copy_fd_(ctx, in, nf.fd, path, copy);
	finish_new_(&nf, err);
	close(in);
	return err;
}

static int add_manifest_(struct kh_ctx *ctx, struct kh_image_set *s,
			 unsigned int group, const char *dir, const char *text,
			 size_t len)
{
	struct kh_part part = { text, len };
	char manifest[PATH_MAX];
	int err;

	if (snprintf(manifest, sizeof(manifest), "%s/%s", dir,
		     KH_CARRY_MANIFEST) >= (int)sizeof(manifest))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	err = kh_write_file(ctx, manifest, &part, 1);
	return err ? err : kh_images_add(ctx, s, group, KH_CARRY_MANIFEST,
					 manifest);
}

/* Every file of @g copied into @dir and listed in @text (@size bytes). */
static int carry_all_(struct kh_ctx *ctx, const struct kh_group *g,
		      struct kh_image_set *s, unsigned int group,
		      const char *dir, char *text, size_t size)
{
	char copy[PATH_MAX], name[PATH_MAX + 8];
	int i, root, images, err = 0;
	struct stat st;
	size_t len = 0;

	root = open_root_(ctx);
	if (root < 0)
		return root;
	images = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (images < 0)
		err = kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	for (i = 0; !err && i < g->nfiles; i++) {
		err = carry_one_(ctx, root, images, dir, g->files[i], &st, copy,
				 sizeof(copy));
		if (err)
			break;
		len += (size_t)snprintf(text + len, size - len, "%o %u %u %s\n",
					(unsigned int)(st.st_mode & 07777),
					(unsigned int)st.st_uid,
					(unsigned int)st.st_gid, g->files[i]);
		snprintf(name, sizeof(name), "%s%s", KH_CARRY_PREFIX,
			 g->files[i]);
		err = kh_images_add(ctx, s, group, name, copy);
	}
	if (images >= 0)
		close(images);
	close(root);
	return err ? err : add_manifest_(ctx, s, group, dir, text, len);
}

int kh_carry_add(struct kh_ctx *ctx, const struct kh_group *g,
		 struct kh_image_set *s, unsigned int group, const char *dir)
{
	size_t size = 64 + (size_t)g->nfiles * (PATH_MAX + 64);
	char why[sizeof(ctx->err)], *text;
	int err;

	if (!g->nfiles)
		return 0;
	text = malloc(size);
	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	err = carry_all_(ctx, g, s, group, dir, text, size);
	free(text);
	if (err) {
		memcpy(why, ctx->err, sizeof(why));
		kh_fail(ctx, err, "group-%u: cannot carry its files: %s", group,
			why);
	}
	return err;
}

static int copy_file(struct kh_ctx *ctx, const char *src, const char *dst,
		     unsigned int mode, unsigned int uid, unsigned int gid)
{
	size_t chunk = 1u << 20;
	char *buf = malloc(chunk);
	int in, out = -1, err = 0;
	ssize_t n;

	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		err = kh_fail(ctx, -errno, "%s: %s", src, strerror(errno));
	else
		out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (!err && out < 0)
		err = kh_fail(ctx, -errno, "%s: %s", dst, strerror(errno));
	while (!err && (n = kh_read_full(in, buf, chunk)) != 0) {
		if (n < 0 || kh_write_all(out, buf, (size_t)n))
			err = kh_fail(ctx, -EIO, "copying %s to %s failed", src,
				      dst);
	}
	if (!err && (fchmod(out, mode) || fchown(out, uid, gid)))
		err = kh_fail(ctx, -errno, "%s: %s", dst, strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err && out >= 0)
		unlink(dst);
	free(buf);
	return err;
}

static int put_back_one(struct kh_ctx *ctx, const char *dir, char *line)
{
	char src[PATH_MAX], dst[PATH_MAX], path[PATH_MAX];
	unsigned int mode, uid, gid;
	uint64_t ssize, dsize;
	uint32_t scrc, dcrc;
	struct stat st;
	int err;

	if (sscanf(line, "%o %u %u %4095[^\n]", &mode, &uid, &gid, path) != 4 ||
	    path[0] != '/' || strstr(path, "/../") || mode > 07777)
		return kh_fail(ctx, -EINVAL, "%s/%s: bad line '%.200s'", dir,
			       KH_CARRY_MANIFEST, line);
	if (snprintf(src, sizeof(src), "%s/%s%s", dir, KH_CARRY_PREFIX, path) >=
	    (int)sizeof(src) || kh_path(ctx, dst, sizeof(dst), path))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", path);
	if (stat(dst, &st) == 0) {
		err = kh_file_crc(ctx, src, &ssize, &scrc);
		if (!err)
			err = kh_file_crc(ctx, dst, &dsize, &dcrc);
		if (!err && (ssize != dsize || scrc != dcrc))
			err = kh_fail(ctx, -EEXIST,
				      "%s exists and differs from the file the process used; not overwritten",
				      path);
		return err;
	}
	err = kh_mkdir_parents(ctx, dst, 0755);
	return err ? err : copy_file(ctx, src, dst, mode, uid, gid);
}

int kh_carry_put_back(struct kh_ctx *ctx, const char *dir)
{
	char manifest[PATH_MAX], *text = NULL, *line, *save = NULL;
	size_t len;
	int err;

	snprintf(manifest, sizeof(manifest), "%s/%s", dir, KH_CARRY_MANIFEST);
	if (access(manifest, F_OK))
		return 0;
	err = kh_read_file(ctx, manifest, 1 << 20, (void **)&text, &len);
	for (line = err ? NULL : strtok_r(text, "\n", &save); !err && line;
	     line = strtok_r(NULL, "\n", &save))
		err = put_back_one(ctx, dir, line);
	free(text);
	return err;
}
