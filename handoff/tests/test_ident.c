// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_ident.c - parents and identity strings, as both kernels derive them
 *
 * User space records these and the new kernel derives them again from its
 * own devices with the same functions; a case that passes here is one the
 * two agree on.
 */
#include <string.h>

#include "blob_helpers.h"

static void parent_is(const char *devpath, const char *want)
{
	char out[HANDOFF_STR_MAX + 1];
	int n = handoff_parent_id(devpath, out, sizeof(out));

	if (n < 0)
		fail_msg("%s: %s", devpath, handoff_strerror(n));
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_parent_pci(void **state)
{
	(void)state;
	parent_is("devices/pci0000:00/0000:00:04.0/virtio0/host0",
		  "pci:0000:00:04.0");
	/* as kobject_get_path() writes it in the kernel */
	parent_is("/devices/pci0000:00/0000:00:04.0/virtio0/host0",
		  "pci:0000:00:04.0");
	parent_is("/devices/pci0000:00/0000:00:1f.2/ata1", "pci:0000:00:1f.2");
	parent_is("devices/pci0000:00/0000:00:1f.2/ata1/host0",
		  "pci:0000:00:1f.2");
	parent_is("devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6",
		  "pci:0000:00:14.0");
	/* the host's own directory may be a PCI function */
	parent_is("devices/pci0000:00/0000:00:1f.2", "pci:0000:00:1f.2");
}

static void test_parent_bridge(void **state)
{
	(void)state;
	/* the nearest function, not the root port above it */
	parent_is("devices/pci0000:00/0000:00:1c.0/0000:02:00.0/host7",
		  "pci:0000:02:00.0");
	parent_is("/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/0000:03:01.0/"
		  "virtio4/host1", "pci:0000:03:01.0");
	/* a five-digit domain behind Intel VMD */
	parent_is("devices/pci0000:00/0000:00:0e.0/pci10000:e0/10000:e1:00.0/ata3",
		  "pci:10000:e1:00.0");
}

static void test_parent_path(void **state)
{
	(void)state;
	parent_is("devices/pseudo_0/adapter0/host4", "path:pseudo_0/adapter0");
	parent_is("/devices/pseudo_0/adapter0/host4", "path:pseudo_0/adapter0");
	parent_is("devices/platform/sata_mv.0/ata12", "path:platform/sata_mv.0");
	parent_is("devices/platform/host3/target3:0:0", "path:platform");
	parent_is("devices/platform/virtio_mmio.0/virtio7/host2",
		  "path:platform/virtio_mmio.0");
	parent_is("devices/platform//ahci.0/ata2/", "path:platform/ahci.0");
	/* look-alikes of PCI and probe-numbered names stay */
	parent_is("devices/platform/0000:00:1f/hostess1/host2",
		  "path:platform/0000:00:1f/hostess1");
	parent_is("devices/platform/0000:00:1f.8/host2",
		  "path:platform/0000:00:1f.8");
	parent_is("devices/platform/000:00:1f.2/host2",
		  "path:platform/000:00:1f.2");
	parent_is("devices/platform/host/target1:0/virtio/ata1x",
		  "path:platform/host/target1:0/virtio/ata1x");
}

static void test_parent_refused(void **state)
{
	char out[HANDOFF_STR_MAX + 1];

	(void)state;
	assert_int_equal(handoff_parent_id("class/scsi_host/host0", out,
					   sizeof(out)), -HANDOFF_ERR_BADVALUE);
	assert_int_equal(handoff_parent_id("sys/devices/platform/host0", out,
					   sizeof(out)), -HANDOFF_ERR_BADVALUE);
	assert_int_equal(handoff_parent_id("devices", out, sizeof(out)),
			 -HANDOFF_ERR_BADVALUE);
	/* nothing stable left */
	assert_int_equal(handoff_parent_id("devices/virtio1/host0", out,
					   sizeof(out)), -HANDOFF_ERR_NOTFOUND);
	assert_string_equal(out, "");
	assert_int_equal(handoff_parent_id("/devices/", out, sizeof(out)),
			 -HANDOFF_ERR_NOTFOUND);
	assert_int_equal(handoff_parent_id("devices/host1", out, 0),
			 -HANDOFF_ERR_BADVALUE);
}

static void test_parent_too_long(void **state)
{
	char out[HANDOFF_STR_MAX + 1], path[2 * HANDOFF_STR_MAX];

	(void)state;
	/* "path:platform/abcdefgh" needs 23 bytes */
	assert_int_equal(handoff_parent_id("devices/platform/abcdefgh", out,
					   22), -HANDOFF_ERR_NOSPACE);
	assert_string_equal(out, "");
	assert_int_equal(handoff_parent_id("devices/platform/abcdefgh", out,
					   23), 22);
	assert_int_equal(handoff_parent_id("devices/pci0000:00/0000:00:1f.2",
					   out, 16), -HANDOFF_ERR_NOSPACE);
	assert_int_equal(handoff_parent_id("devices/pci0000:00/0000:00:1f.2",
					   out, 17), 16);
	/* a parent the blob cannot hold does not fit its buffer */
	strcpy(path, "devices/");
	memset(path + 8, 'a', sizeof(path) - 9);
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(handoff_parent_id(path, out, sizeof(out)),
			 -HANDOFF_ERR_NOSPACE);
}

static void test_parent_odd_characters(void **state)
{
	char out[HANDOFF_STR_MAX + 1];

	(void)state;
	/* the blob holds printable ASCII only */
	assert_int_equal(handoff_parent_id("devices/platform/sas\xc3\xa9.0/host2",
					   out, sizeof(out)), -HANDOFF_ERR_BADVALUE);
	assert_string_equal(out, "");
	assert_int_equal(handoff_parent_id("devices/platform/a\tb/host2", out,
					   sizeof(out)), -HANDOFF_ERR_BADVALUE);
	/* above the PCI function it is not part of the parent */
	parent_is("devices/pci\xe9/0000:00:1f.2/ata1", "pci:0000:00:1f.2");
	/* printable oddities are kept as they are */
	parent_is("devices/platform/my dev:1,2/host0",
		  "path:platform/my dev:1,2");
}

static void trims_to(const char *field, size_t width, const char *want)
{
	size_t start = 99;
	int n = handoff_field_trim(field, width, &start);

	assert_int_equal(n, strlen(want));
	assert_memory_equal(field + start, want, n);
	assert_true(handoff_field_matches(field, width, want));
}

static void test_trim(void **state)
{
	(void)state;
	trims_to("ATA     ", 8, "ATA");
	trims_to("QEMU HARDDISK   ", 16, "QEMU HARDDISK");
	trims_to("  S123  ", 8, "S123");
	trims_to("        WD-WCC6Y0RK1234", 23, "WD-WCC6Y0RK1234");
	trims_to("A B\0\0", 5, "A B");
	trims_to("A B \0 \0", 7, "A B");
	/* exact width: nothing to drop, and nothing read past it */
	trims_to("2.5+", 4, "2.5+");
	trims_to("2.5+XXXX", 4, "2.5+");
	/* all padding, or nothing at all */
	trims_to("    ", 4, "");
	trims_to("\0\0\0\0", 4, "");
	trims_to("", 0, "");
}

static void test_trim_refused(void **state)
{
	size_t start;

	(void)state;
	/* a NUL inside the string, or a byte outside printable ASCII */
	assert_int_equal(handoff_field_trim("A\0B", 3, &start),
			 -HANDOFF_ERR_BADVALUE);
	assert_int_equal(handoff_field_trim("A\xe9", 2, &start),
			 -HANDOFF_ERR_BADVALUE);
	assert_int_equal(handoff_field_trim("\tA", 2, &start),
			 -HANDOFF_ERR_BADVALUE);
	assert_int_equal(handoff_field_trim("A", HANDOFF_MAX_SIZE + 1, &start),
			 -HANDOFF_ERR_BADVALUE);
}

static void test_matches(void **state)
{
	(void)state;
	assert_true(handoff_field_matches("QEMU    ", 8, "QEMU"));
	assert_false(handoff_field_matches("QEMU    ", 8, "QEM"));
	assert_false(handoff_field_matches("QEMU    ", 8, "QEMU "));
	assert_false(handoff_field_matches("QEMU    ", 8, " QEMU"));
	assert_false(handoff_field_matches("QEMU    ", 8, "qemu"));
	assert_false(handoff_field_matches("QEMU    ", 8, NULL));
	assert_false(handoff_field_matches("QEMUDISK", 4, "QEMUDISK"));
	/* a field that cannot be recorded matches nothing */
	assert_false(handoff_field_matches("A\0B", 3, "A"));
	assert_false(handoff_field_matches("A\0B", 3, "A\0B"));
	assert_true(handoff_field_matches("    ", 4, ""));
	assert_false(handoff_field_matches("    ", 4, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parent_pci),
		cmocka_unit_test(test_parent_bridge),
		cmocka_unit_test(test_parent_path),
		cmocka_unit_test(test_parent_refused),
		cmocka_unit_test(test_parent_too_long),
		cmocka_unit_test(test_parent_odd_characters),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_trim_refused),
		cmocka_unit_test(test_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
