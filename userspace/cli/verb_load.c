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
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "checkpoint.h"
#include "exec_plan.h"
#include "handoff.h"
#include "initrd.h"
#include "kexec_load.h"
#include "kexec_run.h"
#include "proc_group.h"
#include "store.h"
#include "verbs.h"

struct load_opts {
	struct kh_plan plan;
	const char *kernel;
	const char *initrd;
	int dry_run;
};

static void load_usage(FILE *out)
{
	fputs("Usage: kexec-handoff --load KERNEL [--initrd FILE]\n"
	      "                     [--append S | --command-line S | --reuse-cmdline]\n"
	      "                     [-s] [-i] [--checkpoint PID]... [--store initrd|pmem:DEV]\n"
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
	      "  --store initrd     carry the images in a cpio archive after the initrd\n"
	      "                     (the default)\n"
	      "  --store pmem:DEV   write them to the legacy pmem device DEV, a region\n"
	      "                     this kernel reserves with memmap=SIZE!ADDR; the same\n"
	      "                     memmap= is added to the new command line\n"
	      "  --dry-run          write the files, print the kexec command, load nothing\n",
	      out);
}

static int set_cmdline(struct load_opts *o, const char *flag, const char *s)
{
	struct kh_plan *p = &o->plan;

	if (p->cmdline_flag[0] || p->reuse_cmdline) {
		fputs("kexec-handoff: give one of --append, --command-line, --reuse-cmdline\n",
		      stderr);
		return -EINVAL;
	}
	if (!flag) {
		p->reuse_cmdline = 1;
		return 0;
	}
	if (strlen(s) >= sizeof(p->cmdline) || strchr(s, '\n')) {
		fputs("kexec-handoff: the command line must be one line of at most 4095 bytes\n",
		      stderr);
		return -EINVAL;
	}
	strcpy(p->cmdline_flag, flag);
	strcpy(p->cmdline, s);
	return 0;
}

static int add_checkpoint(struct load_opts *o, const char *arg)
{
	struct kh_plan *p = &o->plan;
	char *end;
	long pid;

	errno = 0;
	pid = strtol(arg, &end, 10);
	if (errno || end == arg || *end || pid <= 0 || pid > INT_MAX) {
		fprintf(stderr, "kexec-handoff: --checkpoint takes a process ID, not '%s'\n",
			arg);
		return -EINVAL;
	}
	if (p->ngroups == KH_PLAN_MAX_GROUPS) {
		fprintf(stderr, "kexec-handoff: at most %d --checkpoint options\n",
			KH_PLAN_MAX_GROUPS);
		return -EINVAL;
	}
	p->pids[p->ngroups++] = (int)pid;
	return 0;
}

static int set_store(struct load_opts *o, const char *arg)
{
	char forms[128];

	if (!kh_store_parse(&o->plan, arg))
		return 0;
	kh_store_forms(forms, sizeof(forms));
	fprintf(stderr, "kexec-handoff: --store takes %s, not '%s'\n", forms,
		arg);
	return -EINVAL;
}

/* returns: -1 to go on, else the exit status to return */
static int parse_load(int argc, char **argv, struct load_opts *o)
{
	static const struct option opts[] = {
		{ "initrd", required_argument, NULL, 'I' },
		{ "append", required_argument, NULL, 'a' },
		{ "command-line", required_argument, NULL, 'c' },
		{ "reuse-cmdline", no_argument, NULL, 'r' },
		{ "kexec-file-syscall", no_argument, NULL, 's' },
		{ "no-checks", no_argument, NULL, 'i' },
		{ "checkpoint", required_argument, NULL, 'p' },
		{ "store", required_argument, NULL, 'S' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, err = 0;

	strcpy(o->plan.store, kh_store_initrd.name);
	while (!err && (c = getopt_long(argc, argv, "shi", opts, NULL)) != -1) {
		if (c == 'I')
			o->initrd = optarg;
		else if (c == 'a' || c == 'c')
			err = set_cmdline(o, c == 'a' ? "--append" :
					  "--command-line", optarg);
		else if (c == 'r')
			err = set_cmdline(o, NULL, NULL);
		else if (c == 's')
			o->plan.file_syscall = 1;
		else if (c == 'i')
			o->plan.no_checks = 1;
		else if (c == 'p')
			err = add_checkpoint(o, optarg);
		else if (c == 'S')
			err = set_store(o, optarg);
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

/* The plan keeps absolute paths: --exec may run from another directory. */
static int set_path(struct kh_ctx *ctx, char *dst, const char *path)
{
	char *real;

	if (access(path, R_OK))
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	real = realpath(path, NULL);
	if (!real)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	if (strlen(real) >= PATH_MAX || strchr(real, '\n')) {
		free(real);
		return kh_fail(ctx, -EINVAL, "%s: unusable path", path);
	}
	strcpy(dst, real);
	free(real);
	return 0;
}

static int check_criu(struct kh_ctx *ctx)
{
	char logs[PATH_MAX];
	int err = kh_state_subdir(ctx, logs, sizeof(logs), KH_STATE_LOGS);

	return err ? err : kh_criu_check(ctx, logs, "check.log");
}

/* Refuse now, not at the jump, what cannot be checkpointed. */
static int plan_checkpoints(struct kh_ctx *ctx, struct kh_plan *p)
{
	struct kh_group *g = malloc(sizeof(*g));
	int i, err = 0;

	if (!g)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < p->ngroups; i++) {
		err = kh_group_scan(ctx, p->pids[i], g);
		p->starts[i] = g->start_time;
		kh_group_free(g);
	}
	free(g);
	if (!err && p->ngroups)
		err = check_criu(ctx);
	return err;
}

/* Capture and write the blob and the initrd to their ".new" paths. */
static int build_files(struct kh_ctx *ctx, const struct load_opts *o,
		       const char *blob_path, const char *initrd_path)
{
	void *blob;
	int size, err;

	blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	size = kh_capture(ctx, blob, HANDOFF_MAX_SIZE);
	err = size < 0 ? size :
	      kh_load_files_write(ctx, blob, (size_t)size,
				  o->initrd ? o->plan.initrd : NULL,
				  blob_path, initrd_path);
	free(blob);
	return err;
}

/* The command shows the kernel as the user named it; only the plan, read
 * later from anywhere, needs it absolute. */
static int load_as_given(struct kh_ctx *ctx, const struct load_opts *o,
			 const char *initrd_path)
{
	struct kh_plan *given = malloc(sizeof(*given));
	int err;

	if (!given)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	*given = o->plan;
	snprintf(given->kernel, sizeof(given->kernel), "%s", o->kernel);
	err = kh_kexec_load(ctx, given, initrd_path, o->dry_run);
	free(given);
	return err;
}

/* After a successful load the new files become the current ones. */
static int commit_files(struct kh_ctx *ctx, const char *const new[3],
			const char *const cur[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (rename(new[i], cur[i]))
			return kh_fail(ctx, -errno, "%s: %s", cur[i],
				       strerror(errno));
	return 0;
}

static int do_load(struct kh_ctx *ctx, struct load_opts *o)
{
	char cur_blob[PATH_MAX], cur_initrd[PATH_MAX], cur_plan[PATH_MAX];
	char new_blob[PATH_MAX], new_initrd[PATH_MAX], new_plan[PATH_MAX];
	const char *const cur[3] = { cur_blob, cur_initrd, cur_plan };
	const char *const new[3] = { new_blob, new_initrd, new_plan };
	struct kh_plan *p = &o->plan;
	const struct kh_store_ops *store;
	int err;

	err = o->dry_run ? 0 : kh_require_root(ctx, "--load");
	if (!err)
		err = set_path(ctx, p->kernel, o->kernel);
	if (!err && o->initrd)
		err = set_path(ctx, p->initrd, o->initrd);
	if (!err)
		err = kh_store_lookup(ctx, p->store, &store);
	if (!err && store->plan)
		err = store->plan(ctx, p);
	if (!err)
		err = plan_checkpoints(ctx, p);
	if (!err)
		err = kh_state_path(ctx, cur_blob, PATH_MAX, KH_STATE_BLOB, 1);
	if (!err)
		err = kh_state_path(ctx, cur_initrd, PATH_MAX, KH_STATE_INITRD, 0);
	if (!err)
		err = kh_state_path(ctx, cur_plan, PATH_MAX, KH_STATE_PLAN, 0);
	if (!err)
		err = kh_state_path(ctx, new_blob, PATH_MAX, KH_STATE_BLOB ".new", 0);
	if (!err)
		err = kh_state_path(ctx, new_initrd, PATH_MAX,
				    KH_STATE_INITRD ".new", 0);
	if (!err)
		err = kh_state_path(ctx, new_plan, PATH_MAX, KH_STATE_PLAN ".new", 0);
	if (err)
		return err;
	err = build_files(ctx, o, new_blob, new_initrd);
	if (!err)
		err = kh_plan_write(ctx, new_plan, p);
	if (!err)
		err = load_as_given(ctx, o, new_initrd);
	if (!err && !o->dry_run)
		err = commit_files(ctx, new, cur);
	if (err || !o->dry_run) {
		unlink(new_blob);
		unlink(new_initrd);
		unlink(new_plan);
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
