/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store_read.h - finding and checking a group's images in the new kernel
 *
 * The blob's store type picks the kind of store (store.h) that does it.
 */
#ifndef KH_STORE_READ_H
#define KH_STORE_READ_H

#include <stddef.h>

#include "kh.h"

/*
 * kh_store_fetch - make group @group's images ready for CRIU in @dir
 * @blob: a checked blob with a store
 * @group: N of the node group-N, which its images name
 * @name: the group's images property, the directory name in the store
 * @initrd_dir: for an initrd store, the directory the initramfs unpacked
 *	KH_STORE_INITRD_DIR into; the group's images are checked where they
 *	are, in @initrd_dir/@name, and @dir is set to that
 * @copy_dir: for a pmem store, the images are read from the device into
 *	@copy_dir/@name (checked while copied) and @dir is set to that
 *
 * Every image the blob lists for the group must be there with its size and
 * CRC32C, and a name must not leave its directory; nothing is deleted, so
 * a group that fails keeps its images.
 *
 * returns: 0, or a negative errno with ctx->err naming the image
 */
int kh_store_fetch(struct kh_ctx *ctx, const void *blob, unsigned int group,
		   const char *name, const char *initrd_dir,
		   const char *copy_dir, char *dir, size_t dirlen);

#endif /* KH_STORE_READ_H */
