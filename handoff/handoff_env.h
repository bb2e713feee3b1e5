/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * handoff_env.h - user-space environment for the handoff blob library
 *
 * The reader (handoff_ro.c) and the error table (handoff_strerror.c) are
 * compiled unchanged into the kernel, where a kernel handoff_env.h takes the
 * place of this one. Everything the shared files need from their
 * surroundings is declared here and nowhere else, so this file is the whole
 * shim.
 */
#ifndef HANDOFF_ENV_H
#define HANDOFF_ENV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libfdt.h>

/* The shared files use the kernel's type names. */
typedef uint32_t u32;
typedef uint64_t u64;

/*
 * handoff_crc32c - CRC32C (Castagnoli, reflected, init and final xor ~0)
 * @crc: running value; 0 to start, the previous result to continue
 * @buf: bytes to add
 * @len: how many
 *
 * Same contract as the kernel's crc32c() after its pre/post inversion, so
 * a blob checked here is checked the same way there.
 *
 * returns: the CRC of everything added so far
 */
u32 handoff_crc32c(u32 crc, const void *buf, size_t len);

/*
 * The kernel exports the reader's entry points to modular SCSI and ATA
 * drivers; a static library has nothing to export, so here the kernel's
 * mark is only a redeclaration, and the shared files stay byte-identical.
 */
#define EXPORT_SYMBOL_GPL(sym) extern __typeof__(sym) sym

#endif /* HANDOFF_ENV_H */
