/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store_write.h - the initrd store's archive of images
 *
 * Each image becomes the archive member
 *	KH_STORE_INITRD_DIR/group-N/NAME
 * of a further cpio archive after the initrd, so after the kexec the
 * kernel itself unpacks it into the initramfs. The other kinds of store
 * are reached through store.h.
 */
#ifndef KH_STORE_WRITE_H
#define KH_STORE_WRITE_H

#include <stddef.h>

#include "image_set.h"
#include "kh.h"

/* Where the new initramfs holds the images (no leading '/': a cpio name). */
#define KH_STORE_INITRD_DIR	"kexec-handoff/images"

/*
 * kh_store_write_initrd - write @out: the blob's early archive, @initrd_in
 * (or nothing) and the images' archive, as kh_initrd_assemble_with()
 * (the initrd store's assemble operation)
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_store_write_initrd(struct kh_ctx *ctx, const struct kh_image_set *s,
			  const char *out, const void *blob, size_t bloblen,
			  const char *initrd_in);

#endif /* KH_STORE_WRITE_H */
