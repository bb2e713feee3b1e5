// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_strerror.c - names for HANDOFF_ERR_* codes
 *
 * Shared with the kernel, whose /sys/firmware/handoff/status quotes these
 * strings, so a reason reads the same in the tool and in the kernel.
 */
#include "handoff.h"

static const char *const handoff_errtable[HANDOFF_ERR_MAX + 1] = {
	[HANDOFF_ERR_NOTFOUND] = "not found",
	[HANDOFF_ERR_NOSPACE] = "no space left in the blob buffer",
	[HANDOFF_ERR_BADSTATE] = "builder called out of order",
	[HANDOFF_ERR_BADVALUE] = "bad argument",
	[HANDOFF_ERR_BADOFFSET] = "not a node of the expected kind",
	[HANDOFF_ERR_TRUNCATED] = "truncated blob",
	[HANDOFF_ERR_BADMAGIC] = "not a device tree blob (bad magic)",
	[HANDOFF_ERR_TOOBIG] = "blob larger than 256 KiB",
	[HANDOFF_ERR_CHECKSUM] = "checksum mismatch",
	[HANDOFF_ERR_BADSTRUCTURE] = "malformed device tree structure",
	[HANDOFF_ERR_COMPATIBLE] = "not a kexec-handoff blob (compatible)",
	[HANDOFF_ERR_VERSION] = "newer major format version than this reader",
	[HANDOFF_ERR_BADPROP] = "malformed property",
	[HANDOFF_ERR_MISSING] = "required property missing",
	[HANDOFF_ERR_INTERNAL] = "internal error (a bug)",
};

const char *handoff_strerror(int err)
{
	if (err >= 0)
		return "success";
	if (err < -HANDOFF_ERR_MAX || !handoff_errtable[-err])
		return "unknown error";
	return handoff_errtable[-err];
}
