// SPDX-License-Identifier: GPL-2.0-only
/*
 * status_report.c - the kernel's report, then user space's records
 * (status_report.h)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob_file.h"
#include "state.h"
#include "status_report.h"

/* returns: 1 when the report did not end its last line, 0 when it did
 * (or there is none), or a negative errno */
static int kernel_part_(struct kh_ctx *ctx, FILE *out)
{
	char path[PATH_MAX];
	char *text;
	size_t len;
	int err, open_line;

	if (kh_path(ctx, path, sizeof(path), KH_SYSFS_STATUS))
		return kh_fail(ctx, -ENAMETOOLONG, "%s%s: path too long",
			       ctx->root, KH_SYSFS_STATUS);
	err = kh_read_file(ctx, path, 1 << 20, (void **)&text, &len);
	if (err == -ENOENT) {
		fprintf(out, "no handoff: this kernel has no handoff support or was booted without a blob (%s absent)\n",
			path);
		return 0;
	}
	if (err)
		return err;
	fwrite(text, 1, len, out);
	open_line = len && text[len - 1] != '\n';
	free(text);
	return open_line;
}

/* Entries of @dir but "." and "..": the groups whose images are left. */
static int count_entries_(const char *dir)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

struct records_ {
	char blob[PATH_MAX];	/* what the initramfs kept */
	char images[PATH_MAX];
	char restore[PATH_MAX];	/* what restore wrote */
	char lazy[PATH_MAX];	/* what lazy restores' monitors wrote */
	bool has_blob, has_images, has_restore, has_lazy;
};

static int find_records_(struct kh_ctx *ctx, struct records_ *r)
{
	int err = kh_state_path(ctx, r->blob, sizeof(r->blob),
				KH_STATE_RECEIVED_BLOB, 0);

	if (!err)
		err = kh_state_path(ctx, r->images, sizeof(r->images),
				    KH_STATE_RECEIVED_IMAGES, 0);
	if (!err)
		err = kh_state_path(ctx, r->restore, sizeof(r->restore),
				    KH_STATE_RESTORE_STATUS, 0);
	r->has_blob = !err && !access(r->blob, F_OK);
	r->has_images = !err && !access(r->images, F_OK);
	if (!err)
		err = kh_state_path(ctx, r->lazy, sizeof(r->lazy),
				    KH_STATE_LAZY_STATUS, 0);
	r->has_restore = !err && !access(r->restore, F_OK);
	r->has_lazy = !err && !access(r->lazy, F_OK);
	return err;
}

static void received_(const struct records_ *r, FILE *out)
{
	int groups;

	if (r->has_blob)
		fprintf(out, "initramfs: kept the blob it received, %s\n", r->blob);
	if (!r->has_images)
		return;
	groups = count_entries_(r->images);
	fprintf(out, "initramfs: kept the process images it received, %s (%d group%s left)\n",
		r->images, groups, groups == 1 ? "" : "s");
}

/* A status file's lines, indented under "@title (@path):". */
static int lines_(struct kh_ctx *ctx, const char *title, const char *path,
		  FILE *out)
{
	char *text, *line, *save = NULL;
	size_t len;
	int err = kh_read_file(ctx, path, 1 << 20, (void **)&text, &len);

	if (err)
		return err;
	fprintf(out, "%s (%s):\n", title, path);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(out, "  %s\n", line);
	free(text);
	return 0;
}

/* What user space recorded, after a blank line, if there is any. */
static int user_part_(struct kh_ctx *ctx, FILE *out, int open_line)
{
	const char *blank = open_line ? "\n\n" : "\n";
	char dir[PATH_MAX];
	struct records_ r;
	int fd, err;

	if (kh_path(ctx, dir, sizeof(dir), KH_STATE_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "%s%s: path too long",
			       ctx->root, KH_STATE_DIR);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		fprintf(out, "%suser space: %s: %s%s\n", blank, dir,
			strerror(errno), errno == EACCES ?
			" (only root reads what the initramfs and restore left there)" : "");
		return 0;
	}
	close(fd);
	err = find_records_(ctx, &r);
	if (err)
		return err;
	if (r.has_blob || r.has_images) {
		fputs(blank, out);
		blank = "\n";
	}
	received_(&r, out);
	if (!r.has_restore)
		return 0;
	fputs(blank, out);
	err = lines_(ctx, "restore", r.restore, out);
	if (!err && r.has_lazy)
		err = lines_(ctx, "lazy restore, once the pages were in", r.lazy,
			     out);
	return err;
}

int kh_status_report(struct kh_ctx *ctx, FILE *out)
{
	int ret = kernel_part_(ctx, out);

	return ret < 0 ? ret : user_part_(ctx, out, ret);
}
