/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unix_sockets.h - this network namespace's unix sockets, with their peers
 *
 * /proc/PID/fd says only "socket:[INODE]"; whether a unix socket is
 * connected, and to what, is known to the kernel's sock_diag interface
 * alone. The tool needs it for one decision (journal_stream.h): a tree
 * holding one end of a stream connection whose other end stays behind
 * cannot be dumped by CRIU as it is.
 */
#ifndef KH_UNIX_SOCKETS_H
#define KH_UNIX_SOCKETS_H

#include "kh.h"

struct kh_unix_sock {
	unsigned long ino, peer;	/* peer 0: not connected */
	int type;			/* SOCK_STREAM, SOCK_DGRAM, ... */
	/* bound path ("" for none; an abstract name starts with '@');
	 * an accepted socket carries its listener's */
	char name[110];
};

/*
 * kh_unix_sockets - every unix socket in this network namespace
 * @out: set to a malloc'ed array; the caller frees it
 *
 * returns: how many, or a negative errno with ctx->err saying why
 */
int kh_unix_sockets(struct kh_ctx *ctx, struct kh_unix_sock **out);

/*
 * kh_unix_find - the entry for inode @ino in @tab, or NULL
 */
const struct kh_unix_sock *kh_unix_find(const struct kh_unix_sock *tab,
					int n, unsigned long ino);

/*
 * kh_inode_in - whether @ino is one of the @n socket inodes at @v
 */
static inline int kh_inode_in(const unsigned long *v, int n, unsigned long ino)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] == ino)
			return 1;
	return 0;
}

#endif /* KH_UNIX_SOCKETS_H */
