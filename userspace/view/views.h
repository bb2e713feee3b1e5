/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * views.h - ways to print a checked blob
 *
 * Each returns 0 or a negative HANDOFF_ERR_* code (only for a blob that
 * did not pass handoff_check_user()).
 */
#ifndef KH_VIEWS_H
#define KH_VIEWS_H

#include <stdio.h>

int kh_view_text(FILE *out, const void *blob, int size);
int kh_view_json(FILE *out, const void *blob, int size);
int kh_view_dts(FILE *out, const void *blob, int size);

/* kh_scsi_type_name - short name of a SCSI peripheral device type */
const char *kh_scsi_type_name(unsigned int type);

#endif /* KH_VIEWS_H */
