// SPDX-License-Identifier: GPL-2.0-only
/*
 * precopy.c - pre-dump rounds and their parent chain (precopy.h)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "precopy.h"
#include "signals.h"

#define LINK_NAME "parent"	/* CRIU's name for the link to a parent */

enum kh_precopy_step kh_precopy_next(const unsigned long long *written,
				     int n)
{
	unsigned long long w = written[n - 1];

	if (n > 1 && w > written[0] / 2)
		return KH_PRECOPY_GIVE_UP;
	if (w <= KH_PRECOPY_SMALL || n >= KH_PRECOPY_MAX_ROUNDS)
		return KH_PRECOPY_DONE;
	if (n > 1 && w > written[n - 2] / 2)
		return KH_PRECOPY_DONE;
	return KH_PRECOPY_AGAIN;
}

int kh_precopy_round_name(char *out, size_t len, int round)
{
	int w = snprintf(out, len, "pre-%d", round);

	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

static int is_pages(const char *name)
{
	size_t n = strlen(name);

	return !strncmp(name, "pages-", 6) && n > 10 &&
	       !strcmp(name + n - 4, ".img");
}

int kh_precopy_written(struct kh_ctx *ctx, const char *dir,
		       unsigned long long *bytes)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	*bytes = 0;
	if (!d)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (is_pages(e->d_name) &&
		    !fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISREG(st.st_mode))
			*bytes += (unsigned long long)st.st_size;
	closedir(d);
	return 0;
}

/* Round @round's regular files, named "pre-K/NAME"; its link is left. */
static int list_round(struct kh_ctx *ctx, struct kh_image_set *s,
		      uint32_t group, const char *chain, int round)
{
	char sub[16], dir[PATH_MAX];

	if (kh_precopy_round_name(sub, sizeof(sub), round) ||
	    snprintf(dir, sizeof(dir), "%s/%s", chain, sub) >= (int)sizeof(dir))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", chain);
	return kh_images_add_dir_as(ctx, s, group, dir, sub);
}

int kh_precopy_list(struct kh_ctx *ctx, struct kh_image_set *s,
		    uint32_t group, const char *chain, int rounds)
{
	int k, err = 0;

	for (k = 1; !err && k <= rounds; k++)
		err = list_round(ctx, s, group, chain, k);
	return err;
}

/* @at/parent -> @target, replacing a link already there (give-back: the
 * one CRIU made), never anything else. */
static int link_parent(struct kh_ctx *ctx, const char *at, const char *target)
{
	char path[PATH_MAX + 16];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/" LINK_NAME, at) >= (int)sizeof(path))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", at);
	if (!lstat(path, &st)) {
		if (!S_ISLNK(st.st_mode))
			return kh_fail(ctx, -EEXIST,
				       "%s: in the way of the pre-copy chain's link (not a link itself)",
				       path);
		if (unlink(path))
			return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	}
	if (symlink(target, path))
		return kh_fail(ctx, -errno, "%s: %s", path, strerror(errno));
	return 0;
}

/* The highest round K with @dir/pre-1 .. pre-K all directories; one
 * beyond a gap is an error, as CRIU would miss pages below it. */
static int count_rounds(struct kh_ctx *ctx, const char *dir)
{
	char name[16], path[PATH_MAX + 16];
	struct stat st;
	int k, last = 0;

	for (k = 1; k <= KH_PRECOPY_MAX_ROUNDS + 1; k++) {
		kh_precopy_round_name(name, sizeof(name), k);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (lstat(path, &st))
			continue;
		if (!S_ISDIR(st.st_mode) || k > KH_PRECOPY_MAX_ROUNDS ||
		    last != k - 1)
			return kh_fail(ctx, -EINVAL,
				       "%s: not a pre-copy round after pre-%d",
				       path, last);
		last = k;
	}
	return last;
}

int kh_precopy_link(struct kh_ctx *ctx, const char *dir)
{
	char at[PATH_MAX + 16], target[32], name[16];
	int k, rounds = count_rounds(ctx, dir), err = 0;

	if (rounds <= 0)
		return rounds;
	for (k = 2; !err && k <= rounds; k++) {
		kh_precopy_round_name(name, sizeof(name), k);
		snprintf(at, sizeof(at), "%s/%s", dir, name);
		kh_precopy_round_name(name, sizeof(name), k - 1);
		snprintf(target, sizeof(target), "../%s", name);
		err = link_parent(ctx, at, target);
	}
	kh_precopy_round_name(name, sizeof(name), rounds);
	return err ? err : link_parent(ctx, dir, name);
}

int kh_precopy_parent(char *out, size_t len, const char *chain, int rounds)
{
	const char *base = strrchr(chain, '/');
	char name[16];
	int w;

	kh_precopy_round_name(name, sizeof(name), rounds);
	w = snprintf(out, len, "../%s/%s", base ? base + 1 : chain, name);
	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

/* Round @n into @chain/pre-@n, its parent the round before. */
static int round_once(struct kh_ctx *ctx, int pid, int index, int n,
		      const char *chain, const char *logdir,
		      unsigned long long *written)
{
	char name[16], dir[PATH_MAX + 16], parent[32], log[64];
	int err;

	kh_precopy_round_name(name, sizeof(name), n);
	if (snprintf(dir, sizeof(dir), "%s/%s", chain, name) >= (int)sizeof(dir))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", chain);
	if (mkdir(dir, 0700))
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	kh_precopy_round_name(name, sizeof(name), n - 1);
	snprintf(parent, sizeof(parent), "../%s", name);
	snprintf(log, sizeof(log), "precopy-group-%d-%d.log", index, n);
	err = kh_criu_pre_dump(ctx, pid, dir, n > 1 ? parent : NULL, logdir,
			       log);
	return err ? err : kh_precopy_written(ctx, dir, written);
}

int kh_precopy_run(struct kh_ctx *ctx, int pid, int index, const char *chain,
		   const char *logdir, struct kh_precopy_run *r)
{
	enum kh_precopy_step step = KH_PRECOPY_AGAIN;
	double t0 = kh_now();
	int err;

	memset(r, 0, sizeof(*r));
	kh_remove_tree_warn(chain, KH_PRECOPY_WHAT);
	if (mkdir(chain, 0700))
		return kh_fail(ctx, -errno, "%s: %s", chain, strerror(errno));
	while (step == KH_PRECOPY_AGAIN) {
		if (kh_signals_caught()) {
			kh_remove_tree_warn(chain, KH_PRECOPY_WHAT);
			return kh_fail(ctx, -EINTR,
				       "interrupted by SIG%s during the pre-copy",
				       sigabbrev_np(kh_signals_caught()));
		}
		err = round_once(ctx, pid, index, r->tried + 1, chain, logdir,
				 &r->written[r->tried]);
		if (err) {
			fprintf(stderr, "kexec-handoff: group-%d: pre-copy round %d failed: %s; the freeze dumps everything\n",
				index, r->tried + 1, ctx->err);
			kh_remove_tree_warn(chain, KH_PRECOPY_WHAT);
			return 0;
		}
		step = kh_precopy_next(r->written, ++r->tried);
	}
	r->seconds = kh_now() - t0;
	if (step == KH_PRECOPY_GIVE_UP) {
		fprintf(stderr, "kexec-handoff: group-%d: pre-copy gives up: round %d rewrote %llu of the %llu KiB round 1 copied, the workload dirties faster than the copy; the freeze dumps everything\n",
			index, r->tried, r->written[r->tried - 1] >> 10,
			r->written[0] >> 10);
		kh_remove_tree_warn(chain, KH_PRECOPY_WHAT);
		return 0;
	}
	r->rounds = r->tried;
	fprintf(stderr, "kexec-handoff: group-%d: pre-copied in %d round(s), %.2f s: %llu KiB, the last round %llu KiB\n",
		index, r->rounds, r->seconds, r->written[0] >> 10,
		r->written[r->rounds - 1] >> 10);
	return 0;
}
