// SPDX-License-Identifier: GPL-2.0-only
/*
 * checkpoint.c - the libcriu calls
 */
#include <criu/criu.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "kexec_run.h"

static const char *criu_binary(void)
{
	const char *p = getenv("KEXEC_HANDOFF_CRIU");

	return p && *p ? p : "criu";
}

/* libcriu keeps its options in a global; every call starts afresh. */
static int setup(struct kh_ctx *ctx, int *dirfd, int *logfd, const char *dir,
		 const char *logdir, const char *logname)
{
	*dirfd = *logfd = -1;
	if (criu_init_opts() || criu_set_service_binary(criu_binary()))
		return kh_fail(ctx, -ENOMEM, "libcriu: cannot set options");
	criu_set_log_level(CRIU_LOG_DEBUG);
	*logfd = open(logdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*logfd < 0)
		return kh_fail(ctx, -errno, "%s: %s", logdir, strerror(errno));
	criu_set_work_dir_fd(*logfd);
	if (criu_set_log_file(logname))
		return kh_fail(ctx, -ENOMEM, "libcriu: cannot set the log file");
	/* CRIU's RPC wants an images directory for every request, check
	 * included; the log directory serves for that. */
	criu_set_images_dir_fd(*logfd);
	if (!dir)
		return 0;
	*dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dirfd < 0)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	criu_set_images_dir_fd(*dirfd);
	criu_set_tcp_established(true);
	criu_set_shell_job(false);
	criu_set_file_locks(true);
	criu_set_manage_cgroups_mode(CRIU_CG_MODE_IGNORE);
	if (criu_set_network_lock(CRIU_NETWORK_LOCK_NFTABLES))
		return kh_fail(ctx, -EINVAL, "libcriu: no nftables network lock");
	return 0;
}

static void teardown(int dirfd, int logfd)
{
	if (dirfd >= 0)
		close(dirfd);
	if (logfd >= 0)
		close(logfd);
	criu_free_opts();
}

/* libcriu returns -errno for its own trouble and -52 (EBADE) when CRIU
 * itself failed; only the log can say more. */
static int criu_error(struct kh_ctx *ctx, int ret, const char *what,
		      const char *logdir, const char *logname)
{
	if (ret == -EBADE || ret == -1)
		return kh_fail(ctx, -EIO, "criu %s failed; see %s/%s", what,
			       logdir, logname);
	return kh_fail(ctx, ret < 0 ? ret : -EIO,
		       "criu %s: cannot run %s: %s", what, criu_binary(),
		       strerror(ret < 0 ? -ret : EIO));
}

/* The criu binary's own "criu check": the RPC variant answers only yes or
 * no and writes no log, and the user would run this one anyway. */
int kh_criu_check(struct kh_ctx *ctx, const char *logdir, const char *logname)
{
	static const char *const args[] = { "check", NULL };
	char log[PATH_MAX];
	int err;

	if (snprintf(log, sizeof(log), "%s/%s", logdir, logname) >=
	    (int)sizeof(log))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", logdir);
	err = kh_run_logged(ctx, criu_binary(), args, log);
	if (err)
		return kh_fail(ctx, -ENOTSUP,
			       "'criu check' failed: this kernel or criu cannot checkpoint; see %s",
			       log);
	return 0;
}

int kh_criu_dump(struct kh_ctx *ctx, int pid, const char *dir,
		 const char *logdir, const char *logname)
{
	int dirfd, logfd, ret = setup(ctx, &dirfd, &logfd, dir, logdir,
				      logname);

	if (!ret) {
		criu_set_pid(pid);
		criu_set_leave_running(false);
		ret = criu_dump();
		if (ret)
			ret = criu_error(ctx, ret, "dump", logdir, logname);
	}
	teardown(dirfd, logfd);
	return ret;
}

int kh_criu_restore(struct kh_ctx *ctx, const char *dir, const char *logdir,
		    const char *logname)
{
	int dirfd, logfd, ret = setup(ctx, &dirfd, &logfd, dir, logdir,
				      logname);

	if (!ret) {
		ret = criu_restore();
		if (ret <= 0)
			ret = criu_error(ctx, ret, "restore", logdir, logname);
	}
	teardown(dirfd, logfd);
	return ret;
}
