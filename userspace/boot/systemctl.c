// SPDX-License-Identifier: GPL-2.0-only
/*
 * systemctl.c - rebooting into the loaded kernel through systemd
 * (systemctl.h)
 */
#include <stdio.h>
#include <sys/stat.h>

#include "spawn.h"
#include "systemctl.h"

bool kh_systemd_booted(const struct kh_ctx *ctx)
{
	char path[PATH_MAX];
	struct stat st;

	return !kh_path(ctx, path, sizeof(path), KH_SYSTEMD_BOOTED) &&
	       !lstat(path, &st) && S_ISDIR(st.st_mode);
}

int kh_systemctl_kexec(struct kh_ctx *ctx, int dry_run)
{
	static const char *const args[] = { "kexec", NULL };

	if (!dry_run)
		return kh_run(ctx, ctx->systemctl, args);
	fputs("would run: ", stdout);
	kh_print_command(stdout, ctx->systemctl, args);
	return 0;
}
