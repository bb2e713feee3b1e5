/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * handoff_internal.h - shared between the reader and the builder only
 */
#ifndef HANDOFF_INTERNAL_H
#define HANDOFF_INTERNAL_H

#include "handoff.h"

#define HANDOFF_CRC_PROP	"crc32c"

/*
 * The CRC must be found before the tree is trusted, so it sits at a fixed
 * place: the first property of the root. From the start of the structure
 * block that is the root's BEGIN_NODE tag and empty name (8 bytes), then the
 * property's tag, length and name offset (12 bytes).
 */
#define HANDOFF_CRC_TAG_OFF	8
#define HANDOFF_CRC_VALUE_OFF	20

/* Node names; the reader matches these prefixes and skips anything else. */
#define HANDOFF_SCSI_NODE	"scsi"
#define HANDOFF_ATA_NODE	"ata"
#define HANDOFF_PROC_NODE	"processes"
#define HANDOFF_STORE_NODE	"store"
#define HANDOFF_HOST_PREFIX	"host-"
#define HANDOFF_PORT_PREFIX	"port-"
#define HANDOFF_GROUP_PREFIX	"group-"
#define HANDOFF_IMAGE_PREFIX	"image-"
#define HANDOFF_DEV_PREFIX	"dev@"

/* Cells of a SCSI device's reg: channel, id, lun (high), lun (low). */
#define HANDOFF_SCSI_REG_CELLS	4

/*
 * handoff_crc_slot_ - where the crc32c value of a blob lives
 * @blob: a blob whose header has passed handoff_check_header()
 * @totalsize: its size
 *
 * returns: the byte offset of the value, or -HANDOFF_ERR_CHECKSUM when the
 * first root property is not a 4-byte "crc32c".
 */
int handoff_crc_slot_(const void *blob, u32 totalsize);

/*
 * handoff_blob_crc_ - CRC32C of a blob, counting its crc32c value as zero
 */
u32 handoff_blob_crc_(const void *blob, u32 totalsize, int slot);

/*
 * Readers shared by handoff_ro.c and the user-space handoff_proc_ro.c,
 * which reads the sections the kernel does not use.
 *
 * handoff_prop_u32_, handoff_prop_u64_, handoff_prop_str_ - read property
 * @name of @node into @out; @required says whether absence is an error
 * (-HANDOFF_ERR_MISSING) or leaves @out at 0 or NULL. A value of the wrong
 * length or form is -HANDOFF_ERR_BADPROP. handoff_prop_missing_ turns
 * fdt_getprop()'s @len for an absent property into that result.
 */
int handoff_prop_missing_(int len, int required);
int handoff_prop_u32_(const void *blob, int node, const char *name, u32 *out,
		      int required);
int handoff_prop_u64_(const void *blob, int node, const char *name, u64 *out,
		      int required);
int handoff_prop_str_(const void *blob, int node, const char *name,
		      const char **out, int required);

/*
 * handoff_section_ - offset of the root's child @name, or
 * -HANDOFF_ERR_NOTFOUND
 * handoff_first_named_ - first child of @parent whose name begins with
 * @prefix (@parent may be an error, which is passed on)
 * handoff_next_sibling_ - the next such sibling of @prev
 * handoff_is_kind_ - 0 when @node is a node named @prefix..., else
 * -HANDOFF_ERR_BADOFFSET
 */
int handoff_section_(const void *blob, const char *name);
int handoff_first_named_(const void *blob, int parent, const char *prefix);
int handoff_next_sibling_(const void *blob, int prev, const char *prefix);
int handoff_is_kind_(const void *blob, int node, const char *prefix);

#endif /* HANDOFF_INTERNAL_H */
