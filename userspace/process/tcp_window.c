// SPDX-License-Identifier: GPL-2.0-only
/*
 * tcp_window.c - window scaling of restored connections (tcp_window.h)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tcp_window.h"

/* CRIU's image framing: two magics, then each entry as its length and a
 * protocol buffer (images/magic.h, images/tcp-stream.proto). */
#define IMG_COMMON_MAGIC	0x54564319u
#define TCP_STREAM_MAGIC	0x51465506u
#define TCPI_OPT_WSCALE		4u
/* The entry is a few dozen bytes; the queues behind it are not needed. */
#define HEAD_MAX		4096

enum { FIELD_OPT_MASK = 5, FIELD_SND_WSCALE, FIELD_MSS_CLAMP,
	FIELD_RCV_WSCALE };

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	int shift;

	*v = 0;
	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -EINVAL;
}

/* Unknown fields are skipped by wire type, as protobuf readers must:
 * a newer CRIU may add some. */
static int skip(const uint8_t **p, const uint8_t *end, unsigned int type)
{
	uint64_t n;

	switch (type) {
	case 0:
		return varint(p, end, &n);
	case 1:
		n = 8;
		break;
	case 2:
		if (varint(p, end, &n))
			return -EINVAL;
		break;
	case 5:
		n = 4;
		break;
	default:
		return -EINVAL;
	}
	if (n > (uint64_t)(end - *p))
		return -EINVAL;
	*p += n;
	return 0;
}

int kh_tcp_stream_parse(const void *img, size_t len, struct kh_tcp_stream *out)
{
	const uint8_t *p = img, *end;
	int have_mask = 0;
	uint64_t key, v;
	uint32_t size;

	memset(out, 0, sizeof(*out));
	if (len < 12 || le32(p) != IMG_COMMON_MAGIC ||
	    le32(p + 4) != TCP_STREAM_MAGIC)
		return -EINVAL;
	size = le32(p + 8);
	if (size > len - 12)
		return -EINVAL;
	p += 12;
	end = p + size;
	while (p < end) {
		if (varint(&p, end, &key))
			return -EINVAL;
		if ((key & 7) || key >> 3 < FIELD_OPT_MASK ||
		    key >> 3 > FIELD_RCV_WSCALE) {
			if (skip(&p, end, key & 7))
				return -EINVAL;
			continue;
		}
		if (varint(&p, end, &v) || v > UINT32_MAX)
			return -EINVAL;
		switch (key >> 3) {
		case FIELD_OPT_MASK:
			out->opt_mask = v;
			have_mask = 1;
			break;
		case FIELD_SND_WSCALE:
			out->snd_wscale = v;
			break;
		case FIELD_MSS_CLAMP:
			out->mss_clamp = v;
			break;
		default:
			out->rcv_wscale = v;
		}
	}
	return have_mask ? 0 : -EINVAL;
}

static int is_stream_image(const char *name)
{
	size_t n = strlen(name);

	return !strncmp(name, "tcp-stream-", 11) && n > 15 &&
	       !strcmp(name + n - 4, ".img");
}

static int unscaled_one(struct kh_ctx *ctx, int dir, const char *dirname,
			const char *name)
{
	char shown[PATH_MAX + 256];
	uint8_t head[HEAD_MAX];
	struct kh_tcp_stream s;
	ssize_t got;
	int fd;

	snprintf(shown, sizeof(shown), "%s/%s", dirname, name);
	fd = kh_openat_regular(ctx, dir, name, shown, NULL);
	if (fd < 0)
		return fd;
	got = kh_read_full(fd, head, sizeof(head));
	close(fd);
	if (got < 0)
		return kh_fail(ctx, (int)got, "%s: %s", shown,
			       strerror((int)-got));
	if (kh_tcp_stream_parse(head, (size_t)got, &s))
		return kh_fail(ctx, -EINVAL, "%s: not a CRIU tcp-stream image",
			       shown);
	return !(s.opt_mask & TCPI_OPT_WSCALE);
}

int kh_tcp_unscaled(struct kh_ctx *ctx, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0, one;
	struct dirent *e;
	DIR *d;

	if (fd < 0 || !(d = fdopendir(fd))) {
		one = -errno;
		if (fd >= 0)
			close(fd);
		return kh_fail(ctx, one, "%s: %s", dir, strerror(-one));
	}
	while ((e = readdir(d))) {
		if (!is_stream_image(e->d_name))
			continue;
		one = unscaled_one(ctx, dirfd(d), dir, e->d_name);
		if (one < 0) {
			n = one;
			break;
		}
		n += one;
	}
	closedir(d);
	return n;
}

int kh_tcp_window_before(struct kh_ctx *ctx, const char *dir, char saved[8])
{
	int n = kh_tcp_unscaled(ctx, dir), err;

	saved[0] = '\0';
	if (n <= 0)
		return n;
	err = kh_sysctl_set(ctx, KH_TCP_WINDOW_SYSCTL, "0", saved, 8);
	if (err) {
		saved[0] = '\0';
		return err;
	}
	return 1;
}

int kh_tcp_window_after(struct kh_ctx *ctx, const char saved[8])
{
	if (!saved[0])
		return 0;
	return kh_sysctl_set(ctx, KH_TCP_WINDOW_SYSCTL, saved, NULL, 0);
}
