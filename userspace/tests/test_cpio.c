// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_cpio.c - the newc writer and reader
 *
 * Layout checks read headers with their own small hex reader, not with
 * kh_cpio_parse(), so a mistake shared by writer and reader still shows.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cpio_newc.h"
#include "handoff.h"

/* The 13 fields after the magic, in header order. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_MAJ,
	F_MIN, F_RMAJ, F_RMIN, F_NAMESIZE, F_CHECK, F_COUNT
};

static uint32_t field(const unsigned char *hdr, int i)
{
	char s[9];

	memcpy(s, hdr + 6 + 8 * i, 8);
	s[8] = '\0';
	return (uint32_t)strtoul(s, NULL, 16);
}

static size_t up(size_t n, size_t align)
{
	return (n + align - 1) / align * align;
}

static void assert_zero(const unsigned char *p, size_t n)
{
	while (n--)
		assert_int_equal(*p++, 0);
}

/* Check the entry at @off and return the offset of the next one. */
static size_t check_entry(const unsigned char *a, size_t off, const char *name,
			  uint32_t mode, uint32_t nlink, const void *data,
			  size_t len)
{
	const unsigned char *h = a + off;
	size_t nameend = off + KH_CPIO_HDR_LEN + strlen(name) + 1;
	size_t dataoff = up(nameend, 4);
	int i;

	assert_int_equal(off % 4, 0);
	assert_memory_equal(h, "070701", 6);
	assert_int_equal(field(h, F_MODE), mode);
	assert_int_equal(field(h, F_NLINK), nlink);
	assert_int_equal(field(h, F_FILESIZE), len);
	assert_int_equal(field(h, F_NAMESIZE), strlen(name) + 1);
	for (i = F_UID; i < F_COUNT; i++)
		if (i != F_NLINK && i != F_FILESIZE && i != F_NAMESIZE)
			assert_int_equal(field(h, i), 0);
	assert_string_equal((const char *)h + KH_CPIO_HDR_LEN, name);
	assert_zero(a + nameend, dataoff - nameend);
	if (len)
		assert_memory_equal(a + dataoff, data, len);
	assert_zero(a + dataoff + len, up(dataoff + len, 4) - dataoff - len);
	return up(dataoff + len, 4);
}

static void test_handoff_layout(void **state)
{
	static const char first[] = "070701" "00000001" "000041ED" "00000000"
		"00000000" "00000002" "00000000" "00000000" "00000000"
		"00000000" "00000000" "00000000" "00000007" "00000000" "kernel";
	unsigned char blob[37], a[2048];
	struct kh_cpio c;
	size_t off;

	(void)state;
	memset(blob, 0x5a, sizeof(blob));
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, blob, sizeof(blob)), 0);
	assert_int_equal(c.len, 1024);
	assert_memory_equal(a, first, sizeof(first));
	off = check_entry(a, 0, "kernel", 040755, 2, NULL, 0);
	assert_int_equal(field(a + off, F_INO), 2);
	off = check_entry(a, off, "kernel/handoff", 040755, 2, NULL, 0);
	assert_int_equal(field(a + off, F_INO), 3);
	/* The data offset the kernel's lookup finds, worked out by hand. */
	assert_memory_equal(a + 388, blob, sizeof(blob));
	off = check_entry(a, off, HANDOFF_CPIO_PATH, 0100644, 1, blob,
			  sizeof(blob));
	assert_int_equal(field(a + off, F_INO), 0);
	off = check_entry(a, off, KH_CPIO_TRAILER, 0, 1, NULL, 0);
	assert_zero(a + off, c.len - off);
}

/* Every header and every data start is 4-byte aligned, padding is NUL. */
static void test_alignment(void **state)
{
	static const char *const names[] = { "a", "ab", "abc", "abcd", "a/bcde" };
	static unsigned char a[16384];
	unsigned char data[9] = "123456789";
	struct kh_cpio c;
	size_t off = 0;
	int i, len;

	(void)state;
	kh_cpio_init(&c, a, sizeof(a));
	for (i = 0; i < 5; i++)
		for (len = 0; len <= 9; len++)
			assert_int_equal(kh_cpio_add_file(&c, names[i], 0600,
							  data, len), 0);
	assert_int_equal(kh_cpio_finish(&c), 0);
	assert_int_equal(c.len % KH_CPIO_BLOCK, 0);
	for (i = 0; i < 5; i++)
		for (len = 0; len <= 9; len++)
			off = check_entry(a, off, names[i], 0100600, 1, data,
					  len);
	off = check_entry(a, off, KH_CPIO_TRAILER, 0, 1, NULL, 0);
	assert_zero(a + off, c.len - off);
}

static size_t flatten(const struct kh_part *parts, int n, unsigned char *out)
{
	size_t len = 0;
	int i;

	for (i = 0; i < n; i++) {
		memcpy(out + len, parts[i].data, parts[i].len);
		len += parts[i].len;
	}
	return len;
}

static void test_reproducible(void **state)
{
	unsigned char blob[1001], a[2048], b[2048], head[KH_CPIO_HANDOFF_OVERHEAD];
	unsigned char flat[2048];
	struct kh_part parts[4];
	struct kh_cpio c;
	int i;

	(void)state;
	for (i = 0; i < (int)sizeof(blob); i++)
		blob[i] = (unsigned char)(i * 7);
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, blob, sizeof(blob)), 0);
	kh_cpio_init(&c, b, sizeof(b));
	assert_int_equal(kh_cpio_handoff(&c, blob, sizeof(blob)), 0);
	assert_memory_equal(a, b, c.len);

	/* Parts mode: same bytes, and the blob is referenced, not copied. */
	kh_cpio_init_parts(&c, head, sizeof(head), parts, 4);
	assert_int_equal(kh_cpio_handoff(&c, blob, sizeof(blob)), 0);
	assert_int_equal(c.nparts, 3);
	assert_ptr_equal(parts[1].data, blob);
	assert_int_equal(flatten(parts, c.nparts, flat), c.len);
	assert_int_equal(c.len, 1536);
	assert_memory_equal(flat, a, c.len);
}

/* The overhead constant covers every blob length, in both modes. */
static void test_handoff_overhead(void **state)
{
	static unsigned char blob[1100], a[1100 + KH_CPIO_HANDOFF_OVERHEAD];
	unsigned char head[KH_CPIO_HANDOFF_OVERHEAD];
	struct kh_part parts[4];
	struct kh_cpio c;
	size_t len;

	(void)state;
	for (len = 1; len <= sizeof(blob); len++) {
		kh_cpio_init(&c, a, len + KH_CPIO_HANDOFF_OVERHEAD);
		assert_int_equal(kh_cpio_handoff(&c, blob, len), 0);
		assert_int_equal(c.len, 512 + up(len, 512));
		kh_cpio_init_parts(&c, head, sizeof(head), parts, 4);
		assert_int_equal(kh_cpio_handoff(&c, blob, len), 0);
	}
}

static void test_bad_arguments(void **state)
{
	static const char *const bad[] = {
		"", "/abs", "a//b", "a/", "./a", "a/./b", "..", "a/..", NULL,
	};
	unsigned char a[512], before[512];
	char *longname;
	struct kh_cpio c;
	int i;

	(void)state;
	memset(a, 0xaa, sizeof(a));
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_add_dir(&c, "d", 0755), 0);
	memcpy(before, a, sizeof(a));
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		assert_int_equal(kh_cpio_add_dir(&c, bad[i], 0755), -EINVAL);
		assert_int_equal(kh_cpio_add_file(&c, bad[i], 0644, "x", 1),
				 -EINVAL);
	}
	assert_int_equal(kh_cpio_add_dir(&c, "d2", 010000), -EINVAL);
	assert_int_equal(kh_cpio_add_file(&c, "f", 0644, NULL, 1), -EINVAL);
	longname = malloc(KH_CPIO_NAME_MAX + 2);
	assert_non_null(longname);
	memset(longname, 'n', KH_CPIO_NAME_MAX + 1);
	longname[KH_CPIO_NAME_MAX + 1] = '\0';
	assert_int_equal(kh_cpio_add_file(&c, longname, 0644, "x", 1), -EINVAL);
	free(longname);
	assert_int_equal(c.len, 112);	/* 110 + "d" */
	assert_memory_equal(a, before, sizeof(a));
	/* A name that merely contains dots is fine. */
	assert_int_equal(kh_cpio_add_file(&c, "d/.x..y", 0644, "x", 1), 0);
}

/* A file that does not fit leaves the whole buffer untouched. */
static void test_nospace_buffer(void **state)
{
	unsigned char a[256], before[256];
	struct kh_cpio c;
	size_t size, need = 116 + 8;	/* "file": 115 -> 116, 5 -> 8 */

	(void)state;
	for (size = 0; size <= need; size++) {
		memset(a, 0xaa, sizeof(a));
		memcpy(before, a, sizeof(a));
		kh_cpio_init(&c, a, size);
		if (size < need) {
			assert_int_equal(kh_cpio_add_file(&c, "file", 0644,
							  "12345", 5), -ENOSPC);
			assert_int_equal(c.len, 0);
			assert_memory_equal(a, before, sizeof(a));
		} else {
			assert_int_equal(kh_cpio_add_file(&c, "file", 0644,
							  "12345", 5), 0);
			assert_int_equal(c.len, need);
		}
	}
	/* The trailer and block padding need their room too. */
	assert_int_equal(kh_cpio_finish(&c), -ENOSPC);
	assert_int_equal(c.len, need);
}

static void test_nospace_parts(void **state)
{
	unsigned char head[512];
	struct kh_part parts[3];
	struct kh_cpio c;
	int max;

	(void)state;
	for (max = 0; max < 3; max++) {
		kh_cpio_init_parts(&c, head, sizeof(head), parts, max);
		assert_int_equal(kh_cpio_add_file(&c, "f", 0644, "12345", 5),
				 -ENOSPC);
		assert_int_equal(c.nparts, 0);
		assert_int_equal(c.len, 0);
	}
	kh_cpio_init_parts(&c, head, sizeof(head), parts, 3);
	assert_int_equal(kh_cpio_add_file(&c, "f", 0644, "12345", 5), 0);
	assert_int_equal(c.nparts, 3);
	/* The trailer joins the padding part: no fourth part needed. */
	assert_int_equal(kh_cpio_finish(&c), 0);
	assert_int_equal(c.nparts, 3);
	assert_int_equal(c.len % KH_CPIO_BLOCK, 0);
}

static void test_finished(void **state)
{
	unsigned char a[1024];
	struct kh_cpio c;
	size_t len;

	(void)state;
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_finish(&c), 0);
	/* An empty archive is just the trailer, padded to a block. */
	assert_int_equal(c.len, KH_CPIO_BLOCK);
	check_entry(a, 0, KH_CPIO_TRAILER, 0, 1, NULL, 0);
	len = c.len;
	assert_int_equal(kh_cpio_add_dir(&c, "d", 0755), -EBADFD);
	assert_int_equal(kh_cpio_add_file(&c, "f", 0644, "x", 1), -EBADFD);
	assert_int_equal(kh_cpio_finish(&c), -EBADFD);
	assert_int_equal(c.len, len);
}

static void test_file_too_big(void **state)
{
	unsigned char head[512];
	struct kh_part parts[3];
	struct kh_cpio c;

	(void)state;
	if (SIZE_MAX <= KH_CPIO_FILE_MAX)
		skip();	/* a size_t cannot say "too big" here */
	kh_cpio_init_parts(&c, head, sizeof(head), parts, 3);
	/* Never read: the size is refused before anything is written. */
	assert_int_equal(kh_cpio_add_file(&c, "f", 0644, head,
					  (size_t)KH_CPIO_FILE_MAX + 1), -EFBIG);
	assert_int_equal(c.len, 0);
	assert_int_equal(c.nparts, 0);
}

static void set_field(char *hdr, int i, const char *hex)
{
	memcpy(hdr + 6 + 8 * i, hex, 8);
}

static void test_parse(void **state)
{
	struct kh_cpio_entry e;
	unsigned char a[1024];
	struct kh_cpio c;
	char h[114];

	(void)state;
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_add_file(&c, "abc", 0640, "hello", 5), 0);
	assert_int_equal(kh_cpio_parse(a, c.len, &e), 0);
	assert_int_equal(e.ino, 1);
	assert_int_equal(e.mode, S_IFREG | 0640);
	assert_int_equal(e.nlink, 1);
	assert_int_equal(e.filesize, 5);
	assert_int_equal(e.namesize, 4);
	assert_string_equal(e.name, "abc");
	assert_int_equal(e.data, 116);	/* 110 + 4 */
	assert_int_equal(e.next, 124);	/* 116 + 5, aligned */
	assert_int_equal(kh_cpio_parse(a, 109, &e), -ENODATA);
	assert_int_equal(kh_cpio_parse(a, 113, &e), -ENODATA);
	assert_int_equal(kh_cpio_parse(a, 114, &e), 0);

	memcpy(h, a, sizeof(h));
	set_field(h, F_MODE, "000081a0");	/* lower case, as the kernel allows */
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), 0);
	assert_int_equal(e.mode, S_IFREG | 0640);
	memcpy(h, "070702", 6);			/* the "crc" variant */
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), 0);
	memcpy(h, "070707", 6);			/* old portable format */
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), -EINVAL);
	memcpy(h, "070701", 6);
	set_field(h, F_FILESIZE, "0000000g");
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), -EINVAL);
	set_field(h, F_FILESIZE, "00000005");
	h[113] = 'x';
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), -EBADMSG);
	set_field(h, F_NAMESIZE, "00000000");
	assert_int_equal(kh_cpio_parse(h, sizeof(h), &e), -EBADMSG);
}

/*
 * A second archive written later (process images) and concatenated reads
 * back, entry by entry, across the padding between the two.
 */
static void test_append_archive(void **state)
{
	static const char *const names[] = {
		"kernel", "kernel/handoff", HANDOFF_CPIO_PATH, KH_CPIO_TRAILER,
		"images", "images/a.img", "images/b.img", "images/empty",
		KH_CPIO_TRAILER,
	};
	static unsigned char img[1000], a[8192];
	struct kh_cpio_entry e;
	struct kh_cpio c;
	size_t first, end, off = 0;
	int i = 0;

	(void)state;
	memset(img, 0x33, sizeof(img));
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, "blob", 4), 0);
	first = c.len;
	kh_cpio_init(&c, a + first, sizeof(a) - first);
	assert_int_equal(kh_cpio_add_dir(&c, "images", 0700), 0);
	assert_int_equal(kh_cpio_add_file(&c, "images/a.img", 0600, img,
					  sizeof(img)), 0);
	assert_int_equal(kh_cpio_add_file(&c, "images/b.img", 0600, "xyz", 3),
			 0);
	assert_int_equal(kh_cpio_add_file(&c, "images/empty", 0600, NULL, 0),
			 0);
	assert_int_equal(kh_cpio_finish(&c), 0);
	assert_int_equal(c.len % KH_CPIO_BLOCK, 0);
	end = first + c.len;
	while (off < end) {
		if (!a[off]) {
			off += 4;
			continue;
		}
		assert_true(i < 9);
		assert_int_equal(kh_cpio_parse(a + off, end - off, &e), 0);
		assert_string_equal(e.name, names[i]);
		if (i == 4)	/* inode numbers restart per archive */
			assert_int_equal(e.ino, 1);
		if (i == 5)
			assert_memory_equal(a + off + e.data, img, sizeof(img));
		if (i == 6)
			assert_memory_equal(a + off + e.data, "xyz", 3);
		off += e.next;
		i++;
	}
	assert_int_equal(i, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handoff_layout),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_handoff_overhead),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_nospace_buffer),
		cmocka_unit_test(test_nospace_parts),
		cmocka_unit_test(test_finished),
		cmocka_unit_test(test_file_too_big),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_append_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
