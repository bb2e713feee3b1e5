// SPDX-License-Identifier: GPL-2.0-only
/*
 * privilege.c - refusing early what only root may do
 */
#include <errno.h>
#include <unistd.h>

#include "privilege.h"

int kh_require_root(struct kh_ctx *ctx, const char *what)
{
	if (geteuid() == 0)
		return 0;
	return kh_fail(ctx, -EPERM,
		       "%s needs root: loading and starting kernels requires CAP_SYS_BOOT",
		       what);
}
