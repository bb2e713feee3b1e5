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

static int copy_(struct kh_ctx *ctx, char *out, size_t len, const char *s,
		 const char *var)
{
	if (strlen(s) >= len) {
		snprintf(ctx->err, sizeof(ctx->err),
			 "%s is too long (%zu bytes at most)", var, len - 1);
		return -ENAMETOOLONG;
	}
	strcpy(out, s);
	return 0;
}

int kh_ctx_init(struct kh_ctx *ctx)
{
	const char *root = getenv("KEXEC_HANDOFF_ROOT");
	const char *kexec = getenv("KEXEC_HANDOFF_KEXEC");
	const char *systemctl = getenv("KEXEC_HANDOFF_SYSTEMCTL");
	const char *run = getenv("KEXEC_HANDOFF_SYSTEMD_RUN");
	int err;

	memset(ctx, 0, sizeof(*ctx));
	/* "/" and "" both mean the real root; keep it empty so paths stay
	 * readable in messages. */
	if (root && strcmp(root, "/")) {
		err = copy_(ctx, ctx->root, sizeof(ctx->root), root,
			    "KEXEC_HANDOFF_ROOT");
		if (err)
			return err;
	}
	err = kh_path(ctx, ctx->sysfs, sizeof(ctx->sysfs), "/sys");
	if (err)
		return kh_fail(ctx, err, "KEXEC_HANDOFF_ROOT is too long");
	err = copy_(ctx, ctx->kexec, sizeof(ctx->kexec),
		    kexec && *kexec ? kexec : "kexec", "KEXEC_HANDOFF_KEXEC");
	if (err)
		return err;
	err = copy_(ctx, ctx->systemctl, sizeof(ctx->systemctl),
		    systemctl && *systemctl ? systemctl : "systemctl",
		    "KEXEC_HANDOFF_SYSTEMCTL");
	if (err)
		return err;
	return copy_(ctx, ctx->systemd_run, sizeof(ctx->systemd_run),
		     run && *run ? run : "systemd-run",
		     "KEXEC_HANDOFF_SYSTEMD_RUN");
}

int kh_fail(struct kh_ctx *ctx, int err, const char *fmt, ...)
{
	char msg[sizeof(ctx->err)];
	va_list ap;

	/* Through a copy: callers wrap the reason already in ctx->err. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(ctx->err, msg, sizeof(msg));
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
