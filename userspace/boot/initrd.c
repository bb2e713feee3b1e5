// SPDX-License-Identifier: GPL-2.0-only
/*
 * initrd.c - put a handoff blob in front of an initrd
 *
 * Initrds run to 100 MiB and more, so the input is mapped and handed to
 * kh_write_file() as one piece instead of being read into memory. This
 * process itself reads only the cpio headers at its head, with pread():
 * should the file be truncated while mapped, write() then fails with
 * EFAULT rather than the tool dying of SIGBUS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio_newc.h"
#include "handoff.h"
#include "initrd.h"

struct input_ {
	const char *path;
	int fd;
	uint64_t size;
	uint64_t skip;		/* bytes of an earlier handoff archive dropped */
	void *map;
};

struct member_ {
	bool seen;
	uint64_t off;
	char name[128];		/* for the message only; may be cut short */
};

/* What the input's leading uncompressed archives hold. */
struct scan_ {
	uint64_t off;		/* next header */
	uint64_t first_end;	/* end of the first archive's trailer; 0 before */
	uint64_t after_first;	/* first byte after it that is not padding */
	bool first_blob;	/* the first archive holds HANDOFF_CPIO_PATH */
	bool first_other;	/* ... or anything besides it and its dirs */
	struct member_ first;	/* a handoff member in the first archive */
	struct member_ later;	/* one in any later archive */
};

static const unsigned char zeros_[KH_CPIO_ALIGN];

static bool is_handoff_member_(const char *name)
{
	return !strcmp(name, "kernel/handoff") ||
	       !strncmp(name, "kernel/handoff/", strlen("kernel/handoff/"));
}

static bool is_blob_dir_(const struct kh_cpio_entry *e)
{
	return S_ISDIR(e->mode) && (!strcmp(e->name, "kernel") ||
				    !strcmp(e->name, "kernel/handoff"));
}

static void note_member_(struct member_ *m, uint64_t off, const char *name)
{
	if (m->seen)
		return;
	m->seen = true;
	m->off = off;
	snprintf(m->name, sizeof(m->name), "%s", name);
}

static void note_entry_(struct scan_ *s, const struct kh_cpio_entry *e)
{
	bool in_first = !s->first_end;

	if (!strcmp(e->name, KH_CPIO_TRAILER)) {
		if (in_first)
			s->first_end = s->off + e->next;
		return;
	}
	if (is_handoff_member_(e->name))
		note_member_(in_first ? &s->first : &s->later, s->off, e->name);
	if (!in_first)
		return;
	if (S_ISREG(e->mode) && !strcmp(e->name, HANDOFF_CPIO_PATH) &&
	    !s->first_blob)
		s->first_blob = true;
	else if (!is_blob_dir_(e))
		s->first_other = true;
}

/* Whole NUL words at @buf: padding between archives. */
static size_t nul_words_(const unsigned char *buf, size_t n)
{
	size_t i = 0;

	while (i + 4 <= n && !(buf[i] | buf[i + 1] | buf[i + 2] | buf[i + 3]))
		i += 4;
	return i;
}

/*
 * Walk the headers of the leading uncompressed archives as the kernel's
 * find_cpio_data() does, up to the first thing that is not a header
 * (normally the compressed main archive).
 */
static int scan_input_(struct kh_ctx *ctx, const struct input_ *in,
		       struct scan_ *s)
{
	unsigned char buf[KH_CPIO_HDR_LEN + KH_CPIO_NAME_MAX + 1];
	struct kh_cpio_entry e;
	size_t nul;
	ssize_t n;

	while (s->off < in->size) {
		n = pread(in->fd, buf, sizeof(buf), (off_t)s->off);
		if (n < 0)
			return kh_fail(ctx, -errno, "%s: %s", in->path,
				       strerror(errno));
		nul = nul_words_(buf, (size_t)n);
		s->off += nul;
		if (nul)
			continue;
		if (s->first_end && !s->after_first)
			s->after_first = s->off;
		if (kh_cpio_parse(buf, (size_t)n, &e))
			break;
		note_entry_(s, &e);
		s->off += e.next;
	}
	if (s->first_end && !s->after_first)
		s->after_first = s->off < in->size ? s->off : in->size;
	return 0;
}

/* Drop an earlier blob archive of ours, refuse any other blob. */
static int check_earlier_blob_(struct kh_ctx *ctx, struct input_ *in)
{
	struct scan_ s = { 0 };
	const struct member_ *m;
	int err;

	err = scan_input_(ctx, in, &s);
	if (err)
		return err;
	if (s.first_end && s.first_blob && !s.first_other)
		in->skip = s.after_first;
	m = s.first.seen && !in->skip ? &s.first : &s.later;
	if (!m->seen)
		return 0;
	return kh_fail(ctx, -EINVAL,
		       "%s: already carries %s (at offset %llu) outside an archive of its own at the start, so it cannot be replaced; give the initrd it was made from",
		       in->path, m->name, (unsigned long long)m->off);
}

static int open_input_(struct kh_ctx *ctx, struct input_ *in)
{
	struct stat st;
	int err = 0;

	in->fd = open(in->path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0)
		return kh_fail(ctx, -errno, "%s: %s", in->path, strerror(errno));
	if (fstat(in->fd, &st)) {
		err = kh_fail(ctx, -errno, "%s: %s", in->path, strerror(errno));
		goto out_close;
	}
	in->size = (uint64_t)st.st_size;
	if (!S_ISREG(st.st_mode))
		err = kh_fail(ctx, -EINVAL, "%s: not a regular file", in->path);
	else if (in->size > KH_INITRD_MAX)
		err = kh_fail(ctx, -EFBIG,
			      "%s: %llu bytes; kexec takes an initrd of at most %llu",
			      in->path, (unsigned long long)in->size,
			      KH_INITRD_MAX);
	if (err)
		goto out_close;
	err = check_earlier_blob_(ctx, in);
	if (err)
		goto out_close;
	if (in->size == in->skip)
		return 0;
	in->map = mmap(NULL, in->size, PROT_READ, MAP_PRIVATE, in->fd, 0);
	if (in->map != MAP_FAILED) {
		/* Read once, front to back: let the kernel read ahead. */
		madvise(in->map, in->size, MADV_SEQUENTIAL);
		return 0;
	}
	in->map = NULL;
	err = kh_fail(ctx, -errno, "%s: %s", in->path, strerror(errno));
out_close:
	close(in->fd);
	in->fd = -1;
	return err;
}

static void close_input_(struct input_ *in)
{
	if (in->map)
		munmap(in->map, in->size);
	if (in->fd >= 0)
		close(in->fd);
}

static void add_part_(struct kh_part *parts, int *n, uint64_t *total,
		      const void *data, uint64_t len)
{
	if (!len)
		return;
	parts[(*n)++] = (struct kh_part){ data, (size_t)len };
	*total += len;
}

/*
 * Lay out the initrd after the early archive's @n parts and @out's total
 * size in @total.
 *
 * returns: the number of parts
 */
static int add_rest_(const struct input_ *in, struct kh_part *parts, int n,
		     uint64_t *total, const struct kh_part *extra, int nextra)
{
	int i;

	if (in->map)
		add_part_(parts, &n, total, (const char *)in->map + in->skip,
			  in->size - in->skip);
	if (!nextra)
		return n;
	add_part_(parts, &n, total, zeros_, (KH_CPIO_ALIGN - *total %
					     KH_CPIO_ALIGN) % KH_CPIO_ALIGN);
	for (i = 0; i < nextra; i++)
		add_part_(parts, &n, total, extra[i].data, extra[i].len);
	return n;
}

static int write_(struct kh_ctx *ctx, const char *out, const void *blob,
		  size_t len, const struct input_ *in,
		  const struct kh_part *extra, int nextra)
{
	unsigned char head[KH_CPIO_HANDOFF_OVERHEAD];
	struct kh_part *parts;
	struct kh_cpio c;
	int n, err;

	parts = calloc((size_t)nextra + 6, sizeof(*parts));
	if (!parts)
		return kh_fail(ctx, -ENOMEM, "%s: out of memory", out);
	kh_cpio_init_parts(&c, head, sizeof(head), parts, 4);
	err = kh_cpio_handoff(&c, blob, len);
	if (err) {
		kh_fail(ctx, err, "%s: cannot lay out the early archive: %s",
			out, strerror(-err));
		goto out_free_parts;
	}
	n = add_rest_(in, parts, c.nparts, &c.len, extra, nextra);
	if (c.len > KH_INITRD_MAX)
		err = kh_fail(ctx, -EFBIG,
			      "%s: would be %llu bytes; kexec takes an initrd of at most %llu",
			      out, (unsigned long long)c.len, KH_INITRD_MAX);
	else
		err = kh_write_file(ctx, out, parts, n);
out_free_parts:
	free(parts);
	return err;
}

int kh_initrd_assemble_with(struct kh_ctx *ctx, const char *out,
			    const void *blob, size_t bloblen,
			    const char *initrd_in,
			    const struct kh_part *extra, int nextra)
{
	struct input_ in = { .path = initrd_in, .fd = -1 };
	int size, err;

	size = handoff_check_user(blob, bloblen);
	if (size < 0)
		return kh_fail(ctx, -EINVAL, "%s: refusing to write a bad blob: %s",
			       out, handoff_strerror(size));
	if (initrd_in) {
		err = open_input_(ctx, &in);
		if (err)
			return err;
	}
	err = write_(ctx, out, blob, (size_t)size, &in, extra, nextra);
	close_input_(&in);
	return err;
}

int kh_initrd_assemble(struct kh_ctx *ctx, const char *out, const void *blob,
		       size_t bloblen, const char *initrd_in)
{
	return kh_initrd_assemble_with(ctx, out, blob, bloblen, initrd_in,
				       NULL, 0);
}

int kh_load_files_write(struct kh_ctx *ctx, const void *blob, size_t bloblen,
			const char *initrd_in, const char *blob_path,
			const char *initrd_path)
{
	struct kh_part part = { blob, bloblen };
	int err = kh_write_file(ctx, blob_path, &part, 1);

	return err ? err : kh_initrd_assemble(ctx, initrd_path, blob, bloblen,
					      initrd_in);
}
