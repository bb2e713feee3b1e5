/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * installed_kernels.h - the kernels installed in /boot, Debian style
 *
 * A Debian kernel package installs /boot/vmlinuz-VERSION, and
 * update-initramfs makes /boot/initrd.img-VERSION beside it, VERSION
 * being the release the kernel reports (uname -r). linux-version(1)
 * lists kernels the same way, and orders them as kernel_version.h does.
 */
#ifndef KH_INSTALLED_KERNELS_H
#define KH_INSTALLED_KERNELS_H

#include <limits.h>

#include "kh.h"

#define KH_BOOT_DIR		"/boot"
#define KH_BOOT_KERNEL		"vmlinuz-"
#define KH_BOOT_INITRD		"initrd.img-"

struct kh_installed_kernel {
	char version[NAME_MAX + 1];
	char kernel[PATH_MAX];		/* both under ctx->root */
	char initrd[PATH_MAX];
};

/*
 * kh_installed_kernel - the kernel to upgrade to, checked
 * @version: that one, newer or not; NULL: the newest installed, if it
 *	is newer than @running
 * @running: the running kernel's release
 * @k: filled in on success
 *
 * Checks that the kernel is a bzImage kexec can load (bzimage.h) and
 * that its initrd exists.
 *
 * returns: 0, or a negative errno with ctx->err saying why, naming the
 * kernels installed where none fits:
 *	-ENOENT, no newer kernel, @version not installed, or its initrd
 *	missing (naming the missing file)
 *	-ENOEXEC, not a bzImage (bzimage.h)
 *	or the error of reading /boot or the kernel
 */
int kh_installed_kernel(struct kh_ctx *ctx, const char *version,
			const char *running, struct kh_installed_kernel *k);

#endif /* KH_INSTALLED_KERNELS_H */
