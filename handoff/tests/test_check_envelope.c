// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * test_check_envelope.c - handoff_check_full() on a damaged envelope
 *
 * Everything checked before a single property is read: buffer alignment
 * and size, magic, the 256 KiB bound, where the CRC sits and whether it
 * matches, and libfdt's structure check. Each case expects its exact code.
 */
#include <stdlib.h>

#include "blob_helpers.h"

static int full_blob(union blob_buf *bb)
{
	struct fixture fx;

	fixture_full(&fx);
	return build_checked(&fx, bb);
}

/* Overwrite the big-endian word at byte @off of @blob. */
static void put_be32(void *blob, size_t off, uint32_t val)
{
	fdt32_t v = cpu_to_fdt32(val);

	memcpy((char *)blob + off, &v, sizeof(v));
}

static void test_truncated(void **state)
{
	union blob_buf bb;
	int size;

	(void)state;
	size = full_blob(&bb);
	assert_int_equal(handoff_check_full(bb.b, sizeof(bb.b)), size);
	assert_err(handoff_check_full(bb.b, (size_t)size - 1),
		   HANDOFF_ERR_TRUNCATED);
	assert_err(handoff_check_full(bb.b, sizeof(struct fdt_header)),
		   HANDOFF_ERR_TRUNCATED);
	assert_err(handoff_check_full(bb.b, sizeof(struct fdt_header) - 1),
		   HANDOFF_ERR_TRUNCATED);
	assert_err(handoff_check_full(bb.b, 0), HANDOFF_ERR_TRUNCATED);
	assert_err(handoff_check_header(bb.b, (size_t)size - 1),
		   HANDOFF_ERR_TRUNCATED);
	/* A header claiming less than itself cannot describe a blob. */
	put_be32(bb.b, offsetof(struct fdt_header, totalsize), 8);
	assert_err(handoff_check_full(bb.b, sizeof(bb.b)),
		   HANDOFF_ERR_TRUNCATED);
}

static void test_bad_magic(void **state)
{
	union blob_buf bb;
	struct handoff_builder b;
	struct fixture fx;

	(void)state;
	full_blob(&bb);
	put_be32(bb.b, offsetof(struct fdt_header, magic), FDT_MAGIC ^ 1);
	assert_err(handoff_check_full(bb.b, sizeof(bb.b)),
		   HANDOFF_ERR_BADMAGIC);
	memset(bb.b, 0, sizeof(bb.b));
	assert_err(handoff_check_full(bb.b, sizeof(bb.b)),
		   HANDOFF_ERR_BADMAGIC);
	/* A blob whose builder never finished is not a blob yet. */
	fixture_full(&fx);
	assert_int_equal(handoff_create(&b, bb.b, sizeof(bb.b), &fx.info), 0);
	assert_int_equal(handoff_add_scsi_host(&b, &fx.host[0].h), 0);
	assert_err(handoff_check_full(bb.b, sizeof(bb.b)),
		   HANDOFF_ERR_BADMAGIC);
}

/* The code a single flipped bit at byte @i must produce. */
static void assert_flip_rejected(int err, size_t i)
{
	if (i < 4) {
		assert_err(err, HANDOFF_ERR_BADMAGIC);
	} else if (i < 8) {
		/* totalsize: too big for the bound, the buffer or the CRC */
		assert_true(err == -HANDOFF_ERR_TOOBIG ||
			    err == -HANDOFF_ERR_TRUNCATED ||
			    err == -HANDOFF_ERR_CHECKSUM);
	} else {
		assert_err(err, HANDOFF_ERR_CHECKSUM);
	}
}

/* The CRC covers every byte, header included; the buffer is exact. */
static void test_every_bit_flip(void **state)
{
	union blob_buf bb;
	size_t i, size;
	int bit;

	(void)state;
	size = (size_t)full_blob(&bb);
	for (i = 0; i < size; i++) {
		for (bit = 0; bit < 8; bit++) {
			bb.b[i] ^= 1u << bit;
			assert_flip_rejected(handoff_check_full(bb.b, size), i);
			bb.b[i] ^= 1u << bit;
		}
	}
	assert_int_equal(handoff_check_full(bb.b, size), size);
}

/* Exactly HANDOFF_MAX_SIZE is fine; one step more is refused. */
static void test_too_big(void **state)
{
	size_t bufsize = HANDOFF_MAX_SIZE + 64;
	unsigned char *big = malloc(bufsize);
	union blob_buf bb;

	(void)state;
	assert_non_null(big);
	full_blob(&bb);
	assert_int_equal(fdt_open_into(bb.b, big, HANDOFF_MAX_SIZE), 0);
	assert_int_equal(handoff_seal(big, bufsize), 0);
	assert_int_equal(handoff_check_full(big, bufsize), HANDOFF_MAX_SIZE);
	assert_int_equal(fdt_open_into(bb.b, big, HANDOFF_MAX_SIZE + 4), 0);
	assert_err(handoff_seal(big, bufsize), HANDOFF_ERR_TOOBIG);
	assert_err(handoff_check_full(big, bufsize), HANDOFF_ERR_TOOBIG);
	free(big);
	/* The bound is checked before the buffer size is trusted. */
	put_be32(bb.b, offsetof(struct fdt_header, totalsize), 0xffffffff);
	assert_err(handoff_check_full(bb.b, sizeof(bb.b)), HANDOFF_ERR_TOOBIG);
	assert_err(handoff_check_header(bb.b, sizeof(bb.b)),
		   HANDOFF_ERR_TOOBIG);
}

static void test_misaligned(void **state)
{
	static const size_t shifts[] = { 1, 2, 4 };
	union blob_buf bb;
	unsigned char *at;
	size_t i, size;

	(void)state;
	for (i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++) {
		size = (size_t)full_blob(&bb);
		at = bb.b + shifts[i];
		memmove(at, bb.b, size);
		assert_err(handoff_check_header(at, size),
			   HANDOFF_ERR_BADVALUE);
		assert_err(handoff_check_full(at, size), HANDOFF_ERR_BADVALUE);
		assert_err(handoff_seal(at, size), HANDOFF_ERR_BADVALUE);
	}
}

/*
 * fdt_setprop() inserts a new property first in its node: a naive editor
 * adding a root property displaces the CRC, and neither handoff_seal()
 * nor the reader goes looking for it elsewhere.
 */
static void test_crc_not_first(void **state)
{
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	assert_int_equal(fdt_setprop_u32(rw.b, 0, "x-first", 1), 0);
	assert_err(handoff_seal(rw.b, sizeof(rw.b)), HANDOFF_ERR_CHECKSUM);
	assert_err(handoff_check_full(rw.b, sizeof(rw.b)),
		   HANDOFF_ERR_CHECKSUM);
}

static void test_crc_malformed(void **state)
{
	static const uint8_t wide[8];
	union blob_buf rw;

	(void)state;
	full_rw(&rw);
	assert_int_equal(fdt_setprop(rw.b, 0, "crc32c", wide, 8), 0);
	assert_err(handoff_seal(rw.b, sizeof(rw.b)), HANDOFF_ERR_CHECKSUM);
	assert_err(handoff_check_full(rw.b, sizeof(rw.b)),
		   HANDOFF_ERR_CHECKSUM);

	full_rw(&rw);
	assert_int_equal(fdt_delprop(rw.b, 0, "crc32c"), 0);
	assert_err(handoff_seal(rw.b, sizeof(rw.b)), HANDOFF_ERR_CHECKSUM);
	assert_err(handoff_check_full(rw.b, sizeof(rw.b)),
		   HANDOFF_ERR_CHECKSUM);
	/* Right place and size, wrong name. */
	assert_int_equal(fdt_setprop_u32(rw.b, 0, "crc32d", 0), 0);
	assert_err(handoff_seal(rw.b, sizeof(rw.b)), HANDOFF_ERR_CHECKSUM);
	assert_err(handoff_check_full(rw.b, sizeof(rw.b)),
		   HANDOFF_ERR_CHECKSUM);
}

/* Offset of the first tag of kind @tag in the structure block. */
static int find_tag(const void *blob, uint32_t tag)
{
	int off = 0, next;

	while (fdt_next_tag(blob, off, &next) != tag) {
		assert_true(next > off);
		off = next;
	}
	return off;
}

/* Likewise at @off within the structure block. */
static void put_struct_be32(union blob_buf *bb, int off, uint32_t val)
{
	put_be32(bb->b, fdt_off_dt_struct(bb->b) + (size_t)off, val);
}

/*
 * Broken after sealing, so the CRC matches and libfdt's check is what
 * must catch it.
 */
static void test_bad_structure(void **state)
{
	union blob_buf bb;

	(void)state;
	full_blob(&bb);
	put_struct_be32(&bb, find_tag(bb.b, FDT_END_NODE), FDT_NOP);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);

	full_blob(&bb);
	put_struct_be32(&bb, find_tag(bb.b, FDT_END), 0x0badc0de);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);

	full_blob(&bb);
	put_struct_be32(&bb, find_tag(bb.b, FDT_END), FDT_BEGIN_NODE);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);

	full_blob(&bb);
	put_be32(bb.b, offsetof(struct fdt_header, last_comp_version), 99);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);
}

/* A property name outside the strings block. */
static void test_bad_name_offset(void **state)
{
	union blob_buf bb;
	int off;

	(void)state;
	full_blob(&bb);
	off = fdt_first_property_offset(bb.b, node_at(bb.b, "/store"));
	assert_true(off >= 0);
	put_struct_be32(&bb, off + 8, fdt_size_dt_strings(bb.b) + 100);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);
}

/*
 * A length that wraps the offset back onto its own tag: libfdt before
 * 1.7.0 walks such a blob forever, so this must be refused (and a
 * regression shows as this test timing out).
 */
static void test_wrapping_length(void **state)
{
	static const uint32_t lens[] = { 0xfffffff4, 0xfffffff0, 0x7fffffff };
	union blob_buf bb;
	size_t i;
	int off;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		full_blob(&bb);
		off = fdt_first_property_offset(bb.b, 0);
		off = fdt_next_property_offset(bb.b, off);
		assert_true(off > 0);
		put_struct_be32(&bb, off + 4, lens[i]);
		assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);
	}
}

/*
 * Readers never look at memory reservations, but dtc and fdtdump walk
 * them to their terminating entry, which must lie inside the blob.
 */
static void test_reservations_unterminated(void **state)
{
	union blob_buf bb;
	int size;

	(void)state;
	size = full_blob(&bb);
	put_be32(bb.b, offsetof(struct fdt_header, off_mem_rsvmap),
		 (uint32_t)size - 8);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);
}

/*
 * Reservation entries are two 64-bit cells that libfdt reads in place:
 * a map at an offset that is not a multiple of 8 is refused before
 * anything walks it (UBSan found libfdt forming misaligned pointers).
 */
static void test_reservations_misaligned(void **state)
{
	union blob_buf bb;
	uint32_t off;

	(void)state;
	full_blob(&bb);
	off = fdt_off_mem_rsvmap(bb.b);
	put_be32(bb.b, offsetof(struct fdt_header, off_mem_rsvmap), off + 4);
	assert_err(reseal_check(&bb), HANDOFF_ERR_BADSTRUCTURE);
}

/*
 * Chain @levels unknown nodes below the root of the full fixture, laid
 * out in @buf (@bufsize bytes), and seal it.
 */
static void nest(unsigned char *buf, size_t bufsize, int levels)
{
	union blob_buf bb;
	int node = 0;

	full_blob(&bb);
	assert_int_equal(fdt_open_into(bb.b, buf, (int)bufsize), 0);
	while (levels--) {
		node = fdt_add_subnode(buf, node, "x");
		assert_true(node > 0);
	}
	assert_int_equal(fdt_pack(buf), 0);
	assert_int_equal(handoff_seal(buf, bufsize), 0);
}

/*
 * Nesting is bounded, the root counting as one level: a 20,000 deep tree
 * fits in the size bound, and tools that walk the tree (show --dts) would
 * follow it all the way down.
 */
static void test_too_deep(void **state)
{
	size_t bufsize = HANDOFF_MAX_SIZE;
	unsigned char *big = aligned_alloc(8, bufsize);

	(void)state;
	assert_non_null(big);
	nest(big, bufsize, HANDOFF_MAX_DEPTH - 1);
	assert_true(handoff_check_full(big, bufsize) > 0);
	nest(big, bufsize, HANDOFF_MAX_DEPTH);
	assert_err(handoff_check_full(big, bufsize), HANDOFF_ERR_BADSTRUCTURE);
	nest(big, bufsize, 20000);
	assert_true(fdt_totalsize(big) > 240000);
	assert_err(handoff_check_full(big, bufsize), HANDOFF_ERR_BADSTRUCTURE);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_every_bit_flip),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_crc_not_first),
		cmocka_unit_test(test_crc_malformed),
		cmocka_unit_test(test_bad_structure),
		cmocka_unit_test(test_bad_name_offset),
		cmocka_unit_test(test_wrapping_length),
		cmocka_unit_test(test_reservations_unterminated),
		cmocka_unit_test(test_reservations_misaligned),
		cmocka_unit_test(test_too_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
