// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_builder_nospace.c - running out of buffer, call by call
 *
 * For each write call, in each way it can be reached, the buffer is shrunk
 * a byte at a time until the call fails. A failure must be
 * -HANDOFF_ERR_NOSPACE with the whole buffer byte-identical; retrying
 * fails the same way; and finishing then gives exactly the blob the
 * earlier calls alone give. Where the call still fits, finishing must
 * always fit too, since the builder keeps room for closing every node.
 */
#include <stdlib.h>

#include "builder_ops.h"

#define END	OP_COUNT

struct nospace_case {
	const char *name;
	enum op prefix[4];
	enum op target;
};

static const struct nospace_case cases[] = {
	{ "first host, opening /scsi", { END }, OP_HOST },
	{ "second host, closing the first", { OP_HOST, END }, OP_HOST },
	{ "scsi dev", { OP_HOST, END }, OP_SDEV },
	{ "second scsi dev", { OP_HOST, OP_SDEV, END }, OP_SDEV },
	{ "first port, from the root", { END }, OP_PORT },
	{ "first port, closing /scsi", { OP_HOST, OP_SDEV, END }, OP_PORT },
	{ "second port", { OP_PORT, END }, OP_PORT },
	{ "ata dev", { OP_PORT, END }, OP_ADEV },
	{ "first group, from the root", { END }, OP_GROUP },
	{ "first group, closing /ata", { OP_PORT, OP_ADEV, END }, OP_GROUP },
	{ "second group", { OP_GROUP, END }, OP_GROUP },
	{ "store, from the root", { END }, OP_STORE },
	{ "store, closing /scsi", { OP_HOST, END }, OP_STORE },
	{ "store, closing /processes", { OP_GROUP, END }, OP_STORE },
	{ "first image", { OP_STORE, END }, OP_IMAGE },
	{ "second image", { OP_STORE, OP_IMAGE, END }, OP_IMAGE },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* Start high enough that every case fits, so each loop sees both. */
#define START_SIZE	2048

/* After a refusal: refused again, then finishing ignores the attempt. */
static void check_refused(const struct nospace_case *c, union blob_buf *bb,
			  struct handoff_builder *b, const union blob_buf *ref)
{
	union blob_buf before;
	int size;

	memcpy(&before, bb, sizeof(*bb));
	assert_err(op_run(b, c->target), HANDOFF_ERR_NOSPACE);
	assert_memory_equal(bb->b, before.b, sizeof(bb->b));
	size = handoff_finish(b);
	assert_int_equal(size, fdt_totalsize(ref->b));
	assert_memory_equal(bb->b, ref->b, (size_t)size);
	assert_int_equal(handoff_check_user(bb->b, (size_t)size), size);
}

/*
 * returns: 1 if @c's target call was refused with this buffer size, 0 if
 * it fitted, -1 if even the calls before it did not fit
 */
static int try_size(const struct nospace_case *c, size_t bufsize,
		    const union blob_buf *ref)
{
	union blob_buf bb, before;
	struct handoff_builder b;
	int ret;

	if (op_prefix(&b, bb.b, bufsize, c->prefix))
		return -1;
	memcpy(&before, &bb, sizeof(bb));
	ret = op_run(&b, c->target);
	if (ret == -HANDOFF_ERR_NOSPACE) {
		assert_memory_equal(bb.b, before.b, sizeof(bb.b));
		check_refused(c, &bb, &b, ref);
		return 1;
	}
	if (ret < 0)
		fail_msg("%s: %d with %zu bytes", c->name, ret, bufsize);
	ret = handoff_finish(&b);
	if (ret < 0)
		fail_msg("%s: finish %d with %zu bytes", c->name, ret, bufsize);
	assert_int_equal(handoff_check_user(bb.b, (size_t)ret), ret);
	return 0;
}

static void shrink_until_refused(const struct nospace_case *c)
{
	union blob_buf ref;
	struct handoff_builder b;
	size_t size;
	int failed, refusals = 0;

	assert_int_equal(op_prefix(&b, ref.b, sizeof(ref.b), c->prefix), 0);
	assert_true(handoff_finish(&b) > 0);
	for (size = START_SIZE; size > 0; size--) {
		failed = try_size(c, size, &ref);
		if (failed < 0)
			break;
		/* Once too small, smaller stays too small. */
		if (refusals && !failed)
			fail_msg("%s: fits in %zu bytes, not in more", c->name,
				 size);
		refusals += failed;
	}
	if (!refusals || size == START_SIZE)
		fail_msg("%s: never refused / never fitted", c->name);
}

static void test_each_call(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		shrink_until_refused(&cases[i]);
}

/* Too small for the root: refused, then every size that takes it works. */
static void test_create(void **state)
{
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;
	size_t size;
	int ret;

	(void)state;
	fixture_minimal(&fx);
	for (size = 0; size < START_SIZE; size++) {
		ret = handoff_create(&b, bb.b, size, &fx.info);
		if (ret == 0)
			break;
		assert_err(ret, HANDOFF_ERR_NOSPACE);
		assert_err(handoff_finish(&b), HANDOFF_ERR_BADSTATE);
	}
	assert_true(size > sizeof(struct fdt_header));
	assert_true(size < START_SIZE);
	ret = handoff_finish(&b);
	assert_true(ret > 0 && (size_t)ret <= size);
	assert_int_equal(handoff_check_user(bb.b, (size_t)ret), ret);
}

static int fill_with_hosts(struct handoff_builder *b)
{
	union op_arg host, dev;
	int ret, n = 0;

	op_default(OP_HOST, &host);
	op_default(OP_SDEV, &dev);
	for (;;) {
		ret = handoff_add_scsi_host(b, &host.host);
		if (ret >= 0)
			ret = handoff_add_scsi_dev(b, &dev.sdev);
		if (ret < 0)
			break;
		n++;
	}
	assert_err(ret, HANDOFF_ERR_NOSPACE);
	return n;
}

/* A huge buffer is used up to HANDOFF_MAX_SIZE and not a byte more. */
static void test_size_bound(void **state)
{
	size_t bufsize = 2 * HANDOFF_MAX_SIZE, i;
	unsigned char *buf = malloc(bufsize);
	struct handoff_builder b;
	struct fixture fx;
	int hosts, size, h, n = 0;

	(void)state;
	assert_non_null(buf);
	memset(buf, 0xa5, bufsize);
	fixture_minimal(&fx);
	assert_int_equal(handoff_create(&b, buf, bufsize, &fx.info), 0);
	hosts = fill_with_hosts(&b);
	for (i = HANDOFF_MAX_SIZE; i < bufsize; i++)
		assert_int_equal(buf[i], 0xa5);
	size = handoff_finish(&b);
	assert_true(size > HANDOFF_MAX_SIZE - 512 && size <= HANDOFF_MAX_SIZE);
	assert_int_equal(handoff_check_user(buf, bufsize), size);
	for (h = handoff_scsi_host_first(buf); h >= 0;
	     h = handoff_scsi_host_next(buf, h))
		n++;
	assert_int_equal(n, hosts);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_call),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_size_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
