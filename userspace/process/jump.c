// SPDX-License-Identifier: GPL-2.0-only
/*
 * jump.c - the --exec path with processes to carry
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "carry.h"
#include "checkpoint.h"
#include "handoff.h"
#include "image_set.h"
#include "initrd.h"
#include "journal_stream.h"
#include "jump.h"
#include "kexec_load.h"
#include "kexec_run.h"
#include "netlock.h"
#include "proc_group.h"
#include "page_ranges_write.h"
#include "precopy.h"
#include "refresh.h"
#include "service_unit.h"
#include "signals.h"
#include "store.h"
#include "store_room.h"

/* A group is running until dumped; one whose processes ended by
 * themselves (a batch job that finished) has nothing to carry. */
enum { GROUP_LIVE, GROUP_ENDED, GROUP_DUMPED };

struct jump {
	const struct kh_plan *p;
	int jump;			/* kexec -e after the reload */
	struct kh_group *groups;	/* p->ngroups of them */
	unsigned char *state;		/* GROUP_* of each */
	int dumped;			/* how many are GROUP_DUMPED */
	int *rounds;			/* pre-copy rounds kept of each */
	char images[PATH_MAX - 64], logs[PATH_MAX];
	struct kh_image_set set;
	const struct kh_store_ops *store;
	void *blob;
	int bloblen;
};

/* @out has PATH_MAX bytes; j->images leaves room for the suffix. */
static void group_dir(const struct jump *j, int i, char *out, size_t len)
{
	snprintf(out, len, "%s/group-%u", j->images, (unsigned int)i & 0xffff);
}

/* Group @i's pre-copy chain (precopy.h), beside its images. */
static void chain_dir(const struct jump *j, int i, char *out, size_t len)
{
	snprintf(out, len, "%s/precopy-%u", j->images, (unsigned int)i & 0xffff);
}

static void drop_chain(const struct jump *j, int i)
{
	char dir[PATH_MAX];

	chain_dir(j, i, dir, sizeof(dir));
	kh_remove_tree_warn(dir, KH_PRECOPY_WHAT);
}

/* An empty directory for group @i: a failed earlier attempt may have left
 * images there, and CRIU must not mix them with this dump. */
static int fresh_dir(struct kh_ctx *ctx, const char *dir)
{
	kh_remove_tree(dir);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	return 0;
}

/* Has group @i's root ended by itself? A PID that now belongs to a
 * later process counts as ended: that process is not ours to dump. */
static int ended(struct kh_ctx *ctx, struct jump *j, int i, const char *when)
{
	unsigned long long start;
	char why[sizeof(ctx->err)];
	int err;

	memcpy(why, ctx->err, sizeof(why));
	err = kh_proc_start_time(ctx, j->p->pids[i], &start);
	memcpy(ctx->err, why, sizeof(why));
	if (!err && start == j->p->starts[i])
		return 0;
	j->state[i] = GROUP_ENDED;
	fprintf(stderr, "kexec-handoff: group-%d: process %d ended %s; nothing to carry\n",
		i, j->p->pids[i], when);
	return 1;
}

/* A service's main process must still be the one --load checked: one
 * restarted since is a process nobody looked at. */
static int rescan_unit(struct kh_ctx *ctx, struct jump *j, int i)
{
	struct kh_unit u;
	int err = kh_unit_scan(ctx, j->p->units[i], &u, &j->groups[i]);

	if (!err && (u.main_pid != j->p->pids[i] ||
		     j->groups[i].start_time != j->p->starts[i]))
		err = kh_fail(ctx, -ESTALE,
			      "%s was restarted since --load (main process %d, then %d): load again",
			      j->p->units[i], u.main_pid, j->p->pids[i]);
	return err;
}

/* Still the processes --load checked, and still checkpointable? */
static int rescan(struct kh_ctx *ctx, struct jump *j)
{
	int i, err = 0;

	for (i = 0; !err && i < j->p->ngroups; i++) {
		if (j->p->units[i][0])
			err = rescan_unit(ctx, j, i);
		else if (!ended(ctx, j, i, "since --load"))
			err = kh_group_scan(ctx, j->p->pids[i], &j->groups[i]);
	}
	return err;
}

/* A signal caught since the freeze (signals.h) stops the jump: the caller
 * then gives the processes back to this kernel. */
static int interrupted(struct kh_ctx *ctx)
{
	int sig = kh_signals_caught();

	if (!sig)
		return 0;
	return kh_fail(ctx, -EINTR, "interrupted by SIG%s before the jump",
		       sigabbrev_np(sig));
}

/* What the freeze still had to write, for the pre-copy to be judged by. */
static void report_final(const struct jump *j, int i, const char *dir)
{
	struct kh_ctx quiet = { 0 };
	unsigned long long bytes;

	if (!kh_precopy_written(&quiet, dir, &bytes))
		fprintf(stderr, "kexec-handoff: group-%d: the freeze wrote %llu KiB of pages after %d pre-copy round(s)\n",
			i, bytes >> 10, j->rounds[i]);
}

/* The group's journald connections, dumped as external; the image that
 * lists them is written at once, so that give_back() finds it too. */
static int dump_group(struct kh_ctx *ctx, struct jump *j, int i,
		      const char *dir, const char *log)
{
	const struct kh_group *g = &j->groups[i];
	struct kh_criu_ext_unix ext[KH_JOURNAL_MAX];
	char path[PATH_MAX + 32], text[KH_JOURNAL_MAX * 64], parent[64];
	char chain[PATH_MAX];
	struct kh_part part = { text, 0 };
	int k, len, err = 0;

	for (k = 0; k < g->njournal; k++)
		ext[k] = (struct kh_criu_ext_unix){ g->journal[k].ino, -1 };
	chain_dir(j, i, chain, sizeof(chain));
	if (j->rounds[i])
		err = kh_precopy_parent(parent, sizeof(parent), chain,
					j->rounds[i]);
	if (!err)
		err = kh_criu_dump(ctx, j->p->pids[i], dir,
				   j->rounds[i] ? parent : NULL, j->logs, log,
				   ext, g->njournal);
	if (!err && j->rounds[i])
		report_final(j, i, dir);
	/* Without it the group is restored eagerly, which is no reason to
	 * give the jump up. A pre-copied group gets none, so restore takes it
	 * eagerly: CRIU 3.17's lazy-pages daemon cannot serve pages from
	 * parent images (read_pagemap_page() reads them through the parent's
	 * page reader, which never completes a userfault), and in lazy mode
	 * CRIU would read those a page at a time where an eager restore lets
	 * its restorer read them in bulk. */
	if (!err && !j->p->no_lazy && !j->rounds[i] &&
	    kh_page_ranges_write(ctx, dir))
		fprintf(stderr, "kexec-handoff: warning: %s; group-%d will get all its pages before it runs again\n",
			ctx->err, i);
	if (err || !g->njournal)
		return err;
	len = kh_journal_format(g->journal, g->njournal, text, sizeof(text));
	snprintf(path, sizeof(path), "%s/" KH_JOURNAL_IMAGE, dir);
	part.len = len < 0 ? 0 : (size_t)len;
	return len < 0 ? kh_fail(ctx, len, "%s: too long", path) :
			 kh_write_file(ctx, path, &part, 1);
}

static int dump_all(struct kh_ctx *ctx, struct jump *j)
{
	char dir[PATH_MAX], log[64];
	int i, err = 0;

	for (i = 0; !err && i < j->p->ngroups; i++) {
		double t = kh_now();

		if (j->state[i] != GROUP_LIVE)
			continue;
		err = interrupted(ctx);
		if (err)
			break;
		group_dir(j, i, dir, sizeof(dir));
		snprintf(log, sizeof(log), "dump-group-%d.log", i);
		err = fresh_dir(ctx, dir);
		if (!err)
			err = dump_group(ctx, j, i, dir, log);
		if (err && ended(ctx, j, i, "while it was being checkpointed"))
			err = 0;
		/* CRIU resumed the tree: its partial images serve nobody,
		 * and left in a full /run they keep systemd from cancelling
		 * the reboot. */
		if (err || j->state[i] == GROUP_ENDED) {
			kh_remove_tree_warn(dir, "partial images");
			continue;
		}
		j->state[i] = GROUP_DUMPED;
		j->dumped++;
		fprintf(stderr, "kexec-handoff: checkpointed group-%d: %s (pid %d, %d process%s) in %.2f s\n",
			i, j->groups[i].comm, j->p->pids[i], j->groups[i].npids,
			j->groups[i].npids == 1 ? "" : "es", kh_now() - t);
	}
	return err;
}

/*
 * The number of group @i in the blob: its node is group-N, its images say
 * group = <N> and live in the store's directory group-N. Groups that ended
 * before their dump have no node, so N counts only the dumped groups before
 * @i; the node, the images and the store all take N from here, never from
 * the --load index @i (the images are listed under @i, some before the
 * freeze, and renumbered once the dumps are done: by_node()).
 */
static unsigned int node_of(const struct jump *j, int i)
{
	unsigned int n = 0;

	while (i-- > 0)
		n += j->state[i] == GROUP_DUMPED;
	return n;
}

static int by_node(uint32_t i, void *arg)
{
	const struct jump *j = arg;

	return j->state[i] == GROUP_DUMPED ? (int)node_of(j, (int)i) : -1;
}

/* The tool's own images of group @i, then CRIU's, then carried files;
 * its pre-copy rounds are listed already. */
static int list_images(struct kh_ctx *ctx, struct jump *j, int i)
{
	const struct kh_group *g = &j->groups[i];
	char dir[PATH_MAX], path[PATH_MAX + 32], text[KH_GROUP_MAX_TCP * 128];
	struct kh_part part = { text, 0 };
	int len, err = 0;

	group_dir(j, i, dir, sizeof(dir));
	if (g->ntcp) {
		len = kh_netlock_format(g->tcp, g->ntcp, text, sizeof(text));
		if (snprintf(path, sizeof(path), "%s/tcp-connections", dir) >=
	    (int)sizeof(path))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
		part.len = len < 0 ? 0 : (size_t)len;
		err = len < 0 ? kh_fail(ctx, len, "too many TCP connections") :
				kh_write_file(ctx, path, &part, 1);
	}
	if (!err)
		err = kh_images_add_dir(ctx, &j->set, (uint32_t)i, dir);
	if (!err)
		err = kh_carry_add(ctx, g, &j->set, (uint32_t)i, dir);
	return err;
}

static int build_blob(struct kh_ctx *ctx, struct jump *j)
{
	const struct kh_plan *p = j->p;
	struct handoff_builder b;
	char name[32];
	int i, ret;

	j->blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!j->blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	ret = kh_capture_begin(ctx, &b, j->blob, HANDOFF_MAX_SIZE);
	for (i = 0; ret >= 0 && i < p->ngroups; i++) {
		if (j->state[i] != GROUP_DUMPED)
			continue;
		struct handoff_group grp = {
			.root_pid = (u32)p->pids[i], .comm = j->groups[i].comm,
			.images = name,
			.unit = p->units[i][0] ? p->units[i] : NULL,
			.flags = j->groups[i].ntcp ? HANDOFF_GROUP_TCP_ESTABLISHED : 0,
		};

		ret = kh_store_group_dir(name, sizeof(name), node_of(j, i)) ?
		      -HANDOFF_ERR_INTERNAL : handoff_add_group(&b, &grp);
		/* The builder numbers nodes in the order they are added. */
		if (ret >= 0 && (unsigned int)ret != node_of(j, i))
			ret = -HANDOFF_ERR_INTERNAL;
	}
	if (ret >= 0)
		ret = kh_images_record(&b, &j->set, p->store,
				       p->store_device[0] ? p->store_device : NULL,
				       p->memmap[0] ? p->memmap : NULL);
	if (ret >= 0)
		ret = handoff_finish(&b);
	if (ret < 0)
		return kh_fail(ctx, -EIO, "cannot build the blob: %s%s",
			       handoff_strerror(ret),
			       ret == -HANDOFF_ERR_NOSPACE ?
			       " (too many images for 256 KiB)" : "");
	j->bloblen = ret;
	return 0;
}

/* pmem: the images go to the device first, their CRCs computed on the
 * way, then the blob names them; initrd: the blob comes first in the
 * initrd, so the CRCs were computed when the images were listed. */
static int store_and_reload(struct kh_ctx *ctx, struct jump *j)
{
	const struct kh_plan *p = j->p;
	char initrd[PATH_MAX];
	const char *in = p->initrd[0] ? p->initrd : NULL;
	int err = kh_state_path(ctx, initrd, sizeof(initrd), KH_STATE_INITRD_FINAL, 0);

	if (!err && j->store->write)
		err = j->store->write(ctx, p, &j->set);
	if (!err)
		err = build_blob(ctx, j);
	if (!err)
		err = j->store->assemble(ctx, &j->set, initrd, j->blob,
					 (size_t)j->bloblen, in);
	if (!err)
		err = kh_kexec_load(ctx, p, initrd, 0);
	return err;
}

/* Give the dumped groups back to this kernel, and the first load back to
 * kexec. Reports each group on stderr; ctx->err keeps the first failure. */
static void give_back(struct kh_ctx *ctx, struct jump *j)
{
	char why[sizeof(ctx->err)], dir[PATH_MAX], log[64], initrd[PATH_MAX];
	static const char *const unload[] = { "-u", NULL };
	int i, pid;

	memcpy(why, ctx->err, sizeof(why));
	for (i = 0; i < j->p->ngroups; i++) {
		if (j->state[i] != GROUP_DUMPED)
			continue;
		group_dir(j, i, dir, sizeof(dir));
		snprintf(log, sizeof(log), "abort-restore-group-%d.log", i);
		pid = kh_journal_restore(ctx, dir, j->p->units[i][0] ?
					 j->p->units[i] : NULL, j->logs, log);
		if (pid > 0) {
			fprintf(stderr, "kexec-handoff: group-%d: %s resumed in this kernel (pid %d)\n",
				i, j->groups[i].comm, pid);
			drop_chain(j, i);
		} else
			fprintf(stderr, "kexec-handoff: group-%d: %s NOT resumed: %s; its images are in %s\n",
				i, j->groups[i].comm, ctx->err, dir);
	}
	if (kh_state_path(ctx, initrd, sizeof(initrd), KH_STATE_INITRD, 0) ||
	    kh_kexec_load(ctx, j->p, initrd, 0)) {
		/* Better nothing loaded than a kernel told to restore
		 * processes that are running here. */
		kh_kexec(ctx, unload);
		fprintf(stderr, "kexec-handoff: the kernel could not be loaded again and is unloaded: %s\n",
			ctx->err);
	}
	memcpy(ctx->err, why, sizeof(why));
}

/* The services may have grown since --load looked. */
static int room(struct kh_ctx *ctx, struct jump *j)
{
	struct kh_room_tally t = { 0 };
	int i;

	for (i = 0; i < j->p->ngroups; i++)
		if (j->state[i] == GROUP_LIVE)
			kh_store_room_add(&t, &j->groups[i], j->p->units[i][0] ?
					  j->p->units[i] : NULL);
	return t.n ? kh_store_room(ctx, j->images, j->p->store, &t) : 0;
}

/* Everything --exec needs before it freezes anything. */
static int prepare(struct kh_ctx *ctx, struct jump *j)
{
	const struct kh_plan *p = j->p;
	int err;

	j->groups = calloc((size_t)p->ngroups, sizeof(*j->groups));
	j->state = calloc((size_t)p->ngroups, 1);
	j->rounds = calloc((size_t)p->ngroups, sizeof(*j->rounds));
	if (!j->groups || !j->state || !j->rounds)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	err = kh_state_subdir(ctx, j->images, sizeof(j->images), KH_STATE_IMAGES);
	if (!err)
		err = kh_state_subdir(ctx, j->logs, sizeof(j->logs), KH_STATE_LOGS);
	if (!err)
		err = kh_store_lookup(ctx, p->store, &j->store);
	/* Before anything is listed, pre-copy rounds included. */
	if (!err)
		j->set.crc_later = j->store->crc_while_writing;
	if (!err)
		err = rescan(ctx, j);
	if (!err)
		err = room(ctx, j);
	return err;
}

/* The rounds no longer change: listed (their CRCs computed) and, where
 * the store has a place of its own, written there while the trees still
 * run, so the freeze handles only what the final dumps add. They take
 * room the check before them did not count, so that is made again. */
static int store_rounds(struct kh_ctx *ctx, struct jump *j)
{
	char chain[PATH_MAX];
	double t0 = kh_now();
	int i, err = 0;

	for (i = 0; !err && i < j->p->ngroups; i++) {
		if (!j->rounds[i])
			continue;
		chain_dir(j, i, chain, sizeof(chain));
		err = kh_precopy_list(ctx, &j->set, (uint32_t)i, chain,
				      j->rounds[i]);
	}
	if (!err && j->set.n && j->store->write) {
		err = j->store->write(ctx, j->p, &j->set);
		if (!err)
			fprintf(stderr, "kexec-handoff: pre-copy: %d image(s), %llu bytes stored (%s) before the freeze in %.2f s\n",
				j->set.n, (unsigned long long)j->set.total,
				j->p->store, kh_now() - t0);
	}
	j->set.stored = j->set.n;
	return err ? err : room(ctx, j);
}

/* Before the freeze: each group's memory copied while it runs on. */
static int precopy_all(struct kh_ctx *ctx, struct jump *j)
{
	struct kh_precopy_run r;
	char chain[PATH_MAX];
	int i, err = 0;

	for (i = 0; !err && i < j->p->ngroups; i++) {
		if (j->state[i] != GROUP_LIVE)
			continue;
		chain_dir(j, i, chain, sizeof(chain));
		err = kh_precopy_run(ctx, j->p->pids[i], i, chain, j->logs, &r);
		if (!err && !r.rounds && ended(ctx, j, i, "during the pre-copy"))
			continue;
		j->rounds[i] = r.rounds;
	}
	return err ? err : store_rounds(ctx, j);
}

/* From the freeze to the jump; returns only if the jump did not happen,
 * or without j->jump 0 once the kernel is loaded with the final blob. */
static int freeze_store_jump(struct kh_ctx *ctx, struct jump *j)
{
	static const char *const exec_args[] = { "-e", NULL };
	const struct kh_plan *p = j->p;
	double t0 = kh_now();
	int i, live = 0, err;

	for (i = 0; i < p->ngroups; i++)
		live += j->state[i] == GROUP_LIVE;
	fprintf(stderr, "kexec-handoff: freezing %d group(s)\n", live);
	err = dump_all(ctx, j);
	for (i = 0; !err && i < p->ngroups; i++)
		if (j->state[i] == GROUP_DUMPED)
			err = list_images(ctx, j, i);
	kh_images_renumber(&j->set, by_node, j);
	/* Nothing left to carry: the first load, with storage up to date,
	 * is the right one. */
	if (!err && j->dumped)
		err = store_and_reload(ctx, j);
	else if (!err && kh_refresh_storage(ctx, p) < 0)
		err = -EIO;
	if (!err)
		err = interrupted(ctx);
	if (err)
		return err;
	fprintf(stderr, "kexec-handoff: %d image(s), %llu bytes stored (%s) in %.2f s since the freeze; %s\n",
		j->set.n, (unsigned long long)j->set.total, p->store,
		kh_now() - t0, j->jump ? "jumping" : "systemd jumps");
	if (!j->jump)
		return 0;
	err = kh_kexec(ctx, exec_args);
	return err ? err : kh_fail(ctx, -EIO, "%s -e returned without jumping",
				   ctx->kexec);
}

static int checkpoint(struct kh_ctx *ctx, const struct kh_plan *p, int jump)
{
	struct jump j = { .p = p, .jump = jump };
	struct kh_signals sigs;
	int i, err = prepare(ctx, &j);

	if (!err)
		err = kh_signals_hold(&sigs);
	if (!err) {
		if (p->precopy)
			err = precopy_all(ctx, &j);
		if (!err)
			err = freeze_store_jump(ctx, &j);
		if (err && j.dumped)
			give_back(ctx, &j);
		/* What give_back() resumed went with its chain; a group never
		 * frozen needs none. */
		for (i = 0; err && i < p->ngroups; i++)
			if (j.rounds[i] && j.state[i] != GROUP_DUMPED)
				drop_chain(&j, i);
		kh_signals_release(&sigs);
	}
	for (i = 0; j.groups && i < p->ngroups; i++)
		kh_group_free(&j.groups[i]);
	free(j.groups);
	free(j.state);
	free(j.rounds);
	free(j.blob);
	kh_images_free(&j.set);
	return err;
}

int kh_checkpoint_and_jump(struct kh_ctx *ctx, const struct kh_plan *p)
{
	return checkpoint(ctx, p, 1);
}

int kh_checkpoint_and_reload(struct kh_ctx *ctx, const struct kh_plan *p)
{
	return checkpoint(ctx, p, 0);
}
