// SPDX-License-Identifier: GPL-2.0-only
/*
 * restore.c - bringing checkpointed process groups back (restore.h)
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carry.h"
#include "checkpoint.h"
#include "cpio_newc.h"
#include "handoff.h"
#include "journal_stream.h"
#include "lazy_restore.h"
#include "netlock.h"
#include "page_ranges.h"
#include "pids_taken.h"
#include "pmem_device.h"
#include "restore.h"
#include "restore_blob.h"
#include "restore_deferred.h"
#include "state.h"
#include "store_read.h"
#include "tcp_window.h"
#include "unit_adopt.h"

#define KH_RESTORE_MAX_GROUPS	64

struct group_state {
	unsigned int index;		/* N of the node group-N */
	struct handoff_group g;
	char dir[PATH_MAX];
	int selected;			/* handled in this phase */
	int deferred;			/* left for --deferred */
	int ok;				/* images verified, not failed since */
	int pid;			/* restored as */
	int lazy;			/* its pages served after it runs */
	struct kh_lazy_source src;	/* where they are read from */
	double fetch_s, restore_s;	/* images checked, CRIU's restore */
	char why[1024];
};

/* How restore.status and lazy.status name a group: a service by its
 * unit, since its command may be "sh". */
static void group_name(const struct group_state *s, char *out, size_t len)
{
	if (s->g.unit)
		snprintf(out, len, "group-%u %s (%s) pid %u", s->index, s->g.unit,
			 s->g.comm, s->g.root_pid);
	else
		snprintf(out, len, "group-%u %s pid %u", s->index, s->g.comm,
			 s->g.root_pid);
}

static void fail_group(struct group_state *s, const char *why)
{
	s->ok = 0;
	snprintf(s->why, sizeof(s->why), "%s", why);
}

/* A pmem store removes the copies it could not finish: the images are
 * then only in the region, and the report must say so. */
static void fetch_failed(const void *blob, struct group_state *s,
			 const char *why)
{
	struct handoff_store store;

	fail_group(s, why);
	if (access(s->dir, F_OK) && !handoff_get_store(blob, &store) &&
	    store.device)
		snprintf(s->dir, sizeof(s->dir), "%s (not copied out)",
			 store.device);
}

static int has_tcp(const struct group_state *s)
{
	return !!(s->g.flags & HANDOFF_GROUP_TCP_ESTABLISHED);
}

/* CRIU gives every process and thread its old PID back; say which one
 * this system holds already, and by what. */
static int pid_free(struct kh_ctx *ctx, struct group_state *s)
{
	struct kh_pid_holder h;
	char text[128], why[256];

	if (!kh_pid_taken(ctx, s->dir, &h))
		return 1;
	kh_pid_taken_text(&h, text, sizeof(text));
	snprintf(why, sizeof(why),
		 "%s in this system; CRIU gives the tree's processes and threads their original PIDs back",
		 text);
	fail_group(s, why);
	return 0;
}

/* The connections of every verified group of this phase, locked together;
 * a group whose list is unreadable fails rather than restore unprotected. */
static int lock(struct kh_ctx *ctx, struct group_state *st, int n)
{
	struct kh_tcp_conn *all = calloc(KH_GROUP_MAX_TCP * 4, sizeof(*all));
	char path[PATH_MAX + 32], *text;
	size_t len;
	int i, total = 0, got, err = 0;

	if (!all)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok || !has_tcp(&st[i]))
			continue;
		snprintf(path, sizeof(path), "%s/tcp-connections", st[i].dir);
		got = kh_read_file(ctx, path, 1 << 20, (void **)&text, &len);
		if (!got) {
			got = kh_netlock_parse(text, all + total,
					       KH_GROUP_MAX_TCP * 4 - total);
			free(text);
		}
		if (got < 0)
			fail_group(&st[i], "its tcp-connections image is missing or unreadable");
		else
			total += got;
	}
	if (total)
		err = kh_netlock_apply(ctx, all, total);
	if (!err && total)
		printf("kexec-handoff: locked %d TCP connection(s) until they are restored\n",
		       total);
	free(all);
	return err ? err : total;
}

/* The images of a restored group have served: in an initrd store they
 * hold as much RAM as the process itself until the next boot. */
static void drop_images(const struct group_state *s)
{
	int err = kh_remove_tree(s->dir);

	if (err)
		fprintf(stderr, "kexec-handoff: warning: cannot remove %s: %s\n",
			s->dir, strerror(-err));
}

/* Every page image the blob lists for the group must be in page-ranges
 * with the same size: one it missed would be read unchecked. */
static int ranges_cover(struct kh_ctx *ctx, const void *blob,
			const struct group_state *s)
{
	char path[PATH_MAX + 16], *text;
	struct kh_page_ranges r;
	struct handoff_image img;
	const struct kh_page_image *pi;
	size_t len;
	int node, err;

	snprintf(path, sizeof(path), "%s/" KH_PAGE_RANGES_IMAGE, s->dir);
	if (kh_read_file(ctx, path, 64u << 20, (void **)&text, &len))
		return -EIO;
	err = kh_page_ranges_parse(text, len, &r);
	free(text);
	if (err)
		return kh_fail(ctx, err, "%s is not a page-ranges image", path);
	for (node = handoff_image_first(blob); !err && node >= 0;
	     node = handoff_image_next(blob, node)) {
		if (handoff_get_image(blob, node, &img) || img.group != s->index ||
		    !kh_page_ranges_served(img.name))
			continue;
		pi = kh_page_ranges_find(&r, img.name);
		if (!pi || pi->size != img.size)
			err = kh_fail(ctx, -EBADMSG, "%s does not cover image %s as the blob lists it",
				      path, img.name);
	}
	kh_page_ranges_free(&r);
	return err;
}

/* Before CRIU's restore of a lazy group: the daemon listening, CRIU's
 * environment set. Returns 0 or -1 (ctx->err set). */
static int lazy_begin(struct kh_ctx *ctx, struct group_state *s,
		      const char *logs, struct kh_lazy *l)
{
	char name[320];
	struct kh_lazy_group g = {
		.dir = s->dir, .logdir = logs, .index = s->index, .name = name,
		.device = s->src.device[0] ? s->src.device : NULL,
		.offsets = s->src.offsets, .drop = 1,
	};

	if (!s->lazy)
		return 0;
	group_name(s, name, sizeof(name));
	if (kh_lazy_start(ctx, l, &g))
		return -1;
	if (kh_lazy_env(ctx, l, &g, 1)) {
		kh_lazy_cancel(l);
		return -1;
	}
	return 0;
}

static int lazy_end(struct kh_ctx *ctx, struct kh_lazy *l, int pid)
{
	char why[sizeof(ctx->err)];

	if (pid < 0 && l->monitor <= 0)
		return pid;		/* lazy_begin failed: nothing runs */
	kh_lazy_env(ctx, l, NULL, 0);
	if (pid < 0) {
		memcpy(why, ctx->err, sizeof(why));
		kh_lazy_cancel(l);
		memcpy(ctx->err, why, sizeof(why));
		return pid;
	}
	return kh_lazy_resume(ctx, l, pid) ? -1 : pid;
}

static void restore_one(struct kh_ctx *ctx, struct group_state *s,
			const char *logs)
{
	char log[64], scaling[8] = "";
	int pid, noscale = 0;
	struct kh_lazy lazy = { .to = -1, .from = -1 };

	if (!pid_free(ctx, s))
		return;
	if (kh_carry_put_back(ctx, s->dir)) {
		fail_group(s, ctx->err);
		return;
	}
	snprintf(log, sizeof(log), "restore-group-%u.log", s->index);
	s->restore_s = kh_now();
	/* Only CRIU's closing message depends on it; the restore goes on
	 * without (nft already said why). */
	kh_netlock_criu_table(ctx, s->g.root_pid);
	if (has_tcp(s))
		noscale = kh_tcp_window_before(ctx, s->dir, scaling);
	if (noscale < 0)
		fprintf(stderr, "kexec-handoff: warning: %s; a connection set up without window scaling will be slow\n",
			ctx->err);
	pid = lazy_begin(ctx, s, logs, &lazy);
	if (!pid)
		pid = kh_journal_restore(ctx, s->dir, s->g.unit, logs, log);
	if (s->lazy)
		pid = lazy_end(ctx, &lazy, pid);
	s->restore_s = kh_now() - s->restore_s;
	if (pid < 0)
		fail_group(s, ctx->err);
	if (noscale > 0 && kh_tcp_window_after(ctx, scaling))
		fprintf(stderr, "kexec-handoff: warning: %s (put back net.ipv4.tcp_window_scaling = %s by hand)\n",
			ctx->err, scaling);
	if (pid < 0)
		return;
	s->pid = pid;
	if (s->g.unit && kh_adopt_restored(ctx, s->g.unit, pid))
		fprintf(stderr, "kexec-handoff: warning: %s cannot be adopted: %s\n",
			s->g.unit, ctx->err);
	/* The lazy-pages daemon still reads them; its monitor drops them. */
	if (!s->lazy)
		drop_images(s);
}

/* A unit whose tree did not come back starts fresh from its own
 * definition: the generator leaves it alone once it is marked. */
static void fresh_starts(struct kh_ctx *ctx, const struct group_state *st,
			 int n)
{
	int i, marked = 0;

	for (i = 0; i < n; i++) {
		if (!st[i].selected || st[i].ok || !st[i].g.unit)
			continue;
		if (kh_adopt_failed(ctx, st[i].g.unit))
			fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
		else
			marked++;
		printf("kexec-handoff: %s starts fresh; its images are kept in %s\n",
		       st[i].g.unit, st[i].dir);
	}
	if (marked && kh_adopt_reload(ctx))
		fprintf(stderr, "kexec-handoff: warning: %s: the units of failed restores may not start\n",
			ctx->err);
}

/* Appends to the status file, so both phases' lines end up there. Its
 * presence is also the guard against a second full run (first_run()), so
 * a status that cannot be written fails the restore. */
static int report(struct kh_ctx *ctx, const struct group_state *st, int n)
{
	char path[PATH_MAX], line[PATH_MAX + 1600], name[320];
	size_t size = 65536 + (size_t)n * sizeof(line), len = 0;
	char *text = malloc(size), *old;
	struct kh_part part;
	size_t oldlen;
	int i, err;

	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	if (!kh_state_path(ctx, path, sizeof(path),
				   KH_STATE_RESTORE_STATUS, 1) &&
	    !kh_read_file(ctx, path, 65536, (void **)&old, &oldlen)) {
		memcpy(text, old, oldlen);
		len = oldlen;
		free(old);
	}
	for (i = 0; i < n; i++) {
		if (!st[i].selected)
			continue;
		group_name(&st[i], name, sizeof(name));
		if (st[i].deferred)
			snprintf(line, sizeof(line), "%s: deferred until the network is up (TCP connections locked)\n",
				 name);
		else if (st[i].ok)
			snprintf(line, sizeof(line), "%s: restored as pid %d (images checked in %.2f s, restored in %.2f s%s)\n",
				 name, st[i].pid, st[i].fetch_s, st[i].restore_s,
				 st[i].lazy ? ", pages served lazily" : "");
		else
			snprintf(line, sizeof(line), "%s: FAILED: %s; images kept in %s\n",
				 name, st[i].why, st[i].dir);
		printf("kexec-handoff: %s", line);
		if (len + strlen(line) < size) {
			strcpy(text + len, line);
			len += strlen(line);
		}
	}
	err = kh_state_path(ctx, path, sizeof(path), KH_STATE_RESTORE_STATUS, 1);
	part.data = text;
	part.len = len;
	if (!err)
		err = kh_write_file(ctx, path, &part, 1);
	free(text);
	if (err)
		return kh_fail(ctx, err, "cannot record the outcome: %s (a second run would not be refused)",
			       ctx->err);
	return 0;
}

/* --defer-tcp writes the deferred groups' numbers; --deferred reads them. */
static int save_deferred(struct kh_ctx *ctx, const struct group_state *st,
			 int n)
{
	unsigned int idx[KH_RESTORE_MAX_GROUPS];
	int i, count = 0;

	for (i = 0; i < n; i++)
		if (st[i].deferred)
			idx[count++] = st[i].index;
	return kh_deferred_save(ctx, idx, count);
}

static int select_deferred(struct kh_ctx *ctx, struct group_state *st, int n)
{
	unsigned int idx[KH_RESTORE_MAX_GROUPS];
	int i, k, count = kh_deferred_take(ctx, idx, KH_RESTORE_MAX_GROUPS);

	for (k = 0; k < count; k++)
		for (i = 0; i < n; i++)
			if (st[i].index == idx[k])
				st[i].selected = 1;
	return count < 0 ? count : 0;
}

/*
 * An image whose group = <N> names no group-N belongs to processes that
 * cannot be restored: the blob is inconsistent, and saying nothing would
 * lose them without a word.
 */
static int orphans(struct kh_ctx *ctx, const void *blob,
		   const struct group_state *st, int n)
{
	struct handoff_image img;
	int node, i, count = 0;
	unsigned int first = 0;

	for (node = handoff_image_first(blob); node >= 0;
	     node = handoff_image_next(blob, node)) {
		if (handoff_get_image(blob, node, &img))
			continue;
		for (i = 0; i < n && st[i].index != img.group; i++)
			;
		if (i < n)
			continue;
		if (!count++)
			first = img.group;
	}
	if (!count)
		return 0;
	return kh_fail(ctx, -EBADMSG,
		       "%d image(s) of the blob name group-%x, which it does not list: those processes cannot be restored",
		       count, first);
}

/* The dump asks for a lazy restore by writing page-ranges: --no-lazy
 * writes none, and neither does a pre-copied group's dump (jump.c). */
static int wants_lazy(const void *blob, const struct group_state *s)
{
	return kh_store_lists(blob, s->index, KH_PAGE_RANGES_IMAGE);
}

/* Asked once, and only when a group wants it. */
static int lazy_possible(struct kh_ctx *ctx, int *ok)
{
	if (*ok < 0) {
		*ok = kh_criu_lazy_supported(ctx);
		if (!*ok)
			printf("kexec-handoff: this kernel or CRIU cannot restore lazily (userfaultfd): every page is restored before the processes run\n");
	}
	return *ok;
}

static int load_groups(struct kh_ctx *ctx, const void *blob,
		       struct group_state *st, const struct kh_restore_opts *o)
{
	int node, n = 0;

	for (node = handoff_group_first(blob); node >= 0 && n < KH_RESTORE_MAX_GROUPS;
	     node = handoff_group_next(blob, node), n++) {
		const char *name = fdt_get_name(blob, node, NULL);

		st[n].ok = 1;
		st[n].selected = o->phase != KH_RESTORE_DEFERRED;
		if (handoff_get_group(blob, node, &st[n].g) || !name ||
		    sscanf(name, "group-%x", &st[n].index) != 1)
			fail_group(&st[n], "unreadable group node");
		else if (!kh_cpio_name_ok(st[n].g.images) ||
			 strchr(st[n].g.images, '/'))
			fail_group(&st[n], "its images property is not a directory name");
	}
	if (o->phase == KH_RESTORE_DEFERRED && select_deferred(ctx, st, n))
		return -1;
	return n;
}

/* A second full run in the same boot would bring back, a second time,
 * groups whose processes have since ended: refuse it. */
static int first_run(struct kh_ctx *ctx, const struct kh_restore_opts *o)
{
	char path[PATH_MAX];

	if (o->phase == KH_RESTORE_DEFERRED ||
	    kh_state_path(ctx, path, sizeof(path), KH_STATE_RESTORE_STATUS, 0) ||
	    access(path, F_OK))
		return 0;
	return kh_fail(ctx, -EALREADY,
		       "restore already ran in this boot (%s says how it went); remove that file to run it again",
		       path);
}

static int run_phase(struct kh_ctx *ctx, const struct kh_restore_opts *o,
		     const void *blob, const char *images, const char *copies,
		     const char *logs)
{
	struct group_state *st = calloc(KH_RESTORE_MAX_GROUPS, sizeof(*st));
	char saved[2][8] = { "", "" };
	int n, i, err, locked, nonlocal = 0, failed = 0, handled = 0, deferred = 0;
	int lazy_ok = -1;

	if (!st)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	n = load_groups(ctx, blob, st, o);
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok)
			continue;
		st[i].lazy = wants_lazy(blob, &st[i]) && lazy_possible(ctx, &lazy_ok);
		st[i].fetch_s = kh_now();
		err = kh_store_fetch(ctx, blob, st[i].index, st[i].g.images,
				     images, copies, st[i].dir,
				     sizeof(st[i].dir),
				     st[i].lazy ? &st[i].src : NULL);
		if (!err && st[i].lazy)
			err = ranges_cover(ctx, blob, &st[i]);
		st[i].fetch_s = kh_now() - st[i].fetch_s;
		if (err) {
			fetch_failed(blob, &st[i], ctx->err);
			continue;
		}
		if (o->phase == KH_RESTORE_DEFER_TCP && has_tcp(&st[i]))
			st[i].deferred = 1;
		/* Before any group runs: a restore, and what the system starts
		 * meanwhile, must not take the IDs of one restored after it. */
		if (kh_pids_reserve(ctx, st[i].dir))
			fprintf(stderr, "kexec-handoff: warning: %s; new processes may take the PIDs of group-%u\n",
				ctx->err, st[i].index);
	}
	locked = o->no_netlock ? 0 : lock(ctx, st, n);
	if (locked < 0)
		fprintf(stderr, "kexec-handoff: warning: %s; restoring without the lock\n",
			ctx->err);
	for (i = 0; i < n; i++) {
		if (!st[i].selected || !st[i].ok || st[i].deferred)
			continue;
		/* Bind to a local address the network setup may yet remove
		 * or has not added: the lock keeps the connection quiet. */
		if (has_tcp(&st[i]) && !nonlocal)
			nonlocal = !kh_nonlocal_bind(ctx, 1, saved);
		restore_one(ctx, &st[i], logs);
	}
	if (nonlocal && kh_nonlocal_bind(ctx, 0, saved))
		fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
	for (i = 0; i < n; i++) {
		handled += st[i].selected;
		deferred += st[i].deferred;
		failed += st[i].selected && !st[i].ok;
	}
	if (o->phase == KH_RESTORE_DEFER_TCP && save_deferred(ctx, st, n))
		fprintf(stderr, "kexec-handoff: warning: %s\n", ctx->err);
	/* The lock stays while connections wait for --deferred. */
	if (locked > 0 && !deferred && kh_netlock_lift(ctx))
		fprintf(stderr, "kexec-handoff: warning: cannot lift the network lock: %s (nft delete table inet %s)\n",
			ctx->err, KH_NETLOCK_TABLE);
	fresh_starts(ctx, st, n);
	err = report(ctx, st, n);
	if (!handled && o->phase == KH_RESTORE_DEFERRED)
		printf("kexec-handoff: no deferred groups to restore\n");
	if (!err)
		err = orphans(ctx, blob, st, n);
	free(st);
	if (!err && failed)
		err = kh_fail(ctx, -EIO, "%d of %d group(s) not restored", failed,
			      handled);
	return err;
}

static int restore_blob(struct kh_ctx *ctx, const struct kh_restore_opts *o,
			const void *blob)
{
	char copies[PATH_MAX], logs[PATH_MAX];
	int err;

	err = kh_state_path(ctx, copies, sizeof(copies), KH_STATE_RESTORE_COPIES, 1);
	if (!err)
		err = kh_state_subdir(ctx, logs, sizeof(logs), KH_STATE_LOGS);
	if (!err)
		err = first_run(ctx, o);
	if (!err)
		err = run_phase(ctx, o, blob, o->images, copies, logs);
	return err;
}

/* No blob, or one that cannot be trusted (the kernel rejected it for the
 * same reason): without it no image can be found or checked. That is
 * only harmless when no images came: none in the initrd store and no
 * memmap= region that a pmem store could be in. */
static int no_usable_blob(struct kh_ctx *ctx, const char *images, int err)
{
	struct kh_memmap m[KH_MEMMAP_MAX];
	char why[sizeof(ctx->err)];
	int n;

	memcpy(why, ctx->err, sizeof(why));
	if (kh_restore_images_present(images))
		return kh_fail(ctx, err,
			       "process images are in %s, but %s: nothing can be restored; the images are kept",
			       images, why);
	n = kh_memmap_cmdline(ctx, m, KH_MEMMAP_MAX);
	if (n > 0)
		return kh_fail(ctx, err,
			       "%s, and this kernel was booted with memmap=%s: a pmem store there may hold process images, which cannot be found without the blob; they are kept",
			       why, m[0].text);
	printf("kexec-handoff: nothing to restore (%s; no process images came with it)\n",
	       why);
	return 0;
}

int kh_restore(struct kh_ctx *ctx, const struct kh_restore_opts *given)
{
	struct kh_restore_opts opts = *given, *o = &opts;
	char where[PATH_MAX], images[PATH_MAX];
	void *blob;
	int size, err = 0;

	if (!o->images)
		err = kh_restore_images_dir(ctx, images);
	if (!o->images && !err)
		o->images = images;
	if (!err)
		err = kh_restore_find_blob(ctx, o->blob, &blob, &size, where);
	if (err && !o->blob)
		return no_usable_blob(ctx, o->images, err);
	if (err)
		return err;
	if (handoff_group_first(blob) < 0) {
		printf("kexec-handoff: nothing to restore (the blob names no processes)\n");
		free(blob);
		return 0;
	}
	err = restore_blob(ctx, o, blob);
	free(blob);
	return err;
}
