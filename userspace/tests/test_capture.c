// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_capture.c - capturing sysfs trees into blobs
 *
 * Runs kh_capture() over the sysfs fixtures and reads the blob back with
 * the library's reader, comparing every recorded value with what the
 * fixture holds: the hand-made odd-entries tree (every way a host, port or
 * value can be left out), a generated tree of 1000 devices, and the trees
 * captured from QEMU guests when they are present. Then the helpers one by
 * one (natural order, parent names, identity strings, link resolution)
 * and the ways a capture fails as a whole.
 *
 * Run from the top of the tree (tests/run-suite does): fixture paths are
 * relative to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "capture.h"
#include "handoff.h"
#include "ident.h"
#include "sysfs.h"

#define FIXTURES	"userspace/tests/fixtures"
#define SYSFS_FIXTURES	FIXTURES "/sysfs"
#define PROC_ROOT	FIXTURES "/proc-root"
#define GENERATOR	"userspace/tests/gen-sysfs-fixture"
#define EPOCH		1700000000ULL

struct fx {
	struct kh_ctx ctx;
	uint64_t *blob;		/* HANDOFF_MAX_SIZE, 8-byte aligned */
	int size;		/* kh_capture()'s result */
	char tmp[64];		/* scratch directory */
	char warnings[8192];	/* stderr of the last capture */
};

/*
 * Scratch space: $TMPDIR, else memory like the sysfs the trees imitate
 * (writing thousands of small files to a disk file system can take longer
 * than all the rest of the tests), else /tmp.
 */
static const char *scratch_base(void)
{
	const char *env = getenv("TMPDIR");

	if (env && *env && strlen(env) < 32)
		return env;
	return access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	assert_non_null(fx->blob);
	snprintf(fx->tmp, sizeof(fx->tmp), "%s/test_capture.XXXXXX",
		 scratch_base());
	assert_non_null(mkdtemp(fx->tmp));
	strcpy(fx->ctx.root, PROC_ROOT);
	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
	*state = fx;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	nftw(fx->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx->blob);
	free(fx);
	return 0;
}

/* Capture @sysfs into fx->blob, keeping what went to stderr. */
static int capture(struct fx *fx, const char *sysfs, size_t size)
{
	char path[96];
	int saved, fd;
	ssize_t n;

	snprintf(fx->ctx.sysfs, sizeof(fx->ctx.sysfs), "%s", sysfs);
	snprintf(path, sizeof(path), "%s/stderr", fx->tmp);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fx->size = kh_capture(&fx->ctx, fx->blob, size);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, fx->warnings, sizeof(fx->warnings) - 1, 0);
	fx->warnings[n > 0 ? n : 0] = '\0';
	close(fd);
	if (fx->warnings[0])
		fprintf(stderr, "%s", fx->warnings);
	return fx->size;
}

/* Capture a tree that must work: the blob passes the reader's checks. */
static void capture_ok(struct fx *fx, const char *sysfs)
{
	if (capture(fx, sysfs, HANDOFF_MAX_SIZE) < 0)
		fail_msg("capture of %s: %s", sysfs, fx->ctx.err);
	assert_int_equal(handoff_check_full(fx->blob, HANDOFF_MAX_SIZE),
			 fx->size);
}

static void generate(struct fx *fx, const char *name, int devices)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "%s --devices %d %s/%s", GENERATOR,
		 devices, fx->tmp, name);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
}

static int fixture_present(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", SYSFS_FIXTURES, name);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 1;
	print_message("no fixture %s yet (qemu-tests/capture-fixture makes it)\n",
		      path);
	return 0;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/**********************************************************************/
/* Reading the blob back                                               */
/**********************************************************************/

static int nth_host(const void *blob, int i)
{
	int node = handoff_scsi_host_first(blob);

	while (node >= 0 && i--)
		node = handoff_scsi_host_next(blob, node);
	assert_true(node >= 0);
	return node;
}

static int nth_port(const void *blob, int i)
{
	int node = handoff_ata_port_first(blob);

	while (node >= 0 && i--)
		node = handoff_ata_port_next(blob, node);
	assert_true(node >= 0);
	return node;
}

static int count_hosts(const void *blob)
{
	int node, n = 0;

	for (node = handoff_scsi_host_first(blob); node >= 0;
	     node = handoff_scsi_host_next(blob, node))
		n++;
	assert_int_equal(node, -HANDOFF_ERR_NOTFOUND);
	return n;
}

static int count_ports(const void *blob)
{
	int node, n = 0;

	for (node = handoff_ata_port_first(blob); node >= 0;
	     node = handoff_ata_port_next(blob, node))
		n++;
	assert_int_equal(node, -HANDOFF_ERR_NOTFOUND);
	return n;
}

static int count_scsi_devs(const void *blob, int host)
{
	int node, n = 0;

	for (node = handoff_scsi_dev_first(blob, host); node >= 0;
	     node = handoff_scsi_dev_next(blob, node))
		n++;
	assert_int_equal(node, -HANDOFF_ERR_NOTFOUND);
	return n;
}

static int count_all_scsi_devs(const void *blob)
{
	int node, n = 0;

	for (node = handoff_scsi_host_first(blob); node >= 0;
	     node = handoff_scsi_host_next(blob, node))
		n += count_scsi_devs(blob, node);
	return n;
}

static void get_scsi_dev(const void *blob, int host, int i,
			 struct handoff_scsi_dev *d)
{
	int node = handoff_scsi_dev_first(blob, host);

	while (node >= 0 && i--)
		node = handoff_scsi_dev_next(blob, node);
	assert_true(node >= 0);
	assert_int_equal(handoff_get_scsi_dev(blob, node, d), 0);
}

/* NULL and "" alike mean "absent" in these expectations. */
static void assert_opt_string(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(absent)", want);
}

/**********************************************************************/
/* The hand-made tree                                                  */
/**********************************************************************/

static const struct want_host {
	const char *proc_name, *parent;
	uint32_t ordinal;
	int ndev;
} odd_hosts[] = {
	{ "ahci", "pci:0000:00:1f.2", 0, 1 },
	{ "ahci", "pci:0000:00:1f.2", 1, 1 },
	{ "ahci", "pci:0000:00:1f.2", 2, 0 },
	{ "virtio_scsi", "pci:0000:00:03.0", 0, 5 },
	{ "scsi_debug", "path:pseudo_0/adapter0", 0, 1 },
	/*
	 * host5 (no proc_name), host7 (no vendor), host8 (escapes), host11
	 * (proc_name not ASCII), host12 (parent not ASCII) are out
	 */
	{ "ata_piix", "pci:0000:00:01.1", 0, 1 },
	{ "ahci_platform", "path:platform/ahci.0", 0, 0 },
	{ "ata_piix", "pci:0000:00:01.1", 1, 0 },	/* host10 after host9 */
};

static void test_odd_hosts(void **state)
{
	struct fx *fx = *state;
	struct handoff_scsi_host h;
	struct handoff_info info;
	size_t i;
	int node;

	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(handoff_get_info(fx->blob, &info), 0);
	assert_string_equal(info.kernel_release, "6.12.57-kh-test");
	assert_string_equal(info.boot_id, "3f2b8c4e-5d6a-4e1f-9a7b-0c1d2e3f4a5b");
	assert_int_equal(info.created, EPOCH);
	assert_int_equal(count_hosts(fx->blob),
			 sizeof(odd_hosts) / sizeof(odd_hosts[0]));
	for (i = 0; i < sizeof(odd_hosts) / sizeof(odd_hosts[0]); i++) {
		node = nth_host(fx->blob, (int)i);
		assert_int_equal(handoff_get_scsi_host(fx->blob, node, &h), 0);
		assert_string_equal(h.proc_name, odd_hosts[i].proc_name);
		assert_string_equal(h.parent, odd_hosts[i].parent);
		assert_int_equal(h.ordinal, odd_hosts[i].ordinal);
		assert_int_equal(count_scsi_devs(fx->blob, node),
				 odd_hosts[i].ndev);
	}
}

static const struct want_dev {
	int host;
	uint32_t channel, id;
	uint64_t lun;
	uint32_t type;
	const char *vendor, *model, *rev, *serial, *wwid;
	uint64_t capacity;
} odd_devs[] = {
	{ 0, 0, 0, 0, 0, "ATA", "QEMU HARDDISK", "2.5+", "QM00001",
	  "t10.ATA     QEMU HARDDISK                           QM00001",
	  2097152 },
	/* a CD-ROM without media and without any VPD page */
	{ 1, 0, 0, 0, 5, "QEMU", "QEMU DVD-ROM", "2.5+", NULL, NULL, 0 },
	/* page length 32, 12 bytes present: only those count */
	{ 3, 0, 0, 0, 0, "QEMU", "QEMU HARDDISK", "2.5+", "KH-CLAMPED01",
	  "naa.5000c50015ea0001", 32768 },
	{ 3, 0, 0, 2, 0, "QEMU", "QEMU HARDDISK", "2.5+", NULL,
	  "naa.5000c50015ea0002", 34816 },
	/* LUN 10 after LUN 2; its serial has a BEL byte and is left out */
	{ 3, 0, 0, 10, 0, "QEMU", "QEMU HARDDISK", "2.5+", NULL, NULL, 36864 },
	{ 3, 0, 1, 0, 13, "HP", "D2700 SAS AJ941A", "0149",
	  "5001438012345678", NULL, 0 },
	/* a tape; leading blanks of its serial dropped */
	{ 3, 0, 2, 0, 1, "IBM", "ULT3580-TD5", "G350", "1013000123",
	  "naa.5000e11156789abc", 0 },
	{ 4, 0, 0, 0, 0, "Linux", "scsi_debug", "0191", "2000",
	  "naa.3333333000000fa0", 16384 },
	{ 5, 0, 0, 0, 0, "ATA", "QEMU HARDDISK", "2.5+", "QM00005",
	  "t10.ATA     QEMU HARDDISK                           QM00005",
	  4194304 },
};

static void check_scsi_dev(const void *blob, int host, int i,
			   const struct want_dev *w)
{
	struct handoff_scsi_dev d;

	get_scsi_dev(blob, host, i, &d);
	assert_int_equal(d.channel, w->channel);
	assert_int_equal(d.id, w->id);
	assert_int_equal(d.lun, w->lun);
	assert_int_equal(d.type, w->type);
	assert_string_equal(d.vendor, w->vendor);
	assert_string_equal(d.model, w->model);
	assert_string_equal(d.rev, w->rev);
	assert_opt_string(d.serial, w->serial);
	assert_opt_string(d.wwid, w->wwid);
	assert_int_equal(d.capacity, w->capacity);
}

static void test_odd_scsi_devices(void **state)
{
	struct fx *fx = *state;
	const struct want_dev *w;
	size_t i;
	int idx = 0;

	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	for (i = 0; i < sizeof(odd_devs) / sizeof(odd_devs[0]); i++) {
		w = &odd_devs[i];
		idx = i && odd_devs[i - 1].host == w->host ? idx + 1 : 0;
		check_scsi_dev(fx->blob, nth_host(fx->blob, w->host), idx, w);
	}
}

static const struct want_port {
	const char *driver, *parent;
	uint32_t port, link;
	const char *spd;
	int ndev;
	const char *class, *model, *serial, *firmware;
	uint64_t sectors;
} odd_ports[] = {
	{ "ahci", "pci:0000:00:1f.2", 0, HANDOFF_LINK_UP, "1.5 Gbps", 1,
	  "ata", "QEMU HARDDISK", "QM00001", "2.5+", 2097152 },
	{ "ahci", "pci:0000:00:1f.2", 1, HANDOFF_LINK_UP, "1.5 Gbps", 1,
	  "atapi", "QEMU DVD-ROM", "QM00003", "2.5+", 0 },
	{ "ahci", "pci:0000:00:1f.2", 2, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	{ "ahci", "path:platform/ahci.0", 0, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	/*
	 * ata5 (unprintable model), ata9 (short IDENTIFY), ata11 (driver
	 * name not ASCII) are out; ata6:
	 */
	{ "ahci", "pci:0000:00:1f.2", 4, HANDOFF_LINK_UP, "6.0 Gbps", 1,
	  "ata", "WDC WD10EZEX-08WN4A0", "WD-WCC6Y0RK1234", NULL, 0 },
	/* PATA master present, slave absent: only dev@0 */
	{ "ata_piix", "pci:0000:00:01.1", 0, HANDOFF_LINK_UP, NULL, 1,
	  "ata", "QEMU HARDDISK", "QM00005", "2.5+", 4194304 },
	{ "ata_piix", "pci:0000:00:01.1", 1, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	/* a negotiated speed but no device classified: still up */
	{ "ahci", "path:platform/ahci.0", 1, HANDOFF_LINK_UP, "3.0 Gbps", 0,
	  NULL, NULL, NULL, NULL, 0 },
};

static void check_port(const void *blob, int node, const struct want_port *w)
{
	struct handoff_ata_port p;
	struct handoff_ata_dev d;
	int dev;

	assert_int_equal(handoff_get_ata_port(blob, node, &p), 0);
	assert_string_equal(p.driver, w->driver);
	assert_string_equal(p.parent, w->parent);
	assert_int_equal(p.port, w->port);
	assert_int_equal(p.link, w->link);
	assert_opt_string(p.sata_spd, w->spd);
	dev = handoff_ata_dev_first(blob, node);
	if (!w->ndev) {
		assert_int_equal(dev, -HANDOFF_ERR_NOTFOUND);
		return;
	}
	assert_int_equal(handoff_get_ata_dev(blob, dev, &d), 0);
	assert_int_equal(d.devno, 0);
	assert_string_equal(d.class, w->class);
	assert_string_equal(d.model, w->model);
	assert_opt_string(d.serial, w->serial);
	assert_opt_string(d.firmware, w->firmware);
	assert_int_equal(d.sectors, w->sectors);
	assert_int_equal(handoff_ata_dev_next(blob, dev), -HANDOFF_ERR_NOTFOUND);
}

static void test_odd_ata(void **state)
{
	struct fx *fx = *state;
	size_t i, n = sizeof(odd_ports) / sizeof(odd_ports[0]);

	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(count_ports(fx->blob), n);
	for (i = 0; i < n; i++)
		check_port(fx->blob, nth_port(fx->blob, (int)i), &odd_ports[i]);
}

static void test_odd_warnings(void **state)
{
	static const char *const want[] = {
		"SCSI host host5 not recorded",
		"host5/scsi_host/host5/proc_name: No such file or directory",
		"SCSI host host8 not recorded",
		"class/scsi_host/host8: leads outside " SYSFS_FIXTURES "/odd-entries",
		"SCSI host host11 not recorded",
		"host11/scsi_host/host11/proc_name: not printable ASCII",
		"SCSI host host12 not recorded",
		"devices/platform/sas\xc3\xa9.0/host12: parent name is not printable ASCII",
		"3:0:0:10/vpd_pg80: serial is not printable ASCII; recorded without this value",
		"SCSI host host7 not recorded",
		"7:0:0:0/vendor: No such file or directory",
		"ATA port ata5 not recorded",
		"dev5.0/id: model is not printable ASCII",
		"dev6.0/id: firmware is not printable ASCII; recorded without",
		"ATA port ata9 not recorded",
		"dev9.0/id: not 47 or more IDENTIFY words",
		"ATA port ata11 not recorded",
		"drivers/ahci\xc3\xa9: driver name is not printable ASCII",
	};
	struct fx *fx = *state;
	size_t i;

	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(count_lines(fx->warnings), 10);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(fx->warnings, want[i]))
			fail_msg("no warning \"%s\" in:\n%s", want[i],
				 fx->warnings);
}

/* The same tree gives the same bytes; the tree's age does not matter. */
static void test_odd_reproducible(void **state)
{
	struct fx *fx = *state;
	void *first;
	int size;

	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	size = fx->size;
	first = malloc((size_t)size);
	assert_non_null(first);
	memcpy(first, fx->blob, (size_t)size);
	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(fx->size, size);
	assert_memory_equal(fx->blob, first, (size_t)size);
	free(first);
}

/**********************************************************************/
/* Many devices                                                        */
/**********************************************************************/

/* 1000 LUNs over 4 hosts, 128 LUNs a target: the size bound's use case. */
static void test_generated_1000(void **state)
{
	struct fx *fx = *state;
	struct handoff_scsi_dev d;
	char dir[96];
	int host;

	generate(fx, "gen", 1000);
	snprintf(dir, sizeof(dir), "%s/gen", fx->tmp);
	capture_ok(fx, dir);
	assert_string_equal(fx->warnings, "");
	assert_true(fx->size <= HANDOFF_MAX_SIZE);
	assert_int_equal(count_hosts(fx->blob), 4);
	assert_int_equal(count_all_scsi_devs(fx->blob), 1000);
	host = nth_host(fx->blob, 1);
	assert_int_equal(count_scsi_devs(fx->blob, host), 250);
	/* Natural order: LUN 127 of target 0, then LUN 0 of target 1. */
	get_scsi_dev(fx->blob, host, 127, &d);
	assert_int_equal(d.id, 0);
	assert_int_equal(d.lun, 127);
	get_scsi_dev(fx->blob, host, 128, &d);
	assert_int_equal(d.id, 1);
	assert_int_equal(d.lun, 0);
	/* Device 250 overall is the first of host 1. */
	get_scsi_dev(fx->blob, host, 0, &d);
	assert_string_equal(d.vendor, "LIO-ORG");
	assert_string_equal(d.model, "IBLOCK");
	assert_string_equal(d.rev, "4.0");
	assert_int_equal(strlen(d.serial), 32);
	assert_string_equal(d.wwid + 4, d.serial);
	assert_int_equal(d.capacity, 2097152 + 8 * 250);
}

/* Too many devices for 256 KiB: a clear failure, not a partial blob. */
static void test_too_many_devices(void **state)
{
	struct fx *fx = *state;
	char dir[96];

	generate(fx, "gen", 1400);
	snprintf(dir, sizeof(dir), "%s/gen", fx->tmp);
	assert_int_equal(capture(fx, dir, HANDOFF_MAX_SIZE), -ENOSPC);
	if (!strstr(fx->ctx.err, "handoff blob full at SCSI device") ||
	    !strstr(fx->ctx.err, " SCSI devices on ") ||
	    !strstr(fx->ctx.err, "262144 bytes available"))
		fail_msg("unexpected message: %s", fx->ctx.err);
}

static void test_small_buffer(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(capture(fx, SYSFS_FIXTURES "/odd-entries", 1024),
			 -ENOSPC);
	if (!strstr(fx->ctx.err, "1024 bytes available"))
		fail_msg("unexpected message: %s", fx->ctx.err);
}

/* The first host with @proc_name, or -1. */
static int find_host(const void *blob, const char *proc_name)
{
	struct handoff_scsi_host h;
	int node;

	for (node = handoff_scsi_host_first(blob); node >= 0;
	     node = handoff_scsi_host_next(blob, node)) {
		assert_int_equal(handoff_get_scsi_host(blob, node, &h), 0);
		if (!strcmp(h.proc_name, proc_name))
			return node;
	}
	return -1;
}

/* qemu-many-luns: one virtio-scsi target with LUNs 0-127 of 1 MiB. */
static void test_qemu_many_luns(void **state)
{
	struct fx *fx = *state;
	struct handoff_scsi_host h;
	struct handoff_scsi_dev d;
	char serial[32];
	int host, lun;

	if (!fixture_present("qemu-many-luns"))
		skip();
	capture_ok(fx, SYSFS_FIXTURES "/qemu-many-luns");
	assert_string_equal(fx->warnings, "");
	/* and the two empty PIIX IDE hosts every "pc" machine has */
	assert_int_equal(count_hosts(fx->blob), 3);
	host = find_host(fx->blob, "virtio_scsi");
	assert_int_equal(handoff_get_scsi_host(fx->blob, host, &h), 0);
	assert_string_equal(h.parent, "pci:0000:00:04.0");
	assert_int_equal(count_scsi_devs(fx->blob, host), 128);
	assert_int_equal(count_all_scsi_devs(fx->blob), 128);
	for (lun = 0; lun < 128; lun++) {
		get_scsi_dev(fx->blob, host, lun, &d);
		snprintf(serial, sizeof(serial), "KH-VSCSI-L%d", lun);
		assert_int_equal(d.id, 0);
		assert_int_equal(d.lun, lun);
		assert_opt_string(d.serial, serial);
		assert_int_equal(d.capacity, 2048);
	}
}

/*
 * qemu-mix (qemu-tests/storage-mix mix): virtio-scsi with disks at 0:0,
 * 3:2 and 5:0 and an empty CD drive at 2:0; ich9-ahci with disks on ports
 * 0 and 3 of 6; PIIX IDE with a primary master only.
 */
static const struct want_dev mix_virtio[] = {
	{ 0, 0, 0, 0, 0, "QEMU", "QEMU HARDDISK", "2.5+", "KH-VSCSI-T0L0",
	  "naa.5000c50015ea0001", 16 * 2048 },
	/* a CD drive without media: no VPD pages, no size */
	{ 0, 0, 2, 0, 5, "QEMU", "QEMU CD-ROM", "2.5+", NULL, NULL, 0 },
	{ 0, 0, 3, 2, 0, "QEMU", "QEMU HARDDISK", "2.5+", "KH-VSCSI-T3L2",
	  NULL, 17 * 2048 },
	{ 0, 0, 5, 0, 0, "QEMU", "QEMU HARDDISK", "2.5+", "KH-VSCSI-T5L0",
	  "naa.5000c50015ea0002", 18 * 2048 },
};

static const struct want_port mix_ports[] = {
	{ "ahci", "pci:0000:00:05.0", 0, HANDOFF_LINK_UP, "1.5 Gbps", 1,
	  "ata", "QEMU HARDDISK", "KH-AHCI-P0", "2.5+", 20 * 2048 },
	{ "ahci", "pci:0000:00:05.0", 1, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	{ "ahci", "pci:0000:00:05.0", 2, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	{ "ahci", "pci:0000:00:05.0", 3, HANDOFF_LINK_UP, "1.5 Gbps", 1,
	  "ata", "QEMU HARDDISK", "KH-AHCI-P3", "2.5+", 21 * 2048 },
	{ "ahci", "pci:0000:00:05.0", 4, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	{ "ahci", "pci:0000:00:05.0", 5, HANDOFF_LINK_DOWN, NULL, 0, NULL,
	  NULL, NULL, NULL, 0 },
	{ "ata_piix", "pci:0000:00:01.1", 0, HANDOFF_LINK_UP, NULL, 1,
	  "ata", "QEMU HARDDISK", "KH-PIIX-PM", "2.5+", 22 * 2048 },
	{ "ata_piix", "pci:0000:00:01.1", 1, HANDOFF_LINK_DOWN, NULL, 0,
	  NULL, NULL, NULL, NULL, 0 },
};

static void test_qemu_mix(void **state)
{
	struct fx *fx = *state;
	struct handoff_scsi_host h;
	struct handoff_scsi_dev d;
	size_t i;
	int host;

	if (!fixture_present("qemu-mix"))
		skip();
	capture_ok(fx, SYSFS_FIXTURES "/qemu-mix");
	assert_string_equal(fx->warnings, "");
	/* virtio-scsi, then one libata host per port: 6 ahci, 2 ata_piix */
	assert_int_equal(count_hosts(fx->blob), 9);
	host = nth_host(fx->blob, 0);
	assert_int_equal(handoff_get_scsi_host(fx->blob, host, &h), 0);
	assert_string_equal(h.proc_name, "virtio_scsi");
	assert_string_equal(h.parent, "pci:0000:00:04.0");
	assert_int_equal(count_scsi_devs(fx->blob, host), 4);
	for (i = 0; i < 4; i++)
		check_scsi_dev(fx->blob, host, (int)i, &mix_virtio[i]);
	for (i = 1; i <= 6; i++) {
		assert_int_equal(handoff_get_scsi_host(fx->blob,
			nth_host(fx->blob, (int)i), &h), 0);
		assert_string_equal(h.proc_name, "ahci");
		assert_int_equal(h.ordinal, i - 1);
	}
	/* SAT: the wwid keeps the blanks the kernel put in it */
	get_scsi_dev(fx->blob, nth_host(fx->blob, 4), 0, &d);
	assert_string_equal(d.wwid, "t10.ATA     QEMU HARDDISK"
			    "                           KH-AHCI-P3          ");
	assert_int_equal(count_ports(fx->blob), 8);
	for (i = 0; i < sizeof(mix_ports) / sizeof(mix_ports[0]); i++)
		check_port(fx->blob, nth_port(fx->blob, (int)i), &mix_ports[i]);
}

/* qemu-virtio-sparse: disks of 16 + T MiB at targets 3, 77, 140, 255. */
static void test_qemu_virtio_sparse(void **state)
{
	static const uint32_t targets[] = { 3, 77, 140, 255 };
	struct fx *fx = *state;
	struct want_dev w = { 0, 0, 0, 0, 0, "QEMU", "QEMU HARDDISK", "2.5+",
			      NULL, NULL, 0 };
	char serial[32];
	int host;
	size_t i;

	if (!fixture_present("qemu-virtio-sparse"))
		skip();
	capture_ok(fx, SYSFS_FIXTURES "/qemu-virtio-sparse");
	host = find_host(fx->blob, "virtio_scsi");
	assert_true(host >= 0);
	assert_int_equal(count_scsi_devs(fx->blob, host), 4);
	for (i = 0; i < 4; i++) {
		snprintf(serial, sizeof(serial), "KH-VSCSI-T%u", targets[i]);
		w.id = targets[i];
		w.serial = serial;
		w.capacity = (16 + targets[i]) * 2048;
		check_scsi_dev(fx->blob, host, (int)i, &w);
	}
}

/* qemu-empty-host: a virtio-scsi HBA and an AHCI with nothing attached. */
static void test_qemu_empty_host(void **state)
{
	struct fx *fx = *state;
	struct handoff_ata_port p;
	int host, node, n = 0;

	if (!fixture_present("qemu-empty-host"))
		skip();
	capture_ok(fx, SYSFS_FIXTURES "/qemu-empty-host");
	host = find_host(fx->blob, "virtio_scsi");
	assert_true(host >= 0);
	assert_int_equal(count_all_scsi_devs(fx->blob), 0);
	for (node = handoff_ata_port_first(fx->blob); node >= 0;
	     node = handoff_ata_port_next(fx->blob, node)) {
		assert_int_equal(handoff_get_ata_port(fx->blob, node, &p), 0);
		assert_int_equal(p.link, HANDOFF_LINK_DOWN);
		assert_int_equal(handoff_ata_dev_first(fx->blob, node),
				 -HANDOFF_ERR_NOTFOUND);
		n += !strcmp(p.driver, "ahci");
	}
	assert_int_equal(n, 6);
}

/**********************************************************************/
/* Helpers one by one                                                  */
/**********************************************************************/

static void test_natcmp(void **state)
{
	(void)state;
	assert_true(kh_sysfs_natcmp("host2", "host10") < 0);
	assert_true(kh_sysfs_natcmp("host10", "host9") > 0);
	assert_true(kh_sysfs_natcmp("0:0:2:0", "0:0:10:0") < 0);
	assert_true(kh_sysfs_natcmp("0:0:0:99", "0:0:1:0") < 0);
	assert_true(kh_sysfs_natcmp("host", "host0") < 0);
	assert_true(kh_sysfs_natcmp("ata1", "ata1") == 0);
	/* equal as numbers, still a strict order */
	assert_true(kh_sysfs_natcmp("01", "1") < 0);
	assert_true(kh_sysfs_natcmp("1", "01") > 0);
	assert_true(kh_sysfs_natcmp("18446744073709551616", "9") > 0);
}

static void test_ident_parent(void **state)
{
	static const char *const cases[][2] = {
		{ "devices/pci0000:00/0000:00:1f.2/ata1/host0", "pci:0000:00:1f.2" },
		{ "devices/pci0000:00/0000:00:03.0/virtio3/host2", "pci:0000:00:03.0" },
		/* behind a bridge: the nearest function, not the root port */
		{ "devices/pci0000:00/0000:00:1c.0/0000:02:00.0/host7",
		  "pci:0000:02:00.0" },
		{ "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6",
		  "pci:0000:00:14.0" },
		/* a five-digit domain (Intel VMD) */
		{ "devices/pci0000:00/0000:00:0e.0/pci10000:e0/10000:e1:00.0/ata3",
		  "pci:10000:e1:00.0" },
		{ "devices/pseudo_0/adapter0/host4", "path:pseudo_0/adapter0" },
		{ "devices/platform/sata_mv.0/ata12", "path:platform/sata_mv.0" },
		{ "devices/platform/host3/target3:0:0", "path:platform" },
		/* look-alikes of PCI and probe-numbered names stay */
		{ "devices/platform/0000:00:1f/hostess1/host2",
		  "path:platform/0000:00:1f/hostess1" },
	};
	struct kh_ctx ctx = { 0 };
	char out[HANDOFF_STR_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(kh_ident_parent(&ctx, cases[i][0], out,
						 sizeof(out)), 0);
		assert_string_equal(out, cases[i][1]);
	}
	assert_int_equal(kh_ident_parent(&ctx, "class/scsi_host/host0", out,
					 sizeof(out)), -EINVAL);
	assert_non_null(strstr(ctx.err, "class/scsi_host/host0"));
	/* nothing stable left */
	assert_int_equal(kh_ident_parent(&ctx, "devices/virtio1/host0", out,
					 sizeof(out)), -EINVAL);
	assert_string_equal(ctx.err,
			    "devices/virtio1/host0: no stable parent device");
	assert_int_equal(kh_ident_parent(&ctx, "devices/platform/abcdefgh", out,
					 10), -ENAMETOOLONG);
	/* the blob holds printable ASCII only */
	assert_int_equal(kh_ident_parent(&ctx, "devices/platform/sas\xc3\xa9.0/host2",
					 out, sizeof(out)), -EILSEQ);
	assert_int_equal(kh_ident_parent(&ctx, "devices/platform/a\tb/host2",
					 out, sizeof(out)), -EILSEQ);
	assert_int_equal(kh_ident_parent(&ctx, "devices/pci0000:00/0000:00:1f.2",
					 out, 16), -ENAMETOOLONG);
}

static void test_ident_ordinal(void **state)
{
	const struct kh_ident ids[] = {
		{ "ahci", "pci:0000:00:1f.2" },
		{ "virtio_scsi", "pci:0000:00:03.0" },
		{ NULL, NULL },			/* a host left out */
		{ "ahci", "pci:0000:00:1f.2" },
		{ "ahci", "pci:0000:00:17.0" },
		{ "ahci", "pci:0000:00:1f.2" },
	};

	(void)state;
	assert_int_equal(kh_ident_ordinal(ids, 0), 0);
	assert_int_equal(kh_ident_ordinal(ids, 1), 0);
	assert_int_equal(kh_ident_ordinal(ids, 2), 0);
	assert_int_equal(kh_ident_ordinal(ids, 3), 1);
	assert_int_equal(kh_ident_ordinal(ids, 4), 0);
	assert_int_equal(kh_ident_ordinal(ids, 5), 2);
}

static void test_ident_string(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(kh_ident_string((const unsigned char *)"  S123  ", 8,
					 out, sizeof(out)), 4);
	assert_string_equal(out, "S123");
	assert_int_equal(kh_ident_string((const unsigned char *)"A B\0\0", 5,
					 out, sizeof(out)), 3);
	assert_string_equal(out, "A B");
	assert_int_equal(kh_ident_string((const unsigned char *)"    ", 4, out,
					 sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(kh_ident_string((const unsigned char *)"A\0B", 3, out,
					 sizeof(out)), -EILSEQ);
	assert_int_equal(kh_ident_string((const unsigned char *)"A\xe9", 2, out,
					 sizeof(out)), -EILSEQ);
	assert_int_equal(kh_ident_string((const unsigned char *)"0123456789abcdef",
					 16, out, sizeof(out)), -EOVERFLOW);
}

static void test_sysfs_readers(void **state)
{
	struct fx *fx = *state;
	struct kh_sysfs fs;
	struct kh_sysfs_dir ls;
	char buf[64], dir[PATH_MAX];
	uint64_t v;

	strcpy(fx->ctx.sysfs, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(kh_sysfs_open(&fs, &fx->ctx), 0);
	assert_int_equal(kh_sysfs_list(&fs, &ls, "class/scsi_host"), 0);
	assert_int_equal(ls.n, 13);
	assert_string_equal(ls.names[2], "host2");
	assert_string_equal(ls.names[10], "host10");
	assert_string_equal(ls.names[12], "host12");
	kh_sysfs_dir_free(&ls);
	assert_int_equal(kh_sysfs_class_device(&fs, dir, sizeof(dir), "scsi_host",
					       "host4"), 0);
	assert_string_equal(dir, "devices/pseudo_0/adapter0/host4");
	assert_int_equal(kh_sysfs_resolve(&fs, dir, sizeof(dir),
					  "class/scsi_host/%s", "host8"), -EXDEV);
	/* an identity field loses blanks on both sides, as the kernel's does */
	assert_int_equal(kh_sysfs_read_str(&fs, buf, sizeof(buf), KH_TRIM_FIELD,
					   "%s/vendor", "bus/scsi/devices/3:0:1:0"), 2);
	assert_string_equal(buf, "HP");
	assert_int_equal(kh_sysfs_read_str(&fs, buf, sizeof(buf), KH_TRIM_BLANKS,
					   "%s/vendor", "bus/scsi/devices/3:0:1:0"), 4);
	assert_string_equal(buf, "  HP");
	assert_int_equal(kh_sysfs_read_str(&fs, buf, 3, KH_TRIM_BLANKS,
					   "bus/scsi/devices/3:0:1:0/model"),
			 -EOVERFLOW);
	assert_int_equal(kh_sysfs_read_str(&fs, buf, sizeof(buf), KH_TRIM_NEWLINE,
					   "bus/scsi/devices/0:0:0:0/vendor"), 8);
	assert_string_equal(buf, "ATA     ");
	assert_int_equal(kh_sysfs_read_u64(&fs, &v, "bus/scsi/devices/3:0:1:0/type"), 0);
	assert_int_equal(v, 13);
	assert_int_equal(kh_sysfs_read_u64(&fs, &v, "bus/scsi/devices/3:0:1:0/vendor"),
			 -EINVAL);
	assert_int_equal(kh_sysfs_read_u64(&fs, &v, "bus/scsi/devices/3:0:1:0/nope"),
			 -ENOENT);
	assert_non_null(strstr(fx->ctx.err, "3:0:1:0/nope"));
	assert_int_equal(kh_sysfs_list(&fs, &ls, "no/such/dir"), -ENOENT);
}

/**********************************************************************/
/* Failing as a whole                                                  */
/**********************************************************************/

static void test_missing_root(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(capture(fx, SYSFS_FIXTURES "/no-such-tree",
				 HANDOFF_MAX_SIZE), -ENOENT);
	assert_string_equal(fx->ctx.err, "sysfs root " SYSFS_FIXTURES
			    "/no-such-tree: No such file or directory");
}

static void test_root_not_sysfs(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(capture(fx, PROC_ROOT, HANDOFF_MAX_SIZE), -ENOTDIR);
	assert_string_equal(fx->ctx.err, "sysfs root " PROC_ROOT
			    ": not a sysfs tree (no devices/ directory)");
	assert_int_equal(capture(fx, PROC_ROOT "/proc/sys/kernel/osrelease",
				 HANDOFF_MAX_SIZE), -ENOTDIR);
}

/* A class directory that exists but cannot be listed fails the capture. */
static void test_unlistable_class(void **state)
{
	struct fx *fx = *state;
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/devices", fx->tmp);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/class", fx->tmp);
	assert_int_equal(mkdir(path, 0755), 0);
	/* nothing at all: an empty blob is right */
	capture_ok(fx, fx->tmp);
	assert_int_equal(count_hosts(fx->blob), 0);
	assert_int_equal(count_ports(fx->blob), 0);
	snprintf(path, sizeof(path), "%s/class/ata_port", fx->tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(capture(fx, fx->tmp, HANDOFF_MAX_SIZE), -ENOTDIR);
	assert_non_null(strstr(fx->ctx.err, "class/ata_port: Not a directory"));
}

static void test_missing_proc(void **state)
{
	struct fx *fx = *state;

	strcpy(fx->ctx.root, SYSFS_FIXTURES);
	assert_int_equal(capture(fx, SYSFS_FIXTURES "/odd-entries",
				 HANDOFF_MAX_SIZE), -ENOENT);
	assert_string_equal(fx->ctx.err, SYSFS_FIXTURES
			    "/proc/sys/kernel/osrelease: No such file or directory");
}

static void test_source_date_epoch(void **state)
{
	struct fx *fx = *state;
	struct handoff_info info;
	uint64_t before = (uint64_t)time(NULL);

	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "12x", 1), 0);
	assert_int_equal(capture(fx, SYSFS_FIXTURES "/odd-entries",
				 HANDOFF_MAX_SIZE), -EINVAL);
	assert_string_equal(fx->ctx.err,
			    "SOURCE_DATE_EPOCH=\"12x\": not a number of seconds");
	assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);
	capture_ok(fx, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(handoff_get_info(fx->blob, &info), 0);
	assert_true(info.created >= before && info.created <= before + 60);
}

/* kh_capture_begin() leaves room for the caller's own sections. */
static void test_begin_stays_open(void **state)
{
	const struct handoff_group group = {
		.root_pid = 42, .comm = "batch", .images = "group-0",
	};
	struct fx *fx = *state;
	struct handoff_builder b;
	struct handoff_group got;
	int size, node;

	strcpy(fx->ctx.sysfs, SYSFS_FIXTURES "/odd-entries");
	assert_int_equal(kh_capture_begin(&fx->ctx, &b, fx->blob,
					  HANDOFF_MAX_SIZE), 0);
	assert_int_equal(handoff_add_group(&b, &group), 0);
	size = handoff_finish(&b);
	assert_true(size > 0);
	assert_int_equal(handoff_check_full(fx->blob, (size_t)size), size);
	assert_int_equal(count_ports(fx->blob), 8);
	node = handoff_group_first(fx->blob);
	assert_int_equal(handoff_get_group(fx->blob, node, &got), 0);
	assert_int_equal(got.root_pid, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_odd_hosts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_scsi_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_ata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_1000, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qemu_many_luns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qemu_mix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qemu_virtio_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qemu_empty_host, setup, teardown),
		cmocka_unit_test(test_natcmp),
		cmocka_unit_test(test_ident_parent),
		cmocka_unit_test(test_ident_ordinal),
		cmocka_unit_test(test_ident_string),
		cmocka_unit_test_setup_teardown(test_sysfs_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_not_sysfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlistable_class, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_date_epoch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_stays_open, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
