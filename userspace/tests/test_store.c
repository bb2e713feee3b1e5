// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_store.c - the process image store without CRIU: listing and
 * checksumming images, recording them in a blob, writing a pmem store and
 * reading it back, checking an initrd store in place, and the --load plan
 * that --exec reads (carried files: test_carry.c)
 *
 * Every damage restore must notice (a flipped byte, a missing or resized
 * image, a name that climbs out of its directory) is tried here; the QEMU
 * scenarios cover the same with real processes and kernels.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#define FIXTURES	"userspace/tests/fixtures"

#include "crc32c_bulk.h"
#include "exec_plan.h"
#include "handoff.h"
#include "image_set.h"
#include "pmem_device.h"
#include "store.h"
#include "store_read.h"
#include "store_write.h"

struct fx {
	struct kh_ctx ctx;
	char dir[64];
	char path[PATH_MAX];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/kh-store.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static const char *at(struct fx *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)((i * 2654435761u + seed) >> 13);
}

static void bulk_crc_matches_reference(void **state)
{
	static unsigned char buf[70000];
	size_t off, len;

	(void)state;
	pattern(buf, sizeof(buf), 7);
	for (off = 0; off < 8; off++)
		for (len = 0; len < 80; len += 7)
			assert_int_equal(kh_crc32c_bulk(0, buf + off, len),
					 handoff_crc32c(0, buf + off, len));
	assert_int_equal(kh_crc32c_bulk(0, buf, sizeof(buf)),
			 handoff_crc32c(0, buf, sizeof(buf)));
	/* Continuing a CRC gives the same as one call over both halves. */
	assert_int_equal(kh_crc32c_bulk(kh_crc32c_bulk(0, buf, 1001), buf + 1001,
					sizeof(buf) - 1001),
			 handoff_crc32c(0, buf, sizeof(buf)));
	assert_int_equal(kh_crc32c_bulk(0, "123456789", 9), 0xe3069283);
}

/* Two groups' images in <dir>/src, listed, recorded in a blob. */
static void *make_set(struct fx *f, struct kh_image_set *s, const char *type)
{
	static unsigned char big[10000];
	struct handoff_info info = {
		.kernel_release = "6.12.0-test",
		.boot_id = "00000000-1111-2222-3333-444444444444",
	};
	struct handoff_group g = { .root_pid = 42, .comm = "job",
				   .images = "group-0" };
	struct handoff_builder b;
	void *blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	char src[PATH_MAX];

	assert_non_null(blob);
	snprintf(src, sizeof(src), "%s/src", f->dir);
	assert_int_equal(mkdir(src, 0700), 0);
	pattern(big, sizeof(big), 1);
	write_bytes(at(f, "src/pages-1.img"), big, sizeof(big));
	write_bytes(at(f, "src/core-42.img"), "core", 4);
	write_bytes(at(f, "src/empty.img"), "", 0);
	memset(s, 0, sizeof(*s));
	assert_int_equal(kh_images_add_dir(&f->ctx, s, 0, src), 0);
	write_bytes(at(f, "log"), "carried\n", 8);
	assert_int_equal(kh_images_add(&f->ctx, s, 1, "root/var/log/x",
				       at(f, "log")), 0);
	assert_int_equal(s->n, 4);
	/* Name order, page-aligned offsets. */
	assert_string_equal(s->v[0].name, "core-42.img");
	assert_string_equal(s->v[2].name, "pages-1.img");
	assert_int_equal(s->v[1].offset, KH_STORE_ALIGN);
	assert_int_equal(s->v[2].offset, KH_STORE_ALIGN);	/* empty.img */
	assert_int_equal(s->v[3].offset, 4 * KH_STORE_ALIGN);
	assert_int_equal(s->total, 5 * KH_STORE_ALIGN);
	assert_int_equal(s->v[2].crc, handoff_crc32c(0, big, sizeof(big)));

	assert_int_equal(handoff_create(&b, blob, HANDOFF_MAX_SIZE, &info), 0);
	assert_true(handoff_add_group(&b, &g) >= 0);
	g.images = "group-1";
	assert_true(handoff_add_group(&b, &g) >= 0);
	assert_int_equal(kh_images_record(&b, s, type,
					  !strcmp(type, "pmem") ? "/dev/pmem0" : NULL,
					  !strcmp(type, "pmem") ? "256M!1536M" : NULL),
			 0);
	assert_true(handoff_finish(&b) > 0);
	assert_true(handoff_check_full(blob, HANDOFF_MAX_SIZE) > 0);
	return blob;
}

/* A fake root with a pmem device (a file) in the region memmap=256M!1536M
 * keeps, as sysfs shows it; returns the device's path. */
static const char *pmem_root(struct fx *f)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof(cmd), "cp -a %s/pmem-root %s/root", FIXTURES,
		 f->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(f->ctx.root, sizeof(f->ctx.root), "%s/root", f->dir);
	snprintf(f->ctx.sysfs, sizeof(f->ctx.sysfs), "%s/root/sys", f->dir);
	return at(f, "root/dev/pmem0");
}

/* The pmem store's --exec half, as jump.c calls it, on pmem_root()'s
 * device. */
static int write_pmem(struct fx *f, struct kh_image_set *s)
{
	static struct kh_plan p;

	memset(&p, 0, sizeof(p));
	strcpy(p.store_device, "/dev/pmem0");
	strcpy(p.memmap, "256M!1536M");
	return kh_store_pmem.write(&f->ctx, &p, s);
}

static void pmem_round_trip_and_damage(void **state)
{
	struct fx *f = *state;
	struct kh_image_set s;
	char dir[PATH_MAX], dev[PATH_MAX], copies[PATH_MAX];
	void *blob;
	int fd;

	blob = make_set(f, &s, "pmem");
	/* The "device" is a file; a short one is refused, naming sizes. */
	snprintf(dev, sizeof(dev), "%s", pmem_root(f));
	write_bytes(dev, "", 0);
	assert_int_equal(truncate(dev, 4096), 0);
	assert_int_equal(write_pmem(f, &s), -ENOSPC);
	assert_non_null(strstr(f->ctx.err, "the images need 20480"));
	assert_int_equal(truncate(dev, 1 << 20), 0);
	assert_int_equal(write_pmem(f, &s), 0);
	/* CRCs computed while writing are those computed when listing. */
	{
		struct kh_image_set later = { .crc_later = 1 };
		char src[PATH_MAX];
		int i;

		snprintf(src, sizeof(src), "%s/src", f->dir);
		assert_int_equal(kh_images_add_dir(&f->ctx, &later, 0, src), 0);
		assert_int_equal(later.v[2].crc, 0);
		assert_int_equal(write_pmem(f, &later), 0);
		for (i = 0; i < later.n; i++)
			assert_int_equal(later.v[i].crc, s.v[i].crc);
		kh_images_free(&later);
	}
	/* A listed image that changed before the store was written. */
	s.v[0].crc ^= 1;
	assert_int_equal(write_pmem(f, &s), -EIO);
	assert_non_null(strstr(f->ctx.err, "changed after it was listed"));
	s.v[0].crc ^= 1;
	assert_int_equal(write_pmem(f, &s), 0);

	snprintf(copies, sizeof(copies), "%s/copies", f->dir);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", "/nonexistent", copies,
					dir, sizeof(dir), NULL), 0);
	assert_string_equal(dir, at(f, "copies/group-0"));
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 1, "group-1", "/nonexistent", copies,
					dir, sizeof(dir), NULL), 0);
	assert_int_equal(access(at(f, "copies/group-1/root/var/log/x"), F_OK), 0);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 2, "group-2", "/x", copies, dir,
					sizeof(dir), NULL), -ENOENT);

	/* One flipped byte in the middle of pages-1.img. */
	fd = open(dev, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\x55", 1, KH_STORE_ALIGN + 5000), 1);
	close(fd);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", "/x", copies, dir,
					sizeof(dir), NULL), -EBADMSG);
	assert_non_null(strstr(f->ctx.err, "image pages-1.img: checksum mismatch"));
	/* The other group does not care. */
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 1, "group-1", "/x", copies, dir,
					sizeof(dir), NULL), 0);
	kh_images_free(&s);
	free(blob);
}

/* Lay the images out in <dir>/images as the initramfs unpacks the store
 * archive. */
static void unpack_initrd_store(struct fx *f, const struct kh_image_set *s,
				char *images, size_t len)
{
	char cmd[PATH_MAX * 4];
	int i;

	snprintf(images, len, "%s/images", f->dir);
	for (i = 0; i < s->n; i++) {
		snprintf(cmd, sizeof(cmd), "mkdir -p $(dirname %s/group-%u/%s) && cp %s %s/group-%u/%s",
			 images, s->v[i].group, s->v[i].name, s->v[i].path,
			 images, s->v[i].group, s->v[i].name);
		assert_int_equal(system(cmd), 0);
	}
}

/* Pre-copy rounds are written before the freeze: the write at the freeze
 * leaves them as they are and writes the rest. */
static void pmem_writes_only_what_is_not_stored(void **state)
{
	struct fx *f = *state;
	struct kh_image_set s;
	char dev[PATH_MAX], got[KH_STORE_ALIGN];
	void *blob = make_set(f, &s, "pmem");
	int fd;

	snprintf(dev, sizeof(dev), "%s", pmem_root(f));
	write_bytes(dev, "", 0);
	assert_int_equal(truncate(dev, 1 << 20), 0);
	s.stored = 1;
	assert_int_equal(write_pmem(f, &s), 0);
	fd = open(dev, O_RDONLY);
	assert_true(fd >= 0);
	/* core-42.img was "stored": its place is still zeros. */
	assert_int_equal(pread(fd, got, 4, 0), 4);
	assert_memory_equal(got, "\0\0\0\0", 4);
	assert_int_equal(pread(fd, got, 8, (off_t)s.v[3].offset), 8);
	assert_memory_equal(got, "carried\n", 8);
	close(fd);
	kh_images_free(&s);
	free(blob);
}

static int drop_group_0(uint32_t group, void *arg)
{
	(void)arg;
	return group == 0 ? -1 : (int)group + 6;
}

/* Images listed under --load indexes take the blob's numbers once the
 * dumps are done; a group that ended leaves, its room unused. */
static void images_renumbered(void **state)
{
	struct fx *f = *state;
	struct kh_image_set s;
	void *blob = make_set(f, &s, "initrd");
	uint64_t offset = s.v[3].offset, total = s.total;

	s.stored = 2;
	kh_images_renumber(&s, drop_group_0, NULL);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.stored, 0);
	assert_string_equal(s.v[0].name, "root/var/log/x");
	assert_int_equal(s.v[0].group, 7);
	assert_true(s.v[0].offset == offset && s.total == total);
	kh_images_free(&s);
	free(blob);
}

static void memmap_read_as_the_kernel_does(void **state)
{
	static const char *const bad[] = {
		"256M", "!1G", "256M!", "256Q!1G", "0!1G", "16E!0", "1G!x",
		"256M!1536M,", "-1!1G", "1E!16E",
	};
	static const char cmdline[] =
		"ro memmap=64M!4G,1G$2G,256M!0x60000000 memmap=x memmap=1M!1M\n";
	struct fx *f = *state;
	struct kh_memmap m[KH_MEMMAP_MAX];
	size_t i;

	assert_int_equal(kh_memmap_parse("256M!1536M", &m[0]), 0);
	assert_int_equal(m[0].size, 256ull << 20);
	assert_int_equal(m[0].addr, 1536ull << 20);
	assert_string_equal(m[0].text, "256M!1536M");
	assert_int_equal(kh_memmap_parse("0x10000000!0x60000000", &m[0]), 0);
	assert_int_equal(m[0].addr, 0x60000000);
	assert_int_equal(kh_memmap_parse("1g!4G", &m[0]), 0);
	assert_int_equal(m[0].size + m[0].addr, 5ull << 30);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kh_memmap_parse(bad[i], &m[0]), -EINVAL);
	/* Repeated, several to one option, and other kinds left out. */
	snprintf(f->ctx.root, sizeof(f->ctx.root), "%s", f->dir);
	assert_int_equal(mkdir(at(f, "proc"), 0755), 0);
	write_bytes(at(f, "proc/cmdline"), cmdline, strlen(cmdline));
	assert_int_equal(kh_memmap_cmdline(&f->ctx, m, KH_MEMMAP_MAX), 3);
	assert_string_equal(m[1].text, "256M!0x60000000");
	assert_string_equal(m[2].text, "1M!1M");
	assert_int_equal(kh_memmap_cmdline(&f->ctx, m, 1), 1);
}

/* Only the pmem device of the region, unused, opened exclusively. */
static void pmem_device_checked(void **state)
{
	struct fx *f = *state;
	struct kh_memmap m[2];
	char disk[PATH_MAX];
	int fd, match = -1;

	assert_int_equal(kh_memmap_parse("64M!4G", &m[0]), 0);
	assert_int_equal(kh_memmap_parse("256M!1536M", &m[1]), 0);
	/* The real root: a file is not a block device, nor a loop device
	 * (if this machine has one) a pmem device. */
	strcpy(f->ctx.sysfs, "/sys");
	write_bytes(at(f, "disk.img"), "MBR", 3);
	assert_int_equal(kh_pmem_open(&f->ctx, at(f, "disk.img"), m, 2, NULL),
			 -ENOTBLK);
	assert_non_null(strstr(f->ctx.err, "disk.img is not a block device"));
	if (!access("/dev/loop0", F_OK))
		assert_int_equal(kh_pmem_open(&f->ctx, "/dev/loop0", m, 2, NULL),
				 -ENODEV);
	/* The fake root's device, the second region. */
	pmem_root(f);
	fd = kh_pmem_open(&f->ctx, "/dev/pmem0", m, 2, &match);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(match, 1);
	assert_int_equal(kh_pmem_open(&f->ctx, "/dev/pmem0", m, 1, NULL), -ERANGE);
	assert_non_null(strstr(f->ctx.err, "/dev/pmem0 covers 0x60000000-0x6fffffff, not the region memmap=64M!4G keeps (0x100000000-0x103ffffff)"));
	assert_int_equal(kh_pmem_open(&f->ctx, "/dev/pmem1", m, 2, NULL), -ENOENT);
	assert_int_equal(kh_pmem_open(&f->ctx, "dev/pmem0", m, 2, NULL), -EINVAL);
	snprintf(disk, sizeof(disk), "%s/root/sys/class/block/pmem0/holders",
		 f->dir);
	assert_int_equal(mkdir(disk, 0755), 0);
	assert_int_equal(symlink("../../dm-0", at(f, "root/sys/class/block/pmem0/holders/dm-0")), 0);
	assert_int_equal(kh_pmem_open(&f->ctx, "/dev/pmem0", m, 2, NULL), -EBUSY);
	assert_non_null(strstr(f->ctx.err, "/dev/pmem0 is held by dm-0"));
}

/* A real block device under the fake sysfs entry, held exclusively by
 * someone else: refused as busy. An unbound loop device serves; without
 * one (or without mknod) there is nothing to try. */
static void pmem_device_busy(void **state)
{
	struct fx *f = *state;
	const char *dev = pmem_root(f);
	struct kh_memmap m;
	int held, fd;

	assert_int_equal(kh_memmap_parse("256M!1536M", &m), 0);
	unlink(dev);
	if (mknod(dev, S_IFBLK | 0600, makedev(7, 7)))
		skip();
	held = open(dev, O_WRONLY | O_EXCL | O_CLOEXEC);
	if (held < 0)
		skip();
	assert_int_equal(symlink("../../devices/platform/e820_pmem/ndbus0/region0/namespace0.0/block/pmem0",
				 at(f, "root/sys/dev/block/7:7")), 0);
	assert_int_equal(kh_pmem_open(&f->ctx, "/dev/pmem0", &m, 1, NULL), -EBUSY);
	assert_non_null(strstr(f->ctx.err, "/dev/pmem0 is in use"));
	close(held);
	fd = kh_pmem_open(&f->ctx, "/dev/pmem0", &m, 1, NULL);
	assert_true(fd >= 0);
	close(fd);
}

/* --exec checks again: a partition made since --load is not overwritten. */
static void pmem_store_rechecked_at_exec(void **state)
{
	static const unsigned char zeros[1 << 20];
	struct fx *f = *state;
	struct kh_image_set s;
	char part[PATH_MAX];
	uint64_t size;
	uint32_t crc;
	void *blob;

	blob = make_set(f, &s, "pmem");
	assert_int_equal(truncate(pmem_root(f), 1 << 20), 0);
	snprintf(part, sizeof(part), "%s/root/sys/class/block/pmem0/pmem0p1",
		 f->dir);
	assert_int_equal(mkdir(part, 0755), 0);
	write_bytes(at(f, "root/sys/class/block/pmem0/pmem0p1/partition"), "1\n", 2);
	assert_int_equal(write_pmem(f, &s), -EBUSY);
	assert_non_null(strstr(f->ctx.err, "/dev/pmem0 has partitions (pmem0p1)"));
	assert_int_equal(kh_file_crc(&f->ctx, at(f, "root/dev/pmem0"), &size, &crc), 0);
	assert_int_equal(crc, handoff_crc32c(0, zeros, sizeof(zeros)));
	kh_images_free(&s);
	free(blob);
}

/* A pmem blob for group 0 listing @imgs, in a store of @size bytes. */
static void *pmem_blob(uint64_t size, const struct handoff_image *imgs, int n)
{
	struct handoff_info info = { .kernel_release = "r", .boot_id = "b" };
	struct handoff_store st = { .type = "pmem", .device = "/dev/pmem0",
				    .memmap = "256M!1536M", .size = size };
	struct handoff_group g = { .root_pid = 1, .comm = "c",
				   .images = "group-0" };
	struct handoff_builder b;
	void *blob = aligned_alloc(8, 8192);
	int i;

	assert_non_null(blob);
	assert_int_equal(handoff_create(&b, blob, 8192, &info), 0);
	assert_true(handoff_add_group(&b, &g) >= 0);
	assert_int_equal(handoff_set_store(&b, &st), 0);
	for (i = 0; i < n; i++)
		assert_true(handoff_add_image(&b, &imgs[i]) >= 0);
	assert_true(handoff_finish(&b) > 0);
	return blob;
}

/* Restore copies no more than the device holds, and nothing is left of a
 * group whose copy failed. */
static void pmem_restore_bounded(void **state)
{
	static const unsigned char zeros[8192];
	uint32_t zcrc = handoff_crc32c(0, zeros, 4096);
	const struct handoff_image ok = { .name = "a", .size = 4096, .crc32c = zcrc };
	const struct {
		uint64_t store;
		struct handoff_image img[2];
		const char *why;
	} bad[] = {
		{ 8192, { ok, { .name = "b", .offset = 4096, .size = 65536 } },
		  "image b: 65536 bytes at 4096 lie beyond the store's 8192" },
		{ 1u << 30, { ok, { .name = "b", .offset = 4096, .size = 4096 } },
		  "the store's 1073741824 bytes do not fit in" },
		{ 8192, { ok, { .name = "b", .offset = 100, .size = 4 } },
		  "image b: offset 100 is not a multiple of 4096" },
		{ 8192, { ok, { .name = "b", .size = 8192 } },
		  "images a and b overlap" },
		{ 8192, { ok, { .name = "b", .offset = 4096, .size = 4096, .crc32c = 1 } },
		  "image b: checksum mismatch" },
		{ 8192, { ok, { .name = "b", .offset = UINT64_MAX - 4095, .size = 8192 } },
		  "lie beyond the store's 8192" },
	};
	struct fx *f = *state;
	char dir[PATH_MAX], copies[PATH_MAX];
	void *blob;
	size_t i;

	assert_int_equal(truncate(pmem_root(f), 1 << 20), 0);
	snprintf(copies, sizeof(copies), "%s/copies", f->dir);
	blob = pmem_blob(8192, bad[0].img, 1);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", "/x", copies, dir,
					sizeof(dir), NULL), 0);
	assert_int_equal(access(at(f, "copies/group-0/a"), F_OK), 0);
	free(blob);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		blob = pmem_blob(bad[i].store, bad[i].img, 2);
		assert_true(kh_store_fetch(&f->ctx, blob, 0, "group-0", "/x", copies, dir,
					   sizeof(dir), NULL) < 0);
		if (!strstr(f->ctx.err, bad[i].why))
			fail_msg("case %zu: %s", i, f->ctx.err);
		/* Not even image a, copied before b failed. */
		assert_int_equal(access(at(f, "copies/group-0"), F_OK), -1);
		free(blob);
	}
	/* A character device (say /dev/zero) is no store. */
	unlink(at(f, "root/dev/pmem0"));
	assert_int_equal(symlink("/dev/zero", at(f, "root/dev/pmem0")), 0);
	blob = pmem_blob(8192, bad[0].img, 1);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", "/x", copies, dir,
					sizeof(dir), NULL), -ENOTBLK);
	assert_non_null(strstr(f->ctx.err, "not a block device"));
	free(blob);
}

static void initrd_store_checked_in_place(void **state)
{
	struct fx *f = *state;
	struct kh_image_set s;
	char dir[PATH_MAX], images[256];
	void *blob;

	blob = make_set(f, &s, "initrd");
	unpack_initrd_store(f, &s, images, sizeof(images));
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), 0);
	assert_string_equal(dir, at(f, "images/group-0"));

	write_bytes(at(f, "images/group-0/core-42.img"), "cord", 4);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), -EBADMSG);
	assert_non_null(strstr(f->ctx.err, "core-42.img: checksum mismatch"));
	write_bytes(at(f, "images/group-0/core-42.img"), "core!", 5);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), -EBADMSG);
	assert_non_null(strstr(f->ctx.err, "5 bytes, the blob says 4"));
	assert_int_equal(unlink(at(f, "images/group-0/core-42.img")), 0);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), -ENOENT);
	assert_non_null(strstr(f->ctx.err, "image core-42.img is missing"));
	kh_images_free(&s);
	free(blob);
}

/* A FIFO among the images would block the open until someone writes to it:
 * an alarm turns that hang into a failed test. */
static void fifo_or_symlink(const char *path, const char *target)
{
	char to[PATH_MAX];

	/* @target may be at()'s buffer, which the next at() overwrites. */
	if (target)
		snprintf(to, sizeof(to), "%s", target);
	unlink(path);
	if (target)
		assert_int_equal(symlink(to, path), 0);
	else
		assert_int_equal(mkfifo(path, 0600), 0);
}

static void initrd_store_opens_only_regular_files(void **state)
{
	struct fx *f = *state;
	struct kh_image_set s;
	char dir[PATH_MAX], images[256], cmd[PATH_MAX];
	void *blob;

	blob = make_set(f, &s, "initrd");
	unpack_initrd_store(f, &s, images, sizeof(images));
	/* The same bytes behind a symlink: not followed, so not accepted. */
	write_bytes(at(f, "core"), "core", 4);
	snprintf(cmd, sizeof(cmd), "%s/images/group-0/core-42.img", f->dir);
	fifo_or_symlink(cmd, at(f, "core"));
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), -ELOOP);
	assert_non_null(strstr(f->ctx.err, "core-42.img: is a symbolic link"));
	alarm(20);
	fifo_or_symlink(cmd, NULL);
	assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", images, "/x", dir,
					sizeof(dir), NULL), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "core-42.img: not a regular file"));
	alarm(0);
	kh_images_free(&s);
	free(blob);
}

/* At --exec: what is listed is a regular file, and what is stored is what
 * was listed, even if the name is swapped for a FIFO or a symlink between. */
static void listed_images_are_regular_files(void **state)
{
	static const int crc_later[] = { 0, 1 };
	struct fx *f = *state;
	struct kh_image_set s;
	char planted[PATH_MAX];
	size_t i;
	void *blob;

	alarm(20);
	write_bytes(at(f, "secret"), "secret", 6);
	snprintf(planted, sizeof(planted), "%s/planted", f->dir);
	for (i = 0; i < 2; i++) {
		struct kh_image_set t = { .crc_later = crc_later[i] };

		fifo_or_symlink(planted, at(f, "secret"));
		assert_int_equal(kh_images_add(&f->ctx, &t, 0, "x", planted),
				 -ELOOP);
		fifo_or_symlink(planted, NULL);
		assert_int_equal(kh_images_add(&f->ctx, &t, 0, "x", planted),
				 -EINVAL);
		assert_int_equal(t.n, 0);
		kh_images_free(&t);
	}
	blob = make_set(f, &s, "pmem");
	assert_int_equal(truncate(pmem_root(f), 1 << 20), 0);
	fifo_or_symlink(s.v[3].path, at(f, "secret"));
	assert_int_equal(write_pmem(f, &s), -ELOOP);
	assert_int_equal(kh_store_write_initrd(&f->ctx, &s, at(f, "initrd"),
					       blob, HANDOFF_MAX_SIZE, NULL),
			 -ELOOP);
	fifo_or_symlink(s.v[3].path, NULL);
	assert_int_equal(write_pmem(f, &s), -EINVAL);
	assert_int_equal(kh_store_write_initrd(&f->ctx, &s, at(f, "initrd"),
					       blob, HANDOFF_MAX_SIZE, NULL),
			 -EINVAL);
	/* Grown since: the store has room for the listed size only. */
	unlink(s.v[3].path);
	write_bytes(s.v[3].path, "carried, and then some\n", 23);
	assert_int_equal(write_pmem(f, &s), -EIO);
	assert_non_null(strstr(f->ctx.err, "23 bytes, 8 when it was listed"));
	alarm(0);
	kh_images_free(&s);
	free(blob);
}

static void names_stay_in_their_directory(void **state)
{
	static const char *const bad[] = {
		"../core.img", "root/../../etc/passwd", "/etc/passwd",
		"root//x", "root/./x", "root/x/..",
	};
	struct fx *f = *state;
	struct handoff_info info = { .kernel_release = "r", .boot_id = "b" };
	struct handoff_store st = { .type = "initrd", .size = 4 };
	struct handoff_group g = { .root_pid = 1, .comm = "c", .images = "g" };
	struct handoff_builder b;
	char dir[PATH_MAX];
	void *blob = aligned_alloc(8, 8192);
	size_t i;

	assert_non_null(blob);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct handoff_image img = { .name = bad[i], .size = 4 };

		assert_int_equal(handoff_create(&b, blob, 8192, &info), 0);
		assert_true(handoff_add_group(&b, &g) >= 0);
		assert_int_equal(handoff_set_store(&b, &st), 0);
		assert_true(handoff_add_image(&b, &img) >= 0);
		assert_true(handoff_finish(&b) > 0);
		assert_int_equal(kh_store_fetch(&f->ctx, blob, 0, "group-0", f->dir, f->dir,
						dir, sizeof(dir), NULL), -EINVAL);
		assert_non_null(strstr(f->ctx.err, "leaves its directory"));
	}
	free(blob);
}

static void store_kinds_by_name(void **state)
{
	struct fx *f = *state;
	struct kh_plan *p = calloc(1, sizeof(*p));
	const struct kh_store_ops *ops;
	char forms[128];

	assert_non_null(p);
	assert_ptr_equal(kh_store_find("initrd"), &kh_store_initrd);
	assert_ptr_equal(kh_store_find("pmem"), &kh_store_pmem);
	assert_null(kh_store_find("pme"));
	assert_int_equal(kh_store_lookup(&f->ctx, "nvme", &ops), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "unknown image store type 'nvme'"));
	assert_int_equal(kh_store_parse(p, "pmem:/dev/pmem1"), 0);
	assert_string_equal(p->store, "pmem");
	assert_string_equal(p->store_device, "/dev/pmem1");
	assert_int_equal(kh_store_parse(p, "initrd"), 0);
	assert_string_equal(p->store, "initrd");
	assert_int_equal(kh_store_parse(p, "pmem"), -EINVAL);
	assert_int_equal(kh_store_parse(p, "pmem:dev/pmem0"), -EINVAL);
	assert_int_equal(kh_store_parse(p, "pmem:/dev/x\ny"), -EINVAL);
	assert_int_equal(kh_store_parse(p, "initrd:/x"), -EINVAL);
	assert_int_equal(kh_store_parse(p, "pmemx:/dev/pmem0"), -EINVAL);
	assert_string_equal(p->store, "initrd");
	/* Only pmem checksums while it writes. */
	assert_false(kh_store_initrd.crc_while_writing);
	assert_true(kh_store_pmem.crc_while_writing);
	kh_store_forms(forms, sizeof(forms));
	assert_string_equal(forms, "'initrd' or 'pmem:/dev/pmemN'");
	free(p);
}

static void plan_round_trip(void **state)
{
	struct fx *f = *state;
	struct kh_plan *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	assert_non_null(a);
	assert_non_null(b);
	strcpy(a->kernel, "/boot/vmlinuz-new");
	strcpy(a->initrd, "/boot/initrd.img-new");
	strcpy(a->cmdline_flag, "--append");
	strcpy(a->cmdline, "root=/dev/sda1 quiet memmap=256M!1536M");
	a->file_syscall = 1;
	a->no_checks = 1;
	a->precopy = 1;
	strcpy(a->store, "pmem");
	strcpy(a->store_device, "/dev/pmem0");
	strcpy(a->memmap, "256M!1536M");
	a->ngroups = 2;
	a->pids[0] = 42;
	a->starts[0] = 123456789012ULL;
	a->pids[1] = 7;
	a->starts[1] = 5;
	assert_int_equal(kh_plan_write(&f->ctx, at(f, "plan"), a), 0);
	assert_int_equal(kh_plan_read(&f->ctx, at(f, "plan"), b), 0);
	assert_memory_equal(a, b, sizeof(*a));

	write_bytes(at(f, "plan"), "kernel /k\nstore initrd\nfuture-key x\n", 36);
	assert_int_equal(kh_plan_read(&f->ctx, at(f, "plan"), b), 0);
	write_bytes(at(f, "plan"), "kernel /k\nstore initrd\ncheckpoint x\n", 36);
	assert_int_equal(kh_plan_read(&f->ctx, at(f, "plan"), b), -EINVAL);
	write_bytes(at(f, "plan"), "store initrd\n", 13);
	assert_int_equal(kh_plan_read(&f->ctx, at(f, "plan"), b), -EINVAL);
	assert_int_equal(kh_plan_read(&f->ctx, at(f, "none"), b), -ENOENT);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bulk_crc_matches_reference),
		cmocka_unit_test_setup_teardown(pmem_round_trip_and_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(pmem_writes_only_what_is_not_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(images_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(memmap_read_as_the_kernel_does, setup, teardown),
		cmocka_unit_test_setup_teardown(pmem_device_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(pmem_device_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(pmem_store_rechecked_at_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(pmem_restore_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(initrd_store_checked_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(initrd_store_opens_only_regular_files, setup, teardown),
		cmocka_unit_test_setup_teardown(listed_images_are_regular_files, setup, teardown),
		cmocka_unit_test_setup_teardown(names_stay_in_their_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(store_kinds_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(plan_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
