// SPDX-License-Identifier: GPL-2.0-only
/*
 * batch-job - a deterministic computation over a large buffer, for
 * checkpoint/restore tests
 *
 * usage: batch-job MIB PASSES
 *
 * Fills MIB MiB with a pseudo-random sequence, then runs PASSES passes that
 * each rewrite every word from its neighbours, so the result depends on every
 * byte of memory at every step: a single page lost or stale across a
 * checkpoint changes it. The final line, "batch-job: result=HEX", is the same
 * on every machine for the same arguments, so a run that was checkpointed and
 * restored can be compared with one that was not. Progress lines go to stdout
 * as well, flushed, so a log shows how far it got before and after.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int parse(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || end == s || *end || *out == 0 || *out > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long mib, passes, p;
	uint64_t *w, seed = 0x9e3779b97f4a7c15ULL, sum = 0;
	size_t n, i;

	if (argc != 3 || parse(argv[1], 65536, &mib) ||
	    parse(argv[2], 1000000, &passes)) {
		fprintf(stderr, "usage: batch-job MIB PASSES\n");
		return 2;
	}
	n = mib * 1048576 / sizeof(*w);
	w = malloc(n * sizeof(*w));
	if (!w) {
		fprintf(stderr, "batch-job: cannot allocate %lu MiB\n", mib);
		return 1;
	}
	for (i = 0; i < n; i++)
		w[i] = xorshift(&seed);
	printf("batch-job: pid %ld, %lu MiB, %lu passes\n", (long)getpid(),
	       mib, passes);
	fflush(stdout);
	for (p = 1; p <= passes; p++) {
		/* Each word mixes in its left neighbour's new value: the pass
		 * is sequential, so it cannot be reordered or skipped. */
		for (i = 1; i < n; i++)
			w[i] = (w[i] ^ (w[i - 1] >> 3)) * 0x2545f4914f6cdd1dULL + p;
		w[0] += w[n - 1];
		printf("batch-job: pass %lu/%lu\n", p, passes);
		fflush(stdout);
	}
	for (i = 0; i < n; i++)
		sum = (sum ^ w[i]) * 0x100000001b3ULL;
	printf("batch-job: result=%016" PRIx64 "\n", sum);
	free(w);
	return 0;
}
