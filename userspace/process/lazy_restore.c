// SPDX-License-Identifier: GPL-2.0-only
/*
 * lazy_restore.c - the lazy-pages daemon, its monitor, and CRIU's restore
 * environment (lazy_restore.h)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkpoint.h"
#include "lazy_restore.h"
#include "page_ranges.h"
#include "proc_group.h"
#include "state.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define MAX_UFFDS 1024

/* The page checker sits beside the tool: /usr/sbin/kexec-handoff has
 * /usr/lib/kexec-handoff/page-check.so. */
static int page_check_so(char *out, size_t len)
{
	const char *env = getenv("KEXEC_HANDOFF_PAGE_CHECK");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env)
		return snprintf(out, len, "%s", env) >= (int)len ? -ENAMETOOLONG : 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -ENOENT;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	return snprintf(out, len, "%s/../lib/kexec-handoff/page-check.so", exe) >=
	       (int)len ? -ENAMETOOLONG : 0;
}

/* What the daemon and CRIU's restore both get: the page checker and
 * what it checks. */
static int check_env(const struct kh_lazy *l, const struct kh_lazy_group *g)
{
	if (setenv("LD_PRELOAD", l->so, 1) ||
	    setenv(KH_PAGE_CHECK_DIR, g->dir, 1) ||
	    setenv(KH_PAGE_CHECK_REPORT, l->report, 1))
		return -ENOMEM;
	if (g->device && (setenv(KH_PAGE_CHECK_DEVICE, g->device, 1) ||
			  setenv(KH_PAGE_CHECK_OFFSETS, g->offsets, 1)))
		return -ENOMEM;
	return 0;
}

static void clear_check_env(void)
{
	unsetenv(KH_PAGE_CHECK_DIR);
	unsetenv(KH_PAGE_CHECK_REPORT);
	unsetenv(KH_PAGE_CHECK_DEVICE);
	unsetenv(KH_PAGE_CHECK_OFFSETS);
}

int kh_lazy_env(struct kh_ctx *ctx, struct kh_lazy *l,
		const struct kh_lazy_group *g, int on)
{
	if (!on) {
		clear_check_env();
		unsetenv("CRIU_CONFIG_FILE");
		unsetenv("LD_PRELOAD");
		return 0;
	}
	if (check_env(l, g) || setenv("CRIU_CONFIG_FILE", l->conf, 1))
		return kh_fail(ctx, -ENOMEM, "out of memory");
	return 0;
}

/* The last line the page checker wrote, else CRIU's errors in the
 * daemon's log, else @fallback. */
static void reason(const struct kh_lazy *l, const struct kh_lazy_group *g,
		   const char *fallback, char *out, size_t len)
{
	char line[600] = "";
	FILE *f = fopen(l->report, "re");

	if (f) {
		while (fgets(line, sizeof(line), f))
			;
		fclose(f);
		line[strcspn(line, "\n")] = '\0';
	}
	if (line[0]) {
		snprintf(out, len, "%s",
			 strncmp(line, "kexec-handoff: ", 15) ? line : line + 15);
		return;
	}
	kh_criu_log_errors(g->logdir, l->log, out, len);
	if (!out[0])
		snprintf(out, len, "%s", fallback);
	else if (strlen(out) + 40 < len)
		snprintf(out + strlen(out), len - strlen(out),
			 " (criu lazy-pages, %s/%s)", g->logdir, l->log);
}

static void record(struct kh_ctx *ctx, const char *line)
{
	char path[PATH_MAX];
	int fd;

	printf("kexec-handoff: %s\n", line);
	fflush(stdout);
	if (kh_state_path(ctx, path, sizeof(path), KH_STATE_LAZY_STATUS, 1))
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0)
		return;
	if (kh_write_all(fd, line, strlen(line)) || kh_write_all(fd, "\n", 1))
		fprintf(stderr, "kexec-handoff: warning: %s: %s\n", path,
			strerror(errno));
	close(fd);
}

static void reply(int fd, char code, const char *msg)
{
	char buf[1 + 1024];
	size_t n = strlen(msg) < sizeof(buf) - 1 ? strlen(msg) : sizeof(buf) - 1;

	buf[0] = code;
	memcpy(buf + 1, msg, n);
	if (kh_write_all(fd, buf, n + 1))
		_exit(1);
}

static pid_t spawn_daemon(const struct kh_lazy *l,
			  const struct kh_lazy_group *g, int status_fd)
{
	char fdnum[16];
	pid_t pid;

	snprintf(fdnum, sizeof(fdnum), "%d", status_fd);
	pid = fork();
	if (pid)
		return pid;
	if (check_env(l, g))
		_exit(127);
	unsetenv("CRIU_CONFIG_FILE");
	execlp(kh_criu_binary(), kh_criu_binary(), "lazy-pages", "-D", g->dir,
	       "-W", g->logdir, "-o", l->log, "-v3", "--status-fd", fdnum,
	       (char *)NULL);
	_exit(127);
}

/* Copies of the daemon's userfaultfds, so that none is released when it
 * exits. */
static int grab_uffds(pid_t daemon, int *fds)
{
	char dir[64], path[64 + 256], target[64];
	struct dirent *e;
	int pidfd, n = 0;
	ssize_t len;
	DIR *d;

	pidfd = (int)syscall(SYS_pidfd_open, daemon, 0);
	if (pidfd < 0)
		return -errno;
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)daemon);
	d = opendir(dir);
	if (!d) {
		close(pidfd);
		return -errno;
	}
	while ((e = readdir(d)) && n < MAX_UFFDS) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (strcmp(target, "anon_inode:[userfaultfd]"))
			continue;
		fds[n] = (int)syscall(SYS_pidfd_getfd, pidfd, atoi(e->d_name), 0);
		if (fds[n] >= 0)
			n++;
	}
	closedir(d);
	close(pidfd);
	return n;
}

static void kill_tree(struct kh_ctx *ctx, struct kh_group *seen, int root)
{
	struct kh_group *now = malloc(sizeof(*now));
	int i;

	if (now && !kh_group_tree(ctx, root, now))
		for (i = 0; i < now->npids; i++)
			kill(now->pids[i], SIGKILL);
	for (i = 0; i < seen->npids; i++)
		kill(seen->pids[i], SIGKILL);
	free(now);
}

/* The daemon says it is done with status 0 once every page is in. */
static int daemon_failed(int ws)
{
	return !WIFEXITED(ws) || WEXITSTATUS(ws);
}

static void guard(struct kh_ctx *ctx, const struct kh_lazy *l,
		  const struct kh_lazy_group *g, pid_t daemon, int root,
		  int to_parent)
{
	int fds[MAX_UFFDS], n, i, ws = 0, last = -1, tries, done;
	struct kh_group *tree = calloc(1, sizeof(*tree));
	char why[800], line[2048];
	double t0;

	if (!tree || kh_group_tree(ctx, root, tree)) {
		kill(daemon, SIGKILL);
		if (tree) {
			tree->npids = 0;
			kill_tree(ctx, tree, root);
		}
		reply(to_parent, 'K', "cannot list the restored processes");
		_exit(1);
	}
	/* The restored processes hand their userfaultfds over while CRIU
	 * finishes; wait until the daemon's count settles. */
	for (tries = 0, n = 0; tries < 40; tries++) {
		for (i = 0; i < n; i++)
			close(fds[i]);
		n = grab_uffds(daemon, fds);
		if (n < 0)
			n = 0;
		if (n == last && (n >= tree->npids || tries >= 4))
			break;
		last = n;
		usleep(50 * 1000);
	}
	done = waitpid(daemon, &ws, WNOHANG) == daemon;
	if (done && daemon_failed(ws)) {
		kill_tree(ctx, tree, root);
		reason(l, g, "criu lazy-pages ended before the processes ran",
		       why, sizeof(why));
		reply(to_parent, 'K', why);
		_exit(1);
	}
	for (i = 0; i < tree->npids; i++)
		kill(tree->pids[i], SIGCONT);
	reply(to_parent, 'O', "");
	close(to_parent);
	t0 = kh_now();
	if (!done)
		done = waitpid(daemon, &ws, 0) == daemon;
	if (done && !daemon_failed(ws)) {
		snprintf(line, sizeof(line), "%s: all pages in %.2f s after it ran again",
			 g->name, kh_now() - t0);
		if (g->drop)
			kh_remove_tree_warn(g->dir, "the served images");
	} else {
		kill_tree(ctx, tree, root);
		reason(l, g, "criu lazy-pages failed", why, sizeof(why));
		snprintf(line, sizeof(line), "%s: FAILED after the restore: %s; its processes were killed, not left to run on missing memory; images kept in %s",
			 g->name, why, g->dir);
	}
	record(ctx, line);
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(tree);
}

static void monitor(struct kh_ctx *ctx, const struct kh_lazy *l,
		    const struct kh_lazy_group *g, int from_parent,
		    int to_parent)
{
	int sp[2], root;
	char c, why[800], cmd[1 + sizeof(int)];
	pid_t daemon;
	ssize_t got;
	int ws;

	signal(SIGPIPE, SIG_IGN);
	if (pipe(sp)) {
		reply(to_parent, 'F', strerror(errno));
		_exit(1);
	}
	fcntl(sp[0], F_SETFD, FD_CLOEXEC);
	daemon = spawn_daemon(l, g, sp[1]);
	close(sp[1]);
	if (daemon < 0) {
		reply(to_parent, 'F', "cannot start criu lazy-pages");
		_exit(1);
	}
	do
		got = read(sp[0], &c, 1);
	while (got < 0 && errno == EINTR);
	close(sp[0]);
	if (got != 1) {
		waitpid(daemon, &ws, 0);
		reason(l, g, "criu lazy-pages did not start", why, sizeof(why));
		reply(to_parent, 'F', why);
		_exit(1);
	}
	reply(to_parent, 'R', "");
	if (kh_read_full(from_parent, cmd, sizeof(cmd)) != (ssize_t)sizeof(cmd) ||
	    cmd[0] != 'P') {
		kill(daemon, SIGKILL);
		waitpid(daemon, &ws, 0);
		_exit(0);
	}
	memcpy(&root, cmd + 1, sizeof(root));
	guard(ctx, l, g, daemon, root, to_parent);
	_exit(0);
}

int kh_lazy_start(struct kh_ctx *ctx, struct kh_lazy *l,
		  const struct kh_lazy_group *g)
{
	static const char conf[] = "lazy-pages\nleave-stopped\n";
	struct kh_part part = { conf, sizeof(conf) - 1 };
	int to[2], from[2], err;
	char buf[1 + 1024];
	ssize_t got;

	memset(l, 0, sizeof(*l));
	l->to = l->from = -1;
	snprintf(l->log, sizeof(l->log), "lazy-pages-group-%u.log", g->index);
	if (snprintf(l->conf, sizeof(l->conf), "%s/lazy-group-%u.conf",
		     g->logdir, g->index) >= (int)sizeof(l->conf) ||
	    snprintf(l->report, sizeof(l->report), "%s/page-check-group-%u.log",
		     g->logdir, g->index) >= (int)sizeof(l->report))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", g->logdir);
	err = page_check_so(l->so, sizeof(l->so));
	if (err)
		return kh_fail(ctx, err, "cannot find the page checker, page-check.so");
	unlink(l->report);
	err = kh_write_file(ctx, l->conf, &part, 1);
	if (err)
		return err;
	if (pipe2(to, O_CLOEXEC))
		return kh_fail(ctx, -errno, "pipe: %s", strerror(errno));
	if (pipe2(from, O_CLOEXEC)) {
		err = -errno;
		close(to[0]);
		close(to[1]);
		return kh_fail(ctx, err, "pipe: %s", strerror(errno));
	}
	fflush(stdout);
	fflush(stderr);
	l->monitor = fork();
	if (l->monitor < 0) {
		err = -errno;
		close(to[0]), close(to[1]), close(from[0]), close(from[1]);
		return kh_fail(ctx, err, "fork: %s", strerror(-err));
	}
	if (!l->monitor) {
		close(to[1]);
		close(from[0]);
		monitor(ctx, l, g, to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	l->to = to[1];
	l->from = from[0];
	got = read(l->from, buf, sizeof(buf) - 1);
	if (got >= 1 && buf[0] == 'R')
		return 0;
	buf[got > 0 ? got : 1] = '\0';
	kh_lazy_cancel(l);
	return kh_fail(ctx, -EIO, "lazy restore: %s",
		       got > 1 ? buf + 1 : "the monitor ended");
}

int kh_lazy_resume(struct kh_ctx *ctx, struct kh_lazy *l, int pid)
{
	char cmd[1 + sizeof(int)], buf[1 + 1024];
	ssize_t got;

	cmd[0] = 'P';
	memcpy(cmd + 1, &pid, sizeof(pid));
	got = kh_write_all(l->to, cmd, sizeof(cmd)) ? -1 :
	      read(l->from, buf, sizeof(buf) - 1);
	close(l->to);
	close(l->from);
	l->to = l->from = -1;
	/* Left to run on its own; init reaps it. */
	l->monitor = 0;
	if (got >= 1 && buf[0] == 'O')
		return 0;
	buf[got > 0 ? got : 1] = '\0';
	if (got < 1)
		kill(pid, SIGKILL);
	return kh_fail(ctx, -EIO, "%s; the restored processes were killed",
		       got > 1 ? buf + 1 : "the lazy restore's monitor ended");
}

void kh_lazy_cancel(struct kh_lazy *l)
{
	int ws;

	if (l->to >= 0)
		close(l->to);
	if (l->from >= 0)
		close(l->from);
	l->to = l->from = -1;
	if (l->monitor > 0)
		waitpid(l->monitor, &ws, 0);
	l->monitor = 0;
}
