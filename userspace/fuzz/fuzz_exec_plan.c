// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_exec_plan.c - libFuzzer target for the exec.plan reader
 *
 * --exec acts on what kh_plan_read() makes of the state directory's
 * exec.plan: which kernel and initrd to load, with which command line,
 * which processes to dump. Beyond not crashing, whatever it accepts must
 * be a plan the tool could have written: strings NUL-terminated within
 * their fields, a kernel and a store, at most KH_PLAN_MAX_GROUPS groups;
 * and written back with kh_plan_write() it must read back as the same
 * plan, so --load and --exec cannot disagree about a field.
 */
#include <string.h>

#include "exec_plan.h"
#include "kh_fuzz.h"

static void check_str_(const char *field, size_t size, int nonempty)
{
	require(memchr(field, '\0', size) != NULL);
	require(!nonempty || field[0]);
	require(!strchr(field, '\n'));
}

static void check_plan_(const struct kh_plan *p)
{
	check_str_(p->kernel, sizeof(p->kernel), 1);
	check_str_(p->initrd, sizeof(p->initrd), 0);
	check_str_(p->cmdline_flag, sizeof(p->cmdline_flag), 0);
	check_str_(p->cmdline, sizeof(p->cmdline), 0);
	check_str_(p->store, sizeof(p->store), 1);
	check_str_(p->store_device, sizeof(p->store_device), 0);
	check_str_(p->memmap, sizeof(p->memmap), 0);
	require(p->ngroups >= 0 && p->ngroups <= KH_PLAN_MAX_GROUPS);
}

/* Field by field: a value read over a longer one leaves bytes behind. */
static void same_plan_(const struct kh_plan *a, const struct kh_plan *b)
{
	int i;

	require(!strcmp(a->kernel, b->kernel) && !strcmp(a->initrd, b->initrd));
	require(!strcmp(a->cmdline_flag, b->cmdline_flag));
	require(!strcmp(a->cmdline, b->cmdline));
	require(a->reuse_cmdline == b->reuse_cmdline &&
		a->file_syscall == b->file_syscall &&
		a->no_checks == b->no_checks && a->precopy == b->precopy &&
		a->no_lazy == b->no_lazy);
	require(!strcmp(a->store, b->store) &&
		!strcmp(a->store_device, b->store_device) &&
		!strcmp(a->memmap, b->memmap));
	require(a->ngroups == b->ngroups);
	for (i = 0; i < a->ngroups; i++)
		require(a->pids[i] == b->pids[i] && a->starts[i] == b->starts[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kh_plan a, b;
	struct kh_ctx ctx;
	const char *in = fuzz_path(0, "exec.plan");
	const char *again = fuzz_path(1, "exec.plan.again");

	fuzz_ctx(&ctx, NULL);
	fuzz_write(in, data, size);
	if (kh_plan_read(&ctx, in, &a)) {
		require(ctx.err[0]);
		return 0;
	}
	check_plan_(&a);
	require(kh_plan_write(&ctx, again, &a) == 0);
	require(kh_plan_read(&ctx, again, &b) == 0);
	same_plan_(&a, &b);
	return 0;
}
