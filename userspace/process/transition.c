// SPDX-License-Identifier: GPL-2.0-only
/*
 * transition.c - checkpointing services inside systemd's kexec transition
 * (transition.h)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jump.h"
#include "spawn.h"
#include "state.h"
#include "transition.h"

/* systemctl list-jobs prints at most this much for a shutdown. */
#define JOBS_MAX (1 << 20)

static void stop_unit(struct kh_ctx *ctx)
{
	static const char *const args[] = { "stop", KH_TRANSITION_UNIT, NULL };
	char why[sizeof(ctx->err)], log[PATH_MAX];

	memcpy(why, ctx->err, sizeof(why));
	/* "not loaded" is the usual answer and no news to the user. */
	if (!kh_state_subdir(ctx, log, sizeof(log) - 32, KH_STATE_LOGS)) {
		strcat(log, "/transition-stop.log");
		kh_run_logged(ctx, ctx->systemctl, args, log);
	}
	memcpy(ctx->err, why, sizeof(why));
}

void kh_transition_disarm(struct kh_ctx *ctx)
{
	char armed[PATH_MAX];

	if (kh_state_path(ctx, armed, sizeof(armed), KH_STATE_TRANSITION_ARMED, 0) ||
	    access(armed, F_OK))
		return;
	stop_unit(ctx);
	unlink(armed);
}

static int mark_armed(struct kh_ctx *ctx)
{
	struct kh_part none = { "", 0 };
	char armed[PATH_MAX];

	if (kh_state_path(ctx, armed, sizeof(armed), KH_STATE_TRANSITION_ARMED, 1))
		return -EIO;
	return kh_write_file(ctx, armed, &none, 1);
}

int kh_transition_arm(struct kh_ctx *ctx, const struct kh_plan *p)
{
	/* --unit, --description, 4 fixed options, per unit -p After=, the
	 * two targets, ExecStop=, the command and its NULL. */
	const char *args[16 + 2 * KH_PLAN_MAX_GROUPS];
	char after[KH_PLAN_MAX_GROUPS][sizeof(p->units[0]) + 8];
	char self[PATH_MAX], stop[PATH_MAX + 32];
	ssize_t len;
	int i, n = 0;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0)
		return kh_fail(ctx, -errno, "/proc/self/exe: %s", strerror(errno));
	self[len] = '\0';
	snprintf(stop, sizeof(stop), "ExecStop=%s transition", self);
	/* One an earlier load started, marked or not, would make the name
	 * taken. */
	stop_unit(ctx);
	args[n++] = "--unit=" KH_TRANSITION_UNIT;
	args[n++] = "--description=kexec-handoff: checkpoint services in the kexec transition";
	args[n++] = "--quiet";
	args[n++] = "--service-type=oneshot";
	args[n++] = "--remain-after-exit";
	/* A large service takes a while to write out under emulation. */
	args[n++] = "--property=TimeoutStopSec=15min";
	for (i = 0; i < p->ngroups; i++) {
		if (!p->units[i][0])
			continue;
		snprintf(after[i], sizeof(after[i]), "After=%s", p->units[i]);
		args[n++] = "-p";
		args[n++] = after[i];
	}
	args[n++] = "--property=After=multi-user.target graphical.target";
	args[n++] = "-p";
	args[n++] = stop;
	args[n++] = "/bin/true";
	args[n] = NULL;
	if (kh_run(ctx, ctx->systemd_run, args))
		return kh_fail(ctx, -EIO,
			       "cannot start %s, which checkpoints the services when systemd stops them: %s",
			       KH_TRANSITION_UNIT, ctx->err);
	if (mark_armed(ctx)) {
		stop_unit(ctx);
		return -EIO;
	}
	return 0;
}

/* Is a start job of kexec.target queued? Only then is this stop the
 * transition into the loaded kernel. */
static int kexec_queued(struct kh_ctx *ctx, char **jobs)
{
	static const char *const args[] = { "list-jobs", "--no-legend",
					    "--no-pager", NULL };
	char *line, *save = NULL;
	int err = kh_run_output(ctx, ctx->systemctl, args, JOBS_MAX, jobs);

	if (err)
		return err;
	for (line = strtok_r(*jobs, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char unit[256], type[32];

		if (sscanf(line, "%*u %255s %31s", unit, type) == 2 &&
		    !strcmp(unit, "kexec.target") && !strcmp(type, "start"))
			return 1;
	}
	return 0;
}

/* Cancel every queued job but ours: the reboot stops where it is. */
static void cancel_transition(struct kh_ctx *ctx)
{
	static const char *const list[] = { "list-jobs", "--no-legend",
					    "--no-pager", NULL };
	const char *args[1024];
	char ids[1024][16];
	char *jobs = NULL, *line, *save = NULL, unit[256];
	unsigned int id;
	int n = 0;

	if (kh_run_output(ctx, ctx->systemctl, list, JOBS_MAX, &jobs)) {
		fprintf(stderr, "kexec-handoff: cannot list the jobs to cancel: %s\n",
			ctx->err);
		free(jobs);
		return;
	}
	args[n++] = "cancel";
	for (line = strtok_r(jobs, "\n", &save); line && n < 1022;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%u %255s", &id, unit) != 2 ||
		    !strcmp(unit, KH_TRANSITION_UNIT))
			continue;
		snprintf(ids[n], sizeof(ids[n]), "%u", id);
		args[n] = ids[n];
		n++;
	}
	args[n] = NULL;
	free(jobs);
	if (n > 1 && kh_run(ctx, ctx->systemctl, args))
		fprintf(stderr, "kexec-handoff: cannot cancel the reboot: %s\n",
			ctx->err);
	else
		fprintf(stderr, "kexec-handoff: the reboot is cancelled (%d job(s)); the services run on\n",
			n - 1);
}

static void record_failure(struct kh_ctx *ctx)
{
	char path[PATH_MAX], text[sizeof(ctx->err) + 1];
	struct kh_part part = { text, 0 };
	char why[sizeof(ctx->err)];

	memcpy(why, ctx->err, sizeof(why));
	part.len = (size_t)snprintf(text, sizeof(text), "%s\n", why);
	if (kh_state_path(ctx, path, sizeof(path), KH_STATE_TRANSITION_FAILED, 0) ||
	    kh_write_file(ctx, path, &part, 1))
		fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
	memcpy(ctx->err, why, sizeof(why));
}

int kh_transition_run(struct kh_ctx *ctx)
{
	char path[PATH_MAX], *jobs = NULL;
	struct kh_plan *p = malloc(sizeof(*p));
	int err = p ? kexec_queued(ctx, &jobs) : kh_fail(ctx, -ENOMEM, "out of memory");

	free(jobs);
	if (err == 0)
		printf("kexec-handoff: no kexec is under way; nothing checkpointed\n");
	if (err > 0) {
		err = kh_state_path(ctx, path, sizeof(path), KH_STATE_PLAN, 0);
		if (!err)
			err = kh_plan_read(ctx, path, p);
		if (err == -ENOENT)
			err = kh_fail(ctx, err, "%s: no plan: nothing was loaded with --checkpoint-unit",
				      path);
		if (!err)
			err = kh_checkpoint_and_reload(ctx, p);
		if (err) {
			record_failure(ctx);
			fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
			cancel_transition(ctx);
		}
	}
	free(p);
	return err;
}
