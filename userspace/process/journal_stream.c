// SPDX-License-Identifier: GPL-2.0-only
/*
 * journal_stream.c - journald connections of a carried tree (journal_stream.h)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "journal_stream.h"

static int listed(const struct kh_journal_stream *s, int n, unsigned long ino)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i].ino == ino)
			return 1;
	return 0;
}

/* A name journald's identifier line takes as it is, and the image's
 * grammar can carry: no blanks, no control characters. */
static int ident_ok(const char *id)
{
	size_t len = strlen(id);

	return len && len < sizeof(((struct kh_journal_stream *)0)->ident) &&
	       strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._-@:") == len;
}

int kh_journal_classify(struct kh_ctx *ctx, const struct kh_unix_sock *tab,
			int ntab, const unsigned long *held, int nheld,
			int root_pid, const char *ident,
			struct kh_journal_stream *s, int max)
{
	int i, n = 0;

	for (i = 0; i < nheld; i++) {
		const struct kh_unix_sock *me = kh_unix_find(tab, ntab, held[i]);
		const struct kh_unix_sock *peer;

		/* Not unix, unconnected, or both ends go along. */
		if (!me || !me->peer || kh_inode_in(held, nheld, me->peer))
			continue;
		peer = kh_unix_find(tab, ntab, me->peer);
		if (me->type != SOCK_STREAM && me->type != SOCK_SEQPACKET) {
			if (peer && peer->name[0])
				continue;	/* CRIU connects it again by name */
			return kh_fail(ctx, -EINVAL,
				       "process tree %d: a unix datagram socket (inode %lu) is connected to an unnamed socket outside it; CRIU cannot connect it again",
				       root_pid, me->ino);
		}
		if (!peer || me->type != SOCK_STREAM ||
		    strcmp(peer->name, KH_JOURNAL_STDOUT))
			return kh_fail(ctx, -EINVAL,
				       "process tree %d: a unix stream socket (inode %lu) is connected to %s outside it; CRIU cannot carry one end of a connection",
				       root_pid, me->ino,
				       peer && peer->name[0] ? peer->name :
							       "an unnamed socket");
		if (listed(s, n, me->ino))
			continue;
		if (n == max)
			return kh_fail(ctx, -E2BIG,
				       "process tree %d: more than %d connections to journald",
				       root_pid, max);
		s[n].ino = me->ino;
		snprintf(s[n].ident, sizeof(s[n].ident), "%s",
			 ident_ok(ident) ? ident : "kexec-handoff");
		n++;
	}
	return n;
}

int kh_journal_format(const struct kh_journal_stream *s, int n, char *buf,
		      size_t size)
{
	size_t len = 0;
	int i, w;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + len, size - len, "%lu %s\n", s[i].ino,
			     s[i].ident);
		if (w < 0 || (size_t)w >= size - len)
			return -ENOSPC;
		len += (size_t)w;
	}
	return (int)len;
}

int kh_journal_parse(const char *text, struct kh_journal_stream *s, int max)
{
	const char *line = text;
	int n = 0;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t digits = strspn(line, "0123456789"), idlen;
		char num[24];

		if (!nl || !digits || line[0] == '0' || digits >= sizeof(num) ||
		    line[digits] != ' ')
			return -EINVAL;
		idlen = (size_t)(nl - line) - digits - 1;
		if (idlen >= sizeof(s->ident))
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		memcpy(num, line, digits);
		num[digits] = '\0';
		errno = 0;
		s[n].ino = strtoul(num, NULL, 10);
		memcpy(s[n].ident, line + digits + 1, idlen);
		s[n].ident[idlen] = '\0';
		if (errno || !ident_ok(s[n].ident))
			return -EINVAL;
		n++;
		line = nl + 1;
	}
	return n;
}
