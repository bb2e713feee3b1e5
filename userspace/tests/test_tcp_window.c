// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_tcp_window.c - CRIU's tcp-stream images and the window scaling
 * sysctl around a restore
 *
 * The images are built here byte by byte from CRIU's framing, so a parser
 * that misreads it fails; the sysctls live under a fake root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_root.h"

#include "netlock.h"
#include "tcp_window.h"

struct img {
	uint8_t b[256];
	size_t len;
};

static void put_varint(struct img *m, uint64_t v)
{
	do {
		m->b[m->len++] = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);
		v >>= 7;
	} while (v);
}

static void field(struct img *m, unsigned int num, uint64_t v)
{
	put_varint(m, num << 3);
	put_varint(m, v);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Magics and a length slot; close() fills in the length. */
static void open_img(struct img *m)
{
	memset(m, 0, sizeof(*m));
	put32(m->b, 0x54564319);
	put32(m->b + 4, 0x51465506);
	m->len = 12;
}

static void close_img(struct img *m)
{
	put32(m->b + 8, m->len - 12);
}

/* The fields CRIU 3.17 writes for an established connection. */
static void stream(struct img *m, uint32_t opt_mask)
{
	open_img(m);
	field(m, 1, 0);			/* inq_len */
	field(m, 2, 0xdeadbeef);	/* inq_seq */
	field(m, 3, 12);		/* outq_len */
	field(m, 4, 0x12345678);	/* outq_seq */
	field(m, 5, opt_mask);
	field(m, 6, opt_mask & 4 ? 7 : 0);
	field(m, 7, 1460);
	if (opt_mask & 4)
		field(m, 8, 7);
	field(m, 9, 123456);		/* timestamp */
	field(m, 11, 1);		/* nodelay */
	field(m, 13, 0x1000);		/* snd_wl1 */
	close_img(m);
	memcpy(m->b + m->len, "queued bytes", 12);	/* the send queue */
	m->len += 12;
}

static void parses_options(void **state)
{
	struct kh_tcp_stream s;
	struct img m;

	(void)state;
	stream(&m, 0x7);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), 0);
	assert_int_equal(s.opt_mask, 0x7);
	assert_int_equal(s.snd_wscale, 7);
	assert_int_equal(s.rcv_wscale, 7);
	assert_int_equal(s.mss_clamp, 1460);
	stream(&m, 0x3);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), 0);
	assert_int_equal(s.opt_mask, 0x3);
	assert_int_equal(s.rcv_wscale, 0);
}

static void skips_unknown_fields(void **state)
{
	struct kh_tcp_stream s;
	struct img m;

	(void)state;
	open_img(&m);
	put_varint(&m, 20 << 3 | 2);	/* bytes */
	put_varint(&m, 3);
	memcpy(m.b + m.len, "abc", 3);
	m.len += 3;
	put_varint(&m, 21 << 3 | 5);	/* fixed32 */
	m.len += 4;
	put_varint(&m, 22 << 3 | 1);	/* fixed64 */
	m.len += 8;
	field(&m, 5, 0x4);
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), 0);
	assert_int_equal(s.opt_mask, 0x4);
}

static void rejects(void **state)
{
	struct kh_tcp_stream s;
	struct img m;

	(void)state;
	stream(&m, 0x7);
	assert_int_equal(kh_tcp_stream_parse(m.b, 11, &s), -EINVAL);
	/* cut inside the entry */
	assert_int_equal(kh_tcp_stream_parse(m.b, 20, &s), -EINVAL);
	m.b[4] ^= 1;				/* another image's magic */
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);

	open_img(&m);				/* no opt_mask */
	field(&m, 1, 0);
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);

	open_img(&m);				/* opt_mask not a varint */
	put_varint(&m, 5 << 3 | 5);
	m.len += 4;
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);

	open_img(&m);				/* bytes past the entry */
	field(&m, 5, 4);
	put_varint(&m, 20 << 3 | 2);
	put_varint(&m, 50);
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);

	open_img(&m);				/* varint never ends */
	field(&m, 5, 4);
	put_varint(&m, 6 << 3);
	m.b[m.len++] = 0x80;
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);

	open_img(&m);				/* more than 32 bits */
	field(&m, 5, 1ull << 33);
	close_img(&m);
	assert_int_equal(kh_tcp_stream_parse(m.b, m.len, &s), -EINVAL);
}

static void put_image(const char *root, const char *name, const struct img *m)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/images/%s", root, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(m->b, 1, m->len, fp), m->len);
	assert_int_equal(fclose(fp), 0);
}

static char *sysctl_text(const char *root, const char *abs)
{
	static char text[16];
	char path[PATH_MAX];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s%s", root, abs);
	fp = fopen(path, "r");
	assert_non_null(fp);
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	return text;
}

/* A fake root with an image directory; @images is set to its path. */
static void fake_images(char *root, struct kh_ctx *ctx, char images[PATH_MAX])
{
	assert_non_null(mkdtemp(root));
	assert_int_equal(kh_ctx_init(ctx), 0);
	strcpy(ctx->root, root);
	fake_root_put(root, "images/.keep", "");
	snprintf(images, PATH_MAX, "%s/images", root);
}

/* Off only for a group with an unscaled connection, and put back. */
static void sysctl_around_restore(void **state)
{
	char root[] = "/tmp/kh-tcpwin.XXXXXX", images[PATH_MAX];
	char saved[8];
	struct kh_ctx ctx;
	struct img m;

	(void)state;
	fake_images(root, &ctx, images);
	fake_root_put(root, KH_TCP_WINDOW_SYSCTL + 1, "1\n");
	fake_root_put(root, "images/core-300.img", "not a stream");

	stream(&m, 0x7);
	put_image(root, "tcp-stream-1a2b.img", &m);
	assert_int_equal(kh_tcp_unscaled(&ctx, images), 0);
	assert_int_equal(kh_tcp_window_before(&ctx, images, saved), 0);
	assert_string_equal(sysctl_text(root, KH_TCP_WINDOW_SYSCTL), "1\n");
	assert_int_equal(kh_tcp_window_after(&ctx, saved), 0);
	assert_string_equal(sysctl_text(root, KH_TCP_WINDOW_SYSCTL), "1\n");

	stream(&m, 0x3);
	put_image(root, "tcp-stream-3c.img", &m);
	put_image(root, "tcp-stream-3d.img", &m);
	assert_int_equal(kh_tcp_unscaled(&ctx, images), 2);
	assert_int_equal(kh_tcp_window_before(&ctx, images, saved), 1);
	assert_string_equal(saved, "1");
	assert_string_equal(sysctl_text(root, KH_TCP_WINDOW_SYSCTL), "0\n");
	assert_int_equal(kh_tcp_window_after(&ctx, saved), 0);
	assert_string_equal(sysctl_text(root, KH_TCP_WINDOW_SYSCTL), "1\n");

	/* A damaged image: named, and the sysctl left as it was. */
	fake_root_put(root, "images/tcp-stream-4e.img", "garbage");
	assert_true(kh_tcp_window_before(&ctx, images, saved) < 0);
	assert_non_null(strstr(ctx.err, "tcp-stream-4e.img"));
	assert_string_equal(sysctl_text(root, KH_TCP_WINDOW_SYSCTL), "1\n");
	assert_int_equal(kh_tcp_window_after(&ctx, saved), 0);
	fake_root_remove(root);
}

/* A kernel without the sysctl: the restore is told, nothing is made. */
static void no_sysctl(void **state)
{
	char root[] = "/tmp/kh-tcpwin.XXXXXX", images[PATH_MAX], saved[8];
	struct kh_ctx ctx;
	struct img m;

	(void)state;
	fake_images(root, &ctx, images);
	stream(&m, 0x3);
	put_image(root, "tcp-stream-5.img", &m);
	assert_int_equal(kh_tcp_window_before(&ctx, images, saved), -ENOENT);
	assert_non_null(strstr(ctx.err, "tcp_window_scaling"));
	assert_int_equal(kh_tcp_window_after(&ctx, saved), 0);
	fake_root_remove(root);
}

/* The other sysctl restore sets: IPv4 always, IPv6 when there is one. */
static void nonlocal_bind_put_back(void **state)
{
	static const char v4[] = "/proc/sys/net/ipv4/ip_nonlocal_bind";
	char root[] = "/tmp/kh-tcpwin.XXXXXX", saved[2][8];
	struct kh_ctx ctx;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(kh_ctx_init(&ctx), 0);
	strcpy(ctx.root, root);
	fake_root_put(root, v4 + 1, "0\n");
	assert_int_equal(kh_nonlocal_bind(&ctx, 1, saved), 0);
	assert_string_equal(sysctl_text(root, v4), "1\n");
	assert_string_equal(saved[0], "0");
	assert_string_equal(saved[1], "");
	assert_int_equal(kh_nonlocal_bind(&ctx, 0, saved), 0);
	assert_string_equal(sysctl_text(root, v4), "0\n");
	fake_root_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_options),
		cmocka_unit_test(skips_unknown_fields),
		cmocka_unit_test(rejects),
		cmocka_unit_test(sysctl_around_restore),
		cmocka_unit_test(no_sysctl),
		cmocka_unit_test(nonlocal_bind_put_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
