/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crc32c_bulk.h - CRC32C for process images, fast enough for hundreds of MiB
 *
 * The blob library's CRC32C works a nibble at a time: small and obviously
 * right, and the blob is at most 256 KiB. Process images are up to
 * gigabytes and are checked during the blackout, so they get a
 * slice-by-8 version. Both compute the same function; tests compare them.
 */
#ifndef KH_CRC32C_BULK_H
#define KH_CRC32C_BULK_H

#include <stddef.h>
#include <stdint.h>

/* Same contract as handoff_crc32c(): 0 to start, the result to continue. */
uint32_t kh_crc32c_bulk(uint32_t crc, const void *buf, size_t len);

#endif /* KH_CRC32C_BULK_H */
