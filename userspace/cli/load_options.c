// SPDX-License-Identifier: GPL-2.0-only
/*
 * load_options.c - the options of --load, which upgrade takes too
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_options.h"
#include "service_unit.h"
#include "store.h"

const struct option kh_load_options[KH_LOAD_NOPTIONS + 1] = {
	{ "initrd", required_argument, NULL, 'I' },
	{ "append", required_argument, NULL, 'a' },
	{ "command-line", required_argument, NULL, 'c' },
	{ "reuse-cmdline", no_argument, NULL, 'r' },
	{ "kexec-file-syscall", no_argument, NULL, 's' },
	{ "no-checks", no_argument, NULL, 'i' },
	{ "checkpoint", required_argument, NULL, 'p' },
	{ "checkpoint-unit", required_argument, NULL, 'u' },
	{ "store", required_argument, NULL, 'S' },
	{ "precopy", no_argument, NULL, 'P' },
	{ "no-lazy", no_argument, NULL, 'L' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

static int set_cmdline(struct kh_load_opts *o, const char *flag, const char *s)
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

static int room_for_group(const struct kh_plan *p)
{
	if (p->ngroups < KH_PLAN_MAX_GROUPS)
		return 1;
	fprintf(stderr, "kexec-handoff: at most %d --checkpoint and --checkpoint-unit options\n",
		KH_PLAN_MAX_GROUPS);
	return 0;
}

static int add_checkpoint(struct kh_load_opts *o, const char *arg)
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
	if (!room_for_group(p))
		return -EINVAL;
	p->pids[p->ngroups++] = (int)pid;
	return 0;
}

static int add_unit(struct kh_load_opts *o, const char *arg)
{
	struct kh_plan *p = &o->plan;

	if (!kh_unit_name_ok(arg)) {
		fprintf(stderr, "kexec-handoff: --checkpoint-unit takes a systemd unit name, not '%s'\n",
			arg);
		return -EINVAL;
	}
	if (!room_for_group(p))
		return -EINVAL;
	/* The main process is found when --load asks systemd. */
	snprintf(p->units[p->ngroups++], sizeof(p->units[0]), "%s", arg);
	return 0;
}

static int set_store(struct kh_load_opts *o, const char *arg)
{
	char forms[128];

	if (!kh_store_parse(&o->plan, arg))
		return 0;
	kh_store_forms(forms, sizeof(forms));
	fprintf(stderr, "kexec-handoff: --store takes %s, not '%s'\n", forms,
		arg);
	return -EINVAL;
}

void kh_load_option_init(struct kh_load_opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->plan.store, kh_store_initrd.name);
}

int kh_load_option(struct kh_load_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'I':
		o->initrd = arg;
		return 0;
	case 'a':
	case 'c':
		return set_cmdline(o, c == 'a' ? "--append" : "--command-line",
				   arg);
	case 'r':
		return set_cmdline(o, NULL, NULL);
	case 's':
		o->plan.file_syscall = 1;
		return 0;
	case 'i':
		o->plan.no_checks = 1;
		return 0;
	case 'p':
		return add_checkpoint(o, arg);
	case 'u':
		return add_unit(o, arg);
	case 'S':
		return set_store(o, arg);
	case 'P':
		o->plan.precopy = 1;
		return 0;
	case 'L':
		o->plan.no_lazy = 1;
		return 0;
	case 'n':
		o->dry_run = 1;
		return 0;
	case 'h':
		return KH_LOAD_HELP;
	}
	return -EINVAL;
}
