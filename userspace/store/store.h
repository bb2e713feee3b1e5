/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store.h - the kinds of process image store, behind one interface
 *
 * A store kind says how the images travel across the kexec: "initrd" in a
 * cpio archive after the initrd (store_initrd.c), "pmem" on a legacy pmem
 * device, a RAM region both kernels keep out of use (store_pmem.c). Each
 * kind is one file filling a struct kh_store_ops; --load, --exec and
 * restore look it up by name (the --store word, the plan's "store" key,
 * the blob's store type) and never test for a kind themselves, as the
 * verbs are found in a table by kexec-handoff.c.
 */
#ifndef KH_STORE_H
#define KH_STORE_H

#include <stddef.h>

#include "handoff.h"
#include "image_set.h"
#include "kh.h"
#include "store_read.h"

struct kh_plan;

/* What restore asks of a store for one group (see kh_store_fetch()). */
struct kh_fetch {
	const void *blob;		/* checked, with a store */
	const struct handoff_store *store;
	unsigned int group;		/* N of group-N, as its images say */
	const char *name;		/* the group's images directory */
	const char *initrd_dir;		/* where an initrd store was unpacked */
	const char *copy_dir;		/* where copies may be made */
	char *dir;			/* set to where the images are */
	size_t dirlen;
	struct kh_lazy_source *lazy;	/* NULL: every image checked whole */
};

struct kh_store_ops {
	/* The --store word, the plan's "store" value, the blob's type. */
	const char *name;
	/* How --store spells this kind, for messages. */
	const char *usage;
	/*
	 * parse - take what follows "NAME:" in --store (NULL for a bare
	 * NAME) into the plan's store fields
	 * returns: 0, or -EINVAL (the caller prints the usage)
	 */
	int (*parse)(struct kh_plan *p, const char *arg);
	/*
	 * plan - at --load, check the store's target and complete @p (the
	 * new command line, say); NULL when there is nothing to check
	 * returns: 0, or a negative errno with ctx->err saying why
	 */
	int (*plan)(struct kh_ctx *ctx, struct kh_plan *p);
	/*
	 * write - at --exec, before the blob is built: put the images where
	 * the new kernel finds them (and, if crc_while_writing, set their
	 * CRCs); NULL when they travel in the initrd that assemble writes.
	 * Images before @s->stored are there already: pre-copy rounds, put
	 * there by an earlier call before the freeze.
	 * returns: 0, or a negative errno with ctx->err naming the target
	 */
	int (*write)(struct kh_ctx *ctx, const struct kh_plan *p,
		     struct kh_image_set *s);
	/*
	 * assemble - at --exec, after it: write @out, the initrd to load:
	 * the blob's early archive, @initrd_in (or nothing), and whatever
	 * of the store travels there
	 * returns: as kh_initrd_assemble()
	 */
	int (*assemble)(struct kh_ctx *ctx, const struct kh_image_set *s,
			const char *out, const void *blob, size_t bloblen,
			const char *initrd_in);
	/*
	 * fetch - at restore, make one group's images ready for CRIU and
	 * set f->dir to their directory (see kh_store_fetch())
	 * returns: 0, or a negative errno with ctx->err naming the image
	 */
	int (*fetch)(struct kh_ctx *ctx, const struct kh_fetch *f);
	/*
	 * The CRCs are computed by write, not when the images are listed:
	 * one pass less over them between the freeze and the jump.
	 */
	int crc_while_writing;
};

extern const struct kh_store_ops kh_store_initrd;
extern const struct kh_store_ops kh_store_pmem;

/*
 * kh_store_group_dir - the name of group @n's images directory: the
 * group's images property and, in an initrd store, the archive directory
 *
 * returns: 0, or -ENAMETOOLONG when @len is too small
 */
int kh_store_group_dir(char *out, size_t len, unsigned int n);

/*
 * kh_store_find - the store kind called @name
 *
 * returns: its operations, or NULL for a name no kind has
 */
const struct kh_store_ops *kh_store_find(const char *name);

/*
 * kh_store_lookup - the same, for a name read from a file
 *
 * returns: 0 with *@ops set, or -EINVAL with ctx->err naming @name
 */
int kh_store_lookup(struct kh_ctx *ctx, const char *name,
		    const struct kh_store_ops **ops);

/*
 * kh_store_parse - take a --store argument, NAME or NAME:ARG, into @p
 *
 * returns: 0, or -EINVAL for an unknown kind or an argument it refuses
 */
int kh_store_parse(struct kh_plan *p, const char *arg);

/*
 * kh_store_forms - the accepted --store forms, "'a', 'b' or 'c'", into @out
 */
void kh_store_forms(char *out, size_t len);

/*
 * kh_store_each_image - call @fn for each image the blob lists for f->group,
 * with its path under f->dir, stopping at the first error
 *
 * A name that would leave f->dir is refused before @fn sees it, and a group
 * without images is an error.
 *
 * returns: 0, @fn's error, or a negative errno with ctx->err saying why
 */
int kh_store_each_image(struct kh_ctx *ctx, const struct kh_fetch *f,
			int (*fn)(struct kh_ctx *ctx, char *path,
				  const struct handoff_image *img, void *arg),
			void *arg);

/*
 * kh_fetch_served - whether @img is left to lazy restore in this fetch
 * (f->lazy set and a page image it serves); if so, its offset in the
 * store is added to f->lazy->offsets
 *
 * returns: 1 or 0, or -E2BIG with ctx->err when the list is full
 */
int kh_fetch_served(struct kh_ctx *ctx, const struct kh_fetch *f,
		    const struct handoff_image *img);

#endif /* KH_STORE_H */
