// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_load.c - kexec-handoff --load KERNEL [...]
 *
 * Parses the options and lets kh_load() (loaded.h) capture, build the
 * initrd and run kexec -l.
 */
#include <stdio.h>

#include "load_options.h"
#include "privilege.h"
#include "verbs.h"

static void load_usage(FILE *out)
{
	fputs("Usage: kexec-handoff --load KERNEL [--initrd FILE]\n"
	      "                     [--append S | --command-line S | --reuse-cmdline]\n"
	      "                     [-s] [-i] [--checkpoint PID]... [--checkpoint-unit UNIT]...\n"
	      "                     [--store initrd|pmem:DEV] [--precopy] [--no-lazy]\n"
	      "                     [--dry-run]\n\n"
	      "Capture this system's storage discovery results, put them in front\n"
	      "of the initrd and load KERNEL with kexec -l.\n"
	      "  --initrd FILE      the new kernel's initrd (kept unchanged after the blob)\n"
	      "  --append S, --command-line S\n"
	      "                     the new kernel's command line\n"
	      "  --reuse-cmdline    reuse the running kernel's command line\n"
	      "  -s                 use kexec_file_load (kexec -s)\n"
	      "  -i, --no-checks    let kexec skip its checksum of the loaded segments\n"
	      "                     (kexec -i): faster with a large image store, whose\n"
	      "                     images and blob carry their own CRC32C\n"
	      "  --checkpoint PID   checkpoint the process tree rooted at PID with CRIU\n"
	      "                     at --exec and restore it in the new kernel\n"
	      "                     (repeatable; checked now, refused with the reason)\n"
	      "  --checkpoint-unit UNIT\n"
	      "                     carry the systemd service UNIT (its main process's\n"
	      "                     tree, which must be the whole unit): checkpointed as\n"
	      "                     systemctl kexec begins, before systemd stops it, and\n"
	      "                     adopted by UNIT again in the new system (repeatable)\n"
	      "  --store initrd     carry the images in a cpio archive after the initrd\n"
	      "                     (the default)\n"
	      "  --store pmem:DEV   write them to the legacy pmem device DEV, a region\n"
	      "                     this kernel reserves with memmap=SIZE!ADDR; the same\n"
	      "                     memmap= is added to the new command line\n"
	      "  --precopy          at --exec, copy the checkpointed trees' memory while\n"
	      "                     they still run, then freeze them and dump only what\n"
	      "                     changed since (falls back to a full dump by itself)\n"
	      "  --no-lazy          in the new kernel, restore all of the trees' memory\n"
	      "                     before they run (by default they run at once and\n"
	      "                     each page is checked and filled when first touched)\n"
	      "  --dry-run          write the files, print the kexec command, load nothing\n",
	      out);
}

/* returns: -1 to go on, else the exit status to return */
static int parse_load(int argc, char **argv, struct kh_load_opts *o)
{
	int c, err = 0;

	kh_load_option_init(o);
	while (!err && (c = getopt_long(argc, argv, KH_LOAD_SHORT,
					kh_load_options, NULL)) != -1)
		err = kh_load_option(o, c, optarg);
	if (err == KH_LOAD_HELP)
		return load_usage(stdout), KH_EXIT_OK;
	if (!err && argc - optind != 1) {
		fputs("kexec-handoff: --load takes exactly one KERNEL\n", stderr);
		err = -1;
	}
	if (err)
		return load_usage(stderr), KH_EXIT_USAGE;
	o->kernel = argv[optind];
	return -1;
}

int kh_verb_load(struct kh_ctx *ctx, int argc, char **argv)
{
	struct kh_load_opts o;
	int ret = parse_load(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if ((!o.dry_run && kh_require_root(ctx, "--load")) || kh_load(ctx, &o)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	if (o.dry_run)
		printf("dry run: nothing loaded; files kept in %s%s\n",
		       ctx->root, KH_STATE_DIR);
	return KH_EXIT_OK;
}
