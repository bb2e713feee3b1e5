// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_status.c - kexec-handoff status
 *
 * Prints what the handoff did in this system: the running kernel's own
 * report, then what the initramfs and restore recorded
 * (status_report.h). A kernel without handoff support, or booted without
 * a blob, has no report; that is said plainly, not as an error of the
 * tool.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "blob_file.h"
#include "state.h"
#include "status_report.h"
#include "verbs.h"

int kh_verb_status(struct kh_ctx *ctx, int argc, char **argv)
{
	int ret;

	ret = kh_verb_no_options(argc, argv,
				 "Usage: kexec-handoff status\n\n"
				 "Show what the running kernel did with its handoff blob\n"
				 "(" KH_SYSFS_STATUS "), then what user space did: what\n"
				 "the initramfs kept (" KH_STATE_DIR "/" KH_STATE_RECEIVED "/)\n"
				 "and what restore recorded (" KH_STATE_DIR "/" KH_STATE_RESTORE_STATUS ").\n");
	if (ret >= 0)
		return ret;
	if (kh_status_report(ctx, stdout)) {
		fflush(stdout);
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kexec-handoff: stdout: %s\n", strerror(errno));
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
