// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_unload.c - kexec-handoff --unload
 *
 * Undoes --load through kh_unload() (loaded.h); the running system
 * carries on untouched.
 */
#include <stdio.h>

#include "loaded.h"
#include "privilege.h"
#include "verbs.h"

int kh_verb_unload(struct kh_ctx *ctx, int argc, char **argv)
{
	int ret = kh_verb_no_options(argc, argv,
				     "Usage: kexec-handoff --unload\n\n"
				     "Unload the kernel loaded with --load; the running system goes on.\n");

	if (ret >= 0)
		return ret;
	if (kh_require_root(ctx, "--unload") || kh_unload(ctx)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
