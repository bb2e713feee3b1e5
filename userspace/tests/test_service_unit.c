// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_service_unit.c - a systemd service as the tool judges it at load
 * time: systemctl show's lines, the refusals, and the unit's cgroup
 * against its main process's tree
 *
 * systemd's answer is a file a one-line stand-in for systemctl prints
 * (systemd itself is met in the Debian guest's QEMU scenarios); /proc and
 * the cgroup tree are built on disk as the kernel lays them out.
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

#include "service_unit.h"

struct fx {
	struct kh_ctx ctx;
	char root[64];
	struct kh_unit u;
	struct kh_group g;
};

static void put(struct fx *f, const char *rel, const char *text)
{
	fake_root_put(f->root, rel, text);
}

/* Run a shell command in the fake root; returns its exit status. */
static int system_in(struct fx *f, const char *cmd)
{
	char line[PATH_MAX + 256];

	snprintf(line, sizeof(line), "cd '%s' && %s", f->root, cmd);
	return system(line);
}

static void process(struct fx *f, int pid, int ppid, const char *comm,
		    const char *children)
{
	char rel[64], text[256], fd[PATH_MAX];

	snprintf(rel, sizeof(rel), "proc/%d/stat", pid);
	snprintf(text, sizeof(text),
		 "%d (%s) S %d %d %d 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 %d 1000000 100\n",
		 pid, comm, ppid, pid, pid, 1000 + pid);
	put(f, rel, text);
	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	snprintf(text, sizeof(text), "%s\n", comm);
	put(f, rel, text);
	snprintf(rel, sizeof(rel), "proc/%d/task/%d/children", pid, pid);
	put(f, rel, children);
	snprintf(rel, sizeof(rel), "proc/%d/mountinfo", pid);
	put(f, rel, "20 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
	snprintf(rel, sizeof(rel), "proc/%d/maps", pid);
	put(f, rel, "");
	snprintf(rel, sizeof(rel), "proc/%d/cgroup", pid);
	put(f, rel, "0::/system.slice/redis-server.service\n");
	snprintf(fd, sizeof(fd), "%s/proc/%d/fd", f->root, pid);
	assert_int_equal(mkdir(fd, 0755), 0);
}

static const char show_running[] =
	"Type=notify\n"
	"MainPID=300\n"
	"ControlPID=0\n"
	"Id=redis-server.service\n"
	"LoadState=loaded\n"
	"ActiveState=active\n"
	"SubState=running\n"
	"ControlGroup=/system.slice/redis-server.service\n";

#define CG "sys/fs/cgroup/system.slice/redis-server.service"

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char stub[PATH_MAX];

	assert_non_null(f);
	strcpy(f->root, "/tmp/kh-unit.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	assert_int_equal(kh_ctx_init(&f->ctx), 0);
	strcpy(f->ctx.root, f->root);
	snprintf(f->ctx.sysfs, sizeof(f->ctx.sysfs), "%s/sys", f->root);
	/* systemctl's stand-in prints the answer file, whatever it is asked. */
	put(f, "systemctl", "#!/bin/sh\necho \"$@\" >\"${0%/*}/args.txt\"\n"
	    "cat \"${0%/*}/show.txt\"\n");
	snprintf(stub, sizeof(stub), "%s/systemctl", f->root);
	assert_int_equal(chmod(stub, 0755), 0);
	strcpy(f->ctx.systemctl, stub);
	put(f, "show.txt", show_running);
	process(f, 300, 1, "redis-server", "301 ");
	process(f, 301, 300, "redis-bio", "");
	put(f, CG "/cgroup.procs", "300\n301\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	fake_root_remove(f->root);
	kh_group_free(&f->g);
	free(f);
	return 0;
}

static void parses_show(void **state)
{
	struct fx *f = *state;
	char why[128];

	assert_int_equal(kh_unit_parse(show_running, &f->u, why, sizeof(why)),
			 0);
	assert_string_equal(f->u.id, "redis-server.service");
	assert_string_equal(f->u.type, "notify");
	assert_int_equal(f->u.main_pid, 300);
	assert_string_equal(f->u.cgroup, "/system.slice/redis-server.service");
	/* Values may hold '=' and the last line may lack its newline. */
	assert_int_equal(kh_unit_parse("Id=a=b.service\nLoadState=loaded\n"
				       "ActiveState=active\nSubState=x\n"
				       "MainPID=1\nControlPID=0",
				       &f->u, why, sizeof(why)), 0);
	assert_string_equal(f->u.id, "a=b.service");
	assert_int_equal(f->u.control_pid, 0);
}

/* show_running with @from replaced by @to must be refused with @msg. */
static void bad_value(struct fx *f, const char *from, const char *to,
		      const char *msg)
{
	char text[1024], why[128], *at;

	snprintf(text, sizeof(text), "%s", show_running);
	at = strstr(text, from);
	assert_non_null(at);
	snprintf(at, sizeof(text) - (size_t)(at - text), "%s%s", to,
		 strstr(show_running, from) + strlen(from));
	assert_int_equal(kh_unit_parse(text, &f->u, why, sizeof(why)), -EINVAL);
	if (!strstr(why, msg))
		fail_msg("\"%s\" is not in \"%s\"", msg, why);
}

static void refuses_bad_show(void **state)
{
	struct fx *f = *state;
	char why[128];

	assert_int_equal(kh_unit_parse("Id=x.service\n", &f->u, why,
				       sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "printed no LoadState"));
	assert_int_equal(kh_unit_parse("Id=x\nId=y\n", &f->u, why,
				       sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "bad Id line"));
	bad_value(f, "MainPID=300", "MainPID=12x", "bad MainPID line");
	bad_value(f, "MainPID=300", "MainPID=-3", "bad MainPID line");
	bad_value(f, "MainPID=300", "MainPID=99999999999", "bad MainPID line");
	bad_value(f, "MainPID=300", "MainPID=", "bad MainPID line");
	bad_value(f, "Type=notify",
		  "Type=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bad Type line");
}

static void names(void **state)
{
	(void)state;
	assert_true(kh_unit_name_ok("redis-server.service"));
	assert_true(kh_unit_name_ok("getty@ttyS0.service"));
	assert_true(kh_unit_name_ok("redis-server"));
	assert_false(kh_unit_name_ok(""));
	assert_false(kh_unit_name_ok("--all"));
	assert_false(kh_unit_name_ok("a b.service"));
	assert_false(kh_unit_name_ok("../x.service"));
	assert_false(kh_unit_name_ok("x\n.service"));
}

static void scans_a_service(void **state)
{
	struct fx *f = *state;

	if (kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g))
		fail_msg("%s", f->ctx.err);
	assert_int_equal(f->g.root_pid, 300);
	assert_int_equal(f->g.npids, 2);
	/* What systemctl was asked: the properties, then the name after --. */
	put(f, "expect.txt", "show -p " KH_UNIT_PROPERTIES " -- redis-server\n");
	assert_int_equal(system_in(f, "cmp -s args.txt expect.txt"), 0);
	/* Forked since the tree was read, or gone since: not strays. */
	process(f, 302, 301, "redis-worker", "");
	put(f, CG "/cgroup.procs", "300\n301\n302\n303\n");
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g), 0);
	put(f, CG "/cgroup.procs", "300\n301\n");
	/* A cgroup below the unit's (Delegate=yes) counts as the unit's. */
	put(f, CG "/worker/cgroup.procs", "301\n");
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g), 0);
}

/* One check per refusal, each with what the user is told. */
static void expect(struct fx *f, const char *show, int err, const char *msg)
{
	put(f, "show.txt", show);
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g),
			 err);
	if (!strstr(f->ctx.err, msg))
		fail_msg("\"%s\" is not in \"%s\"", msg, f->ctx.err);
}

static void refusals(void **state)
{
	struct fx *f = *state;
	char text[1024];

	expect(f, "Id=nope.service\nLoadState=not-found\nActiveState=inactive\n"
	       "SubState=dead\nMainPID=0\nControlPID=0\nControlGroup=\n",
	       -ENOENT, "unit redis-server: systemd has no such unit (LoadState=not-found)");
	expect(f, "Id=redis.socket\nLoadState=loaded\nActiveState=active\n"
	       "SubState=listening\nMainPID=0\nControlPID=0\nControlGroup=/x\n",
	       -EINVAL, "only services can be carried");
	expect(f, "Id=redis-server.service\nLoadState=masked\nActiveState=active\n"
	       "SubState=running\nMainPID=300\nControlPID=0\nControlGroup=/x\n",
	       -EINVAL, "its unit file is not loaded as it is (LoadState=masked)");
	snprintf(text, sizeof(text), "%s", show_running);
	memcpy(strstr(text, "ActiveState=active"), "ActiveState=failed", 18);
	expect(f, text, -ESRCH, "unit redis-server.service is not active (ActiveState=failed");
	expect(f, "Id=a.service\nLoadState=loaded\nActiveState=reloading\n"
	       "SubState=reload\nType=notify\nMainPID=300\nControlPID=0\n"
	       "ControlGroup=/system.slice/a.service\n",
	       -EBUSY, "is changing state (ActiveState=reloading");
	expect(f, "Id=a.service\nLoadState=loaded\nActiveState=active\n"
	       "SubState=exited\nType=oneshot\nMainPID=0\nControlPID=0\n"
	       "ControlGroup=/system.slice/a.service\n",
	       -EINVAL, "Type=oneshot");
	expect(f, "Id=a.service\nLoadState=loaded\nActiveState=active\n"
	       "SubState=running\nType=simple\nMainPID=0\nControlPID=0\n"
	       "ControlGroup=/system.slice/a.service\n",
	       -ESRCH, "has no main process");
	snprintf(text, sizeof(text), "%s", show_running);
	memcpy(strstr(text, "ControlPID=0"), "ControlPID=9", 12);
	expect(f, text, -EBUSY, "running a control process (PID 9");
	expect(f, "Id=a.service\nLoadState=loaded\nActiveState=active\n"
	       "SubState=running\nType=simple\nMainPID=300\nControlPID=0\n"
	       "ControlGroup=/system.slice/../../etc\n",
	       -EINVAL, "unexpected ControlGroup");
	expect(f, "no such output\n", -EINVAL, "systemctl show printed no Id");
}

static void refuses_strays(void **state)
{
	struct fx *f = *state;

	/* A process of the unit outside the main process's tree. */
	process(f, 310, 1, "sidecar", "");
	put(f, CG "/cgroup.procs", "300\n301\n310\n");
	expect(f, show_running, -EINVAL,
	       "process 310 (sidecar) is in its cgroup but not below its main process 300");
	put(f, CG "/cgroup.procs", "300\n");
	put(f, CG "/sub/cgroup.procs", "310\n");
	expect(f, show_running, -EINVAL, "process 310 (sidecar)");
	/* systemd's own ".control" below a delegated unit counts too. */
	put(f, CG "/sub/cgroup.procs", "");
	put(f, CG "/.control/cgroup.procs", "310\n");
	expect(f, show_running, -EINVAL, "process 310 (sidecar)");
	put(f, CG "/.control/cgroup.procs", "");
	/* A process of the tree moved to another unit's cgroup. */
	put(f, "proc/301/cgroup", "0::/system.slice/run-r1.scope\n");
	expect(f, show_running, -EINVAL,
	       "process 301 (redis-bio) of its main process's tree is in cgroup /system.slice/run-r1.scope");
	/* A longer name that only starts like the unit's is another cgroup. */
	put(f, "proc/301/cgroup", "0::/system.slice/redis-server.service2\n");
	expect(f, show_running, -EINVAL, "process 301 (redis-bio)");
	put(f, "proc/301/cgroup", "0::/system.slice/redis-server.service/sub\n");
	put(f, "show.txt", show_running);
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g), 0);
	/* No cgroup v2 to read: said so. */
	assert_int_equal(system_in(f, "rm -r sys/fs/cgroup"), 0);
	expect(f, show_running, -ENOENT, "the unified cgroup v2 hierarchy at /sys/fs/cgroup is needed");
	/* kh_group_scan()'s refusals name the unit too. */
	put(f, CG "/sub/cgroup.procs", "");
	put(f, "proc/300/stat", "");
	expect(f, show_running, -EIO, "unit redis-server.service (main process 300): ");
}

static void names_bad_unit(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kh_unit_scan(&f->ctx, "-H host", &f->u, &f->g),
			 -EINVAL);
	assert_string_equal(f->ctx.err, "'-H host' is not a unit name");
	/* systemctl failing is said as such, with its status. */
	put(f, "systemctl", "#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n");
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g),
			 -EIO);
	assert_non_null(strstr(f->ctx.err, "show failed: "));
	assert_non_null(strstr(f->ctx.err, "exited with status 1"));
	/* An answer far longer than any systemctl gives is refused whole. */
	put(f, "systemctl", "#!/bin/sh\nhead -c 100000 /dev/zero | tr '\\0' x\n");
	assert_int_equal(kh_unit_scan(&f->ctx, "redis-server", &f->u, &f->g),
			 -EFBIG);
	assert_non_null(strstr(f->ctx.err, "more than expected"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(parses_show, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_bad_show, setup, teardown),
		cmocka_unit_test_setup_teardown(names, setup, teardown),
		cmocka_unit_test_setup_teardown(scans_a_service, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_strays, setup, teardown),
		cmocka_unit_test_setup_teardown(names_bad_unit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
