/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * checkpoint.h - dumping and restoring a process tree with CRIU
 *
 * libcriu runs the criu binary ($KEXEC_HANDOFF_CRIU, or "criu" from PATH)
 * as a child in its "swrk" mode, so nothing needs a CRIU service running.
 * Every call uses the same options, fixed here: established TCP
 * connections are taken along, the network lock is nftables (no iptables
 * needed), and cgroups are left alone (the new system has its own layout).
 * CRIU writes its log as LOGNAME in the directory @logdir, which is kept
 * apart from the images so a log never travels as one.
 */
#ifndef KH_CHECKPOINT_H
#define KH_CHECKPOINT_H

#include "kh.h"

/* A unix socket of the tree whose peer stays behind: dumped as external
 * (unix[INO]), and at restore replaced by @fd (inherit-fd socket:[INO]). */
struct kh_criu_ext_unix {
	unsigned long ino;
	int fd;				/* restore only */
};

/* The criu binary libcriu runs, and lazy-pages with it. */
const char *kh_criu_binary(void);

/*
 * kh_criu_log_errors - CRIU's own reason: the last "Error (file:line): "
 * lines of the log @logdir/@logname, without their prefixes, joined with
 * "; " into @out ("" when there are none)
 */
void kh_criu_log_errors(const char *logdir, const char *logname, char *out,
			size_t size);

/*
 * kh_criu_lazy_supported - whether this kernel and CRIU can restore with
 * the lazy-pages daemon (userfaultfd with its non-cooperative events)
 */
int kh_criu_lazy_supported(struct kh_ctx *ctx);

/*
 * kh_criu_check - whether CRIU works on this kernel at all (criu check)
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_criu_check(struct kh_ctx *ctx, const char *logdir,
		  const char *logname);

/*
 * kh_criu_dump - dump the tree rooted at @pid into @dir and end it
 *
 * On success the processes are gone (their images are in @dir) and their
 * TCP connections stay locked in this kernel. On failure CRIU has let
 * them run on. @ext lists the sockets to dump as external. @parent (NULL:
 * none) is the last pre-dump, relative to @dir: only pages changed since
 * are written (precopy.h).
 *
 * returns: 0, or a negative errno with ctx->err giving CRIU's own error
 * lines and pointing at the log
 */
int kh_criu_dump(struct kh_ctx *ctx, int pid, const char *dir,
		 const char *parent, const char *logdir, const char *logname,
		 const struct kh_criu_ext_unix *ext, int next);

/*
 * kh_criu_pre_dump - copy the memory of the tree rooted at @pid into @dir
 * while it runs on (frozen only while CRIU marks its pages clean); @parent
 * as for kh_criu_dump()
 *
 * returns: 0, or a negative errno with ctx->err as for kh_criu_dump()
 */
int kh_criu_pre_dump(struct kh_ctx *ctx, int pid, const char *dir,
		     const char *parent, const char *logdir,
		     const char *logname);

/*
 * kh_criu_restore - restore the tree whose images are in @dir
 *
 * The restored root becomes a child of init, as it runs detached. Each of
 * @ext takes the place of the external socket with its inode.
 *
 * returns: the restored root's PID (> 0), or a negative errno with
 * ctx->err as for kh_criu_dump()
 */
int kh_criu_restore(struct kh_ctx *ctx, const char *dir, const char *logdir,
		    const char *logname, const struct kh_criu_ext_unix *ext,
		    int next);

#endif /* KH_CHECKPOINT_H */
