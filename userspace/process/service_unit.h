/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * service_unit.h - a systemd service selected for checkpointing
 *
 * A service is carried as the process tree of its main process, and only
 * when that tree is the whole of the unit's cgroup: CRIU dumps one tree
 * from its root, so a process of the unit outside it would be left behind
 * (systemd kills it at the transition) and the restored service would run
 * without it. Everything that can refuse a unit is asked at load time,
 * long before the jump: systemd's view of it (`systemctl show`, whose
 * KEY=VALUE lines kh_unit_parse() reads) and its cgroup, read under
 * ctx->root so that tests run on captured trees.
 */
#ifndef KH_SERVICE_UNIT_H
#define KH_SERVICE_UNIT_H

#include <stddef.h>

#include "kh.h"
#include "proc_group.h"

/* systemd's own limit on a unit name (UNIT_NAME_MAX). */
#define KH_UNIT_NAME_MAX 255

/* The properties asked of systemctl show. It prints them in its own
 * order (the Service interface's before the Unit's), not in this one. */
#define KH_UNIT_PROPERTIES \
	"Id,LoadState,ActiveState,SubState,Type,MainPID,ControlPID,ControlGroup"

struct kh_unit {
	char id[KH_UNIT_NAME_MAX + 1];	/* "redis-server.service" */
	char load_state[32];		/* "loaded", "not-found", ... */
	char active_state[32];		/* "active", "inactive", ... */
	char sub_state[32];		/* "running", "dead", ... */
	char type[32];			/* "simple", "notify", "forking", ... */
	int main_pid;			/* 0: none */
	int control_pid;		/* an ExecStartPost=, ExecReload=, ... */
	char cgroup[PATH_MAX];		/* "/system.slice/NAME", in cgroup2 */
};

/*
 * kh_unit_name_ok - whether @name may be a unit name: 1 to 255 of
 * systemd's characters (letters, digits, ":-_.\@"), not starting with '-'
 * (systemctl would take it for an option)
 */
int kh_unit_name_ok(const char *name);

/*
 * kh_unit_parse - read what `systemctl show -p KH_UNIT_PROPERTIES` printed
 * @text: its output, NUL-terminated; unknown keys are ignored, a missing
 *	or malformed one of ours is refused
 * @u: filled in
 * @why: set to the reason when the text is refused (@why_len bytes)
 *
 * returns: 0, or -EINVAL
 */
int kh_unit_parse(const char *text, struct kh_unit *u, char *why,
		  size_t why_len);

/*
 * kh_unit_check - whether systemd's view of a unit lets it be carried
 * @name: as the user gave it, for the message
 *
 * Refused, with ctx->err naming the unit and the reason: a unit systemd
 * does not know or could not load (masked, a bad setting), one that is
 * not a service, not active or changing state, a oneshot, one with no
 * main process, one running a control process (a reload or start-up
 * command, which CRIU would catch half done).
 *
 * returns: 0, or a negative errno
 */
int kh_unit_check(struct kh_ctx *ctx, const char *name,
		  const struct kh_unit *u);

/*
 * kh_unit_scan - ask systemd about @name, check it, and read its process
 * tree as kh_group_scan() does
 * @g: the main process's tree; release with kh_group_free() either way
 *
 * On top of kh_unit_check() and kh_group_scan()'s refusals, a process in
 * the unit's cgroup (or one below it) that is not in the main process's
 * tree, nor forked from it since, is refused, named by PID and command;
 * so is a process of the tree that lives in another cgroup.
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_unit_scan(struct kh_ctx *ctx, const char *name, struct kh_unit *u,
		 struct kh_group *g);

#endif /* KH_SERVICE_UNIT_H */
