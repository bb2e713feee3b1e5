// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_cpio.c - libFuzzer target for the newc cpio reader
 *
 * kh_cpio_parse() reads the headers of a user's initrd (to find an earlier
 * blob) the way the kernel's find_cpio_data() does; the initrd store and
 * the blob's archive are written by the same file. The input is walked
 * as an initrd is: NUL words skipped, entry after entry, until something
 * is not a header or runs past the end. Every entry accepted must lie
 * where parse says and be 4-byte aligned, and its name must be inside the
 * input and NUL-terminated. The regular files and directories whose names
 * kh_cpio_name_ok() accepts are written again with the writer, in buffer
 * and in parts mode, and must read back as the same entries with the same
 * data, both archives alike. Names it accepts never climb out of their
 * directory. Last, the input as a blob in the handoff archive must come
 * back byte for byte at HANDOFF_CPIO_PATH.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio_newc.h"
#include "kh_fuzz.h"
#include "handoff.h"

#define MAX_ENTRIES	64

struct entry {
	const char *name;
	uint32_t mode, filesize;
	const unsigned char *data;
};

struct walk {
	struct entry e[MAX_ENTRIES];
	int n;
};

/* What kh_cpio_name_ok() promises: a plain relative path. */
static void check_name_ok_(const char *name)
{
	size_t len = strlen(name);

	require(len && len <= KH_CPIO_NAME_MAX && name[0] != '/' &&
		name[len - 1] != '/' && !strstr(name, "//"));
	require(strcmp(name, ".") && strcmp(name, "..") &&
		strncmp(name, "./", 2) && strncmp(name, "../", 3));
	require(!strstr(name, "/./") && !strstr(name, "/../"));
	require(len < 2 || strcmp(name + len - 2, "/."));
	require(len < 3 || strcmp(name + len - 3, "/.."));
}

static size_t nul_words_(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i + 4 <= n && !(p[i] | p[i + 1] | p[i + 2] | p[i + 3]))
		i += 4;
	return i;
}

/* One parsed entry at @off of @buf (@size bytes); returns its length. */
static uint64_t check_entry_(const unsigned char *buf, size_t size,
			     size_t off, const struct kh_cpio_entry *e)
{
	require(e->namesize >= 1 && e->name == (const char *)buf + off + 110);
	require(e->namesize <= size - off - KH_CPIO_HDR_LEN);
	require(e->name[e->namesize - 1] == '\0');
	require(e->data >= KH_CPIO_HDR_LEN + (size_t)e->namesize &&
		e->data % KH_CPIO_ALIGN == 0 &&
		e->data - KH_CPIO_HDR_LEN - e->namesize < KH_CPIO_ALIGN);
	require(e->next % KH_CPIO_ALIGN == 0 &&
		e->next >= e->data + (uint64_t)e->filesize &&
		e->next - e->data - e->filesize < KH_CPIO_ALIGN);
	return e->next;
}

/* Walk @buf as the tool walks an initrd; note entries worth writing. */
static void walk_(const unsigned char *buf, size_t size, struct walk *w)
{
	struct kh_cpio_entry e;
	size_t off = 0, nul;

	w->n = 0;
	while (off < size) {
		nul = nul_words_(buf + off, size - off);
		off += nul;
		if (nul)
			continue;
		if (kh_cpio_parse(buf + off, size - off, &e))
			break;
		if (check_entry_(buf, size, off, &e) > size - off)
			break;
		if (kh_cpio_name_ok(e.name))
			check_name_ok_(e.name);
		if (w->n < MAX_ENTRIES && kh_cpio_name_ok(e.name) &&
		    !(e.mode & ~(uint32_t)(S_IFMT | 07777)) &&
		    (S_ISREG(e.mode) || (S_ISDIR(e.mode) && !e.filesize)))
			w->e[w->n++] = (struct entry){ e.name, e.mode,
						       e.filesize,
						       buf + off + e.data };
		off += e.next;
	}
}

static int write_(struct kh_cpio *c, const struct walk *w)
{
	const struct entry *e;
	int i, err = 0;

	for (i = 0; !err && i < w->n; i++) {
		e = &w->e[i];
		if (S_ISDIR(e->mode))
			err = kh_cpio_add_dir(c, e->name, e->mode & 07777);
		else
			err = kh_cpio_add_file(c, e->name, e->mode & 07777,
					       e->data, e->filesize);
	}
	return err ? err : kh_cpio_finish(c);
}

/* @out, written from @w, reads back as @w's entries, then the trailer. */
static void same_(const unsigned char *out, size_t len, const struct walk *w)
{
	struct walk back;
	int i;

	require(len % KH_CPIO_BLOCK == 0);
	walk_(out, len, &back);
	require(back.n == w->n);
	for (i = 0; i < w->n; i++) {
		require(!strcmp(back.e[i].name, w->e[i].name));
		require(back.e[i].mode == w->e[i].mode &&
			back.e[i].filesize == w->e[i].filesize);
		require(!memcmp(back.e[i].data, w->e[i].data,
				w->e[i].filesize));
	}
}

/* Parts mode: the pieces, laid end to end, are the buffer-mode archive. */
static void check_parts_(const struct walk *w, const unsigned char *whole,
			 size_t len, size_t room)
{
	struct kh_part parts[MAX_ENTRIES * 3 + 2];
	unsigned char *buf = malloc(room), *p;
	struct kh_cpio c;
	int i;

	require(buf != NULL);
	kh_cpio_init_parts(&c, buf, room, parts, MAX_ENTRIES * 3 + 2);
	require(write_(&c, w) == 0 && c.len == len);
	for (i = 0, p = (unsigned char *)whole; i < c.nparts; i++) {
		require(!memcmp(p, parts[i].data, parts[i].len));
		p += parts[i].len;
	}
	require((size_t)(p - whole) == len);
	free(buf);
}

static void rewrite_(const struct walk *w, size_t insize)
{
	size_t room = insize + (size_t)(w->n + 2) * 4096 + KH_CPIO_BLOCK;
	unsigned char *buf = malloc(room);
	struct kh_cpio c;

	require(buf != NULL);
	kh_cpio_init(&c, buf, room);
	require(write_(&c, w) == 0);
	same_(buf, (size_t)c.len, w);
	check_parts_(w, buf, (size_t)c.len, room);
	free(buf);
}

static void handoff_archive_(const uint8_t *data, size_t size)
{
	size_t room = size + KH_CPIO_HANDOFF_OVERHEAD;
	unsigned char *buf = malloc(room);
	struct kh_cpio c;
	struct walk w;

	require(buf != NULL);
	kh_cpio_init(&c, buf, room);
	require(kh_cpio_handoff(&c, data, size) == 0);
	walk_(buf, (size_t)c.len, &w);
	require(w.n == 3 && !strcmp(w.e[2].name, HANDOFF_CPIO_PATH));
	require(w.e[2].data == buf + 388 && w.e[2].filesize == size);
	require(!memcmp(w.e[2].data, data, size));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Headers start 4-byte aligned, as an initrd in memory does. */
	unsigned char *buf = malloc(size ? size : 1);
	struct walk w;

	require(buf != NULL);
	memcpy(buf, data, size);
	walk_(buf, size, &w);
	rewrite_(&w, size);
	free(buf);
	if (size <= HANDOFF_MAX_SIZE)
		handoff_archive_(data, size);
	return 0;
}
