/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * carry.h - files on volatile filesystems, carried across the kexec
 *
 * A checkpointed process may use files that live only in RAM (tmpfs, the
 * initramfs): its log, a socket path's directory, the executable itself.
 * CRIU records them by path and refuses to restore without them. The tool
 * stores each as image "root/<path>" and lists them in the image
 * "carried-files", one "MODE UID GID PATH" line each (mode in octal), so
 * restore can put back what the new system lacks.
 */
#ifndef KH_CARRY_H
#define KH_CARRY_H

#include "image_set.h"
#include "kh.h"
#include "proc_group.h"

#define KH_CARRY_MANIFEST	"carried-files"
#define KH_CARRY_PREFIX		"root"

/*
 * kh_carry_add - copy @g's volatile files into @dir/root/, write their
 * manifest into @dir and add it and every copy to @s as images of group
 * @group
 *
 * Each file is opened once, walking from ctx->root without following a
 * symlink or blocking on a FIFO; its mode and owner are taken from that
 * descriptor and its bytes copied through it. A file that is gone or no
 * longer a regular file, or a path through a symlink, fails the group.
 *
 * returns: 0, or a negative errno with ctx->err naming the group and the
 * file
 */
int kh_carry_add(struct kh_ctx *ctx, const struct kh_group *g,
		 struct kh_image_set *s, unsigned int group, const char *dir);

/*
 * kh_carry_put_back - recreate the carried files listed in @dir's manifest
 *
 * A file that is missing is written with its mode and owner; one that is
 * there with the same bytes is left alone; one that is there and differs
 * is not touched and fails the group (restoring over it could corrupt
 * another program's file, and CRIU would reject the wrong size anyway).
 * A group without a manifest carried nothing.
 *
 * Paths are walked from ctx->root without following a symlink, missing
 * directories created on the way. Before anything is created, every
 * line is checked: a path with an empty, "." or ".." component, or one
 * not below a tmpfs, ramfs or initramfs mount of this system (per
 * ctx->root's /proc/self/mountinfo), fails the group.
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_carry_put_back(struct kh_ctx *ctx, const char *dir);

#endif /* KH_CARRY_H */
