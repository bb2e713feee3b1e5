/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * privilege.h - refusing early what only root may do
 */
#ifndef KH_PRIVILEGE_H
#define KH_PRIVILEGE_H

#include "kh.h"

/*
 * kh_require_root - refuse politely when not running as root
 * @what: the operation, for the message
 *
 * returns: 0, or -EPERM with ctx->err explaining
 */
int kh_require_root(struct kh_ctx *ctx, const char *what);

#endif /* KH_PRIVILEGE_H */
