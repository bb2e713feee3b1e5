// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_restore.c - kexec-handoff restore
 *
 * Options and exit status only; the work is kh_restore() (restore.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "blob_file.h"
#include "handoff.h"
#include "restore.h"
#include "state.h"
#include "store_write.h"
#include "verbs.h"

static void restore_usage(FILE *out)
{
	fputs("Usage: kexec-handoff restore [--defer-tcp | --deferred] [--blob FILE]\n"
	      "                             [--images DIR] [--no-netlock]\n\n"
	      "Restore the processes checkpointed by --exec before the kexec.\n"
	      "  --defer-tcp    run before the network is configured: restore the\n"
	      "                 groups without TCP connections, lock the connections\n"
	      "                 of the others and leave those for --deferred\n"
	      "  --deferred     run once the network is up: restore the groups\n"
	      "                 --defer-tcp left, then lift the lock\n"
	      "  --blob FILE    the handoff blob (default " KH_SYSFS_BLOB ",\n"
	      "                 else the initramfs copy /" HANDOFF_CPIO_PATH ",\n"
	      "                 else " KH_STATE_DIR "/" KH_STATE_RECEIVED_BLOB ")\n"
	      "  --images DIR   where the initramfs unpacked an initrd store\n"
	      "                 (default /" KH_STORE_INITRD_DIR ", else\n"
	      "                 " KH_STATE_DIR "/" KH_STATE_RECEIVED_IMAGES ")\n"
	      "  --no-netlock   do not lock the recorded TCP connections meanwhile\n"
	      "Reports each group on stdout and in " KH_STATE_DIR "/" KH_STATE_RESTORE_STATUS ".\n"
	      "Exit status: 0 all groups restored (or none to restore), 1 one or more\n"
	      "failed (each says why; its images are kept) or images are present but\n"
	      "no usable blob, 2 usage error.\n",
	      out);
}

static int parse_restore(int argc, char **argv, struct kh_restore_opts *o)
{
	static const struct option opts[] = {
		{ "blob", required_argument, NULL, 'b' },
		{ "images", required_argument, NULL, 'i' },
		{ "no-netlock", no_argument, NULL, 'n' },
		{ "defer-tcp", no_argument, NULL, 't' },
		{ "deferred", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	o->blob = NULL;
	o->images = NULL;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'b')
			o->blob = optarg;
		else if (c == 'i')
			o->images = optarg;
		else if (c == 'n')
			o->no_netlock = 1;
		else if ((c == 't' || c == 'd') && o->phase == KH_RESTORE_ALL)
			o->phase = c == 't' ? KH_RESTORE_DEFER_TCP :
						 KH_RESTORE_DEFERRED;
		else if (c == 'h')
			return restore_usage(stdout), KH_EXIT_OK;
		else
			return restore_usage(stderr), KH_EXIT_USAGE;
	}
	if (optind != argc)
		return restore_usage(stderr), KH_EXIT_USAGE;
	return -1;
}

/* The image directory is a system path, so it honours the fake root. */
static int images_under_root(struct kh_ctx *ctx, struct kh_restore_opts *o,
			     char *buf, size_t len)
{
	if (o->images && kh_path(ctx, buf, len, o->images))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", o->images);
	if (o->images)
		o->images = buf;
	return 0;
}

int kh_verb_restore(struct kh_ctx *ctx, int argc, char **argv)
{
	struct kh_restore_opts o = { 0 };
	char images[PATH_MAX];
	int ret = parse_restore(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (images_under_root(ctx, &o, images, sizeof(images)) ||
	    kh_restore(ctx, &o)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
