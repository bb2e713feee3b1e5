// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_builder_values.c - arguments the builder must refuse
 *
 * Every string field of every write call is tried as NULL, empty, at
 * HANDOFF_STR_MAX and one past it; then the non-string values with a fixed
 * set (link state, group flags, store type). A refused call returns
 * -HANDOFF_ERR_BADVALUE, writes nothing, and the builder carries on.
 */
#include <stddef.h>

#include "builder_ops.h"

/* What a string field accepts besides strings up to HANDOFF_STR_MAX. */
enum str_kind {
	NONEMPTY,	/* neither NULL nor "" */
	PRESENT,	/* not NULL; "" is a value (INQUIRY may be blank) */
	OPTIONAL,	/* NULL or "" both mean absent */
};

struct str_field {
	const char *name;
	enum op op;
	size_t off;		/* of the pointer within the op's argument */
	enum str_kind kind;
};

#define FIELD(op, type, field, kind) \
	{ #type "." #field, op, offsetof(struct type, field), kind }

static const struct str_field fields[] = {
	FIELD(OP_HOST, handoff_scsi_host, proc_name, NONEMPTY),
	FIELD(OP_HOST, handoff_scsi_host, parent, NONEMPTY),
	FIELD(OP_SDEV, handoff_scsi_dev, vendor, PRESENT),
	FIELD(OP_SDEV, handoff_scsi_dev, model, PRESENT),
	FIELD(OP_SDEV, handoff_scsi_dev, rev, PRESENT),
	FIELD(OP_SDEV, handoff_scsi_dev, serial, OPTIONAL),
	FIELD(OP_SDEV, handoff_scsi_dev, wwid, OPTIONAL),
	FIELD(OP_PORT, handoff_ata_port, driver, NONEMPTY),
	FIELD(OP_PORT, handoff_ata_port, parent, NONEMPTY),
	FIELD(OP_PORT, handoff_ata_port, sata_spd, OPTIONAL),
	FIELD(OP_ADEV, handoff_ata_dev, class, NONEMPTY),
	FIELD(OP_ADEV, handoff_ata_dev, model, NONEMPTY),
	FIELD(OP_ADEV, handoff_ata_dev, serial, OPTIONAL),
	FIELD(OP_ADEV, handoff_ata_dev, firmware, OPTIONAL),
	FIELD(OP_GROUP, handoff_group, comm, NONEMPTY),
	FIELD(OP_GROUP, handoff_group, images, NONEMPTY),
	FIELD(OP_STORE, handoff_store, device, OPTIONAL),
	FIELD(OP_STORE, handoff_store, memmap, OPTIONAL),
	FIELD(OP_IMAGE, handoff_image, name, NONEMPTY),
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* The calls that put the builder where @op may be called. */
static const enum op *prefix_for(enum op op)
{
	static const enum op none[] = { OP_COUNT };
	static const enum op host[] = { OP_HOST, OP_COUNT };
	static const enum op port[] = { OP_PORT, OP_COUNT };
	static const enum op store[] = { OP_STORE, OP_COUNT };

	if (op == OP_SDEV)
		return host;
	if (op == OP_ADEV)
		return port;
	return op == OP_IMAGE ? store : none;
}

/*
 * Call @op with @a after its prefix. A refusal must be BADVALUE and leave
 * the buffer alone; either way finishing must give a valid blob.
 *
 * returns: what the call returned
 */
static int try_value(enum op op, const union op_arg *a, const char *what)
{
	union blob_buf bb, before;
	struct handoff_builder b;
	int ret, size;

	assert_int_equal(op_prefix(&b, bb.b, sizeof(bb.b), prefix_for(op)), 0);
	memcpy(&before, &bb, sizeof(bb));
	ret = op_call(&b, op, a);
	if (ret < 0 && ret != -HANDOFF_ERR_BADVALUE)
		fail_msg("%s with %s returned %d", op_name(op), what, ret);
	if (ret < 0)
		assert_memory_equal(bb.b, before.b, sizeof(bb.b));
	size = handoff_finish(&b);
	assert_true(size > 0);
	assert_int_equal(handoff_check_user(bb.b, (size_t)size), size);
	return ret;
}

static int try_string(const struct str_field *f, const char *s)
{
	union op_arg a;

	op_default(f->op, &a);
	memcpy((char *)&a + f->off, &s, sizeof(s));
	return try_value(f->op, &a, f->name);
}

static void expect_refused(int ret, const struct str_field *f,
			   const char *value, int refused)
{
	if ((ret == -HANDOFF_ERR_BADVALUE) != refused)
		fail_msg("%s = %s: got %d, expected %s", f->name, value, ret,
			 refused ? "BADVALUE" : "success");
}

static void test_string_fields(void **state)
{
	char longest[HANDOFF_STR_MAX + 2];
	const struct str_field *f;

	(void)state;
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	for (f = fields; f < fields + COUNT(fields); f++) {
		expect_refused(try_string(f, NULL), f, "NULL",
			       f->kind != OPTIONAL);
		expect_refused(try_string(f, ""), f, "\"\"",
			       f->kind == NONEMPTY);
		expect_refused(try_string(f, longest), f, "256 chars", 1);
		expect_refused(try_string(f, longest + 1), f, "255 chars", 0);
		expect_refused(try_string(f, "tab\there"), f, "a tab", 1);
		expect_refused(try_string(f, "caf\xc3\xa9"), f, "UTF-8", 1);
		expect_refused(try_string(f, "esc\x1b[2J"), f, "ESC", 1);
		expect_refused(try_string(f, "del\x7f"), f, "DEL", 1);
		expect_refused(try_string(f, " ~ok!"), f, "printable", 0);
	}
}

static void test_info_strings(void **state)
{
	char longest[HANDOFF_STR_MAX + 2];
	const char *bad[] = { NULL, "", longest };
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;
	size_t i;

	(void)state;
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	for (i = 0; i < COUNT(bad); i++) {
		fixture_minimal(&fx);
		fx.info.kernel_release = bad[i];
		assert_err(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info),
			   HANDOFF_ERR_BADVALUE);
		fixture_minimal(&fx);
		fx.info.boot_id = bad[i];
		assert_err(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info),
			   HANDOFF_ERR_BADVALUE);
	}
	fx.info.boot_id = longest + 1;
	assert_int_equal(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info), 0);
}

/* Blobs must be 8-byte aligned, so the builder refuses to start one off. */
static void test_misaligned_buffer(void **state)
{
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;

	(void)state;
	fixture_minimal(&fx);
	assert_err(handoff_create(&b, bb.b + 4, sizeof(bb.b) - 4, &fx.info),
		   HANDOFF_ERR_BADVALUE);
	assert_err(handoff_finish(&b), HANDOFF_ERR_BADSTATE);
}

static void test_link_state(void **state)
{
	union op_arg a;

	(void)state;
	op_default(OP_PORT, &a);
	a.port.link = HANDOFF_LINK_UP + 1;
	assert_err(try_value(OP_PORT, &a, "link 2"), HANDOFF_ERR_BADVALUE);
	a.port.link = 0xffffffff;
	assert_err(try_value(OP_PORT, &a, "link ~0"), HANDOFF_ERR_BADVALUE);
	a.port.link = HANDOFF_LINK_DOWN;
	assert_int_equal(try_value(OP_PORT, &a, "link down"), 0);
}

static void test_group_flags(void **state)
{
	static const uint32_t bad[] = { 0x2, 0x3, 0x80000000, 0xffffffff };
	union op_arg a;
	size_t i;

	(void)state;
	op_default(OP_GROUP, &a);
	for (i = 0; i < COUNT(bad); i++) {
		a.group.flags = bad[i];
		assert_err(try_value(OP_GROUP, &a, "unknown flags"),
			   HANDOFF_ERR_BADVALUE);
	}
	a.group.flags = HANDOFF_GROUP_TCP_ESTABLISHED;
	assert_int_equal(try_value(OP_GROUP, &a, "known flag"), 0);
}

static void test_store_type(void **state)
{
	static const char *const bad[] = {
		NULL, "", "tape", "PMEM", "initrd ", "pmem0",
	};
	union op_arg a;
	size_t i;

	(void)state;
	op_default(OP_STORE, &a);
	for (i = 0; i < COUNT(bad); i++) {
		a.store.type = bad[i];
		assert_err(try_value(OP_STORE, &a, "bad type"),
			   HANDOFF_ERR_BADVALUE);
	}
	a.store.type = "initrd";
	assert_int_equal(try_value(OP_STORE, &a, "initrd"), 0);
	a.store.type = "pmem";
	assert_int_equal(try_value(OP_STORE, &a, "pmem"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_fields),
		cmocka_unit_test(test_info_strings),
		cmocka_unit_test(test_misaligned_buffer),
		cmocka_unit_test(test_link_state),
		cmocka_unit_test(test_group_flags),
		cmocka_unit_test(test_store_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
