// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_netlock.c - libFuzzer target for the tcp-connections image parser
 *
 * restore turns what this parser accepts into nft commands, so besides not
 * crashing it must hold to its grammar: whatever it accepts formats back
 * to text that parses to the same connections, and the lock script built
 * from them stays within its fixed set of commands.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlock.h"

#define MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kh_tcp_conn a[MAX], b[MAX];
	static char text[MAX * 128], script[MAX * 512 + 1024];
	char *in = malloc(size + 1);
	int n, m, len;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	n = kh_netlock_parse(in, a, MAX);
	free(in);
	if (n <= 0)
		return 0;
	len = kh_netlock_format(a, n, text, sizeof(text));
	assert(len > 0);
	m = kh_netlock_parse(text, b, MAX);
	assert(m == n);
	assert(!memcmp(a, b, (size_t)n * sizeof(a[0])));
	len = kh_netlock_script(a, n, script, sizeof(script));
	assert(len > 0);
	/* Nothing but the table, its two chains and one rule each way. */
	for (char *line = strtok(script, "\n"); line; line = strtok(NULL, "\n"))
		assert(!strncmp(line, "add table inet " KH_NETLOCK_TABLE, 33) ||
		       !strncmp(line, "delete table inet " KH_NETLOCK_TABLE, 36) ||
		       !strncmp(line, "add chain inet " KH_NETLOCK_TABLE " ", 34) ||
		       (!strncmp(line, "add rule inet " KH_NETLOCK_TABLE " ", 33) &&
			strstr(line, " drop") == line + strlen(line) - 5));
	return 0;
}
