// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_initrd.c - kexec-handoff initrd [--initrd FILE] [--blob FILE] -o OUT
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "blob_file.h"
#include "capture.h"
#include "handoff.h"
#include "initrd.h"
#include "verbs.h"

struct initrd_opts {
	const char *initrd;
	const char *blob;
	const char *out;
};

static void initrd_usage(FILE *out)
{
	fputs("Usage: kexec-handoff initrd [--initrd FILE] [--blob FILE] -o OUT\n\n"
	      "Write OUT: an uncompressed cpio archive holding the blob as\n"
	      HANDOFF_CPIO_PATH ", followed by the initrd unchanged.\n"
	      "If FILE already starts with such an archive, its blob is replaced.\n"
	      "  --initrd FILE     the initrd to follow the blob (default: none)\n"
	      "  --blob FILE       the blob to carry (default: capture this system now)\n"
	      "  -o, --output OUT  the file to write; replaced only once complete\n",
	      out);
}

/* returns: -1 to go on, else the exit status to return */
static int parse_initrd(int argc, char **argv, struct initrd_opts *o)
{
	static const struct option opts[] = {
		{ "initrd", required_argument, NULL, 'i' },
		{ "blob", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'i')
			o->initrd = optarg;
		else if (c == 'b')
			o->blob = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'h')
			return initrd_usage(stdout), KH_EXIT_OK;
		else
			return initrd_usage(stderr), KH_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "kexec-handoff initrd: unexpected argument '%s'\n",
			argv[optind]);
		return KH_EXIT_USAGE;
	}
	if (!o->out) {
		fputs("kexec-handoff initrd: -o OUT is required\n", stderr);
		return KH_EXIT_USAGE;
	}
	return -1;
}

/* The blob from --blob, checked, or captured from this system. */
static int get_blob(struct kh_ctx *ctx, const struct initrd_opts *o,
		    void **blob, int *size)
{
	if (o->blob)
		return kh_blob_load(ctx, o->blob, blob, size);
	*blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!*blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	*size = kh_capture(ctx, *blob, HANDOFF_MAX_SIZE);
	if (*size >= 0)
		return 0;
	free(*blob);
	*blob = NULL;
	return *size;
}

int kh_verb_initrd(struct kh_ctx *ctx, int argc, char **argv)
{
	struct initrd_opts o = { 0 };
	void *blob = NULL;
	int size, err;

	err = parse_initrd(argc, argv, &o);
	if (err >= 0)
		return err;
	err = get_blob(ctx, &o, &blob, &size);
	if (!err)
		err = kh_initrd_assemble(ctx, o.out, blob, (size_t)size,
					 o.initrd);
	free(blob);
	if (err) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
