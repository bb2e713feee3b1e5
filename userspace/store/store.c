// SPDX-License-Identifier: GPL-2.0-only
/*
 * store.c - the table of store kinds and what every kind shares
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cpio_newc.h"
#include "exec_plan.h"
#include "page_ranges.h"
#include "store.h"
#include "store_read.h"

static const struct kh_store_ops *const kinds[] = {
	&kh_store_initrd,
	&kh_store_pmem,
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const struct kh_store_ops *find_(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strlen(kinds[i]->name) == len &&
		    !strncmp(kinds[i]->name, name, len))
			return kinds[i];
	return NULL;
}

const struct kh_store_ops *kh_store_find(const char *name)
{
	return find_(name, strlen(name));
}

int kh_store_lookup(struct kh_ctx *ctx, const char *name,
		    const struct kh_store_ops **ops)
{
	*ops = kh_store_find(name);
	if (!*ops)
		return kh_fail(ctx, -EINVAL, "unknown image store type '%.64s'",
			       name);
	return 0;
}

int kh_store_parse(struct kh_plan *p, const char *arg)
{
	const char *colon = strchr(arg, ':');
	const struct kh_store_ops *ops;

	ops = find_(arg, colon ? (size_t)(colon - arg) : strlen(arg));
	if (!ops || ops->parse(p, colon ? colon + 1 : NULL))
		return -EINVAL;
	snprintf(p->store, sizeof(p->store), "%s", ops->name);
	return 0;
}

void kh_store_forms(char *out, size_t len)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < NKINDS && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s'%s'",
				      !i ? "" : i + 1 < NKINDS ? ", " : " or ",
				      kinds[i]->usage);
}

int kh_store_each_image(struct kh_ctx *ctx, const struct kh_fetch *f,
			int (*fn)(struct kh_ctx *ctx, char *path,
				  const struct handoff_image *img, void *arg),
			void *arg)
{
	char path[PATH_MAX + HANDOFF_STR_MAX + 2];
	struct handoff_image img;
	int node, err = 0, count = 0;

	for (node = handoff_image_first(f->blob); !err && node >= 0;
	     node = handoff_image_next(f->blob, node)) {
		if (handoff_get_image(f->blob, node, &img) ||
		    img.group != f->group)
			continue;
		count++;
		/* CRIU names its images flatly; only carried files
		 * ("root/...") have directories, and none may climb out. */
		if (!kh_cpio_name_ok(img.name))
			return kh_fail(ctx, -EINVAL, "image name '%s' leaves its directory",
				       img.name);
		snprintf(path, sizeof(path), "%s/%s", f->dir, img.name);
		err = fn(ctx, path, &img, arg);
	}
	if (!err && !count)
		err = kh_fail(ctx, -ENOENT, "the blob lists no images for group-%x",
			      f->group);
	return err;
}

int kh_store_lists(const void *blob, unsigned int group, const char *name)
{
	struct handoff_image img;
	int node;

	for (node = handoff_image_first(blob); node >= 0;
	     node = handoff_image_next(blob, node))
		if (!handoff_get_image(blob, node, &img) && img.group == group &&
		    !strcmp(img.name, name))
			return 1;
	return 0;
}

int kh_fetch_served(struct kh_ctx *ctx, const struct kh_fetch *f,
		    const struct handoff_image *img)
{
	char *o;
	size_t len;

	if (!f->lazy || !kh_page_ranges_served(img->name))
		return 0;
	o = f->lazy->offsets;
	len = strlen(o);
	if (snprintf(o + len, sizeof(f->lazy->offsets) - len, "%s%s=%llu",
		     len ? " " : "", img->name,
		     (unsigned long long)img->offset) >=
	    (int)(sizeof(f->lazy->offsets) - len)) {
		o[len] = '\0';
		return kh_fail(ctx, -E2BIG, "group-%x has too many page images to serve lazily",
			       f->group);
	}
	return 1;
}

int kh_store_group_dir(char *out, size_t len, unsigned int n)
{
	int w = snprintf(out, len, "group-%u", n);

	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

int kh_store_fetch(struct kh_ctx *ctx, const void *blob, unsigned int group,
		   const char *name, const char *initrd_dir,
		   const char *copy_dir, char *dir, size_t dirlen,
		   struct kh_lazy_source *lazy)
{
	struct handoff_store store;
	struct kh_fetch f = {
		.blob = blob, .store = &store, .group = group, .name = name,
		.initrd_dir = initrd_dir, .copy_dir = copy_dir,
		.dir = dir, .dirlen = dirlen, .lazy = lazy,
	};
	const struct kh_store_ops *ops;
	int err;

	if (lazy)
		memset(lazy, 0, sizeof(*lazy));
	if (handoff_get_store(blob, &store))
		return kh_fail(ctx, -ENOENT, "the blob has no image store");
	err = kh_store_lookup(ctx, store.type, &ops);
	return err ? err : ops->fetch(ctx, &f);
}
