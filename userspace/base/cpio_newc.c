// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpio_newc.c - write and read uncompressed "newc" cpio archives
 *
 * cpio_newc.h explains the layout and why. Every add checks that the whole
 * entry fits before writing a byte of it, so a failed call leaves the
 * archive as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio_newc.h"
#include "handoff.h"

static size_t pad_(uint64_t n, unsigned int align)
{
	return (size_t)((align - n % align) % align);
}

/* Bytes of header, name and name padding for an entry called @name. */
static size_t head_len_(const char *name)
{
	size_t n = KH_CPIO_HDR_LEN + strlen(name) + 1;

	return n + pad_(n, KH_CPIO_ALIGN);
}

/*
 * Names end up as paths in the new kernel's rootfs and in whatever tool
 * lists the initrd; only plain relative paths mean the same to all of them.
 */
bool kh_cpio_name_ok(const char *name)
{
	return name && strlen(name) <= KH_CPIO_NAME_MAX && kh_plain_path(name);
}

/* Does the last part end where the next buffer byte goes? */
static bool tail_in_buf_(const struct kh_cpio *c)
{
	const struct kh_part *last;

	if (!c->nparts)
		return false;
	last = &c->parts[c->nparts - 1];
	return (const unsigned char *)last->data + last->len == c->buf + c->used;
}

/*
 * Is there room for an entry of @head bytes of header and name, @data bytes
 * of file data and @trail bytes of padding after the data?
 */
static int reserve_(const struct kh_cpio *c, size_t head, size_t data,
		    size_t trail)
{
	size_t nbuf = head + trail;
	int nparts = 0;

	if (c->finished)
		return -EBADFD;
	if (!c->parts)
		nbuf += data;
	else
		nparts = !tail_in_buf_(c) + (data > 0) + (trail > 0);
	if (nbuf > c->size - c->used || nparts > c->max_parts - c->nparts)
		return -ENOSPC;
	return 0;
}

/* Append @n bytes of @src (zeros if NULL) to the buffer. */
static void put_bytes_(struct kh_cpio *c, const void *src, size_t n)
{
	if (!n)
		return;
	if (src)
		memcpy(c->buf + c->used, src, n);
	else
		memset(c->buf + c->used, 0, n);
	if (c->parts && tail_in_buf_(c))
		c->parts[c->nparts - 1].len += n;
	else if (c->parts)
		c->parts[c->nparts++] = (struct kh_part){ c->buf + c->used, n };
	c->used += n;
	c->len += n;
}

/* Append file data: copied in buffer mode, referenced in parts mode. */
static void put_data_(struct kh_cpio *c, const void *data, size_t n)
{
	if (!c->parts) {
		put_bytes_(c, data, n);
		return;
	}
	if (!n)
		return;
	c->parts[c->nparts++] = (struct kh_part){ data, n };
	c->len += n;
}

static void put_head_(struct kh_cpio *c, const char *name, uint32_t ino,
		      uint32_t mode, uint32_t nlink, uint32_t filesize)
{
	char hdr[KH_CPIO_HDR_LEN + 1];
	size_t namesize = strlen(name) + 1;

	/* ino mode uid gid nlink mtime filesize maj min rmaj rmin namesize check */
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, nlink, 0u, filesize, 0u, 0u, 0u, 0u,
		 (unsigned int)namesize, 0u);
	put_bytes_(c, hdr, KH_CPIO_HDR_LEN);
	put_bytes_(c, name, namesize);
	put_bytes_(c, NULL, pad_(KH_CPIO_HDR_LEN + namesize, KH_CPIO_ALIGN));
}

void kh_cpio_init(struct kh_cpio *c, void *buf, size_t size)
{
	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->size = size;
}

void kh_cpio_init_parts(struct kh_cpio *c, void *buf, size_t size,
			struct kh_part *parts, int max_parts)
{
	kh_cpio_init(c, buf, size);
	c->parts = parts;
	c->max_parts = max_parts;
}

int kh_cpio_add_dir(struct kh_cpio *c, const char *name, unsigned int perm)
{
	int err;

	if (!kh_cpio_name_ok(name) || perm > 07777)
		return -EINVAL;
	err = reserve_(c, head_len_(name), 0, 0);
	if (err)
		return err;
	/* Two links, "." and the entry in its parent, as a real directory. */
	put_head_(c, name, ++c->ino, S_IFDIR | perm, 2, 0);
	return 0;
}

int kh_cpio_add_file(struct kh_cpio *c, const char *name, unsigned int perm,
		     const void *data, size_t len)
{
	size_t trail = pad_(len, KH_CPIO_ALIGN);
	int err;

	if (!kh_cpio_name_ok(name) || perm > 07777 || (len && !data))
		return -EINVAL;
	if ((uint64_t)len > KH_CPIO_FILE_MAX)
		return -EFBIG;
	err = reserve_(c, head_len_(name), len, trail);
	if (err)
		return err;
	put_head_(c, name, ++c->ino, S_IFREG | perm, 1, (uint32_t)len);
	put_data_(c, data, len);
	put_bytes_(c, NULL, trail);
	return 0;
}

int kh_cpio_finish(struct kh_cpio *c)
{
	size_t head = head_len_(KH_CPIO_TRAILER);
	size_t block = pad_(c->len + head, KH_CPIO_BLOCK);
	int err;

	err = reserve_(c, head + block, 0, 0);
	if (err)
		return err;
	put_head_(c, KH_CPIO_TRAILER, 0, 0, 1, 0);
	put_bytes_(c, NULL, block);
	c->finished = true;
	return 0;
}

int kh_cpio_handoff(struct kh_cpio *c, const void *blob, size_t len)
{
	int err;

	err = kh_cpio_add_dir(c, "kernel", 0755);
	if (!err)
		err = kh_cpio_add_dir(c, "kernel/handoff", 0755);
	if (!err)
		err = kh_cpio_add_file(c, HANDOFF_CPIO_PATH, 0644, blob, len);
	if (!err)
		err = kh_cpio_finish(c);
	return err;
}

static int hex_(const char *s, uint32_t *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 8; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (s[i] | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

int kh_cpio_parse(const void *buf, size_t avail, struct kh_cpio_entry *e)
{
	const char *h = buf;
	uint32_t f[13];
	int i;

	if (avail < KH_CPIO_HDR_LEN)
		return -ENODATA;
	if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	for (i = 0; i < 13; i++)
		if (hex_(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	e->ino = f[0];
	e->mode = f[1];
	e->nlink = f[4];
	e->filesize = f[6];
	e->namesize = f[11];
	if (!e->namesize)
		return -EBADMSG;
	if (e->namesize > avail - KH_CPIO_HDR_LEN)
		return -ENODATA;
	e->name = h + KH_CPIO_HDR_LEN;
	if (e->name[e->namesize - 1])
		return -EBADMSG;
	e->data = KH_CPIO_HDR_LEN + (size_t)e->namesize;
	e->data += pad_(e->data, KH_CPIO_ALIGN);
	e->next = e->data + (uint64_t)e->filesize;
	e->next += pad_(e->next, KH_CPIO_ALIGN);
	return 0;
}
