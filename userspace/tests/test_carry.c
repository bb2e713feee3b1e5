// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_carry.c - carried files, at --exec and at restore, against fake
 * roots made here
 *
 * The round trip, then what a user who can write where the files live
 * may plant: a FIFO or a symlink swapped in for a file before --exec, a
 * symlink directory on the way at restore, manifest paths that climb or
 * leave the volatile mounts. Root must neither hang, nor read or write
 * outside the paths it was given, nor lose a setuid bit.
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
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "carry.h"
#include "image_set.h"
#include "proc_group.h"

/* Long enough for a slow sanitized run, short beside run-suite's limit:
 * a test that blocks on a FIFO dies of SIGALRM and so fails. */
#define HANG_LIMIT_S	20

static const char shadow[] = "root:$6$not-for-the-store:19000:0:99999:7:::\n";

struct fx {
	struct kh_ctx ctx;
	struct kh_group g;
	struct kh_image_set s;
	char dir[64];
	char images[128];
	char path[PATH_MAX];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/kh-carry.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->images, sizeof(f->images), "%s/img", f->dir);
	assert_int_equal(mkdir(f->images, 0700), 0);
	*state = f;
	alarm(HANG_LIMIT_S);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	alarm(0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	kh_group_free(&f->g);
	kh_images_free(&f->s);
	free(f);
	return 0;
}

static const char *at(struct fx *f, const char *rel)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, rel);
	return f->path;
}

/* mkdir -p for the directory holding @rel. */
static void parents(struct fx *f, const char *rel)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", at(f, rel));
	assert_int_equal(system(cmd), 0);
}

static void put(struct fx *f, const char *rel, const char *text)
{
	FILE *fp;

	parents(f, rel);
	fp = fopen(at(f, rel), "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void plant_link(struct fx *f, const char *rel, const char *target_rel)
{
	char target[PATH_MAX];

	snprintf(target, sizeof(target), "%s/%s", f->dir, target_rel);
	parents(f, rel);
	assert_int_equal(symlink(target, at(f, rel)), 0);
}

static void use_root(struct fx *f, const char *rel)
{
	snprintf(f->ctx.root, sizeof(f->ctx.root), "%s/%s", f->dir, rel);
	mkdir(f->ctx.root, 0755);
}

static void carry(struct fx *f, const char *path)
{
	f->g.files[f->g.nfiles] = strdup(path);
	assert_non_null(f->g.files[f->g.nfiles]);
	f->g.nfiles++;
}

/* The new system: root "new" with a disk at / and tmpfs at /dev/shm. */
static void new_system(struct fx *f)
{
	put(f, "new/proc/self/mountinfo",
	    "20 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	    "21 20 0:5 / /dev rw,nosuid - devtmpfs udev rw\n"
	    "22 21 0:6 / /dev/shm rw,nosuid,nodev - tmpfs tmpfs rw\n");
	use_root(f, "new");
}

/* A group's images as restore finds them: @manifest and one file. */
static void stored(struct fx *f, const char *manifest, const char *rel,
		   const char *text)
{
	char name[PATH_MAX];

	put(f, "img/" KH_CARRY_MANIFEST, manifest);
	snprintf(name, sizeof(name), "img/" KH_CARRY_PREFIX "%s", rel);
	put(f, name, text);
}

static void assert_content(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	assert_true(fread(buf, 1, sizeof(buf) - 1, fp) < sizeof(buf) - 1);
	fclose(fp);
	assert_string_equal(buf, text);
}

static void assert_missing(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void round_trip(void **state)
{
	struct fx *f = *state;
	char line[128];
	struct stat st;

	put(f, "old/dev/shm/app/job.log", "pass 1\npass 2\n");
	assert_int_equal(chmod(at(f, "old/dev/shm/app/job.log"), 0640), 0);
	use_root(f, "old");
	carry(f, "/dev/shm/app/job.log");
	assert_int_equal(kh_carry_add(&f->ctx, &f->g, &f->s, 3, f->images), 0);
	assert_int_equal(f->s.n, 2);
	assert_string_equal(f->s.v[0].name, "root/dev/shm/app/job.log");
	assert_string_equal(f->s.v[1].name, KH_CARRY_MANIFEST);
	/* The store reads the tool's own copy, not the user's file. */
	assert_string_equal(f->s.v[0].path,
			    at(f, "img/root/dev/shm/app/job.log"));
	assert_int_equal(f->s.v[0].size, 14);
	assert_content(f->s.v[0].path, "pass 1\npass 2\n");
	snprintf(line, sizeof(line), "640 %u %u /dev/shm/app/job.log\n",
		 (unsigned int)getuid(), (unsigned int)getgid());
	assert_content(f->s.v[1].path, line);

	/* The new system lacks it: written with its mode. */
	new_system(f);
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), 0);
	assert_int_equal(stat(at(f, "new/dev/shm/app/job.log"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_content(at(f, "new/dev/shm/app/job.log"), "pass 1\npass 2\n");
	/* Present and the same: fine. Present and different: refused. */
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), 0);
	put(f, "new/dev/shm/app/job.log", "pass 1\npass 3\n");
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EEXIST);
	assert_non_null(strstr(f->ctx.err, "/dev/shm/app/job.log exists and differs"));
	/* A bad manifest line is refused, not half obeyed. */
	put(f, "img/" KH_CARRY_MANIFEST, "644 0 0 relative/path\n");
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EINVAL);
}

/* Swapped for a FIFO after the scan: opening it by name blocks forever,
 * with the processes already dumped. */
static void fifo_swapped_in_at_exec(void **state)
{
	struct fx *f = *state;

	parents(f, "old/dev/shm/job.log");
	assert_int_equal(mkfifo(at(f, "old/dev/shm/job.log"), 0666), 0);
	use_root(f, "old");
	carry(f, "/dev/shm/job.log");
	assert_int_equal(kh_carry_add(&f->ctx, &f->g, &f->s, 0, f->images),
			 -EINVAL);
	assert_non_null(strstr(f->ctx.err, "group-0: cannot carry"));
	assert_non_null(strstr(f->ctx.err, "/dev/shm/job.log: not a regular file"));
	assert_int_equal(f->s.n, 0);
}

/* @link planted as a symlink to @target, then @path carried: refused,
 * naming @link, and nothing of the target reaches the store. */
static void refused_through_link(struct fx *f, const char *link,
				 const char *target, const char *path)
{
	char rel[256];

	put(f, "old/etc/shadow", shadow);
	snprintf(rel, sizeof(rel), "old%s", link);
	plant_link(f, rel, target);
	use_root(f, "old");
	carry(f, path);
	assert_int_equal(kh_carry_add(&f->ctx, &f->g, &f->s, 0, f->images),
			 -ELOOP);
	snprintf(rel, sizeof(rel), "%s: is a symbolic link", link);
	assert_non_null(strstr(f->ctx.err, rel));
	assert_int_equal(f->s.n, 0);
	snprintf(rel, sizeof(rel), "img/root%s", path);
	assert_missing(at(f, rel));
}

static void symlink_swapped_in_at_exec(void **state)
{
	refused_through_link(*state, "/dev/shm/job.log", "old/etc/shadow",
			     "/dev/shm/job.log");
}

/* A directory on the way swapped for a symlink is not followed either. */
static void symlink_directory_at_exec(void **state)
{
	refused_through_link(*state, "/dev/shm/app", "old/etc",
			     "/dev/shm/app/shadow");
}

/* /dev/shm/app planted as a symlink to /etc must not put the file there. */
static void symlink_directory_at_restore(void **state)
{
	struct fx *f = *state;
	char line[128];

	snprintf(line, sizeof(line), "644 %u %u /dev/shm/app/passwd\n",
		 (unsigned int)getuid(), (unsigned int)getgid());
	stored(f, line, "/dev/shm/app/passwd", "intruder::0:0::/:/bin/sh\n");
	put(f, "new/etc/group", "root:x:0:\n");
	plant_link(f, "new/dev/shm/app", "new/etc");
	new_system(f);
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -ELOOP);
	assert_non_null(strstr(f->ctx.err, "/dev/shm/app: is a symbolic link"));
	assert_missing(at(f, "new/etc/passwd"));
}

/* A FIFO where restore reads the carried file does not hang it. */
static void fifo_in_the_store(void **state)
{
	struct fx *f = *state;

	put(f, "img/" KH_CARRY_MANIFEST, "644 0 0 /dev/shm/job.log\n");
	parents(f, "img/root/dev/shm/job.log");
	assert_int_equal(mkfifo(at(f, "img/root/dev/shm/job.log"), 0600), 0);
	new_system(f);
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "not a regular file"));
	assert_missing(at(f, "new/dev/shm/job.log"));
}

/* A chown clears setuid and setgid: the mode must come after it. */
static void setuid_survives(void **state)
{
	struct fx *f = *state;
	struct stat st;

	if (geteuid())
		skip();	/* giving a file to another user takes root */
	put(f, "old/dev/shm/tool", "#!/bin/sh\n");
	assert_int_equal(chown(at(f, "old/dev/shm/tool"), 12345, 12346), 0);
	assert_int_equal(chmod(at(f, "old/dev/shm/tool"), 06755), 0);
	use_root(f, "old");
	carry(f, "/dev/shm/tool");
	assert_int_equal(kh_carry_add(&f->ctx, &f->g, &f->s, 0, f->images), 0);
	assert_content(at(f, "img/" KH_CARRY_MANIFEST),
		       "6755 12345 12346 /dev/shm/tool\n");
	/* Restore on its own: the store as the new system finds it. */
	stored(f, "6755 12345 12346 /dev/shm/tool\n", "/dev/shm/tool",
	       "#!/bin/sh\n");
	new_system(f);
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), 0);
	assert_int_equal(stat(at(f, "new/dev/shm/tool"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 06755);
	assert_int_equal(st.st_uid, 12345);
	assert_int_equal(st.st_gid, 12346);
}

/* Refused before anything is created, even directories on the way, and
 * even for the lines before the bad one. */
static void unplain_paths_refused(void **state)
{
	static const char *const bad[] = {
		"/dev/shm/x/..", "/dev/shm/x/../y", "/dev/shm/x/./y",
		"/dev/shm/x//y", "//dev/shm/x", "/dev/shm/x/", "/dev/shm/x/.",
	};
	struct fx *f = *state;
	char manifest[256];
	size_t i;

	new_system(f);
	put(f, "img/root/dev/shm/ok", "ok\n");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(manifest, sizeof(manifest),
			 "644 %u %u /dev/shm/ok\n644 0 0 %s\n",
			 (unsigned int)getuid(), (unsigned int)getgid(), bad[i]);
		put(f, "img/" KH_CARRY_MANIFEST, manifest);
		assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EINVAL);
		assert_non_null(strstr(f->ctx.err, "bad line"));
		assert_missing(at(f, "new/dev/shm/x"));
		assert_missing(at(f, "new/dev/shm/ok"));
	}
}

/* Carried files are put back only where the new system keeps files in
 * RAM too: anywhere else they would overwrite or add to a disk. */
static void outside_volatile_mounts_refused(void **state)
{
	struct fx *f = *state;

	stored(f, "644 0 0 /var/lib/app/state\n", "/var/lib/app/state", "s\n");
	new_system(f);
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EPERM);
	assert_non_null(strstr(f->ctx.err, "/var/lib/app/state: not on a tmpfs"));
	assert_missing(at(f, "new/var"));
	/* /dev itself is devtmpfs, not a place for carried files. */
	stored(f, "644 0 0 /dev/app\n", "/dev/app", "s\n");
	assert_int_equal(kh_carry_put_back(&f->ctx, f->images), -EPERM);
	assert_missing(at(f, "new/dev/app"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(fifo_swapped_in_at_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(symlink_swapped_in_at_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(symlink_directory_at_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(symlink_directory_at_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(fifo_in_the_store, setup, teardown),
		cmocka_unit_test_setup_teardown(setuid_survives, setup, teardown),
		cmocka_unit_test_setup_teardown(unplain_paths_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(outside_volatile_mounts_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
