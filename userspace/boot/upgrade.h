/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * upgrade.h - the fast upgrade: the newest kernel in /boot, loaded as
 * --load does, then a reboot through systemd
 *
 * One command for an upgrade script: choose the kernel
 * (installed_kernels.h), load it with its initrd and the running command
 * line (loaded.h), then let `systemctl kexec` stop the services and jump
 * (systemctl.h). Where systemd is not init, the jump is --exec's. Either
 * the system jumps or it goes on as before: a reboot that fails unloads
 * the kernel again.
 */
#ifndef KH_UPGRADE_H
#define KH_UPGRADE_H

#include "kh.h"
#include "loaded.h"

struct kh_upgrade_opts {
	/* The options of --load but the kernel and the initrd, which are
	 * filled in; without --append or --command-line, --reuse-cmdline. */
	struct kh_load_opts load;
	const char *version;	/* NULL: the newest, if newer than this one */
};

/*
 * kh_upgrade - print what the upgrade is, load, reboot
 *
 * Prints the kernel, the initrd and the command line on stdout and, with
 * @u->load.dry_run, the load's kexec command and the reboot command
 * instead of running them. --checkpoint is refused where the reboot goes
 * through systemd: it stops every process before the jump, so none would
 * be left to dump.
 *
 * returns: 0 once systemd has taken the reboot (or after a dry run), else
 * a negative errno with ctx->err saying why, and whether the kernel was
 * unloaded again (kh_installed_kernel() and kh_load() say the rest)
 */
int kh_upgrade(struct kh_ctx *ctx, struct kh_upgrade_opts *u);

#endif /* KH_UPGRADE_H */
