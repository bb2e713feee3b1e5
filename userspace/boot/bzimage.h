/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzimage.h - is this file an x86 kernel kexec can load?
 *
 * An x86 bzImage starts with the real-mode setup header of the boot
 * protocol (Documentation/arch/x86/boot.rst): the magic "HdrS" at offset
 * 0x202 and the protocol version at 0x206. kexec -s (the kernel's own
 * loader) and kexec-tools' 64-bit loader both want protocol 2.12 or
 * later, which every kernel since 3.8 has. Checked before anything is
 * loaded, so that a damaged or foreign file in /boot is named as such
 * instead of surfacing as a kexec error.
 */
#ifndef KH_BZIMAGE_H
#define KH_BZIMAGE_H

#include "kh.h"

#define KH_BZIMAGE_MAGIC_AT	0x202
#define KH_BZIMAGE_VERSION_AT	0x206
#define KH_BZIMAGE_MIN_VERSION	0x020c

/*
 * kh_bzimage_check - whether @path is a bzImage of a recent enough boot
 * protocol
 *
 * returns: 0, or a negative errno with ctx->err naming @path and what is
 * wrong: -ENOEXEC for a file without the header or with an older
 * protocol, or the error of opening or reading it
 */
int kh_bzimage_check(struct kh_ctx *ctx, const char *path);

#endif /* KH_BZIMAGE_H */
