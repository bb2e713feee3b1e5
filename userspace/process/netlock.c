// SPDX-License-Identifier: GPL-2.0-only
/*
 * netlock.c - the nftables lock on checkpointed TCP connections
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kexec_run.h"
#include "netlock.h"

struct out {
	char *buf;
	size_t size, len;
	int full;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->full = 1;
	else
		o->len += (size_t)n;
}

static int done(struct out *o)
{
	return o->full ? -ENOSPC : (int)o->len;
}

static void addrs(const struct kh_tcp_conn *c, char l[64], char r[64])
{
	inet_ntop(c->family, c->laddr, l, 64);
	inet_ntop(c->family, c->raddr, r, 64);
}

int kh_netlock_format(const struct kh_tcp_conn *c, int n, char *buf,
		      size_t size)
{
	struct out o = { buf, size, 0, size == 0 };
	char l[64], r[64];
	int i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < n && !o.full; i++) {
		addrs(&c[i], l, r);
		put(&o, "%s %s %u %s %u\n",
		    c[i].family == AF_INET ? "ipv4" : "ipv6", l, c[i].lport,
		    r, c[i].rport);
	}
	return done(&o);
}

int kh_netlock_parse(const char *text, struct kh_tcp_conn *c, int max)
{
	const char *line = text;
	int n = 0;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char copy[256], fam[8], l[64], r[64], extra;
		unsigned int lp, rp;
		struct kh_tcp_conn conn = { 0 };

		if (len >= sizeof(copy))
			return -EINVAL;
		memcpy(copy, line, len);
		copy[len] = '\0';
		line += len + (nl ? 1 : 0);
		if (len == 0)
			continue;
		if (sscanf(copy, "%7s %63s %u %63s %u %c", fam, l, &lp, r, &rp,
			   &extra) != 5 || lp == 0 || lp > 65535 || rp == 0 ||
		    rp > 65535)
			return -EINVAL;
		if (!strcmp(fam, "ipv4"))
			conn.family = AF_INET;
		else if (!strcmp(fam, "ipv6"))
			conn.family = AF_INET6;
		else
			return -EINVAL;
		if (inet_pton(conn.family, l, conn.laddr) != 1 ||
		    inet_pton(conn.family, r, conn.raddr) != 1)
			return -EINVAL;
		conn.lport = lp;
		conn.rport = rp;
		if (n == max)
			return -E2BIG;
		c[n++] = conn;
	}
	return n;
}

int kh_netlock_script(const struct kh_tcp_conn *c, int n, char *buf,
		      size_t size)
{
	struct out o = { buf, size, 0, size == 0 };
	char l[64], r[64];
	const char *ip;
	int i;

	/* "add" then "delete" then "add" makes the script replace a lock a
	 * failed earlier run left, and still work when there is none. */
	put(&o, "add table inet %s\n", KH_NETLOCK_TABLE);
	put(&o, "delete table inet %s\n", KH_NETLOCK_TABLE);
	put(&o, "add table inet %s\n", KH_NETLOCK_TABLE);
	/* Priority -300 comes before conntrack (-200), so not even the
	 * tracking of the new kernel sees these segments. */
	put(&o, "add chain inet %s input { type filter hook input priority -300; policy accept; }\n",
	    KH_NETLOCK_TABLE);
	put(&o, "add chain inet %s output { type filter hook output priority -300; policy accept; }\n",
	    KH_NETLOCK_TABLE);
	for (i = 0; i < n; i++) {
		addrs(&c[i], l, r);
		ip = c[i].family == AF_INET ? "ip" : "ip6";
		put(&o, "add rule inet %s input %s saddr %s %s daddr %s tcp sport %u tcp dport %u drop\n",
		    KH_NETLOCK_TABLE, ip, r, ip, l, c[i].rport, c[i].lport);
		put(&o, "add rule inet %s output %s saddr %s %s daddr %s tcp sport %u tcp dport %u drop\n",
		    KH_NETLOCK_TABLE, ip, l, ip, r, c[i].lport, c[i].rport);
	}
	return done(&o);
}

static const char *nft(void)
{
	const char *p = getenv("KEXEC_HANDOFF_NFT");

	return p && *p ? p : "nft";
}

/* nft reads the script from a file: no pipe to feed and wait on. */
static int run_script(struct kh_ctx *ctx, const char *script, int len)
{
	char path[PATH_MAX];
	struct kh_part part = { script, (size_t)len };
	const char *args[] = { "-f", path, NULL };
	int err = kh_state_path(ctx, path, sizeof(path), "netlock.nft", 1);

	if (!err)
		err = kh_write_file(ctx, path, &part, 1);
	if (!err)
		err = kh_run(ctx, nft(), args);
	unlink(path);
	return err;
}

int kh_netlock_apply(struct kh_ctx *ctx, const struct kh_tcp_conn *c, int n)
{
	size_t size = 512 + (size_t)n * 512;
	char *script = malloc(size);
	int len, err;

	if (!script)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	len = kh_netlock_script(c, n, script, size);
	err = len < 0 ? kh_fail(ctx, len, "network lock script too long") :
			run_script(ctx, script, len);
	free(script);
	if (err)
		return kh_fail(ctx, err, "cannot lock %d TCP connection(s): %.900s",
			       n, ctx->err);
	return 0;
}

int kh_netlock_lift(struct kh_ctx *ctx)
{
	char script[128];
	int len = snprintf(script, sizeof(script), "delete table inet %s\n",
			   KH_NETLOCK_TABLE);

	return run_script(ctx, script, len);
}

int kh_netlock_criu_table(struct kh_ctx *ctx, int root_pid)
{
	char script[64];
	int len = snprintf(script, sizeof(script), "add table inet CRIU-%d\n",
			   root_pid);

	return run_script(ctx, script, len);
}

int kh_nonlocal_bind(struct kh_ctx *ctx, int on, char saved[2][8])
{
	static const char *const knobs[2] = {
		"/proc/sys/net/ipv4/ip_nonlocal_bind",
		"/proc/sys/net/ipv6/ip_nonlocal_bind",
	};
	int i, err = 0;

	for (i = 0; !err && i < 2; i++) {
		if (on)
			err = kh_sysctl_set(ctx, knobs[i], "1", saved[i], 8);
		else if (saved[i][0])
			err = kh_sysctl_set(ctx, knobs[i], saved[i], NULL, 0);
		if (err == -ENOENT) {
			saved[i][0] = '\0';	/* no IPv6 */
			err = 0;
		}
	}
	return err;
}
