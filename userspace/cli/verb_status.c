// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_status.c - kexec-handoff status
 *
 * Prints what the running kernel did with the handoff it was given, as the
 * kernel itself reports it. A kernel without handoff support, or booted
 * without a blob, has no such file; that is said plainly, not as an error
 * of the tool.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob_file.h"
#include "verbs.h"

int kh_verb_status(struct kh_ctx *ctx, int argc, char **argv)
{
	char path[PATH_MAX];
	void *text;
	size_t len;
	int ret, err;

	ret = kh_verb_no_options(argc, argv,
				 "Usage: kexec-handoff status\n\n"
				 "Show what the running kernel did with its handoff blob\n"
				 "(" KH_SYSFS_STATUS ").\n");
	if (ret >= 0)
		return ret;
	if (kh_path(ctx, path, sizeof(path), KH_SYSFS_STATUS))
		return KH_EXIT_USAGE;
	err = kh_read_file(ctx, path, 1 << 20, &text, &len);
	if (err == -ENOENT) {
		printf("no handoff: this kernel has no handoff support or was booted without a blob (%s absent)\n",
		       path);
	} else if (err) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	} else {
		fwrite(text, 1, len, stdout);
		free(text);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kexec-handoff: stdout: %s\n", strerror(errno));
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
