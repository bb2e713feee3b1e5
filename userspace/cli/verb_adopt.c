// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_adopt.c - kexec-handoff adopt UNIT | adopt --done
 *
 * The ExecStart= a carried unit has for the boot after the kexec, and the
 * step that gives the units their own definitions back (unit_adopt.h).
 */
#include <stdio.h>
#include <string.h>

#include "privilege.h"
#include "service_unit.h"
#include "unit_adopt.h"
#include "verbs.h"

static const char adopt_usage[] =
	"Usage: kexec-handoff adopt UNIT\n"
	"       kexec-handoff adopt --done\n\n"
	"Run by systemd in the boot after a kexec that carried UNIT: move the\n"
	"restored processes of UNIT into the unit's cgroup, so that systemd takes\n"
	"them as the running service (UNIT's ExecStart= for this boot). --done,\n"
	"run by " KH_ADOPTED_UNIT " once the units are up, gives them their\n"
	"own definitions back (systemctl daemon-reload).\n";

int kh_verb_adopt(struct kh_ctx *ctx, int argc, char **argv)
{
	const char *arg = argc == 2 ? argv[1] : NULL;
	int done = arg && !strcmp(arg, "--done");

	if (arg && (!strcmp(arg, "--help") || !strcmp(arg, "-h"))) {
		fputs(adopt_usage, stdout);
		return KH_EXIT_OK;
	}
	if (!arg || (!done && (arg[0] == '-' || !kh_unit_name_ok(arg)))) {
		fputs(adopt_usage, stderr);
		return KH_EXIT_USAGE;
	}
	if (kh_require_root(ctx, "adopt") ||
	    (done ? kh_adopt_done(ctx) : kh_adopt_unit(ctx, arg))) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
