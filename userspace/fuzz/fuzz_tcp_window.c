// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_tcp_window.c - libFuzzer target for CRIU's tcp-stream image reader
 *
 * restore reads these images from the store before CRIU does, to decide
 * whether window scaling must be off while it connects. Any bytes: the
 * reader must not crash, and reading the same bytes as a file in an image
 * directory must agree with parsing them (one unscaled connection or
 * none, or an error for what the parser refuses).
 */
#include <errno.h>
#include <string.h>

#include "kh_fuzz.h"
#include "tcp_window.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kh_tcp_stream s;
	struct kh_ctx ctx;
	int parsed, n;

	parsed = kh_tcp_stream_parse(data, size, &s);
	require(parsed == 0 || parsed == -EINVAL);
	fuzz_ctx(&ctx, NULL);
	fuzz_write(fuzz_path(0, "tcp-stream-1.img"), data, size);
	n = kh_tcp_unscaled(&ctx, fuzz_scratch());
	if (size > 4096)
		require(n == -EINVAL || n == 0 || n == 1);
	else if (parsed)
		require(n == -EINVAL && strstr(ctx.err, "tcp-stream-1.img"));
	else
		require(n == !(s.opt_mask & 4));
	return 0;
}
