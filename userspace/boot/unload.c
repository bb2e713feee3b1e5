// SPDX-License-Identifier: GPL-2.0-only
/*
 * unload.c - what --unload does (loaded.h)
 *
 * Undoes --load: the kernel is unloaded and the files prepared for it are
 * removed; the running system carries on untouched. Processes selected
 * with --checkpoint are only read until --exec, so there is nothing of
 * theirs to thaw or give back here.
 */
#include <unistd.h>

#include "kexec_run.h"
#include "loaded.h"
#include "systemctl.h"
#include "transition.h"

int kh_unload(struct kh_ctx *ctx)
{
	static const char *const args[] = { "-u", NULL };
	/* The .new files are what a --dry-run leaves behind. */
	static const char *const files[] = {
		KH_STATE_BLOB, KH_STATE_INITRD, KH_STATE_PLAN,
		KH_STATE_BLOB ".new", KH_STATE_INITRD ".new", KH_STATE_PLAN ".new",
	};
	char path[PATH_MAX];
	int err = kh_kexec(ctx, args);
	size_t i;

	/* Its stop finds no kexec job: nothing is dumped. */
	if (!err && kh_systemd_booted(ctx))
		kh_transition_disarm(ctx);
	for (i = 0; !err && i < sizeof(files) / sizeof(files[0]); i++)
		if (!kh_state_path(ctx, path, sizeof(path), files[i], 0))
			unlink(path);
	return err;
}
