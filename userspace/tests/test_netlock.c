// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_netlock.c - the tcp-connections image and the nft lock script
 *
 * The image is written in the old kernel and parsed in the new one, so a
 * round trip must be exact and anything else must be refused: restore
 * feeds what it parsed to nft.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fake_root.h"

#include "netlock.h"

static struct kh_tcp_conn conn(int family, const char *l, unsigned int lp,
			       const char *r, unsigned int rp)
{
	struct kh_tcp_conn c = { .family = family, .lport = lp, .rport = rp };

	assert_int_equal(inet_pton(family, l, c.laddr), 1);
	assert_int_equal(inet_pton(family, r, c.raddr), 1);
	return c;
}

static void round_trip(void **state)
{
	struct kh_tcp_conn in[2], out[4];
	char text[512];
	int len;

	(void)state;
	in[0] = conn(AF_INET, "10.0.2.15", 7007, "10.0.2.2", 43210);
	in[1] = conn(AF_INET6, "fd00::15", 22, "fd00::2", 60000);
	len = kh_netlock_format(in, 2, text, sizeof(text));
	assert_true(len > 0);
	assert_string_equal(text, "ipv4 10.0.2.15 7007 10.0.2.2 43210\n"
			    "ipv6 fd00::15 22 fd00::2 60000\n");
	assert_int_equal(kh_netlock_parse(text, out, 4), 2);
	assert_memory_equal(&in[0], &out[0], sizeof(in[0]));
	assert_memory_equal(&in[1], &out[1], sizeof(in[1]));
}

static void format_full_buffer(void **state)
{
	struct kh_tcp_conn c = conn(AF_INET, "10.0.2.15", 1, "10.0.2.2", 2);
	char text[10];

	(void)state;
	assert_int_equal(kh_netlock_format(&c, 1, text, sizeof(text)), -ENOSPC);
}

static void parse_rejects(void **state)
{
	static const char *const bad[] = {
		"ipv4 10.0.2.15 7007 10.0.2.2\n",		/* short */
		"ipv4 10.0.2.15 7007 10.0.2.2 1 extra\n",	/* long */
		"ipv5 10.0.2.15 7007 10.0.2.2 1\n",		/* family */
		"ipv4 10.0.2.300 7007 10.0.2.2 1\n",		/* address */
		"ipv4 fd00::1 7007 10.0.2.2 1\n",		/* mixed */
		"ipv4 10.0.2.15 0 10.0.2.2 1\n",		/* port 0 */
		"ipv4 10.0.2.15 65536 10.0.2.2 1\n",		/* port */
		"ipv4 10.0.2.15 7007 10.0.2.2 1; flush ruleset\n",
	};
	struct kh_tcp_conn out[2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kh_netlock_parse(bad[i], out, 2), -EINVAL);
	assert_int_equal(kh_netlock_parse("ipv4 1.2.3.4 1 5.6.7.8 2\n"
					  "ipv4 1.2.3.4 3 5.6.7.8 4\n"
					  "ipv4 1.2.3.4 5 5.6.7.8 6\n", out, 2),
			 -E2BIG);
	assert_int_equal(kh_netlock_parse("", out, 2), 0);
	assert_int_equal(kh_netlock_parse("\n\n", out, 2), 0);
}

static void script_drops_both_ways(void **state)
{
	struct kh_tcp_conn c = conn(AF_INET, "10.0.2.15", 7007, "10.0.2.2", 43210);
	char text[2048];

	(void)state;
	assert_true(kh_netlock_script(&c, 1, text, sizeof(text)) > 0);
	assert_non_null(strstr(text, "add table inet " KH_NETLOCK_TABLE "\n"
				     "delete table inet " KH_NETLOCK_TABLE "\n"
				     "add table inet " KH_NETLOCK_TABLE "\n"));
	assert_non_null(strstr(text, "hook input priority -300;"));
	assert_non_null(strstr(text, "input ip saddr 10.0.2.2 ip daddr 10.0.2.15 tcp sport 43210 tcp dport 7007 drop\n"));
	assert_non_null(strstr(text, "output ip saddr 10.0.2.15 ip daddr 10.0.2.2 tcp sport 7007 tcp dport 43210 drop\n"));
	assert_int_equal(kh_netlock_script(&c, 1, text, 100), -ENOSPC);
}

/* What nft is given for CRIU's table, through a stand-in nft that keeps
 * its script. */
static void criu_table_stand_in(void **state)
{
	char root[] = "/tmp/kh-netlock.XXXXXX", path[PATH_MAX], *text;
	char script[PATH_MAX + 64];
	struct kh_ctx ctx;
	FILE *fp;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(kh_ctx_init(&ctx), 0);
	strcpy(ctx.root, root);
	snprintf(script, sizeof(script), "#!/bin/sh\ncat \"$2\" >%s/got\n", root);
	fake_root_put(root, "nft", script);
	fake_root_put(root, "run/.keep", "");
	snprintf(path, sizeof(path), "%s/nft", root);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(setenv("KEXEC_HANDOFF_NFT", path, 1), 0);
	assert_int_equal(kh_netlock_criu_table(&ctx, 299), 0);
	unsetenv("KEXEC_HANDOFF_NFT");
	snprintf(path, sizeof(path), "%s/got", root);
	fp = fopen(path, "r");
	assert_non_null(fp);
	text = calloc(1, 256);
	assert_non_null(text);
	n = fread(text, 1, 255, fp);
	fclose(fp);
	assert_true(n > 0);
	assert_string_equal(text, "add table inet CRIU-299\n");
	free(text);
	fake_root_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(format_full_buffer),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(script_drops_both_ways),
		cmocka_unit_test(criu_table_stand_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
