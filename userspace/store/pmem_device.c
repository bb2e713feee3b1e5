// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmem_device.c - checking the pmem store's device (see pmem_device.h)
 *
 * sysfs says what a block device is: /sys/dev/block/MAJ:MIN is its
 * directory; device/ there is the nvdimm namespace it exposes, whose
 * driver is nd_pmem and whose resource and size (drivers/nvdimm,
 * Documentation/ABI) are the physical range, the same as the region's for
 * the raw namespace a memmap= region gets. Partitions are subdirectories
 * with a "partition" attribute, holders (device mapper, md) are listed in
 * holders/.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pmem_device.h"
#include "sysfs.h"

/* A number as the kernel's memparse() reads it. */
static int memparse_(const char *s, const char **end, uint64_t *val)
{
	static const char units[] = "KMGTPE";
	const char *unit;
	char *e;
	int shift;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*val = strtoull(s, &e, 0);
	if (errno)
		return -EINVAL;
	unit = *e ? strchr(units, toupper((unsigned char)*e)) : NULL;
	if (unit) {
		shift = 10 * (int)(unit - units + 1);
		if (*val > UINT64_MAX >> shift)
			return -EINVAL;
		*val <<= shift;
		e++;
	}
	*end = e;
	return 0;
}

int kh_memmap_parse(const char *text, struct kh_memmap *m)
{
	const char *p;

	if (strlen(text) >= sizeof(m->text) ||
	    memparse_(text, &p, &m->size) || *p != '!' ||
	    memparse_(p + 1, &p, &m->addr) || *p || !m->size ||
	    m->addr > UINT64_MAX - m->size)
		return -EINVAL;
	strcpy(m->text, text);
	return 0;
}

int kh_memmap_cmdline(struct kh_ctx *ctx, struct kh_memmap *m, int max)
{
	char path[PATH_MAX], *text, *tok, *save = NULL, *entry, *esave;
	size_t len;
	int n = 0, err;

	if (kh_path(ctx, path, sizeof(path), "/proc/cmdline"))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	err = kh_read_file(ctx, path, 8192, (void **)&text, &len);
	if (err)
		return err;
	/* memmap= may be repeated and may hold several entries. */
	for (tok = strtok_r(text, " \n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (strncmp(tok, "memmap=", 7))
			continue;
		for (entry = strtok_r(tok + 7, ",", &esave); entry && n < max;
		     entry = strtok_r(NULL, ",", &esave))
			n += !kh_memmap_parse(entry, &m[n]);
	}
	free(text);
	return n;
}

static const char *base_(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int not_blk_(struct kh_ctx *ctx, const char *device)
{
	return kh_fail(ctx, -ENOTBLK, "--store pmem: %s is not a block device",
		       device);
}

/* The device's directory in sysfs, relative to its root. */
static int disk_dir_(struct kh_sysfs *fs, const char *device,
		     const struct stat *st, char *disk, size_t len)
{
	int err;

	if (S_ISBLK(st->st_mode)) {
		err = kh_sysfs_resolve(fs, disk, len, "dev/block/%u:%u",
				       major(st->st_rdev), minor(st->st_rdev));
		if (err == -ENOENT)
			err = kh_fail(fs->ctx, -ENODEV, "--store pmem: %s is not a pmem device (sysfs does not know it)",
				      device);
		return err;
	}
	/* A stand-in for the device, in a test's fake root. */
	err = kh_sysfs_resolve(fs, disk, len, "class/block/%s", base_(device));
	return err == -ENOENT ? not_blk_(fs->ctx, device) : err;
}

/* Is it an nvdimm namespace served by nd_pmem, and which region is it? */
static int check_pmem_(struct kh_sysfs *fs, const char *device,
		       const char *disk, const struct kh_memmap *m, int nm,
		       int *match)
{
	char driver[PATH_MAX], res[32];
	uint64_t addr, size;
	int i, err;

	err = kh_sysfs_resolve(fs, driver, sizeof(driver), "%s/device/driver",
			       disk);
	if (err)
		return kh_fail(fs->ctx, -ENODEV, "--store pmem: %s is not a pmem device (it has no driver)",
			       device);
	if (strcmp(base_(driver), "nd_pmem"))
		return kh_fail(fs->ctx, -ENODEV, "--store pmem: %s is not a pmem device (its driver is %s, not nd_pmem)",
			       device, base_(driver));
	err = kh_sysfs_read_str(fs, res, sizeof(res), KH_TRIM_BLANKS,
				"%s/device/resource", disk);
	if (err >= 0)
		err = kh_sysfs_read_u64(fs, &size, "%s/device/size", disk);
	if (err < 0)
		return err;
	addr = strtoull(res, NULL, 16);
	for (i = 0; i < nm; i++)
		if (m[i].addr == addr && m[i].size == size) {
			if (match)
				*match = i;
			return 0;
		}
	return kh_fail(fs->ctx, -ERANGE, "--store pmem: %s covers 0x%llx-0x%llx, not the region memmap=%s keeps (0x%llx-0x%llx)%s",
		       device, (unsigned long long)addr,
		       (unsigned long long)(addr + size - 1), m[0].text,
		       (unsigned long long)m[0].addr,
		       (unsigned long long)(m[0].addr + m[0].size - 1),
		       nm > 1 ? " or another memmap= region" : "");
}

/* Partitions or holders would be destroyed by the store, or destroy it. */
static int check_unused_(struct kh_sysfs *fs, const char *device,
			 const char *disk)
{
	struct kh_sysfs_dir dir = { 0 };
	char part[16];
	size_t i;
	int err = kh_sysfs_list(fs, &dir, "%s", disk);

	for (i = 0; !err && i < dir.n; i++)
		if (kh_sysfs_read_str(fs, part, sizeof(part), KH_TRIM_BLANKS,
				      "%s/%s/partition", disk, dir.names[i]) >= 0)
			err = kh_fail(fs->ctx, -EBUSY, "--store pmem: %s has partitions (%s), which the store would overwrite",
				      device, dir.names[i]);
	kh_sysfs_dir_free(&dir);
	if (!err && !kh_sysfs_list(fs, &dir, "%s/holders", disk) && dir.n)
		err = kh_fail(fs->ctx, -EBUSY, "--store pmem: %s is held by %s, which the store would overwrite",
			      device, dir.names[0]);
	kh_sysfs_dir_free(&dir);
	return err;
}

/* Exclusively, so that a mounted or held device is refused; around the
 * page cache, which would only be a second copy. */
static int open_excl_(struct kh_ctx *ctx, const char *path, const char *device,
		      const struct stat *st)
{
	int flags = O_WRONLY | O_EXCL | O_NOCTTY | O_CLOEXEC, fd;
	struct stat now;

	fd = open(path, flags | O_DIRECT);
	if (fd < 0 && errno == EINVAL)
		fd = open(path, flags);
	if (fd < 0 && errno == EBUSY)
		return kh_fail(ctx, -EBUSY, "--store pmem: %s is in use (mounted, or open by another program)",
			       device);
	if (fd < 0)
		return kh_fail(ctx, -errno, "--store pmem: %s: %s", device,
			       strerror(errno));
	if (fstat(fd, &now) || now.st_dev != st->st_dev ||
	    now.st_ino != st->st_ino || now.st_rdev != st->st_rdev) {
		close(fd);
		return kh_fail(ctx, -EAGAIN, "--store pmem: %s changed while it was checked",
			       device);
	}
	return fd;
}

int kh_pmem_open(struct kh_ctx *ctx, const char *device,
		 const struct kh_memmap *m, int nm, int *match)
{
	char path[PATH_MAX], disk[PATH_MAX];
	struct kh_sysfs fs;
	struct stat st;
	int err;

	if (device[0] != '/' || kh_path(ctx, path, sizeof(path), device))
		return kh_fail(ctx, -EINVAL, "--store pmem: %s: not an absolute path",
			       device);
	if (stat(path, &st))
		return kh_fail(ctx, -errno, "--store pmem: %s: %s", device,
			       strerror(errno));
	if (!S_ISBLK(st.st_mode) && !(S_ISREG(st.st_mode) && ctx->root[0]))
		return not_blk_(ctx, device);
	err = kh_sysfs_open(&fs, ctx);
	if (!err)
		err = disk_dir_(&fs, device, &st, disk, sizeof(disk));
	if (!err)
		err = check_pmem_(&fs, device, disk, m, nm, match);
	if (!err)
		err = check_unused_(&fs, device, disk);
	return err ? err : open_excl_(ctx, path, device, &st);
}
