// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_check_sections.c - the kernel checks what it uses, user space the rest
 *
 * handoff_check_full() is the kernel's check: the envelope and the storage
 * sections. A process or store section it would not understand, such as a
 * kind of store added later, must leave the storage records usable.
 * handoff_check_user() checks those sections too and refuses such a blob.
 */
#include "blob_helpers.h"

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* One edit of a section only user space reads. */
struct user_edit {
	const char *path;
	const char *name;
	const char *val;	/* NULL: delete the property */
	int len;
	int code;		/* what handoff_check_user() returns */
};

static const struct user_edit edits[] = {
	{ "/store", "type", "tape", 5, HANDOFF_ERR_BADPROP },
	{ "/store", "type", "pmem2", 6, HANDOFF_ERR_BADPROP },
	{ "/store", "size", NULL, 0, HANDOFF_ERR_MISSING },
	{ "/store/image-1", "offset", "\0\0\0\1", 4, HANDOFF_ERR_BADPROP },
	{ "/processes/group-0", "root-pid", NULL, 0, HANDOFF_ERR_MISSING },
	{ "/processes/group-1", "comm", "esc\x1b", 5, HANDOFF_ERR_BADPROP },
};

static void apply_(union blob_buf *rw, const struct user_edit *e)
{
	int node;

	full_rw(rw);
	node = node_at(rw->b, e->path);
	if (e->val)
		assert_int_equal(fdt_setprop(rw->b, node, e->name, e->val,
					     e->len), 0);
	else
		assert_int_equal(fdt_delprop(rw->b, node, e->name), 0);
	assert_int_equal(handoff_seal(rw->b, sizeof(rw->b)), 0);
}

static void test_kernel_keeps_storage(void **state)
{
	struct fixture fx;
	union blob_buf rw;
	size_t i;

	(void)state;
	fixture_full(&fx);
	for (i = 0; i < COUNT(edits); i++) {
		print_message("%s %s\n", edits[i].path, edits[i].name);
		apply_(&rw, &edits[i]);
		assert_int_equal(handoff_check_full(rw.b, sizeof(rw.b)),
				 sizeof(rw.b));
		assert_scsi_matches(rw.b, &fx);
		assert_ata_matches(rw.b, &fx);
		assert_err(handoff_check_user(rw.b, sizeof(rw.b)),
			   edits[i].code);
	}
}

/* Both checks read the envelope and the storage sections alike. */
static void test_both_check_storage(void **state)
{
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	assert_int_equal(reseal_check(&rw), sizeof(rw.b));
	assert_int_equal(handoff_check_full(rw.b, sizeof(rw.b)), sizeof(rw.b));
	assert_int_equal(fdt_setprop_string(rw.b, node_at(rw.b, "/ata/port-0"),
					    "link", "sideways"), 0);
	assert_int_equal(handoff_seal(rw.b, sizeof(rw.b)), 0);
	assert_err(handoff_check_full(rw.b, sizeof(rw.b)), HANDOFF_ERR_BADPROP);
	assert_err(handoff_check_user(rw.b, sizeof(rw.b)), HANDOFF_ERR_BADPROP);
	assert_err(handoff_check_user(rw.b, sizeof(struct fdt_header)),
		   HANDOFF_ERR_TRUNCATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_keeps_storage),
		cmocka_unit_test(test_both_check_storage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
