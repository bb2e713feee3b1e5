/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blob_walk.h - visit every node of a checked blob in order
 *
 * The text and JSON views walk the same tree; this keeps the iteration
 * (and its error handling) in one place and the views to formatting.
 */
#ifndef KH_BLOB_WALK_H
#define KH_BLOB_WALK_H

#include "handoff.h"

enum kh_section { KH_SEC_SCSI, KH_SEC_ATA, KH_SEC_PROC, KH_SEC_STORE };

/*
 * Callbacks may be NULL. section_begin/section_end are called for every
 * section, empty or not; for KH_SEC_STORE @store is NULL when the blob has
 * no store.
 */
struct kh_blob_visitor {
	void (*info)(void *arg, const struct handoff_info *info, int size);
	void (*section_begin)(void *arg, enum kh_section sec,
			      const struct handoff_store *store);
	void (*section_end)(void *arg, enum kh_section sec);
	void (*host_begin)(void *arg, const struct handoff_scsi_host *host);
	void (*scsi_dev)(void *arg, const struct handoff_scsi_dev *dev);
	void (*host_end)(void *arg);
	void (*port_begin)(void *arg, const struct handoff_ata_port *port);
	void (*ata_dev)(void *arg, const struct handoff_ata_dev *dev);
	void (*port_end)(void *arg);
	void (*group)(void *arg, int index, const struct handoff_group *group);
	void (*image)(void *arg, const struct handoff_image *image);
};

/*
 * kh_blob_walk - call @v's callbacks for every node of @blob
 * @blob: a blob that passed handoff_check_user()
 * @size: its size, as handoff_check_user() returned it
 *
 * returns: 0, or a negative HANDOFF_ERR_* code (only for an unchecked blob)
 */
int kh_blob_walk(const void *blob, int size, const struct kh_blob_visitor *v,
		 void *arg);

#endif /* KH_BLOB_WALK_H */
