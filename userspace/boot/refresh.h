/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * refresh.h - the storage records of a load, brought up to date at --exec
 *
 * --load captures storage, but the jump may come much later (an upgrade
 * script loads early and jumps at the end). A disk added in between is
 * then missing from the blob: the new kernel finds it only in the
 * deferred rescan, and never with handoff.rescan=off. So --exec captures
 * again and, only when the storage sections differ from the loaded blob,
 * writes the blob and initrd anew and loads the kernel again.
 */
#ifndef KH_REFRESH_H
#define KH_REFRESH_H

#include "exec_plan.h"
#include "kh.h"

/*
 * kh_storage_same - whether two checked blobs record the same storage
 *
 * Compares the scsi and ata sections node by node and property by
 * property, in order; the root (creation time, CRC) and the process and
 * store sections do not count.
 *
 * returns: 1 same, 0 different
 */
int kh_storage_same(const void *a, const void *b);

/*
 * kh_refresh_storage - capture again and reload @p if storage changed
 *
 * Says on stderr what it found and how long it took. On success the state
 * files (blob, initrd) match what is loaded.
 *
 * returns: 1 when the kernel was loaded again, 0 when nothing changed, or a
 * negative errno with ctx->err saying why (the load of --load is then
 * still the loaded one unless kexec itself failed, which ctx->err says)
 */
int kh_refresh_storage(struct kh_ctx *ctx, const struct kh_plan *p);

#endif /* KH_REFRESH_H */
