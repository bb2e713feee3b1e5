// SPDX-License-Identifier: GPL-2.0-only
/*
 * store_read.c - the initrd and pmem image stores, reading side
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio_newc.h"
#include "crc32c_bulk.h"
#include "handoff.h"
#include "image_set.h"
#include "store_read.h"

static int check_in_place(struct kh_ctx *ctx, const char *path,
			  const struct handoff_image *img)
{
	uint64_t size;
	uint32_t crc;
	int err = kh_file_crc(ctx, path, &size, &crc);

	if (err == -ENOENT)
		return kh_fail(ctx, err, "image %s is missing (%s)", img->name,
			       path);
	if (!err && size != img->size)
		err = kh_fail(ctx, -EBADMSG, "image %s: %llu bytes, the blob says %llu",
			      img->name, (unsigned long long)size,
			      (unsigned long long)img->size);
	else if (!err && crc != img->crc32c)
		err = kh_fail(ctx, -EBADMSG, "image %s: checksum mismatch (CRC32C %08x, the blob says %08x)",
			      img->name, crc, img->crc32c);
	return err;
}

static int copy_out(struct kh_ctx *ctx, int dev, const char *device,
		    const char *path, const struct handoff_image *img)
{
	size_t chunk = 4u << 20;
	char *buf = aligned_alloc(KH_STORE_ALIGN, chunk);
	uint64_t done = 0;
	uint32_t crc = 0;
	int fd, err = 0;

	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		err = kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	while (!err && done < img->size) {
		size_t n = img->size - done < chunk ? (size_t)(img->size - done) : chunk;
		/* Whole pages, for O_DIRECT: the store reserves them. */
		size_t whole = (n + KH_STORE_ALIGN - 1) & ~(size_t)(KH_STORE_ALIGN - 1);
		ssize_t r = pread(dev, buf, whole, (off_t)(img->offset + done));

		if (r > 0 && (size_t)r > n)
			r = (ssize_t)n;
		if (r <= 0) {
			err = kh_fail(ctx, -EIO, "%s: image %s lies beyond the device's end or cannot be read",
				      device, img->name);
			break;
		}
		crc = kh_crc32c_bulk(crc, buf, (size_t)r);
		if (kh_write_all(fd, buf, (size_t)r))
			err = kh_fail(ctx, -EIO, "%s: write failed", path);
		done += (uint64_t)r;
	}
	if (!err && crc != img->crc32c)
		err = kh_fail(ctx, -EBADMSG, "image %s: checksum mismatch in %s (CRC32C %08x, the blob says %08x)",
			      img->name, device, crc, img->crc32c);
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

int kh_store_fetch(struct kh_ctx *ctx, const void *blob, unsigned int group,
		   const char *name, const char *initrd_dir,
		   const char *copy_dir, char *dir, size_t dirlen)
{
	struct handoff_store store;
	struct handoff_image img;
	char path[PATH_MAX + HANDOFF_STR_MAX + 2], device[PATH_MAX];
	int node, pmem, dev = -1, err, count = 0;

	if (handoff_get_store(blob, &store))
		return kh_fail(ctx, -ENOENT, "the blob has no image store");
	pmem = !strcmp(store.type, "pmem");
	if (snprintf(dir, dirlen, "%s/%s", pmem ? copy_dir : initrd_dir,
		     name) >= (int)dirlen)
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	if (pmem) {
		if (!store.device)
			return kh_fail(ctx, -EINVAL, "pmem store without a device");
		if (kh_path(ctx, device, sizeof(device), store.device))
			return kh_fail(ctx, -ENAMETOOLONG, "path too long");
		/* Straight from the region into our buffer, not through
		 * the page cache: one copy less during the blackout. */
		dev = open(device, O_RDONLY | O_CLOEXEC | O_DIRECT);
		if (dev < 0 && errno == EINVAL)
			dev = open(device, O_RDONLY | O_CLOEXEC);
		if (dev < 0)
			return kh_fail(ctx, -errno, "%s: %s (was the new kernel booted with memmap=%s?)",
				       device, strerror(errno),
				       store.memmap ? store.memmap : "SIZE!ADDR");
		if (mkdir(copy_dir, 0700) && errno != EEXIST) {
			close(dev);
			return kh_fail(ctx, -errno, "%s: %s", copy_dir, strerror(errno));
		}
		if (mkdir(dir, 0700) && errno != EEXIST) {
			close(dev);
			return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
		}
	}
	err = 0;
	for (node = handoff_image_first(blob); !err && node >= 0;
	     node = handoff_image_next(blob, node)) {
		if (handoff_get_image(blob, node, &img) || img.group != group)
			continue;
		count++;
		/* CRIU names its images flatly; only carried files
		 * ("root/...") have directories, and none may climb out. */
		if (!kh_cpio_name_ok(img.name)) {
			err = kh_fail(ctx, -EINVAL, "image name '%s' leaves its directory",
				      img.name);
			break;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, img.name);
		err = pmem ? kh_mkdir_parents(ctx, path, 0700) : 0;
		if (!err)
			err = pmem ? copy_out(ctx, dev, device, path, &img) :
				     check_in_place(ctx, path, &img);
	}
	if (dev >= 0)
		close(dev);
	if (!err && !count)
		err = kh_fail(ctx, -ENOENT, "the blob lists no images for group-%x",
			      group);
	return err;
}
