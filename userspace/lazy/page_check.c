// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_check.c - the page checker: loaded with LD_PRELOAD into CRIU's
 * restore and lazy-pages processes, it checks each range of a group's page
 * images against the page-ranges image before CRIU may read from it, and
 * for a pmem store reads the images straight out of the device
 *
 * Post-copy hands pages to a running process one fault at a time, so the
 * check cannot wait for the whole image as the eager restore's does.
 * CRIU reads page images only with pread() and preadv() when it restores
 * lazily (its restorer reads them itself only in an eager restore), so
 * those two are where the check sits; any other way of reading a checked
 * image fails, so nothing unchecked gets through. A range that does not
 * match fails the read with EIO: CRIU then stops, and restore stops the
 * processes rather than let them run on missing memory.
 *
 * CRIU's processes are single-threaded where they read pages: no locking.
 * What to check comes from the environment (page_ranges.h).
 *
 * The checker keeps no descriptor of its own: CRIU closes or reuses every
 * descriptor number it does not know while it builds a process's files,
 * and one left open would end up in the restored process. A device is
 * mapped instead (the mapping goes with CRIU's memory when the process
 * takes its own), and each read tells an image by its descriptor's inode,
 * whatever name opened it and whatever number it has by then.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "crc32c_bulk.h"
#include "page_ranges.h"

struct checked {
	dev_t dev;
	ino_t ino;
	unsigned char *ok;		/* per range: matched already */
};

static struct {
	int active;
	const unsigned char *map;	/* the device's images, or NULL */
	uint64_t map_lo;		/* the device offset map starts at */
	struct kh_page_ranges r;
	struct checked c[KH_PAGE_RANGES_MAX];
	char report[512];
	unsigned char *scratch;
} st;

static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_read)(int, void *, size_t);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);


static void say(const char *fmt, ...)
{
	char line[600];
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* Nowhere to report a failed report to. */
	(void)!write(2, line, (size_t)n);
	if (!st.report[0])
		return;
	fd = openat(AT_FDCWD, st.report, O_WRONLY | O_CREAT | O_APPEND |
			 O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	(void)!write(fd, line, (size_t)n);
	close(fd);
}

static int load(const char *dir)
{
	char path[PATH_MAX];
	struct stat s;
	char *text;
	ssize_t got;
	size_t len = 0, cap = 1 << 16;
	int fd, i;

	if (snprintf(path, sizeof(path), "%s/" KH_PAGE_RANGES_IMAGE, dir) >=
	    (int)sizeof(path))
		return -1;
	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	text = malloc(cap);
	while (text && (got = real_read(fd, text + len, cap - len)) > 0) {
		len += (size_t)got;
		if (len == cap) {
			char *more = cap < (64u << 20) ? realloc(text, cap * 2) : NULL;

			if (!more) {
				free(text);
				text = NULL;
				break;
			}
			text = more;
			cap *= 2;
		}
	}
	close(fd);
	if (!text || kh_page_ranges_parse(text, len, &st.r)) {
		free(text);
		return -1;
	}
	free(text);
	for (i = 0; i < st.r.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, st.r.v[i].name);
		if (stat(path, &s) || !S_ISREG(s.st_mode))
			return -1;
		st.c[i].dev = s.st_dev;
		st.c[i].ino = s.st_ino;
		st.c[i].ok = calloc(st.r.v[i].n ? st.r.v[i].n : 1, 1);
		if (!st.c[i].ok)
			return -1;
	}
	return 0;
}

/* All the images, from the lowest offset to the end of the highest. */
static int map_device(const char *dev)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	void *m;
	int i, fd;

	for (i = 0; i < st.r.n; i++) {
		if (!st.r.v[i].size)
			continue;
		if (st.r.v[i].offset < lo)
			lo = st.r.v[i].offset;
		if (st.r.v[i].offset + st.r.v[i].size > hi)
			hi = st.r.v[i].offset + st.r.v[i].size;
	}
	if (hi == 0)
		return 0;
	lo &= ~(uint64_t)4095;
	fd = openat(AT_FDCWD, dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	m = real_mmap(NULL, (size_t)(hi - lo), PROT_READ, MAP_SHARED, fd,
		      (off_t)lo);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	st.map = m;
	st.map_lo = lo;
	return 0;
}

__attribute__((constructor)) static void page_check_init(void)
{
	const char *dir = getenv(KH_PAGE_CHECK_DIR);
	const char *dev = getenv(KH_PAGE_CHECK_DEVICE);
	const char *offsets = getenv(KH_PAGE_CHECK_OFFSETS);
	const char *report = getenv(KH_PAGE_CHECK_REPORT);

	real_pread = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
	real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	real_mmap = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	if (!dir || !real_pread || !real_read ||
	    !real_mmap)
		return;
	snprintf(st.report, sizeof(st.report), "%s", report ? report : "");
	st.scratch = malloc(KH_PAGE_RANGE);
	if (!st.scratch || load(dir) ||
	    (dev && (!offsets || kh_page_ranges_offsets(&st.r, offsets)))) {
		/* Unchecked pages must not get through: CRIU stops here. */
		say("kexec-handoff: page checker: cannot read %s/%s; stopping CRIU",
		    dir, KH_PAGE_RANGES_IMAGE);
		_exit(1);
	}
	if (dev && map_device(dev)) {
		say("kexec-handoff: page checker: %s: %s; stopping CRIU", dev,
		    strerror(errno));
		_exit(1);
	}
	st.active = 1;
}

/* A page image, however CRIU opened it or numbered its descriptor since:
 * known by its inode. */
static const struct kh_page_image *image_of(int fd, int *i)
{
	struct stat s;

	if (st.active <= 0 || fd < 0 || fstat(fd, &s) || !S_ISREG(s.st_mode))
		return NULL;
	for (*i = 0; *i < st.r.n; (*i)++)
		if (st.c[*i].dev == s.st_dev && st.c[*i].ino == s.st_ino)
			return &st.r.v[*i];
	return NULL;
}

static ssize_t pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	size_t have = 0;
	ssize_t got;

	while (have < len) {
		got = real_pread(fd, (char *)buf + have, len - have,
				 (off_t)(off + have));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -1 : (ssize_t)have;
		have += (size_t)got;
	}
	return (ssize_t)have;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

/* One call instead of a page fault per page of the range (Linux 5.14);
 * where the kernel refuses, the faults do the same. */
static void populate(const unsigned char *at, size_t len)
{
	uintptr_t lo = (uintptr_t)at & ~(uintptr_t)4095;
	uintptr_t hi = ((uintptr_t)at + len + 4095) & ~(uintptr_t)4095;

	madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
}

static int check_range(int fd, int i, uint32_t k)
{
	const struct kh_page_image *img = &st.r.v[i];
	uint64_t start = (uint64_t)k * st.r.range;
	size_t len = (size_t)(img->size - start < st.r.range ?
			      img->size - start : st.r.range);
	const unsigned char *at = st.scratch;
	uint32_t crc;

	if (st.map) {
		at = st.map + (img->offset - st.map_lo) + start;
		populate(at, len);
	} else if (pread_all(fd, st.scratch, len, start) != (ssize_t)len) {
		say("kexec-handoff: %s: bytes %llu-%llu cannot be read: %s",
		    img->name, (unsigned long long)start,
		    (unsigned long long)(start + len - 1), strerror(errno));
		return -1;
	}
	crc = kh_crc32c_bulk(0, at, len);
	if (crc != img->crc[k]) {
		say("kexec-handoff: %s: bytes %llu-%llu do not match their CRC32C (page-ranges has %08x, read %08x): those pages are not given to the process",
		    img->name, (unsigned long long)start,
		    (unsigned long long)(start + len - 1), img->crc[k], crc);
		return -1;
	}
	st.c[i].ok[k] = 1;
	return 0;
}

static ssize_t serve(int fd, void *buf, size_t len, off_t off)
{
	const struct kh_page_image *img;
	uint64_t k, last;
	int i;

	img = image_of(fd, &i);
	if (!img)
		return real_pread(fd, buf, len, off);
	if (off < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((uint64_t)off >= img->size || !len)
		return 0;
	if (len > img->size - (uint64_t)off)
		len = (size_t)(img->size - (uint64_t)off);
	last = ((uint64_t)off + len - 1) / st.r.range;
	for (k = (uint64_t)off / st.r.range; k <= last; k++)
		if (!st.c[i].ok[k] && check_range(fd, i, (uint32_t)k)) {
			errno = EIO;
			return -1;
		}
	if (st.map) {
		memcpy(buf, st.map + (img->offset - st.map_lo) + (uint64_t)off, len);
		return (ssize_t)len;
	}
	return pread_all(fd, buf, len, (uint64_t)off);
}

static int refuse(int fd, const char *how)
{
	int i;
	const struct kh_page_image *img = image_of(fd, &i);

	say("kexec-handoff: %s: %s is not checked range by range; refused",
	    img->name, how);
	errno = EIO;
	return -1;
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return serve(fd, buf, len, off);
}

ssize_t pread64(int fd, void *buf, size_t len, off_t off)
	__attribute__((alias("pread")));

ssize_t preadv(int fd, const struct iovec *iov, int n, off_t off)
{
	ssize_t total = 0, got;
	int i;

	for (i = 0; i < n; i++) {
		got = serve(fd, iov[i].iov_base, iov[i].iov_len, off + total);
		if (got < 0)
			return total ? total : -1;
		total += got;
		if ((size_t)got < iov[i].iov_len)
			break;
	}
	return total;
}

ssize_t preadv64(int fd, const struct iovec *iov, int n, off_t off)
	__attribute__((alias("preadv")));

ssize_t read(int fd, void *buf, size_t len)
{
	int i;

	if (image_of(fd, &i))
		return refuse(fd, "read()");
	return real_read(fd, buf, len);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int i;

	if (!(flags & MAP_ANONYMOUS) && image_of(fd, &i)) {
		refuse(fd, "mmap()");
		return MAP_FAILED;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
	__attribute__((alias("mmap")));
