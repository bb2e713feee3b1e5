// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_proc_group.c - reading a process tree from a /proc built on disk
 *
 * The tree is made here, as the kernel lays it out: stat with a comm that
 * holds ") ", children lists per thread, descriptor links, maps,
 * mountinfo and the TCP table. The checks: which files count as volatile,
 * which connections as established and held by the tree, and every reason
 * to refuse a tree at --load.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_root.h"

#include "proc_group.h"

struct fx {
	struct kh_ctx ctx;
	char root[64];
};

static void put(struct fx *f, const char *rel, const char *text)
{
	fake_root_put(f->root, rel, text);
}

static void link_fd(struct fx *f, int pid, int fd, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/proc/%d/fd", f->root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/%d/fd/%d", f->root, pid, fd);
	assert_int_equal(symlink(target, path), 0);
}

static const char mountinfo[] =
	"20 1 0:2 / / rw - rootfs rootfs rw\n"
	"21 20 0:5 / /run rw,nosuid - tmpfs tmpfs rw\n"
	"22 20 8:1 / /data rw - ext4 /dev/sda1 rw\n"
	"23 22 0:6 / /data/scratch\\040space rw - tmpfs tmpfs rw\n";

/* A process: stat (starttime = 1000 + pid), children, mountinfo, maps. */
static void process(struct fx *f, int pid, const char *comm,
		    const char *children, const char *maps)
{
	char rel[64], text[512];

	snprintf(rel, sizeof(rel), "proc/%d/stat", pid);
	snprintf(text, sizeof(text),
		 "%d (%s) S 1 %d %d 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 %d 1000000 100\n",
		 pid, comm, pid, pid, 1000 + pid);
	put(f, rel, text);
	snprintf(rel, sizeof(rel), "proc/%d/task/%d/children", pid, pid);
	put(f, rel, children);
	snprintf(rel, sizeof(rel), "proc/%d/mountinfo", pid);
	put(f, rel, mountinfo);
	snprintf(rel, sizeof(rel), "proc/%d/maps", pid);
	put(f, rel, maps);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->root, "/tmp/kh-proc.XXXXXX");
	assert_non_null(mkdtemp(f->root));
	strcpy(f->ctx.root, f->root);

	process(f, 100, "my ) job", "101 ", 
		"00400000-00401000 r-xp 00000000 00:02 12 /opt/job\n"
		"7f0000000000-7f0000001000 r--p 00000000 08:01 7 /data/lib.so\n"
		"7ffd0000-7ffd1000 rw-p 00000000 00:00 0 [stack]\n");
	process(f, 101, "helper", "",
		"00400000-00401000 r-xp 00000000 00:02 12 /opt/job\n");
	put(f, "opt/job", "ELF");
	put(f, "run/job.log", "log");
	put(f, "data/keep.txt", "kept on disk");
	put(f, "data/lib.so", "lib");
	put(f, "data/scratch space/tmp.dat", "scratch");
	link_fd(f, 100, 0, "/dev/null");
	link_fd(f, 100, 1, "/run/job.log");
	link_fd(f, 100, 2, "/run/job.log");
	link_fd(f, 100, 3, "socket:[555]");
	link_fd(f, 100, 4, "socket:[556]");
	link_fd(f, 100, 5, "/data/keep.txt");
	link_fd(f, 101, 0, "/data/scratch space/tmp.dat");
	link_fd(f, 101, 1, "pipe:[77]");
	link_fd(f, 101, 2, "/run/gone (deleted)");
	put(f, "proc/100/net/tcp",
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	    "   0: 00000000:1B5F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 556 1 0 100 0 0 10 0\n"
	    "   1: 0F02000A:1B5F 0202000A:A8CA 01 00000000:00000000 00:00000000 00000000     0        0 555 1 0 20 4 30 10 -1\n"
	    "   2: 0F02000A:1B5F 0202000A:A8CB 01 00000000:00000000 00:00000000 00000000     0        0 999 1 0 20 4 30 10 -1\n");
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

static int has_file(const struct kh_group *g, const char *path)
{
	int i;

	for (i = 0; i < g->nfiles; i++)
		if (!strcmp(g->files[i], path))
			return 1;
	return 0;
}

static void scans_a_tree(void **state)
{
	struct fx *f = *state;
	struct kh_group *g = malloc(sizeof(*g));
	char addr[64];

	assert_non_null(g);
	/* File pages (Rss, Pss_File) are the files', not the images'. */
	put(f, "proc/100/smaps_rollup",
	    "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss: 9000 kB\n"
	    "Pss_File: 7000 kB\nPss_Shmem: 24 kB\nAnonymous: 1000 kB\n");
	put(f, "proc/101/smaps_rollup", "Rss: 4000 kB\nAnonymous: 2048 kB\n");
	assert_int_equal(kh_group_scan(&f->ctx, 100, g), 0);
	assert_int_equal(g->mem_bytes, (1000 + 24 + 2048) << 10);
	assert_string_equal(g->comm, "my ) job");
	assert_int_equal(g->start_time, 1100);
	assert_int_equal(g->npids, 2);
	assert_int_equal(g->pids[1], 101);
	/* rootfs and tmpfs files, each once; not the ext4 ones. */
	assert_int_equal(g->nfiles, 3);
	assert_true(has_file(g, "/run/job.log"));
	assert_true(has_file(g, "/opt/job"));
	assert_true(has_file(g, "/data/scratch space/tmp.dat"));
	/* Only the established connection the tree holds. */
	assert_int_equal(g->ntcp, 1);
	assert_int_equal(g->tcp[0].family, AF_INET);
	assert_int_equal(g->tcp[0].lport, 7007);
	assert_int_equal(g->tcp[0].rport, 43210);
	inet_ntop(AF_INET, g->tcp[0].laddr, addr, sizeof(addr));
	assert_string_equal(addr, "10.0.2.15");
	inet_ntop(AF_INET, g->tcp[0].raddr, addr, sizeof(addr));
	assert_string_equal(addr, "10.0.2.2");
	kh_group_free(g);
	free(g);
}

static void refuses(void **state)
{
	struct fx *f = *state;
	struct kh_group *g = malloc(sizeof(*g));
	unsigned long long start;

	assert_non_null(g);
	assert_int_equal(kh_group_scan(&f->ctx, 1, g), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "it is init"));
	assert_int_equal(kh_group_scan(&f->ctx, 4242, g), -ENOENT);
	assert_non_null(strstr(f->ctx.err, "process 4242 does not exist"));
	assert_int_equal(kh_proc_start_time(&f->ctx, 4242, &start), -ENOENT);

	link_fd(f, 101, 7, "/dev/pts/3");
	assert_int_equal(kh_group_scan(&f->ctx, 100, g), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "process 101 holds the terminal /dev/pts/3"));
	kh_group_free(g);
	free(g);
}

static void link_ns(struct fx *f, int pid, const char *kind, const char *target)
{
	char path[PATH_MAX];

	/* Made as a file first, for the directories above it. */
	snprintf(path, sizeof(path), "proc/%d/ns/%s", pid, kind);
	put(f, path, "");
	snprintf(path, sizeof(path), "%s/proc/%d/ns/%s", f->root, pid, kind);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
}

/* A sandboxed service's processes share none of init's namespaces it
 * was given; the dump would fail in the transition, so --load refuses. */
static void refuses_own_namespace(void **state)
{
	struct fx *f = *state;
	struct kh_group *g = malloc(sizeof(*g));
	char path[PATH_MAX];
	int pid;

	assert_non_null(g);
	for (pid = 1; pid <= 101; pid += pid == 1 ? 99 : 1) {
		link_ns(f, pid, "user", "user:[4026531837]");
		link_ns(f, pid, "uts", "uts:[4026531838]");
	}
	link_ns(f, 1, "mnt", "mnt:[4026531841]");
	link_ns(f, 100, "mnt", "mnt:[4026531841]");
	link_ns(f, 101, "mnt", "mnt:[4026532210]");
	assert_int_equal(kh_group_scan(&f->ctx, 100, g), -EINVAL);
	assert_non_null(strstr(f->ctx.err, "process 101 (my ) job) runs in its own mount namespace (mnt:[4026532210], init's is mnt:[4026531841])"));
	assert_non_null(strstr(f->ctx.err, "PrivateTmp="));
	kh_group_free(g);

	/* Same as init's: carried. A kind init lacks (ipc here) is not asked. */
	snprintf(path, sizeof(path), "%s/proc/101/ns/mnt", f->root);
	assert_int_equal(unlink(path), 0);
	link_ns(f, 101, "mnt", "mnt:[4026531841]");
	link_ns(f, 101, "ipc", "ipc:[1]");
	assert_int_equal(kh_group_scan(&f->ctx, 100, g), 0);
	kh_group_free(g);
	free(g);
}

/* What the kernel never writes, but a fake or damaged /proc might. */
static void odd_proc_files(void **state)
{
	struct fx *f = *state;
	struct kh_group *g = malloc(sizeof(*g));
	unsigned long long start;

	assert_non_null(g);
	/* A port wider than 16 bits is no connection, not a truncated one. */
	put(f, "proc/100/net/tcp",
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	    "   1: 0F02000A:11B5F 0202000A:A8CA 01 00000000:00000000 00:00000000 00000000     0        0 555 1 0 20 4 30 10 -1\n");
	assert_int_equal(kh_group_scan(&f->ctx, 100, g), 0);
	assert_int_equal(g->ntcp, 0);
	kh_group_free(g);
	/* A stat that ends with the comm has no start time. */
	put(f, "proc/200/stat", "200 (x)");
	assert_int_equal(kh_proc_start_time(&f->ctx, 200, &start), -EIO);
	free(g);
}

/* In the real /proc: a tree that holds this very process, found by
 * walking up from it to the tree's root, is refused. */
static void refuses_own_ancestor(void **state)
{
	struct kh_group *g = malloc(sizeof(*g));
	struct kh_ctx ctx;
	char want[64];

	(void)state;
	assert_non_null(g);
	if (getppid() <= 1) {
		free(g);
		skip();
	}
	assert_int_equal(kh_ctx_init(&ctx), 0);
	ctx.root[0] = '\0';
	assert_int_equal(kh_group_scan(&ctx, getppid(), g), -EINVAL);
	snprintf(want, sizeof(want), "holds kexec-handoff itself (process %d)",
		 (int)getpid());
	if (!strstr(ctx.err, want))
		fail_msg("\"%s\" is not in \"%s\"", want, ctx.err);
	kh_group_free(g);
	free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(scans_a_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(odd_proc_files, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_own_namespace, setup,
						teardown),
		cmocka_unit_test(refuses_own_ancestor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
