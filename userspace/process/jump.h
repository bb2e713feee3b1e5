/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jump.h - checkpoint the selected processes, reload, jump; or give back
 *
 * The order matters for "nothing lost": the processes are dumped last, as
 * late as possible before the jump, and from the first dump on every
 * failure path restores what was dumped, in this kernel, before it
 * returns. The kernel loaded by --load (whose blob names no processes) is
 * loaded again then, so a later --exec cannot hand the new kernel images
 * of processes that are running here.
 */
#ifndef KH_JUMP_H
#define KH_JUMP_H

#include "exec_plan.h"
#include "kh.h"
#include "state.h"

/* Where the images are dumped, one directory per group. */


/*
 * kh_checkpoint_and_jump - do all of the above for @p's groups
 *
 * returns only on failure: a negative errno with ctx->err saying what
 * failed and whether the processes were given back
 */
int kh_checkpoint_and_jump(struct kh_ctx *ctx, const struct kh_plan *p);

/*
 * kh_checkpoint_and_reload - the same but the jump, which systemd makes
 * (transition.h); a group carried for a unit is checked as the unit it
 * was at --load
 *
 * returns: 0 once the kernel is loaded with the final blob, else as above
 */
int kh_checkpoint_and_reload(struct kh_ctx *ctx, const struct kh_plan *p);

#endif /* KH_JUMP_H */
