// SPDX-License-Identifier: GPL-2.0-only
/*
 * upgrade.c - choose, load, reboot (upgrade.h)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "installed_kernels.h"
#include "systemctl.h"
#include "upgrade.h"

static void print_cmdline_(struct kh_ctx *ctx, const struct kh_plan *p)
{
	char line[sizeof(p->cmdline)];

	if (p->cmdline_flag[0]) {
		printf("command line (%s): %s\n", p->cmdline_flag, p->cmdline);
		return;
	}
	/* kexec reads it again itself; this is only for the user. */
	if (kh_read_line(ctx, "/proc/cmdline", line, sizeof(line)))
		snprintf(line, sizeof(line), "(%s)", ctx->err);
	printf("command line: the running kernel's (kexec --reuse-cmdline): %s\n",
	       line);
}

static void print_plan_(struct kh_ctx *ctx, const struct kh_installed_kernel *k,
			const char *running, const struct kh_plan *p)
{
	printf("kernel: %s (%s; running %s)\n", k->kernel, k->version, running);
	printf("initrd: %s\n", k->initrd);
	print_cmdline_(ctx, p);
}

/* All or nothing: a kernel left loaded would be what the next plain
 * `systemctl kexec` boots, without a current blob. */
static int give_up_(struct kh_ctx *ctx, int err)
{
	char why[sizeof(ctx->err)], unload_why[sizeof(ctx->err)];

	memcpy(why, ctx->err, sizeof(why));
	if (!kh_unload(ctx))
		return kh_fail(ctx, err,
			       "%s; the kernel was unloaded again, this system goes on",
			       why);
	memcpy(unload_why, ctx->err, sizeof(unload_why));
	return kh_fail(ctx, err,
		       "%s; unloading the kernel failed too (%s): it stays loaded until kexec-handoff --unload",
		       why, unload_why);
}

static int reboot_(struct kh_ctx *ctx, bool systemd, int dry_run)
{
	char why[sizeof(ctx->err)];
	int err;

	if (!systemd && dry_run)
		return printf("would run: kexec-handoff --exec\n"), 0;
	if (!systemd)
		return give_up_(ctx, kh_exec(ctx));
	err = kh_systemctl_kexec(ctx, dry_run);
	if (!err)
		return 0;
	memcpy(why, ctx->err, sizeof(why));
	kh_fail(ctx, err, "systemctl kexec failed: %s", why);
	return give_up_(ctx, err);
}

static int all_units_(const struct kh_plan *p)
{
	int i;

	for (i = 0; i < p->ngroups; i++)
		if (!p->units[i][0])
			return 0;
	return 1;
}

int kh_upgrade(struct kh_ctx *ctx, struct kh_upgrade_opts *u)
{
	struct kh_plan *p = &u->load.plan;
	struct kh_installed_kernel k;
	char running[NAME_MAX + 1];
	bool systemd = kh_systemd_booted(ctx);
	int err;

	/* What uname -r says, read where every other path is (ctx->root). */
	err = kh_read_line(ctx, "/proc/sys/kernel/osrelease", running,
			   sizeof(running));
	if (!err)
		err = kh_installed_kernel(ctx, u->version, running, &k);
	if (!err && systemd && p->ngroups && !all_units_(p))
		err = kh_fail(ctx, -EOPNOTSUPP,
			      "--checkpoint cannot go through systemctl kexec: systemd stops every process before the jump, leaving none to dump (carry a service with --checkpoint-unit UNIT, or load with --load --checkpoint PID and jump with --exec)");
	if (err)
		return err;
	if (!p->cmdline_flag[0])
		p->reuse_cmdline = 1;
	u->load.kernel = k.kernel;
	u->load.initrd = k.initrd;
	print_plan_(ctx, &k, running, p);
	if (!systemd)
		printf("systemd is not init (%s%s absent): the jump goes through --exec, which stops no service and unmounts nothing\n",
		       ctx->root, KH_SYSTEMD_BOOTED);
	err = kh_load(ctx, &u->load);
	if (!err)
		err = reboot_(ctx, systemd, u->load.dry_run);
	if (!err && u->load.dry_run)
		printf("dry run: nothing loaded, no reboot; files kept in %s%s\n",
		       ctx->root, KH_STATE_DIR);
	else if (!err)
		printf("%s kexec: systemd stops the services and jumps into %s\n",
		       ctx->systemctl, k.version);
	return err;
}
