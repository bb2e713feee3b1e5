// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_roundtrip.c - what the builder writes, the getters read back
 *
 * Every field of every struct, optional fields both present and absent,
 * and the order and number of nodes each iterator yields.
 */
#include "blob_helpers.h"

static void test_full(void **state)
{
	union blob_buf bb;
	struct fixture fx;
	int size;

	(void)state;
	fixture_full(&fx);
	size = build_checked(&fx, &bb);
	assert_int_equal(size, fdt_totalsize(bb.b));
	assert_blob_matches(bb.b, &fx);
}

static void test_minimal(void **state)
{
	union blob_buf bb;
	struct fixture fx;
	struct handoff_store store;

	(void)state;
	fixture_minimal(&fx);
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);
	assert_err(handoff_scsi_host_first(bb.b), HANDOFF_ERR_NOTFOUND);
	assert_err(handoff_ata_port_first(bb.b), HANDOFF_ERR_NOTFOUND);
	assert_err(handoff_group_first(bb.b), HANDOFF_ERR_NOTFOUND);
	assert_err(handoff_image_first(bb.b), HANDOFF_ERR_NOTFOUND);
	assert_err(handoff_get_store(bb.b, &store), HANDOFF_ERR_NOTFOUND);
}

/* Optional fields left out are read back as NULL or 0. */
static void clear_optional(struct fixture *fx)
{
	int i, j;

	for (i = 0; i < fx->nhost; i++) {
		for (j = 0; j < fx->host[i].ndev; j++) {
			fx->host[i].dev[j].serial = NULL;
			fx->host[i].dev[j].wwid = NULL;
			fx->host[i].dev[j].capacity = 0;
		}
	}
	for (i = 0; i < fx->nport; i++) {
		fx->port[i].p.sata_spd = NULL;
		for (j = 0; j < fx->port[i].ndev; j++) {
			fx->port[i].dev[j].serial = NULL;
			fx->port[i].dev[j].firmware = NULL;
			fx->port[i].dev[j].sectors = 0;
		}
	}
	fx->store = (struct handoff_store){ .type = "initrd", .size = 0 };
}

static void test_optional_absent(void **state)
{
	union blob_buf bb;
	struct fixture fx;

	(void)state;
	fixture_full(&fx);
	clear_optional(&fx);
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);
	assert_true(fdt_getprop(bb.b, node_at(bb.b, "/ata/port-0"),
				"sata-spd", NULL) == NULL);
}

/* The builder leaves out an empty optional string, so it reads as NULL. */
static void test_optional_empty(void **state)
{
	union blob_buf bb;
	struct fixture fx, want;

	(void)state;
	fixture_full(&fx);
	fx.host[0].dev[0].serial = "";
	fx.host[0].dev[0].wwid = "";
	fx.port[0].p.sata_spd = "";
	fx.port[0].dev[0].firmware = "";
	fx.store.memmap = "";
	build_checked(&fx, &bb);
	want = fx;
	want.host[0].dev[0].serial = NULL;
	want.host[0].dev[0].wwid = NULL;
	want.port[0].p.sata_spd = NULL;
	want.port[0].dev[0].firmware = NULL;
	want.store.memmap = NULL;
	assert_blob_matches(bb.b, &want);
}

/* Each section alone, and a store with no groups and no images. */
static void test_sections_alone(void **state)
{
	union blob_buf bb;
	struct fixture full, fx;

	(void)state;
	fixture_full(&full);
	fixture_minimal(&fx);
	fx.nhost = full.nhost;
	memcpy(fx.host, full.host, sizeof(fx.host));
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);

	fixture_minimal(&fx);
	fx.nport = full.nport;
	memcpy(fx.port, full.port, sizeof(fx.port));
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);

	fixture_minimal(&fx);
	fx.ngroup = full.ngroup;
	memcpy(fx.group, full.group, sizeof(fx.group));
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);

	fixture_minimal(&fx);
	fx.has_store = 1;
	fx.store = full.store;
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);
	assert_err(handoff_image_first(bb.b), HANDOFF_ERR_NOTFOUND);
}

/* Strings of exactly HANDOFF_STR_MAX characters survive whole. */
static void test_longest_strings(void **state)
{
	char a[HANDOFF_STR_MAX + 1], b[HANDOFF_STR_MAX + 1];
	union blob_buf bb;
	struct fixture fx;

	(void)state;
	memset(a, 'a', HANDOFF_STR_MAX);
	a[HANDOFF_STR_MAX] = '\0';
	memset(b, 'b', HANDOFF_STR_MAX);
	b[HANDOFF_STR_MAX] = '\0';
	fixture_full(&fx);
	fx.info.kernel_release = a;
	fx.host[0].h.parent = b;
	fx.host[0].dev[0].vendor = a;
	fx.host[0].dev[0].model = b;
	fx.host[0].dev[0].rev = a;
	fx.host[0].dev[0].wwid = b;
	fx.port[0].p.sata_spd = a;
	fx.port[0].dev[0].serial = b;
	fx.group[1].comm = a;
	fx.store.memmap = b;
	fx.image[1].name = a;
	build_checked(&fx, &bb);
	assert_blob_matches(bb.b, &fx);
}

static void test_returned_indices(void **state)
{
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;
	int size;

	(void)state;
	fixture_full(&fx);
	assert_int_equal(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info), 0);
	assert_int_equal(handoff_add_scsi_host(&b, &fx.host[0].h), 0);
	assert_int_equal(handoff_add_scsi_dev(&b, &fx.host[0].dev[0]), 0);
	assert_int_equal(handoff_add_scsi_dev(&b, &fx.host[0].dev[1]), 1);
	assert_int_equal(handoff_add_scsi_host(&b, &fx.host[1].h), 1);
	assert_int_equal(handoff_add_scsi_dev(&b, &fx.host[0].dev[1]), 0);
	assert_int_equal(handoff_add_ata_port(&b, &fx.port[0].p), 0);
	assert_int_equal(handoff_add_ata_dev(&b, &fx.port[0].dev[0]), 0);
	assert_int_equal(handoff_add_ata_port(&b, &fx.port[2].p), 1);
	assert_int_equal(handoff_add_ata_dev(&b, &fx.port[2].dev[0]), 0);
	assert_int_equal(handoff_add_ata_dev(&b, &fx.port[2].dev[1]), 1);
	assert_int_equal(handoff_add_group(&b, &fx.group[0]), 0);
	assert_int_equal(handoff_add_group(&b, &fx.group[1]), 1);
	assert_int_equal(handoff_set_store(&b, &fx.store), 0);
	assert_int_equal(handoff_add_image(&b, &fx.image[0]), 0);
	assert_int_equal(handoff_add_image(&b, &fx.image[1]), 1);
	size = handoff_finish(&b);
	assert_int_equal(size, fdt_totalsize(bb.b));
	assert_int_equal(handoff_check_user(bb.b, (size_t)size), size);
}

/*
 * The layout handoff.h documents: node names carry the index or unit
 * address in hex, and crc32c is the root's first property.
 */
static void test_layout(void **state)
{
	static const char *const paths[] = {
		"/scsi/host-0/dev@0,0,0",
		"/scsi/host-0/dev@1,fffffffe,4001000200000003",
		"/scsi/host-1", "/ata/port-0/dev@0", "/ata/port-1",
		"/ata/port-2/dev@1", "/processes/group-1", "/store/image-1",
	};
	union blob_buf bb;
	struct fixture fx;
	const char *name;
	size_t i;

	(void)state;
	fixture_full(&fx);
	build_checked(&fx, &bb);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		node_at(bb.b, paths[i]);
	assert_non_null(fdt_getprop_by_offset(bb.b,
			fdt_first_property_offset(bb.b, 0), &name, NULL));
	assert_string_equal(name, "crc32c");
	assert_int_equal(fdt_node_check_compatible(bb.b, 0,
						   HANDOFF_COMPATIBLE), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_optional_absent),
		cmocka_unit_test(test_optional_empty),
		cmocka_unit_test(test_sections_alone),
		cmocka_unit_test(test_longest_strings),
		cmocka_unit_test(test_returned_indices),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
