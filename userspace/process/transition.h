/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * transition.h - checkpointing services inside systemd's kexec transition
 *
 * `systemctl kexec` stops every service before the jump, so a service can
 * only be dumped from inside that transition, before systemd stops it.
 * --load --checkpoint-unit starts KH_TRANSITION_UNIT, a transient oneshot
 * service that does nothing when started and is ordered after the carried
 * units and after multi-user.target and graphical.target. systemd stops
 * units in the reverse of their start order, so in the transition ours is
 * the first to stop, while every service still runs: its ExecStop= is
 * `kexec-handoff transition`, which dumps the units, stores the images and
 * loads the kernel again with the final blob; systemd then stops the rest
 * and jumps into that kernel.
 *
 * Stopped for any other reason (a plain reboot, --unload, a second
 * --load), the unit finds no kexec job queued and dumps nothing. If a
 * dump fails, CRIU lets the service run on; the transition cancels every
 * queued job, so the system stays up with its services, and leaves the
 * reason in the journal, on stderr and in KH_STATE_TRANSITION_FAILED,
 * where `kexec-handoff upgrade` finds it when systemctl kexec fails.
 */
#ifndef KH_TRANSITION_H
#define KH_TRANSITION_H

#include "exec_plan.h"
#include "kh.h"

#define KH_TRANSITION_UNIT "kexec-handoff-checkpoint.service"
/* In the state directory: why the last transition did not checkpoint. */
#define KH_STATE_TRANSITION_FAILED "transition.failed"
/* In the state directory while KH_TRANSITION_UNIT is ours to stop, so a
 * load or unload without services asks systemd nothing. */
#define KH_STATE_TRANSITION_ARMED "transition.armed"

/*
 * kh_transition_arm - start KH_TRANSITION_UNIT for @p's units (stopping
 * one an earlier --load started)
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_transition_arm(struct kh_ctx *ctx, const struct kh_plan *p);

/*
 * kh_transition_disarm - stop KH_TRANSITION_UNIT if a load armed it;
 * quiet when it does not run
 */
void kh_transition_disarm(struct kh_ctx *ctx);

/*
 * kh_transition_run - what ExecStop= does: nothing without a kexec job;
 * with one, checkpoint the plan's groups and load the kernel again
 *
 * returns: 0, or a negative errno with ctx->err saying why (the queued
 * jobs are then cancelled)
 */
int kh_transition_run(struct kh_ctx *ctx);

#endif /* KH_TRANSITION_H */
