// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_exec.c - kexec-handoff --exec
 *
 * Jumps into the kernel --load prepared. Refuses when nothing is loaded,
 * since kexec -e would then just return and a script would carry on as if
 * the upgrade had happened.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kexec_run.h"
#include "verbs.h"

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

int kh_verb_exec(struct kh_ctx *ctx, int argc, char **argv)
{
	static const char *const args[] = { "-e", NULL };
	int ret = kh_verb_no_options(argc, argv,
				     "Usage: kexec-handoff --exec\n\n"
				     "Jump into the kernel loaded with --load.\n");
	int err;

	if (ret >= 0)
		return ret;
	err = kh_require_root(ctx, "--exec");
	if (!err)
		err = kernel_loaded(ctx);
	if (!err)
		err = kh_kexec(ctx, args);
	/* kexec -e only comes back when the jump did not happen. */
	if (!err)
		err = kh_fail(ctx, -EIO, "%s -e returned without jumping",
			      ctx->kexec);
	fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
	return KH_EXIT_FAIL;
}
