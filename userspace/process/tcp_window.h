/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tcp_window.h - a restored connection keeps the window scaling it was
 * set up with
 *
 * CRIU restores a connection by connecting a socket in repair mode. The
 * kernel then picks a receive window scale for it as for any new
 * connection, and CRIU replaces it only for connections that had
 * negotiated scaling (TCPOPT_WINDOW in TCP_REPAIR_OPTIONS). A connection
 * set up without it (a peer that does not scale, such as QEMU's user
 * network) keeps the new scale nevertheless: it advertises its window
 * shifted right by up to 14 bits, the peer reads the field unscaled and
 * sends a few bytes at a time. Redis answered 100,000 GETs in 213 s on
 * such a connection, or not at all within 390 s, against 2 s before.
 *
 * net.ipv4.tcp_window_scaling = 0 while CRIU connects the socket makes
 * the kernel pick no scale. Connections that had scaling still get theirs
 * from CRIU, but their window clamp stays at 64 KiB; so the sysctl is
 * turned off only for a group that holds an unscaled connection.
 */
#ifndef KH_TCP_WINDOW_H
#define KH_TCP_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "kh.h"

#define KH_TCP_WINDOW_SYSCTL	"/proc/sys/net/ipv4/tcp_window_scaling"

/* What CRIU recorded of one connection's options (tcp-stream-INODE.img). */
struct kh_tcp_stream {
	uint32_t opt_mask;		/* TCPI_OPT_* of struct tcp_info */
	uint32_t snd_wscale, rcv_wscale, mss_clamp;
};

/*
 * kh_tcp_stream_parse - read the options from a tcp-stream image
 * @img: the image's first @len bytes (its queues may follow or be cut off)
 *
 * returns: 0, or -EINVAL for anything that is not such an image
 */
int kh_tcp_stream_parse(const void *img, size_t len, struct kh_tcp_stream *out);

/*
 * kh_tcp_unscaled - count the connections in CRIU's images in @dir that
 * were set up without window scaling
 *
 * returns: that count, or a negative errno with ctx->err naming the image
 */
int kh_tcp_unscaled(struct kh_ctx *ctx, const char *dir);

/*
 * kh_tcp_window_before - before CRIU restores the images in @dir: turn
 * window scaling off if one of their connections was set up without it
 * @saved: the sysctl's value, to put back with kh_tcp_window_after()
 *
 * returns: 1 when turned off, 0 when left alone, or a negative errno with
 * ctx->err saying why (the restore can go on: only speed is at stake)
 */
int kh_tcp_window_before(struct kh_ctx *ctx, const char *dir, char saved[8]);
int kh_tcp_window_after(struct kh_ctx *ctx, const char saved[8]);

#endif /* KH_TCP_WINDOW_H */
