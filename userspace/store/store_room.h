/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store_room.h - refuse a checkpoint whose images cannot fit
 *
 * CRIU writes a group's page images into the state directory's images/,
 * on /run, a tmpfs that systemd sizes to a fifth of the memory; the initrd
 * store then writes the initrd beside them, a second copy. A dump that
 * fills /run fails half way, and with /run full systemd can no longer
 * cancel the reboot it is in (a 256 MiB redis-server in a 2 GiB system
 * did exactly that). So the room is checked at --load and again before
 * anything is frozen, against the memory the groups hold then.
 */
#ifndef KH_STORE_ROOM_H
#define KH_STORE_ROOM_H

#include "kh.h"
#include "proc_group.h"

/* Left free for the rest of the system: journald, systemd's own state. */
#define KH_STORE_ROOM_SPARE	(32ull << 20)

/*
 * kh_store_room_needed - what checkpointing @mem bytes of memory takes in
 * the images directory with @store ("initrd": the images and the initrd,
 * "pmem": the images until they are copied to the region), with an eighth
 * for the images' own records and KH_STORE_ROOM_SPARE
 */
unsigned long long kh_store_room_needed(const char *store,
					unsigned long long mem);

/* The groups of one checkpoint, as kh_store_room() weighs and names them. */
struct kh_room_tally {
	unsigned long long mem;		/* kh_group.mem_bytes summed */
	int n;
	char what[320];			/* the first group's name */
};

/* kh_store_room_add - count group @g, carried for @unit (NULL: none) */
void kh_store_room_add(struct kh_room_tally *t, const struct kh_group *g,
		       const char *unit);

/*
 * kh_store_room - whether the groups of @t can be checkpointed into
 * @images with @store
 *
 * returns: 0, or -ENOSPC with ctx->err naming the groups, the directory,
 * the figures and what to do; another negative errno when @images cannot
 * be asked
 */
int kh_store_room(struct kh_ctx *ctx, const char *images, const char *store,
		  const struct kh_room_tally *t);

#endif /* KH_STORE_ROOM_H */
