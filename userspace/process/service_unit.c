// SPDX-License-Identifier: GPL-2.0-only
/*
 * service_unit.c - a systemd service selected for checkpointing
 * (service_unit.h)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "service_unit.h"
#include "spawn.h"

/* Where systemd mounts the unified cgroup hierarchy, below /sys. */
#define CGROUP2_UNDER_SYS "/fs/cgroup"

/* systemctl show prints a few hundred bytes for these properties; a
 * cgroup path is at most PATH_MAX. */
#define SHOW_MAX (PATH_MAX + 4096)

/* A cgroup nested deeper than this below the unit's is refused. */
#define CGROUP_DEPTH_MAX 8

int kh_unit_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > KH_UNIT_NAME_MAX || name[0] == '-')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\@") == n;
}

struct field {
	const char *key;
	char *text;		/* NULL: a PID, into *pid */
	size_t size;
	int *pid;
};

static int take_value(const struct field *f, const char *v, size_t n)
{
	char *end;
	long pid;

	if (f->text) {
		if (n >= f->size)
			return -EINVAL;
		memcpy(f->text, v, n);
		f->text[n] = '\0';
		return 0;
	}
	if (!n || n > 10)
		return -EINVAL;
	pid = strtol(v, &end, 10);
	if (end != v + n || pid < 0 || pid > 0x3fffffff)
		return -EINVAL;
	*f->pid = (int)pid;
	return 0;
}

int kh_unit_parse(const char *text, struct kh_unit *u, char *why,
		  size_t why_len)
{
	const struct field fields[] = {
		{ "Id", u->id, sizeof(u->id), NULL },
		{ "LoadState", u->load_state, sizeof(u->load_state), NULL },
		{ "ActiveState", u->active_state, sizeof(u->active_state),
		  NULL },
		{ "SubState", u->sub_state, sizeof(u->sub_state), NULL },
		{ "Type", u->type, sizeof(u->type), NULL },
		{ "MainPID", NULL, 0, &u->main_pid },
		{ "ControlPID", NULL, 0, &u->control_pid },
		{ "ControlGroup", u->cgroup, sizeof(u->cgroup), NULL },
	};
	enum { NFIELDS = sizeof(fields) / sizeof(fields[0]) };
	int seen[NFIELDS] = { 0 };
	const char *line, *eq, *end;
	size_t i;

	memset(u, 0, sizeof(*u));
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		eq = memchr(line, '=', (size_t)(end - line));
		if (!eq)
			continue;
		for (i = 0; i < NFIELDS; i++) {
			const struct field *f = &fields[i];
			size_t klen = strlen(f->key);

			if ((size_t)(eq - line) != klen ||
			    strncmp(line, f->key, klen))
				continue;
			if (seen[i]++ ||
			    take_value(f, eq + 1, (size_t)(end - eq - 1))) {
				snprintf(why, why_len, "systemctl show: bad %s line",
					 f->key);
				return -EINVAL;
			}
		}
	}
	/* A service may have no cgroup (not running) and Type only exists
	 * for services; kh_unit_check() judges those. */
	for (i = 0; i < NFIELDS; i++) {
		if (!seen[i] && strcmp(fields[i].key, "ControlGroup") &&
		    strcmp(fields[i].key, "Type")) {
			snprintf(why, why_len, "systemctl show printed no %s",
				 fields[i].key);
			return -EINVAL;
		}
	}
	return 0;
}

static int suffix_is(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int kh_unit_check(struct kh_ctx *ctx, const char *name,
		  const struct kh_unit *u)
{
	if (!strcmp(u->load_state, "not-found"))
		return kh_fail(ctx, -ENOENT, "unit %s: systemd has no such unit (LoadState=not-found)",
			       name);
	if (strcmp(u->load_state, "loaded"))
		return kh_fail(ctx, -EINVAL, "unit %s: its unit file is not loaded as it is (LoadState=%s)",
			       name, u->load_state);
	if (!suffix_is(u->id, ".service"))
		return kh_fail(ctx, -EINVAL, "unit %s: only services can be carried (a service's processes are its own; %s is not a service)",
			       name, u->id);
	if (!strcmp(u->active_state, "activating") ||
	    !strcmp(u->active_state, "deactivating") ||
	    !strcmp(u->active_state, "reloading"))
		return kh_fail(ctx, -EBUSY, "unit %s is changing state (ActiveState=%s, SubState=%s): try again once it is active",
			       u->id, u->active_state, u->sub_state);
	if (strcmp(u->active_state, "active"))
		return kh_fail(ctx, -ESRCH, "unit %s is not active (ActiveState=%s, SubState=%s): nothing to carry",
			       u->id, u->active_state, u->sub_state);
	if (!strcmp(u->type, "oneshot"))
		return kh_fail(ctx, -EINVAL, "unit %s is Type=oneshot: its processes run to completion and are not carried",
			       u->id);
	if (!u->main_pid)
		return kh_fail(ctx, -ESRCH, "unit %s has no main process (MainPID=0)",
			       u->id);
	if (u->control_pid)
		return kh_fail(ctx, -EBUSY, "unit %s is running a control process (PID %d, a start-up, reload or stop command): try again once it has finished",
			       u->id, u->control_pid);
	if (u->cgroup[0] != '/' || strstr(u->cgroup, "/../") ||
	    suffix_is(u->cgroup, "/.."))
		return kh_fail(ctx, -EINVAL, "unit %s: unexpected ControlGroup '%s'",
			       u->id, u->cgroup);
	return 0;
}

static void comm_of(struct kh_ctx *ctx, int pid, char *out, size_t len)
{
	char abs[64];

	snprintf(abs, sizeof(abs), "/proc/%d/comm", pid);
	if (kh_read_line(ctx, abs, out, len))
		snprintf(out, len, "?");
}

/* The tree was read before the cgroup: a process forked from it since,
 * or gone since, is no stray. A stray is one whose ancestors never reach
 * the tree. */
static int is_stray(struct kh_ctx *ctx, const struct kh_group *g, int pid)
{
	return kh_group_member_above(ctx, g, pid) == 0;
}

static int check_procs(struct kh_ctx *ctx, const struct kh_unit *u,
		       const char *dir, const struct kh_group *g)
{
	char path[PATH_MAX], *text, *p, *end;
	size_t len;
	int err;

	if (snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >=
	    (int)sizeof(path))
		return kh_fail(ctx, -ENAMETOOLONG, "unit %s: %s: path too long",
			       u->id, dir);
	err = kh_read_file(ctx, path, 1 << 20, (void **)&text, &len);
	if (err)
		return kh_fail(ctx, err, "unit %s: cannot read its cgroup (the unified cgroup v2 hierarchy at /sys/fs/cgroup is needed): %s",
			       u->id, ctx->err);
	for (p = text; !err; p = end) {
		long pid = strtol(p, &end, 10);
		char comm[32];

		if (end == p)
			break;
		if (!is_stray(ctx, g, (int)pid))
			continue;
		comm_of(ctx, (int)pid, comm, sizeof(comm));
		err = kh_fail(ctx, -EINVAL, "unit %s: process %ld (%s) is in its cgroup but not below its main process %d; CRIU dumps one process tree, so this one would be lost",
			      u->id, pid, comm, u->main_pid);
	}
	free(text);
	return err;
}

/* Every process in @dir's cgroup.procs, and in every cgroup below it
 * (systemd's own ".control" of a delegated unit included), must belong
 * to @g: the dump takes @g and nothing else. */
static int check_cgroup(struct kh_ctx *ctx, const struct kh_unit *u,
			const char *dir, int depth, const struct kh_group *g)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int err;

	if (depth > CGROUP_DEPTH_MAX)
		return kh_fail(ctx, -ELOOP, "unit %s: cgroup %s nested more than %d deep",
			       u->id, dir, CGROUP_DEPTH_MAX);
	err = check_procs(ctx, u, dir, g);
	if (err)
		return err;
	d = opendir(dir);
	if (!d)
		return kh_fail(ctx, -errno, "unit %s: %s: %s", u->id, dir,
			       strerror(errno));
	for (errno = 0; !err && (de = readdir(d)); errno = 0) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_type == DT_UNKNOWN &&
		    !fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISDIR(st.st_mode))
			de->d_type = DT_DIR;
		if (de->d_type != DT_DIR)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			err = kh_fail(ctx, -ENAMETOOLONG, "unit %s: %s/%s: path too long",
				      u->id, dir, de->d_name);
		else
			err = check_cgroup(ctx, u, path, depth + 1, g);
	}
	if (!err && errno)
		err = kh_fail(ctx, -errno, "unit %s: reading %s: %s", u->id,
			      dir, strerror(errno));
	closedir(d);
	return err;
}

/* The other way round: a process of the tree that was moved into
 * another unit's cgroup (systemd-run --scope) is that unit's, and the
 * dump would take it from there. */
static int check_tree_cgroups(struct kh_ctx *ctx, const struct kh_unit *u,
			      const struct kh_group *g)
{
	size_t n = strlen(u->cgroup);
	char abs[64], *text, *line;
	size_t len;
	int i, err = 0;

	for (i = 0; !err && i < g->npids; i++) {
		char path[PATH_MAX];
		const char *cg = NULL;

		snprintf(abs, sizeof(abs), "/proc/%d/cgroup", g->pids[i]);
		if (kh_path(ctx, path, sizeof(path), abs))
			return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", abs);
		if (kh_read_file(ctx, path, 1 << 16, (void **)&text, &len))
			continue;	/* exited meanwhile: CRIU will see */
		for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			if (!strncmp(line, "0::", 3))
				cg = line + 3;
		if (!cg || strncmp(cg, u->cgroup, n) || (cg[n] && cg[n] != '/')) {
			char comm[32];

			comm_of(ctx, g->pids[i], comm, sizeof(comm));
			err = kh_fail(ctx, -EINVAL, "unit %s: process %d (%s) of its main process's tree is in cgroup %s, not the unit's; the dump would take it from there",
				      u->id, g->pids[i], comm, cg ? cg : "(none in cgroup v2)");
		}
		free(text);
	}
	return err;
}

static int ask_systemd(struct kh_ctx *ctx, const char *name,
		       struct kh_unit *u)
{
	const char *const args[] = { "show", "-p", KH_UNIT_PROPERTIES, "--",
				     name, NULL };
	char why[256], *out;
	int err;

	if (!kh_unit_name_ok(name))
		return kh_fail(ctx, -EINVAL, "'%s' is not a unit name", name);
	err = kh_run_output(ctx, ctx->systemctl, args, SHOW_MAX, &out);
	if (err) {
		memcpy(why, ctx->err, sizeof(why));
		why[sizeof(why) - 1] = '\0';
		free(out);
		return kh_fail(ctx, err, "unit %s: %s show failed: %s", name,
			       ctx->systemctl, why);
	}
	err = kh_unit_parse(out, u, why, sizeof(why));
	free(out);
	if (err)
		return kh_fail(ctx, err, "unit %s: %s", name, why);
	return kh_unit_check(ctx, name, u);
}

int kh_unit_scan(struct kh_ctx *ctx, const char *name, struct kh_unit *u,
		 struct kh_group *g)
{
	char dir[PATH_MAX];
	int err;

	memset(g, 0, sizeof(*g));
	err = ask_systemd(ctx, name, u);
	if (err)
		return err;
	err = kh_group_scan(ctx, u->main_pid, g);
	if (err)
		return kh_fail(ctx, err, "unit %s (main process %d): %s",
			       u->id, u->main_pid, ctx->err);
	if (snprintf(dir, sizeof(dir), "%s%s%s", ctx->sysfs, CGROUP2_UNDER_SYS,
		     u->cgroup) >= (int)sizeof(dir))
		return kh_fail(ctx, -ENAMETOOLONG, "unit %s: cgroup path too long",
			       u->id);
	err = check_cgroup(ctx, u, dir, 0, g);
	return err ? err : check_tree_cgroups(ctx, u, g);
}
