// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_getters.c - iterators and getters handed the wrong node offset
 *
 * A checked blob cannot make them fail, but a caller can: an offset of
 * another kind, of no node at all, or past the end. Each must give
 * -HANDOFF_ERR_BADOFFSET rather than read something else.
 */
#include "blob_helpers.h"

/* Offsets that are no node: before, inside a tag, inside a name, after. */
static int bogus_offsets(const void *blob, int *out)
{
	out[0] = -1;
	out[1] = -HANDOFF_ERR_NOTFOUND;
	out[2] = 2;
	out[3] = handoff_scsi_host_first(blob) + 4;
	out[4] = (int)fdt_size_dt_struct(blob);
	out[5] = 0x7fffffff;
	return 6;
}

/* Each getter applied to @node; all must refuse it. */
static void assert_no_getter_accepts(const void *blob, int node)
{
	struct handoff_scsi_host host;
	struct handoff_scsi_dev sdev;
	struct handoff_ata_port port;
	struct handoff_ata_dev adev;
	struct handoff_group group;
	struct handoff_image image;

	assert_err(handoff_get_scsi_host(blob, node, &host),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_scsi_dev(blob, node, &sdev),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_ata_port(blob, node, &port),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_ata_dev(blob, node, &adev),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_group(blob, node, &group),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_image(blob, node, &image),
		   HANDOFF_ERR_BADOFFSET);
}

static void assert_no_iterator_accepts(const void *blob, int node)
{
	assert_err(handoff_scsi_host_next(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_scsi_dev_first(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_scsi_dev_next(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_ata_port_next(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_ata_dev_first(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_ata_dev_next(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_group_next(blob, node), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_image_next(blob, node), HANDOFF_ERR_BADOFFSET);
}

static void test_not_a_node(void **state)
{
	union blob_buf bb;
	struct fixture fx;
	int off[8], i, n;

	(void)state;
	fixture_full(&fx);
	build_checked(&fx, &bb);
	n = bogus_offsets(bb.b, off);
	for (i = 0; i < n; i++) {
		assert_no_getter_accepts(bb.b, off[i]);
		assert_no_iterator_accepts(bb.b, off[i]);
	}
	/* The root and the section nodes are nodes, but of no such kind. */
	assert_no_getter_accepts(bb.b, 0);
	assert_no_getter_accepts(bb.b, node_at(bb.b, "/scsi"));
	assert_no_getter_accepts(bb.b, node_at(bb.b, "/store"));
}

/* A node of one kind handed to the functions for another. */
static void test_wrong_kind(void **state)
{
	struct handoff_scsi_host host;
	struct handoff_ata_port port;
	struct handoff_group group;
	struct handoff_image image;
	union blob_buf bb;
	struct fixture fx;
	int h, p, g, im;

	(void)state;
	fixture_full(&fx);
	build_checked(&fx, &bb);
	h = handoff_scsi_host_first(bb.b);
	p = handoff_ata_port_first(bb.b);
	g = handoff_group_first(bb.b);
	im = handoff_image_first(bb.b);
	assert_err(handoff_get_scsi_host(bb.b, p, &host),
		   HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_ata_port(bb.b, h, &port), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_group(bb.b, im, &group), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_get_image(bb.b, g, &image), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_scsi_dev_first(bb.b, p), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_ata_dev_first(bb.b, h), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_scsi_host_next(bb.b, p), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_ata_port_next(bb.b, g), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_group_next(bb.b, h), HANDOFF_ERR_BADOFFSET);
	assert_err(handoff_image_next(bb.b, g), HANDOFF_ERR_BADOFFSET);
}

/*
 * Kinds are told apart by node name, and SCSI and ATA devices share
 * "dev@": each device getter then refuses the other's reg length.
 */
static void test_other_bus_device(void **state)
{
	struct handoff_scsi_dev sdev;
	struct handoff_ata_dev adev;
	union blob_buf bb;
	struct fixture fx;
	int s, a;

	(void)state;
	fixture_full(&fx);
	build_checked(&fx, &bb);
	s = handoff_scsi_dev_first(bb.b, handoff_scsi_host_first(bb.b));
	a = handoff_ata_dev_first(bb.b, handoff_ata_port_first(bb.b));
	assert_err(handoff_get_scsi_dev(bb.b, a, &sdev), HANDOFF_ERR_BADPROP);
	assert_err(handoff_get_ata_dev(bb.b, s, &adev), HANDOFF_ERR_BADPROP);
}

/* Iterators at their ends, and over nodes with no children. */
static void test_ends(void **state)
{
	union blob_buf bb;
	struct fixture fx;
	int n;

	(void)state;
	fixture_full(&fx);
	build_checked(&fx, &bb);
	n = handoff_scsi_host_next(bb.b, handoff_scsi_host_first(bb.b));
	assert_true(n >= 0);
	assert_err(handoff_scsi_dev_first(bb.b, n), HANDOFF_ERR_NOTFOUND);
	assert_err(handoff_scsi_host_next(bb.b, n), HANDOFF_ERR_NOTFOUND);
	n = handoff_ata_port_next(bb.b, handoff_ata_port_first(bb.b));
	assert_true(n >= 0);
	assert_err(handoff_ata_dev_first(bb.b, n), HANDOFF_ERR_NOTFOUND);
	n = handoff_ata_dev_first(bb.b, node_at(bb.b, "/ata/port-0"));
	assert_err(handoff_ata_dev_next(bb.b, n), HANDOFF_ERR_NOTFOUND);
	n = handoff_image_next(bb.b, handoff_image_first(bb.b));
	assert_err(handoff_image_next(bb.b, n), HANDOFF_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_node),
		cmocka_unit_test(test_wrong_kind),
		cmocka_unit_test(test_other_bus_device),
		cmocka_unit_test(test_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
