/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * restore.h - bringing checkpointed process groups back in the new kernel
 *
 * Checks every group's images against the blob, locks the recorded TCP
 * connections, puts back carried files, restores each group with CRIU and
 * lifts the lock. Groups are independent: one that fails says why and
 * keeps its images; the others still restore, and their images are
 * removed.
 *
 * CRIU puts an established connection back with connect() in repair mode,
 * which still needs a route to the peer, so such a group can only be
 * restored once the network is configured. KH_RESTORE_DEFER_TCP (before
 * the network) restores the other groups and locks the connections of
 * these; KH_RESTORE_DEFERRED (after it) restores them and lifts the lock.
 * KH_RESTORE_ALL does everything at once, for systems whose network is
 * already up.
 */
#ifndef KH_RESTORE_H
#define KH_RESTORE_H

#include "kh.h"

enum kh_restore_phase {
	KH_RESTORE_ALL,
	KH_RESTORE_DEFER_TCP,
	KH_RESTORE_DEFERRED,
};

struct kh_restore_opts {
	const char *blob;	/* NULL: find it (restore_blob.h) */
	const char *images;	/* the initrd store, under ctx->root; NULL:
				 * kh_restore_images_dir() */
	int no_netlock;
	enum kh_restore_phase phase;
};

/*
 * kh_restore - restore the groups of @o->phase
 *
 * Reports each group on stdout and appends to the state file
 * KH_STATE_RESTORE_STATUS. A blob that names no processes, or no blob at
 * all while no images are present either, is "nothing to restore" and
 * succeeds; images without a blob that can be read fail.
 *
 * returns: 0 when every group of the phase was restored (or there were
 * none), else a negative errno with ctx->err saying how many failed or
 * why nothing could be tried
 */
int kh_restore(struct kh_ctx *ctx, const struct kh_restore_opts *o);

#endif /* KH_RESTORE_H */
