// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_builder_state.c - the builder's state machine, call by call
 *
 * From each state the builder can be in, every write call is tried: it
 * either succeeds or fails with -HANDOFF_ERR_BADSTATE, leaving the buffer
 * byte-identical and the builder able to finish the blob it had.
 */
#include "builder_ops.h"

#define END	OP_COUNT

#define STORAGE_OK	\
	(OP_BIT(OP_GROUP) | OP_BIT(OP_STORE) | OP_BIT(OP_FINISH))
#define SCSI_OK		(OP_BIT(OP_HOST) | OP_BIT(OP_PORT) | STORAGE_OK)
#define ATA_OK		(OP_BIT(OP_PORT) | OP_BIT(OP_ADEV) | STORAGE_OK)
#define STORE_OK	(OP_BIT(OP_IMAGE) | OP_BIT(OP_FINISH))

struct stage {
	const char *name;
	enum op prefix[5];
	unsigned int ok;	/* the calls allowed next */
};

static const struct stage stages[] = {
	{ "created", { END }, SCSI_OK },
	{ "host open", { OP_HOST, END }, SCSI_OK | OP_BIT(OP_SDEV) },
	{ "host with dev", { OP_HOST, OP_SDEV, END },
	  SCSI_OK | OP_BIT(OP_SDEV) },
	{ "port open", { OP_PORT, END }, ATA_OK },
	{ "port after host", { OP_HOST, OP_SDEV, OP_PORT, END }, ATA_OK },
	{ "port with dev", { OP_PORT, OP_ADEV, END }, ATA_OK },
	{ "group", { OP_GROUP, END }, STORAGE_OK },
	{ "group after port", { OP_PORT, OP_GROUP, END }, STORAGE_OK },
	{ "store", { OP_STORE, END }, STORE_OK },
	{ "store after group", { OP_GROUP, OP_STORE, END }, STORE_OK },
	{ "store with image", { OP_STORE, OP_IMAGE, END }, STORE_OK },
	{ "finished", { OP_HOST, OP_PORT, OP_FINISH, END }, 0 },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* What the stage's calls alone produce, finished. */
static int reference_blob(const struct stage *s, union blob_buf *ref)
{
	struct handoff_builder b;
	int size;

	assert_int_equal(op_prefix(&b, ref->b, sizeof(ref->b), s->prefix), 0);
	size = s->ok ? handoff_finish(&b) : (int)fdt_totalsize(ref->b);
	assert_true(size > 0);
	return size;
}

static void try_refused(const struct stage *s, enum op op)
{
	union blob_buf bb, before, ref;
	struct handoff_builder b;
	int ret, size;

	assert_int_equal(op_prefix(&b, bb.b, sizeof(bb.b), s->prefix), 0);
	memcpy(&before, &bb, sizeof(bb));
	ret = op_run(&b, op);
	if (ret != -HANDOFF_ERR_BADSTATE)
		fail_msg("%s after \"%s\" returned %d", op_name(op), s->name,
			 ret);
	assert_memory_equal(bb.b, before.b, sizeof(bb.b));
	/* Nothing changed: finishing gives the blob the stage alone gives. */
	size = s->ok ? handoff_finish(&b) : (int)fdt_totalsize(bb.b);
	assert_int_equal(size, reference_blob(s, &ref));
	assert_memory_equal(bb.b, ref.b, (size_t)size);
	assert_int_equal(handoff_check_user(bb.b, (size_t)size), size);
}

static void try_allowed(const struct stage *s, enum op op)
{
	union blob_buf bb;
	struct handoff_builder b;
	int ret;

	assert_int_equal(op_prefix(&b, bb.b, sizeof(bb.b), s->prefix), 0);
	ret = op_run(&b, op);
	if (ret < 0)
		fail_msg("%s after \"%s\" returned %d", op_name(op), s->name,
			 ret);
	if (op != OP_FINISH)
		ret = handoff_finish(&b);
	assert_true(ret > 0);
	assert_int_equal(handoff_check_user(bb.b, (size_t)ret), ret);
}

static void test_every_state_every_call(void **state)
{
	const struct stage *s;
	enum op op;

	(void)state;
	for (s = stages; s < stages + COUNT(stages); s++) {
		for (op = 0; op < OP_COUNT; op++) {
			if (s->ok & OP_BIT(op))
				try_allowed(s, op);
			else
				try_refused(s, op);
		}
	}
}

/* A builder that was never set up, or whose set-up failed, refuses all. */
static void assert_all_refused(struct handoff_builder *b)
{
	enum op op;

	for (op = 0; op < OP_COUNT; op++)
		assert_err(op_run(b, op), HANDOFF_ERR_BADSTATE);
}

static void test_not_created(void **state)
{
	struct handoff_builder b;

	(void)state;
	memset(&b, 0, sizeof(b));
	assert_all_refused(&b);
}

static void test_create_failed(void **state)
{
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;

	(void)state;
	fixture_minimal(&fx);
	assert_err(handoff_create(&b, bb.b, 64, &fx.info),
		   HANDOFF_ERR_NOSPACE);
	assert_all_refused(&b);
	fx.info.boot_id = NULL;
	assert_err(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info),
		   HANDOFF_ERR_BADVALUE);
	assert_all_refused(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_every_call),
		cmocka_unit_test(test_not_created),
		cmocka_unit_test(test_create_failed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
