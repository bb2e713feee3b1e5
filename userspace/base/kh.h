/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kh.h - the kexec-handoff tool's shared context
 *
 * As in kmod, there is no global state: every operation gets a context
 * that says where "/" is (so tests run the real binary against a fake
 * root), which kexec and systemctl binaries to run (so tests can put
 * recording stubs there) and where to leave a message when something
 * fails.
 */
#ifndef KH_H
#define KH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct kh_ctx {
	char root[PATH_MAX];	/* stands for "/"; empty for the real root */
	char sysfs[PATH_MAX];	/* root + /sys unless overridden */
	char kexec[PATH_MAX];	/* kexec-tools binary */
	char systemctl[PATH_MAX]; /* systemd's systemctl binary */
	char systemd_run[PATH_MAX]; /* and its systemd-run */
	char err[1024];		/* message of the last failure */
};

/*
 * kh_ctx_init - set up a context from the environment
 *
 * KEXEC_HANDOFF_ROOT names a directory standing for "/" (default: "/"),
 * KEXEC_HANDOFF_KEXEC the kexec binary (default: "kexec", found in PATH),
 * KEXEC_HANDOFF_SYSTEMCTL the systemctl binary (default: "systemctl"),
 * KEXEC_HANDOFF_SYSTEMD_RUN systemd-run (default: "systemd-run").
 *
 * returns: 0, or -ENAMETOOLONG
 */
int kh_ctx_init(struct kh_ctx *ctx);

/*
 * kh_fail - record why an operation failed
 * @err: a negative errno value
 *
 * The message should name the file or device concerned. Its arguments
 * may include ctx->err itself, to wrap an inner reason.
 *
 * returns: @err, so callers can write "return kh_fail(ctx, -EIO, ...)"
 */
int kh_fail(struct kh_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * kh_path - an absolute system path as seen under ctx->root
 *
 * returns: 0, or -ENAMETOOLONG
 */
int kh_path(const struct kh_ctx *ctx, char *out, size_t len, const char *abs);

/*
 * kh_read_file - read a whole file into a new buffer
 * @max: refuse files larger than this (-EFBIG)
 * @data: set to a malloc'ed buffer (8-byte aligned, NUL-terminated one byte
 *	past @len) on success; the caller frees it
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_read_file(struct kh_ctx *ctx, const char *path, size_t max,
		 void **data, size_t *len);

/*
 * kh_read_line - read a one-line file such as /proc/sys/kernel/osrelease
 * @abs: the absolute system path, taken below ctx->root
 * @out: set to its text without trailing blanks; empty on failure
 * @len: size of @out; a longer line is refused
 *
 * returns: 0, or a negative errno with ctx->err naming the file; -EINVAL
 * for an empty file, one too long or one holding a NUL byte
 */
int kh_read_line(struct kh_ctx *ctx, const char *abs, char *out, size_t len);

/*
 * kh_sysctl_set - write @val into the sysctl @abs (below ctx->root)
 * @old: when not NULL, set first to the value it had, so that the caller
 *	can put it back with a second call; @oldlen is its size
 *
 * A sysctl is written in place: kh_write_file() would replace the file.
 *
 * returns: 0, or a negative errno with ctx->err naming the sysctl; -ENOENT
 * (and nothing written) when the kernel has no such sysctl
 */
int kh_sysctl_set(struct kh_ctx *ctx, const char *abs, const char *val,
		  char *old, size_t oldlen);

/*
 * kh_open_regular - open a file that someone else may have planted or
 * swapped, for reading
 *
 * Opens @path once, without following a final symlink and without
 * blocking on a FIFO or device, then checks through the descriptor that
 * it is a regular file: a check by name and a later open by name would
 * leave a window in which the file can be swapped. Intermediate
 * directories are still followed; callers that must not follow them walk
 * with openat() from a trusted directory instead.
 * @st: if not NULL, set to the file's fstat()
 *
 * returns: the descriptor (blocking again, close-on-exec), or a negative
 * errno with ctx->err naming the file: -ELOOP for a symlink, -EINVAL for
 * anything that is not a regular file
 */
int kh_open_regular(struct kh_ctx *ctx, const char *path, struct stat *st);

/*
 * kh_openat_regular - kh_open_regular() for @name in directory @dir
 * @shown: how messages name the file
 *
 * returns: as kh_open_regular()
 */
int kh_openat_regular(struct kh_ctx *ctx, int dir, const char *name,
		      const char *shown, struct stat *st);

/*
 * kh_plain_path - whether @path is a relative path without a leading or
 * trailing '/' and without empty, "." or ".." components, shorter than
 * PATH_MAX: a path that never leaves the directory it is taken from
 */
bool kh_plain_path(const char *path);

/*
 * kh_walk_parent - open the directory holding @path below @root, one
 * component at a time, following no symbolic link
 *
 * For files root creates or reads where a user may have planted a
 * symlink or swapped a directory: each component is opened relative to
 * the one before with O_NOFOLLOW, so the result is below @root whatever
 * the tree looks like (mount points are crossed as usual).
 * @root: descriptor of a directory the caller trusts
 * @shown: how messages name @root ("" stands for "/")
 * @path: below @root, one leading '/' ignored; a path with an empty, "."
 *	or ".." component is refused before anything is created
 * @mode: missing directories are created with it; 0 creates none
 * @last: set to @path's final component, to open relative to the result
 *
 * returns: a directory descriptor (close-on-exec), or a negative errno
 * with ctx->err naming the directory: -EINVAL for a path that is not
 * plain, -ELOOP for a symlink, -ENOTDIR for another non-directory,
 * -ENOENT for a missing directory when @mode is 0
 */
int kh_walk_parent(struct kh_ctx *ctx, int root, const char *shown,
		   const char *path, unsigned int mode, const char **last);

/*
 * kh_write_file - replace a file atomically (temporary file, fsync, rename)
 * @parts: @nparts buffers written one after the other
 *
 * On failure the old file, if any, is left as it was.
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
struct kh_part {
	const void *data;
	size_t len;
};
int kh_write_file(struct kh_ctx *ctx, const char *path,
		  const struct kh_part *parts, int nparts);

/*
 * kh_write_all - write all of @data to @fd, retrying short writes and EINTR
 *
 * returns: 0, or a negative errno (no message: the caller names the file)
 */
int kh_write_all(int fd, const void *data, size_t len);

/*
 * kh_read_full - read from @fd until @len bytes or end of file, retrying
 * short reads and EINTR
 *
 * returns: the bytes read (less than @len only at end of file), or a
 * negative errno (no message: the caller names the file)
 */
ssize_t kh_read_full(int fd, void *buf, size_t len);

/*
 * kh_remove_tree - remove @path and everything below it, not following
 * links
 *
 * returns: 0, or a negative errno (no message: the caller names @path)
 */
int kh_remove_tree(const char *path);

/*
 * kh_remove_tree_warn - kh_remove_tree() for what only takes room once it
 * served: a failure is a warning on stderr naming @what ("partial
 * images") and @path; an absent @path is none
 */
void kh_remove_tree_warn(const char *path, const char *what);

/* kh_now - seconds on the monotonic clock, for the durations the tool reports */
double kh_now(void);

/*
 * kh_mkdir_parents - create the missing directories leading to @path (not
 * @path itself), each with @mode; follows symlinks, so only for paths
 * below the tool's own state directory (elsewhere: kh_walk_parent())
 *
 * returns: 0, or a negative errno with ctx->err naming the directory
 */
int kh_mkdir_parents(struct kh_ctx *ctx, char *path, unsigned int mode);

#endif /* KH_H */
