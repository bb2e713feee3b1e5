// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_strerror.c - every error code has its own name
 *
 * The kernel quotes these strings in /sys/firmware/handoff/status, so a
 * code that fell back to the generic text, or shared another's, would
 * make a rejection reason ambiguous.
 */
#include <limits.h>

#include "blob_helpers.h"

static void test_every_code_named(void **state)
{
	const char *unknown = handoff_strerror(-(HANDOFF_ERR_MAX + 1));
	const char *s[HANDOFF_ERR_MAX + 1];
	int i, j;

	(void)state;
	for (i = 1; i <= HANDOFF_ERR_MAX; i++) {
		s[i] = handoff_strerror(-i);
		assert_non_null(s[i]);
		assert_true(s[i][0] != '\0');
		assert_string_not_equal(s[i], unknown);
		assert_string_not_equal(s[i], "success");
		for (j = 1; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
}

static void test_success(void **state)
{
	(void)state;
	assert_string_equal(handoff_strerror(0), "success");
	assert_string_equal(handoff_strerror(1), "success");
	assert_string_equal(handoff_strerror(HANDOFF_MAX_SIZE), "success");
	assert_string_equal(handoff_strerror(INT_MAX), "success");
}

static void test_unknown(void **state)
{
	const char *unknown = handoff_strerror(-(HANDOFF_ERR_MAX + 1));

	(void)state;
	assert_non_null(unknown);
	assert_true(unknown[0] != '\0');
	assert_string_not_equal(unknown, "success");
	assert_string_equal(handoff_strerror(-(HANDOFF_ERR_MAX + 2)), unknown);
	assert_string_equal(handoff_strerror(-1000), unknown);
	assert_string_equal(handoff_strerror(INT_MIN + 1), unknown);
	assert_string_equal(handoff_strerror(INT_MIN), unknown);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_named),
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
