// SPDX-License-Identifier: GPL-2.0-only
/*
 * proc_group.c - read a process tree from /proc before checkpointing it
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "namespaces.h"
#include "proc_group.h"

static int proc_path(struct kh_ctx *ctx, char *out, size_t len, int pid,
		     const char *rest)
{
	char abs[128];

	snprintf(abs, sizeof(abs), "/proc/%d%s", pid, rest);
	if (kh_path(ctx, out, len, abs))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", abs);
	return 0;
}

/* Read /proc/PID/<rest> whole; a process that is gone reads as -ENOENT. */
static int read_proc(struct kh_ctx *ctx, int pid, const char *rest,
		     char **text)
{
	char path[PATH_MAX];
	size_t len;
	int err = proc_path(ctx, path, sizeof(path), pid, rest);

	if (!err)
		err = kh_read_file(ctx, path, 4 << 20, (void **)text, &len);
	return err;
}

/* comm sits in parentheses and may itself hold ") ", so the fields
 * start after the last ')'. */
static int read_stat(struct kh_ctx *ctx, int pid, char comm[17], int *ppid,
		     unsigned long long *start)
{
	char *text, *open, *close, *p;
	int err = read_proc(ctx, pid, "/stat", &text), field;

	if (err == -ENOENT)
		return kh_fail(ctx, err, "process %d does not exist", pid);
	if (err)
		return err;
	open = strchr(text, '(');
	close = strrchr(text, ')');
	err = kh_fail(ctx, -EIO, "/proc/%d/stat: unexpected format", pid);
	if (open && close && close > open) {
		size_t n = (size_t)(close - open - 1);

		if (comm) {
			n = n > 16 ? 16 : n;
			memcpy(comm, open + 1, n);
			comm[n] = '\0';
		}
		/* Field 3 (state) follows ") "; ppid is 4, starttime 22.
		 * A ')' that ends the file has no fields after it. */
		p = close[1] == ' ' ? close + 2 : NULL;
		for (field = 3; p && field < 22; field++) {
			if (field == 4 && ppid)
				*ppid = atoi(p);
			p = strchr(p, ' ');
			p = p ? p + 1 : NULL;
		}
		if (p) {
			*start = strtoull(p, NULL, 10);
			err = 0;
		}
	}
	free(text);
	return err;
}

int kh_proc_start_time(struct kh_ctx *ctx, int pid, unsigned long long *out)
{
	return read_stat(ctx, pid, NULL, NULL, out);
}

int kh_group_has(const struct kh_group *g, int pid)
{
	int i;

	for (i = 0; i < g->npids; i++)
		if (g->pids[i] == pid)
			return 1;
	return 0;
}

/* No chain of parents in a real /proc is longer than the kernel's
 * PID_MAX_LIMIT; a fake one may loop. */
#define PARENT_CHAIN_MAX (4 * 1024 * 1024)

int kh_group_member_above(struct kh_ctx *ctx, const struct kh_group *g,
			  int pid)
{
	char saved[sizeof(ctx->err)];
	unsigned long long start;
	int hops, ppid;

	for (hops = 0; hops < PARENT_CHAIN_MAX && pid > 1; hops++) {
		if (kh_group_has(g, pid))
			return pid;
		memcpy(saved, ctx->err, sizeof(saved));
		if (read_stat(ctx, pid, NULL, &ppid, &start)) {
			memcpy(ctx->err, saved, sizeof(saved));
			return -ENOENT;
		}
		pid = ppid;
	}
	return 0;
}

static int add_pid(struct kh_ctx *ctx, struct kh_group *g, int pid)
{
	if (kh_group_has(g, pid))
		return 0;
	if (g->npids == KH_GROUP_MAX_PIDS)
		return kh_fail(ctx, -E2BIG,
			       "process %d: tree has more than %d processes",
			       g->root_pid, KH_GROUP_MAX_PIDS);
	g->pids[g->npids++] = pid;
	return 0;
}

/* Breadth first over /proc/PID/task/TID/children: g->pids is the queue. */
static int collect_tree(struct kh_ctx *ctx, struct kh_group *g)
{
	char path[PATH_MAX], *text, *p, *end;
	struct dirent *de;
	DIR *dir;
	int i, err = add_pid(ctx, g, g->root_pid);

	for (i = 0; !err && i < g->npids; i++) {
		err = proc_path(ctx, path, sizeof(path), g->pids[i], "/task");
		if (err)
			break;
		dir = opendir(path);
		if (!dir)
			continue;	/* exited meanwhile: CRIU will see */
		while (!err && (de = readdir(dir))) {
			char rest[64];

			if (de->d_name[0] == '.')
				continue;
			snprintf(rest, sizeof(rest), "/task/%.20s/children",
				 de->d_name);
			if (read_proc(ctx, g->pids[i], rest, &text))
				continue;
			for (p = text; !err; p = end) {
				long child = strtol(p, &end, 10);

				if (end == p)
					break;
				err = add_pid(ctx, g, (int)child);
			}
			free(text);
		}
		closedir(dir);
	}
	return err;
}

int kh_group_tree(struct kh_ctx *ctx, int pid, struct kh_group *g)
{
	memset(g, 0, sizeof(*g));
	g->root_pid = pid;
	return collect_tree(ctx, g);
}

/* The dump ends the tree, so a tree holding the tool would end it too. */
static int check_not_ancestor(struct kh_ctx *ctx, struct kh_group *g)
{
	int pid;

	/* Only meaningful for the real /proc: a fake root has other PIDs. */
	if (ctx->root[0])
		return 0;
	pid = kh_group_member_above(ctx, g, getpid());
	if (pid > 0)
		return kh_fail(ctx, -EINVAL,
			       "process %d: its tree holds kexec-handoff itself (process %d); checkpointing it would end the tool",
			       g->root_pid, pid);
	return 0;
}

struct mount {
	char *point, *fstype;
};

/* A field of mountinfo with its octal escapes (\040 for a space) undone. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
					(s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* The filesystem type of the mount holding @path: longest mount point
 * that is a prefix of it, the last one listed winning (it is on top). */
static const char *fstype_of(char *mountinfo, const char *path)
{
	static char best_type[64];
	size_t best = 0;
	char *line, *save = NULL;
	int found = 0;

	for (line = strtok_r(mountinfo, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char point[PATH_MAX], fstype[64], *dash;
		size_t n;

		dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    sscanf(dash + 3, "%63s", fstype) != 1)
			continue;
		unescape(point);
		n = strlen(point);
		if (strcmp(point, "/") && (strncmp(path, point, n) ||
					   (path[n] && path[n] != '/')))
			continue;
		if (strcmp(point, "/") == 0)
			n = 0;
		if (!found || n >= best) {
			best = n;
			found = 1;
			snprintf(best_type, sizeof(best_type), "%s", fstype);
		}
	}
	return found ? best_type : "";
}

int kh_on_volatile_mount(const char *mountinfo, const char *path)
{
	char *copy = strdup(mountinfo);
	const char *t;
	int yes;

	if (!copy)
		return -ENOMEM;
	t = fstype_of(copy, path);
	yes = !strcmp(t, "tmpfs") || !strcmp(t, "ramfs") || !strcmp(t, "rootfs");
	free(copy);
	return yes;
}

static int printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

static int add_file(struct kh_ctx *ctx, struct kh_group *g, int pid,
		    const char *mountinfo, const char *path)
{
	char full[PATH_MAX];
	struct stat st;
	int i;

	if (path[0] != '/')
		return 0;
	for (i = 0; i < g->nfiles; i++)
		if (!strcmp(g->files[i], path))
			return 0;
	if (kh_path(ctx, full, sizeof(full), path) || stat(full, &st) ||
	    !S_ISREG(st.st_mode))
		return 0;
	i = kh_on_volatile_mount(mountinfo, path);
	if (i < 0)
		return kh_fail(ctx, i, "out of memory");
	if (!i)
		return 0;
	if (!printable(path) || strlen(path) > 240)
		return kh_fail(ctx, -EINVAL,
			       "process %d uses a file on a volatile filesystem whose name cannot be carried (not printable ASCII or too long)",
			       pid);
	if (g->nfiles == KH_GROUP_MAX_FILES)
		return kh_fail(ctx, -E2BIG,
			       "process %d: more than %d files on volatile filesystems",
			       g->root_pid, KH_GROUP_MAX_FILES);
	g->files[g->nfiles] = strdup(path);
	if (!g->files[g->nfiles])
		return kh_fail(ctx, -ENOMEM, "out of memory");
	g->nfiles++;
	return 0;
}

static int is_terminal(const char *t)
{
	return !strncmp(t, "/dev/pts/", 9) || !strncmp(t, "/dev/tty", 8) ||
	       !strcmp(t, "/dev/console") || !strcmp(t, "/dev/ptmx");
}

struct inodes {
	unsigned long v[KH_GROUP_MAX_TCP * 4];
	int n;
};

/* Open descriptors: terminals refuse, sockets are noted, files on
 * volatile filesystems are carried. */
static int scan_fds(struct kh_ctx *ctx, struct kh_group *g, int pid,
		    const char *mountinfo, struct inodes *socks)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int err = proc_path(ctx, path, sizeof(path), pid, "/fd");

	if (err)
		return err;
	dir = opendir(path);
	if (!dir)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	while (!err && (de = readdir(dir))) {
		ssize_t n;
		unsigned long ino;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(dir), de->d_name, target,
			       sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (is_terminal(target))
			err = kh_fail(ctx, -EINVAL,
				      "process %d holds the terminal %s (descriptor %s); start it with setsid and its standard streams redirected",
				      pid, target, de->d_name);
		else if (sscanf(target, "socket:[%lu]", &ino) == 1) {
			if (socks->n < (int)(sizeof(socks->v) / sizeof(socks->v[0])))
				socks->v[socks->n++] = ino;
		} else
			err = add_file(ctx, g, pid, mountinfo, target);
	}
	closedir(dir);
	return err;
}

/* Mapped files (the executable, its libraries) are needed as much as
 * open ones. */
static int scan_maps(struct kh_ctx *ctx, struct kh_group *g, int pid,
		     const char *mountinfo)
{
	char *text, *line, *save = NULL, *path;
	int err = read_proc(ctx, pid, "/maps", &text);

	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); !err && line;
	     line = strtok_r(NULL, "\n", &save)) {
		path = strchr(line, '/');
		if (path && !strstr(path, " (deleted)"))
			err = add_file(ctx, g, pid, mountinfo, path);
	}
	free(text);
	return err;
}

static int hexbytes(const char *hex, uint8_t *out, int words)
{
	int i;

	for (i = 0; i < words; i++) {
		char w[9];
		uint32_t v;

		memcpy(w, hex + 8 * i, 8);
		w[8] = '\0';
		if (strspn(w, "0123456789abcdefABCDEF") != 8)
			return -1;
		/* The kernel prints each 32-bit word in host order. */
		v = (uint32_t)strtoul(w, NULL, 16);
		memcpy(out + 4 * i, &v, 4);
	}
	return 0;
}

/* CRIU writes every present page of private and shared anonymous
 * memory; file-backed pages it leaves to the files. */
static void scan_memory(struct kh_ctx *ctx, struct kh_group *g, int pid)
{
	char *text, *line, *save = NULL;
	unsigned long long kib;

	if (read_proc(ctx, pid, "/smaps_rollup", &text))
		return;	/* older kernels and captured trees: no estimate */
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "Anonymous: %llu kB", &kib) == 1 ||
		    sscanf(line, "Pss_Shmem: %llu kB", &kib) == 1)
			g->mem_bytes += kib << 10;
	free(text);
}

/* Established connections (state 01) whose socket the group holds. */
static int scan_tcp(struct kh_ctx *ctx, struct kh_group *g, int pid,
		    const char *table, int family, const struct inodes *socks)
{
	int words = family == AF_INET ? 1 : 4, err = 0;
	char *text, *line, *save = NULL;

	if (read_proc(ctx, pid, table, &text))
		return 0;	/* no IPv6, say */
	for (line = strtok_r(text, "\n", &save); !err && line;
	     line = strtok_r(NULL, "\n", &save)) {
		char l[40], r[40];
		unsigned int lport, rport, st;
		unsigned long ino;
		struct kh_tcp_conn c = { .family = family };

		if (sscanf(line, " %*s %39[0-9A-Fa-f]:%x %39[0-9A-Fa-f]:%x %x %*s %*s %*s %*s %*s %lu",
			   l, &lport, r, &rport, &st, &ino) != 6 ||
		    st != 1 || lport > 0xffff || rport > 0xffff ||
		    !kh_inode_in(socks->v, socks->n, ino) ||
		    strlen(l) != (size_t)words * 8 || strlen(r) != strlen(l) ||
		    hexbytes(l, c.laddr, words) || hexbytes(r, c.raddr, words))
			continue;
		c.lport = lport;
		c.rport = rport;
		if (g->ntcp == KH_GROUP_MAX_TCP)
			err = kh_fail(ctx, -E2BIG,
				      "process %d: more than %d TCP connections",
				      g->root_pid, KH_GROUP_MAX_TCP);
		else
			g->tcp[g->ntcp++] = c;
	}
	free(text);
	return err;
}

/* sock_diag answers for the running kernel only: a captured tree under
 * ctx->root has no sockets to ask about. */
static int scan_unix(struct kh_ctx *ctx, struct kh_group *g,
		     const struct inodes *socks)
{
	struct kh_unix_sock *tab;
	int n;

	if (ctx->root[0] || !socks->n)
		return 0;
	n = kh_unix_sockets(ctx, &tab);
	if (n < 0)
		return n;
	n = kh_journal_classify(ctx, tab, n, socks->v, socks->n, g->root_pid,
				g->comm, g->journal, KH_JOURNAL_MAX);
	free(tab);
	if (n < 0)
		return n;
	g->njournal = n;
	return 0;
}

int kh_group_scan(struct kh_ctx *ctx, int pid, struct kh_group *g)
{
	struct inodes *socks;
	char *mountinfo;
	int i, err;

	memset(g, 0, sizeof(*g));
	g->root_pid = pid;
	if (pid <= 1)
		return kh_fail(ctx, -EINVAL,
			       "process %d cannot be checkpointed: it is %s",
			       pid, pid == 1 ? "init" : "not a process ID");
	err = read_stat(ctx, pid, g->comm, NULL, &g->start_time);
	if (!err)
		err = collect_tree(ctx, g);
	if (!err)
		err = check_not_ancestor(ctx, g);
	if (err)
		return err;
	socks = calloc(1, sizeof(*socks));
	if (!socks)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < g->npids; i++) {
		mountinfo = NULL;
		err = kh_check_namespaces(ctx, g->pids[i], g->comm);
		if (!err)
			err = read_proc(ctx, g->pids[i], "/mountinfo",
					&mountinfo);
		if (err == -ENOENT) {
			err = 0;	/* exited meanwhile */
			continue;
		}
		if (!err)
			err = scan_fds(ctx, g, g->pids[i], mountinfo, socks);
		if (!err)
			err = scan_maps(ctx, g, g->pids[i], mountinfo);
		if (!err)
			scan_memory(ctx, g, g->pids[i]);
		free(mountinfo);
	}
	if (!err)
		err = scan_unix(ctx, g, socks);
	/* One network namespace for the tree: CRIU dumps that of the root. */
	if (!err)
		err = scan_tcp(ctx, g, pid, "/net/tcp", AF_INET, socks);
	if (!err)
		err = scan_tcp(ctx, g, pid, "/net/tcp6", AF_INET6, socks);
	free(socks);
	return err;
}

void kh_group_free(struct kh_group *g)
{
	int i;

	for (i = 0; i < g->nfiles; i++)
		free(g->files[i]);
	g->nfiles = 0;
}
