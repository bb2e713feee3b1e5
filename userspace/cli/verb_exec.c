// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_exec.c - kexec-handoff --exec
 *
 * Jumps into the kernel --load prepared, through kh_exec() (loaded.h),
 * which only comes back when the jump did not happen.
 */
#include <stdio.h>

#include "loaded.h"
#include "privilege.h"
#include "verbs.h"

int kh_verb_exec(struct kh_ctx *ctx, int argc, char **argv)
{
	int ret = kh_verb_no_options(argc, argv,
				     "Usage: kexec-handoff --exec\n\n"
				     "Jump into the kernel loaded with --load.\n");

	if (ret >= 0)
		return ret;
	if (!kh_require_root(ctx, "--exec"))
		kh_exec(ctx);
	fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
	return KH_EXIT_FAIL;
}
