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

const char *kh_criu_binary(void)
{
	const char *p = getenv("KEXEC_HANDOFF_CRIU");

	return p && *p ? p : "criu";
}

/* libcriu keeps its options in a global; every call starts afresh. */
static int setup(struct kh_ctx *ctx, int *dirfd, int *logfd, const char *dir,
		 const char *logdir, const char *logname)
{
	*dirfd = *logfd = -1;
	if (criu_init_opts() || criu_set_service_binary(kh_criu_binary()))
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
	/* Datagram sockets connected by name outside the tree (syslog's
	 * /dev/log) are connected again by that name. */
	criu_set_ext_unix_sk(true);
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

void kh_criu_log_errors(const char *logdir, const char *logname, char *out,
		       size_t size)
{
	char path[PATH_MAX], line[512], found[3][512];
	int n = 0, i;
	FILE *f;

	out[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", logdir, logname) >=
	    (int)sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *e = strstr(line, "Error ("), *msg;

		if (!e || !(msg = strstr(e, "): ")))
			continue;
		msg[strcspn(msg, "\n")] = '\0';
		if (n == 3)
			memmove(found[0], found[1], sizeof(found[0]) * 2);
		snprintf(found[n == 3 ? 2 : n], sizeof(found[0]), "%s", msg + 3);
		n += n < 3;
	}
	fclose(f);
	for (i = 0; i < n; i++) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "%s%s", i ? "; " : "",
			 found[i]);
	}
}

/* libcriu returns -errno for its own trouble and -52 (EBADE) when CRIU
 * itself failed; only the log can say more. */
static int criu_error(struct kh_ctx *ctx, int ret, const char *what,
		      const char *logdir, const char *logname)
{
	char why[400];

	if (ret == -EBADE || ret == -1) {
		kh_criu_log_errors(logdir, logname, why, sizeof(why));
		return kh_fail(ctx, -EIO, "criu %s failed%s%s; see %s/%s", what,
			       why[0] ? ": " : "", why, logdir, logname);
	}
	return kh_fail(ctx, ret < 0 ? ret : -EIO,
		       "criu %s: cannot run %s: %s", what, kh_criu_binary(),
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
	err = kh_run_logged(ctx, kh_criu_binary(), args, log);
	if (err)
		return kh_fail(ctx, -ENOTSUP,
			       "'criu check' failed: this kernel or criu cannot checkpoint; see %s",
			       log);
	return 0;
}

/* Memory tracking on from the first pre-dump: each round, and the final
 * dump, then write only the pages dirtied since its @parent. */
static int set_parent(struct kh_ctx *ctx, const char *parent)
{
	if (!parent)
		return 0;
	criu_set_track_mem(true);
	if (criu_set_parent_images(parent))
		return kh_fail(ctx, -ENOMEM, "libcriu: cannot set the parent images");
	return 0;
}

int kh_criu_dump(struct kh_ctx *ctx, int pid, const char *dir,
		 const char *parent, const char *logdir, const char *logname,
		 const struct kh_criu_ext_unix *ext, int next)
{
	int i, dirfd, logfd, ret = setup(ctx, &dirfd, &logfd, dir, logdir,
					 logname);
	char key[40];

	for (i = 0; !ret && i < next; i++) {
		snprintf(key, sizeof(key), "unix[%lu]", ext[i].ino);
		if (criu_add_external(key))
			ret = kh_fail(ctx, -ENOMEM, "libcriu: cannot add %s", key);
	}
	if (!ret)
		ret = set_parent(ctx, parent);
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

int kh_criu_pre_dump(struct kh_ctx *ctx, int pid, const char *dir,
		     const char *parent, const char *logdir,
		     const char *logname)
{
	int dirfd, logfd, ret = setup(ctx, &dirfd, &logfd, dir, logdir,
				      logname);

	if (!ret) {
		criu_set_track_mem(true);
		ret = set_parent(ctx, parent);
	}
	if (!ret) {
		criu_set_pid(pid);
		ret = criu_pre_dump();
		if (ret)
			ret = criu_error(ctx, ret, "pre-dump", logdir, logname);
	}
	teardown(dirfd, logfd);
	return ret;
}

int kh_criu_restore(struct kh_ctx *ctx, const char *dir, const char *logdir,
		    const char *logname, const struct kh_criu_ext_unix *ext,
		    int next)
{
	int i, dirfd, logfd, ret = setup(ctx, &dirfd, &logfd, dir, logdir,
					 logname);
	char key[40];

	for (i = 0; !ret && i < next; i++) {
		snprintf(key, sizeof(key), "socket:[%lu]", ext[i].ino);
		if (criu_add_inherit_fd(ext[i].fd, key))
			ret = kh_fail(ctx, -ENOMEM, "libcriu: cannot add %s", key);
	}
	if (!ret) {
		ret = criu_restore();
		if (ret <= 0)
			ret = criu_error(ctx, ret, "restore", logdir, logname);
	}
	teardown(dirfd, logfd);
	return ret;
}

/* CRIU's own feature check costs a criu run in the blackout; CRIU 3.17
 * restores lazily wherever the kernel has userfaultfd, whose sysctl then
 * exists. */
int kh_criu_lazy_supported(struct kh_ctx *ctx)
{
	char path[PATH_MAX];

	return !kh_path(ctx, path, sizeof(path),
			"/proc/sys/vm/unprivileged_userfaultfd") &&
	       !access(path, F_OK);
}
