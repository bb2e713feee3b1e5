/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * state.h - the state directory and the name of every file in it
 *
 * What one run of the tool leaves for a later one (--load for --exec,
 * restore --defer-tcp for restore --deferred, restore and the initramfs
 * script for status) lives here, under /run so a reboot forgets it. All the names are defined in this one place.
 */
#ifndef KH_STATE_H
#define KH_STATE_H

#include <stddef.h>

#include "kh.h"

/* Kept between --load and --exec/--unload: the blob and the initrd the
 * loaded kernel will get. Under /run, so a reboot forgets them. */
#define KH_STATE_DIR "/run/kexec-handoff"
#define KH_STATE_BLOB "handoff.dtb"
#define KH_STATE_INITRD "initrd.img"
/* --exec: the initrd with the final blob and, for the initrd store, the
 * images; loaded in place of KH_STATE_INITRD just before the jump. */
#define KH_STATE_INITRD_FINAL "initrd-final.img"
/* CRIU's logs of every check, dump and restore, kept for the user. */
#define KH_STATE_LOGS "logs"
/* What --exec needs to load the kernel again (exec_plan.h). */
#define KH_STATE_PLAN "exec.plan"
/* Where --exec dumps each group before the store takes the images. */
#define KH_STATE_IMAGES "images"
/* restore: one line per group and phase; its presence arms the guard
 * against a second full run in the same boot. */
#define KH_STATE_RESTORE_STATUS "restore.status"
/* restore: one line per lazily restored group, appended by its monitor
 * once the last page is in or the group was killed (lazy_restore.h). */
#define KH_STATE_LAZY_STATUS "lazy.status"
/* restore --defer-tcp: the groups left for --deferred. */
#define KH_STATE_DEFERRED "restore.deferred"
/* What an initramfs hook saved before the switch to the real root, whose
 * restore would otherwise find neither: the early cpio member (the blob)
 * as received/handoff.dtb and an initrd store as received/images/. */
#define KH_STATE_RECEIVED "received"
#define KH_STATE_RECEIVED_BLOB KH_STATE_RECEIVED "/" KH_STATE_BLOB
#define KH_STATE_RECEIVED_IMAGES KH_STATE_RECEIVED "/images"
/* restore: pmem-store images copied out of the region. */
#define KH_STATE_RESTORE_COPIES "restore"

/*
 * kh_state_path - path of @name in the state directory (under ctx->root)
 * @mkdir: create the directory (mode 0700) if it is missing
 *
 * returns: 0, or a negative errno with ctx->err naming the directory
 */
int kh_state_path(struct kh_ctx *ctx, char *out, size_t len,
		  const char *name, int mkdir);

/*
 * kh_state_subdir - path of directory @name in the state directory, both
 * created (mode 0700) if missing
 *
 * returns: 0, or a negative errno with ctx->err naming the directory
 */
int kh_state_subdir(struct kh_ctx *ctx, char *out, size_t len,
		    const char *name);

#endif /* KH_STATE_H */
