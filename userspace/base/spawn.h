/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spawn.h - running a helper program (kexec, nft, sysctl, systemctl)
 */
#ifndef KH_SPAWN_H
#define KH_SPAWN_H

#include <stdio.h>

#include "kh.h"

/* The most @args a helper is run with (the transition's systemd-run has
 * two per carried unit); more is refused, never cut short. */
#define KH_SPAWN_MAX_ARGS 64

/*
 * kh_run - run @prog (looked up in PATH) with @args, with our stdout and stderr
 *
 * returns: 0 when it exited 0, else a negative errno with ctx->err saying
 * how it ended (exit status or signal) or why it could not be started
 * (-E2BIG: more than KH_SPAWN_MAX_ARGS @args)
 */
int kh_run(struct kh_ctx *ctx, const char *prog, const char *const *args);

/* kh_run_logged - the same with its stdout and stderr sent to @log */
int kh_run_logged(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, const char *log);

/*
 * kh_run_output - the same with its stdout read into a new buffer
 * @out: set to a malloc'ed, NUL-terminated copy of what it printed (the
 *	caller frees it), or NULL when it could not be started or read; its
 *	stderr stays ours, so its own message reaches the user
 * @max: more output than this is an error (-EFBIG)
 *
 * returns: as kh_run()
 */
int kh_run_output(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, size_t max, char **out);

/*
 * kh_print_command - print @prog and @args as a shell command line, each
 * word quoted where the shell would otherwise split or expand it
 */
void kh_print_command(FILE *out, const char *prog, const char *const *args);

#endif /* KH_SPAWN_H */
