// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_restore.c - kexec-handoff restore
 *
 * Runs early in the new kernel: checks every group's images against the
 * blob, locks the recorded TCP connections, puts back carried files,
 * restores each group with CRIU and lifts the lock. Groups are independent:
 * one that fails says why and keeps its images; the others still restore,
 * and their images are removed.
 *
 * CRIU puts an established connection back with connect() in repair mode,
 * which still needs a route to the peer, so such a group can only be
 * restored once the network is configured. --defer-tcp (before the
 * network) restores the other groups and locks the connections of these;
 * --deferred (after it) restores them and lifts the lock. Without either,
 * everything happens at once, for systems whose network is already up.
 */
#include <errno.h>
#include <getopt.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob_file.h"
#include "carry.h"
#include "checkpoint.h"
#include "handoff.h"
#include "kexec_run.h"
#include "netlock.h"
#include "store_read.h"
#include "store_write.h"
#include "verbs.h"

#define KH_RESTORE_MAX_GROUPS	64

enum phase { ALL, DEFER_TCP, DEFERRED };

struct restore_opts {
	const char *blob;
	const char *images;
	int no_netlock;
	enum phase phase;
};

struct group_state {
	unsigned int index;
	struct handoff_group g;
	char dir[PATH_MAX];
	int selected;			/* handled in this phase */
	int deferred;			/* left for --deferred */
	int ok;				/* images verified, not failed since */
	int pid;			/* restored as */
	double fetch_s, restore_s;	/* images checked, CRIU's restore */
	char why[1024];
};

static void restore_usage(FILE *out)
{
	fputs("Usage: kexec-handoff restore [--defer-tcp | --deferred] [--blob FILE]\n"
	      "                             [--images DIR] [--no-netlock]\n\n"
	      "Restore the processes checkpointed by --exec before the kexec.\n"
	      "  --defer-tcp    run before the network is configured: restore the\n"
	      "                 groups without TCP connections, lock the connections\n"
	      "                 of the others and leave those for --deferred\n"
	      "  --deferred     run once the network is up: restore the groups\n"
	      "                 --defer-tcp left, then lift the lock\n"
	      "  --blob FILE    the handoff blob (default " KH_SYSFS_BLOB ")\n"
	      "  --images DIR   where the initramfs unpacked an initrd store\n"
	      "                 (default /" KH_STORE_INITRD_DIR ")\n"
	      "  --no-netlock   do not lock the recorded TCP connections meanwhile\n"
	      "Reports each group on stdout and in " KH_STATE_DIR "/" KH_STATE_RESTORE_STATUS ".\n"
	      "Exit status: 0 all groups restored (or none to restore), 1 one or more\n"
	      "failed (each says why; its images are kept), 2 usage error.\n",
	      out);
}

static int parse_restore(int argc, char **argv, struct restore_opts *o)
{
	static const struct option opts[] = {
		{ "blob", required_argument, NULL, 'b' },
		{ "images", required_argument, NULL, 'i' },
		{ "no-netlock", no_argument, NULL, 'n' },
		{ "defer-tcp", no_argument, NULL, 't' },
		{ "deferred", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	o->blob = NULL;
	o->images = "/" KH_STORE_INITRD_DIR;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'b')
			o->blob = optarg;
		else if (c == 'i')
			o->images = optarg;
		else if (c == 'n')
			o->no_netlock = 1;
		else if ((c == 't' || c == 'd') && o->phase == ALL)
			o->phase = c == 't' ? DEFER_TCP : DEFERRED;
		else if (c == 'h')
			return restore_usage(stdout), KH_EXIT_OK;
		else
			return restore_usage(stderr), KH_EXIT_USAGE;
	}
	if (optind != argc)
		return restore_usage(stderr), KH_EXIT_USAGE;
	return -1;
}

static void fail_group(struct group_state *s, const char *why)
{
	s->ok = 0;
	snprintf(s->why, sizeof(s->why), "%s", why);
}

static int has_tcp(const struct group_state *s)
{
	return !!(s->g.flags & HANDOFF_GROUP_TCP_ESTABLISHED);
}

/* CRIU gives every process its old PID back; say who holds it now. */
static int pid_free(struct kh_ctx *ctx, struct group_state *s)
{
	char path[PATH_MAX], abs[64], *comm;
	size_t len;

	snprintf(abs, sizeof(abs), "/proc/%u/comm", s->g.root_pid);
	if (kh_path(ctx, path, sizeof(path), abs) || access(path, F_OK))
		return 1;
	if (kh_read_file(ctx, path, 64, (void **)&comm, &len))
		return 1;
	comm[strcspn(comm, "\n")] = '\0';
	snprintf(s->why, sizeof(s->why),
		 "PID %u is taken by '%s' in this system; CRIU restores the original PIDs",
		 s->g.root_pid, comm);
	free(comm);
	s->ok = 0;
	return 0;
}

/* The connections of every verified group of this phase, locked together;
 * a group whose list is unreadable fails rather than restore unprotected. */
static int lock(struct kh_ctx *ctx, struct group_state *st, int n)
{
	struct kh_tcp_conn *all = calloc(KH_GROUP_MAX_TCP * 4, sizeof(*all));
	char path[PATH_MAX + 32], *text;
	size_t len;
	int i, total = 0, got, err = 0;

	if (!all)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok || !has_tcp(&st[i]))
			continue;
		snprintf(path, sizeof(path), "%s/tcp-connections", st[i].dir);
		got = kh_read_file(ctx, path, 1 << 20, (void **)&text, &len);
		if (!got) {
			got = kh_netlock_parse(text, all + total,
					       KH_GROUP_MAX_TCP * 4 - total);
			free(text);
		}
		if (got < 0)
			fail_group(&st[i], "its tcp-connections image is missing or unreadable");
		else
			total += got;
	}
	if (total)
		err = kh_netlock_apply(ctx, all, total);
	if (!err && total)
		printf("kexec-handoff: locked %d TCP connection(s) until they are restored\n",
		       total);
	free(all);
	return err ? err : total;
}

/* The images of a restored group have served: in an initrd store they
 * hold as much RAM as the process itself until the next boot. */
static void drop_images(const struct group_state *s)
{
	int err = kh_remove_tree(s->dir);

	if (err)
		fprintf(stderr, "kexec-handoff: warning: cannot remove %s: %s\n",
			s->dir, strerror(-err));
}

static void restore_one(struct kh_ctx *ctx, struct group_state *s,
			const char *logs)
{
	char log[64];
	int pid;

	if (!pid_free(ctx, s))
		return;
	if (kh_carry_put_back(ctx, s->dir)) {
		fail_group(s, ctx->err);
		return;
	}
	snprintf(log, sizeof(log), "restore-group-%u.log", s->index);
	s->restore_s = kh_now();
	pid = kh_criu_restore(ctx, s->dir, logs, log);
	s->restore_s = kh_now() - s->restore_s;
	if (pid < 0) {
		fail_group(s, ctx->err);
		return;
	}
	s->pid = pid;
	drop_images(s);
}

/* Appends to the status file, so both phases' lines end up there. */
static void report(struct kh_ctx *ctx, const struct group_state *st, int n)
{
	char path[PATH_MAX], line[PATH_MAX + 1200];
	size_t size = 65536 + (size_t)n * sizeof(line), len = 0;
	char *text = malloc(size), *old;
	struct kh_part part;
	size_t oldlen;
	int i;

	if (text && !kh_state_path(ctx, path, sizeof(path),
				   KH_STATE_RESTORE_STATUS, 1) &&
	    !kh_read_file(ctx, path, 65536, (void **)&old, &oldlen)) {
		memcpy(text, old, oldlen);
		len = oldlen;
		free(old);
	}
	for (i = 0; i < n; i++) {
		if (!st[i].selected)
			continue;
		if (st[i].deferred)
			snprintf(line, sizeof(line), "group-%u %s pid %u: deferred until the network is up (TCP connections locked)\n",
				 st[i].index, st[i].g.comm, st[i].g.root_pid);
		else if (st[i].ok)
			snprintf(line, sizeof(line), "group-%u %s pid %u: restored as pid %d (images checked in %.2f s, restored in %.2f s)\n",
				 st[i].index, st[i].g.comm, st[i].g.root_pid,
				 st[i].pid, st[i].fetch_s, st[i].restore_s);
		else
			snprintf(line, sizeof(line), "group-%u %s pid %u: FAILED: %s; images kept in %s\n",
				 st[i].index, st[i].g.comm, st[i].g.root_pid,
				 st[i].why, st[i].dir);
		printf("kexec-handoff: %s", line);
		if (text && len + strlen(line) < size) {
			strcpy(text + len, line);
			len += strlen(line);
		}
	}
	if (text && !kh_state_path(ctx, path, sizeof(path),
				   KH_STATE_RESTORE_STATUS, 1)) {
		part.data = text;
		part.len = len;
		kh_write_file(ctx, path, &part, 1);
	}
	free(text);
}

/* --defer-tcp writes the deferred groups' numbers; --deferred reads them. */
static int deferred_list(struct kh_ctx *ctx, struct group_state *st, int n,
			 int write)
{
	char path[PATH_MAX], text[KH_RESTORE_MAX_GROUPS * 12] = "", *p;
	struct kh_part part;
	void *data;
	size_t len = 0;
	unsigned int idx;
	int i, err = kh_state_path(ctx, path, sizeof(path), KH_STATE_DEFERRED, 1);

	if (err)
		return err;
	if (write) {
		for (i = 0; i < n; i++)
			if (st[i].deferred)
				len += (size_t)snprintf(text + len, sizeof(text) - len,
							"%u\n", st[i].index);
		if (!len) {
			unlink(path);
			return 0;
		}
		part.data = text;
		part.len = len;
		return kh_write_file(ctx, path, &part, 1);
	}
	err = kh_read_file(ctx, path, sizeof(text) - 1, &data, &len);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	for (p = data; sscanf(p, "%u", &idx) == 1; p = strchr(p, '\n') + 1) {
		for (i = 0; i < n; i++)
			if (st[i].index == idx)
				st[i].selected = 1;
		if (!strchr(p, '\n'))
			break;
	}
	free(data);
	unlink(path);
	return 0;
}

static int load_groups(struct kh_ctx *ctx, const void *blob,
		       struct group_state *st, const struct restore_opts *o)
{
	int node, n = 0;

	for (node = handoff_group_first(blob); node >= 0 && n < KH_RESTORE_MAX_GROUPS;
	     node = handoff_group_next(blob, node), n++) {
		const char *name = fdt_get_name(blob, node, NULL);

		st[n].ok = 1;
		st[n].selected = o->phase != DEFERRED;
		if (handoff_get_group(blob, node, &st[n].g) || !name ||
		    sscanf(name, "group-%x", &st[n].index) != 1)
			fail_group(&st[n], "unreadable group node");
	}
	if (o->phase == DEFERRED && deferred_list(ctx, st, n, 0))
		return -1;
	return n;
}

/* A second full run in the same boot would bring back, a second time,
 * groups whose processes have since ended: refuse it. */
static int first_run(struct kh_ctx *ctx, const struct restore_opts *o)
{
	char path[PATH_MAX];

	if (o->phase == DEFERRED ||
	    kh_state_path(ctx, path, sizeof(path), KH_STATE_RESTORE_STATUS, 0) ||
	    access(path, F_OK))
		return 0;
	return kh_fail(ctx, -EALREADY,
		       "restore already ran in this boot (%s says how it went); remove that file to run it again",
		       path);
}

static int run_phase(struct kh_ctx *ctx, const struct restore_opts *o,
		     const void *blob, const char *images, const char *copies,
		     const char *logs)
{
	struct group_state *st = calloc(KH_RESTORE_MAX_GROUPS, sizeof(*st));
	char saved[2][8] = { "", "" };
	int n, i, err, locked, nonlocal = 0, failed = 0, handled = 0, deferred = 0;

	if (!st)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	n = load_groups(ctx, blob, st, o);
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok)
			continue;
		st[i].fetch_s = kh_now();
		err = kh_store_fetch(ctx, blob, st[i].index, images, copies,
				     st[i].dir, sizeof(st[i].dir));
		st[i].fetch_s = kh_now() - st[i].fetch_s;
		if (err)
			fail_group(&st[i], ctx->err);
		else if (o->phase == DEFER_TCP && has_tcp(&st[i]))
			st[i].deferred = 1;
	}
	locked = o->no_netlock ? 0 : lock(ctx, st, n);
	if (locked < 0)
		fprintf(stderr, "kexec-handoff: warning: %s; restoring without the lock\n",
			ctx->err);
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok || st[i].deferred)
			continue;
		/* Bind to a local address the network setup may yet remove
		 * or has not added: the lock keeps the connection quiet. */
		if (has_tcp(&st[i]) && !nonlocal)
			nonlocal = !kh_nonlocal_bind(ctx, 1, saved);
		restore_one(ctx, &st[i], logs);
	}
	if (nonlocal && kh_nonlocal_bind(ctx, 0, saved))
		fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
	for (i = 0; i < n; i++) {
		handled += st[i].selected;
		deferred += st[i].deferred;
		failed += st[i].selected && !st[i].ok;
	}
	if (o->phase == DEFER_TCP && deferred_list(ctx, st, n, 1))
		fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
	/* The lock stays while connections wait for --deferred. */
	if (locked > 0 && !deferred && kh_netlock_lift(ctx))
		fprintf(stderr, "kexec-handoff: warning: cannot lift the network lock: %s (nft delete table inet %s)\n",
			ctx->err, KH_NETLOCK_TABLE);
	report(ctx, st, n);
	if (!handled && o->phase == DEFERRED)
		printf("kexec-handoff: no deferred groups to restore\n");
	free(st);
	if (failed)
		return kh_fail(ctx, -EIO, "%d of %d group(s) not restored", failed,
			       handled);
	return 0;
}

static int do_restore(struct kh_ctx *ctx, const struct restore_opts *o)
{
	char blobpath[PATH_MAX], images[PATH_MAX], copies[PATH_MAX], logs[PATH_MAX];
	void *blob;
	int size, err;

	/* The default is a system path, so it honours the fake root. */
	if (!o->blob)
		err = kh_path(ctx, blobpath, sizeof(blobpath), KH_SYSFS_BLOB);
	else
		err = snprintf(blobpath, sizeof(blobpath), "%s", o->blob) >=
		      (int)sizeof(blobpath);
	if (!err)
		err = kh_path(ctx, images, sizeof(images), o->images);
	if (err)
		return kh_fail(ctx, -ENAMETOOLONG, "path too long");
	err = kh_blob_load(ctx, blobpath, &blob, &size);
	if (err == -ENOENT && !o->blob) {
		printf("kexec-handoff: nothing to restore (%s absent: no handoff, or a kernel without handoff support)\n",
		       blobpath);
		return 0;
	}
	if (err)
		return err;
	if (handoff_group_first(blob) < 0) {
		printf("kexec-handoff: nothing to restore (the blob names no processes)\n");
		free(blob);
		return 0;
	}
	err = kh_state_path(ctx, copies, sizeof(copies), KH_STATE_RESTORE_COPIES, 1);
	if (!err)
		err = kh_state_subdir(ctx, logs, sizeof(logs), KH_STATE_LOGS);
	if (!err)
		err = first_run(ctx, o);
	if (!err)
		err = run_phase(ctx, o, blob, images, copies, logs);
	free(blob);
	return err;
}

int kh_verb_restore(struct kh_ctx *ctx, int argc, char **argv)
{
	struct restore_opts o = { 0 };
	int ret = parse_restore(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (do_restore(ctx, &o)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
