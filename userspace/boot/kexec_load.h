/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec_load.h - the kexec -l command line of a plan
 *
 * --load runs it once with the storage-only blob; --exec runs it again with
 * the final blob when processes were checkpointed, and once more with the
 * first initrd if it has to give up before the jump.
 */
#ifndef KH_KEXEC_LOAD_H
#define KH_KEXEC_LOAD_H

#include "exec_plan.h"
#include "kh.h"

/*
 * kh_kexec_load - load @p->kernel with @initrd_path and @p's command line
 * @dry_run: print the command on stdout instead of running it
 *
 * returns: as kh_kexec()
 */
int kh_kexec_load(struct kh_ctx *ctx, const struct kh_plan *p,
		  const char *initrd_path, int dry_run);

#endif /* KH_KEXEC_LOAD_H */
