// SPDX-License-Identifier: GPL-2.0-only
/*
 * installed_kernels.c - choosing the kernel in /boot that an upgrade
 * boots (installed_kernels.h)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bzimage.h"
#include "installed_kernels.h"
#include "kernel_version.h"

struct versions_ {
	char **v;		/* oldest first */
	size_t n;
};

static void versions_free_(struct versions_ *l)
{
	while (l->n)
		free(l->v[--l->n]);
	free(l->v);
}

/* Equal releases spelt differently ("6.012" and "6.12") still come out
 * in one order, whatever order readdir() gave. */
static int by_version_(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = kh_kernel_version_cmp(x, y);

	return c ? c : strcmp(x, y);
}

static int add_(struct kh_ctx *ctx, struct versions_ *l, const char *version)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	l->v = v;
	l->v[l->n] = strdup(version);
	if (!l->v[l->n])
		return kh_fail(ctx, -ENOMEM, "out of memory");
	l->n++;
	return 0;
}

/* Every VERSION of a regular file vmlinuz-VERSION in @dir, sorted. */
static int list_(struct kh_ctx *ctx, const char *dir, struct versions_ *l)
{
	size_t plen = strlen(KH_BOOT_KERNEL);
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	int err = 0;
	DIR *d = opendir(dir);

	if (!d)
		return kh_fail(ctx, -errno, "%s: %s", dir, strerror(errno));
	while (!err && (e = readdir(d))) {
		if (strncmp(e->d_name, KH_BOOT_KERNEL, plen) || !e->d_name[plen])
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path) || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		err = add_(ctx, l, e->d_name + plen);
	}
	closedir(d);
	if (!err && l->n)
		qsort(l->v, l->n, sizeof(*l->v), by_version_);
	return err;
}

/* "A, B, C" for a message; "none" for no kernel at all. */
static const char *describe_(const struct versions_ *l, char *buf, size_t len)
{
	size_t i, used = 0;
	int n;

	snprintf(buf, len, "none");
	for (i = 0; i < l->n; i++) {
		n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
			     l->v[i]);
		if (n < 0 || (size_t)n >= len - used) {
			snprintf(buf + used, len - used, ", ...");
			break;
		}
		used += (size_t)n;
	}
	return buf;
}

static int choose_(struct kh_ctx *ctx, const struct versions_ *l,
		   const char *dir, const char *version, const char *running,
		   char *out)
{
	char names[512];
	size_t i;

	for (i = 0; version && i < l->n && strcmp(l->v[i], version); i++)
		;
	if (version && i == l->n)
		return kh_fail(ctx, -ENOENT,
			       "kernel %s is not installed: no %s/%s%s (installed: %s)",
			       version, dir, KH_BOOT_KERNEL, version,
			       describe_(l, names, sizeof(names)));
	if (!version &&
	    (!l->n || kh_kernel_version_cmp(l->v[l->n - 1], running) <= 0))
		return kh_fail(ctx, -ENOENT,
			       "no kernel newer than the running %s in %s (installed: %s)",
			       running, dir, describe_(l, names, sizeof(names)));
	snprintf(out, NAME_MAX + 1, "%s", version ? version : l->v[l->n - 1]);
	return 0;
}

static int paths_(struct kh_ctx *ctx, const char *dir,
		  struct kh_installed_kernel *k)
{
	struct stat st;

	if (snprintf(k->kernel, sizeof(k->kernel), "%s/%s%s", dir,
		     KH_BOOT_KERNEL, k->version) >= (int)sizeof(k->kernel) ||
	    snprintf(k->initrd, sizeof(k->initrd), "%s/%s%s", dir,
		     KH_BOOT_INITRD, k->version) >= (int)sizeof(k->initrd))
		return kh_fail(ctx, -ENAMETOOLONG, "%s: path too long", dir);
	if (stat(k->initrd, &st) && errno == ENOENT)
		return kh_fail(ctx, -ENOENT,
			       "kernel %s has no initrd: %s is missing (update-initramfs -c -k %s makes it)",
			       k->version, k->initrd, k->version);
	return kh_bzimage_check(ctx, k->kernel);
}

int kh_installed_kernel(struct kh_ctx *ctx, const char *version,
			const char *running, struct kh_installed_kernel *k)
{
	struct versions_ l = { NULL, 0 };
	char dir[PATH_MAX];
	int err;

	if (kh_path(ctx, dir, sizeof(dir), KH_BOOT_DIR))
		return kh_fail(ctx, -ENAMETOOLONG, "%s%s: path too long",
			       ctx->root, KH_BOOT_DIR);
	err = list_(ctx, dir, &l);
	if (!err)
		err = choose_(ctx, &l, dir, version, running, k->version);
	versions_free_(&l);
	return err ? err : paths_(ctx, dir, k);
}
