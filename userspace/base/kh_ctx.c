// SPDX-License-Identifier: GPL-2.0-only
/*
 * kh_ctx.c - context, error messages and fake-root paths
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kh.h"

static int copy_(char *out, size_t len, const char *s)
{
	if (strlen(s) >= len)
		return -ENAMETOOLONG;
	strcpy(out, s);
	return 0;
}

int kh_ctx_init(struct kh_ctx *ctx)
{
	const char *root = getenv("KEXEC_HANDOFF_ROOT");
	const char *kexec = getenv("KEXEC_HANDOFF_KEXEC");
	const char *systemctl = getenv("KEXEC_HANDOFF_SYSTEMCTL");
	int err;

	memset(ctx, 0, sizeof(*ctx));
	/* "/" and "" both mean the real root; keep it empty so paths stay
	 * readable in messages. */
	if (root && strcmp(root, "/")) {
		err = copy_(ctx->root, sizeof(ctx->root), root);
		if (err)
			return err;
	}
	err = kh_path(ctx, ctx->sysfs, sizeof(ctx->sysfs), "/sys");
	if (err)
		return err;
	err = copy_(ctx->kexec, sizeof(ctx->kexec),
		    kexec && *kexec ? kexec : "kexec");
	if (err)
		return err;
	return copy_(ctx->systemctl, sizeof(ctx->systemctl),
		     systemctl && *systemctl ? systemctl : "systemctl");
}

int kh_fail(struct kh_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return err;
}

int kh_path(const struct kh_ctx *ctx, char *out, size_t len, const char *abs)
{
	int n = snprintf(out, len, "%s%s", ctx->root, abs);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

double kh_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
