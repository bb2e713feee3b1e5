/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel_version.h - which of two kernel releases is the newer
 *
 * The order of linux-version(1) (Debian's linux-base), which the kernel
 * packages' own scripts use to find the newest kernel in /boot, so that
 * upgrade picks the kernel they would. Not dpkg's order: a release is not
 * a package version, and dpkg would take 6.13-rc1 for newer than 6.13
 * (and split at the last '-', which means nothing in a release).
 *
 * A release is cut into runs of digits and runs of other characters, the
 * latter also cut before each '-' ("6.12.10-kh2-amd64" is 6 . 12 . 10
 * -kh 2 -amd 64). Runs are compared in turn: digits by value, anything
 * else byte by byte, where the end of the string comes first. A run
 * "-rc" or "-trunk" marks a pre-release and sorts before anything, even
 * the end: 6.13-rc1 < 6.13 < 6.13.1. A '.' is greater than a '-', so
 * 6.12.1 > 6.12-1.
 */
#ifndef KH_KERNEL_VERSION_H
#define KH_KERNEL_VERSION_H

/*
 * kh_kernel_version_cmp - compare two kernel releases
 *
 * returns: < 0 when @a is older than @b, 0 when they are the same
 * release, > 0 when @a is newer
 */
int kh_kernel_version_cmp(const char *a, const char *b);

#endif /* KH_KERNEL_VERSION_H */
