// SPDX-License-Identifier: GPL-2.0-only
/*
 * carry.c - carrying volatile files through the image store
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carry.h"

int kh_carry_add(struct kh_ctx *ctx, const struct kh_group *g,
		 struct kh_image_set *s, unsigned int group, const char *dir)
{
	char manifest[PATH_MAX], full[PATH_MAX], name[PATH_MAX + 8];
	size_t size = 64 + (size_t)g->nfiles * (PATH_MAX + 64), len = 0;
	char *text = malloc(size);
	struct kh_part part;
	struct stat st;
	int i, err = 0;

	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	text[0] = '\0';
	for (i = 0; !err && i < g->nfiles; i++) {
		err = kh_path(ctx, full, sizeof(full), g->files[i]);
		if (!err && stat(full, &st))
			err = kh_fail(ctx, -errno, "%s: %s", full, strerror(errno));
		if (err)
			break;
		len += (size_t)snprintf(text + len, size - len, "%o %u %u %s\n",
					(unsigned int)(st.st_mode & 07777),
					(unsigned int)st.st_uid,
					(unsigned int)st.st_gid, g->files[i]);
		snprintf(name, sizeof(name), "%s%s", KH_CARRY_PREFIX,
			 g->files[i]);
		err = kh_images_add(ctx, s, group, name, full);
	}
	if (!err && g->nfiles) {
		snprintf(manifest, sizeof(manifest), "%s/%s", dir,
			 KH_CARRY_MANIFEST);
		part.data = text;
		part.len = len;
		err = kh_write_file(ctx, manifest, &part, 1);
		if (!err)
			err = kh_images_add(ctx, s, group, KH_CARRY_MANIFEST,
					    manifest);
	}
	free(text);
	return err;
}

/* Streamed: a carried file may be larger than the memory to spare. */
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
