// SPDX-License-Identifier: GPL-2.0-only
/*
 * kh_fuzz.c - scratch files for the tool's file-reading fuzzers
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kh_fuzz.h"

static char scratch[64];

static void remove_scratch_(void)
{
	if (scratch[0])
		kh_remove_tree(scratch);
}

const char *fuzz_scratch(void)
{
	if (scratch[0])
		return scratch;
	strcpy(scratch, "/dev/shm/kh-fuzz.XXXXXX");
	if (!mkdtemp(scratch)) {
		strcpy(scratch, "/tmp/kh-fuzz.XXXXXX");
		require(mkdtemp(scratch) != NULL);
	}
	atexit(remove_scratch_);
	return scratch;
}

const char *fuzz_path(int slot, const char *name)
{
	static char path[4][PATH_MAX];

	require(slot >= 0 && slot < 4);
	require(snprintf(path[slot], sizeof(path[slot]), "%s/%s",
			 fuzz_scratch(), name) < (int)sizeof(path[slot]));
	return path[slot];
}

void fuzz_write(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	require(fd >= 0);
	require(kh_write_all(fd, data, len) == 0);
	require(close(fd) == 0);
}

void fuzz_ctx(struct kh_ctx *ctx, const char *root)
{
	memset(ctx, 0, sizeof(*ctx));
	if (root)
		snprintf(ctx->root, sizeof(ctx->root), "%s", root);
	snprintf(ctx->sysfs, sizeof(ctx->sysfs), "%s/sys", ctx->root);
	strcpy(ctx->kexec, "kexec");
}
