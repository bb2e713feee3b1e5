// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_spawn.c - running helpers with many arguments, and error messages
 * that wrap the one before
 *
 * The transition starts its unit with two systemd-run arguments per
 * carried service: none may be dropped, and too many must be an error.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "spawn.h"

static void wraps_its_own_message(void **state)
{
	struct kh_ctx ctx;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	kh_fail(&ctx, -ENOENT, "inner reason: %s", strerror(ENOENT));
	assert_int_equal(kh_fail(&ctx, -EIO, "outer step failed: %s", ctx.err),
			 -EIO);
	assert_string_equal(ctx.err,
			    "outer step failed: inner reason: No such file or directory");
}

/* sh -c 'test $# = N' sh ARG...: true only when all N arrived. */
static int run_with(struct kh_ctx *ctx, int nargs)
{
	static char words[KH_SPAWN_MAX_ARGS + 8][8];
	const char *args[KH_SPAWN_MAX_ARGS + 8];
	char script[32];
	int i, n = 0;

	snprintf(script, sizeof(script), "test $# = %d", nargs - 3);
	args[n++] = "-c";
	args[n++] = script;
	args[n++] = "sh";
	for (i = 3; i < nargs; i++) {
		snprintf(words[i], sizeof(words[i]), "a%d", i);
		args[n++] = words[i];
	}
	args[n] = NULL;
	return kh_run(ctx, "sh", args);
}

static void passes_every_argument(void **state)
{
	struct kh_ctx ctx;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	assert_int_equal(run_with(&ctx, 20), 0);
	assert_int_equal(run_with(&ctx, KH_SPAWN_MAX_ARGS), 0);
}

static void refuses_too_many(void **state)
{
	struct kh_ctx ctx;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	assert_int_equal(run_with(&ctx, KH_SPAWN_MAX_ARGS + 1), -E2BIG);
	assert_non_null(strstr(ctx.err, "cannot run sh: more than 64 arguments"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps_its_own_message),
		cmocka_unit_test(passes_every_argument),
		cmocka_unit_test(refuses_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
