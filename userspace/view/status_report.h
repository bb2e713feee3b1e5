/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * status_report.h - what the handoff did in this system: the kernel's
 * part and user space's
 *
 * The kernel reports what it used, verified or fell back on in
 * KH_SYSFS_STATUS; that comes first, verbatim. User space leaves its own
 * records in the state directory: the initramfs script keeps what it
 * received (KH_STATE_RECEIVED_BLOB, KH_STATE_RECEIVED_IMAGES) and restore
 * writes one line per group and phase (KH_STATE_RESTORE_STATUS). Those
 * follow, each under a heading, in plain text.
 */
#ifndef KH_STATUS_REPORT_H
#define KH_STATUS_REPORT_H

#include <stdio.h>

#include "kh.h"

/*
 * kh_status_report - print all of the above on @out
 *
 * A kernel without handoff support, or booted without a blob, has no
 * report: that is said in one line, not as an error. Nor is a state
 * directory that does not exist (nothing was received or restored) or
 * cannot be read (only root may): the first prints nothing, the second
 * says so.
 *
 * returns: 0, or a negative errno with ctx->err naming a file that
 * exists but cannot be read
 */
int kh_status_report(struct kh_ctx *ctx, FILE *out);

#endif /* KH_STATUS_REPORT_H */
