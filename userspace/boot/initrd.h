/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * initrd.h - put a handoff blob in front of an initrd
 *
 * The result is an uncompressed cpio archive holding HANDOFF_CPIO_PATH
 * (see cpio_newc.h), then the given initrd byte for byte, compressed or
 * not: the layout distributions already use for early microcode.
 */
#ifndef KH_INITRD_H
#define KH_INITRD_H

#include <stddef.h>

#include "kh.h"

/*
 * Largest result: kexec_file_load() (kexec -s) refuses an initrd over
 * 4 GiB (KEXEC_FILE_SIZE_MAX in kernel/kexec_file.c).
 */
#define KH_INITRD_MAX	(4ULL << 30)

/*
 * kh_initrd_assemble - write an initrd that carries a blob
 * @ctx: context; ctx->err says why on failure
 * @out: file to write; replaced atomically, so on failure an existing
 *	@out is left as it was and no other file is left behind
 * @blob: the handoff blob, 8-byte aligned as libfdt requires
 * @bloblen: bytes available at @blob; the blob's own size, from its
 *	header, is what is written
 * @initrd_in: the initrd to put after the blob, or NULL for none. It must
 *	be a regular file; it is mapped, not read into memory, and may be
 *	@out itself.
 *
 * If @initrd_in starts with an archive holding nothing but a handoff blob
 * and its directories (what this function writes), that archive and its
 * padding are dropped, so running the tool again on its own output
 * replaces the blob instead of stacking a second one. A handoff member
 * anywhere else among the leading uncompressed archives (mixed with other
 * files, or further back) is refused: dropping it would mean rewriting
 * someone else's archive, and keeping it would leave two blobs.
 *
 * returns: 0, or
 *	-EINVAL, @blob fails handoff_check_user(), @initrd_in is not a
 *	regular file, or it already carries a blob that cannot be replaced
 *	-EFBIG, the result would be larger than KH_INITRD_MAX
 *	-ENOMEM, out of memory
 *	any errno from open(), fstat(), pread(), mmap() (naming @initrd_in)
 *	or kh_write_file() (naming @out)
 */
int kh_initrd_assemble(struct kh_ctx *ctx, const char *out, const void *blob,
		       size_t bloblen, const char *initrd_in);

/*
 * kh_load_files_write - the two files a load leaves in the state
 * directory: @blob as @blob_path and, from it and @initrd_in (or nothing),
 * the initrd @initrd_path, each replaced atomically (kh_write_file())
 *
 * --load writes them for the first load, --exec again when storage
 * changed since: both the same way.
 *
 * returns: as kh_initrd_assemble(), or kh_write_file()'s error
 */
int kh_load_files_write(struct kh_ctx *ctx, const void *blob, size_t bloblen,
			const char *initrd_in, const char *blob_path,
			const char *initrd_path);

/*
 * kh_initrd_assemble_with - the same, with more archives after the initrd
 * @extra: @nextra pieces of further archives, for example process images
 *	written with kh_cpio_init_parts(); NULL if @nextra is 0
 *
 * NUL bytes are inserted before @extra so that it starts 4-byte aligned,
 * which the kernel's unpacker requires of an uncompressed archive.
 *
 * returns: as kh_initrd_assemble()
 */
int kh_initrd_assemble_with(struct kh_ctx *ctx, const char *out,
			    const void *blob, size_t bloblen,
			    const char *initrd_in,
			    const struct kh_part *extra, int nextra);

#endif /* KH_INITRD_H */
