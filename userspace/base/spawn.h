/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spawn.h - running a helper program (kexec, nft, sysctl)
 */
#ifndef KH_SPAWN_H
#define KH_SPAWN_H

#include "kh.h"

/*
 * kh_run - run @prog (looked up in PATH) with @args, with our stdout and stderr
 *
 * returns: 0 when it exited 0, else a negative errno with ctx->err saying
 * how it ended (exit status or signal) or why it could not be started
 */
int kh_run(struct kh_ctx *ctx, const char *prog, const char *const *args);

/* kh_run_logged - the same with its stdout and stderr sent to @log */
int kh_run_logged(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, const char *log);

#endif /* KH_SPAWN_H */
