// SPDX-License-Identifier: GPL-2.0-only
/*
 * spawn.c - running a helper program and reporting how it ended
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

void kh_print_command(FILE *out, const char *prog, const char *const *args)
{
	print_quoted(out, prog);
	for (; *args; args++) {
		fputc(' ', out);
		print_quoted(out, *args);
	}
	fputc('\n', out);
}
