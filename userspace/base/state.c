// SPDX-License-Identifier: GPL-2.0-only
/*
 * state.c - paths in the state directory
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "state.h"

int kh_state_path(struct kh_ctx *ctx, char *out, size_t len,
		  const char *name, int make)
{
	char dir[PATH_MAX];
	int n;

	if (kh_path(ctx, dir, sizeof(dir), KH_STATE_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long",
			       KH_STATE_DIR);
	if (make && mkdir(dir, 0700) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	n = snprintf(out, len, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= len)
		return kh_fail(ctx, -ENAMETOOLONG, "%s/%s: path too long",
			       dir, name);
	return 0;
}

int kh_state_subdir(struct kh_ctx *ctx, char *out, size_t len,
		    const char *name)
{
	int err = kh_state_path(ctx, out, len, name, 1);

	if (!err && mkdir(out, 0700) && errno != EEXIST)
		err = kh_fail(ctx, -errno, "%s: %s", out, strerror(errno));
	return err;
}
