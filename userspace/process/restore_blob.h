/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * restore_blob.h - finding the blob that names the checkpointed groups
 *
 * A patched kernel that accepted the blob publishes it in sysfs. But the
 * processes were killed at the dump whatever the new kernel does with the
 * blob: under lockdown, with handoff=off, or in a stock kernel there is no
 * sysfs copy, and reporting "nothing to restore" would lose them silently.
 * The blob is also the early cpio member HANDOFF_CPIO_PATH, which the
 * kernel unpacks into the initramfs like any other file, so restore reads
 * that copy when sysfs has none. After the switch to the real root the
 * initramfs is gone: an initramfs hook saves both in the state directory
 * first (KH_STATE_RECEIVED), and restore looks there last. When no blob
 * exists but images do, the caller must fail loudly.
 */
#ifndef KH_RESTORE_BLOB_H
#define KH_RESTORE_BLOB_H

#include <stddef.h>

#include "kh.h"

/*
 * kh_restore_find_blob - load and check the blob restore works from
 * @explicit: a file the user named, or NULL to look in sysfs, then in the
 *	initramfs
 * @where: set to the path the blob came from (PATH_MAX bytes)
 *
 * returns: 0 with @blob (malloc'ed) and @size set; -ENOENT when no blob
 * exists in either place (ctx->err names both); another negative errno
 * when a blob exists but cannot be used (ctx->err says why)
 */
int kh_restore_find_blob(struct kh_ctx *ctx, const char *explicit,
			 void **blob, int *size, char *where);

/*
 * kh_restore_images_dir - where an initrd store's images are: the
 * initramfs's KH_STORE_INITRD_DIR while it exists, else the saved copy
 * below KH_STATE_RECEIVED (@out, PATH_MAX bytes, under ctx->root)
 *
 * returns: 0, or -ENAMETOOLONG with ctx->err saying so
 */
int kh_restore_images_dir(struct kh_ctx *ctx, char *out);

/*
 * kh_restore_images_present - whether the initrd store's directory
 * @images (a path already under ctx->root) holds anything
 *
 * returns: 1 or 0
 */
int kh_restore_images_present(const char *images);

#endif /* KH_RESTORE_BLOB_H */
