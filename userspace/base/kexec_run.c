// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_run.c - running kexec-tools
 *
 * Loading and jumping stay with kexec(8): its image loaders know every
 * kernel format and architecture quirk, and we only add a blob to the
 * initrd. The binary comes from the context so tests can swap in a
 * recording stub.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kexec_run.h"

int kh_state_path(struct kh_ctx *ctx, char *out, size_t len,
		  const char *name, int make)
{
	char dir[PATH_MAX];
	int n;

	if (kh_path(ctx, dir, sizeof(dir), KH_STATE_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long",
			       KH_STATE_DIR);
	if (make && mkdir(dir, 0700) && errno != EEXIST)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	n = snprintf(out, len, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= len)
		return kh_fail(ctx, -ENAMETOOLONG, "%s/%s: path too long",
			       dir, name);
	return 0;
}

int kh_state_subdir(struct kh_ctx *ctx, char *out, size_t len,
		    const char *name)
{
	int err = kh_state_path(ctx, out, len, name, 1);

	if (!err && mkdir(out, 0700) && errno != EEXIST)
		err = kh_fail(ctx, -errno, "%s: %s", out, strerror(errno));
	return err;
}

static int exec_status(struct kh_ctx *ctx, const char *prog, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return kh_fail(ctx, -EIO, "%s exited with status %d",
			       prog, WEXITSTATUS(status));
	return kh_fail(ctx, -EINTR, "%s was killed by signal %d", prog,
		       WTERMSIG(status));
}

int kh_kexec(struct kh_ctx *ctx, const char *const *args)
{
	return kh_run(ctx, ctx->kexec, args);
}

int kh_run(struct kh_ctx *ctx, const char *prog, const char *const *args)
{
	return kh_run_logged(ctx, prog, args, NULL);
}

int kh_run_logged(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, const char *log)
{
	const char *argv[16];
	int i, status;
	pid_t pid;

	argv[0] = prog;
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return kh_fail(ctx, -errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
				    0600) : -1;

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "kexec-handoff: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return kh_fail(ctx, -errno, "waitpid: %s",
				       strerror(errno));
	return exec_status(ctx, prog, status);
}

static void print_quoted(FILE *out, const char *s)
{
	if (*s && !strpbrk(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~")) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

void kh_kexec_print(struct kh_ctx *ctx, FILE *out, const char *const *args)
{
	print_quoted(out, ctx->kexec);
	for (; *args; args++) {
		fputc(' ', out);
		print_quoted(out, *args);
	}
	fputc('\n', out);
}

int kh_require_root(struct kh_ctx *ctx, const char *what)
{
	if (geteuid() == 0)
		return 0;
	return kh_fail(ctx, -EPERM,
		       "%s needs root: loading and starting kernels requires CAP_SYS_BOOT",
		       what);
}
