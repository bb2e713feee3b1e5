// SPDX-License-Identifier: GPL-2.0-only
/*
 * unix_sockets.c - one sock_diag dump of the unix sockets (unix_sockets.h)
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unix_sockets.h"

struct table {
	struct kh_unix_sock *v;
	int n, cap;
};

static int add(struct table *t, const struct unix_diag_msg *m, int len)
{
	struct kh_unix_sock *s;
	struct rtattr *a = (struct rtattr *)(m + 1);

	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 256;
		void *v = realloc(t->v, (size_t)cap * sizeof(*t->v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	s = &t->v[t->n++];
	memset(s, 0, sizeof(*s));
	s->ino = m->udiag_ino;
	s->type = m->udiag_type;
	len -= (int)NLMSG_ALIGN(sizeof(*m));
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t plen = RTA_PAYLOAD(a);

		if (a->rta_type == UNIX_DIAG_PEER && plen >= sizeof(__u32)) {
			__u32 peer;

			memcpy(&peer, RTA_DATA(a), sizeof(peer));
			s->peer = peer;
		} else if (a->rta_type == UNIX_DIAG_NAME && plen) {
			const char *name = RTA_DATA(a);

			if (plen >= sizeof(s->name))
				plen = sizeof(s->name) - 1;
			memcpy(s->name, name, plen);
			s->name[plen] = '\0';
			/* Abstract names begin with a NUL; ss shows '@'. */
			if (!name[0])
				s->name[0] = '@';
		}
	}
	return 0;
}

/* Reads the dump's replies until NLMSG_DONE. */
static int receive(struct kh_ctx *ctx, int fd, struct table *t)
{
	static char buf[32768] __attribute__((aligned(8)));

	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int len = (int)got;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return kh_fail(ctx, -errno, "sock_diag: %s",
				       strerror(errno));
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return kh_fail(ctx, e->error ? e->error : -EIO,
					       "sock_diag: unix sockets: %s",
					       strerror(-e->error));
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg)))
				continue;
			if (add(t, NLMSG_DATA(h), (int)h->nlmsg_len -
				(int)NLMSG_HDRLEN))
				return kh_fail(ctx, -ENOMEM, "out of memory");
		}
		if (!got)
			return kh_fail(ctx, -EIO, "sock_diag: the dump ended early");
	}
}

int kh_unix_sockets(struct kh_ctx *ctx, struct kh_unix_sock **out)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} req = {
		.h = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.r = {
			.sdiag_family = AF_UNIX,
			.udiag_states = ~0u,
			.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER,
		},
	};
	struct table t = { 0 };
	int err, fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
			     NETLINK_SOCK_DIAG);

	*out = NULL;
	if (fd < 0)
		return kh_fail(ctx, -errno, "sock_diag: %s", strerror(errno));
	if (send(fd, &req, sizeof(req), 0) < 0)
		err = kh_fail(ctx, -errno, "sock_diag: %s", strerror(errno));
	else
		err = receive(ctx, fd, &t);
	close(fd);
	if (err) {
		free(t.v);
		return err;
	}
	*out = t.v;
	return t.n;
}

const struct kh_unix_sock *kh_unix_find(const struct kh_unix_sock *tab,
					int n, unsigned long ino)
{
	int i;

	for (i = 0; i < n; i++)
		if (tab[i].ino == ino)
			return &tab[i];
	return NULL;
}
