// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_proc.c - libFuzzer target for the /proc parsers of --checkpoint
 *
 * kh_group_scan() reads a process tree from /proc (stat, the children
 * lists, mountinfo, maps, the descriptors, net/tcp and net/tcp6) to decide
 * whether it can be checkpointed, which volatile files to carry and which
 * connections to lock. The input is one fake /proc/100: its files in that
 * order, separated by NUL bytes, the last part being the descriptors' link
 * targets, one a line (fewer parts: those files are absent). /proc/101 is
 * the same process under another PID, so a children list can name it and
 * the walk must cope with a tree that loops. The fake root also holds
 * /tmp/app.log and /usr/bin/app for the descriptors and maps to name.
 *
 * Beyond not crashing, a group it accepts must be one the dump can use:
 * the root PID first and no PID twice, within the limits; each carried
 * file an absolute, printable path of at most 240 bytes, listed once,
 * naming a regular file; each connection IPv4 or IPv6 with nothing in
 * the unused address bytes; and the start time the same as
 * kh_proc_start_time() reads.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh_fuzz.h"
#include "proc_group.h"

static const char *const parts[] = {
	"stat", "task/100/children", "mountinfo", "maps", "net/tcp",
	"net/tcp6",
};
#define NPARTS	(sizeof(parts) / sizeof(parts[0]))

static char root[PATH_MAX];

/* @rel below the fake root; its directories exist after the first. */
static void put_(const char *rel, const void *data, size_t len, int mkdirs)
{
	char path[PATH_MAX];
	struct kh_ctx ctx;

	fuzz_ctx(&ctx, NULL);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (mkdirs)
		require(kh_mkdir_parents(&ctx, path, 0755) == 0);
	fuzz_write(path, data, len);
}

static void setup_once_(void)
{
	char path[PATH_MAX], rel[64];
	size_t i;

	snprintf(root, sizeof(root), "%s", fuzz_path(0, "root"));
	put_("tmp/app.log", "log\n", 4, 1);
	put_("usr/bin/app", "\177ELF", 4, 1);
	for (i = 0; i < NPARTS; i++) {
		snprintf(rel, sizeof(rel), "proc/100/%s", parts[i]);
		put_(rel, "", 0, 1);
	}
	snprintf(path, sizeof(path), "%s/proc/101", root);
	require(symlink("100", path) == 0);
}

/* Descriptors 0, 1, ...: one per line of @text. */
static void put_fds_(const char *text, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], target[PATH_MAX];
	const char *nl;
	size_t n;
	int fd = 0;

	snprintf(dir, sizeof(dir), "%s/proc/100/fd", root);
	kh_remove_tree(dir);
	require(mkdir(dir, 0755) == 0);
	while (len && fd < 64) {
		nl = memchr(text, '\n', len);
		n = nl ? (size_t)(nl - text) : len;
		if (n && n < sizeof(target) && !memchr(text, '\0', n)) {
			memcpy(target, text, n);
			target[n] = '\0';
			snprintf(path, sizeof(path), "%s/%d", dir, fd++);
			require(symlink(target, path) == 0);
		}
		n += n < len;
		text += n;
		len -= n;
	}
}

static void write_proc_(const uint8_t *data, size_t size)
{
	char rel[64], path[PATH_MAX];
	size_t i, off = 0, n;
	const uint8_t *nul;
	int present = 1;

	for (i = 0; i < NPARTS; i++) {
		snprintf(rel, sizeof(rel), "proc/100/%s", parts[i]);
		if (!present) {
			snprintf(path, sizeof(path), "%s/%s", root, rel);
			unlink(path);
			continue;
		}
		nul = memchr(data + off, '\0', size - off);
		n = nul ? (size_t)(nul - data) - off : size - off;
		put_(rel, data + off, n, 0);
		off += n + (nul != NULL);
		present = nul != NULL;
	}
	put_fds_((const char *)data + off, present ? size - off : 0);
}

static void check_group_(struct kh_ctx *ctx, const struct kh_group *g)
{
	char full[PATH_MAX];
	unsigned long long start;
	struct stat st;
	int i, j;
	const char *f;

	require(g->npids >= 1 && g->npids <= KH_GROUP_MAX_PIDS &&
		g->pids[0] == 100);
	for (i = 0; i < g->npids; i++)
		for (j = 0; j < i; j++)
			require(g->pids[i] != g->pids[j]);
	require(memchr(g->comm, '\0', sizeof(g->comm)) != NULL);
	require(g->nfiles >= 0 && g->nfiles <= KH_GROUP_MAX_FILES);
	for (i = 0; i < g->nfiles; i++) {
		f = g->files[i];
		require(f[0] == '/' && strlen(f) <= 240);
		for (j = 0; f[j]; j++)
			require(f[j] >= 0x20 && f[j] <= 0x7e);
		for (j = 0; j < i; j++)
			require(strcmp(f, g->files[j]));
		require(kh_path(ctx, full, sizeof(full), f) == 0);
		require(stat(full, &st) == 0 && S_ISREG(st.st_mode));
	}
	require(g->ntcp >= 0 && g->ntcp <= KH_GROUP_MAX_TCP);
	for (i = 0; i < g->ntcp; i++) {
		require(g->tcp[i].family == AF_INET ||
			g->tcp[i].family == AF_INET6);
		for (j = g->tcp[i].family == AF_INET ? 4 : 16; j < 16; j++)
			require(!g->tcp[i].laddr[j] && !g->tcp[i].raddr[j]);
	}
	require(kh_proc_start_time(ctx, 100, &start) == 0 &&
		start == g->start_time);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kh_group g;
	struct kh_ctx ctx;
	int err;

	if (!root[0])
		setup_once_();
	write_proc_(data, size);
	fuzz_ctx(&ctx, root);
	err = kh_group_scan(&ctx, 100, &g);
	require(err <= 0 && (!err || ctx.err[0]));
	if (!err)
		check_group_(&ctx, &g);
	kh_group_free(&g);
	return 0;
}
