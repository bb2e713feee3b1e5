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
	/* In the order restore trusts them; past sysfs, it says which. */
	static const char *const why[] = {
		NULL, ": it ignored the handoff, or has no handoff support", "",
	};
	static const char *const what[] = {
		NULL, "the initramfs copy", "the copy the initramfs saved,",
	};
	char at[3][PATH_MAX];
	int i;

	if (explicit) {
		if (snprintf(where, PATH_MAX, "%s", explicit) >= PATH_MAX)
			return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long",
				       explicit);
		return kh_blob_load(ctx, where, blob, size);
	}
	if (kh_path(ctx, at[0], PATH_MAX, KH_SYSFS_BLOB) ||
	    kh_path(ctx, at[1], PATH_MAX, "/" HANDOFF_CPIO_PATH) ||
	    kh_state_path(ctx, at[2], PATH_MAX,
			  KH_STATE_RECEIVED_BLOB, 0))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	for (i = 0; i < 3; i++) {
		if (access(at[i], F_OK))
			continue;
		strcpy(where, at[i]);
		if (why[i])
			printf("kexec-handoff: the kernel published no blob (%s absent%s); using %s %s\n",
			       at[0], why[i], what[i], at[i]);
		return kh_blob_load(ctx, where, blob, size);
	}
	return kh_fail(ctx, -ENOENT, "no handoff blob: none of %s, %s and %s exists",
		       at[0], at[1], at[2]);
}

int kh_restore_images_dir(struct kh_ctx *ctx, char *out)
{
	if (kh_path(ctx, out, PATH_MAX, "/" KH_STORE_INITRD_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	if (!access(out, F_OK))
		return 0;
	return kh_state_path(ctx, out, PATH_MAX, KH_STATE_RECEIVED_IMAGES, 0);
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
