// SPDX-License-Identifier: GPL-2.0-only
/*
 * store_pmem.c - the pmem store: images on a legacy pmem device
 *
 * memmap=SIZE!ADDR makes a RAM region into a pmem device that both
 * kernels leave alone, so what is written there survives the kexec
 * without being copied into the new kernel's image. Each image is written
 * at its offset (kh_images_add() lays them out page-aligned), its CRC32C
 * computed on the way; the blob, built after, names them. At restore they
 * are copied out of the region, checked while copied.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c_bulk.h"
#include "exec_plan.h"
#include "initrd.h"
#include "pmem_device.h"
#include "store.h"

#define CHUNK	(4u << 20)

/* "pmem:/dev/pmemN": an absolute path on one line. */
static int pmem_parse(struct kh_plan *p, const char *arg)
{
	if (!arg || arg[0] != '/' || strlen(arg) >= sizeof(p->store_device) ||
	    strchr(arg, '\n'))
		return -EINVAL;
	strcpy(p->store_device, arg);
	return 0;
}

/* The new kernel must keep the region too, or it would use it as RAM. */
static int carry_memmap_(struct kh_ctx *ctx, struct kh_plan *p)
{
	char add[80];

	snprintf(add, sizeof(add), "memmap=%s", p->memmap);
	if (p->reuse_cmdline || strstr(p->cmdline, add))
		return 0;
	if (strlen(p->cmdline) + strlen(add) + 2 > sizeof(p->cmdline))
		return kh_fail(ctx, -E2BIG, "command line too long with %s", add);
	if (!p->cmdline_flag[0])
		strcpy(p->cmdline_flag, "--append");
	if (p->cmdline[0])
		strcat(p->cmdline, " ");
	strcat(p->cmdline, add);
	return 0;
}

/* A pmem store lives in a region this kernel keeps with memmap=SIZE!ADDR,
 * on the device that is that region and nothing else. */
static int pmem_plan(struct kh_ctx *ctx, struct kh_plan *p)
{
	struct kh_memmap m[KH_MEMMAP_MAX];
	int n = kh_memmap_cmdline(ctx, m, KH_MEMMAP_MAX), match = 0, fd;

	if (n < 0)
		return n;
	if (!n)
		return kh_fail(ctx, -EINVAL,
			       "--store pmem: this kernel's command line has no memmap=SIZE!ADDR, so %s is not a region that survives a kexec",
			       p->store_device);
	fd = kh_pmem_open(ctx, p->store_device, m, n, &match);
	if (fd < 0)
		return fd;
	close(fd);
	strcpy(p->memmap, m[match].text);
	return carry_memmap_(ctx, p);
}

static int copy_into(struct kh_ctx *ctx, int dev, const char *device,
		     struct kh_image_src *img, int s_crc_later, char *buf,
		     size_t bufsize)
{
	int fd = kh_image_open(ctx, img), err = 0;
	uint64_t done = 0;
	uint32_t crc = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	while (!err && done < img->size) {
		size_t whole, want = img->size - done < bufsize ?
				     (size_t)(img->size - done) : bufsize;

		/* A full buffer unless at the end, so that every chunk
		 * but the last starts page-aligned on the device; never
		 * past the listed size, which is all the store has room
		 * for. */
		n = kh_read_full(fd, buf, want);
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

/* The device's size; a regular file stands in for it in tests. */
static int device_size_(struct kh_ctx *ctx, int dev, const char *device,
			uint64_t *size)
{
	struct stat st;

	if (fstat(dev, &st))
		return kh_fail(ctx, -errno, "%s: %s", device, strerror(errno));
	*size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode) && ioctl(dev, BLKGETSIZE64, size))
		return kh_fail(ctx, -errno, "%s: %s", device, strerror(errno));
	return 0;
}

static int pmem_write(struct kh_ctx *ctx, const struct kh_plan *p,
		      struct kh_image_set *s)
{
	const char *device = p->store_device;
	struct kh_memmap m;
	uint64_t devsize = 0;
	char *buf = NULL;
	int dev, i, err;

	/* Checked again: much may have changed since --load. */
	if (kh_memmap_parse(p->memmap, &m))
		return kh_fail(ctx, -EINVAL, "--store pmem: the plan's memmap '%s' is not SIZE!ADDR",
			       p->memmap);
	dev = kh_pmem_open(ctx, device, &m, 1, NULL);
	if (dev < 0)
		return dev;
	err = device_size_(ctx, dev, device, &devsize);
	if (!err && devsize < s->total)
		err = kh_fail(ctx, -ENOSPC,
			      "%s: %llu bytes, the images need %llu", device,
			      (unsigned long long)devsize,
			      (unsigned long long)s->total);
	buf = err ? NULL : aligned_alloc(KH_STORE_ALIGN, CHUNK);
	if (!err && !buf)
		err = kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = s->stored; !err && i < s->n; i++)
		err = copy_into(ctx, dev, device, &s->v[i], s->crc_later, buf,
				CHUNK);
	if (!err && fsync(dev))
		err = kh_fail(ctx, -errno, "%s: %s", device, strerror(errno));
	free(buf);
	close(dev);
	return err;
}

/* The images are on the device already: the initrd holds only the blob. */
static int pmem_assemble(struct kh_ctx *ctx, const struct kh_image_set *s,
			 const char *out, const void *blob, size_t bloblen,
			 const char *initrd_in)
{
	(void)s;
	return kh_initrd_assemble(ctx, out, blob, bloblen, initrd_in);
}

struct pmem_source {
	int dev;
	const char *device;
	const struct kh_fetch *f;
};

/* The page checker reads it from the region itself: nothing to copy out
 * before the process runs, only an empty file for CRIU to open. */
static int stand_in(struct kh_ctx *ctx, const char *path,
		    const struct pmem_source *src)
{
	int err = kh_mkdir_parents(ctx, (char *)path, 0700), fd;

	if (err)
		return err;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	close(fd);
	snprintf(src->f->lazy->device, sizeof(src->f->lazy->device), "%s",
		 src->device);
	return 0;
}

static int copy_out(struct kh_ctx *ctx, char *path,
		    const struct handoff_image *img, void *arg)
{
	const struct pmem_source *src = arg;
	char *buf;
	uint64_t done = 0;
	uint32_t crc = 0;
	int fd, err = kh_fetch_served(ctx, src->f, img);

	if (err)
		return err < 0 ? err : stand_in(ctx, path, src);
	buf = aligned_alloc(KH_STORE_ALIGN, CHUNK);
	if (!buf)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	err = kh_mkdir_parents(ctx, path, 0700);
	fd = err ? -1 : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (!err && fd < 0)
		err = kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	while (!err && done < img->size) {
		size_t n = img->size - done < CHUNK ? (size_t)(img->size - done) : CHUNK;
		/* Whole pages, for O_DIRECT: the store reserves them. */
		size_t whole = (n + KH_STORE_ALIGN - 1) & ~(size_t)(KH_STORE_ALIGN - 1);
		ssize_t r = pread(src->dev, buf, whole, (off_t)(img->offset + done));

		if (r > 0 && (size_t)r > n)
			r = (ssize_t)n;
		if (r <= 0) {
			err = kh_fail(ctx, -EIO, "%s: image %s lies beyond the device's end or cannot be read",
				      src->device, img->name);
			break;
		}
		crc = kh_crc32c_bulk(crc, buf, (size_t)r);
		if (kh_write_all(fd, buf, (size_t)r))
			err = kh_fail(ctx, -EIO, "%s: write failed", path);
		done += (uint64_t)r;
	}
	if (!err && crc != img->crc32c)
		err = kh_fail(ctx, -EBADMSG, "image %s: checksum mismatch in %s (CRC32C %08x, the blob says %08x)",
			      img->name, src->device, crc, img->crc32c);
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

/* The images' extents in the store, for the checks below. */
struct extent {
	uint64_t offset, size;
	const char *name;
};

static int by_offset_(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int check_extent_(struct kh_ctx *ctx, const struct handoff_image *img,
			 uint64_t store_size)
{
	if (img->offset % KH_STORE_ALIGN)
		return kh_fail(ctx, -EBADMSG, "image %s: offset %llu is not a multiple of %u",
			       img->name, (unsigned long long)img->offset,
			       KH_STORE_ALIGN);
	if (img->size > store_size || img->offset > store_size - img->size)
		return kh_fail(ctx, -EBADMSG, "image %s: %llu bytes at %llu lie beyond the store's %llu",
			       img->name, (unsigned long long)img->size,
			       (unsigned long long)img->offset,
			       (unsigned long long)store_size);
	return 0;
}

/* Before anything is copied: the store fits the device, every image lies
 * inside the store and no two overlap, so no blob makes restore copy more
 * than the device holds. */
static int check_layout_(struct kh_ctx *ctx, const struct kh_fetch *f,
			 uint64_t devsize, const char *device)
{
	const void *blob = f->blob;
	struct handoff_image img;
	struct extent *v;
	int node, n = 0, i, err = 0;

	if (f->store->size > devsize)
		return kh_fail(ctx, -EBADMSG, "the store's %llu bytes do not fit in %s (%llu bytes)",
			       (unsigned long long)f->store->size, device,
			       (unsigned long long)devsize);
	for (node = handoff_image_first(blob); node >= 0;
	     node = handoff_image_next(blob, node))
		n++;
	v = calloc((size_t)n + 1, sizeof(*v));
	if (!v)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	n = 0;
	for (node = handoff_image_first(blob); !err && node >= 0;
	     node = handoff_image_next(blob, node)) {
		if (handoff_get_image(blob, node, &img) || !img.size)
			continue;
		err = check_extent_(ctx, &img, f->store->size);
		v[n++] = (struct extent){ img.offset, img.size, img.name };
	}
	qsort(v, (size_t)n, sizeof(*v), by_offset_);
	for (i = 1; !err && i < n; i++)
		if (v[i - 1].offset + v[i - 1].size > v[i].offset)
			err = kh_fail(ctx, -EBADMSG, "images %s and %s overlap in the store",
				      v[i - 1].name, v[i].name);
	free(v);
	return err;
}

/* Straight from the region into our buffer, not through the page cache:
 * one copy less during the blackout. */
static int open_source_(struct kh_ctx *ctx, const struct handoff_store *store,
			const char *device, uint64_t *devsize)
{
	int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC, fd, err;
	struct stat st;

	fd = open(device, flags | O_DIRECT);
	if (fd < 0 && errno == EINVAL)
		fd = open(device, flags);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s (was the new kernel booted with memmap=%s?)",
			       device, strerror(errno),
			       store->memmap ? store->memmap : "SIZE!ADDR");
	/* A regular file stands in for the device only in a fake root. */
	err = fstat(fd, &st) ? -errno : 0;
	if (!err && !S_ISBLK(st.st_mode) && !(S_ISREG(st.st_mode) && ctx->root[0]))
		err = kh_fail(ctx, -ENOTBLK, "%s is not a block device", device);
	else if (!err)
		err = device_size_(ctx, fd, device, devsize);
	else
		err = kh_fail(ctx, err, "%s: %s", device, strerror(-err));
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* Made afresh: an earlier attempt's copies must not mix with these. */
static int copy_dir_(struct kh_ctx *ctx, const struct kh_fetch *f)
{
	if (mkdir(f->copy_dir, 0700) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", f->copy_dir, strerror(errno));
	kh_remove_tree(f->dir);
	if (mkdir(f->dir, 0700))
		return kh_fail(ctx, -errno, "%s: %s", f->dir, strerror(errno));
	return 0;
}

static int pmem_fetch(struct kh_ctx *ctx, const struct kh_fetch *f)
{
	char device[PATH_MAX];
	struct pmem_source src = { -1, device, f };
	uint64_t devsize = 0;
	int err;

	if (snprintf(f->dir, f->dirlen, "%s/%s", f->copy_dir, f->name) >=
	    (int)f->dirlen)
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	if (!f->store->device)
		return kh_fail(ctx, -EINVAL, "pmem store without a device");
	if (kh_path(ctx, device, sizeof(device), f->store->device))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	src.dev = open_source_(ctx, f->store, device, &devsize);
	if (src.dev < 0)
		return src.dev;
	err = check_layout_(ctx, f, devsize, device);
	if (!err)
		err = copy_dir_(ctx, f);
	if (!err)
		err = kh_store_each_image(ctx, f, copy_out, &src);
	/* Half a group's images are of no use, and they fill /run. */
	if (err)
		kh_remove_tree(f->dir);
	close(src.dev);
	return err;
}

const struct kh_store_ops kh_store_pmem = {
	.name = "pmem",
	.usage = "pmem:/dev/pmemN",
	.parse = pmem_parse,
	.plan = pmem_plan,
	.write = pmem_write,
	.assemble = pmem_assemble,
	.fetch = pmem_fetch,
	.crc_while_writing = 1,
};
