/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pids_taken.h - are the IDs a restore gives back still free here?
 *
 * CRIU restores every process with its old PID and every thread with its
 * old TID, and stops at the first one the new system already uses. For a
 * thread it says only "Unable to create a thread: -17", naming neither
 * the ID nor who holds it. The images name them all, one core-ID.img per
 * process and thread, so the restore asks this first and can say which
 * ID is taken and by what.
 */
#ifndef KH_PIDS_TAKEN_H
#define KH_PIDS_TAKEN_H

#include "kh.h"

struct kh_pid_holder {
	unsigned int id;	/* the PID or TID of the images */
	unsigned int tgid;	/* the process it is in now (== id: itself) */
	char comm[32];		/* its name now */
};

/*
 * kh_pid_taken - the lowest ID of the images in @images used in this system
 * @images: a group's image directory (a real path, not under ctx->root)
 *
 * Tasks are looked up as /proc/ID under ctx->root; a thread has one there
 * too, unlisted. An unreadable directory answers "none": CRIU then fails
 * on it with its own message.
 *
 * returns: 1 with @h filled when an ID is taken, 0 when all are free
 */
int kh_pid_taken(struct kh_ctx *ctx, const char *images,
		 struct kh_pid_holder *h);

/*
 * kh_pids_reserve - keep the IDs of @images free from new processes
 * @images: a group's image directory not restored yet (a real path)
 *
 * New processes get IDs upwards from the last one given out; moving that
 * point (/proc/sys/kernel/ns_last_pid under ctx->root) past the highest
 * ID of the images keeps them free until pid_max wraps around. The
 * initramfs does this first thing (init-top/kexec-handoff), but services
 * the new system starts between two restore phases, or anything started
 * before that script, are not covered by it: the restore does it again
 * for every group it still has to restore. Only ever moved forwards.
 *
 * returns: 0 (moved, or nothing to move), or a negative errno with
 * ctx->err set when the file could not be read or written
 */
int kh_pids_reserve(struct kh_ctx *ctx, const char *images);

/*
 * kh_pid_taken_text - "PID 352 is taken by 'kworker/0:2'" and, for a
 * thread of another process, "(a thread of PID 340)", into @out
 */
void kh_pid_taken_text(const struct kh_pid_holder *h, char *out, size_t len);

#endif /* KH_PIDS_TAKEN_H */
