/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kh_fuzz.h - what the tool's file-reading fuzzers share
 *
 * The tool reads its state, its images and /proc from files, under a fake
 * root in tests. These fuzzers do the same: each input is written into a
 * scratch directory of the process's own, kh-fuzz.PID in /dev/shm (memory)
 * or else /tmp, and the public function reads it from there. It is
 * removed at exit, and those of crashed fuzzers by the next one.
 */
#ifndef KH_FUZZ_H
#define KH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "kh.h"

/* A broken promise traps, so libFuzzer keeps the input that broke it. */
#define require(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * fuzz_scratch - the scratch directory, made on first use
 *
 * returns: its path; traps when it cannot be made
 */
const char *fuzz_scratch(void);

/*
 * fuzz_path - @name below the scratch directory, in a static buffer per
 * @slot (0..3), so that a few can be held at once
 */
const char *fuzz_path(int slot, const char *name);

/* fuzz_write - make @path hold @len bytes of @data; traps on failure */
void fuzz_write(const char *path, const void *data, size_t len);

/* fuzz_ctx - a context whose root is @root (NULL: none) */
void fuzz_ctx(struct kh_ctx *ctx, const char *root);

#endif /* KH_FUZZ_H */
