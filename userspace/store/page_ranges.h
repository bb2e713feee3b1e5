/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * page_ranges.h - a CRC32C for each range of a group's page images, so
 * that lazy restore checks every page before the process gets it
 *
 * The blob's CRC of a whole image can be checked only once all of it has
 * been read, but post-copy hands pages to the process one fault at a time.
 * So the dump also writes the image "page-ranges": for each of the group's
 * own pages-N.img (the final dump's, the pages lazy restore serves; the
 * pre-copy rounds' are restored before the process runs, checked whole),
 * the CRC32C of every KH_PAGE_RANGE bytes. Its own CRC is in the blob like
 * any image's, so trust still starts at the blob, and the blob stays far
 * below its 256 KiB bound (1 GiB of pages is 16,384 CRCs). Its presence
 * is also the request: a group dumped with --no-lazy has none.
 *
 * Text, like the tool's other images:
 *	kexec-handoff page-ranges 1 RANGE
 *	NAME SIZE CRC CRC ...		one line per image, CRCs as 8 hex digits
 *
 * This file has no dependencies beyond libc: the page checker
 * (userspace/lazy/) links it into CRIU's processes.
 */
#ifndef KH_PAGE_RANGES_H
#define KH_PAGE_RANGES_H

#include <stddef.h>
#include <stdint.h>

#define KH_PAGE_RANGES_IMAGE	"page-ranges"
/* A fault waits for one range to be read and checked: 64 KiB is 16 pages,
 * small beside a fault's round trip to the lazy-pages daemon. */
#define KH_PAGE_RANGE		(64u * 1024)
#define KH_PAGE_RANGES_MAX	64		/* images of one group */
#define KH_PAGE_RANGES_MAX_SIZE	(1ull << 40)	/* bytes of one image */

/*
 * How restore tells the page checker (userspace/lazy/page_check.c, loaded
 * into CRIU's restore and lazy-pages processes with LD_PRELOAD) what to
 * check: the group's images directory, whose page-ranges image it reads;
 * for a store on a device, the device and "NAME=OFFSET ..." of each page
 * image in it (the directory then holds empty stand-ins); a file to write
 * the reason into when a range does not match.
 */
#define KH_PAGE_CHECK_DIR	"KH_PAGE_CHECK_DIR"
#define KH_PAGE_CHECK_DEVICE	"KH_PAGE_CHECK_DEVICE"
#define KH_PAGE_CHECK_OFFSETS	"KH_PAGE_CHECK_OFFSETS"
#define KH_PAGE_CHECK_REPORT	"KH_PAGE_CHECK_REPORT"

struct kh_page_image {
	char name[64];
	uint64_t size;
	uint32_t n;			/* ranges: size / RANGE, rounded up */
	uint32_t *crc;
	uint64_t offset;		/* where it starts in a store device */
};

struct kh_page_ranges {
	uint32_t range;
	int n;
	struct kh_page_image v[KH_PAGE_RANGES_MAX];
};

/*
 * kh_page_ranges_served - whether image @name of a group is one lazy
 * restore serves page by page: a pages-N.img of the group's own directory
 */
int kh_page_ranges_served(const char *name);

/*
 * kh_page_ranges_parse - read a page-ranges image (@len bytes at @text)
 *
 * returns: 0, or -EINVAL for anything but the format above (every CRC
 * there, names served ones, each once); nothing to free on failure
 */
int kh_page_ranges_parse(const char *text, size_t len,
			 struct kh_page_ranges *r);

/*
 * kh_page_ranges_offsets - take "NAME=OFFSET NAME=OFFSET ..." into the
 * images' offsets: every listed image once, no other
 *
 * returns: 0, or -EINVAL
 */
int kh_page_ranges_offsets(struct kh_page_ranges *r, const char *text);

const struct kh_page_image *kh_page_ranges_find(const struct kh_page_ranges *r,
						const char *name);

void kh_page_ranges_free(struct kh_page_ranges *r);

#endif /* KH_PAGE_RANGES_H */
