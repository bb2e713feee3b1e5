// SPDX-License-Identifier: GPL-2.0-only
/*
 * image_set.c - listing, sizing and checksumming the store's images
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c_bulk.h"
#include "image_set.h"

#define CHUNK	(4u << 20)

int kh_fd_crc(struct kh_ctx *ctx, int fd, const char *path, uint64_t *size,
	      uint32_t *crc)
{
	char *buf = malloc(CHUNK);
	int err = 0;
	ssize_t n;

	*size = 0;
	*crc = 0;
	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	while ((n = kh_read_full(fd, buf, CHUNK)) != 0) {
		if (n < 0) {
			err = kh_fail(ctx, (int)n, "%s: %s", path,
				      strerror((int)-n));
			break;
		}
		*crc = kh_crc32c_bulk(*crc, buf, (size_t)n);
		*size += (uint64_t)n;
	}
	free(buf);
	return err;
}

int kh_file_crc(struct kh_ctx *ctx, const char *path, uint64_t *size,
		uint32_t *crc)
{
	int fd = kh_open_regular(ctx, path, NULL), err;

	*size = 0;
	*crc = 0;
	if (fd < 0)
		return fd;
	err = kh_fd_crc(ctx, fd, path, size, crc);
	close(fd);
	return err;
}

int kh_images_add(struct kh_ctx *ctx, struct kh_image_set *s, uint32_t group,
		  const char *name, const char *path)
{
	struct kh_image_src *img;
	struct stat st;
	int fd, err;

	if (strlen(name) > HANDOFF_STR_MAX || strlen(path) >= PATH_MAX)
		return kh_fail(ctx, -ENAMETOOLONG, "%s: name too long", path);
	if (s->n == s->cap) {
		int cap = s->cap ? 2 * s->cap : 64;
		void *v = realloc(s->v, (size_t)cap * sizeof(*s->v));

		if (!v)
			return kh_fail(ctx, -ENOMEM, "out of memory");
		s->v = v;
		s->cap = cap;
	}
	img = &s->v[s->n];
	memset(img, 0, sizeof(*img));
	img->group = group;
	strcpy(img->name, name);
	strcpy(img->path, path);
	/* Once, by descriptor: a FIFO would hang the dump's last steps, a
	 * symlink would carry whatever it points to. */
	fd = kh_open_regular(ctx, path, &st);
	if (fd < 0)
		return fd;
	img->size = (uint64_t)st.st_size;
	err = s->crc_later ? 0 : kh_fd_crc(ctx, fd, path, &img->size, &img->crc);
	close(fd);
	if (err)
		return err;
	img->offset = s->total;
	s->total += (img->size + KH_STORE_ALIGN - 1) & ~(uint64_t)(KH_STORE_ALIGN - 1);
	s->n++;
	return 0;
}

int kh_image_open(struct kh_ctx *ctx, const struct kh_image_src *img)
{
	struct stat st;
	int fd = kh_open_regular(ctx, img->path, &st);

	if (fd >= 0 && (uint64_t)st.st_size != img->size) {
		close(fd);
		return kh_fail(ctx, -EIO, "%s: %llu bytes, %llu when it was listed",
			       img->path, (unsigned long long)st.st_size,
			       (unsigned long long)img->size);
	}
	return fd;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int kh_images_add_dir_as(struct kh_ctx *ctx, struct kh_image_set *s,
			 uint32_t group, const char *dir, const char *prefix)
{
	struct dirent **list;
	char path[PATH_MAX], name[PATH_MAX];
	struct stat st;
	int i, n, err = 0;

	n = scandir(dir, &list, NULL, by_name);
	if (n < 0)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		const char *base = list[i]->d_name;

		if (!err && base[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, base) <
		    (int)sizeof(path) &&
		    !lstat(path, &st) && S_ISREG(st.st_mode)) {
			snprintf(name, sizeof(name), "%s%s%s",
				 prefix ? prefix : "", prefix ? "/" : "", base);
			err = kh_images_add(ctx, s, group, name, path);
		}
		free(list[i]);
	}
	free(list);
	return err;
}

int kh_images_add_dir(struct kh_ctx *ctx, struct kh_image_set *s,
		      uint32_t group, const char *dir)
{
	return kh_images_add_dir_as(ctx, s, group, dir, NULL);
}

int kh_images_record(struct handoff_builder *b, const struct kh_image_set *s,
		     const char *type, const char *device, const char *memmap)
{
	struct handoff_store store = {
		.type = type, .device = device, .memmap = memmap,
		.size = s->total,
	};
	int i, ret = handoff_set_store(b, &store);

	for (i = 0; ret >= 0 && i < s->n; i++) {
		struct handoff_image img = {
			.name = s->v[i].name, .group = s->v[i].group,
			.offset = s->v[i].offset, .size = s->v[i].size,
			.crc32c = s->v[i].crc,
		};

		ret = handoff_add_image(b, &img);
	}
	return ret < 0 ? ret : 0;
}

void kh_images_renumber(struct kh_image_set *s,
			int (*node)(uint32_t group, void *arg), void *arg)
{
	int i, n = 0, stored = 0;

	for (i = 0; i < s->n; i++) {
		int to = node(s->v[i].group, arg);

		if (to < 0)
			continue;
		s->v[n] = s->v[i];
		s->v[n++].group = (uint32_t)to;
		stored += i < s->stored;
	}
	s->n = n;
	s->stored = stored;
}

void kh_images_free(struct kh_image_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
