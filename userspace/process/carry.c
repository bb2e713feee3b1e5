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
 * manifest records the mode and owner of the very file copied. At restore
 * each path is walked the same way from the new system's root, creating
 * what is missing, and only below a volatile mount, where the file was.
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

/* The manifest line of one carried file. */
struct carried {
	unsigned int mode, uid, gid;
	char path[PATH_MAX];
};

/* Putting back one group's files. */
struct put_back {
	const char *dir;	/* the group's images */
	char *text;		/* its manifest */
	char *mountinfo;	/* this system's mounts */
	int root;		/* this system's root */
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

/* 1 if @a and @b read the same bytes, 0 if not, or a negative errno. */
static int same_bytes_(struct kh_ctx *ctx, int a, int b, const char *shown)
{
	char *buf = malloc(2 * (size_t)CHUNK);
	ssize_t na, nb;
	int ret = 1;

	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	do {
		na = kh_read_full(a, buf, CHUNK);
		nb = kh_read_full(b, buf + CHUNK, CHUNK);
		if (na < 0 || nb < 0)
			ret = kh_fail(ctx, -EIO, "%s: read error", shown);
		else if (na != nb || memcmp(buf, buf + CHUNK, (size_t)na))
			ret = 0;
	} while (ret == 1 && na > 0);
	free(buf);
	return ret;
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
	char *text;
	int err;

	if (!g->nfiles)
		return 0;
	text = malloc(size);
	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	err = carry_all_(ctx, g, s, group, dir, text, size);
	free(text);
	if (err)
		kh_fail(ctx, err, "group-%u: cannot carry its files: %s", group,
			ctx->err);
	return err;
}

/* The owner first: a chown clears the setuid and setgid bits. */
static int fill_(struct kh_ctx *ctx, struct new_file *nf, int in,
		 const char *src, const struct carried *c)
{
	int err = copy_fd_(ctx, in, nf->fd, src, c->path);

	if (!err && (fchown(nf->fd, c->uid, c->gid) || fchmod(nf->fd, c->mode)))
		err = kh_fail(ctx, -errno, "%s: %s", c->path, strerror(errno));
	return err;
}

/* What is already at @c->path must be the carried file, byte for byte. */
static int compare_existing_(struct kh_ctx *ctx, const struct new_file *nf,
			     int in, const struct carried *c)
{
	int cur = kh_openat_regular(ctx, nf->dir, nf->name, c->path, NULL);
	int same;

	if (cur < 0)
		return cur;
	same = same_bytes_(ctx, in, cur, c->path);
	close(cur);
	if (same < 0)
		return same;
	return same ? 0 :
	       kh_fail(ctx, -EEXIST,
		       "%s exists and differs from the file the process used; not overwritten",
		       c->path);
}

static int put_back_one_(struct kh_ctx *ctx, const struct put_back *pb,
			 const struct carried *c)
{
	char src[PATH_MAX];
	struct new_file nf;
	int in, err;

	if (snprintf(src, sizeof(src), "%s/%s%s", pb->dir, KH_CARRY_PREFIX,
		     c->path) >= (int)sizeof(src))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", c->path);
	in = kh_open_regular(ctx, src, NULL);
	if (in < 0)
		return in;
	err = create_below_(ctx, pb->root, "", c->path, 0755, &nf);
	if (err == -EEXIST && nf.dir >= 0)
		err = compare_existing_(ctx, &nf, in, c);
	else if (!err)
		err = fill_(ctx, &nf, in, src, c);
	finish_new_(&nf, err);
	close(in);
	return err;
}

/* A line is refused unless its path is plain and lies on a volatile
 * mount of this system, as it did in the old one. */
static int parse_line_(struct kh_ctx *ctx, const struct put_back *pb,
		       const char *line, struct carried *c)
{
	int on;

	if (sscanf(line, "%o %u %u %4095[^\n]", &c->mode, &c->uid, &c->gid,
		   c->path) != 4 || c->path[0] != '/' ||
	    !kh_plain_path(c->path + 1) || c->mode > 07777)
		return kh_fail(ctx, -EINVAL, "%s/%s: bad line '%.200s'", pb->dir,
			       KH_CARRY_MANIFEST, line);
	on = kh_on_volatile_mount(pb->mountinfo, c->path);
	if (on < 0)
		return kh_fail(ctx, on, "out of memory");
	if (!on)
		return kh_fail(ctx, -EPERM,
			       "%s: not on a tmpfs, ramfs or initramfs mount here; a carried file is put back only there",
			       c->path);
	return 0;
}

/* Check each manifest line, and put its file back if @act. */
static int each_line_(struct kh_ctx *ctx, const struct put_back *pb, int act)
{
	char line[PATH_MAX + 64];
	struct carried c;
	const char *p, *nl;
	int err = 0;

	for (p = pb->text; !err && *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		if (nl == p)
			continue;
		if ((size_t)(nl - p) >= sizeof(line))
			return kh_fail(ctx, -EINVAL, "%s/%s: line too long",
				       pb->dir, KH_CARRY_MANIFEST);
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		err = parse_line_(ctx, pb, line, &c);
		if (!err && act)
			err = put_back_one_(ctx, pb, &c);
	}
	return err;
}

static int read_inputs_(struct kh_ctx *ctx, struct put_back *pb,
			const char *manifest)
{
	char mounts[PATH_MAX];
	size_t len;
	int err = kh_read_file(ctx, manifest, 1 << 20, (void **)&pb->text, &len);

	if (!err && strlen(pb->text) != len)
		err = kh_fail(ctx, -EINVAL, "%s: holds a NUL byte", manifest);
	if (!err && kh_path(ctx, mounts, sizeof(mounts), "/proc/self/mountinfo"))
		err = kh_fail(ctx, -ENAMETOOLONG, "/proc/self/mountinfo: path too long");
	if (!err)
		err = kh_read_file(ctx, mounts, 4 << 20, (void **)&pb->mountinfo,
				   &len);
	if (!err)
		pb->root = open_root_(ctx);
	return err ? err : pb->root < 0 ? pb->root : 0;
}

int kh_carry_put_back(struct kh_ctx *ctx, const char *dir)
{
	struct put_back pb = { .dir = dir, .root = -1 };
	char manifest[PATH_MAX];
	int err;

	if (snprintf(manifest, sizeof(manifest), "%s/%s", dir,
		     KH_CARRY_MANIFEST) >= (int)sizeof(manifest))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	if (access(manifest, F_OK))
		return 0;
	err = read_inputs_(ctx, &pb, manifest);
	/* Every line is checked before the first file is created. */
	if (!err)
		err = each_line_(ctx, &pb, 0);
	if (!err)
		err = each_line_(ctx, &pb, 1);
	if (pb.root >= 0)
		close(pb.root);
	free(pb.mountinfo);
	free(pb.text);
	return err;
}
