// SPDX-License-Identifier: GPL-2.0-only
/*
 * pids_taken.c - are the IDs a restore gives back still free here? (pids_taken.h)
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pids_taken.h"

/* The ID of "core-ID.img", or 0 for any other name. */
static unsigned int core_id(const char *name)
{
	unsigned long id;
	char *end;

	if (strncmp(name, "core-", 5) || name[5] < '1' || name[5] > '9')
		return 0;
	id = strtoul(name + 5, &end, 10);
	if (strcmp(end, ".img") || id > INT_MAX)
		return 0;
	return (unsigned int)id;
}

/* The process a task is in, from its status; itself when that is unreadable. */
static unsigned int tgid_of(struct kh_ctx *ctx, unsigned int id)
{
	char abs[64], path[PATH_MAX], line[128];
	unsigned int tgid = id;
	FILE *fp;

	snprintf(abs, sizeof(abs), "/proc/%u/status", id);
	if (kh_path(ctx, path, sizeof(path), abs))
		return id;
	fp = fopen(path, "re");
	if (!fp)
		return id;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "Tgid: %u", &tgid) == 1)
			break;
	fclose(fp);
	return tgid;
}

static int in_use(struct kh_ctx *ctx, unsigned int id)
{
	char abs[32], path[PATH_MAX];

	snprintf(abs, sizeof(abs), "/proc/%u", id);
	return !kh_path(ctx, path, sizeof(path), abs) && !access(path, F_OK);
}

/*
 * The highest ID of the core images in @images (0 for none or no
 * directory), and into @lowest_taken the lowest one in use in this
 * system (0: none).
 */
static unsigned int scan(struct kh_ctx *ctx, const char *images,
			 unsigned int *lowest_taken)
{
	DIR *d = opendir(images);
	struct dirent *e;
	unsigned int id, max = 0;

	if (lowest_taken)
		*lowest_taken = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		id = core_id(e->d_name);
		if (id > max)
			max = id;
		if (id && lowest_taken && (!*lowest_taken || id < *lowest_taken) &&
		    in_use(ctx, id))
			*lowest_taken = id;
	}
	closedir(d);
	return max;
}

int kh_pids_reserve(struct kh_ctx *ctx, const char *images)
{
	static const char last[] = "/proc/sys/kernel/ns_last_pid";
	unsigned int max = scan(NULL, images, NULL);
	char now[24], want[16];
	unsigned long cur;
	char *end;
	int err;

	if (!max)
		return 0;
	err = kh_read_line(ctx, last, now, sizeof(now));
	if (err)
		return err;
	cur = strtoul(now, &end, 10);
	if (end == now || *end)
		return kh_fail(ctx, -EINVAL, "%s%s: not a number", ctx->root, last);
	if (cur >= max)
		return 0;
	snprintf(want, sizeof(want), "%u", max);
	return kh_sysctl_set(ctx, last, want, NULL, 0);
}

int kh_pid_taken(struct kh_ctx *ctx, const char *images,
		 struct kh_pid_holder *h)
{
	unsigned int lowest;
	char abs[32];

	scan(ctx, images, &lowest);
	if (!lowest)
		return 0;
	h->id = lowest;
	h->tgid = tgid_of(ctx, lowest);
	snprintf(abs, sizeof(abs), "/proc/%u/comm", lowest);
	kh_read_line(ctx, abs, h->comm, sizeof(h->comm));
	return 1;
}

void kh_pid_taken_text(const struct kh_pid_holder *h, char *out, size_t len)
{
	char thread[48] = "";

	if (h->tgid != h->id)
		snprintf(thread, sizeof(thread), " (a thread of PID %u)", h->tgid);
	snprintf(out, len, "PID %u is taken by '%s'%s", h->id,
		 h->comm[0] ? h->comm : "?", thread);
}
