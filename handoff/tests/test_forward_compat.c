// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_forward_compat.c - what a newer writer may add, and what it may not
 *
 * A newer minor version may add nodes and properties anywhere: readers
 * skip them and still find everything they know. A newer major version,
 * announced either way the format allows, and a foreign compatible are
 * refused with their own codes.
 */
#include "blob_helpers.h"

/* What a future writer adds: a property or a node under @parent. */
struct addition {
	const char *parent;
	const char *name;
	int is_node;
};

/*
 * fdt_add_subnode() puts new nodes before existing ones, so the iterators
 * must skip these to reach the known nodes. Some reuse a known prefix in
 * the wrong place (a host under /ata, a dev nested in a dev).
 */
static const struct addition additions[] = {
	{ "/", "x-future", 0 },
	{ "/", "future", 1 },
	{ "/future", "host-0", 1 },
	{ "/scsi", "x-scan", 0 },
	{ "/scsi", "bus-0", 1 },
	{ "/scsi", "port-0", 1 },
	{ "/scsi/host-0", "x-speed", 0 },
	{ "/scsi/host-0", "target@1", 1 },
	{ "/scsi/host-0/dev@0,0,0", "x-vpd", 0 },
	{ "/scsi/host-0/dev@0,0,0", "dev@9", 1 },
	{ "/ata", "host-0", 1 },
	{ "/ata/port-0", "x-pmp", 0 },
	{ "/ata/port-0", "pmp-0", 1 },
	{ "/ata/port-0/dev@0", "x-smart", 0 },
	{ "/processes", "cgroup-0", 1 },
	{ "/processes/group-0", "x-netns", 0 },
	{ "/store", "index", 1 },
	{ "/store", "image", 1 },
	{ "/store/image-0", "x-sha256", 0 },
};

/*
 * fdt_setprop() puts a new property first in its node, where a root
 * property would displace crc32c. A newer writer starts with
 * handoff_create() and appends after it; this ends the same way.
 */
static void add_prop(union blob_buf *rw, int node, const char *name)
{
	assert_int_equal(fdt_setprop(rw->b, node, name, "\0\1\2", 3), 0);
	if (node != 0)
		return;
	assert_int_equal(fdt_delprop(rw->b, 0, "crc32c"), 0);
	assert_int_equal(fdt_setprop_u32(rw->b, 0, "crc32c", 0), 0);
}

static void test_unknown_ignored(void **state)
{
	union blob_buf rw;
	struct fixture fx;
	size_t i;
	int off;

	(void)state;
	fixture_full(&fx);
	build_rw(&fx, &rw);
	for (i = 0; i < sizeof(additions) / sizeof(additions[0]); i++) {
		off = node_at(rw.b, additions[i].parent);
		if (additions[i].is_node)
			assert_true(fdt_add_subnode(rw.b, off,
						    additions[i].name) >= 0);
		else
			add_prop(&rw, off, additions[i].name);
	}
	/* The known nodes are no longer first: the iterators must skip. */
	off = fdt_first_subnode(rw.b, node_at(rw.b, "/scsi"));
	assert_string_not_equal(fdt_get_name(rw.b, off, NULL), "host-0");
	off = fdt_first_subnode(rw.b, node_at(rw.b, "/store"));
	assert_string_not_equal(fdt_get_name(rw.b, off, NULL), "image-0");
	assert_int_equal(reseal_check(&rw), sizeof(rw.b));
	assert_blob_matches(rw.b, &fx);
}

static void set_version(union blob_buf *rw, uint32_t major, uint32_t minor)
{
	fdt32_t v[2] = { cpu_to_fdt32(major), cpu_to_fdt32(minor) };

	assert_int_equal(fdt_setprop(rw->b, 0, "version", v, sizeof(v)), 0);
}

static void test_newer_minor_accepted(void **state)
{
	union blob_buf rw;
	struct fixture fx;

	(void)state;
	fixture_full(&fx);
	build_rw(&fx, &rw);
	set_version(&rw, HANDOFF_VERSION_MAJOR, 0xffffffff);
	assert_int_equal(reseal_check(&rw), sizeof(rw.b));
	fx.info.version_minor = 0xffffffff;
	assert_blob_matches(rw.b, &fx);
}

static void test_newer_major_version(void **state)
{
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	set_version(&rw, HANDOFF_VERSION_MAJOR + 1, 0);
	assert_err(reseal_check(&rw), HANDOFF_ERR_VERSION);
	set_version(&rw, 0xffffffff, 0);
	assert_err(reseal_check(&rw), HANDOFF_ERR_VERSION);
}

/* There was never a version 0: such a blob is damaged, not old. */
static void test_major_zero(void **state)
{
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	set_version(&rw, 0, 9);
	assert_err(reseal_check(&rw), HANDOFF_ERR_BADPROP);
}

static void set_compatible(union blob_buf *rw, const char *val, int len)
{
	assert_int_equal(fdt_setprop(rw->b, 0, "compatible", val, len), 0);
}

static void test_newer_major_compatible(void **state)
{
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	set_compatible(&rw, "kexec-handoff-v2", sizeof("kexec-handoff-v2"));
	assert_err(reseal_check(&rw), HANDOFF_ERR_VERSION);
	set_compatible(&rw, "kexec-handoff-v10", sizeof("kexec-handoff-v10"));
	assert_err(reseal_check(&rw), HANDOFF_ERR_VERSION);
}

static void test_wrong_compatible(void **state)
{
	static const char list[] = "vendor,thing\0kexec-handoff-v1";
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	set_compatible(&rw, "simple-bus", sizeof("simple-bus"));
	assert_err(reseal_check(&rw), HANDOFF_ERR_COMPATIBLE);
	set_compatible(&rw, "kexec-handoff", sizeof("kexec-handoff"));
	assert_err(reseal_check(&rw), HANDOFF_ERR_COMPATIBLE);
	set_compatible(&rw, "", 0);
	assert_err(reseal_check(&rw), HANDOFF_ERR_COMPATIBLE);
	/* As everywhere in device trees, any entry of the list may match. */
	set_compatible(&rw, list, sizeof(list));
	assert_int_equal(reseal_check(&rw), sizeof(rw.b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_ignored),
		cmocka_unit_test(test_newer_minor_accepted),
		cmocka_unit_test(test_newer_major_version),
		cmocka_unit_test(test_major_zero),
		cmocka_unit_test(test_newer_major_compatible),
		cmocka_unit_test(test_wrong_compatible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
