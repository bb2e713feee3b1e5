/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store_write.h - putting process images where the new kernel finds them
 *
 * initrd store: each image becomes the archive member
 *	KH_STORE_INITRD_DIR/group-N/NAME
 * of a further cpio archive after the initrd, so after the kexec the
 * kernel itself unpacks it into the initramfs; nothing needs preparing.
 * pmem store: each image is written at its offset (kh_images_add() lays
 * them out) on a legacy pmem device, a RAM region that memmap=SIZE!ADDR
 * keeps out of both kernels' hands, so it survives the kexec without
 * being copied into the new kernel's image.
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
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_store_write_initrd(struct kh_ctx *ctx, const struct kh_image_set *s,
			  const char *out, const void *blob, size_t bloblen,
			  const char *initrd_in);

/*
 * kh_store_write_pmem - write the images to @device at their offsets and
 * sync; refuses a device smaller than the store
 *
 * Each image's CRC32C is computed on the way: stored in the set when
 * s->crc_later, else compared with the one listed (a file that changed
 * since is refused).
 *
 * returns: 0, or a negative errno with ctx->err naming the device
 */
int kh_store_write_pmem(struct kh_ctx *ctx, struct kh_image_set *s,
			const char *device);

#endif /* KH_STORE_WRITE_H */
