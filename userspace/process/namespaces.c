// SPDX-License-Identifier: GPL-2.0-only
/*
 * namespaces.c - a tree to carry must live in the system's own namespaces
 * (namespaces.h)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "namespaces.h"

static const struct {
	const char *name, *what, *settings;
} kinds[] = {
	{ "mnt", "mount", "PrivateTmp=, PrivateDevices=, ProtectSystem=, ProtectHome=, ReadWritePaths= or other file-system sandboxing" },
	{ "user", "user", "PrivateUsers=" },
	{ "uts", "UTS", "ProtectHostname=" },
	{ "ipc", "IPC", "PrivateIPC=" },
	{ "net", "network", "PrivateNetwork= or NetworkNamespacePath=" },
	{ "pid", "PID", "a container" },
};

/* The link's target, "mnt:[4026531841]"; -errno when unreadable. */
static int ns_link(struct kh_ctx *ctx, const char *proc, const char *kind,
		   char *out, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/proc/%s/ns/%s", ctx->root, proc,
		     kind) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	n = readlink(path, out, size - 1);
	if (n < 0)
		return -errno;
	out[n] = '\0';
	return 0;
}

int kh_check_namespaces(struct kh_ctx *ctx, int pid, const char *comm)
{
	char init[64], mine[64], proc[16];
	size_t i;
	int err;

	snprintf(proc, sizeof(proc), "%d", pid);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (ns_link(ctx, "1", kinds[i].name, init, sizeof(init)))
			continue;
		err = ns_link(ctx, proc, kinds[i].name, mine, sizeof(mine));
		if (err == -ENOENT)
			return kh_fail(ctx, err, "process %d (%s) has ended",
				       pid, comm);
		if (err)
			return kh_fail(ctx, err, "process %d (%s): cannot read its %s namespace: %s",
				       pid, comm, kinds[i].what, strerror(-err));
		if (strcmp(init, mine))
			return kh_fail(ctx, -EINVAL, "process %d (%s) runs in its own %s namespace (%s, init's is %s), which cannot be carried; a service gets one from %s",
				       pid, comm, kinds[i].what, mine, init,
				       kinds[i].settings);
	}
	return 0;
}
