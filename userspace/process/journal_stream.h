/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * journal_stream.h - a service's standard output and error across the kexec
 *
 * systemd connects a service's stdout and stderr to journald with a unix
 * stream connection to /run/systemd/journal/stdout. CRIU cannot dump one
 * end of a stream connection, and journald's end would not survive the
 * kexec anyway. So such a socket is dumped as external (CRIU's
 * "unix[INODE]"), listed in a small text image of the tool's own,
 * "journal-streams", one per line:
 *	INODE IDENTIFIER
 * and restore gives CRIU a new connection to the new system's journald in
 * its place (inherit-fd "socket:[INODE]"), opened as systemd opens one for
 * a service, so the restored service keeps logging under its unit.
 * Any other unix stream connection to a process outside the tree cannot
 * be carried, and the tree is refused at --load with the peer named.
 * The load's side is journal_stream.c, the restore's journal_restore.c.
 */
#ifndef KH_JOURNAL_STREAM_H
#define KH_JOURNAL_STREAM_H

#include <stddef.h>

#include "checkpoint.h"
#include "kh.h"
#include "unix_sockets.h"

#define KH_JOURNAL_STDOUT	"/run/systemd/journal/stdout"
#define KH_JOURNAL_IMAGE	"journal-streams"
#define KH_JOURNAL_MAX		16

struct kh_journal_stream {
	unsigned long ino;	/* the tree's end, in the old kernel */
	char ident[32];		/* journald's SYSLOG_IDENTIFIER */
};

/*
 * kh_journal_classify - check the unix sockets a tree holds
 * @tab: the namespace's unix sockets (kh_unix_sockets())
 * @held: the inodes of the sockets the tree's processes hold, any family,
 *	repeats allowed
 * @root_pid, @ident: the tree's root and its command name, for messages
 *	and the identifier the new connections log under
 * @s: the journal streams found, each once
 *
 * returns: how many journal streams, or a negative errno with ctx->err
 * naming the socket and its peer: -EINVAL for a stream connection to a
 * socket outside the tree other than journald's, or a datagram socket
 * connected to an unnamed one (CRIU can reconnect only by name); -E2BIG
 * for more than @max journal streams
 */
int kh_journal_classify(struct kh_ctx *ctx, const struct kh_unix_sock *tab,
			int ntab, const unsigned long *held, int nheld,
			int root_pid, const char *ident,
			struct kh_journal_stream *s, int max);

/*
 * kh_journal_format - write @n streams as the journal-streams image
 *
 * returns: the length written (without the NUL), or -ENOSPC
 */
int kh_journal_format(const struct kh_journal_stream *s, int n, char *buf,
		      size_t size);

/*
 * kh_journal_parse - read a journal-streams image
 * @text: NUL-terminated
 *
 * returns: the number of streams stored at @s, -EINVAL for a line that is
 * not one (an identifier is letters, digits and "._-@:" only), -E2BIG
 * for more than @max
 */
int kh_journal_parse(const char *text, struct kh_journal_stream *s, int max);

/*
 * kh_journal_restore - kh_criu_restore() of the tree in @dir, each journal
 * stream it listed given back as a new connection to journald as @unit's
 * (NULL: no unit), or as /dev/null where journald does not answer (the
 * output is lost, with a warning on stderr; the process still runs)
 *
 * returns: the restored root's PID, or a negative errno with ctx->err
 * naming the image or saying why CRIU failed
 */
int kh_journal_restore(struct kh_ctx *ctx, const char *dir, const char *unit,
		       const char *logdir, const char *logname);

#endif /* KH_JOURNAL_STREAM_H */
