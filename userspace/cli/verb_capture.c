// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_capture.c - kexec-handoff capture [--sysfs-root DIR] [-o FILE]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "handoff.h"
#include "verbs.h"

struct capture_opts {
	const char *sysfs;
	const char *out;
};

static void capture_usage(FILE *out)
{
	fputs("Usage: kexec-handoff capture [--sysfs-root DIR] [-o FILE]\n\n"
	      "Record the storage this system discovered (SCSI hosts and devices,\n"
	      "ATA ports and devices, as sysfs shows them) in a handoff blob.\n"
	      "Hosts or ports that cannot be read completely are left out with a\n"
	      "warning; the new kernel then probes them in full.\n"
	      "  --sysfs-root DIR  read sysfs from DIR (default: /sys below\n"
	      "                    $KEXEC_HANDOFF_ROOT)\n"
	      "  -o, --output FILE write the blob to FILE, replaced only once\n"
	      "                    complete (default: stdout, unless a terminal)\n"
	      "$SOURCE_DATE_EPOCH, when set, is recorded as the creation time.\n",
	      out);
}

/* returns: -1 to go on, else the exit status to return */
static int parse_capture(int argc, char **argv, struct capture_opts *o)
{
	static const struct option opts[] = {
		{ "sysfs-root", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 's')
			o->sysfs = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'h')
			return capture_usage(stdout), KH_EXIT_OK;
		else
			return capture_usage(stderr), KH_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "kexec-handoff capture: unexpected argument '%s'\n",
			argv[optind]);
		return KH_EXIT_USAGE;
	}
	return -1;
}

static int write_stdout(struct kh_ctx *ctx, const void *blob, size_t len)
{
	int err = kh_write_all(STDOUT_FILENO, blob, len);

	return err ? kh_fail(ctx, err, "stdout: %s", strerror(-err)) : 0;
}

static int capture_to(struct kh_ctx *ctx, const struct capture_opts *o)
{
	struct kh_part part;
	void *blob;
	int size, err;

	if (o->sysfs && strlen(o->sysfs) >= sizeof(ctx->sysfs))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: name too long", o->sysfs);
	if (o->sysfs)
		strcpy(ctx->sysfs, o->sysfs);
	/* A blob is binary; on a terminal it is noise that can upset it. */
	if (!o->out && isatty(STDOUT_FILENO))
		return kh_fail(ctx, -EINVAL,
			       "not writing a binary blob to a terminal; use -o FILE or redirect stdout");
	blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	size = kh_capture(ctx, blob, HANDOFF_MAX_SIZE);
	err = size < 0 ? size : 0;
	if (!err && o->out) {
		part = (struct kh_part){ blob, (size_t)size };
		err = kh_write_file(ctx, o->out, &part, 1);
	} else if (!err) {
		err = write_stdout(ctx, blob, (size_t)size);
	}
	free(blob);
	return err;
}

int kh_verb_capture(struct kh_ctx *ctx, int argc, char **argv)
{
	struct capture_opts o = { 0 };
	int ret;

	ret = parse_capture(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (capture_to(ctx, &o)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
