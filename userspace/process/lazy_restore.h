/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lazy_restore.h - restoring a group that runs before all its memory is
 * back (post-copy)
 *
 * CRIU's lazy restore: the processes come back without their anonymous
 * pages, and the lazy-pages daemon (criu lazy-pages) fills each one over
 * userfaultfd when it is first touched, copies the rest in the background
 * and exits when all are in. The tool adds what makes that safe here:
 *  - CRIU reads the page images only through the page checker
 *    (page_ranges.h), so a page is checked against the dump's CRCs before
 *    the process gets it, and a pmem store's pages are read straight from
 *    the region instead of being copied out first;
 *  - the tree is restored stopped, and before it runs a monitor process
 *    takes its own copies of the daemon's userfaultfds: while one is open
 *    a fault waits, so a daemon that fails leaves the processes waiting,
 *    not reading zeros, and the monitor kills them;
 *  - the monitor outlives restore and appends to lazy.status when the last
 *    page is in (the images are removed then) or why the tree was killed
 *    (the images are kept).
 */
#ifndef KH_LAZY_RESTORE_H
#define KH_LAZY_RESTORE_H

#include <stddef.h>

#include "kh.h"

struct kh_lazy_group {
	const char *dir;		/* the images */
	const char *logdir;		/* CRIU's work directory and logs */
	unsigned int index;		/* N of group-N */
	const char *name;		/* how lazy.status names the group */
	const char *device;		/* images read from here; NULL: files */
	const char *offsets;		/* with @device: "NAME=OFFSET ..." */
	int drop;			/* remove @dir once every page is in */
};

struct kh_lazy {
	int monitor;			/* its PID; 0 once handed over */
	int to, from;			/* pipes to and from it */
	char conf[4096 + 32];		/* CRIU's config: lazy, stopped */
	char report[4096 + 32];		/* the page checker's complaints */
	char log[64];			/* the daemon's log, in logdir */
	char so[4096];			/* the page checker */
};

/*
 * kh_lazy_start - start the monitor and, under it, the lazy-pages daemon
 * for @g; the group's pre-copy chain must be linked already
 *
 * returns: 0 once the daemon listens, or a negative errno with ctx->err
 * saying why (nothing is left running)
 */
int kh_lazy_start(struct kh_ctx *ctx, struct kh_lazy *l,
		  const struct kh_lazy_group *g);

/*
 * kh_lazy_env - set (@on) or clear the environment of CRIU's restore: a
 * lazy, stopped restore with the page checker loaded (it applies to
 * children started while it is set: libcriu's criu)
 *
 * returns: 0, or -ENOMEM with ctx->err saying so
 */
int kh_lazy_env(struct kh_ctx *ctx, struct kh_lazy *l,
		const struct kh_lazy_group *g, int on);

/*
 * kh_lazy_resume - after CRIU restored the tree at @pid, stopped: let the
 * monitor guard it and let it run
 *
 * returns: 0 with the tree running; or a negative errno with ctx->err
 * saying why, the tree killed
 */
int kh_lazy_resume(struct kh_ctx *ctx, struct kh_lazy *l, int pid);

/*
 * kh_lazy_cancel - the restore failed: stop the daemon and the monitor
 */
void kh_lazy_cancel(struct kh_lazy *l);

#endif /* KH_LAZY_RESTORE_H */
