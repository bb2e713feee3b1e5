// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_precopy.c - when pre-copy goes on, stops or gives up, and the chain
 * of rounds as the store carries it and the new system links it again
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_root.h"
#include "precopy.h"

#define MIB (1ull << 20)

static enum kh_precopy_step after(const unsigned long long *w, int n)
{
	return kh_precopy_next(w, n);
}

static void next_step(void **state)
{
	const unsigned long long quiet[] = { 64 * MIB, 4 * MIB, 1 * MIB };
	const unsigned long long busy[] = { 64 * MIB, 40 * MIB };
	const unsigned long long slow[] = { 64 * MIB, 20 * MIB, 16 * MIB };
	const unsigned long long tiny[] = { MIB / 2 };
	const unsigned long long steady[] = { 64 * MIB, 16 * MIB, 7 * MIB,
					      3 * MIB, 3 * MIB / 2,
					      3 * MIB / 2 - 1 };

	(void)state;
	assert_int_equal(after(quiet, 1), KH_PRECOPY_AGAIN);
	assert_int_equal(after(quiet, 2), KH_PRECOPY_AGAIN);
	/* Little enough left for the freeze. */
	assert_int_equal(after(quiet, 3), KH_PRECOPY_DONE);
	/* A job rewriting more than half of its memory per round. */
	assert_int_equal(after(busy, 2), KH_PRECOPY_GIVE_UP);
	/* Shrinking by less than half: as far as it converges. */
	assert_int_equal(after(slow, 2), KH_PRECOPY_AGAIN);
	assert_int_equal(after(slow, 3), KH_PRECOPY_DONE);
	assert_int_equal(after(tiny, 1), KH_PRECOPY_DONE);
	/* Bounded, converging or not. */
	assert_int_equal(after(steady, 5), KH_PRECOPY_AGAIN);
	assert_int_equal(after(steady, KH_PRECOPY_MAX_ROUNDS), KH_PRECOPY_DONE);
}

static char dir[] = "/tmp/kh-precopy-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/kh-precopy-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fake_root_remove(dir);
	return 0;
}

static void link_text(const char *rel, const char *want)
{
	char path[PATH_MAX], got[64];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	n = readlink(path, got, sizeof(got) - 1);
	assert_true(n > 0);
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void links_rounds(void **state)
{
	struct kh_ctx ctx;
	char path[PATH_MAX];
	struct stat st;

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	/* No rounds (no pre-copy): nothing is made. */
	fake_root_put(dir, "group-0/pages-1.img", "x");
	snprintf(path, sizeof(path), "%s/group-0", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), 0);
	snprintf(path, sizeof(path), "%s/group-0/parent", dir);
	assert_int_equal(lstat(path, &st), -1);

	fake_root_put(dir, "group-1/pages-1.img", "x");
	fake_root_put(dir, "group-1/pre-1/pages-1.img", "x");
	fake_root_put(dir, "group-1/pre-2/pages-1.img", "x");
	fake_root_put(dir, "group-1/pre-3/pages-1.img", "x");
	/* The old system's link, as CRIU left it: replaced. */
	snprintf(path, sizeof(path), "%s/group-1/parent", dir);
	assert_int_equal(symlink("../precopy-1/pre-3", path), 0);
	snprintf(path, sizeof(path), "%s/group-1", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), 0);
	link_text("group-1/parent", "pre-3");
	link_text("group-1/pre-3/parent", "../pre-2");
	link_text("group-1/pre-2/parent", "../pre-1");
	snprintf(path, sizeof(path), "%s/group-1/pre-1/parent", dir);
	assert_int_equal(lstat(path, &st), -1);
	/* Twice is the same. */
	snprintf(path, sizeof(path), "%s/group-1", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), 0);
	link_text("group-1/parent", "pre-3");
}

static void refuses_broken_chains(void **state)
{
	struct kh_ctx ctx;
	char path[PATH_MAX];

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	/* A gap: CRIU would look for pages below it in vain. */
	fake_root_put(dir, "gap/pre-1/pages-1.img", "x");
	fake_root_put(dir, "gap/pre-3/pages-1.img", "x");
	snprintf(path, sizeof(path), "%s/gap", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), -EINVAL);
	assert_non_null(strstr(ctx.err, "gap/pre-3: not a pre-copy round after pre-1"));

	/* A regular file where a link goes is an image, never replaced. */
	fake_root_put(dir, "file/pre-1/pages-1.img", "x");
	fake_root_put(dir, "file/parent", "not a link");
	snprintf(path, sizeof(path), "%s/file", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), -EEXIST);
	assert_non_null(strstr(ctx.err, "file/parent: in the way"));

	/* A round that is a file, not a directory. */
	fake_root_put(dir, "flat/pre-1", "x");
	snprintf(path, sizeof(path), "%s/flat", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), -EINVAL);

	/* More rounds than are ever made. */
	fake_root_put(dir, "long/pre-1/a", "x");
	fake_root_put(dir, "long/pre-2/a", "x");
	fake_root_put(dir, "long/pre-3/a", "x");
	fake_root_put(dir, "long/pre-4/a", "x");
	fake_root_put(dir, "long/pre-5/a", "x");
	fake_root_put(dir, "long/pre-6/a", "x");
	fake_root_put(dir, "long/pre-7/a", "x");
	snprintf(path, sizeof(path), "%s/long", dir);
	assert_int_equal(kh_precopy_link(&ctx, path), -EINVAL);
}

static void lists_and_counts_rounds(void **state)
{
	struct kh_image_set s = { 0 };
	unsigned long long bytes;
	struct kh_ctx ctx;
	char path[PATH_MAX], parent[64];

	(void)state;
	assert_int_equal(kh_ctx_init(&ctx), 0);
	fake_root_put(dir, "precopy-2/pre-1/pages-1.img", "12345678");
	fake_root_put(dir, "precopy-2/pre-1/pagemap-1.img", "abc");
	fake_root_put(dir, "precopy-2/pre-2/pages-1.img", "1234");
	fake_root_put(dir, "precopy-2/pre-2/pages-2.img", "12");
	snprintf(path, sizeof(path), "%s/precopy-2/pre-2/parent", dir);
	assert_int_equal(symlink("../pre-1", path), 0);

	snprintf(path, sizeof(path), "%s/precopy-2/pre-2", dir);
	assert_int_equal(kh_precopy_written(&ctx, path, &bytes), 0);
	assert_true(bytes == 6);
	snprintf(path, sizeof(path), "%s/precopy-2/pre-1", dir);
	assert_int_equal(kh_precopy_written(&ctx, path, &bytes), 0);
	assert_true(bytes == 8);

	snprintf(path, sizeof(path), "%s/precopy-2", dir);
	assert_int_equal(kh_precopy_list(&ctx, &s, 1, path, 2), 0);
	/* Files only: the links are made again in the new system. */
	assert_int_equal(s.n, 4);
	assert_string_equal(s.v[0].name, "pre-1/pagemap-1.img");
	assert_string_equal(s.v[1].name, "pre-1/pages-1.img");
	assert_string_equal(s.v[2].name, "pre-2/pages-1.img");
	assert_string_equal(s.v[3].name, "pre-2/pages-2.img");
	assert_true(s.v[3].group == 1 && s.v[3].size == 2);
	assert_int_equal(kh_precopy_list(&ctx, &s, 1, path, 3), -ENOENT);
	kh_images_free(&s);

	assert_int_equal(kh_precopy_parent(parent, sizeof(parent), path, 2), 0);
	assert_string_equal(parent, "../precopy-2/pre-2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(next_step),
		cmocka_unit_test_setup_teardown(links_rounds, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_broken_chains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(lists_and_counts_rounds, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
