// SPDX-License-Identifier: GPL-2.0-only
/*
 * capture.c - the blob's root information, and the policy shared by the
 * SCSI and ATA halves of a capture (see capture.h)
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"

static int created_(struct kh_ctx *ctx, uint64_t *created)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	unsigned long long v;
	char *end;

	if (!env) {
		*created = (uint64_t)time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoull(env, &end, 10);
	if (!isdigit((unsigned char)env[0]) || *end || errno)
		return kh_fail(ctx, -EINVAL,
			       "SOURCE_DATE_EPOCH=\"%s\": not a number of seconds",
			       env);
	*created = v;
	return 0;
}

static int capture_begin_(struct kh_capture *cap, struct kh_ctx *ctx,
			  struct handoff_builder *b, void *buf, size_t size)
{
	char release[HANDOFF_STR_MAX + 1], boot_id[HANDOFF_STR_MAX + 1];
	struct handoff_info info = { 0 };
	int err;

	memset(cap, 0, sizeof(*cap));
	cap->b = b;
	cap->limit = size < HANDOFF_MAX_SIZE ? size : HANDOFF_MAX_SIZE;
	err = kh_read_line(ctx, "/proc/sys/kernel/osrelease", release,
			 sizeof(release));
	if (!err)
		err = kh_read_line(ctx, "/proc/sys/kernel/random/boot_id",
				 boot_id, sizeof(boot_id));
	if (!err)
		err = created_(ctx, &info.created);
	if (!err)
		err = kh_sysfs_open(&cap->fs, ctx);
	if (err)
		return err;
	info.kernel_release = release;
	info.boot_id = boot_id;
	err = handoff_create(b, buf, size, &info);
	if (err)
		return kh_capture_add_failed_(cap, err, "the blob's root");
	err = kh_capture_scsi_(cap);
	if (!err)
		err = kh_capture_ata_(cap);
	return err;
}

int kh_capture_begin(struct kh_ctx *ctx, struct handoff_builder *b, void *buf,
		     size_t size)
{
	struct kh_capture cap;

	return capture_begin_(&cap, ctx, b, buf, size);
}

int kh_capture(struct kh_ctx *ctx, void *buf, size_t size)
{
	struct handoff_builder b;
	struct kh_capture cap;
	int ret;

	ret = capture_begin_(&cap, ctx, &b, buf, size);
	if (ret)
		return ret;
	ret = handoff_finish(&b);
	return ret < 0 ? kh_capture_add_failed_(&cap, ret, "the blob's end") :
			 ret;
}

int kh_capture_fatal_(int err)
{
	return err == -ENOMEM || err == -EMFILE || err == -ENFILE;
}

int kh_capture_optional_(struct kh_capture *cap, int err)
{
	if (err >= 0 || err == -ENOENT)
		return 0;
	if (kh_capture_fatal_(err))
		return err;
	kh_sysfs_warn(&cap->fs, "%s; recorded without this value",
		      cap->fs.ctx->err);
	return 0;
}

int kh_capture_left_out_(struct kh_capture *cap, const char *what, int err)
{
	if (kh_capture_fatal_(err))
		return err;
	kh_sysfs_warn(&cap->fs, "%s not recorded, the new kernel will probe it in full: %s",
		      what, cap->fs.ctx->err);
	return 0;
}

int kh_capture_add_failed_(struct kh_capture *cap, int herr, const char *what)
{
	struct kh_ctx *ctx = cap->fs.ctx;

	if (herr == -HANDOFF_ERR_NOSPACE)
		return kh_fail(ctx, -ENOSPC,
			       "handoff blob full at %s: %u SCSI devices on %u hosts and %u ATA devices on %u ports collected, %zu bytes available",
			       what, cap->scsi_devs, cap->hosts, cap->ata_devs,
			       cap->ports, cap->limit);
	return kh_fail(ctx, herr == -HANDOFF_ERR_BADVALUE ? -EINVAL : -EIO,
		       "%s: handoff blob builder: %s", what,
		       handoff_strerror(herr));
}
