// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_store_room.c - a checkpoint that cannot fit is refused before
 * anything is frozen, with a message that says what to do
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store_room.h"

static void needed(void **state)
{
	(void)state;
	/* The initrd store holds the images and the initrd. */
	assert_true(kh_store_room_needed("initrd", 256ull << 20) ==
		    2 * (288ull << 20) + KH_STORE_ROOM_SPARE);
	assert_true(kh_store_room_needed("pmem", 256ull << 20) ==
		    (288ull << 20) + KH_STORE_ROOM_SPARE);
	assert_true(kh_store_room_needed("initrd", 0) == KH_STORE_ROOM_SPARE);
}

static void tally(struct kh_room_tally *t, unsigned long long mem, int more)
{
	struct kh_group g = { .root_pid = 353, .comm = "redis-server",
			      .mem_bytes = mem };

	memset(t, 0, sizeof(*t));
	kh_store_room_add(t, &g, "redis-server.service");
	g.mem_bytes = 1 << 20;
	while (more--)
		kh_store_room_add(t, &g, NULL);
}

static void refuses_what_cannot_fit(void **state)
{
	struct kh_room_tally t;
	struct kh_ctx ctx;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	tally(&t, 1ull << 20, 0);
	assert_int_equal(kh_store_room(&ctx, "/tmp", "initrd", &t), 0);

	tally(&t, 1ull << 50, 2);
	assert_true(t.mem == (1ull << 50) + (2 << 20));
	assert_int_equal(kh_store_room(&ctx, "/tmp", "initrd", &t), -ENOSPC);
	assert_non_null(strstr(ctx.err, "redis-server.service and 2 more groups: 1073741826 MiB"));
	assert_non_null(strstr(ctx.err, " in /tmp with the initrd store (the images and the initrd)"));
	assert_non_null(strstr(ctx.err, "mount -o remount,size=SIZE /run) or use the pmem store"));
	assert_int_equal(kh_store_room(&ctx, "/tmp", "pmem", &t), -ENOSPC);
	assert_null(strstr(ctx.err, "use the pmem store"));

	assert_int_equal(kh_store_room(&ctx, "/nonexistent/kh", "initrd", &t),
			 -ENOENT);
	assert_non_null(strstr(ctx.err, "/nonexistent/kh"));
}

static void names_a_process(void **state)
{
	struct kh_group g = { .root_pid = 77, .comm = "batch", .mem_bytes = 1ull << 50 };
	struct kh_room_tally t = { 0 };
	struct kh_ctx ctx;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	kh_store_room_add(&t, &g, NULL);
	assert_int_equal(kh_store_room(&ctx, "/tmp", "pmem", &t), -ENOSPC);
	assert_true(!strncmp(ctx.err, "process 77 (batch): ", 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(needed),
		cmocka_unit_test(refuses_what_cannot_fit),
		cmocka_unit_test(names_a_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
