// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_page_ranges.c - libFuzzer target for the page-ranges image and the
 * offsets list the page checker reads (page_ranges.h)
 *
 * The page checker trusts what it parses to tell a good page from a bad
 * one, inside CRIU's processes. Input: the image, optionally followed by
 * a NUL and an offsets list. A parse either fails cleanly or gives images
 * that are served ones, each once, with exactly one CRC per range.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kh_fuzz.h"
#include "page_ranges.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	struct kh_page_ranges r;
	char *offsets;
	int err, i;

	err = kh_page_ranges_parse((const char *)data, len, &r);
	require(err == 0 || err == -EINVAL || err == -ENOMEM);
	if (err)
		return 0;
	require(r.range >= 4096 && r.range % 4096 == 0);
	for (i = 0; i < r.n; i++) {
		require(kh_page_ranges_served(r.v[i].name));
		require(kh_page_ranges_find(&r, r.v[i].name) == &r.v[i]);
		require(r.v[i].n == (r.v[i].size + r.range - 1) / r.range);
	}
	if (nul) {
		offsets = strndup((const char *)nul + 1, size - len - 1);
		require(offsets != NULL);
		err = kh_page_ranges_offsets(&r, offsets);
		require(err == 0 || err == -EINVAL);
		free(offsets);
	}
	kh_page_ranges_free(&r);
	require(r.n == 0);
	return 0;
}
