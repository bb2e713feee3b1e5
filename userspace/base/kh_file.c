// SPDX-License-Identifier: GPL-2.0-only
/*
 * kh_file.c - whole-file reads and atomic replacement
 *
 * A blob or an initrd that is half written is worse than none: the next
 * boot would trust it. So files are written beside their destination and
 * renamed over it only once complete and synced.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh.h"

ssize_t kh_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int read_all_(int fd, char *buf, size_t max, size_t *len)
{
	ssize_t n = kh_read_full(fd, buf, max + 1);

	*len = n < 0 ? 0 : (size_t)n;
	if (n < 0)
		return (int)n;
	return *len > max ? -EFBIG : 0;
}

int kh_read_file(struct kh_ctx *ctx, const char *path, size_t max,
		 void **data, size_t *len)
{
	char *buf;
	int fd, err;

	*data = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	/* Room for max + 1 bytes tells "exactly max" from "larger". */
	buf = aligned_alloc(8, (max + 2 + 7) & ~(size_t)7);
	if (!buf) {
		err = kh_fail(ctx, -ENOMEM, "%s: out of memory", path);
		goto out_close;
	}
	err = read_all_(fd, buf, max, len);
	if (err == -EFBIG)
		err = kh_fail(ctx, err, "%s: larger than %zu bytes", path, max);
	else if (err)
		err = kh_fail(ctx, err, "%s: %s", path, strerror(-err));
	if (err) {
		free(buf);
		goto out_close;
	}
	buf[*len] = '\0';
	*data = buf;
out_close:
	close(fd);
	return err;
}

int kh_read_line(struct kh_ctx *ctx, const char *abs, char *out, size_t len)
{
	char path[PATH_MAX];
	size_t n;
	void *data;
	int err;

	out[0] = '\0';
	err = kh_path(ctx, path, sizeof(path), abs);
	if (err)
		return kh_fail(ctx, err, "%s%s: name too long", ctx->root, abs);
	err = kh_read_file(ctx, path, len, &data, &n);
	if (err)
		return err;
	while (n && isspace(((unsigned char *)data)[n - 1]))
		n--;
	if (!n || n >= len || memchr(data, '\0', n))
		err = kh_fail(ctx, -EINVAL, "%s: not a single line of text",
			      path);
	else
		memcpy(out, data, n);
	out[err ? 0 : n] = '\0';
	free(data);
	return err;
}

int kh_openat_regular(struct kh_ctx *ctx, int dir, const char *name,
		      const char *shown, struct stat *st)
{
	struct stat own;
	int fd, err;

	if (!st)
		st = &own;
	fd = openat(dir, name,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ELOOP)
		return kh_fail(ctx, -ELOOP, "%s: is a symbolic link, not followed",
			       shown);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", shown, strerror(errno));
	if (fstat(fd, st)) {
		err = kh_fail(ctx, -errno, "%s: %s", shown, strerror(errno));
		goto out_close;
	}
	if (!S_ISREG(st->st_mode)) {
		err = kh_fail(ctx, -EINVAL, "%s: not a regular file (mode %o)",
			      shown, (unsigned int)st->st_mode);
		goto out_close;
	}
	/* Regular files never block; reads then behave as usual. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		err = kh_fail(ctx, -errno, "%s: %s", shown, strerror(errno));
		goto out_close;
	}
	return fd;
out_close:
	close(fd);
	return err;
}

int kh_open_regular(struct kh_ctx *ctx, const char *path, struct stat *st)
{
	return kh_openat_regular(ctx, AT_FDCWD, path, path, st);
}

bool kh_plain_path(const char *path)
{
	const char *p = path, *end;
	size_t n;

	if (!*path || strlen(path) >= PATH_MAX)
		return false;
	for (;;) {
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!*end)
			return true;
		p = end + 1;
	}
}

/* Directory @comp of @dir, created with @mode if missing and @mode is
 * not 0; @sofar is the path up to @comp, for messages. */
static int walk_step_(struct kh_ctx *ctx, int dir, const char *shown,
		      const char *sofar, const char *comp, unsigned int mode)
{
	const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	struct stat st;
	int fd = openat(dir, comp, flags), e;

	if (fd < 0 && errno == ENOENT && mode) {
		if (mkdirat(dir, comp, mode) && errno != EEXIST)
			return kh_fail(ctx, -errno, "%s/%s: %s", shown, sofar,
				       strerror(errno));
		fd = openat(dir, comp, flags);
	}
	if (fd >= 0)
		return fd;
	e = errno;
	/* O_DIRECTORY reports a symlink as ENOTDIR: say which it was. */
	if ((e == ENOTDIR || e == ELOOP) &&
	    !fstatat(dir, comp, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
		return kh_fail(ctx, -ELOOP, "%s/%s: is a symbolic link, not followed",
			       shown, sofar);
	return kh_fail(ctx, -e, "%s/%s: %s", shown, sofar, strerror(e));
}

int kh_walk_parent(struct kh_ctx *ctx, int root, const char *shown,
		   const char *path, unsigned int mode, const char **last)
{
	char buf[PATH_MAX], *comp, *slash;
	int dir, next;

	if (path[0] == '/')
		path++;
	/* All of it first: "x/.." must not create x before it is refused. */
	if (!kh_plain_path(path))
		return kh_fail(ctx, -EINVAL,
			       "%s/%s: not a plain path (empty, \".\" or \"..\" component)",
			       shown, path);
	strcpy(buf, path);
	dir = fcntl(root, F_DUPFD_CLOEXEC, 0);
	if (dir < 0)
		return kh_fail(ctx, -errno, "%s/: %s", shown, strerror(errno));
	for (comp = buf; (slash = strchr(comp, '/')); comp = slash + 1) {
		*slash = '\0';
		next = walk_step_(ctx, dir, shown, buf, comp, mode);
		*slash = '/';
		close(dir);
		if (next < 0)
			return next;
		dir = next;
	}
	*last = path + (comp - buf);
	return dir;
}

int kh_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int kh_write_file(struct kh_ctx *ctx, const char *path,
		  const struct kh_part *parts, int nparts)
{
	char tmp[PATH_MAX];
	int fd, i, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >=
	    (int)sizeof(tmp))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: name too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", tmp, strerror(errno));
	for (i = 0; !err && i < nparts; i++)
		err = kh_write_all(fd, parts[i].data, parts[i].len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		return kh_fail(ctx, err, "%s: %s", path, strerror(-err));
	}
	return 0;
}

int kh_sysctl_set(struct kh_ctx *ctx, const char *abs, const char *val,
		  char *old, size_t oldlen)
{
	char path[PATH_MAX];
	int fd, err;

	if (kh_path(ctx, path, sizeof(path), abs))
		return kh_fail(ctx, -ENAMETOOLONG, "%s%s: name too long",
			       ctx->root, abs);
	if (access(path, F_OK))
		return kh_fail(ctx, -ENOENT, "%s: no such sysctl in this kernel",
			       path);
	if (old) {
		err = kh_read_line(ctx, abs, old, oldlen);
		if (err)
			return err;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	err = fd < 0 ? -errno : kh_write_all(fd, val, strlen(val));
	if (fd >= 0)
		close(fd);
	if (err)
		return kh_fail(ctx, err, "%s: cannot write %s: %s", path, val,
			       strerror(-err));
	return 0;
}

int kh_mkdir_parents(struct kh_ctx *ctx, char *path, unsigned int mode)
{
	char *slash;
	int err;

	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		err = mkdir(path, mode) && errno != EEXIST ? -errno : 0;
		if (err)
			kh_fail(ctx, err, "%s: %s", path, strerror(-err));
		*slash = '/';
		if (err)
			return err;
	}
	return 0;
}

static int remove_entry_(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int kh_remove_tree(const char *path)
{
	return nftw(path, remove_entry_, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
}

void kh_remove_tree_warn(const char *path, const char *what)
{
	int err = kh_remove_tree(path);

	if (err && err != -ENOENT)
		fprintf(stderr, "kexec-handoff: warning: cannot remove the %s in %s: %s\n",
			what, path, strerror(-err));
}
