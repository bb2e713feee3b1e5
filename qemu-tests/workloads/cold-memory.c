// SPDX-License-Identifier: GPL-2.0-only
/*
 * cold-memory - a large buffer of which only a small part keeps changing,
 * as in a cache or a database between writes, for pre-copy tests
 *
 * usage: cold-memory MIB HOT_KIB PASSES
 *
 * Fills MIB MiB with a pseudo-random sequence, then runs PASSES passes,
 * 50 ms apart, that each rewrite the first HOT_KIB KiB from the pass
 * number; the rest stays as filled. The final line, "cold-memory:
 * result=HEX", folds in every byte, so a cold page lost or stale across a
 * checkpoint changes it as surely as a hot one. It is the same on every
 * machine for the same arguments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int parse(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || end == s || *end || *out == 0 || *out > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	const struct timespec gap = { 0, 50 * 1000 * 1000 };
	unsigned long mib, hot_kib, passes, p;
	uint64_t *w, seed = 0x9e3779b97f4a7c15ULL, sum = 0;
	size_t n, hot, i;

	if (argc != 4 || parse(argv[1], 65536, &mib) ||
	    parse(argv[2], 1024 * 1024, &hot_kib) ||
	    parse(argv[3], 1000000, &passes) || hot_kib > mib * 1024) {
		fprintf(stderr, "usage: cold-memory MIB HOT_KIB PASSES (HOT_KIB at most MIB * 1024)\n");
		return 2;
	}
	n = mib * 1048576 / sizeof(*w);
	hot = hot_kib * 1024 / sizeof(*w);
	w = malloc(n * sizeof(*w));
	if (!w) {
		fprintf(stderr, "cold-memory: cannot allocate %lu MiB\n", mib);
		return 1;
	}
	for (i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		w[i] = seed;
	}
	printf("cold-memory: %lu MiB, %lu KiB hot, %lu passes\n", mib,
	       hot_kib, passes);
	fflush(stdout);
	for (p = 1; p <= passes; p++) {
		for (i = 0; i < hot; i++)
			w[i] = (w[i] ^ p) * 0x2545f4914f6cdd1dULL + i;
		printf("cold-memory: pass %lu/%lu\n", p, passes);
		fflush(stdout);
		nanosleep(&gap, NULL);
	}
	for (i = 0; i < n; i++)
		sum = (sum ^ w[i]) * 0x100000001b3ULL;
	printf("cold-memory: result=%016" PRIx64 "\n", sum);
	free(w);
	return 0;
}
