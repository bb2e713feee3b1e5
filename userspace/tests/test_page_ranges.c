// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_page_ranges.c - the page-ranges image: which images it covers, what
 * the dump writes, and what restore accepts
 *
 * "test_page_ranges --write DIR" only writes DIR/page-ranges, for
 * page-check.test, which runs the page checker itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crc32c_bulk.h"
#include "fake_root.h"
#include "page_ranges.h"
#include "page_ranges_write.h"

static char dir[] = "/tmp/kh-ranges-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/kh-ranges-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fake_root_remove(dir);
	return 0;
}

static int parse(const char *text, struct kh_page_ranges *r)
{
	return kh_page_ranges_parse(text, strlen(text), r);
}

static void served_names(void **state)
{
	(void)state;
	assert_true(kh_page_ranges_served("pages-1.img"));
	assert_true(kh_page_ranges_served("pages-123.img"));
	/* Pre-copy rounds are restored before the process runs. */
	assert_false(kh_page_ranges_served("pre-1/pages-1.img"));
	assert_false(kh_page_ranges_served("pagemap-1.img"));
	assert_false(kh_page_ranges_served("pages-.img"));
	assert_false(kh_page_ranges_served("pages-1x.img"));
	assert_false(kh_page_ranges_served("pages-1.img.bak"));
	assert_false(kh_page_ranges_served(KH_PAGE_RANGES_IMAGE));
}

static void parses_and_refuses(void **state)
{
	struct kh_page_ranges r;
	static const char *const bad[] = {
		"",
		"kexec-handoff page-ranges 2 65536\n",
		"kexec-handoff page-ranges 1 1000\n",	/* not whole pages */
		"kexec-handoff page-ranges 1 65536",	/* no newline */
		"kexec-handoff page-ranges 1 65536\npages-1.img 65537 00000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 1\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 0000000g\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 000000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 00000001",
		"kexec-handoff page-ranges 1 65536\npre-1/pages-1.img 10 00000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 010 00000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 00000001\npages-1.img 10 00000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 99999999999999999999 00000001\n",
		"kexec-handoff page-ranges 1 65536\npages-1.img 10 00000001 00000002\n",
	};
	size_t i;

	(void)state;
	assert_int_equal(parse("kexec-handoff page-ranges 1 65536\n"
			       "pages-1.img 65537 0000000a deadbeef\n"
			       "pages-3.img 0\n", &r), 0);
	assert_int_equal(r.range, 65536);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].n, 2);
	assert_int_equal(r.v[0].crc[1], 0xdeadbeef);
	assert_int_equal(r.v[1].n, 0);
	assert_non_null(kh_page_ranges_find(&r, "pages-3.img"));
	assert_null(kh_page_ranges_find(&r, "pages-2.img"));
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-1.img=4096 pages-3.img=0"), 0);
	assert_int_equal(r.v[0].offset, 4096);
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-2.img=4096"), -EINVAL);
	/* Every image, or the checker would read one from the wrong place. */
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-1.img=4096"), -EINVAL);
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-1.img=1 pages-1.img=2"),
			 -EINVAL);
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-1.img="), -EINVAL);
	assert_int_equal(kh_page_ranges_offsets(&r, "pages-1.img=1x"), -EINVAL);
	kh_page_ranges_free(&r);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("bad[%zu]\n", i);
		assert_int_equal(parse(bad[i], &r), -EINVAL);
	}
}

static void put_bytes(const char *name, const unsigned char *buf, size_t len)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* What the dump writes is what restore reads, range by range. */
static void writes_what_it_reads(void **state)
{
	size_t len = 2 * KH_PAGE_RANGE + 5000, i;
	unsigned char *buf = malloc(len);
	struct kh_ctx ctx = { 0 };
	struct kh_page_ranges r;
	char path[PATH_MAX], *text;
	size_t tlen;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + i / 4096);
	put_bytes("pages-2.img", buf, len);
	put_bytes("pages-10.img", buf, KH_PAGE_RANGE);
	/* Neither is served lazily: not listed. */
	put_bytes("pagemap-2.img", buf, 10);
	assert_int_equal(mkdir(strcat(strcpy(path, dir), "/pre-1"), 0700), 0);
	put_bytes("pre-1/pages-2.img", buf, 10);

	assert_int_equal(kh_page_ranges_write(&ctx, dir), 0);
	snprintf(path, sizeof(path), "%s/" KH_PAGE_RANGES_IMAGE, dir);
	assert_int_equal(kh_read_file(&ctx, path, 1 << 20, (void **)&text, &tlen), 0);
	assert_int_equal(kh_page_ranges_parse(text, tlen, &r), 0);
	free(text);
	assert_int_equal(r.n, 2);
	/* In name order. */
	assert_string_equal(r.v[0].name, "pages-10.img");
	assert_string_equal(r.v[1].name, "pages-2.img");
	assert_int_equal(r.v[0].n, 1);
	assert_int_equal(r.v[1].n, 3);
	assert_int_equal(r.v[1].size, len);
	for (i = 0; i < 3; i++) {
		size_t n = i < 2 ? KH_PAGE_RANGE : 5000;

		assert_int_equal(r.v[1].crc[i],
				 kh_crc32c_bulk(0, buf + i * KH_PAGE_RANGE, n));
	}
	kh_page_ranges_free(&r);
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(served_names),
		cmocka_unit_test(parses_and_refuses),
		cmocka_unit_test_setup_teardown(writes_what_it_reads, setup,
						teardown),
	};

	if (argc == 3 && !strcmp(argv[1], "--write")) {
		struct kh_ctx ctx = { 0 };

		if (kh_page_ranges_write(&ctx, argv[2])) {
			fprintf(stderr, "%s\n", ctx.err);
			return 1;
		}
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
