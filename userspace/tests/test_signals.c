// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_signals.c - what --exec does with a signal while it holds frozen
 * processes
 *
 * Each case sends a real signal to the process, from another process
 * where that matters (kill(2) from a child, as a shutdown script would),
 * and checks that the process survives, remembers the first signal, and
 * gets its old dispositions back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "signals.h"

static void kill_from_child(int sig)
{
	pid_t parent = getpid(), pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(kill(parent, sig) ? 1 : 0);
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void survives_and_remembers_first(void **state)
{
	struct kh_signals s;
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

	(void)state;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		assert_int_equal(kh_signals_hold(&s), 0);
		assert_int_equal(kh_signals_caught(), 0);
		kill_from_child(sigs[i]);
		kill_from_child(SIGTERM);
		/* Still here: the first one is the one reported. */
		assert_int_equal(kh_signals_caught(), sigs[i]);
		kh_signals_release(&s);
	}
}

static void sigpipe_is_ignored(void **state)
{
	struct kh_signals s;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	assert_int_equal(kh_signals_hold(&s), 0);
	assert_int_equal(write(fds[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	kh_signals_release(&s);
	close(fds[1]);
}

/* A read interrupted by the signal goes on: a dump or a load in
 * progress must complete, and the tool decides between its steps. */
static void syscalls_restart(void **state)
{
	struct kh_signals s;
	int fds[2];
	char c = 0;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(kh_signals_hold(&s), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		usleep(100000);
		kill(getppid(), SIGTERM);
		usleep(100000);
		_exit(write(fds[1], "y", 1) == 1 ? 0 : 1);
	}
	assert_int_equal(read(fds[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	assert_int_equal(kh_signals_caught(), SIGTERM);
	kh_signals_release(&s);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	close(fds[1]);
}

static void release_restores_dispositions(void **state)
{
	struct sigaction before, after;
	struct kh_signals s;

	(void)state;
	assert_int_equal(sigaction(SIGTERM, NULL, &before), 0);
	assert_int_equal(kh_signals_hold(&s), 0);
	kh_signals_release(&s);
	assert_int_equal(sigaction(SIGTERM, NULL, &after), 0);
	assert_ptr_equal(before.sa_handler, after.sa_handler);
	assert_int_equal(sigaction(SIGPIPE, NULL, &after), 0);
	assert_ptr_equal(after.sa_handler, SIG_DFL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(survives_and_remembers_first),
		cmocka_unit_test(sigpipe_is_ignored),
		cmocka_unit_test(syscalls_restart),
		cmocka_unit_test(release_restores_dispositions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
