/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * systemctl.h - rebooting into the loaded kernel through systemd
 *
 * Where systemd is init, the jump goes through `systemctl kexec`: systemd
 * stops the services, unmounts the file systems, syncs and then jumps
 * into the kernel kexec holds, as a reboot does. kexec -e, which --exec
 * runs, jumps at once, with everything still running and mounted.
 */
#ifndef KH_SYSTEMCTL_H
#define KH_SYSTEMCTL_H

#include <stdbool.h>

#include "kh.h"

/* systemd creates this directory early when it runs as init, and
 * sd_booted(3) looks for nothing else. */
#define KH_SYSTEMD_BOOTED "/run/systemd/system"

/*
 * kh_systemd_booted - whether systemd is init, by sd_booted()'s rule,
 * under ctx->root
 */
bool kh_systemd_booted(const struct kh_ctx *ctx);

/*
 * kh_systemctl_kexec - run ctx->systemctl kexec
 * @dry_run: print "would run: " and the command instead
 *
 * systemctl returns once systemd has queued the reboot; the jump comes
 * after the services have stopped.
 *
 * returns: 0 when systemctl exited 0, else a negative errno with ctx->err
 * saying how it ended
 */
int kh_systemctl_kexec(struct kh_ctx *ctx, int dry_run);

#endif /* KH_SYSTEMCTL_H */
