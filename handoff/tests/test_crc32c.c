// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_crc32c.c - the checksum itself, and where the blob keeps it
 *
 * Known answers from the CRC catalogue ("123456789") and RFC 3720 B.4,
 * which the kernel's crc32c() also gives, so a blob sealed here checks
 * there. Then the sealed value is recomputed independently of
 * handoff_seal(): CRC32C of the whole blob with the value counted as zero.
 */
#include "blob_helpers.h"

static void test_known_answers(void **state)
{
	unsigned char buf[32];
	int i;

	(void)state;
	assert_int_equal(handoff_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(handoff_crc32c(0, "", 0), 0);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(handoff_crc32c(0, buf, sizeof(buf)), 0x8a9136aa);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(handoff_crc32c(0, buf, sizeof(buf)), 0x62a8ab43);
	for (i = 0; i < 32; i++)
		buf[i] = (unsigned char)i;
	assert_int_equal(handoff_crc32c(0, buf, sizeof(buf)), 0x46dd794e);
	for (i = 0; i < 32; i++)
		buf[i] = (unsigned char)(31 - i);
	assert_int_equal(handoff_crc32c(0, buf, sizeof(buf)), 0x113fdb5c);
}

/* Feeding the data in two pieces, split anywhere, changes nothing. */
static void test_incremental(void **state)
{
	static const char msg[] = "what the old kernel knew, carried over";
	size_t len = sizeof(msg) - 1, cut, step;
	uint32_t whole = handoff_crc32c(0, msg, len), crc;

	(void)state;
	for (cut = 0; cut <= len; cut++) {
		crc = handoff_crc32c(0, msg, cut);
		assert_int_equal(handoff_crc32c(crc, msg + cut, len - cut),
				 whole);
	}
	crc = 0;
	for (cut = 0; cut < len; cut += step) {
		step = cut % 5 + 1;
		if (step > len - cut)
			step = len - cut;
		crc = handoff_crc32c(crc, msg + cut, step);
	}
	assert_int_equal(crc, whole);
	assert_int_equal(handoff_crc32c(whole, "", 0), whole);
}

static void test_sealed_value(void **state)
{
	union blob_buf bb, copy;
	struct fixture fx;
	uint32_t slot, want;
	const fdt32_t *val;
	int size, len;

	(void)state;
	fixture_full(&fx);
	size = build_checked(&fx, &bb);
	val = fdt_getprop(bb.b, 0, "crc32c", &len);
	assert_non_null(val);
	assert_int_equal(len, 4);
	slot = (uint32_t)((const unsigned char *)val - bb.b);
	assert_int_equal(slot, fdt_off_dt_struct(bb.b) + 20);
	memcpy(&copy, &bb, sizeof(bb));
	memset(copy.b + slot, 0, 4);
	want = handoff_crc32c(0, copy.b, (size_t)size);
	assert_int_equal(fdt32_to_cpu(*val), want);
	/* Sealing a sealed blob is a no-op. */
	assert_int_equal(handoff_seal(bb.b, (size_t)size), 0);
	assert_int_equal(fdt32_to_cpu(*val), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_sealed_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
