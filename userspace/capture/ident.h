/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ident.h - stable identities of storage controllers
 *
 * Host numbers (host0) and ATA print ids (ata1) count in probe order, and
 * the next kernel may probe in another order. A SCSI host or ATA port is
 * therefore named by its driver, its parent device and, for several hosts
 * of one driver below one parent, an ordinal.
 */
#ifndef KH_IDENT_H
#define KH_IDENT_H

#include <stddef.h>
#include <stdint.h>

#include "handoff.h"
#include "kh.h"

/*
 * kh_ident_parent - the stable parent of a host or port device
 * @ctx: context, for the message on failure
 * @devpath: the device's directory relative to the sysfs root, links
 *	resolved ("devices/pci0000:00/0000:00:1f.2/ata1/host0")
 * @out: receives the parent
 * @len: size of @out
 *
 * handoff_parent_id(), which the new kernel runs on its own device: the
 * nearest PCI function as "pci:0000:00:1f.2", else "path:" and the path
 * below devices/ without its probe-numbered components, so
 * "devices/pseudo_0/adapter0/host4" gives "path:pseudo_0/adapter0".
 *
 * returns:
 *	0, or
 *	-EINVAL, @devpath is not below devices/, or nothing of it is left
 *	once the probe-numbered components are removed
 *	-EILSEQ, the parent holds a byte outside printable ASCII (the blob
 *	holds nothing else)
 *	-ENAMETOOLONG, the parent does not fit in @out
 */
int kh_ident_parent(struct kh_ctx *ctx, const char *devpath, char *out,
		    size_t len);

/*
 * kh_ident_is_printable - whether @s is printable ASCII, as every string in
 * the blob must be (the kernel quotes them in its log and status file)
 *
 * returns: 1 if every byte of @s is 0x20..0x7e (or @s is empty), else 0
 */
int kh_ident_is_printable(const char *s);

/*
 * kh_ident_string - an identity string from the bytes a device reported
 * @raw: the field (INQUIRY vendor/model/rev, VPD page 0x80 serial, ATA
 *	IDENTIFY words in string order)
 * @n: its width
 * @out: receives the string
 * @len: size of @out
 *
 * The padding is dropped by handoff_field_trim(), the rule the new kernel
 * compares its devices' fields by (handoff_field_matches()).
 *
 * returns:
 *	the length of the string in @out (>= 0, 0 when all padding), or
 *	-EILSEQ, a byte outside printable ASCII remains
 *	-EOVERFLOW, the string does not fit in @out
 */
int kh_ident_string(const unsigned char *raw, size_t n, char *out,
		    size_t len);

/* What makes a host the same in both kernels, apart from its ordinal. */
struct kh_ident {
	const char *driver;	/* NULL: unknown, matches nothing */
	const char *parent;	/* NULL: unknown, matches nothing */
};

/*
 * kh_ident_ordinal - index of a host among those with its driver and parent
 * @ids: every host, in host-number order
 * @i: the host asked about
 *
 * returns: how many of @ids[0..@i-1] have the same driver and parent
 */
uint32_t kh_ident_ordinal(const struct kh_ident *ids, size_t i);

#endif /* KH_IDENT_H */
