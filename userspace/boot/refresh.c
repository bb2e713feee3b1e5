// SPDX-License-Identifier: GPL-2.0-only
/*
 * refresh.c - the storage records of a load, brought up to date at --exec
 * (refresh.h)
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blob_file.h"
#include "capture.h"
#include "handoff.h"
#include "initrd.h"
#include "kexec_load.h"
#include "refresh.h"
#include "state.h"

/* Same name, same properties in the same order, same children: the
 * builder writes a given capture the same way every time. */
static int same_node_(const void *a, int na, const void *b, int nb, int depth)
{
	int pa, pb, ca, cb;

	if (depth > 8 || strcmp(fdt_get_name(a, na, NULL), fdt_get_name(b, nb, NULL)))
		return 0;
	pa = fdt_first_property_offset(a, na);
	pb = fdt_first_property_offset(b, nb);
	for (; pa >= 0 && pb >= 0; pa = fdt_next_property_offset(a, pa),
	     pb = fdt_next_property_offset(b, pb)) {
		const char *sa, *sb;
		int la, lb;
		const void *va = fdt_getprop_by_offset(a, pa, &sa, &la);
		const void *vb = fdt_getprop_by_offset(b, pb, &sb, &lb);

		if (!va || !vb || la != lb || strcmp(sa, sb) ||
		    memcmp(va, vb, (size_t)la))
			return 0;
	}
	if (pa >= 0 || pb >= 0)
		return 0;
	ca = fdt_first_subnode(a, na);
	cb = fdt_first_subnode(b, nb);
	for (; ca >= 0 && cb >= 0; ca = fdt_next_subnode(a, ca),
	     cb = fdt_next_subnode(b, cb))
		if (!same_node_(a, ca, b, cb, depth + 1))
			return 0;
	return ca < 0 && cb < 0;
}

static int same_section_(const void *a, const void *b, const char *path)
{
	int na = fdt_path_offset(a, path), nb = fdt_path_offset(b, path);

	if (na < 0 || nb < 0)
		return na < 0 && nb < 0;
	return same_node_(a, na, b, nb, 0);
}

int kh_storage_same(const void *a, const void *b)
{
	return same_section_(a, b, "/scsi") && same_section_(a, b, "/ata");
}

/* The new blob and initrd beside the current ones, loaded, then renamed
 * over them, as --load does: a failure leaves the current files. */
static int reload_(struct kh_ctx *ctx, const struct kh_plan *p,
		   const void *blob, int size)
{
	char cur[2][PATH_MAX], tmp[2][PATH_MAX];
	int i, err = 0;

	for (i = 0; !err && i < 2; i++) {
		const char *name = i ? KH_STATE_INITRD : KH_STATE_BLOB;

		err = kh_state_path(ctx, cur[i], PATH_MAX, name, 0);
		if (!err && snprintf(tmp[i], PATH_MAX, "%s.new", cur[i]) >= PATH_MAX)
			err = kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", cur[i]);
	}
	if (!err)
		err = kh_load_files_write(ctx, blob, (size_t)size,
					  p->initrd[0] ? p->initrd : NULL,
					  tmp[0], tmp[1]);
	if (!err)
		err = kh_kexec_load(ctx, p, tmp[1], 0);
	for (i = 0; !err && i < 2; i++)
		if (rename(tmp[i], cur[i]))
			err = kh_fail(ctx, -errno, "%s: %s", cur[i], strerror(errno));
	unlink(tmp[0]);
	unlink(tmp[1]);
	return err;
}

int kh_refresh_storage(struct kh_ctx *ctx, const struct kh_plan *p)
{
	char path[PATH_MAX];
	void *old = NULL, *now = aligned_alloc(8, HANDOFF_MAX_SIZE);
	int oldsize, size, ret;

	if (!now)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	ret = kh_state_path(ctx, path, sizeof(path), KH_STATE_BLOB, 0);
	if (!ret)
		ret = kh_blob_load(ctx, path, &old, &oldsize);
	size = ret ? ret : kh_capture(ctx, now, HANDOFF_MAX_SIZE);
	ret = size < 0 ? size : !kh_storage_same(old, now);
	if (ret == 1 && reload_(ctx, p, now, size))
		ret = -EIO;
	if (ret == 0)
		fprintf(stderr, "kexec-handoff: storage unchanged since --load\n");
	else if (ret == 1)
		fprintf(stderr, "kexec-handoff: storage changed since --load: captured again and reloaded\n");
	free(old);
	free(now);
	return ret;
}
