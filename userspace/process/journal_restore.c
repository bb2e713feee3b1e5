// SPDX-License-Identifier: GPL-2.0-only
/*
 * journal_restore.c - a restored tree's journald connections, made anew in
 * the new system (journal_stream.h)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "journal_stream.h"
#include "precopy.h"

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

static void close_all(struct kh_criu_ext_unix *ext, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (ext[i].fd >= 0)
			close(ext[i].fd);
}

/* For each stream listed in @dir, a new connection in ext[], or /dev/null
 * where journald does not answer: the output is lost, not the process.
 * Returns how many; on failure nothing is left open. */
static int reopen(struct kh_ctx *ctx, const char *dir, const char *unit,
		  struct kh_criu_ext_unix *ext)
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
	n = kh_journal_parse(text, s, KH_JOURNAL_MAX);
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
			close_all(ext, i);
			return kh_fail(ctx, fd, "/dev/null: %s", strerror(-fd));
		}
		ext[i].ino = s[i].ino;
		ext[i].fd = fd;
	}
	return n;
}

int kh_journal_restore(struct kh_ctx *ctx, const char *dir, const char *unit,
		       const char *logdir, const char *logname)
{
	struct kh_criu_ext_unix ext[KH_JOURNAL_MAX];
	int n, pid;

	n = kh_precopy_link(ctx, dir);
	if (n < 0)
		return n;
	n = reopen(ctx, dir, unit, ext);
	if (n < 0)
		return n;
	pid = kh_criu_restore(ctx, dir, logdir, logname, ext, n);
	/* CRIU has its own copies in the restored process now. */
	close_all(ext, n);
	return pid;
}
