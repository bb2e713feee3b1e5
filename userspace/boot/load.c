// SPDX-License-Identifier: GPL-2.0-only
/*
 * load.c - what --load does (loaded.h)
 *
 * Capture, write the blob, put it in front of the initrd and let kexec -l
 * (or -s) load the result. The new files are written beside the ones of
 * the current load and only take their place once kexec has accepted
 * them, so a failed load leaves an earlier one (kernel and files) as it
 * was.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "checkpoint.h"
#include "handoff.h"
#include "initrd.h"
#include "kexec_load.h"
#include "loaded.h"
#include "proc_group.h"
#include "service_unit.h"
#include "store.h"
#include "store_room.h"
#include "systemctl.h"
#include "transition.h"

/* The plan keeps absolute paths: --exec may run from another directory. */
static int set_path(struct kh_ctx *ctx, char *dst, const char *path)
{
	char *real;

	if (access(path, R_OK))
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	real = realpath(path, NULL);
	if (!real)
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	if (strlen(real) >= PATH_MAX || strchr(real, '\n')) {
		free(real);
		return kh_fail(ctx, -EINVAL, "%s: unusable path", path);
	}
	strcpy(dst, real);
	free(real);
	return 0;
}

static int check_criu(struct kh_ctx *ctx)
{
	char logs[PATH_MAX];
	int err = kh_state_subdir(ctx, logs, sizeof(logs), KH_STATE_LOGS);

	return err ? err : kh_criu_check(ctx, logs, "check.log");
}

/* A service is carried as its main process's tree; the plan keeps
 * systemd's own name for it ("redis-server" becomes
 * "redis-server.service"). */
static int plan_unit(struct kh_ctx *ctx, struct kh_plan *p, int i,
		     struct kh_group *g)
{
	struct kh_unit u;
	int err;

	if (!kh_systemd_booted(ctx))
		return kh_fail(ctx, -EOPNOTSUPP,
			       "--checkpoint-unit %s: systemd is not init here (%s%s absent)",
			       p->units[i], ctx->root, KH_SYSTEMD_BOOTED);
	err = kh_unit_scan(ctx, p->units[i], &u, g);
	if (err)
		return err;
	p->pids[i] = u.main_pid;
	snprintf(p->units[i], sizeof(p->units[i]), "%s", u.id);
	return 0;
}

/* Refuse now, not at the jump, what cannot be checkpointed. */
static int plan_checkpoints(struct kh_ctx *ctx, struct kh_plan *p)
{
	struct kh_group *g = malloc(sizeof(*g));
	struct kh_room_tally room = { 0 };
	char images[PATH_MAX];
	int i, err = 0;

	if (!g)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < p->ngroups; i++) {
		err = p->units[i][0] ? plan_unit(ctx, p, i, g) :
				       kh_group_scan(ctx, p->pids[i], g);
		p->starts[i] = g->start_time;
		if (!err)
			kh_store_room_add(&room, g,
					  p->units[i][0] ? p->units[i] : NULL);
		kh_group_free(g);
	}
	free(g);
	if (err || !p->ngroups)
		return err;
	err = kh_state_subdir(ctx, images, sizeof(images), KH_STATE_IMAGES);
	if (!err)
		err = kh_store_room(ctx, images, p->store, &room);
	return err ? err : check_criu(ctx);
}

/* Capture and write the blob and the initrd to their ".new" paths. */
static int build_files(struct kh_ctx *ctx, const struct kh_load_opts *o,
		       const char *blob_path, const char *initrd_path)
{
	void *blob;
	int size, err;

	blob = aligned_alloc(8, HANDOFF_MAX_SIZE);
	if (!blob)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	size = kh_capture(ctx, blob, HANDOFF_MAX_SIZE);
	err = size < 0 ? size :
	      kh_load_files_write(ctx, blob, (size_t)size,
				  o->initrd ? o->plan.initrd : NULL,
				  blob_path, initrd_path);
	free(blob);
	return err;
}

/* The command shows the kernel as the user named it; only the plan, read
 * later from anywhere, needs it absolute. */
static int load_as_given(struct kh_ctx *ctx, const struct kh_load_opts *o,
			 const char *initrd_path)
{
	struct kh_plan *given = malloc(sizeof(*given));
	int err;

	if (!given)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	*given = o->plan;
	snprintf(given->kernel, sizeof(given->kernel), "%s", o->kernel);
	err = kh_kexec_load(ctx, given, initrd_path, o->dry_run);
	free(given);
	return err;
}

/* Only a load with services needs the unit; a load without them must not
 * leave an earlier one's armed. A unit that cannot start undoes the load:
 * a kexec then would lose the services. */
static int arm_transition(struct kh_ctx *ctx, const struct kh_plan *p)
{
	char why[sizeof(ctx->err)];
	int err;

	if (!kh_plan_has_units(p)) {
		if (kh_systemd_booted(ctx))
			kh_transition_disarm(ctx);
		return 0;
	}
	err = kh_transition_arm(ctx, p);
	if (!err)
		return 0;
	memcpy(why, ctx->err, sizeof(why));
	if (kh_unload(ctx))
		return kh_fail(ctx, err, "%s; unloading failed too: %s", why,
			       ctx->err);
	return kh_fail(ctx, err, "%s; the kernel was unloaded again", why);
}

/* After a successful load the new files become the current ones. */
static int commit_files(struct kh_ctx *ctx, const char *const new[3],
			const char *const cur[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (rename(new[i], cur[i]))
			return kh_fail(ctx, -errno, "%s: %s", cur[i],
				       strerror(errno));
	return 0;
}

int kh_load(struct kh_ctx *ctx, struct kh_load_opts *o)
{
	char cur_blob[PATH_MAX], cur_initrd[PATH_MAX], cur_plan[PATH_MAX];
	char new_blob[PATH_MAX], new_initrd[PATH_MAX], new_plan[PATH_MAX];
	const char *const cur[3] = { cur_blob, cur_initrd, cur_plan };
	const char *const new[3] = { new_blob, new_initrd, new_plan };
	struct kh_plan *p = &o->plan;
	const struct kh_store_ops *store;
	int err;

	err = set_path(ctx, p->kernel, o->kernel);
	if (!err && o->initrd)
		err = set_path(ctx, p->initrd, o->initrd);
	if (!err)
		err = kh_store_lookup(ctx, p->store, &store);
	if (!err && store->plan)
		err = store->plan(ctx, p);
	if (!err)
		err = plan_checkpoints(ctx, p);
	if (!err)
		err = kh_state_path(ctx, cur_blob, PATH_MAX, KH_STATE_BLOB, 1);
	if (!err)
		err = kh_state_path(ctx, cur_initrd, PATH_MAX, KH_STATE_INITRD, 0);
	if (!err)
		err = kh_state_path(ctx, cur_plan, PATH_MAX, KH_STATE_PLAN, 0);
	if (!err)
		err = kh_state_path(ctx, new_blob, PATH_MAX, KH_STATE_BLOB ".new", 0);
	if (!err)
		err = kh_state_path(ctx, new_initrd, PATH_MAX,
				    KH_STATE_INITRD ".new", 0);
	if (!err)
		err = kh_state_path(ctx, new_plan, PATH_MAX, KH_STATE_PLAN ".new", 0);
	if (err)
		return err;
	err = build_files(ctx, o, new_blob, new_initrd);
	if (!err)
		err = kh_plan_write(ctx, new_plan, p);
	if (!err)
		err = load_as_given(ctx, o, new_initrd);
	if (!err && !o->dry_run)
		err = commit_files(ctx, new, cur);
	if (!err && !o->dry_run)
		err = arm_transition(ctx, p);
	else if (!err && kh_plan_has_units(p))
		printf("would start %s, whose stop checkpoints %s\n",
		       KH_TRANSITION_UNIT, "the services in systemd's kexec transition");
	if (err || !o->dry_run) {
		unlink(new_blob);
		unlink(new_initrd);
		unlink(new_plan);
	}
	return err;
}
