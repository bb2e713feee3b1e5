// SPDX-License-Identifier: GPL-2.0-only
/*
 * restore_blob.c - finding the blob that names the checkpointed groups
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "blob_file.h"
#include "handoff.h"
#include "restore_blob.h"
#include "state.h"
#include "store_write.h"

int kh_restore_find_blob(struct kh_ctx *ctx, const char *explicit,
			 void **blob, int *size, char *where)
{
	char sysfs[PATH_MAX], early[PATH_MAX], saved[PATH_MAX];

	if (explicit) {
		if (snprintf(where, PATH_MAX, "%s", explicit) >= PATH_MAX)
			return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long",
				       explicit);
		return kh_blob_load(ctx, where, blob, size);
	}
	if (kh_path(ctx, sysfs, sizeof(sysfs), KH_SYSFS_BLOB) ||
	    kh_path(ctx, early, sizeof(early), "/" HANDOFF_CPIO_PATH) ||
	    kh_state_path(ctx, saved, sizeof(saved),
			  KH_STATE_RECEIVED "/" KH_STATE_BLOB, 0))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	if (!access(sysfs, F_OK)) {
		strcpy(where, sysfs);
		return kh_blob_load(ctx, where, blob, size);
	}
	if (!access(early, F_OK)) {
		strcpy(where, early);
		printf("kexec-handoff: the kernel published no blob (%s absent: it ignored the handoff, or has no handoff support); using the initramfs copy %s\n",
		       sysfs, early);
		return kh_blob_load(ctx, where, blob, size);
	}
	if (!access(saved, F_OK)) {
		strcpy(where, saved);
		printf("kexec-handoff: the kernel published no blob (%s absent); using the copy the initramfs saved, %s\n",
		       sysfs, saved);
		return kh_blob_load(ctx, where, blob, size);
	}
	return kh_fail(ctx, -ENOENT, "no handoff blob: none of %s, %s and %s exists",
		       sysfs, early, saved);
}

int kh_restore_images_dir(struct kh_ctx *ctx, char *out)
{
	if (kh_path(ctx, out, PATH_MAX, "/" KH_STORE_INITRD_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	if (!access(out, F_OK))
		return 0;
	return kh_state_path(ctx, out, PATH_MAX, KH_STATE_RECEIVED "/images", 0);
}

int kh_restore_images_present(const char *images)
{
	struct dirent *e;
	int found = 0;
	DIR *d = opendir(images);

	if (!d)
		return 0;
	while (!found && (e = readdir(d)))
		found = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return found;
}
