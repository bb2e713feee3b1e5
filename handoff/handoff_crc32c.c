// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_crc32c.c - CRC32C for user space
 *
 * The kernel has its own crc32c(); user space has no standard one, and a
 * library dependency for 30 lines is not worth it. A nibble table keeps the
 * code short and needs no initialisation (no global state); blobs are at
 * most 256 KiB, so speed is not a concern.
 */
#include "handoff_env.h"

/* CRC32C (polynomial 0x82f63b78, reflected) of each 4-bit value. */
static const u32 crc32c_nibble[16] = {
	0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1,
	0x417b1dbc, 0x5125dad3, 0x61c69362, 0x7198540d,
	0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9,
	0xc38d26c4, 0xd3d3e1ab, 0xe330a81a, 0xf36e6f75,
};

u32 handoff_crc32c(u32 crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc32c_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc32c_nibble[crc & 0xf];
	}
	return ~crc;
}
