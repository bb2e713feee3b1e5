/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blob_file.h - read a blob from a file and check it before anyone uses it
 */
#ifndef KH_BLOB_FILE_H
#define KH_BLOB_FILE_H

#include "kh.h"

/* Where the running (patched) kernel exposes the blob it was given. */
#define KH_SYSFS_BLOB "/sys/firmware/handoff/handoff.dtb"
#define KH_SYSFS_STATUS "/sys/firmware/handoff/status"

/*
 * kh_blob_load - read @path and pass it through handoff_check_user()
 * @path: a file, or "-" for standard input
 * @blob: set to a malloc'ed buffer on success; the caller frees it
 * @size: set to the blob's size
 *
 * returns: 0, or a negative errno with ctx->err saying what is wrong:
 *	-ENOENT etc. (the file), -EFBIG (over 256 KiB), -EINVAL (the blob is
 *	damaged or not a handoff blob; the message quotes handoff_strerror)
 */
int kh_blob_load(struct kh_ctx *ctx, const char *path, void **blob, int *size);

#endif /* KH_BLOB_FILE_H */
