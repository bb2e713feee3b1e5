// SPDX-License-Identifier: GPL-2.0-only
/*
 * restore_deferred.c - the groups restore --defer-tcp leaves for --deferred
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "restore_deferred.h"
#include "state.h"

/* Group numbers are node indices: the blob holds far fewer than this. */
#define KH_DEFERRED_MAX_INDEX	0xffffu

int kh_deferred_parse(const char *text, size_t len, unsigned int *idx,
		      int max)
{
	size_t pos = 0;
	int n = 0;

	while (pos < len) {
		unsigned int v = 0;
		size_t start = pos;

		for (; pos < len && text[pos] != '\n'; pos++) {
			const char *hex = "0123456789abcdef";
			const char *d = text[pos] ? strchr(hex, text[pos]) : NULL;

			if (!d || v > KH_DEFERRED_MAX_INDEX >> 4)
				return -EBADMSG;
			v = v << 4 | (unsigned int)(d - hex);
		}
		if (pos == start || n == max)
			return -EBADMSG;
		idx[n++] = v;
		pos++;
	}
	return n;
}

int kh_deferred_save(struct kh_ctx *ctx, const unsigned int *idx, int count)
{
	char path[PATH_MAX], text[4096];
	struct kh_part part = { text, 0 };
	int i, err = kh_state_path(ctx, path, sizeof(path), KH_STATE_DEFERRED, 1);

	if (err)
		return err;
	if (!count) {
		unlink(path);
		return 0;
	}
	for (i = 0; i < count && part.len + 12 < sizeof(text); i++)
		part.len += (size_t)snprintf(text + part.len,
					     sizeof(text) - part.len, "%x\n",
					     idx[i]);
	if (i < count)
		return kh_fail(ctx, -E2BIG, "%s: too many deferred groups", path);
	return kh_write_file(ctx, path, &part, 1);
}

int kh_deferred_take(struct kh_ctx *ctx, unsigned int *idx, int max)
{
	char path[PATH_MAX];
	void *data;
	size_t len;
	int n, err = kh_state_path(ctx, path, sizeof(path), KH_STATE_DEFERRED, 1);

	if (err)
		return err;
	err = kh_read_file(ctx, path, 4096, &data, &len);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	n = kh_deferred_parse(data, len, idx, max);
	free(data);
	unlink(path);
	if (n < 0)
		return kh_fail(ctx, n, "%s: damaged list of deferred groups", path);
	return n;
}
