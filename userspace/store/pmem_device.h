/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmem_device.h - is this the pmem device of a memmap= region, and unused?
 *
 * The pmem store writes from offset 0 of the device it is given, so a
 * wrong device is destroyed: a disk's partition table goes first. Only a
 * legacy pmem device is accepted, and only the one whose physical range is
 * a memmap=SIZE!ADDR region of the running command line (the RAM the next
 * kernel is told to keep), with no partitions and no holders, opened
 * exclusively (a block device open with O_EXCL fails while mounted or
 * held).
 *
 * Everything is read under ctx->root, so tests run against a fake tree
 * (userspace/tests/fixtures/pmem-root): there, and only under a fake root,
 * a regular file may stand in for the device, its sysfs entry found by
 * name in /sys/class/block instead of by device number.
 */
#ifndef KH_PMEM_DEVICE_H
#define KH_PMEM_DEVICE_H

#include <stdint.h>

#include "kh.h"

/* One memmap=SIZE!ADDR entry: RAM made into legacy pmem. */
struct kh_memmap {
	uint64_t size, addr;
	char text[64];			/* "SIZE!ADDR" as written */
};

#define KH_MEMMAP_MAX	8

/*
 * kh_memmap_parse - read "SIZE!ADDR" as the kernel does (memparse():
 * C number bases, a K, M, G, T, P or E suffix)
 *
 * returns: 0, or -EINVAL
 */
int kh_memmap_parse(const char *text, struct kh_memmap *m);

/*
 * kh_memmap_cmdline - the memmap=SIZE!ADDR entries of the running
 * kernel's command line (/proc/cmdline), at most @max
 *
 * returns: how many (0 or more), or a negative errno with ctx->err naming
 * the file
 */
int kh_memmap_cmdline(struct kh_ctx *ctx, struct kh_memmap *m, int max);

/*
 * kh_pmem_open - open @device for writing the store, if it is all of the
 * above
 * @device: the path as the user gave it (under ctx->root)
 * @m: the acceptable regions, @nm of them
 * @match: if not NULL, set to the index of the region the device covers
 *
 * returns: the descriptor (O_WRONLY, O_EXCL, O_DIRECT where the device
 * allows it), or a negative errno with ctx->err naming @device and why:
 *	-ENOTBLK, not a block device
 *	-ENODEV, not a pmem device
 *	-ERANGE, not one of the regions @m (both ranges are named)
 *	-EBUSY, it has partitions or holders, or is mounted or open
 *	another errno from stat(), open() or reading sysfs
 */
int kh_pmem_open(struct kh_ctx *ctx, const char *device,
		 const struct kh_memmap *m, int nm, int *match);

#endif /* KH_PMEM_DEVICE_H */
