// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_restore_deferred.c - libFuzzer target for the deferred-group list
 *
 * restore --deferred restores the groups whose numbers it reads from the
 * state file restore --defer-tcp wrote. The parser gets any bytes; what
 * it accepts must be numbers within the bound, no more than asked for,
 * and written out again with the saving side's format ("%x\n" a line) it
 * must parse to the same list.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kh_fuzz.h"
#include "restore_deferred.h"

#define MAX_GROUPS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int idx[MAX_GROUPS], again[MAX_GROUPS];
	char text[MAX_GROUPS * 12];
	size_t len = 0;
	int i, n, m;

	n = kh_deferred_parse((const char *)data, size, idx, MAX_GROUPS);
	require(n == -EBADMSG || (n >= 0 && n <= MAX_GROUPS));
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		require(idx[i] <= 0xffff);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%x\n",
					idx[i]);
	}
	m = kh_deferred_parse(text, len, again, MAX_GROUPS);
	require(m == n && !memcmp(idx, again, (size_t)n * sizeof(idx[0])));
	return 0;
}
