// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_proc_ro.c - read the process and store sections of a blob
 *
 * Only user space reads /processes and /store, so only user space checks
 * them: this file is not part of the kernel's copy of the reader. The
 * kernel's handoff_check_full() stops at the storage sections, so a kind of
 * store or group this reader would refuse never makes a kernel drop the
 * storage records it can use; handoff_check_user() adds these sections.
 *
 * Nothing here allocates or writes; every function takes a const blob.
 */
#include "handoff_internal.h"

int handoff_group_first(const void *blob)
{
	return handoff_first_named_(blob,
				    handoff_section_(blob, HANDOFF_PROC_NODE),
				    HANDOFF_GROUP_PREFIX);
}

int handoff_group_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_GROUP_PREFIX);
}

int handoff_image_first(const void *blob)
{
	return handoff_first_named_(blob,
				    handoff_section_(blob, HANDOFF_STORE_NODE),
				    HANDOFF_IMAGE_PREFIX);
}

int handoff_image_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_IMAGE_PREFIX);
}

/* An empty "tcp-established" property is a flag: present or not. */
static int prop_flag_(const void *blob, int node, const char *name,
		      u32 bit, u32 *flags)
{
	int len;

	if (!fdt_getprop(blob, node, name, &len))
		return handoff_prop_missing_(len, 0);
	if (len != 0)
		return -HANDOFF_ERR_BADPROP;
	*flags |= bit;
	return 0;
}

int handoff_get_group(const void *blob, int node, struct handoff_group *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_GROUP_PREFIX);

	out->flags = 0;
	if (!err)
		err = handoff_prop_u32_(blob, node, "root-pid",
					&out->root_pid, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "comm", &out->comm, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "images", &out->images, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "unit", &out->unit, 0);
	if (!err && out->unit && !out->unit[0])
		err = -HANDOFF_ERR_BADPROP;
	if (!err)
		err = prop_flag_(blob, node, "tcp-established",
				 HANDOFF_GROUP_TCP_ESTABLISHED, &out->flags);
	return err;
}

int handoff_get_store(const void *blob, struct handoff_store *out)
{
	int node = handoff_section_(blob, HANDOFF_STORE_NODE);
	int err = node < 0 ? node : 0;

	if (!err)
		err = handoff_prop_str_(blob, node, "type", &out->type, 1);
	if (!err && strcmp(out->type, "initrd") && strcmp(out->type, "pmem"))
		err = -HANDOFF_ERR_BADPROP;
	if (!err)
		err = handoff_prop_str_(blob, node, "device", &out->device, 0);
	if (!err)
		err = handoff_prop_str_(blob, node, "memmap", &out->memmap, 0);
	if (!err)
		err = handoff_prop_u64_(blob, node, "size", &out->size, 1);
	return err;
}

int handoff_get_image(const void *blob, int node, struct handoff_image *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_IMAGE_PREFIX);

	if (!err)
		err = handoff_prop_str_(blob, node, "file", &out->name, 1);
	if (!err)
		err = handoff_prop_u32_(blob, node, "group", &out->group, 1);
	if (!err)
		err = handoff_prop_u64_(blob, node, "offset", &out->offset, 1);
	if (!err)
		err = handoff_prop_u64_(blob, node, "size", &out->size, 1);
	if (!err)
		err = handoff_prop_u32_(blob, node, HANDOFF_CRC_PROP,
					&out->crc32c, 1);
	return err;
}

/* Walk every group and image once so that later getters cannot fail. */
static int check_processes_(const void *blob)
{
	struct handoff_group group;
	struct handoff_store store;
	struct handoff_image image;
	int n, err;

	for (n = handoff_group_first(blob); n >= 0;
	     n = handoff_group_next(blob, n)) {
		err = handoff_get_group(blob, n, &group);
		if (err)
			return err;
	}
	if (n != -HANDOFF_ERR_NOTFOUND)
		return n;
	err = handoff_get_store(blob, &store);
	if (err)
		return err == -HANDOFF_ERR_NOTFOUND ? 0 : err;
	for (n = handoff_image_first(blob); n >= 0;
	     n = handoff_image_next(blob, n)) {
		err = handoff_get_image(blob, n, &image);
		if (err)
			return err;
	}
	return n == -HANDOFF_ERR_NOTFOUND ? 0 : n;
}

int handoff_check_user(const void *blob, size_t bufsize)
{
	int total = handoff_check_full(blob, bufsize);
	int err;

	if (total < 0)
		return total;
	err = check_processes_(blob);
	return err ? err : total;
}
