/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec_run.h - running kexec-tools
 */
#ifndef KH_KEXEC_RUN_H
#define KH_KEXEC_RUN_H

#include <stdio.h>

#include "kh.h"
#include "privilege.h"
#include "spawn.h"
#include "state.h"

/*
 * kh_kexec - run ctx->kexec with @args (NULL-terminated, without argv[0])
 *
 * Its output goes to ours, so kexec's own diagnostics reach the user.
 *
 * returns: 0 when it exited 0, else a negative errno with ctx->err saying
 * how it ended (exit status or signal) or why it could not be started
 */
int kh_kexec(struct kh_ctx *ctx, const char *const *args);

/* kh_kexec_print - print the command kh_kexec() would run, shell-quoted */
void kh_kexec_print(struct kh_ctx *ctx, FILE *out, const char *const *args);

#endif /* KH_KEXEC_RUN_H */
