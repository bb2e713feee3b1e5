// SPDX-License-Identifier: GPL-2.0-only
/*
 * blob_file.c - read a blob from a file and check it before anyone uses it
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blob_file.h"
#include "handoff.h"

int kh_blob_load(struct kh_ctx *ctx, const char *path, void **blob, int *size)
{
	const char *file = strcmp(path, "-") ? path : "/dev/stdin";
	size_t len;
	int err;

	err = kh_read_file(ctx, file, HANDOFF_MAX_SIZE, blob, &len);
	if (err == -EFBIG)
		return kh_fail(ctx, err, "%s: %s", path,
			       handoff_strerror(-HANDOFF_ERR_TOOBIG));
	if (err)
		return err;
	*size = handoff_check_user(*blob, len);
	if (*size < 0) {
		err = kh_fail(ctx, -EINVAL, "%s: %s", path,
			      handoff_strerror(*size));
		free(*blob);
		*blob = NULL;
	}
	return err;
}
