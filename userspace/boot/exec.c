// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec.c - what --exec does (loaded.h)
 *
 * Jumps into the kernel --load prepared. Refuses when nothing is loaded,
 * since kexec -e would then just return and a script would carry on as if
 * the upgrade had happened. Storage is captured again first and the
 * kernel reloaded if it changed since --load (refresh.h); with processes
 * selected at --load, they are checkpointed first (jump.c), which captures
 * storage for its final blob anyway.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec_plan.h"
#include "jump.h"
#include "kexec_run.h"
#include "loaded.h"
#include "refresh.h"

static int kernel_loaded(struct kh_ctx *ctx)
{
	char path[PATH_MAX];
	void *text;
	size_t len;
	int err, loaded;

	if (kh_path(ctx, path, sizeof(path), "/sys/kernel/kexec_loaded"))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	err = kh_read_file(ctx, path, 64, &text, &len);
	if (err)
		return err;
	loaded = ((char *)text)[0] == '1';
	free(text);
	if (!loaded)
		return kh_fail(ctx, -ENOENT,
			       "no kernel is loaded (%s is 0): run kexec-handoff --load KERNEL first",
			       path);
	return 0;
}

/* A load by an older tool, or by kexec itself, has no plan: just jump. */
static int with_plan(struct kh_ctx *ctx, const char *const *args)
{
	char path[PATH_MAX];
	struct kh_plan *p;
	int err = kh_state_path(ctx, path, sizeof(path), KH_STATE_PLAN, 0);

	p = err ? NULL : malloc(sizeof(*p));
	if (!err && !p)
		err = kh_fail(ctx, -ENOMEM, "out of memory");
	if (!err) {
		err = kh_plan_read(ctx, path, p);
		if (err == -ENOENT)
			p->ngroups = 0;
		if (err == -ENOENT)
			err = 0;
	}
	if (!err && !p->ngroups && p->kernel[0])
		err = kh_refresh_storage(ctx, p) < 0;
	if (!err)
		err = p->ngroups ? kh_checkpoint_and_jump(ctx, p) :
				   kh_kexec(ctx, args);
	free(p);
	return err;
}

int kh_exec(struct kh_ctx *ctx)
{
	static const char *const args[] = { "-e", NULL };
	int err = kernel_loaded(ctx);

	if (!err)
		err = with_plan(ctx, args);
	/* kexec -e only comes back when the jump did not happen. */
	if (!err)
		err = kh_fail(ctx, -EIO, "%s -e returned without jumping",
			      ctx->kexec);
	return err;
}
