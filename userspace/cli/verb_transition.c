// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_transition.c - kexec-handoff transition
 *
 * The ExecStop= of the unit --load --checkpoint-unit starts
 * (transition.h): systemd runs it as the kexec transition begins.
 */
#include <stdio.h>

#include "privilege.h"
#include "transition.h"
#include "verbs.h"

int kh_verb_transition(struct kh_ctx *ctx, int argc, char **argv)
{
	int ret = kh_verb_no_options(argc, argv,
				     "Usage: kexec-handoff transition\n\n"
				     "Run by systemd when it stops " KH_TRANSITION_UNIT ":\n"
				     "if a kexec is under way, checkpoint the services loaded with\n"
				     "--checkpoint-unit and load the kernel again with the final blob;\n"
				     "if the checkpoint fails, cancel the reboot. Otherwise nothing.\n");

	if (ret >= 0)
		return ret;
	if (kh_require_root(ctx, "transition") || kh_transition_run(ctx))
		return KH_EXIT_FAIL;
	return KH_EXIT_OK;
}
