/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exec_plan.h - what --load decided and --exec carries out
 *
 * With --checkpoint, --exec must load the kernel a second time (the final
 * blob names the process images, which exist only after the dump), so
 * --load keeps everything that load needs in the state directory, one
 * "key value" line each:
 *	kernel PATH, initrd PATH, cmdline-flag --append|--command-line,
 *	cmdline TEXT, reuse-cmdline 0|1, file-syscall 0|1, no-checks 0|1,
 *	store initrd|pmem, store-device PATH, memmap SIZE!ADDR,
 *	checkpoint PID START-TIME (repeated),
 *	checkpoint-unit PID START-TIME UNIT (repeated; PID is the unit's main
 *	process when --load checked it)
 * Values are single lines; --load refuses newlines in them.
 */
#ifndef KH_EXEC_PLAN_H
#define KH_EXEC_PLAN_H

#include "kh.h"
#include "state.h"

#define KH_PLAN_MAX_GROUPS 16

struct kh_plan {
	char kernel[PATH_MAX];
	char initrd[PATH_MAX];		/* empty: none */
	char cmdline_flag[16];		/* empty: none */
	char cmdline[4096];
	int reuse_cmdline;
	int file_syscall;
	int no_checks;			/* kexec -i */
	char store[8];			/* "initrd" or "pmem" */
	char store_device[PATH_MAX];	/* pmem only */
	char memmap[64];		/* pmem only; may be empty */
	int precopy;			/* pre-dump the groups at --exec first */
	int no_lazy;			/* restore every page before the processes run */
	int ngroups;
	int pids[KH_PLAN_MAX_GROUPS];
	unsigned long long starts[KH_PLAN_MAX_GROUPS];
	/* The systemd service each group is carried for; empty for a
	 * --checkpoint PID group. 255 is systemd's UNIT_NAME_MAX. */
	char units[KH_PLAN_MAX_GROUPS][256];
};

/* Whether any group of @p is a systemd service's. */
int kh_plan_has_units(const struct kh_plan *p);

/*
 * kh_plan_write - save @p to @path (atomically)
 * kh_plan_read - read it back; a missing file reads as -ENOENT
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_plan_write(struct kh_ctx *ctx, const char *path,
		  const struct kh_plan *p);
int kh_plan_read(struct kh_ctx *ctx, const char *path, struct kh_plan *p);

#endif /* KH_EXEC_PLAN_H */
