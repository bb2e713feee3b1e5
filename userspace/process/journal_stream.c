// SPDX-License-Identifier: GPL-2.0-only
/*
 * journal_stream.c - journald connections of a carried tree (journal_stream.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "journal_stream.h"

static int held_by(const unsigned long *held, int nheld, unsigned long ino)
{
	int i;

	for (i = 0; i < nheld; i++)
		if (held[i] == ino)
			return 1;
	return 0;
}

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
		if (!me || !me->peer || held_by(held, nheld, me->peer))
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

/* What systemd sends first on a service's stream (journald's stdout
 * protocol): identifier, unit, priority 6 (info), level prefixes parsed,
 * no forwarding to syslog, kmsg or console. */
static int connect_journal(struct kh_ctx *ctx, const char *ident,
			   const char *unit)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char head[256];
	int fd, len;

	if (kh_path(ctx, sa.sun_path, sizeof(sa.sun_path), KH_JOURNAL_STDOUT))
		return -ENAMETOOLONG;
	len = snprintf(head, sizeof(head), "%s\n%s\n6\n1\n0\n0\n0\n", ident,
		       unit ? unit : "");
	if (len < 0 || (size_t)len >= sizeof(head))
		return -ENAMETOOLONG;
	/* Not close-on-exec: libcriu runs the criu binary, which takes
	 * the descriptor over by its number. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    write(fd, head, (size_t)len) != len) {
		int err = -errno;

		close(fd);
		return err ? err : -EIO;
	}
	/* The service only writes; nothing comes back to read. */
	shutdown(fd, SHUT_RD);
	return fd;
}

int kh_journal_reopen(struct kh_ctx *ctx, const char *dir, const char *unit,
		      struct kh_criu_ext_unix *ext, int max)
{
	struct kh_journal_stream s[KH_JOURNAL_MAX];
	char path[PATH_MAX];
	size_t len;
	char *text;
	int i, n, fd;

	if (snprintf(path, sizeof(path), "%s/" KH_JOURNAL_IMAGE, dir) >=
	    (int)sizeof(path))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	if (access(path, F_OK))
		return 0;
	if (kh_read_file(ctx, path, 4096, (void **)&text, &len))
		return -EIO;
	n = kh_journal_parse(text, s, max < KH_JOURNAL_MAX ? max : KH_JOURNAL_MAX);
	free(text);
	if (n < 0)
		return kh_fail(ctx, n, "%s: not a journal-streams image", path);
	for (i = 0; i < n; i++) {
		fd = connect_journal(ctx, s[i].ident, unit);
		if (fd < 0) {
			fprintf(stderr, "kexec-handoff: warning: %s: %s; %s's output goes to /dev/null\n",
				KH_JOURNAL_STDOUT, strerror(-fd), s[i].ident);
			fd = open("/dev/null", O_WRONLY);
		}
		if (fd < 0) {
			fd = -errno;
			kh_journal_close(ext, i);
			return kh_fail(ctx, fd, "/dev/null: %s", strerror(-fd));
		}
		ext[i].ino = s[i].ino;
		ext[i].fd = fd;
	}
	return n;
}

void kh_journal_close(struct kh_criu_ext_unix *ext, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (ext[i].fd >= 0)
			close(ext[i].fd);
}
