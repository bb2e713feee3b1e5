// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_journal_stream.c - which unix sockets a carried tree may hold, and
 * the journal-streams image
 *
 * A wrong "yes" loses the service at the dump (CRIU refuses in the
 * transition); a wrong "no" refuses a service that could be carried. The
 * image is parsed in the new system, so anything but its grammar must be
 * refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "journal_stream.h"

/* A service (inodes 10, 11, 12) and journald (20, 21) as sock_diag
 * shows them: 10 is its stdout/stderr stream, 20 journald's end of it. */
static const struct kh_unix_sock tab[] = {
	{ 10, 20, SOCK_STREAM, "" },
	{ 20, 10, SOCK_STREAM, KH_JOURNAL_STDOUT },
	{ 11, 0, SOCK_STREAM, "/run/svc.sock" },	/* listening */
	{ 12, 21, SOCK_DGRAM, "" },			/* syslog() */
	{ 21, 0, SOCK_DGRAM, "/dev/log" },
	{ 30, 31, SOCK_STREAM, "" },			/* a pair inside */
	{ 31, 30, SOCK_STREAM, "" },
	{ 40, 41, SOCK_STREAM, "" },			/* to D-Bus */
	{ 41, 40, SOCK_STREAM, "/run/dbus/system_bus_socket" },
	{ 50, 51, SOCK_DGRAM, "" },			/* unnamed peer */
	{ 51, 50, SOCK_DGRAM, "" },
};
#define NTAB ((int)(sizeof(tab) / sizeof(tab[0])))

static void journal_found_once(void **state)
{
	/* stdout and stderr share one socket; a TCP socket (99) is no
	 * unix socket at all. */
	const unsigned long held[] = { 10, 10, 11, 12, 30, 31, 99 };
	struct kh_journal_stream s[4];
	struct kh_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(kh_journal_classify(&ctx, tab, NTAB, held, 7, 42,
					     "echo-server", s, 4), 1);
	assert_int_equal(s[0].ino, 10);
	assert_string_equal(s[0].ident, "echo-server");
}

static void outside_stream_refused(void **state)
{
	const unsigned long held[] = { 10, 40 };
	struct kh_journal_stream s[4];
	struct kh_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(kh_journal_classify(&ctx, tab, NTAB, held, 2, 42,
					     "svc", s, 4), -EINVAL);
	assert_non_null(strstr(ctx.err, "process tree 42"));
	assert_non_null(strstr(ctx.err, "/run/dbus/system_bus_socket"));
}

static void unnamed_dgram_refused(void **state)
{
	const unsigned long held[] = { 50 };
	struct kh_journal_stream s[4];
	struct kh_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(kh_journal_classify(&ctx, tab, NTAB, held, 1, 42,
					     "svc", s, 4), -EINVAL);
	assert_non_null(strstr(ctx.err, "unnamed"));
}

static void hostile_ident_replaced(void **state)
{
	const unsigned long held[] = { 10 };
	struct kh_journal_stream s[1];
	struct kh_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(kh_journal_classify(&ctx, tab, NTAB, held, 1, 42,
					     "a b\nc", s, 1), 1);
	assert_string_equal(s[0].ident, "kexec-handoff");
}

static void image_round_trip(void **state)
{
	struct kh_journal_stream in[2] = { { 10, "redis-server" },
					   { 4294967295ul, "a.b-c@d:e" } };
	struct kh_journal_stream out[2];
	char text[128];

	(void)state;
	assert_true(kh_journal_format(in, 2, text, sizeof(text)) > 0);
	assert_string_equal(text, "10 redis-server\n4294967295 a.b-c@d:e\n");
	assert_int_equal(kh_journal_parse(text, out, 2), 2);
	assert_int_equal(out[0].ino, 10);
	assert_string_equal(out[0].ident, "redis-server");
	assert_int_equal(out[1].ino, 4294967295ul);
	assert_string_equal(out[1].ident, "a.b-c@d:e");
	assert_int_equal(kh_journal_parse(text, out, 1), -E2BIG);
	assert_int_equal(kh_journal_format(in, 2, text, 10), -ENOSPC);
}

static void image_rejects(void **state)
{
	static const char *const bad[] = {
		"10 svc", "10  svc\n", " 10 svc\n", "+10 svc\n", "010 svc\n",
		"10\n", "10 \n", "x svc\n", "10 s v\n", "10 s\tv\n",
		"99999999999999999999999 svc\n", "10 svc\n\n",
		"10 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "10 s/v\n",
	};
	struct kh_journal_stream s[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kh_journal_parse(bad[i], s, 4), -EINVAL);
	assert_int_equal(kh_journal_parse("", s, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(journal_found_once),
		cmocka_unit_test(outside_stream_refused),
		cmocka_unit_test(unnamed_dgram_refused),
		cmocka_unit_test(hostile_ident_replaced),
		cmocka_unit_test(image_round_trip),
		cmocka_unit_test(image_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
