// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_check_props.c - handoff_check_user() on well-sealed bad content
 *
 * The envelope is sound (each edit is resealed), so these reach the
 * property checks: every required property of every node kind removed,
 * and known properties with the wrong length or form.
 */
#include <stdio.h>
#include "blob_helpers.h"

/* Paths of one node of each kind in the full fixture. */
#define ROOT	"/"
#define HOST	"/scsi/host-0"
#define SDEV	"/scsi/host-0/dev@0,0,0"
#define PORT	"/ata/port-0"
#define ADEV	"/ata/port-0/dev@0"
#define GROUP	"/processes/group-0"
#define STORE	"/store"
#define IMAGE	"/store/image-0"

struct prop_ref {
	const char *path;
	const char *name;
};

static const struct prop_ref required[] = {
	{ ROOT, "compatible" }, { ROOT, "version" },
	{ ROOT, "kernel-release" }, { ROOT, "boot-id" }, { ROOT, "created" },
	{ HOST, "proc-name" }, { HOST, "parent" }, { HOST, "ordinal" },
	{ SDEV, "reg" }, { SDEV, "type" }, { SDEV, "ident" },
	{ PORT, "driver" }, { PORT, "parent" }, { PORT, "port" },
	{ PORT, "link" },
	{ ADEV, "reg" }, { ADEV, "class" }, { ADEV, "model" },
	{ GROUP, "root-pid" }, { GROUP, "comm" }, { GROUP, "images" },
	{ STORE, "type" }, { STORE, "size" },
	{ IMAGE, "file" }, { IMAGE, "group" }, { IMAGE, "offset" },
	{ IMAGE, "size" }, { IMAGE, "crc32c" },
};

static const struct prop_ref optional[] = {
	{ SDEV, "serial" }, { SDEV, "wwid" }, { SDEV, "capacity" },
	{ PORT, "sata-spd" },
	{ ADEV, "serial" }, { ADEV, "firmware" }, { ADEV, "sectors" },
	{ GROUP, "tcp-established" }, { GROUP, "unit" },
	{ STORE, "device" }, { STORE, "memmap" },
};

/* A replacement value; @len may cut a string short of its NUL. */
struct bad_prop {
	const char *path;
	const char *name;
	const char *val;
	int len;
};

#define STR(s)		s, sizeof(s)	/* with its NUL */
#define RAW(s)		s, sizeof(s) - 1	/* without */

static const struct bad_prop malformed[] = {
	{ ROOT, "version", RAW("\0\0\0\1") },
	{ ROOT, "version", RAW("\0\0\0\1\0\0\0\0\0\0\0\0") },
	{ ROOT, "kernel-release", RAW("6.12") },
	{ ROOT, "kernel-release", STR("") },
	{ ROOT, "boot-id", STR("a\0b") },
	{ ROOT, "created", RAW("\0\0\0\1") },
	{ HOST, "proc-name", RAW("virtio_scsi") },
	{ HOST, "parent", STR("pci:0000:00:03.0\0pci:0000:00:04.0") },
	{ HOST, "ordinal", RAW("\0\1") },
	{ HOST, "ordinal", RAW("\0\0\0\0\0\0\0\1") },
	{ SDEV, "reg", RAW("\0\0\0\0\0\0\0\0\0\0\0\0") },
	{ SDEV, "reg", RAW("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0") },
	{ SDEV, "type", "", 0 },
	{ SDEV, "ident", STR("QEMU\0QEMU HARDDISK") },
	{ SDEV, "ident", STR("QEMU\0QEMU HARDDISK\0002.5+\0x") },
	{ SDEV, "ident", RAW("QEMU\0QEMU HARDDISK\0002.5+") },
	{ SDEV, "ident", "", 0 },
	{ SDEV, "serial", RAW("drive") },
	{ SDEV, "wwid", "", 0 },
	{ SDEV, "capacity", RAW("\0\0\0\1") },
	{ PORT, "driver", "", 0 },
	{ PORT, "parent", RAW("pci") },
	{ PORT, "port", RAW("\0\0") },
	{ PORT, "link", STR("sideways") },
	{ PORT, "link", STR("UP") },
	{ PORT, "link", STR("") },
	{ PORT, "sata-spd", RAW("6.0 Gbps") },
	{ ADEV, "reg", RAW("\0\0\0\0\0\0\0\0") },
	{ ADEV, "class", STR("") },
	{ ADEV, "model", RAW("Samsung") },
	{ ADEV, "serial", STR("S6\0S7") },
	{ ADEV, "firmware", RAW("SVT") },
	{ ADEV, "sectors", RAW("\0\0\0\1") },
	{ GROUP, "root-pid", RAW("\0\1") },
	{ GROUP, "comm", RAW("postgres") },
	{ GROUP, "images", STR("") },
	{ GROUP, "unit", STR("") },
	{ GROUP, "unit", RAW("redis.service") },
	{ GROUP, "tcp-established", RAW("\0\0\0\1") },
	{ STORE, "type", STR("tape") },
	{ STORE, "type", RAW("pmem") },
	{ STORE, "device", RAW("/dev/pmem0") },
	{ STORE, "memmap", STR("256M!1536M\0001G!4G") },
	{ STORE, "size", RAW("\0\0\0\1") },
	{ IMAGE, "file", RAW("inventory.img") },
	{ IMAGE, "group", RAW("\0\0\0\0\0\0\0\1") },
	{ IMAGE, "offset", RAW("\0\0\0\1") },
	{ IMAGE, "size", RAW("\0\0\0\0\0\0\0\0\0\0\0\1") },
	{ IMAGE, "crc32c", RAW("\0\0\0\0\0\0\0\1") },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

static void delete_prop(union blob_buf *rw, const struct prop_ref *p)
{
	full_rw(rw);
	assert_int_equal(fdt_delprop(rw->b, node_at(rw->b, p->path), p->name),
			 0);
}

static void test_required_missing(void **state)
{
	union blob_buf rw;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(required); i++) {
		delete_prop(&rw, &required[i]);
		print_message("%s %s\n", required[i].path, required[i].name);
		assert_err(reseal_check(&rw), HANDOFF_ERR_MISSING);
	}
}

static void test_optional_missing(void **state)
{
	union blob_buf rw;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(optional); i++) {
		delete_prop(&rw, &optional[i]);
		assert_int_equal(reseal_check(&rw), sizeof(rw.b));
	}
}

static void set_prop(union blob_buf *rw, const char *path, const char *name,
		     const void *val, int len)
{
	full_rw(rw);
	assert_int_equal(fdt_setprop(rw->b, node_at(rw->b, path), name, val,
				     len), 0);
}

static void test_malformed(void **state)
{
	const struct bad_prop *m;
	union blob_buf rw;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(malformed); i++) {
		m = &malformed[i];
		print_message("%s %s (%d bytes)\n", m->path, m->name, m->len);
		set_prop(&rw, m->path, m->name, m->val, m->len);
		assert_err(reseal_check(&rw), HANDOFF_ERR_BADPROP);
	}
}

/*
 * Strings of HANDOFF_STR_MAX characters pass, one more fails, in plain
 * string properties and in each of the three parts of "ident".
 */
static void test_string_bound(void **state)
{
	char v[3 * (HANDOFF_STR_MAX + 2)];
	union blob_buf rw;
	size_t n;
	int part;

	(void)state;
	for (n = HANDOFF_STR_MAX; n <= HANDOFF_STR_MAX + 1; n++) {
		memset(v, 'x', n);
		v[n] = '\0';
		set_prop(&rw, HOST, "parent", v, (int)n + 1);
		assert_int_equal(reseal_check(&rw) < 0,
				 n > HANDOFF_STR_MAX);
		for (part = 0; part < 3; part++) {
			memset(v, '\0', sizeof(v));
			memset(v + part, 'x', n);
			set_prop(&rw, SDEV, "ident", v, (int)n + 3);
			assert_int_equal(reseal_check(&rw) < 0,
					 n > HANDOFF_STR_MAX);
		}
	}
	assert_err(reseal_check(&rw), HANDOFF_ERR_BADPROP);
}

/*
 * Strings are printable ASCII: the kernel quotes them in its log and
 * status file, and terminals would act on control bytes.
 */
static void test_string_printable(void **state)
{
	static const char *const bad[] = { "tab\there", "caf\xc3\xa9",
					   "esc\x1b[2J", "del\x7f" };
	char ident[64];
	union blob_buf rw;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		set_prop(&rw, HOST, "parent", bad[i], (int)strlen(bad[i]) + 1);
		assert_err(reseal_check(&rw), HANDOFF_ERR_BADPROP);
		n = snprintf(ident, sizeof(ident), "QEMU%c%s%c2.5+", '\0',
			     bad[i], '\0');
		set_prop(&rw, SDEV, "ident", ident, n + 1);
		assert_err(reseal_check(&rw), HANDOFF_ERR_BADPROP);
	}
	set_prop(&rw, HOST, "parent", " ~ok!", 6);
	assert_true(reseal_check(&rw) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_printable),
		cmocka_unit_test(test_required_missing),
		cmocka_unit_test(test_optional_missing),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_string_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
