/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * proc_group.h - what /proc says about a process tree selected for
 * checkpointing
 *
 * CRIU dumps a whole tree, so a group is a root PID and all its
 * descendants. Before the dump the tool needs three things CRIU does not
 * tell it: whether the tree can be checkpointed at all (asked at --load,
 * long before the jump), which regular files it uses that live on a
 * volatile filesystem (they are gone after a kexec and CRIU refuses to
 * restore without them, so the tool carries them), and its established TCP
 * connections (the new kernel must lock them before the network is up).
 * Everything is read under ctx->root, so tests run on captured trees.
 */
#ifndef KH_PROC_GROUP_H
#define KH_PROC_GROUP_H

#include <stdint.h>

#include "journal_stream.h"
#include "kh.h"

#define KH_GROUP_MAX_PIDS	1024
#define KH_GROUP_MAX_FILES	256
#define KH_GROUP_MAX_TCP	256

/* One established TCP connection, addresses as in /proc/net/tcp{,6}. */
struct kh_tcp_conn {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t laddr[16], raddr[16];	/* network byte order */
	unsigned int lport, rport;
};

struct kh_group {
	int root_pid;
	unsigned long long start_time;	/* field 22 of /proc/PID/stat */
	char comm[17];
	int pids[KH_GROUP_MAX_PIDS];
	int npids;
	/* regular files on tmpfs, ramfs or the initramfs, absolute paths */
	char *files[KH_GROUP_MAX_FILES];
	int nfiles;
	struct kh_tcp_conn tcp[KH_GROUP_MAX_TCP];
	int ntcp;
	/* its stdout/stderr connections to journald (journal_stream.h) */
	struct kh_journal_stream journal[KH_JOURNAL_MAX];
	int njournal;
	/* anonymous and shared memory in use (smaps_rollup): about what its
	 * page images will take; 0 where the kernel does not say */
	unsigned long long mem_bytes;
};

/*
 * kh_group_scan - read a process tree and check it can be checkpointed
 * @pid: the tree's root
 * @g: filled on success; release with kh_group_free() either way
 *
 * Refused, with ctx->err naming the process and the reason: a PID that does
 * not exist, PID 1, the tool itself or one of its ancestors (the dump ends
 * them), a process holding a terminal (it could not get it back in the new
 * system), a volatile file whose path is not printable ASCII, a unix
 * socket connected outside the tree that CRIU cannot carry (see
 * kh_journal_classify()), and trees too large for the limits above.
 *
 * returns: 0, or a negative errno
 */
int kh_group_scan(struct kh_ctx *ctx, int pid, struct kh_group *g);

void kh_group_free(struct kh_group *g);

/*
 * kh_group_tree - only the PIDs of the tree at @pid, root first: what
 * restore signals as one (nothing to free)
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_group_tree(struct kh_ctx *ctx, int pid, struct kh_group *g);

/*
 * kh_on_volatile_mount - whether @path lies on tmpfs, ramfs or the
 * initramfs, going by the mount that holds it in @mountinfo (the text of
 * a /proc/PID/mountinfo): the files carried, and the only places restore
 * puts them back
 *
 * returns: 1 or 0, or -ENOMEM
 */
int kh_on_volatile_mount(const char *mountinfo, const char *path);

/*
 * kh_proc_start_time - the start time of @pid, to tell it from a later
 * process that reuses its PID
 *
 * returns: 0, or -ENOENT when @pid does not exist (ctx->err says so)
 */
int kh_proc_start_time(struct kh_ctx *ctx, int pid, unsigned long long *out);

/*
 * kh_group_has - whether @pid is one of @g's processes
 */
int kh_group_has(const struct kh_group *g, int pid);

/*
 * kh_group_member_above - the first of @pid and its ancestors (by
 * /proc/PID/stat) that is one of @g's processes
 *
 * returns: that PID; 0 when the chain reaches init without meeting @g;
 * -ENOENT when a process on the way is gone. ctx->err is left as it was.
 */
int kh_group_member_above(struct kh_ctx *ctx, const struct kh_group *g,
			  int pid);

#endif /* KH_PROC_GROUP_H */
