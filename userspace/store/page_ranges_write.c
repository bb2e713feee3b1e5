// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_ranges_write.c - writing a group's page-ranges image after its final
 * dump (page_ranges_write.h)
 */
#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c_bulk.h"
#include "page_ranges.h"
#include "page_ranges_write.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends "NAME SIZE CRC..." for one image to @out. */
static int one_image(struct kh_ctx *ctx, int dir, const char *dirname,
		     const char *name, char *buf, char **out, size_t *len,
		     size_t *cap)
{
	char shown[PATH_MAX];
	struct stat st;
	ssize_t got = 0;
	size_t need;
	uint64_t total = 0;
	int fd, err = 0;

	snprintf(shown, sizeof(shown), "%s/%s", dirname, name);
	fd = kh_openat_regular(ctx, dir, name, shown, &st);
	if (fd < 0)
		return fd;
	need = *len + strlen(name) + 24 +
	       ((size_t)st.st_size / KH_PAGE_RANGE + 1) * 9 + 1;
	if (need > *cap) {
		char *bigger = realloc(*out, need);

		if (!bigger) {
			close(fd);
			return kh_fail(ctx, -ENOMEM, "out of memory");
		}
		*out = bigger;
		*cap = need;
	}
	*len += (size_t)sprintf(*out + *len, "%s %lld", name,
				(long long)st.st_size);
	/* The whole range is read before its CRC: a short read in the
	 * middle would otherwise split one range's CRC in two. */
	for (;;) {
		size_t have = 0;

		while (have < KH_PAGE_RANGE) {
			got = read(fd, buf + have, KH_PAGE_RANGE - have);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			have += (size_t)got;
		}
		if (got < 0) {
			err = kh_fail(ctx, -errno, "%s: %s", shown, strerror(errno));
			break;
		}
		if (!have)
			break;
		total += have;
		if (total > (uint64_t)st.st_size)
			break;
		*len += (size_t)sprintf(*out + *len, " %08x",
					kh_crc32c_bulk(0, buf, have));
		if (have < KH_PAGE_RANGE)
			break;
	}
	close(fd);
	if (!err && total != (uint64_t)st.st_size)
		err = kh_fail(ctx, -EIO, "%s changed while its page ranges were read",
			      shown);
	(*out)[(*len)++] = '\n';
	return err;
}

int kh_page_ranges_write(struct kh_ctx *ctx, const char *dirname)
{
	char *names[KH_PAGE_RANGES_MAX], *text = NULL, *buf, path[PATH_MAX];
	size_t len = 0, cap = 0;
	struct kh_part part;
	struct dirent *e;
	int i, n = 0, dir, err = 0;
	DIR *d;

	dir = open(dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return kh_fail(ctx, -errno, "%s: %s", dirname, strerror(errno));
	d = fdopendir(dup(dir));
	if (!d) {
		close(dir);
		return kh_fail(ctx, -errno, "%s: %s", dirname, strerror(errno));
	}
	while (!err && (e = readdir(d))) {
		if (!kh_page_ranges_served(e->d_name))
			continue;
		if (n == KH_PAGE_RANGES_MAX)
			err = kh_fail(ctx, -E2BIG, "%s: more than %d page images",
				      dirname, KH_PAGE_RANGES_MAX);
		else if (!(names[n++] = strdup(e->d_name)))
			err = kh_fail(ctx, -ENOMEM, "out of memory");
	}
	closedir(d);
	buf = malloc(KH_PAGE_RANGE);
	if (!err && !buf)
		err = kh_fail(ctx, -ENOMEM, "out of memory");
	if (!err)
		qsort(names, (size_t)n, sizeof(names[0]), by_name);
	cap = 64;
	if (!err && !(text = malloc(cap)))
		err = kh_fail(ctx, -ENOMEM, "out of memory");
	if (!err)
		len = (size_t)sprintf(text, "kexec-handoff page-ranges 1 %u\n",
				      KH_PAGE_RANGE);
	for (i = 0; !err && i < n; i++)
		err = one_image(ctx, dir, dirname, names[i], buf, &text, &len,
				&cap);
	if (!err && snprintf(path, sizeof(path), "%s/" KH_PAGE_RANGES_IMAGE,
			     dirname) >= (int)sizeof(path))
		err = kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dirname);
	part.data = text;
	part.len = len;
	if (!err)
		err = kh_write_file(ctx, path, &part, 1);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(text);
	free(buf);
	close(dir);
	return err;
}
