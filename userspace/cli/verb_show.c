// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_show.c - kexec-handoff show [FILE] [--json | --dts]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob_file.h"
#include "verbs.h"
#include "views.h"

static void show_usage(FILE *out)
{
	fputs("Usage: kexec-handoff show [FILE | -] [--json | --dts]\n\n"
	      "Decode a handoff blob. Without FILE, shows the blob the running\n"
	      "kernel received (" KH_SYSFS_BLOB ").\n"
	      "  --json   one JSON object\n"
	      "  --dts    device tree source\n", out);
}

int kh_verb_show(struct kh_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "dts", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int (*view)(FILE *, const void *, int) = kh_view_text;
	char path[PATH_MAX];
	void *blob;
	int c, size, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			show_usage(stdout);
			return KH_EXIT_OK;
		}
		if (c == '?') {
			show_usage(stderr);
			return KH_EXIT_USAGE;
		}
		view = c == 'j' ? kh_view_json : kh_view_dts;
	}
	if (argc - optind > 1) {
		fputs("kexec-handoff show: one FILE at most\n", stderr);
		return KH_EXIT_USAGE;
	}
	if (optind < argc)
		snprintf(path, sizeof(path), "%s", argv[optind]);
	else if (kh_path(ctx, path, sizeof(path), KH_SYSFS_BLOB))
		return KH_EXIT_USAGE;
	err = kh_blob_load(ctx, path, &blob, &size);
	if (!err && view(stdout, blob, size))
		err = kh_fail(ctx, -EINVAL, "%s: cannot be decoded", path);
	free(blob);
	if (err) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kexec-handoff: stdout: %s\n", strerror(errno));
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
