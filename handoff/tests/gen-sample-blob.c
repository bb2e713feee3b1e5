// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * gen-sample-blob.c - write a handoff blob that uses every node kind
 *
 * Used by dt-validate.test to check handoff/binding.yaml against what the
 * library really writes. Every optional property is set at least once, and
 * the variants a reader must tell apart appear side by side: a link that
 * is up and one that is down, a group with and one without the
 * tcp-established flag, a LUN that needs the high reg cell.
 *
 * With --check it instead reads a blob (typically the sample after an edit
 * with fdtput, or the binding's example compiled by dtc), recomputes its
 * CRC and says whether handoff_check_user() accepts it, so the test can
 * compare the reader's verdict with the schema's.
 *
 * usage: gen-sample-blob OUTPUT.dtb
 *        gen-sample-blob --check INPUT.dtb
 * Exit status: 0 written or accepted, 1 a library call failed or the blob
 * was rejected, 2 bad usage or I/O.
 */
#include <stdio.h>
#include <string.h>
#include "handoff.h"

static const struct handoff_info info = {
	.kernel_release = "6.12.57-amd64",
	.boot_id = "3f0c2a9e-6a51-4d2b-9a57-0c1d2e3f4a5b",
	.created = 1764115200,
};

static const struct handoff_scsi_host hosts[] = {
	{ "virtio_scsi", "pci:0000:00:03.0", 0 },
	{ "mpt3sas", "path:platform/soc/1f000000.sas", 1 },
};

static const struct handoff_scsi_dev disk = {
	.channel = 0, .id = 1, .lun = 0, .type = 0,
	.vendor = "QEMU", .model = "QEMU HARDDISK", .rev = "2.5+",
	.serial = "drive-scsi0-0-1-0",
	.wwid = "naa.5000c500a1b2c3d4",
	.capacity = 41943040,
};

/* A flat-space LUN: only representable with both reg LUN cells. */
static const struct handoff_scsi_dev wide_lun = {
	.channel = 0, .id = 2, .lun = 0x4001000200000000ULL, .type = 5,
	.vendor = "HP", .model = "DVD-ROM", .rev = "",
};

static const struct handoff_ata_port ports[] = {
	{ "ahci", "pci:0000:00:1f.2", 0, HANDOFF_LINK_UP, "6.0 Gbps" },
	{ "ahci", "pci:0000:00:1f.2", 1, HANDOFF_LINK_DOWN, NULL },
};

static const struct handoff_ata_dev ata_disk = {
	.devno = 0, .class = "ata", .model = "Samsung SSD 870 EVO 1TB",
	.serial = "S6PTNX0T123456A", .firmware = "SVT02B6Q",
	.sectors = 1953525168,
};

static const struct handoff_group groups[] = {
	{ .root_pid = 1234, .comm = "postgres", .images = "group-0",
	  .unit = "postgresql@15-main.service",
	  .flags = HANDOFF_GROUP_TCP_ESTABLISHED },
	{ .root_pid = 2345, .comm = "make", .images = "group-1" },
};

static const struct handoff_store store = {
	.type = "pmem", .device = "/dev/pmem0", .memmap = "256M!1536M",
	.size = 3 * 4096,
};

static const struct handoff_image images[] = {
	{ "inventory.img", 0, 0, 4096, 0x8a9136aa },
	{ "pages-1.img", 0, 4096, 4096, 0x1c2d3e4f },
	{ "inventory.img", 1, 8192, 4096, 0xdeadbeef },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int add_storage(struct handoff_builder *b)
{
	int err;

	err = handoff_add_scsi_host(b, &hosts[0]);
	if (err >= 0)
		err = handoff_add_scsi_dev(b, &disk);
	if (err >= 0)
		err = handoff_add_scsi_dev(b, &wide_lun);
	if (err >= 0)
		err = handoff_add_scsi_host(b, &hosts[1]);
	if (err >= 0)
		err = handoff_add_ata_port(b, &ports[0]);
	if (err >= 0)
		err = handoff_add_ata_dev(b, &ata_disk);
	if (err >= 0)
		err = handoff_add_ata_port(b, &ports[1]);
	return err < 0 ? err : 0;
}

static int add_processes(struct handoff_builder *b)
{
	size_t i;
	int err = 0;

	for (i = 0; err >= 0 && i < ARRAY_SIZE(groups); i++)
		err = handoff_add_group(b, &groups[i]);
	if (err >= 0)
		err = handoff_set_store(b, &store);
	for (i = 0; err >= 0 && i < ARRAY_SIZE(images); i++)
		err = handoff_add_image(b, &images[i]);
	return err < 0 ? err : 0;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return 2;
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 2;
	}
	return 0;
}

static int generate(const char *path)
{
	static _Alignas(8) char buf[HANDOFF_MAX_SIZE];
	struct handoff_builder b;
	int size, err;

	err = handoff_create(&b, buf, sizeof(buf), &info);
	if (!err)
		err = add_storage(&b);
	if (!err)
		err = add_processes(&b);
	size = err ? err : handoff_finish(&b);
	if (size < 0) {
		fprintf(stderr, "building the blob: %s\n", handoff_strerror(size));
		return 1;
	}
	err = handoff_check_user(buf, (size_t)size);
	if (err < 0) {
		fprintf(stderr, "own blob fails check: %s\n", handoff_strerror(err));
		return 1;
	}
	return write_file(path, buf, (size_t)size);
}

/* Reseal @path (edits invalidate the CRC) and run the reader's full check. */
static int check(const char *path)
{
	static _Alignas(8) char buf[HANDOFF_MAX_SIZE + 1];
	FILE *f = fopen(path, "rb");
	size_t len;
	int err;

	if (!f) {
		perror(path);
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	if (ferror(f) || fclose(f)) {
		perror(path);
		return 2;
	}
	err = handoff_seal(buf, len);
	if (!err)
		err = handoff_check_user(buf, len);
	printf("%s: %s\n", path, err < 0 ? handoff_strerror(err) : "accepted");
	return err < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] != '-')
		return generate(argv[1]);
	if (argc == 3 && !strcmp(argv[1], "--check"))
		return check(argv[2]);
	fprintf(stderr, "usage: %s OUTPUT.dtb | --check INPUT.dtb\n", argv[0]);
	return 2;
}
