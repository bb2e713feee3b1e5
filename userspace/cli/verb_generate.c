// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_generate.c - kexec-handoff generate NORMAL-DIR [EARLY-DIR LATE-DIR]
 *
 * The systemd generator (systemd.generator(7)) that makes the units
 * carried across the kexec wait for their restore and be adopted rather
 * than started (unit_adopt.h). A generator must never stop the boot: a
 * failure is reported and the units start as usual.
 */
#include <stdio.h>
#include <string.h>

#include "unit_adopt.h"
#include "verbs.h"

int kh_verb_generate(struct kh_ctx *ctx, int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs("Usage: kexec-handoff generate NORMAL-DIR [EARLY-DIR LATE-DIR]\n\n"
		      "Run by systemd as a generator: give each unit the handoff blob\n"
		      "carried a drop-in in NORMAL-DIR so that it is adopted from its\n"
		      "restore instead of being started a second time.\n", stdout);
		return KH_EXIT_OK;
	}
	if (argc != 2 && argc != 4) {
		fputs("Usage: kexec-handoff generate NORMAL-DIR [EARLY-DIR LATE-DIR]\n",
		      stderr);
		return KH_EXIT_USAGE;
	}
	if (kh_adopt_generate(ctx, argv[1])) {
		fprintf(stderr, "kexec-handoff: generator: %s; carried units start as usual\n",
			ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
