// SPDX-License-Identifier: GPL-2.0-only
/*
 * echo-server - a TCP echo server whose connections are meant to survive a
 * checkpoint/restore
 *
 * usage: echo-server PORT
 *
 * Serves one connection at a time with blocking calls, so at any instant
 * the process state is a read or a write on one established socket: exactly
 * what CRIU's --tcp-established has to carry. Logs each connection and its
 * byte count, so a test can tell a restored connection (no new "accepted"
 * line) from a reconnect.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void serve(int c)
{
	unsigned long long total = 0;
	char buf[16384];
	ssize_t n;

	for (;;) {
		n = read(c, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (write_all(c, buf, (size_t)n))
			break;
		total += (unsigned long long)n;
	}
	printf("echo-server: connection closed after %llu bytes (%s)\n", total,
	       n < 0 ? strerror(errno) : "eof");
	fflush(stdout);
	close(c);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s, c, one = 1;
	long port = argc == 2 ? strtol(argv[1], NULL, 10) : 0;

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: echo-server PORT\n");
		return 2;
	}
	/* A peer that vanishes must not kill the server with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	a.sin_port = htons((unsigned short)port);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4)) {
		perror("echo-server");
		return 1;
	}
	printf("echo-server: pid %ld listening on port %ld\n", (long)getpid(), port);
	fflush(stdout);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);

		c = accept(s, (struct sockaddr *)&peer, &len);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("echo-server: accept");
			return 1;
		}
		printf("echo-server: accepted %s:%u\n", inet_ntoa(peer.sin_addr),
		       ntohs(peer.sin_port));
		fflush(stdout);
		serve(c);
	}
}
