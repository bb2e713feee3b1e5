// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_load.c - building and running kexec -l (or -s -l)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kexec_load.h"
#include "kexec_run.h"

int kh_kexec_load(struct kh_ctx *ctx, const struct kh_plan *p,
		  const char *initrd_path, int dry_run)
{
	char initrd_arg[PATH_MAX + 16], cmdline_arg[sizeof(p->cmdline) + 32];
	const char *args[9];
	int n = 0;

	snprintf(initrd_arg, sizeof(initrd_arg), "--initrd=%s", initrd_path);
	if (p->file_syscall)
		args[n++] = "-s";
	if (p->no_checks)
		args[n++] = "-i";
	args[n++] = "-l";
	args[n++] = p->kernel;
	args[n++] = initrd_arg;
	if (p->cmdline_flag[0]) {
		snprintf(cmdline_arg, sizeof(cmdline_arg), "%s=%s",
			 p->cmdline_flag, p->cmdline);
		args[n++] = cmdline_arg;
	} else if (p->reuse_cmdline) {
		args[n++] = "--reuse-cmdline";
	}
	args[n] = NULL;
	if (dry_run) {
		kh_kexec_print(ctx, stdout, args);
		return 0;
	}
	return kh_kexec(ctx, args);
}
