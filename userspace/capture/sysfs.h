/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysfs.h - small readers for a sysfs tree
 *
 * The tree is the live /sys or a copy of it (test fixtures are copies with
 * relative symlinks under an arbitrary directory), so every path given to
 * these functions is relative to the tree's root, and links are resolved
 * against that root: a link that leads outside the tree is refused rather
 * than followed into the host system.
 *
 * Paths are printf formats, so callers need no buffers of their own to
 * name an attribute. Every failure leaves a message naming the file in
 * ctx->err; a missing file is always -ENOENT, which callers reading an
 * optional attribute treat as "absent".
 */
#ifndef KH_SYSFS_H
#define KH_SYSFS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "kh.h"

/* A sysfs attribute is at most a page; binary ones may be larger. */
#define KH_SYSFS_ATTR_MAX	4096

struct kh_sysfs {
	struct kh_ctx *ctx;
	char root[PATH_MAX];	/* ctx->sysfs with every symlink resolved */
	size_t rootlen;
	unsigned int warnings;	/* kh_sysfs_warn() calls so far */
};

/* How kh_sysfs_read_str() trims what it read. */
enum kh_trim {
	KH_TRIM_BLANKS,		/* trailing blanks, tabs and newlines */
	KH_TRIM_NEWLINE,	/* one trailing newline only */
	/*
	 * A device's identity field (INQUIRY vendor, model, rev): the
	 * newline sysfs adds, then the padding handoff_field_trim() drops,
	 * the rule the new kernel compares the field by.
	 */
	KH_TRIM_FIELD,
};

/* A directory listing; names in natural order (host2 before host10). */
struct kh_sysfs_dir {
	char **names;
	size_t n;
};

/*
 * kh_sysfs_open - start reading the tree at ctx->sysfs
 * @fs: filled on success
 * @ctx: context; ctx->sysfs names the tree and must outlive @fs
 *
 * The tree must be a directory holding a devices/ directory, so a mistyped
 * root is reported instead of being read as "no storage".
 *
 * returns:
 *	0, or
 *	-ENOENT, -ENOTDIR, -EACCES..., the root cannot be resolved
 *	-ENOTDIR, the root has no devices/ directory
 *	-ENAMETOOLONG
 */
int kh_sysfs_open(struct kh_sysfs *fs, struct kh_ctx *ctx);

/*
 * kh_sysfs_read_str - read a text attribute
 * @fs: an open tree
 * @out: receives the text, NUL-terminated
 * @len: size of @out
 * @trim: what to strip
 * @fmt: path of the attribute relative to the root, printf style
 *
 * returns:
 *	the length of the text in @out (>= 0), or
 *	-ENOENT, the attribute does not exist
 *	-EOVERFLOW, the text does not fit in @out
 *	-EILSEQ, the text contains a NUL byte (a string would hide the rest),
 *	or, for KH_TRIM_FIELD, a byte outside printable ASCII
 *	-EFBIG, larger than KH_SYSFS_ATTR_MAX
 *	-ENAMETOOLONG, or another negative errno from reading
 */
int kh_sysfs_read_str(struct kh_sysfs *fs, char *out, size_t len,
		      enum kh_trim trim, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * kh_sysfs_read_u64 - read a decimal attribute
 * @fs: an open tree
 * @val: receives the value
 * @fmt: path of the attribute relative to the root, printf style
 *
 * returns:
 *	0, or
 *	-ENOENT, the attribute does not exist
 *	-EINVAL, the text is not a decimal number that fits 64 bits
 *	anything kh_sysfs_read_str() returns
 */
int kh_sysfs_read_u64(struct kh_sysfs *fs, uint64_t *val, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * kh_sysfs_read_bin - read a binary attribute
 * @fs: an open tree
 * @data: set to a malloc'ed copy the caller frees
 * @len: set to its length
 * @fmt: path of the attribute relative to the root, printf style
 *
 * returns:
 *	0, or
 *	-ENOENT, the attribute does not exist
 *	-EFBIG, larger than KH_SYSFS_ATTR_MAX
 *	-ENAMETOOLONG, -ENOMEM, or another negative errno from reading
 */
int kh_sysfs_read_bin(struct kh_sysfs *fs, void **data, size_t *len,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * kh_sysfs_list - list a directory in natural order
 * @fs: an open tree
 * @dir: filled on success; free it with kh_sysfs_dir_free()
 * @fmt: path of the directory relative to the root, printf style
 *
 * Entries whose names start with a dot ("." and "..") are left out.
 *
 * returns:
 *	0, or
 *	-ENOENT, the directory does not exist
 *	-ENOTDIR, -EACCES..., it cannot be read
 *	-ENAMETOOLONG, -ENOMEM, or another negative errno from reading it
 */
int kh_sysfs_list(struct kh_sysfs *fs, struct kh_sysfs_dir *dir,
		  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * kh_sysfs_dir_free - release a listing (safe on a zeroed one)
 * @dir: the listing
 */
void kh_sysfs_dir_free(struct kh_sysfs_dir *dir);

/*
 * kh_sysfs_resolve - follow every link in a path, staying inside the tree
 * @fs: an open tree
 * @out: receives the resolved path relative to the root, without a
 *	leading slash ("devices/pci0000:00/...")
 * @len: size of @out
 * @fmt: the path relative to the root, printf style
 *
 * returns:
 *	0, or
 *	-ENOENT, the path or a link target does not exist
 *	-EXDEV, the path leads outside the tree (or is the root itself)
 *	-ENAMETOOLONG, or another negative errno from resolving
 */
int kh_sysfs_resolve(struct kh_sysfs *fs, char *out, size_t len,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * kh_sysfs_class_device - the device directory behind a class entry
 * @fs: an open tree
 * @out: receives the device directory relative to the root, links resolved
 *	("devices/pci0000:00/0000:00:1f.2/ata1" for class ata_port, ata1)
 * @len: size of @out
 * @class: the class ("scsi_host", "ata_port")
 * @name: the entry in class/@class/
 *
 * A class entry links to <device>/<class>/<name>; the attributes of the
 * class device are read below that, those of the device in <device>.
 *
 * returns:
 *	0, or
 *	-EINVAL, the link leads somewhere not shaped like that
 *	anything kh_sysfs_resolve() returns
 */
int kh_sysfs_class_device(struct kh_sysfs *fs, char *out, size_t len,
			  const char *class, const char *name);

/*
 * kh_sysfs_natcmp - compare names so that digit runs compare as numbers
 * @a: a name
 * @b: another name
 *
 * "host2" sorts before "host10", "0:0:2:0" before "0:0:10:0". Names equal
 * as numbers but spelled differently ("01", "1") are ordered by strcmp(),
 * so the order is total.
 *
 * returns: < 0, 0 or > 0 as for strcmp()
 */
int kh_sysfs_natcmp(const char *a, const char *b);

/*
 * kh_sysfs_warn - report something left out of a capture, and go on
 * @fs: an open tree
 * @fmt: the message, printf style; it should name the file concerned
 *
 * Printed on stderr as "kexec-handoff: warning: ...".
 */
void kh_sysfs_warn(struct kh_sysfs *fs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* KH_SYSFS_H */
