/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpio_newc.h - write and read uncompressed "newc" cpio archives
 *
 * The blob reaches the new kernel as kernel/handoff/handoff.dtb in an
 * uncompressed cpio archive in front of the initrd, where the kernel's
 * find_cpio_data() (lib/earlycpio.c) looks for early files such as
 * microcode. What that function and the initramfs unpacker (init/
 * initramfs.c, Documentation/driver-api/early-userspace/buffer-format.rst)
 * accept fixes the layout:
 *
 *  - each entry is a 110-byte header of "070701" and 13 fields of eight
 *    hex digits, then the NUL-terminated name, padded with NULs so the data
 *    starts 4-byte aligned, then the data, padded so the next header is
 *    4-byte aligned. find_cpio_data() aligns the memory address, not the
 *    offset, so an archive must itself start 4-byte aligned; the boot
 *    loader or kexec places the initrd page-aligned;
 *  - where a header would start with a NUL byte, find_cpio_data() skips
 *    four bytes; it stops at the first thing that is not a header
 *    (compressed data) or an entry running past the buffer; the unpacker
 *    skips any NULs but refuses an uncompressed archive that starts
 *    unaligned ("broken padding");
 *  - "TRAILER!!!" ends an archive and resets the unpacker's hard-link
 *    table, so archives written independently can be concatenated. Files
 *    here have nlink 1 and never form hard links either way.
 *
 * Only 4-byte alignment is required. kh_cpio_finish() still pads an archive
 * with NULs to a multiple of 512 bytes, as `cpio -o -H newc` pads the early
 * microcode archives distributions ship: whatever follows then starts where
 * it would behind such an archive, and `cpio -t` counts whole blocks. It
 * costs less than 512 bytes.
 *
 * In the handoff archive the blob's data starts at offset 388: 4-byte
 * aligned, not 8. libfdt refuses a tree at an address that is not 8-byte
 * aligned, so a reader copies the blob out before checking it.
 *
 * Output is byte-reproducible: mtime, uid and gid are 0 and inode numbers
 * count up from 1 in the order entries are added.
 *
 * The writer works in one of two modes. In buffer mode the whole archive,
 * data included, is written to a caller buffer. In parts mode only headers,
 * names and padding go to the buffer; file data is referenced, not copied,
 * and the archive is a list of struct kh_part for kh_write_file(), so large
 * files (process images) cost no copy.
 */
#ifndef KH_CPIO_NEWC_H
#define KH_CPIO_NEWC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kh.h"

#define KH_CPIO_HDR_LEN		110
#define KH_CPIO_ALIGN		4
#define KH_CPIO_BLOCK		512
#define KH_CPIO_TRAILER		"TRAILER!!!"

/* Largest file the format can describe: c_filesize has eight hex digits. */
#define KH_CPIO_FILE_MAX	0xffffffffULL

/* The unpacker ignores names longer than PATH_MAX, NUL included. */
#define KH_CPIO_NAME_MAX	(PATH_MAX - 1)

/*
 * Bytes of buffer the handoff archive needs beyond the blob in buffer mode,
 * and in total in parts mode: four headers with names (512 bytes), up to 3
 * bytes of data padding and up to 511 of block padding.
 */
#define KH_CPIO_HANDOFF_OVERHEAD	1026

/* Writer state; treat the fields as private except len and nparts. */
struct kh_cpio {
	unsigned char *buf;
	size_t size;
	size_t used;		/* bytes of buf in use */
	struct kh_part *parts;	/* NULL in buffer mode */
	int max_parts;
	int nparts;		/* parts in use (parts mode) */
	uint64_t len;		/* archive length so far */
	uint32_t ino;		/* last inode number handed out */
	bool finished;
};

/*
 * kh_cpio_init - start an archive written wholly into a buffer
 * @c: writer to initialise
 * @buf: receives the archive; c->len bytes of it are valid
 * @size: bytes available at @buf
 */
void kh_cpio_init(struct kh_cpio *c, void *buf, size_t size);

/*
 * kh_cpio_init_parts - start an archive that references file data
 * @c: writer to initialise
 * @buf: receives headers, names and padding
 * @size: bytes available at @buf
 * @parts: receives the archive as c->nparts pieces, in order; they point
 *	into @buf and into the data given to kh_cpio_add_file(), which must
 *	stay valid until the parts are written out
 * @max_parts: entries available at @parts
 *
 * Each file needs at most three parts (header, data, padding); consecutive
 * headers and padding share one.
 */
void kh_cpio_init_parts(struct kh_cpio *c, void *buf, size_t size,
			struct kh_part *parts, int max_parts);

/*
 * kh_cpio_name_ok - whether @name is a usable member name: a plain path
 * (kh_plain_path(): relative, no empty, "." or ".." components, so it
 * never leaves the directory it is taken from) of at most
 * KH_CPIO_NAME_MAX bytes
 */
bool kh_cpio_name_ok(const char *name);

/*
 * kh_cpio_add_dir - add a directory entry
 * @c: a writer
 * @name: relative path without a leading or trailing '/', without empty,
 *	"." or ".." components, at most KH_CPIO_NAME_MAX bytes
 * @perm: permission bits (at most 07777)
 *
 * Parent directories are not added implicitly; add them first, as the
 * unpacker creates files only in directories that exist.
 *
 * returns: 0, or (the archive left unchanged)
 *	-EINVAL, an unusable @name or @perm
 *	-ENOSPC, no room left in the buffer or the parts list
 *	-EBADFD, called after kh_cpio_finish()
 */
int kh_cpio_add_dir(struct kh_cpio *c, const char *name, unsigned int perm);

/*
 * kh_cpio_add_file - add a regular file
 * @c: a writer
 * @name: as for kh_cpio_add_dir()
 * @perm: permission bits (at most 07777)
 * @data: the contents (may be NULL if @len is 0); copied in buffer mode,
 *	referenced in parts mode
 * @len: its length
 *
 * returns: 0, or (the archive left unchanged)
 *	-EINVAL, an unusable @name or @perm
 *	-EFBIG, @len is over KH_CPIO_FILE_MAX
 *	-ENOSPC, no room left in the buffer or the parts list
 *	-EBADFD, called after kh_cpio_finish()
 */
int kh_cpio_add_file(struct kh_cpio *c, const char *name, unsigned int perm,
		     const void *data, size_t len);

/*
 * kh_cpio_finish - add the trailer and pad to a multiple of KH_CPIO_BLOCK
 * @c: a writer
 *
 * Afterwards c->len is the archive's length (a multiple of KH_CPIO_BLOCK)
 * and, in parts mode, c->parts[0 .. c->nparts - 1] its pieces.
 *
 * returns: 0, or (the archive left unchanged)
 *	-ENOSPC, no room left in the buffer or the parts list
 *	-EBADFD, called twice
 */
int kh_cpio_finish(struct kh_cpio *c);

/*
 * kh_cpio_handoff - write the whole early archive carrying a blob
 * @c: a fresh writer
 * @blob: the blob, copied or referenced as @c's mode says
 * @len: its length
 *
 * Adds the directories "kernel" and "kernel/handoff", the file
 * HANDOFF_CPIO_PATH and finishes the archive. In buffer mode @c needs
 * @len + KH_CPIO_HANDOFF_OVERHEAD bytes, in parts mode
 * KH_CPIO_HANDOFF_OVERHEAD bytes and four parts.
 *
 * returns: 0, or -EFBIG, -ENOSPC, -EBADFD as kh_cpio_add_file() does;
 *	after a failure @c may hold part of the archive: start over with a
 *	fresh writer
 */
int kh_cpio_handoff(struct kh_cpio *c, const void *blob, size_t len);

/* One entry as read back by kh_cpio_parse(). */
struct kh_cpio_entry {
	uint32_t ino;
	uint32_t mode;		/* file type and permissions, as st_mode */
	uint32_t nlink;
	uint32_t filesize;
	uint32_t namesize;	/* including the NUL */
	const char *name;	/* points into the parsed buffer */
	size_t data;		/* offset of the data from the header */
	uint64_t next;		/* offset of the next header from this one */
};

/*
 * kh_cpio_parse - read the entry whose header starts at @buf
 * @buf: a header, 4-byte aligned within its archive
 * @avail: bytes readable at @buf (the data need not be among them)
 * @e: filled on success
 *
 * Accepts what find_cpio_data() accepts: magic "070701" or "070702" and
 * hex digits in either case. The name must also be NUL-terminated, which
 * the unpacker requires.
 *
 * returns: 0, or
 *	-EINVAL, not a newc header (another format or compressed data)
 *	-ENODATA, @avail ends before the header or the name does
 *	-EBADMSG, a header whose name is empty or not NUL-terminated
 */
int kh_cpio_parse(const void *buf, size_t avail, struct kh_cpio_entry *e);

#endif /* KH_CPIO_NEWC_H */
