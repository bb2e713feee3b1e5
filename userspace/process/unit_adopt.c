// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_adopt.c - a carried service back under its own unit (unit_adopt.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handoff.h"
#include "proc_group.h"
#include "restore_blob.h"
#include "service_unit.h"
#include "spawn.h"
#include "state.h"
#include "unit_adopt.h"

#define RESTORE_UNIT "kexec-handoff-restore.service"
#define RESTORE_TCP_UNIT "kexec-handoff-restore-tcp.service"

/* @out (PATH_MAX bytes): KH_STATE_UNITS/@unit@suffix, the directory made. */
static int unit_file(struct kh_ctx *ctx, char *out, const char *unit,
		     const char *suffix)
{
	char dir[PATH_MAX];
	int err = kh_state_subdir(ctx, dir, sizeof(dir), KH_STATE_UNITS);

	if (!err && snprintf(out, PATH_MAX, "%s/%s%s", dir, unit, suffix) >=
		    PATH_MAX)
		err = kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	return err;
}

static int marked(struct kh_ctx *ctx, const char *unit, const char *suffix)
{
	char path[PATH_MAX];

	return !unit_file(ctx, path, unit, suffix) && !access(path, F_OK);
}

static int write_text(struct kh_ctx *ctx, const char *path, const char *text)
{
	struct kh_part part = { text, strlen(text) };

	return kh_write_file(ctx, path, &part, 1);
}

static int self_path(struct kh_ctx *ctx, char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - 1);

	if (n < 0)
		return kh_fail(ctx, -errno, "/proc/self/exe: %s", strerror(errno));
	out[n] = '\0';
	return 0;
}

/* A name from the blob goes into file names and unit files: only a
 * service name systemd itself would accept. */
static int carried_unit(const struct handoff_group *g)
{
	size_t len = g->unit ? strlen(g->unit) : 0;

	return len > 8 && kh_unit_name_ok(g->unit) &&
	       !strcmp(g->unit + len - 8, ".service");
}

static int write_dropin(struct kh_ctx *ctx, const char *dir,
			const struct handoff_group *g, const char *self)
{
	const char *wait = g->flags & HANDOFF_GROUP_TCP_ESTABLISHED ?
			   RESTORE_UNIT " " RESTORE_TCP_UNIT : RESTORE_UNIT;
	char sub[PATH_MAX], path[PATH_MAX + 64], pidfile[PATH_MAX];
	char text[4 * PATH_MAX];
	int err = unit_file(ctx, pidfile, g->unit, ".pid");

	if (err)
		return err;
	if (snprintf(sub, sizeof(sub), "%s/%s.d", dir, g->unit) >= (int)sizeof(sub))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	if (mkdir(sub, 0755) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", sub, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", sub, KH_ADOPT_DROPIN);
	/* The PID file is under ctx->root only in tests; systemd reads
	 * it as the real path. Its start-up commands ran in the old system
	 * and must not run again on the restored process. */
	snprintf(text, sizeof(text),
		 "# %s was checkpointed before the kexec: this boot it is\n"
		 "# adopted from its restore, not started (kexec-handoff(8)).\n"
		 "[Unit]\nAfter=%s\n\n"
		 "[Service]\nType=forking\nPIDFile=%s\nGuessMainPID=no\n"
		 "ExecStartPre=\nExecStartPost=\nExecStart=\n"
		 "ExecStart=+%s adopt %s\n",
		 g->unit, wait, pidfile + strlen(ctx->root), self,
		 g->unit);
	return write_text(ctx, path, text);
}

/* kexec-handoff-adopted.service waits for every carried unit, and pulls
 * it in: it ran before the kexec, enabled or only started by hand, and
 * runs after it, adopted or (restore failed) started fresh. */
static int write_adopted_order(struct kh_ctx *ctx, const char *dir,
			       const char *after)
{
	char sub[PATH_MAX], path[PATH_MAX + 32], text[2 * 32 * 1024 + 32];

	if (snprintf(sub, sizeof(sub), "%s/%s.d", dir, KH_ADOPTED_UNIT) >=
	    (int)sizeof(sub))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	if (mkdir(sub, 0755) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", sub, strerror(errno));
	snprintf(path, sizeof(path), "%s/units.conf", sub);
	snprintf(text, sizeof(text), "[Unit]\nAfter=%s\nWants=%s\n", after,
		 after);
	return write_text(ctx, path, text);
}

int kh_adopt_generate(struct kh_ctx *ctx, const char *dir)
{
	char where[PATH_MAX], self[PATH_MAX], after[32 * 1024] = "";
	struct handoff_group g;
	void *blob = NULL;
	int size, n, err;

	err = kh_restore_find_blob(ctx, NULL, &blob, &size, where);
	if (err == -ENOENT)
		return 0;
	if (!err && marked(ctx, "", "done"))
		goto out;
	if (!err)
		err = self_path(ctx, self, sizeof(self));
	for (n = err ? -1 : handoff_group_first(blob); n >= 0 && !err;
	     n = handoff_group_next(blob, n)) {
		if (handoff_get_group(blob, n, &g) || !g.unit)
			continue;
		if (!carried_unit(&g)) {
			fprintf(stderr, "kexec-handoff: %s names a unit that is not a service name; ignored\n",
				where);
			continue;
		}
		if (!marked(ctx, g.unit, ".failed"))
			err = write_dropin(ctx, dir, &g, self);
		if (!err && strlen(after) + strlen(g.unit) + 2 < sizeof(after))
			strcat(strcat(after, " "), g.unit);
	}
	if (!err && after[0])
		err = write_adopted_order(ctx, dir, after + 1);
out:
	free(blob);
	return err;
}

int kh_adopt_restored(struct kh_ctx *ctx, const char *unit, int pid)
{
	char path[PATH_MAX], text[32];
	int err = unit_file(ctx, path, unit, ".pid");

	snprintf(text, sizeof(text), "%d\n", pid);
	return err ? err : write_text(ctx, path, text);
}

int kh_adopt_failed(struct kh_ctx *ctx, const char *unit)
{
	char path[PATH_MAX];
	int err = unit_file(ctx, path, unit, ".failed");

	return err ? err : write_text(ctx, path, "restore failed; started fresh\n");
}

int kh_adopt_reload(struct kh_ctx *ctx)
{
	static const char *const args[] = { "daemon-reload", NULL };

	return kh_run(ctx, ctx->systemctl, args);
}

/* This process's cgroup (v2): the unit's, since systemd started us in it. */
static int own_cgroup(struct kh_ctx *ctx, char *out, size_t len)
{
	char path[PATH_MAX], *text, *line;
	size_t size;
	int err;

	if (kh_path(ctx, path, sizeof(path), "/proc/self/cgroup"))
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	err = kh_read_file(ctx, path, 64 << 10, (void **)&text, &size);
	if (err)
		return err;
	line = strstr(text, "0::/");
	if (line && (line == text || line[-1] == '\n')) {
		line += 3;
		line[strcspn(line, "\n")] = '\0';
		if (kh_path(ctx, out, len, "/sys/fs/cgroup") ||
		    strlen(out) + strlen(line) + 16 >= len)
			err = kh_fail(ctx, -ENAMETOOLONG, "%s: cgroup path too long", path);
		else
			strcat(strcat(out, line), "/cgroup.procs");
	} else {
		err = kh_fail(ctx, -ENOENT, "%s: no cgroup v2 entry", path);
	}
	free(text);
	return err;
}

static int move_pid(struct kh_ctx *ctx, int fd, const char *procs, int pid)
{
	char text[32];
	int len = snprintf(text, sizeof(text), "%d\n", pid);

	if (write(fd, text, (size_t)len) != len && errno != ESRCH)
		return kh_fail(ctx, -errno, "%s: moving process %d: %s", procs,
			       pid, strerror(errno));
	return 0;
}

int kh_adopt_unit(struct kh_ctx *ctx, const char *unit)
{
	char pidfile[PATH_MAX], procs[PATH_MAX], line[32];
	struct kh_group *g = calloc(1, sizeof(*g));
	int i, fd = -1, pid = 0, err;

	err = g ? unit_file(ctx, pidfile, unit, ".pid") :
		  kh_fail(ctx, -ENOMEM, "out of memory");
	if (!err)
		err = kh_read_line(ctx, pidfile + strlen(ctx->root), line,
				   sizeof(line));
	if (err == -ENOENT)
		err = kh_fail(ctx, err, "%s: no restored process to adopt (%s)",
			      unit, ctx->err);
	if (!err && (sscanf(line, "%d", &pid) != 1 || pid <= 0))
		err = kh_fail(ctx, -EINVAL, "%s: not a PID: '%s'", pidfile, line);
	if (!err)
		err = own_cgroup(ctx, procs, sizeof(procs));
	if (!err && (fd = open(procs, O_WRONLY | O_CLOEXEC)) < 0)
		err = kh_fail(ctx, -errno, "%s: %s", procs, strerror(errno));
	if (!err && kh_group_scan(ctx, pid, g)) {
		/* The root alone is enough for systemd to track the unit. */
		fprintf(stderr, "kexec-handoff: %s: only process %d is moved: %s\n",
			unit, pid, ctx->err);
		g->npids = 1;
		g->pids[0] = pid;
	}
	for (i = 0; !err && i < g->npids; i++)
		err = move_pid(ctx, fd, procs, g->pids[i]);
	if (!err)
		printf("kexec-handoff: %s adopted: main process %d, %d process%s\n",
		       unit, pid, g->npids, g->npids == 1 ? "" : "es");
	if (fd >= 0)
		close(fd);
	if (g)
		kh_group_free(g);
	free(g);
	return err;
}

int kh_adopt_done(struct kh_ctx *ctx)
{
	char path[PATH_MAX];
	int err = unit_file(ctx, path, "", "done");

	if (!err)
		err = write_text(ctx, path, "adopted units are up\n");
	return err ? err : kh_adopt_reload(ctx);
}
