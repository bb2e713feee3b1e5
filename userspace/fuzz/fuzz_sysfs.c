// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_sysfs.c - libFuzzer target for capture's sysfs readers
 *
 * A tiny sysfs tree, as libata makes one: an AHCI port ata1 with device
 * dev1.0 and the SCSI host host0 below it with disk 0:0:0:0. The input
 * gives the attributes, each as two bytes of length (0xffff: the file is
 * absent) and that many bytes of content, in the order of attrs[] below;
 * kh_capture() then reads the tree through the fake-root context.
 *
 * capture.h's rule is what is checked: an odd value leaves its host, port
 * or optional value out with a warning, and never fails the capture as a
 * whole (only the tree as such, memory or a full blob may). So the capture
 * must succeed, the blob must pass handoff_check_full(), and what it
 * records must be what the files say: proc_name, vendor, model and rev
 * are their file's text up to trailing blanks, a capacity is recorded for
 * disk types only, a port with a device has its link up.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "kh_fuzz.h"

#define CTRL	"devices/pci0000:00/0000:00:1f.2"
#define PORT	CTRL "/ata1"
#define HOST	PORT "/host0"
#define SDEV	HOST "/target0:0:0/0:0:0:0"
#define ADEV	PORT "/link1/dev1.0/ata_device/dev1.0"

enum { A_PROC_NAME, A_TYPE, A_VENDOR, A_MODEL, A_REV, A_VPD80, A_WWID,
       A_SIZE, A_PORT_NO, A_SPD, A_CLASS, A_ID, A_COUNT };

static const char *const attrs[A_COUNT] = {
	HOST "/scsi_host/host0/proc_name", SDEV "/type", SDEV "/vendor",
	SDEV "/model", SDEV "/rev", SDEV "/vpd_pg80", SDEV "/wwid",
	SDEV "/block/sda/size", PORT "/ata_port/ata1/port_no",
	PORT "/link1/ata_link/link1/sata_spd", ADEV "/class", ADEV "/id",
};

static const char *const links[][2] = {
	{ "class/scsi_host/host0", "../../" HOST "/scsi_host/host0" },
	{ "bus/scsi/devices/0:0:0:0", "../../../" SDEV },
	{ "class/ata_port/ata1", "../../" PORT "/ata_port/ata1" },
	{ CTRL "/driver", "../../../bus/pci/drivers/ahci" },
};

/* The contents the input gave, for the checks afterwards. */
struct tree {
	const uint8_t *val[A_COUNT];	/* NULL: absent */
	size_t len[A_COUNT];
};

static char root[PATH_MAX];

static void mkdirs_(const char *rel)
{
	char path[PATH_MAX];
	struct kh_ctx ctx;

	fuzz_ctx(&ctx, NULL);
	snprintf(path, sizeof(path), "%s/sys/%s/x", root, rel);
	require(kh_mkdir_parents(&ctx, path, 0755) == 0);
}

static void setup_once_(void)
{
	char path[PATH_MAX];
	size_t i;

	snprintf(root, sizeof(root), "%s", fuzz_path(0, "root"));
	mkdirs_("bus/pci/drivers/ahci");
	mkdirs_(SDEV "/block/sda");
	mkdirs_(HOST "/scsi_host/host0");
	mkdirs_(PORT "/ata_port/ata1");
	mkdirs_(PORT "/link1/ata_link/link1");
	mkdirs_(ADEV);
	mkdirs_("class/scsi_host");
	mkdirs_("class/ata_port");
	mkdirs_("bus/scsi/devices");
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "%s/sys/%s", root, links[i][0]);
		require(symlink(links[i][1], path) == 0);
	}
	mkdirs_("../proc/sys/kernel/random");
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", root);
	fuzz_write(path, "6.12.57-amd64\n", 14);
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/random/boot_id", root);
	fuzz_write(path, "3f0c2a9e-6a51-4d2b-9a57-0c1d2e3f4a5b\n", 37);
}

static void write_tree_(const uint8_t *data, size_t size, struct tree *t)
{
	char path[PATH_MAX];
	size_t i, len;

	for (i = 0; i < A_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/sys/%s", root, attrs[i]);
		len = size >= 2 ? (size_t)data[0] << 8 | data[1] : 0xffff;
		data += size >= 2 ? 2 : size;
		size -= size >= 2 ? 2 : size;
		t->val[i] = NULL;
		if (len == 0xffff) {
			unlink(path);
			continue;
		}
		len = len < size ? len : size;
		fuzz_write(path, data, len);
		t->val[i] = data;
		t->len[i] = len;
		data += len;
		size -= len;
	}
}

/* @got is @i's file up to trailing blanks, tabs and newlines. */
static void same_text_(const struct tree *t, int i, const char *got)
{
	size_t n = strlen(got), k;

	require(t->val[i] && n <= t->len[i] && !memcmp(got, t->val[i], n));
	for (k = n; k < t->len[i]; k++)
		require(strchr(" \t\n", t->val[i][k]) && t->val[i][k]);
}

/* @got is @i's INQUIRY field (one trailing newline off) as the shared
 * identity rule trims it: the rule itself, not a copy of it. */
static void same_field_(const struct tree *t, int i, const char *got)
{
	size_t n, start = 0;
	int m;

	require(t->val[i]);
	n = t->len[i];
	if (n && t->val[i][n - 1] == '\n')
		n--;
	m = handoff_field_trim(t->val[i], n, &start);
	require(m >= 0 && (size_t)m == strlen(got) &&
		!memcmp(got, t->val[i] + start, (size_t)m));
}

static void check_scsi_(const void *blob, const struct tree *t)
{
	struct handoff_scsi_host h;
	struct handoff_scsi_dev d;
	int host, dev;

	host = handoff_scsi_host_first(blob);
	if (host < 0)
		return;
	require(handoff_scsi_host_next(blob, host) == -HANDOFF_ERR_NOTFOUND);
	require(handoff_get_scsi_host(blob, host, &h) == 0);
	same_text_(t, A_PROC_NAME, h.proc_name);
	require(!strcmp(h.parent, "pci:0000:00:1f.2") && h.ordinal == 0);
	dev = handoff_scsi_dev_first(blob, host);
	require(dev >= 0 && handoff_get_scsi_dev(blob, dev, &d) == 0);
	require(handoff_scsi_dev_next(blob, dev) == -HANDOFF_ERR_NOTFOUND);
	require(d.channel == 0 && d.id == 0 && d.lun == 0 && d.type <= 0x1f);
	same_field_(t, A_VENDOR, d.vendor);
	same_field_(t, A_MODEL, d.model);
	same_field_(t, A_REV, d.rev);
	require(!d.capacity || d.type == 0x00 || d.type == 0x0e ||
		d.type == 0x14);
	require(!d.wwid || t->val[A_WWID]);
	require(!d.serial || t->val[A_VPD80]);
}

static void check_ata_(const void *blob)
{
	struct handoff_ata_port p;
	int port, dev;

	port = handoff_ata_port_first(blob);
	if (port < 0)
		return;
	require(handoff_ata_port_next(blob, port) == -HANDOFF_ERR_NOTFOUND);
	require(handoff_get_ata_port(blob, port, &p) == 0);
	require(!strcmp(p.driver, "ahci") &&
		!strcmp(p.parent, "pci:0000:00:1f.2"));
	dev = handoff_ata_dev_first(blob, port);
	require(dev < 0 || p.link == HANDOFF_LINK_UP);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t blob[HANDOFF_MAX_SIZE / 8];
	static int devnull = -1;
	struct kh_ctx ctx;
	struct tree t;
	int ret, saved;

	if (!root[0]) {
		setup_once_();
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	}
	write_tree_(data, size, &t);
	fuzz_ctx(&ctx, root);
	/* The warnings are the point of some inputs; nobody reads them. */
	fflush(stderr);
	saved = dup(2);
	require(saved >= 0 && devnull >= 0 && dup2(devnull, 2) == 2);
	ret = kh_capture(&ctx, blob, sizeof(blob));
	fflush(stderr);
	require(dup2(saved, 2) == 2 && close(saved) == 0);
	if (ret <= 0)
		fprintf(stderr, "capture failed: %s\n", ctx.err);
	require(ret > 0);
	require(handoff_check_full(blob, (size_t)ret) == ret);
	check_scsi_(blob, &t);
	check_ata_(blob);
	return 0;
}
