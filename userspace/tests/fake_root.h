/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake_root.h - files of a fake root (/proc, /sys) for the unit tests
 *
 * Include after <cmocka.h>: a file that cannot be written fails the test.
 */
#ifndef KH_TEST_FAKE_ROOT_H
#define KH_TEST_FAKE_ROOT_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* Make @root/@rel hold @text, with the directories above it. */
static inline void fake_root_put(const char *root, const char *rel,
				 const char *text)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];
	FILE *fp;

	assert_true(snprintf(path, sizeof(path), "%s/%s", root, rel) <
		    (int)sizeof(path));
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Remove @root and everything in it. */
static inline void fake_root_remove(const char *root)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

#endif /* KH_TEST_FAKE_ROOT_H */
