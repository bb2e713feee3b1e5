// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_unit_adopt.c - the new system's side of a carried unit: the
 * generator's drop-ins from a blob, the records restore leaves, and adopt
 * moving the restored process into the unit's cgroup
 *
 * Everything runs on a fake root: the blob where the initramfs saves it,
 * /proc/self/cgroup and the cgroup's cgroup.procs as plain files. systemd
 * reading the drop-ins is met in the Debian guest's QEMU scenarios.
 */
#include <errno.h>
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

#include "fake_root.h"

#include "handoff.h"
#include "state.h"
#include "unit_adopt.h"

struct fx {
	struct kh_ctx ctx;
	char root[64], gen[PATH_MAX];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->root, "/tmp/kh-test-adopt.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	assert_int_equal(setenv("KEXEC_HANDOFF_ROOT", f->root, 1), 0);
	assert_int_equal(setenv("KEXEC_HANDOFF_SYSTEMCTL", "true", 1), 0);
	assert_int_equal(kh_ctx_init(&f->ctx), 0);
	snprintf(f->gen, sizeof(f->gen), "%s/generator", f->root);
	assert_int_equal(mkdir(f->gen, 0755), 0);
	/* /run exists on every system; the state directory may not. */
	fake_root_put(f->root, "run/.keep", "");
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

/* A blob with @n groups, as the initramfs saves it in the state dir. */
static void put_blob(struct fx *f, const struct handoff_group *groups, int n)
{
	static const struct handoff_info info = {
		.kernel_release = "6.12.118-kh1", .boot_id = "b",
	};
	static char buf[HANDOFF_MAX_SIZE] __attribute__((aligned(8)));
	struct handoff_builder b;
	char path[PATH_MAX];
	int i, size;
	FILE *fp;

	assert_int_equal(handoff_create(&b, buf, sizeof(buf), &info), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(handoff_add_group(&b, &groups[i]), i);
	size = handoff_finish(&b);
	assert_true(size > 0);
	fake_root_put(f->root, "run/kexec-handoff/" KH_STATE_RECEIVED_BLOB, "");
	snprintf(path, sizeof(path), "%s/run/kexec-handoff/%s", f->root,
		 KH_STATE_RECEIVED_BLOB);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, (size_t)size, fp), (size_t)size);
	assert_int_equal(fclose(fp), 0);
}

static char *slurp(const char *path)
{
	static char text[16384];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

static char *dropin(struct fx *f, const char *unit)
{
	char path[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/%s.d/%s", f->gen, unit, KH_ADOPT_DROPIN);
	return slurp(path);
}

static const struct handoff_group redis = {
	.root_pid = 300, .comm = "redis-server", .images = "group-0",
	.unit = "redis-server.service", .flags = HANDOFF_GROUP_TCP_ESTABLISHED,
};
static const struct handoff_group batch = {
	.root_pid = 301, .comm = "batch-job", .images = "group-1",
};
static const struct handoff_group echo = {
	.root_pid = 302, .comm = "echo-server", .images = "group-2",
	.unit = "kh-echo.service",
};

/* A carried unit waits for its restore and is adopted, not started; one
 * with TCP connections waits for the second half too; a group selected
 * by PID gets nothing. */
static void test_generate_dropins(void **state)
{
	const struct handoff_group groups[] = { redis, batch, echo };
	struct fx *f = *state;
	char *text, path[PATH_MAX + 64];

	put_blob(f, groups, 3);
	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	text = dropin(f, "redis-server.service");
	assert_non_null(text);
	assert_non_null(strstr(text, "\nAfter=kexec-handoff-restore.service kexec-handoff-restore-tcp.service\n"));
	/* Ordered, not pulled in: their targets pull them in, and a failed
	 * restore must not be started again by each carried unit. */
	assert_null(strstr(text, "Wants="));
	assert_non_null(strstr(text, "\nType=forking\nPIDFile=/run/kexec-handoff/units/redis-server.service.pid\n"));
	assert_non_null(strstr(text, "\nExecStartPre=\nExecStartPost=\nExecStart=\nExecStart=+"));
	assert_non_null(strstr(text, " adopt redis-server.service\n"));
	text = dropin(f, "kh-echo.service");
	assert_non_null(text);
	assert_non_null(strstr(text, "\nAfter=kexec-handoff-restore.service\n"));
	snprintf(path, sizeof(path), "%s/%s.d/units.conf", f->gen, KH_ADOPTED_UNIT);
	text = slurp(path);
	assert_non_null(text);
	/* Pulled in too: a unit started by hand is not enabled. */
	assert_string_equal(text, "[Unit]\nAfter=redis-server.service kh-echo.service\n"
			    "Wants=redis-server.service kh-echo.service\n");
	/* Applied after the administrator's drop-ins, which systemd orders
	 * by name. */
	assert_true(strcmp(KH_ADOPT_DROPIN, "override.conf") > 0);
	assert_true(strcmp(KH_ADOPT_DROPIN, "99-local.conf") > 0);
	snprintf(path, sizeof(path), "%s/batch-job.service.d", f->gen);
	assert_int_equal(access(path, F_OK), -1);
}

/* After a failed restore the unit starts from its own definition; once
 * the boot is done no unit gets a drop-in any more. */
static void test_failed_and_done(void **state)
{
	const struct handoff_group groups[] = { redis, echo };
	struct fx *f = *state;
	char path[PATH_MAX + 64], *text;

	put_blob(f, groups, 2);
	assert_int_equal(kh_adopt_failed(&f->ctx, "redis-server.service"), 0);
	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	assert_null(dropin(f, "redis-server.service"));
	assert_non_null(dropin(f, "kh-echo.service"));
	/* Still pulled in, to start fresh. */
	snprintf(path, sizeof(path), "%s/%s.d/units.conf", f->gen, KH_ADOPTED_UNIT);
	text = slurp(path);
	assert_non_null(text);
	assert_non_null(strstr(text, "\nWants=redis-server.service kh-echo.service\n"));
	fake_root_remove(f->gen);
	assert_int_equal(mkdir(f->gen, 0755), 0);
	assert_int_equal(kh_adopt_done(&f->ctx), 0);
	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	assert_null(dropin(f, "kh-echo.service"));
}

/* A hostile blob's unit name never becomes a path or a unit file line. */
static void test_generate_refuses_odd_names(void **state)
{
	struct handoff_group odd = echo;
	struct fx *f = *state;
	char path[PATH_MAX + 64];

	odd.unit = "../../etc/x.service";
	put_blob(f, &odd, 1);
	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	snprintf(path, sizeof(path), "%s/../../etc/x.service.d", f->gen);
	assert_int_equal(access(path, F_OK), -1);
	odd.unit = "kh-echo.socket";
	put_blob(f, &odd, 1);
	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	assert_null(dropin(f, "kh-echo.socket"));
}

/* No blob: an ordinary boot, nothing written. */
static void test_generate_without_blob(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kh_adopt_generate(&f->ctx, f->gen), 0);
	assert_int_equal(rmdir(f->gen), 0);
}

/* adopt moves the restored PID into its own cgroup's cgroup.procs. */
static void test_adopt_moves_into_own_cgroup(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX];

	fake_root_put(f->root, "proc/self/cgroup",
		      "0::/system.slice/kh-echo.service\n");
	fake_root_put(f->root, "sys/fs/cgroup/system.slice/kh-echo.service/cgroup.procs", "");
	assert_int_equal(kh_adopt_restored(&f->ctx, "kh-echo.service", 302), 0);
	if (kh_adopt_unit(&f->ctx, "kh-echo.service"))
		fail_msg("%s", f->ctx.err);
	snprintf(path, sizeof(path),
		 "%s/sys/fs/cgroup/system.slice/kh-echo.service/cgroup.procs",
		 f->root);
	assert_string_equal(slurp(path), "302\n");
}

/* Without a restored process adopt fails, naming the unit: systemd then
 * reports the unit failed rather than running it without its process. */
static void test_adopt_without_restore(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kh_adopt_unit(&f->ctx, "kh-echo.service"), -ENOENT);
	assert_non_null(strstr(f->ctx.err, "kh-echo.service: no restored process to adopt"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generate_dropins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_and_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generate_refuses_odd_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generate_without_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adopt_moves_into_own_cgroup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adopt_without_restore, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
