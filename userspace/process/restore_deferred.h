/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * restore_deferred.h - the groups restore --defer-tcp leaves for --deferred
 *
 * The state file KH_STATE_DEFERRED holds one group number (N of group-N,
 * in hex, as the node names it) per line. --deferred takes the file: it
 * is removed once read, so a group is never restored twice.
 */
#ifndef KH_RESTORE_DEFERRED_H
#define KH_RESTORE_DEFERRED_H

#include <stddef.h>

#include "kh.h"

/*
 * kh_deferred_save - write @count group numbers (none: remove the file)
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_deferred_save(struct kh_ctx *ctx, const unsigned int *idx, int count);

/*
 * kh_deferred_take - read and remove the list
 * @max: room in @idx
 *
 * returns: the number of groups (0 when there is no list), or a negative
 * errno with ctx->err naming the file; a damaged list is -EBADMSG
 */
int kh_deferred_take(struct kh_ctx *ctx, unsigned int *idx, int max);

/*
 * kh_deferred_parse - the numbers in @text (@len bytes, any content)
 *
 * returns: how many were stored in @idx, or -EBADMSG for a line that is
 * not a hex number or more than @max lines
 */
int kh_deferred_parse(const char *text, size_t len, unsigned int *idx,
		      int max);

#endif /* KH_RESTORE_DEFERRED_H */
