/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * namespaces.h - a tree to carry must live in the system's own namespaces
 *
 * CRIU is run without namespace support (it would need the whole
 * namespace, mounts and ID maps included, and the new system would have
 * to rebuild it before the service), so a process in a mount, user, UTS,
 * IPC, network or PID namespace other than init's cannot be carried. It
 * would fail at the dump, inside the kexec transition; asked here, it is
 * refused at --load with the namespace named. systemd services get such
 * namespaces from their sandboxing settings, which the message names.
 */
#ifndef KH_NAMESPACES_H
#define KH_NAMESPACES_H

#include "kh.h"

/*
 * kh_check_namespaces - compare the namespaces of @pid (/proc/PID/ns) with init's
 * @comm: the process's name, for the message
 *
 * Read under ctx->root. A namespace type init does not show (a kernel
 * built without it) is not checked.
 *
 * returns: 0, -EINVAL with ctx->err naming the namespace and the settings
 * that make one, or -ENOENT when the process is gone
 */
int kh_check_namespaces(struct kh_ctx *ctx, int pid, const char *comm);

#endif /* KH_NAMESPACES_H */
