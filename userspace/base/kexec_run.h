/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec_run.h - running kexec-tools, and the files a load leaves behind
 */
#ifndef KH_KEXEC_RUN_H
#define KH_KEXEC_RUN_H

#include <stdio.h>

#include "kh.h"

/* Kept between --load and --exec/--unload: the blob and the initrd the
 * loaded kernel will get. Under /run, so a reboot forgets them. */
#define KH_STATE_DIR "/run/kexec-handoff"
#define KH_STATE_BLOB "handoff.dtb"
#define KH_STATE_INITRD "initrd.img"
/* CRIU's logs of every check, dump and restore, kept for the user. */
#define KH_STATE_LOGS "logs"

/*
 * kh_state_path - path of @name in the state directory (under ctx->root)
 * @mkdir: create the directory (mode 0700) if it is missing
 *
 * returns: 0, or a negative errno with ctx->err naming the directory
 */
int kh_state_path(struct kh_ctx *ctx, char *out, size_t len,
		  const char *name, int mkdir);

/*
 * kh_state_subdir - path of directory @name in the state directory, both
 * created (mode 0700) if missing
 *
 * returns: 0, or a negative errno with ctx->err naming the directory
 */
int kh_state_subdir(struct kh_ctx *ctx, char *out, size_t len,
		    const char *name);

/*
 * kh_kexec - run ctx->kexec with @args (NULL-terminated, without argv[0])
 *
 * Its output goes to ours, so kexec's own diagnostics reach the user.
 *
 * returns: 0 when it exited 0, else a negative errno with ctx->err saying
 * how it ended (exit status or signal) or why it could not be started
 */
int kh_kexec(struct kh_ctx *ctx, const char *const *args);

/*
 * kh_run - run @prog (looked up in PATH) with @args, as kh_kexec() does
 *
 * returns: as kh_kexec()
 */
int kh_run(struct kh_ctx *ctx, const char *prog, const char *const *args);

/* kh_run_logged - the same with its stdout and stderr sent to @log */
int kh_run_logged(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, const char *log);

/* kh_kexec_print - print the command kh_kexec() would run, shell-quoted */
void kh_kexec_print(struct kh_ctx *ctx, FILE *out, const char *const *args);

/*
 * kh_require_root - refuse politely when not running as root
 * @what: the operation, for the message
 *
 * returns: 0, or -EPERM with ctx->err explaining
 */
int kh_require_root(struct kh_ctx *ctx, const char *what);

#endif /* KH_KEXEC_RUN_H */
