// SPDX-License-Identifier: GPL-2.0-only
/*
 * store_room.c - room for the images before a checkpoint (store_room.h)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "store_room.h"

unsigned long long kh_store_room_needed(const char *store,
					unsigned long long mem)
{
	unsigned long long copies = strcmp(store, "pmem") ? 2 : 1;

	return copies * (mem + mem / 8) + KH_STORE_ROOM_SPARE;
}

void kh_store_room_add(struct kh_room_tally *t, const struct kh_group *g,
		       const char *unit)
{
	if (!t->n++) {
		if (unit)
			snprintf(t->what, sizeof(t->what), "%s", unit);
		else
			snprintf(t->what, sizeof(t->what), "process %d (%s)",
				 g->root_pid, g->comm);
	}
	t->mem += g->mem_bytes;
}

int kh_store_room(struct kh_ctx *ctx, const char *images, const char *store,
		  const struct kh_room_tally *t)
{
	unsigned long long need = kh_store_room_needed(store, t->mem), avail;
	int initrd = strcmp(store, "pmem") != 0;
	struct statvfs fs;
	char others[32] = "";

	if (statvfs(images, &fs))
		return kh_fail(ctx, -errno, "%s: %s", images, strerror(errno));
	avail = (unsigned long long)fs.f_bavail * fs.f_frsize;
	if (need <= avail)
		return 0;
	if (t->n > 1)
		snprintf(others, sizeof(others), " and %d more group%s",
			 t->n - 1, t->n > 2 ? "s" : "");
	return kh_fail(ctx, -ENOSPC,
		       "%s%s: %llu MiB of memory to checkpoint, which takes about %llu MiB in %s with the %s store%s, but %llu MiB are free there; give it room (for /run: mount -o remount,size=SIZE /run)%s",
		       t->what, others, t->mem >> 20, need >> 20, images, store,
		       initrd ? " (the images and the initrd)" : "",
		       avail >> 20, initrd ? " or use the pmem store" : "");
}
