// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_unload.c - kexec-handoff --unload
 *
 * Undoes --load: the kernel is unloaded and the files prepared for it are
 * removed; the running system carries on untouched. Processes selected
 * with --checkpoint are only read until --exec, so there is nothing of
 * theirs to thaw or give back here.
 */
#include <stdio.h>
#include <unistd.h>

#include "exec_plan.h"
#include "kexec_run.h"
#include "verbs.h"

int kh_verb_unload(struct kh_ctx *ctx, int argc, char **argv)
{
	static const char *const args[] = { "-u", NULL };
	/* The .new files are what a --dry-run leaves behind. */
	static const char *const files[] = {
		KH_STATE_BLOB, KH_STATE_INITRD, KH_STATE_PLAN,
		KH_STATE_BLOB ".new", KH_STATE_INITRD ".new", KH_STATE_PLAN ".new",
	};
	char path[PATH_MAX];
	int ret = kh_verb_no_options(argc, argv,
				     "Usage: kexec-handoff --unload\n\n"
				     "Unload the kernel loaded with --load; the running system goes on.\n");
	int err;
	size_t i;

	if (ret >= 0)
		return ret;
	err = kh_require_root(ctx, "--unload");
	if (!err)
		err = kh_kexec(ctx, args);
	for (i = 0; !err && i < sizeof(files) / sizeof(files[0]); i++)
		if (!kh_state_path(ctx, path, sizeof(path), files[i], 0))
			unlink(path);
	if (err) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
