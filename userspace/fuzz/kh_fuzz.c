// SPDX-License-Identifier: GPL-2.0-only
/*
 * kh_fuzz.c - scratch files for the tool's file-reading fuzzers
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh_fuzz.h"

static char scratch[64];

static void remove_scratch_(void)
{
	if (scratch[0])
		kh_remove_tree(scratch);
}

/*
 * A fuzzer that crashed never ran its atexit(): remove the scratch
 * directories in @base of processes that are gone. Each is named for its
 * process, so one that runs is never touched.
 */
static void sweep_(const char *base)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir = opendir(base);
	int pid, end;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		end = 0;
		if (sscanf(de->d_name, "kh-fuzz.%d%n", &pid, &end) != 1 ||
		    de->d_name[end] || pid <= 0 ||
		    kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
		kh_remove_tree(path);
	}
	closedir(dir);
}

const char *fuzz_scratch(void)
{
	static const char *const bases[] = { "/dev/shm", "/tmp" };
	size_t i;

	for (i = 0; !scratch[0] && i < 2; i++) {
		sweep_(bases[i]);
		snprintf(scratch, sizeof(scratch), "%s/kh-fuzz.%d", bases[i],
			 (int)getpid());
		kh_remove_tree(scratch);
		if (mkdir(scratch, 0700))
			scratch[0] = '\0';
	}
	require(scratch[0]);
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
