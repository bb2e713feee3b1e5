// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_load.c - kexec-handoff --load KERNEL [...]
 *
 * Capture, write the blob, put it in front of the initrd and let kexec -l
 * (or -s) load the result. The new files are written beside the ones of the
 * current load and only take their place once kexec has accepted them, so a
 * failed load leaves an earlier one (kernel and files) as it was.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "handoff.h"
#include "initrd.h"
#include "kexec_run.h"
#include "verbs.h"

struct load_opts {
	const char *kernel;
	const char *initrd;
	const char *cmdline_flag;	/* "--append" or "--command-line" */
	const char *cmdline;
	int reuse_cmdline;
	int file_syscall;
	int dry_run;
};

static void load_usage(FILE *out)
{
	fputs("Usage: kexec-handoff --load KERNEL [--initrd FILE]\n"
	      "                     [--append S | --command-line S | --reuse-cmdline]\n"
	      "                     [-s] [--dry-run]\n\n"
	      "Capture this system's storage discovery results, put them in front\n"
	      "of the initrd and load KERNEL with kexec -l.\n"
	      "  --initrd FILE      the new kernel's initrd (kept unchanged after the blob)\n"
	      "  --append S, --command-line S\n"
	      "                     the new kernel's command line\n"
	      "  --reuse-cmdline    reuse the running kernel's command line\n"
	      "  -s                 use kexec_file_load (kexec -s)\n"
	      "  --dry-run          write the files, print the kexec command, load nothing\n",
	      out);
}

static int set_cmdline(struct load_opts *o, const char *flag, const char *s)
{
	if (o->cmdline || o->reuse_cmdline) {
		fputs("kexec-handoff: give one of --append, --command-line, --reuse-cmdline\n",
		      stderr);
		return -EINVAL;
	}
	o->cmdline_flag = flag;
	o->cmdline = s;
	return 0;
}

/* returns: -1 to go on, else the exit status to return */
static int parse_load(int argc, char **argv, struct load_opts *o)
{
	static const struct option opts[] = {
		{ "initrd", required_argument, NULL, 'i' },
		{ "append", required_argument, NULL, 'a' },
		{ "command-line", required_argument, NULL, 'c' },
		{ "reuse-cmdline", no_argument, NULL, 'r' },
		{ "kexec-file-syscall", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, err = 0;

	while (!err && (c = getopt_long(argc, argv, "sh", opts, NULL)) != -1) {
		if (c == 'i')
			o->initrd = optarg;
		else if (c == 'a' || c == 'c')
			err = set_cmdline(o, c == 'a' ? "--append" :
					  "--command-line", optarg);
		else if (c == 'r')
			err = set_cmdline(o, NULL, NULL) ? -EINVAL :
			      (o->reuse_cmdline = 1, 0);
		else if (c == 's')
			o->file_syscall = 1;
		else if (c == 'n')
			o->dry_run = 1;
		else if (c == 'h')
			return load_usage(stdout), KH_EXIT_OK;
		else
			err = -EINVAL;
	}
	if (!err && argc - optind != 1) {
		fputs("kexec-handoff: --load takes exactly one KERNEL\n", stderr);
		err = -EINVAL;
	}
	if (err)
		return load_usage(stderr), KH_EXIT_USAGE;
	o->kernel = argv[optind];
	return -1;
}

static int check_readable(struct kh_ctx *ctx, const char *path)
{
	if (access(path, R_OK))
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	return 0;
}

/* Capture and write the blob and the initrd to their ".new" paths. */
static int build_files(struct kh_ctx *ctx, const struct load_opts *o,
		       const char *blob_path, const char *initrd_path)
{
	struct kh_part part;
	void *blob;
	int size, err;

	blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	size = kh_capture(ctx, blob, HANDOFF_MAX_SIZE);
	err = size < 0 ? size : 0;
	if (!err) {
		part.data = blob;
		part.len = (size_t)size;
		err = kh_write_file(ctx, blob_path, &part, 1);
	}
	if (!err)
		err = kh_initrd_assemble(ctx, initrd_path, blob, (size_t)size,
					 o->initrd);
	free(blob);
	return err;
}

static int run_kexec(struct kh_ctx *ctx, const struct load_opts *o,
		     const char *initrd_path)
{
	char initrd_arg[PATH_MAX + 16], cmdline_arg[4096 + 32];
	const char *args[8];
	int n = 0;

	if (o->cmdline && strlen(o->cmdline) > 4096)
		return kh_fail(ctx, -E2BIG, "command line longer than 4096 bytes");
	snprintf(initrd_arg, sizeof(initrd_arg), "--initrd=%s", initrd_path);
	if (o->file_syscall)
		args[n++] = "-s";
	args[n++] = "-l";
	args[n++] = o->kernel;
	args[n++] = initrd_arg;
	if (o->cmdline) {
		snprintf(cmdline_arg, sizeof(cmdline_arg), "%s=%s",
			 o->cmdline_flag, o->cmdline);
		args[n++] = cmdline_arg;
	} else if (o->reuse_cmdline) {
		args[n++] = "--reuse-cmdline";
	}
	args[n] = NULL;
	if (o->dry_run) {
		kh_kexec_print(ctx, stdout, args);
		return 0;
	}
	return kh_kexec(ctx, args);
}

/* After a successful load the new files become the current ones. */
static int commit_files(struct kh_ctx *ctx, const char *const new[2],
			const char *const cur[2])
{
	int i;

	for (i = 0; i < 2; i++)
		if (rename(new[i], cur[i]))
			return kh_fail(ctx, -errno, "%s: %s", cur[i],
				       strerror(errno));
	return 0;
}

static int do_load(struct kh_ctx *ctx, const struct load_opts *o)
{
	char cur_blob[PATH_MAX], cur_initrd[PATH_MAX];
	char new_blob[PATH_MAX], new_initrd[PATH_MAX];
	const char *const cur[2] = { cur_blob, cur_initrd };
	const char *const new[2] = { new_blob, new_initrd };
	int err;

	err = o->dry_run ? 0 : kh_require_root(ctx, "--load");
	if (!err)
		err = check_readable(ctx, o->kernel);
	if (!err && o->initrd)
		err = check_readable(ctx, o->initrd);
	if (!err)
		err = kh_state_path(ctx, cur_blob, PATH_MAX, KH_STATE_BLOB, 1);
	if (!err)
		err = kh_state_path(ctx, cur_initrd, PATH_MAX, KH_STATE_INITRD, 0);
	if (!err)
		err = kh_state_path(ctx, new_blob, PATH_MAX, KH_STATE_BLOB ".new", 0);
	if (!err)
		err = kh_state_path(ctx, new_initrd, PATH_MAX,
				    KH_STATE_INITRD ".new", 0);
	if (err)
		return err;
	err = build_files(ctx, o, new_blob, new_initrd);
	if (!err)
		err = run_kexec(ctx, o, new_initrd);
	if (!err && !o->dry_run)
		err = commit_files(ctx, new, cur);
	if (err || !o->dry_run) {
		unlink(new_blob);
		unlink(new_initrd);
	}
	return err;
}

int kh_verb_load(struct kh_ctx *ctx, int argc, char **argv)
{
	struct load_opts o = { 0 };
	int ret = parse_load(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (do_load(ctx, &o)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	if (o.dry_run)
		printf("dry run: nothing loaded; files kept in %s%s\n",
		       ctx->root, KH_STATE_DIR);
	return KH_EXIT_OK;
}
