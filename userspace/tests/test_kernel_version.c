// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_kernel_version.c - the linux-version order of kernel releases
 *
 * Pairs in the order linux-version(1) gives them (older first), each
 * compared both ways and with itself. The first ones are where comparing
 * the strings byte for byte, as a plain sort would, gets it wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel_version.h"

static const char *const older_newer[][2] = {
	/* numbers by value, not by their first digit */
	{ "6.12.9", "6.12.10" },
	{ "6.12.9-kh2", "6.12.10-kh1" },
	{ "6.12.10-kh1", "6.12.10-kh2" },
	{ "6.12.10-kh9", "6.12.10-kh10" },
	{ "6.9", "6.12" },
	{ "6.12.010", "6.12.11" },
	{ "6.1.0-9-amd64", "6.1.0-28-amd64" },
	{ "99999999999999999999", "100000000000000000000" },
	/* the end of the string first, but after a pre-release */
	{ "6.12", "6.12.1" },
	{ "6.12", "6.12-kh1" },
	{ "6.13-rc1", "6.13" },
	{ "6.13-rc7", "6.13.0" },
	{ "6.13-rc1", "6.13-rc2" },
	{ "6.13-rc7-amd64", "6.13-amd64" },
	{ "6.13-trunk-amd64", "6.13-amd64" },
	{ "6.13-rc1", "6.13-trunk" },
	{ "6.12.10", "6.13-rc1" },
	/* other runs byte for byte: '-' < '.' < digits < letters */
	{ "6.12-1", "6.12.1" },
	{ "6.12.1-amd64", "6.12.1.1" },
	{ "6.12.1+bpo-amd64", "6.12.1-amd64" },
	{ "6.12.1-amd64", "6.12.1-cloud-amd64" },
	{ "6.12.57-kh-test", "6.12.57-kh1" },
	{ "6.12.1-rt-amd64", "6.12.1-rtx" },
	{ "", "0" },
};

static void orders_pairs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(older_newer) / sizeof(older_newer[0]); i++) {
		const char *a = older_newer[i][0], *b = older_newer[i][1];

		print_message("%s < %s\n", a, b);
		assert_int_equal(kh_kernel_version_cmp(a, b), -1);
		assert_int_equal(kh_kernel_version_cmp(b, a), 1);
		assert_int_equal(kh_kernel_version_cmp(a, a), 0);
		assert_int_equal(kh_kernel_version_cmp(b, b), 0);
	}
}

/* Numbers equal by value are the same run; the rest must still agree. */
static void equal_by_value(void **state)
{
	(void)state;
	assert_int_equal(kh_kernel_version_cmp("6.012.9", "6.12.9"), 0);
	assert_int_equal(kh_kernel_version_cmp("6.12.9-kh01", "6.12.9-kh1"), 0);
	assert_int_equal(kh_kernel_version_cmp("6.12.09-a", "6.12.9-b"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(orders_pairs),
		cmocka_unit_test(equal_by_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
