/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * capture.h - record what storage discovery found, from sysfs, in a blob
 *
 * The new kernel trusts the blob to narrow its probe: it scans only the
 * recorded SCSI LUNs of a recorded host and skips the reset of an ATA port
 * recorded as link-down. A wrong entry can therefore hide a disk, while a
 * missing entry only costs a full probe of that host or port. So:
 *
 * - A SCSI host or ATA port is recorded completely or not at all. It is
 *   left out, with a warning on stderr naming the file, when anything
 *   needed to describe it or one of its devices correctly cannot be read:
 *     SCSI host:   its class/scsi_host link, proc_name, parent device;
 *     SCSI device: its bus/scsi/devices link, type, vendor, model, rev;
 *     ATA port:    its class/ata_port link, port_no, the controller's
 *                  driver link, parent device, the host link directory
 *                  (linkN) and each device's class; for a device that is
 *                  present (class other than "none" or "unknown") a class
 *                  the binding knows (ata, atapi, pmp, semb, zac), its
 *                  IDENTIFY data (the id attribute, at least 47 words;
 *                  port multipliers have none, so their ports are left
 *                  out) and a printable, non-empty model in it.
 *   Names that identify a host or port (proc_name, the driver, the parent
 *   device's path) must be printable ASCII like every string in the blob;
 *   one that is not leaves that host or port out.
 * - Optional values are recorded only when read intact: a SCSI device's
 *   serial (vpd_pg80), wwid and, for disks (types 0x00, 0x0e, 0x14),
 *   capacity (block/<name>/size), an ATA port's sata_spd (a speed like
 *   "6.0 Gbps", not "<unknown>"), an ATA device's serial, firmware and,
 *   for class ata or zac, sectors (size of the SCSI disk libata made of
 *   it). Other devices' sizes are placeholders (sr shows 0x1fffff sectors
 *   for an empty drive) and are never recorded. An absent file is normal
 *   and silent; one that is present but unreadable, too long for the blob
 *   or not printable is left out with a warning. Nothing is ever
 *   truncated or guessed.
 * - The capture as a whole fails when the tree cannot be trusted at all:
 *   the sysfs root is missing or has no devices/, a class or bus directory
 *   exists but cannot be listed, the root information cannot be read,
 *   memory runs out or the blob is full. A missing class/scsi_host,
 *   bus/scsi/devices or class/ata_port directory means "none" (a kernel
 *   built without SCSI or libata).
 *
 * How values are derived, so that the reading kernel derives its own the
 * same way:
 * - INQUIRY vendor, model and rev are the sysfs attributes without their
 *   newline; the wwid is the attribute without its newline, as it is.
 * - A SCSI serial is VPD page 0x80 (byte 1 must be 0x80): byte 3 gives the
 *   length, clamped to the bytes present; the serial starts at byte 4.
 * - ATA model, serial and firmware are IDENTIFY words 27-46, 10-19 and
 *   23-26, high byte of each word first.
 * - INQUIRY, VPD and IDENTIFY fields lose leading blanks and trailing
 *   blanks and NULs, and must then be printable ASCII: handoff_field_trim(),
 *   which the kernel compares its devices' fields by.
 * - An ATA port's link is "up" when a device is present or sata_spd shows
 *   a negotiated speed, else "down".
 * - Hosts are identified by proc_name, parent and ordinal (ident.h), ports
 *   by driver, parent and port_no - 1; host and port numbers are not
 *   recorded. Hosts, devices and ports appear in natural order of their
 *   sysfs names (host2 before host10, 0:0:2:0 before 0:0:10:0).
 */
#ifndef KH_CAPTURE_H
#define KH_CAPTURE_H

#include <stddef.h>

#include "handoff.h"
#include "kh.h"
#include "sysfs.h"

/*
 * kh_capture_begin - start a blob holding the storage found in sysfs
 * @ctx: context; the tree is read from ctx->sysfs, the root information
 *	from <ctx->root>/proc/sys/kernel/osrelease and .../random/boot_id
 * @b: builder, left open on success so the caller can add process groups
 *	and the store before handoff_finish()
 * @buf: buffer for the blob
 * @size: its size; at most HANDOFF_MAX_SIZE of it is used
 *
 * The creation time is $SOURCE_DATE_EPOCH when set (so that tests produce
 * the same bytes every time), else the current time. Left-out hosts and
 * ports are reported on stderr (see above) and do not fail the capture.
 *
 * returns:
 *	0, or a negative errno with ctx->err naming the file concerned:
 *	-ENOENT, -ENOTDIR, -EACCES..., the sysfs root or a proc file cannot
 *	be read, or a class or bus directory cannot be listed
 *	-EINVAL, SOURCE_DATE_EPOCH or a proc file holds something unusable
 *	-ENOSPC, the blob would exceed @size or HANDOFF_MAX_SIZE; the message
 *	says how many devices were collected
 *	-ENOMEM, -ENAMETOOLONG
 *	-EIO, the blob builder failed unexpectedly
 */
int kh_capture_begin(struct kh_ctx *ctx, struct handoff_builder *b, void *buf,
		     size_t size);

/*
 * kh_capture - capture the storage found in sysfs into a finished blob
 * @ctx: as for kh_capture_begin()
 * @buf: buffer for the blob
 * @size: its size; at most HANDOFF_MAX_SIZE of it is used
 *
 * returns:
 *	the size of the blob (> 0), or
 *	anything kh_capture_begin() returns
 */
int kh_capture(struct kh_ctx *ctx, void *buf, size_t size);

/*
 * Shared between capture.c, capture_scsi.c and capture_ata.c only.
 */

struct kh_capture {
	struct kh_sysfs fs;
	struct handoff_builder *b;
	size_t limit;			/* bytes the blob may take */
	unsigned int hosts, scsi_devs;	/* recorded so far */
	unsigned int ports, ata_devs;
};

/*
 * kh_capture_scsi_ - add every SCSI host with its devices
 * kh_capture_ata_ - add every ATA port with its devices
 * @cap: the capture, with an open tree and a builder
 *
 * returns: 0, or a negative errno as for kh_capture_begin()
 */
int kh_capture_scsi_(struct kh_capture *cap);
int kh_capture_ata_(struct kh_capture *cap);

/*
 * kh_capture_fatal_ - whether a read error stops the capture
 * @err: a negative errno
 *
 * Errors of the system (out of memory or file descriptors) are not about
 * one host or port, so leaving that one out would not help.
 *
 * returns: 1 if fatal, else 0
 */
int kh_capture_fatal_(int err);

/*
 * kh_capture_optional_ - the outcome of reading an optional value
 * @cap: the capture
 * @err: what the reader returned; on failure ctx->err says why
 *
 * returns: 0 when the capture goes on (the value was read, is absent, or
 * is left out with a warning), else @err (fatal)
 */
int kh_capture_optional_(struct kh_capture *cap, int err);

/*
 * kh_capture_left_out_ - report a host or port left out of the blob
 * @cap: the capture
 * @what: "SCSI host host3", "ATA port ata2"
 * @err: why; ctx->err says more
 *
 * returns: 0 when the capture goes on, else @err (fatal)
 */
int kh_capture_left_out_(struct kh_capture *cap, const char *what, int err);

/*
 * kh_capture_add_failed_ - turn a blob builder error into an errno
 * @cap: the capture
 * @herr: a negative HANDOFF_ERR_* code
 * @what: the node that was being added
 *
 * returns: -ENOSPC (blob full, with the counts collected so far), -EINVAL
 * (a value the builder rejected) or -EIO (anything else)
 */
int kh_capture_add_failed_(struct kh_capture *cap, int herr, const char *what);

#endif /* KH_CAPTURE_H */
