// SPDX-License-Identifier: GPL-2.0-only
/*
 * spawn.c - running a helper program and reporting how it ended
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

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

int kh_run(struct kh_ctx *ctx, const char *prog, const char *const *args)
{
	return kh_run_logged(ctx, prog, args, NULL);
}

/* The child's stdout goes to @out_fd, or both its outputs to @log. */
static pid_t start(struct kh_ctx *ctx, const char *prog,
		   const char *const *args, const char *log, int out_fd)
{
	const char *argv[KH_SPAWN_MAX_ARGS + 2];
	pid_t pid;
	int i;

	argv[0] = prog;
	for (i = 0; args[i]; i++) {
		if (i == KH_SPAWN_MAX_ARGS)
			return kh_fail(ctx, -E2BIG, "cannot run %s: more than %d arguments",
				       prog, KH_SPAWN_MAX_ARGS);
		argv[i + 1] = args[i];
	}
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
		/* pipe2() may have handed out fd 1 itself (the tool started
		 * with it closed): dup2() then keeps its close-on-exec. */
		if (out_fd == STDOUT_FILENO)
			fcntl(out_fd, F_SETFD, 0);
		else if (out_fd >= 0)
			dup2(out_fd, STDOUT_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "kexec-handoff: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	return pid;
}

static int finish(struct kh_ctx *ctx, const char *prog, pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return kh_fail(ctx, -errno, "waitpid: %s",
				       strerror(errno));
	return exec_status(ctx, prog, status);
}

int kh_run_logged(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, const char *log)
{
	pid_t pid = start(ctx, prog, args, log, -1);

	return pid < 0 ? (int)pid : finish(ctx, prog, pid);
}

/* Read all of @fd into @buf; past @max, -EFBIG but still drained, so
 * that the child is never left blocked on a full pipe. */
static int drain(int fd, char **buf, size_t max)
{
	size_t len = 0, cap = 4096;
	char chunk[4096];
	int err = 0;
	ssize_t n;

	*buf = malloc(cap);
	if (!*buf)
		err = -ENOMEM;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = err ? err : -errno;
			break;
		}
		if (err)
			continue;
		if (len + (size_t)n > max) {
			err = -EFBIG;
			continue;
		}
		if (len + (size_t)n + 1 > cap) {
			size_t want = 2 * (len + (size_t)n + 1);
			char *more = realloc(*buf, want);

			if (!more) {
				err = -ENOMEM;
				continue;
			}
			*buf = more;
			cap = want;
		}
		memcpy(*buf + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	if (*buf)
		(*buf)[len] = '\0';
	return err;
}

int kh_run_output(struct kh_ctx *ctx, const char *prog,
		  const char *const *args, size_t max, char **out)
{
	int fds[2], err, read_err;
	pid_t pid;

	*out = NULL;
	if (pipe2(fds, O_CLOEXEC))
		return kh_fail(ctx, -errno, "pipe: %s", strerror(errno));
	pid = start(ctx, prog, args, NULL, fds[1]);
	close(fds[1]);
	read_err = pid < 0 ? 0 : drain(fds[0], out, max);
	close(fds[0]);
	if (pid < 0)
		return (int)pid;
	err = finish(ctx, prog, pid);
	if (!err && read_err)
		err = kh_fail(ctx, read_err, "reading what %s printed: %s",
			      prog, read_err == -EFBIG ? "more than expected"
			      : strerror(-read_err));
	return err;
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

void kh_print_command(FILE *out, const char *prog, const char *const *args)
{
	print_quoted(out, prog);
	for (; *args; args++) {
		fputc(' ', out);
		print_quoted(out, *args);
	}
	fputc('\n', out);
}
