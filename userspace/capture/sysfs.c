// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs.c - small readers for a sysfs tree that may be a copy
 *
 * Messages name paths as the user gave the root (ctx->sysfs), while
 * containment is checked against the root with its links resolved: a copy
 * may live below a symlinked directory, and a resolved link can only be
 * compared with a resolved root.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handoff.h"
#include "sysfs.h"

static int vpath_(struct kh_sysfs *fs, char *out, size_t len,
		  const char *fmt, va_list ap)
{
	int n, m;

	n = snprintf(out, len, "%s/", fs->ctx->sysfs);
	if (n < 0 || (size_t)n >= len)
		goto out_toolong;
	m = vsnprintf(out + n, len - (size_t)n, fmt, ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		goto out_toolong;
	return 0;
out_toolong:
	return kh_fail(fs->ctx, -ENAMETOOLONG, "%s: a path below it is too long",
		       fs->ctx->sysfs);
}

/*
 * realpath() with one path walk: glibc's looks up every prefix of the path
 * in turn, a dozen lookups for a sysfs device path, and a capture resolves
 * one such path per device. The kernel resolves the path once for an
 * O_PATH descriptor and /proc/self/fd names the result; without /proc,
 * fall back to realpath().
 */
static int real_path_(const char *path, char *real)
{
	char fdlink[32];
	ssize_t n;
	int fd;

	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(fdlink, sizeof(fdlink), "/proc/self/fd/%d", fd);
	n = readlink(fdlink, real, PATH_MAX);
	close(fd);
	if (n > 0 && n < PATH_MAX && real[0] == '/') {
		real[n] = '\0';
		return 0;
	}
	return realpath(path, real) ? 0 : -errno;
}

int kh_sysfs_open(struct kh_sysfs *fs, struct kh_ctx *ctx)
{
	char path[PATH_MAX];
	struct stat st;
	int err;

	memset(fs, 0, sizeof(*fs));
	fs->ctx = ctx;
	/* Resolved like every link below it, so that prefixes compare. */
	err = real_path_(ctx->sysfs, fs->root);
	if (err)
		return kh_fail(ctx, err, "sysfs root %s: %s", ctx->sysfs,
			       strerror(-err));
	/* With "/" as root every resolved path is inside; compare nothing. */
	fs->rootlen = strcmp(fs->root, "/") ? strlen(fs->root) : 0;
	if (snprintf(path, sizeof(path), "%s/devices", ctx->sysfs) >=
	    (int)sizeof(path))
		return kh_fail(ctx, -ENAMETOOLONG, "sysfs root %s: name too long",
			       ctx->sysfs);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return kh_fail(ctx, -ENOTDIR,
			       "sysfs root %s: not a sysfs tree (no devices/ directory)",
			       ctx->sysfs);
	return 0;
}

/* Length of the text at @s + *start once trimmed; *start is 0 on entry. */
static int trim_(const char *s, size_t n, enum kh_trim trim, size_t *start)
{
	int m;

	if (n && s[n - 1] == '\n' && trim != KH_TRIM_BLANKS)
		n--;
	if (trim == KH_TRIM_FIELD) {
		m = handoff_field_trim(s, n, start);
		return m < 0 ? -EILSEQ : m;
	}
	while (trim == KH_TRIM_BLANKS && n &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return memchr(s, '\0', n) ? -EILSEQ : (int)n;
}

/* Read the text attribute at the full @path; see kh_sysfs_read_str(). */
static int read_str_(struct kh_sysfs *fs, const char *path, char *out,
		     size_t len, enum kh_trim trim)
{
	size_t n, start = 0;
	void *data;
	int err;

	err = kh_read_file(fs->ctx, path, KH_SYSFS_ATTR_MAX, &data, &n);
	if (err)
		return err;
	err = trim_(data, n, trim, &start);
	if (err < 0 && trim == KH_TRIM_FIELD)
		err = kh_fail(fs->ctx, err, "%s: not printable ASCII", path);
	else if (err < 0)
		err = kh_fail(fs->ctx, err, "%s: contains a NUL byte", path);
	else if ((size_t)err >= len)
		err = kh_fail(fs->ctx, -EOVERFLOW, "%s: longer than %zu bytes",
			      path, len - 1);
	if (err >= 0) {
		memcpy(out, (const char *)data + start, err);
		out[err] = '\0';
	}
	free(data);
	return err;
}

int kh_sysfs_read_str(struct kh_sysfs *fs, char *out, size_t len,
		      enum kh_trim trim, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vpath_(fs, path, sizeof(path), fmt, ap);
	va_end(ap);
	return err ? err : read_str_(fs, path, out, len, trim);
}

int kh_sysfs_read_u64(struct kh_sysfs *fs, uint64_t *val, const char *fmt, ...)
{
	char path[PATH_MAX], text[32], *end;
	unsigned long long v;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vpath_(fs, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (err)
		return err;
	err = read_str_(fs, path, text, sizeof(text), KH_TRIM_BLANKS);
	if (err < 0)
		return err;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (!isdigit((unsigned char)text[0]) || *end || errno)
		return kh_fail(fs->ctx, -EINVAL, "%s: \"%s\" is not a number",
			       path, text);
	*val = v;
	return 0;
}

int kh_sysfs_read_bin(struct kh_sysfs *fs, void **data, size_t *len,
		      const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int err;

	*data = NULL;
	va_start(ap, fmt);
	err = vpath_(fs, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (err)
		return err;
	return kh_read_file(fs->ctx, path, KH_SYSFS_ATTR_MAX, data, len);
}

int kh_sysfs_resolve(struct kh_sysfs *fs, char *out, size_t len,
		     const char *fmt, ...)
{
	char path[PATH_MAX], real[PATH_MAX];
	const char *rel;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vpath_(fs, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (err)
		return err;
	err = real_path_(path, real);
	if (err)
		return kh_fail(fs->ctx, err, "%s: %s", path, strerror(-err));
	if (strncmp(real, fs->root, fs->rootlen) || real[fs->rootlen] != '/' ||
	    !real[fs->rootlen + 1])
		return kh_fail(fs->ctx, -EXDEV, "%s: leads outside %s", path,
			       fs->ctx->sysfs);
	rel = real + fs->rootlen + 1;
	if (strlen(rel) >= len)
		return kh_fail(fs->ctx, -ENAMETOOLONG, "%s: resolved name too long",
			       path);
	strcpy(out, rel);
	return 0;
}

int kh_sysfs_class_device(struct kh_sysfs *fs, char *out, size_t len,
			  const char *class, const char *name)
{
	char tail[2 * NAME_MAX + 3];
	size_t n, t;
	int err;

	err = kh_sysfs_resolve(fs, out, len, "class/%s/%s", class, name);
	if (err)
		return err;
	snprintf(tail, sizeof(tail), "/%s/%s", class, name);
	n = strlen(out);
	t = strlen(tail);
	if (n <= t || strcmp(out + n - t, tail))
		return kh_fail(fs->ctx, -EINVAL,
			       "%s/class/%s/%s: leads to %s, not to a %s device",
			       fs->ctx->sysfs, class, name, out, class);
	out[n - t] = '\0';
	return 0;
}

/* Compare the digit runs at *a and *b as numbers; on a tie step past them. */
static int numcmp_(const char **a, const char **b)
{
	const char *x = *a, *y = *b;
	size_t lx, ly;
	int c;

	while (*x == '0')
		x++;
	while (*y == '0')
		y++;
	lx = strspn(x, "0123456789");
	ly = strspn(y, "0123456789");
	if (lx != ly)
		return lx < ly ? -1 : 1;
	c = strncmp(x, y, lx);
	if (c)
		return c;
	*a = x + lx;
	*b = y + ly;
	return 0;
}

int kh_sysfs_natcmp(const char *a, const char *b)
{
	const char *x = a, *y = b;
	int c;

	while (*x && *y) {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			c = numcmp_(&x, &y);
			if (c)
				return c;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x - (unsigned char)*y;
		x++;
		y++;
	}
	if (*x || *y)
		return (unsigned char)*x - (unsigned char)*y;
	return strcmp(a, b);
}

static int cmp_names_(const void *a, const void *b)
{
	return kh_sysfs_natcmp(*(char *const *)a, *(char *const *)b);
}

static int push_name_(struct kh_sysfs_dir *dir, size_t *cap, const char *name)
{
	char **grown;

	if (dir->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		grown = realloc(dir->names, *cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		dir->names = grown;
	}
	dir->names[dir->n] = strdup(name);
	if (!dir->names[dir->n])
		return -ENOMEM;
	dir->n++;
	return 0;
}

int kh_sysfs_list(struct kh_sysfs *fs, struct kh_sysfs_dir *dir,
		  const char *fmt, ...)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t cap = 0;
	va_list ap;
	DIR *d;
	int err;

	memset(dir, 0, sizeof(*dir));
	va_start(ap, fmt);
	err = vpath_(fs, path, sizeof(path), fmt, ap);
	va_end(ap);
	if (err)
		return err;
	d = opendir(path);
	if (!d)
		return kh_fail(fs->ctx, -errno, "%s: %s", path, strerror(errno));
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			break;
		}
		if (de->d_name[0] != '.')
			err = push_name_(dir, &cap, de->d_name);
		if (err)
			break;
	}
	closedir(d);
	if (err) {
		kh_sysfs_dir_free(dir);
		return kh_fail(fs->ctx, err, "%s: %s", path, strerror(-err));
	}
	if (dir->n)
		qsort(dir->names, dir->n, sizeof(*dir->names), cmp_names_);
	return 0;
}

void kh_sysfs_dir_free(struct kh_sysfs_dir *dir)
{
	size_t i;

	for (i = 0; i < dir->n; i++)
		free(dir->names[i]);
	free(dir->names);
	dir->names = NULL;
	dir->n = 0;
}

void kh_sysfs_warn(struct kh_sysfs *fs, const char *fmt, ...)
{
	va_list ap;

	fs->warnings++;
	fputs("kexec-handoff: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
