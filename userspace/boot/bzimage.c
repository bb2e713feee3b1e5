// SPDX-License-Identifier: GPL-2.0-only
/*
 * bzimage.c - the x86 boot header of a kernel file (bzimage.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bzimage.h"

int kh_bzimage_check(struct kh_ctx *ctx, const char *path)
{
	unsigned char head[KH_BZIMAGE_VERSION_AT + 2];
	unsigned int version;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	n = kh_read_full(fd, head, sizeof(head));
	close(fd);
	if (n < 0)
		return kh_fail(ctx, (int)n, "%s: %s", path, strerror((int)-n));
	if ((size_t)n < sizeof(head) ||
	    memcmp(head + KH_BZIMAGE_MAGIC_AT, "HdrS", 4))
		return kh_fail(ctx, -ENOEXEC,
			       "%s: not a bzImage (no \"HdrS\" boot header at offset 0x%x)",
			       path, KH_BZIMAGE_MAGIC_AT);
	version = head[KH_BZIMAGE_VERSION_AT] |
		  (unsigned int)head[KH_BZIMAGE_VERSION_AT + 1] << 8;
	if (version < KH_BZIMAGE_MIN_VERSION)
		return kh_fail(ctx, -ENOEXEC,
			       "%s: boot protocol %u.%02u, older than the %u.%02u kexec needs to load it",
			       path, version >> 8, version & 0xff,
			       KH_BZIMAGE_MIN_VERSION >> 8,
			       KH_BZIMAGE_MIN_VERSION & 0xff);
	return 0;
}
