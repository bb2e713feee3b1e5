/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netlock.h - keep a checkpointed TCP connection's peer from seeing a reset
 *
 * Between the dump in the old kernel and the restore in the new one the
 * connection has no socket. Any segment of it that reaches the new kernel
 * in that gap would be answered with a RST and the peer would drop the
 * connection. So the group's connections travel as a small text image
 * ("tcp-connections", one per line:
 *	ipv4 LOCAL-ADDR LOCAL-PORT REMOTE-ADDR REMOTE-PORT
 * or ipv6 likewise) and restore drops their packets with an nftables table
 * of its own from before the network is up until the sockets are back.
 */
#ifndef KH_NETLOCK_H
#define KH_NETLOCK_H

#include <stddef.h>

#include "kh.h"
#include "proc_group.h"

#define KH_NETLOCK_TABLE	"kexec-handoff-lock"

/*
 * kh_netlock_format - write @n connections as the tcp-connections image
 *
 * returns: the length written (without the NUL), or -ENOSPC
 */
int kh_netlock_format(const struct kh_tcp_conn *c, int n, char *buf,
		      size_t size);

/*
 * kh_netlock_parse - read a tcp-connections image
 * @text: NUL-terminated
 *
 * returns: the number of connections stored at @c, -EINVAL for a line that
 * is not one, -E2BIG for more than @max
 */
int kh_netlock_parse(const char *text, struct kh_tcp_conn *c, int max);

/*
 * kh_netlock_script - the nft commands that lock @n connections: one table
 * with an input and an output chain that drop their segments both ways,
 * ahead of connection tracking
 *
 * returns: the length written, or -ENOSPC
 */
int kh_netlock_script(const struct kh_tcp_conn *c, int n, char *buf,
		      size_t size);

/*
 * kh_netlock_apply - install the lock with nft ($KEXEC_HANDOFF_NFT, or
 * "nft" from PATH); an existing lock table is replaced
 * kh_netlock_lift - delete it again
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_netlock_apply(struct kh_ctx *ctx, const struct kh_tcp_conn *c, int n);
int kh_netlock_lift(struct kh_ctx *ctx);

/*
 * kh_netlock_criu_table - make the empty table "inet CRIU-@root_pid"
 *
 * CRIU ends every restore by deleting the nftables table it locked the
 * tree's connections with at the dump, named after the tree's root. That
 * table died with the old kernel; without one in its place, each restore
 * logs "Error: Could not process rule" for it, with or without
 * connections. The stand-in is what CRIU deletes.
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_netlock_criu_table(struct kh_ctx *ctx, int root_pid);

/*
 * kh_nonlocal_bind - allow (@on) binding to addresses not configured yet,
 * or put back what was there before
 * @saved: the previous values of net.ipv4.ip_nonlocal_bind and
 *	net.ipv6.ip_nonlocal_bind, filled when @on, used when not
 *
 * CRIU binds a restored connection to its old local address, which the new
 * system has not configured yet when restore runs (before the network, so
 * that no segment meets a missing socket). The lock keeps the connection
 * quiet until then.
 *
 * returns: 0, or a negative errno with ctx->err naming the sysctl
 */
int kh_nonlocal_bind(struct kh_ctx *ctx, int on, char saved[2][8]);

#endif /* KH_NETLOCK_H */
