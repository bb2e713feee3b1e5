/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * signals.h - no signal may end the tool between the first freeze and the
 * jump
 *
 * Once a group is dumped its processes are gone until they are restored,
 * here (give-back) or in the new kernel. A SIGTERM from a shutdown script,
 * a ^C or the hang-up of a closed ssh session at that moment would end the
 * tool with the processes in neither kernel. So --exec catches SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT while it holds frozen processes (syscalls
 * restart, so a dump or a kexec load in progress completes), checks for
 * one between its steps and, if one came, gives the processes back instead
 * of jumping. SIGPIPE is ignored: a closed stderr must not kill it either.
 */
#ifndef KH_SIGNALS_H
#define KH_SIGNALS_H

#include <signal.h>

struct kh_signals {
	struct sigaction old[5];
};

/*
 * kh_signals_hold - start catching; the caught signal is kept, not acted on
 *
 * returns: 0, or a negative errno (nothing changed)
 */
int kh_signals_hold(struct kh_signals *s);

/* kh_signals_caught - the first signal caught since kh_signals_hold(), or 0 */
int kh_signals_caught(void);

/* kh_signals_release - put back the dispositions kh_signals_hold() found */
void kh_signals_release(struct kh_signals *s);

#endif /* KH_SIGNALS_H */
