// SPDX-License-Identifier: GPL-2.0-only
/*
 * signals.c - no signal may end the tool between the first freeze and the
 * jump (signals.h)
 */
#include <errno.h>
#include <string.h>

#include "signals.h"

static const int held_[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
static volatile sig_atomic_t caught_;

static void note_(int sig)
{
	if (!caught_)
		caught_ = sig;
}

int kh_signals_hold(struct kh_signals *s)
{
	struct sigaction sa;
	size_t i, n = sizeof(held_) / sizeof(held_[0]);

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	caught_ = 0;
	for (i = 0; i < n; i++) {
		sa.sa_handler = held_[i] == SIGPIPE ? SIG_IGN : note_;
		if (sigaction(held_[i], &sa, &s->old[i])) {
			int err = -errno;

			while (i--)
				sigaction(held_[i], &s->old[i], NULL);
			return err;
		}
	}
	return 0;
}

int kh_signals_caught(void)
{
	return caught_;
}

void kh_signals_release(struct kh_signals *s)
{
	size_t i, n = sizeof(held_) / sizeof(held_[0]);

	for (i = 0; i < n; i++)
		sigaction(held_[i], &s->old[i], NULL);
}
