// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pids_taken.c - the IDs a restore gives back, against fake and real /proc
 *
 * A thread ID taken while the tree's own PID is free is the case CRIU
 * reports only as "Unable to create a thread: -17"; names that are not
 * one process's core image never count. Keeping the IDs free moves the
 * last PID given out past the highest thread ID, never back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_root.h"
#include "pids_taken.h"

struct fx {
	struct kh_ctx ctx;
	char root[64];
	char images[96];
};

static void image(struct fx *f, const char *name)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "images/%s", name);
	fake_root_put(f->root, rel, "");
}

static void task(struct fx *f, unsigned int id, const char *comm,
		 unsigned int tgid)
{
	char rel[64], text[128];

	snprintf(rel, sizeof(rel), "proc/%u/comm", id);
	snprintf(text, sizeof(text), "%s\n", comm);
	fake_root_put(f->root, rel, text);
	snprintf(rel, sizeof(rel), "proc/%u/status", id);
	snprintf(text, sizeof(text), "Name:\t%s\nTgid:\t%u\nPid:\t%u\n", comm,
		 tgid, id);
	fake_root_put(f->root, rel, text);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->root, "/tmp/kh-pids.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	strcpy(f->ctx.root, f->root);
	snprintf(f->images, sizeof(f->images), "%s/images", f->root);
	/* A redis-like tree: the process, three threads, its other images. */
	image(f, "core-352.img");
	image(f, "core-354.img");
	image(f, "core-355.img");
	image(f, "core-356.img");
	image(f, "pages-1.img");
	image(f, "pstree.img");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	fake_root_remove(f->root);
	free(f);
	return 0;
}

static void all_free(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;

	task(f, 1, "systemd", 1);
	task(f, 353, "echo-server", 353);
	task(f, 357, "sshd", 357);
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 0);
}

/* The case CRIU names only by errno: the tree's PID is free. */
static void thread_id_taken(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;
	char text[128];

	task(f, 356, "kworker/1:2", 356);
	task(f, 355, "gmain", 340);
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 1);
	assert_int_equal(h.id, 355);
	assert_int_equal(h.tgid, 340);
	assert_string_equal(h.comm, "gmain");
	kh_pid_taken_text(&h, text, sizeof(text));
	assert_string_equal(text,
			    "PID 355 is taken by 'gmain' (a thread of PID 340)");
}

static void root_pid_taken(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;
	char text[128];

	task(f, 356, "kworker/1:2", 356);
	task(f, 352, "udevd", 352);
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 1);
	assert_int_equal(h.id, 352);
	kh_pid_taken_text(&h, text, sizeof(text));
	assert_string_equal(text, "PID 352 is taken by 'udevd'");
}

/* A holder whose files are gone by the time they are read is still
 * a holder; only its name is unknown. */
static void holder_without_files(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;
	char rel[32], text[128];

	snprintf(rel, sizeof(rel), "proc/354/.keep");
	fake_root_put(f->root, rel, "");
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 1);
	assert_int_equal(h.id, 354);
	assert_int_equal(h.tgid, 354);
	kh_pid_taken_text(&h, text, sizeof(text));
	assert_string_equal(text, "PID 354 is taken by '?'");
}

static void not_core_images(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;

	image(f, "core-0353.img");
	image(f, "core-353.img.tmp");
	image(f, "core-353");
	image(f, "core-99999999999.img");
	image(f, "core--353.img");
	image(f, "xcore-353.img");
	task(f, 353, "echo-server", 353);
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 0);
}

static void no_directory(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;
	char gone[128];

	task(f, 352, "udevd", 352);
	snprintf(gone, sizeof(gone), "%s/none", f->root);
	assert_int_equal(kh_pid_taken(&f->ctx, gone, &h), 0);
}

/* The real /proc: this test's own PID, seen as taken by itself. */
static void real_proc(void **state)
{
	struct fx *f = *state;
	struct kh_pid_holder h;
	char name[32];

	f->ctx.root[0] = '\0';
	snprintf(name, sizeof(name), "core-%d.img", (int)getpid());
	image(f, name);
	assert_int_equal(kh_pid_taken(&f->ctx, f->images, &h), 1);
	assert_int_equal(h.id, (unsigned int)getpid());
	assert_int_equal(h.tgid, h.id);
	assert_string_equal(h.comm, "test_pids_taken");
}

static void last_pid(struct fx *f, const char *value)
{
	fake_root_put(f->root, "proc/sys/kernel/ns_last_pid", value);
}

static unsigned long read_last_pid(struct fx *f)
{
	char path[128];
	unsigned long v = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/proc/sys/kernel/ns_last_pid", f->root);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fscanf(fp, "%lu", &v), 1);
	fclose(fp);
	return v;
}

/* The highest thread ID counts, not only the tree's PID. */
static void reserve_moves_forwards(void **state)
{
	struct fx *f = *state;

	last_pid(f, "120\n");
	assert_int_equal(kh_pids_reserve(&f->ctx, f->images), 0);
	assert_int_equal(read_last_pid(f), 356);
}

static void reserve_never_backwards(void **state)
{
	struct fx *f = *state;

	last_pid(f, "4000\n");
	assert_int_equal(kh_pids_reserve(&f->ctx, f->images), 0);
	assert_int_equal(read_last_pid(f), 4000);
}

static void reserve_without_file(void **state)
{
	struct fx *f = *state;
	char gone[128];

	/* No images: nothing to keep free, the file is not even read. */
	snprintf(gone, sizeof(gone), "%s/none", f->root);
	assert_int_equal(kh_pids_reserve(&f->ctx, gone), 0);
	assert_int_equal(kh_pids_reserve(&f->ctx, f->images), -ENOENT);
	assert_non_null(strstr(f->ctx.err, "ns_last_pid"));
}

static void reserve_garbage(void **state)
{
	struct fx *f = *state;

	last_pid(f, "many\n");
	assert_int_equal(kh_pids_reserve(&f->ctx, f->images), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "not a number"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(all_free, setup, teardown),
		cmocka_unit_test_setup_teardown(thread_id_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(root_pid_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(holder_without_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(not_core_images, setup, teardown),
		cmocka_unit_test_setup_teardown(no_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(real_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(reserve_moves_forwards, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reserve_never_backwards, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reserve_without_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reserve_garbage, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
