/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * precopy.h - copying a group's memory while it still runs
 *
 * With --precopy, --exec pre-dumps each group (CRIU pre-dump, soft-dirty
 * tracking) before it freezes anything, round after round while the pages
 * the workload dirtied since the last round keep shrinking; the dump at the
 * freeze then writes only what changed since the last round. The rounds
 * are CRIU's parent chain: round K in CHAIN/pre-K, whose "parent" link
 * names pre-(K-1), and the final images' link names the last round.
 *
 * The store carries a round's files as the group's images "pre-K/NAME";
 * links are no images (a store carries regular files only), so the new
 * system makes them again from the names, kh_precopy_link().
 */
#ifndef KH_PRECOPY_H
#define KH_PRECOPY_H

#include "image_set.h"
#include "kh.h"

/* Never more rounds than this, however well the copy converges. */
#define KH_PRECOPY_MAX_ROUNDS	6
/* What a chain is called in messages. */
#define KH_PRECOPY_WHAT		"pre-copy images"
/* A round that wrote no more than this leaves too little to chase. */
#define KH_PRECOPY_SMALL	(1ull << 20)

enum kh_precopy_step {
	KH_PRECOPY_AGAIN,	/* another round pays */
	KH_PRECOPY_DONE,	/* keep the chain; the freeze dumps the rest */
	KH_PRECOPY_GIVE_UP,	/* the workload dirties faster than the copy */
};

/*
 * kh_precopy_next - what to do after round @n (1-based), rounds 1..@n
 * having written @written[0..n-1] bytes of pages
 *
 * A round that rewrote more than half of what the first one copied means
 * the final dump writes nearly all of it again: the chain is dropped. A
 * round shrinking the rest by less than half is as far as it converges.
 */
enum kh_precopy_step kh_precopy_next(const unsigned long long *written,
				     int n);

/* @out: "pre-@round", the name of a round's directory in its chain. */
int kh_precopy_round_name(char *out, size_t len, int round);

/*
 * kh_precopy_written - bytes of page data in @dir, what one dump or
 * pre-dump wrote (CRIU's pages-*.img files)
 */
int kh_precopy_written(struct kh_ctx *ctx, const char *dir,
		       unsigned long long *bytes);

/*
 * kh_precopy_list - add rounds 1..@rounds of @chain to @s as images
 * "pre-K/NAME" of group @group
 */
int kh_precopy_list(struct kh_ctx *ctx, struct kh_image_set *s,
		    uint32_t group, const char *chain, int rounds);

/* What kh_precopy_run() did for one group. */
struct kh_precopy_run {
	int rounds;		/* rounds kept in the chain; 0: none */
	int tried;		/* rounds run, kept or not */
	unsigned long long written[KH_PRECOPY_MAX_ROUNDS];
	double seconds;
};

/*
 * kh_precopy_run - pre-dump the tree of @pid, group @index, into the chain
 * directory @chain (made afresh), CRIU's logs in @logdir
 *
 * A failed round or a workload dirtying faster than the copy drops the
 * chain with a message on stderr: the freeze then dumps everything, as
 * without --precopy.
 *
 * returns: 0 (@r->rounds says whether a chain is kept), or -EINTR when a
 * signal held by kh_signals_hold() came in (the chain is removed), or
 * another negative errno when @chain cannot be made
 */
int kh_precopy_run(struct kh_ctx *ctx, int pid, int index, const char *chain,
		   const char *logdir, struct kh_precopy_run *r);

/* @out: the final dump's parent, relative to a sibling of @chain. */
int kh_precopy_parent(char *out, size_t len, const char *chain, int rounds);

/*
 * kh_precopy_link - in a group's images directory @dir as a store gave it
 * back, link the rounds it holds: @dir/parent to the last pre-K, each
 * pre-K/parent to ../pre-(K-1). A directory without rounds (no pre-copy,
 * or the old system's own, where CRIU made the links) is left alone.
 *
 * returns: 0, or a negative errno with ctx->err saying which round is
 * missing or what is in the way
 */
int kh_precopy_link(struct kh_ctx *ctx, const char *dir);

#endif /* KH_PRECOPY_H */
