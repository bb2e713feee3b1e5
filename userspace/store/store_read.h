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
 * Where the page checker finds the images lazy restore serves: restore
 * asks for them to be left to it (page_ranges.h), and a store on a device
 * says which device and where each lies.
 */
struct kh_lazy_source {
	char device[PATH_MAX];		/* "" when the files are in place */
	char offsets[4096];		/* "NAME=OFFSET ...": where in it */
};

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
 * @lazy: NULL, or the images lazy restore serves are neither copied nor
 *	checked whole (the page checker checks them range by range, reading
 *	them where @lazy says); a pmem store leaves empty stand-ins
 *
 * returns: 0, or a negative errno with ctx->err naming the image
 */
int kh_store_fetch(struct kh_ctx *ctx, const void *blob, unsigned int group,
		   const char *name, const char *initrd_dir,
		   const char *copy_dir, char *dir, size_t dirlen,
		   struct kh_lazy_source *lazy);

/*
 * kh_store_lists - whether the blob @blob lists image @name of group @group
 */
int kh_store_lists(const void *blob, unsigned int group, const char *name);

#endif /* KH_STORE_READ_H */
