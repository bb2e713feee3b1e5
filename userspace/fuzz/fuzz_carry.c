// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_carry.c - libFuzzer target for the carried-files manifest
 *
 * restore reads a group's "carried-files" image from the store and, as
 * root, recreates each file it lists from the image "root/<path>". The
 * input is that manifest, written into a group directory that holds three
 * carried files; kh_carry_put_back() then runs against a fake root that
 * already holds one of them and says which mounts are volatile. Beyond
 * not crashing:
 *  - nothing appears outside the fake root, the group directory is left
 *    as it was, and nothing under the root is a symlink;
 *  - every file under the fake root is the one that was there or a copy
 *    of the carried file at the same path: restore writes nothing else;
 *  - when it succeeds, every path the manifest names is there.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carry.h"
#include "kh_fuzz.h"

static const struct {
	const char *path, *text;
} carried[] = {
	{ "/tmp/app.log", "started\nworking\n" },
	{ "/dev/shm/app/state", "step 41 of 100\n" },
	{ "/run/app.pid", "4242\n" },
};

#define PRESENT	"/run/app.pid"	/* already in the new system, same bytes */
#define MOUNTINFO	"/proc/self/mountinfo"	/* the new system's mounts */

static char group_dir[PATH_MAX], root[PATH_MAX];
static int nentries;		/* below the scratch directory */
static const char *walk_root;	/* for check_entry_() */

static void put_(const char *top, const char *path, const char *text)
{
	char full[PATH_MAX];
	struct kh_ctx ctx;

	fuzz_ctx(&ctx, NULL);
	snprintf(full, sizeof(full), "%s%s", top, path);
	require(kh_mkdir_parents(&ctx, full, 0755) == 0);
	fuzz_write(full, text, strlen(text));
}

static void setup_once_(void)
{
	char prefix[PATH_MAX];
	size_t i;

	snprintf(group_dir, sizeof(group_dir), "%s", fuzz_path(0, "group-0"));
	snprintf(root, sizeof(root), "%s", fuzz_path(1, "root"));
	snprintf(prefix, sizeof(prefix), "%s/%s", group_dir, KH_CARRY_PREFIX);
	for (i = 0; i < sizeof(carried) / sizeof(carried[0]); i++)
		put_(prefix, carried[i].path, carried[i].text);
}

/* The new system before restore: one carried file there already, and
 * its mounts. Restore puts files back only below volatile mounts: /tmp
 * and /run are, the rest (/var, say) is not, so both answers are
 * reachable. */
static void fresh_root_(void)
{
	kh_remove_tree(root);
	put_(root, PRESENT, "4242\n");
	put_(root, MOUNTINFO,
	     "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
	     "2 1 0:21 / /tmp rw - tmpfs tmpfs rw\n"
	     "3 1 0:22 / /run rw - tmpfs tmpfs rw\n"
	     "4 1 0:23 / /dev/shm rw - tmpfs tmpfs rw\n");
}

static int count_(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)path, (void)st, (void)flag, (void)ftw;
	nentries++;
	return 0;
}

static int tree_size_(void)
{
	nentries = 0;
	require(nftw(fuzz_scratch(), count_, 16, FTW_PHYS) == 0);
	return nentries;
}

/* The carried file at @rel (relative to the root), or NULL. */
static const char *carried_text_(const char *rel)
{
	char src[PATH_MAX];
	struct stat a, b;
	size_t i;

	snprintf(src, sizeof(src), "%s/%s/%s", group_dir, KH_CARRY_PREFIX, rel);
	if (stat(src, &a))
		return NULL;
	for (i = 0; i < sizeof(carried) / sizeof(carried[0]); i++) {
		snprintf(src, sizeof(src), "%s/%s%s", group_dir,
			 KH_CARRY_PREFIX, carried[i].path);
		if (!stat(src, &b) && a.st_ino == b.st_ino)
			return carried[i].text;
	}
	return NULL;
}

static int check_entry_(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	const char *rel = path + strlen(walk_root), *text;
	struct kh_ctx ctx;
	size_t len;
	char *got;

	(void)ftw;
	require(flag != FTW_SL && !S_ISLNK(st->st_mode));
	if (!S_ISREG(st->st_mode) || !strcmp(rel, MOUNTINFO))
		return 0;
	text = carried_text_(rel + 1);
	require(text != NULL);
	fuzz_ctx(&ctx, NULL);
	require(kh_read_file(&ctx, path, 1 << 16, (void **)&got, &len) == 0);
	require(len == strlen(text) && !memcmp(got, text, len));
	free(got);
	return 0;
}

/* The manifest's paths, as restore reads them, all there. */
static void check_listed_(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL;
	char path[PATH_MAX], full[PATH_MAX];
	unsigned int mode, uid, gid;
	struct stat st;

	require(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		require(sscanf(line, "%o %u %u %4095[^\n]", &mode, &uid, &gid,
			       path) == 4);
		snprintf(full, sizeof(full), "%s%s", root, path);
		require(stat(full, &st) == 0 && S_ISREG(st.st_mode));
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int before;
	char manifest[PATH_MAX];
	struct kh_ctx ctx;
	int err;

	if (!group_dir[0])
		setup_once_();
	snprintf(manifest, sizeof(manifest), "%s/%s", group_dir,
		 KH_CARRY_MANIFEST);
	fuzz_write(manifest, data, size);
	fresh_root_();
	if (!before)
		before = tree_size_();
	fuzz_ctx(&ctx, root);
	err = kh_carry_put_back(&ctx, group_dir);
	require(err <= 0 && (!err || ctx.err[0]));
	walk_root = root;
	require(nftw(root, check_entry_, 16, FTW_PHYS) == 0);
	if (!err)
		check_listed_(data, size);
	/* Only the root can have grown: the rest is as set up. */
	fresh_root_();
	require(tree_size_() == before);
	return 0;
}
