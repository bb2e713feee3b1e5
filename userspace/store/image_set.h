/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * image_set.h - the files that make up the process store
 *
 * After the dump, each group's store holds its CRIU images, two small text
 * images of the tool's own ("tcp-connections", see netlock.h, and
 * "carried-files", see carry.h) and the volatile files it uses, named
 * "root/<absolute path>". This is the list of them, with the size, CRC32C
 * and store offset the blob records for each.
 */
#ifndef KH_IMAGE_SET_H
#define KH_IMAGE_SET_H

#include <stdint.h>

#include "handoff.h"
#include "kh.h"

/* Images start at multiples of this in a pmem store: page-aligned reads. */
#define KH_STORE_ALIGN	4096u

struct kh_image_src {
	uint32_t group;
	char name[HANDOFF_STR_MAX + 1];	/* name within the group's images */
	char path[PATH_MAX];		/* where it is now */
	uint64_t size, offset;
	uint32_t crc;
};

struct kh_image_set {
	struct kh_image_src *v;
	int n, cap;
	uint64_t total;			/* store bytes, with alignment */
	/* Size only: the CRC is computed while the store is written, which
	 * saves a pass over the images during the blackout (pmem store). */
	int crc_later;
	/* The first @stored are in the store already (written before the
	 * freeze: pre-copy rounds, which no longer change). */
	int stored;
};

/*
 * kh_images_add - add the file at @path as image @name of group @group,
 * reading its size and CRC32C and giving it the next aligned offset; it
 * must be a regular file, opened once (kh_open_regular())
 * kh_images_add_dir - add every regular file directly in @dir, by its
 * own name, in name order (so a store's layout is reproducible)
 * kh_images_add_dir_as - the same, each named @prefix/NAME (@prefix NULL:
 * NAME)
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_images_add(struct kh_ctx *ctx, struct kh_image_set *s, uint32_t group,
		  const char *name, const char *path);
int kh_images_add_dir(struct kh_ctx *ctx, struct kh_image_set *s,
		      uint32_t group, const char *dir);
int kh_images_add_dir_as(struct kh_ctx *ctx, struct kh_image_set *s,
			 uint32_t group, const char *dir, const char *prefix);

/*
 * kh_image_open - open a listed image to store it, as kh_open_regular(),
 * refusing one whose size changed since it was listed (the store has room
 * for that size only)
 *
 * returns: the descriptor, or a negative errno with ctx->err naming the file
 */
int kh_image_open(struct kh_ctx *ctx, const struct kh_image_src *img);

/*
 * kh_images_record - add the store node and an image node per image
 * @type: "initrd" or "pmem"; @device and @memmap for pmem, else NULL
 *
 * returns: as handoff_add_image()
 */
int kh_images_record(struct handoff_builder *b, const struct kh_image_set *s,
		     const char *type, const char *device, const char *memmap);

/*
 * kh_file_crc - CRC32C and size of a whole file, read in large chunks; the
 * file is opened with kh_open_regular(), so a symlink or anything but a
 * regular file is refused
 * kh_fd_crc - the same for the rest of the open file @fd (@path names it
 * in messages)
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_file_crc(struct kh_ctx *ctx, const char *path, uint64_t *size,
		uint32_t *crc);
int kh_fd_crc(struct kh_ctx *ctx, int fd, const char *path, uint64_t *size,
	      uint32_t *crc);

/*
 * kh_images_renumber - give each image the group @node(@group, @arg)
 * says, leaving out those it answers negatively for (their room in the
 * store stays unused); the order, the offsets and which are stored stay
 */
void kh_images_renumber(struct kh_image_set *s,
			int (*node)(uint32_t group, void *arg), void *arg);

void kh_images_free(struct kh_image_set *s);

#endif /* KH_IMAGE_SET_H */
