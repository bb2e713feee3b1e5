// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_initrd.c - initrd assembly beyond what the CLI test reaches
 *
 * Replacing an earlier blob by a different one, further archives after
 * the initrd, refusing blobs that are not ours to replace, and the size
 * bound. initrd.test covers the rest through the real binary.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpio_newc.h"
#include "handoff.h"
#include "initrd.h"

struct fx {
	struct kh_ctx ctx;
	char dir[64];
	char in[96];
	char out[96];
	uint64_t blob1[512];	/* 8-byte aligned, as libfdt wants */
	uint64_t blob2[512];
	int len1, len2;
	unsigned char initrd[1001];	/* odd length on purpose */
};

static int make_blob(void *buf, size_t size, uint64_t created)
{
	const struct handoff_info info = {
		.kernel_release = "6.12.0-test",
		.boot_id = "00000000-1111-2222-3333-444444444444",
		.created = created,
	};
	struct handoff_builder b;

	assert_int_equal(handoff_create(&b, buf, size, &info), 0);
	return handoff_finish(&b);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	struct kh_ctx ctx = { 0 };
	void *data;

	assert_int_equal(kh_read_file(&ctx, path, 1 << 20, &data, len), 0);
	return data;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	size_t i;

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/test_initrd.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->in, sizeof(fx->in), "%s/in.img", fx->dir);
	snprintf(fx->out, sizeof(fx->out), "%s/out.img", fx->dir);
	fx->len1 = make_blob(fx->blob1, sizeof(fx->blob1), 1);
	fx->len2 = make_blob(fx->blob2, sizeof(fx->blob2), 2);
	assert_true(fx->len1 > 0 && fx->len2 > 0);
	/* Looks like gzip to a scanner: not a cpio header, not padding. */
	for (i = 0; i < sizeof(fx->initrd); i++)
		fx->initrd[i] = (unsigned char)(0x1f + i * 13);
	write_bytes(fx->in, fx->initrd, sizeof(fx->initrd));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* Assembling over an assembled initrd swaps the blob, nothing more. */
static void test_replace_blob(void **state)
{
	struct fx *fx = *state;
	char direct[128];
	unsigned char *a, *b;
	size_t alen, blen;

	snprintf(direct, sizeof(direct), "%s/direct.img", fx->dir);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), 0);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob2,
					    fx->len2, fx->out), 0);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, direct, fx->blob2,
					    fx->len2, fx->in), 0);
	a = slurp(fx->out, &alen);
	b = slurp(direct, &blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_memory_equal(a + 388, fx->blob2, fx->len2);
	free(a);
	free(b);
}

/* Process images go after the initrd, 4-byte aligned, NUL-padded. */
static void test_extra_archive(void **state)
{
	struct fx *fx = *state;
	unsigned char head[512], img[10] = "0123456789", *a;
	struct kh_part parts[8];
	struct kh_cpio c;
	size_t len, at;

	kh_cpio_init_parts(&c, head, sizeof(head), parts, 8);
	assert_int_equal(kh_cpio_add_file(&c, "img", 0600, img, 10), 0);
	assert_int_equal(kh_cpio_finish(&c), 0);
	assert_int_equal(kh_initrd_assemble_with(&fx->ctx, fx->out, fx->blob1,
						 fx->len1, fx->in, parts,
						 c.nparts), 0);
	a = slurp(fx->out, &len);
	at = 512 + (fx->len1 + 511) / 512 * 512;
	assert_memory_equal(a + at, fx->initrd, sizeof(fx->initrd));
	at += sizeof(fx->initrd);
	assert_memory_equal(a + at, "\0\0\0", 3);
	at += 3;
	assert_int_equal(len, at + c.len);
	assert_memory_equal(a + at, "070701", 6);
	assert_memory_equal(a + at + 116, img, 10);	/* 110 + "img" */
	free(a);
}

/* A blob further back, behind our archive, is not silently kept. */
static void test_refuse_later_blob(void **state)
{
	struct fx *fx = *state;
	unsigned char a[8192];
	struct kh_cpio c;
	size_t first;

	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, fx->blob1, fx->len1), 0);
	first = c.len;
	kh_cpio_init(&c, a + first, sizeof(a) - first);
	assert_int_equal(kh_cpio_add_dir(&c, "kernel", 0755), 0);
	assert_int_equal(kh_cpio_add_file(&c, "kernel/handoff.dtb", 0644,
					  "x", 1), 0);
	assert_int_equal(kh_cpio_add_dir(&c, "kernel/handoff", 0755), 0);
	assert_int_equal(kh_cpio_finish(&c), 0);
	write_bytes(fx->in, a, first + c.len);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob2,
					    fx->len2, fx->in), -EINVAL);
	assert_non_null(strstr(fx->ctx.err, fx->in));
	assert_non_null(strstr(fx->ctx.err, "kernel/handoff (at offset"));
	assert_int_equal(access(fx->out, F_OK), -1);
}

/* Our own archive followed by one that merely has "kernel/..." is fine. */
static void test_keep_neighbours(void **state)
{
	struct fx *fx = *state;
	unsigned char a[8192], *o;
	struct kh_cpio c;
	size_t first, len;

	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, fx->blob1, fx->len1), 0);
	first = c.len;
	kh_cpio_init(&c, a + first, sizeof(a) - first);
	assert_int_equal(kh_cpio_add_dir(&c, "kernel", 0755), 0);
	assert_int_equal(kh_cpio_add_file(&c, "kernel/handoffs", 0644, "x", 1),
			 0);
	assert_int_equal(kh_cpio_finish(&c), 0);
	write_bytes(fx->in, a, first + c.len);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), 0);
	o = slurp(fx->out, &len);
	assert_int_equal(len, first + c.len);
	assert_memory_equal(o, a, len);
	free(o);
}

static void test_bad_inputs(void **state)
{
	struct fx *fx = *state;

	fx->blob1[1] ^= 1;	/* inside the header: no longer a good blob */
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), -EINVAL);
	assert_non_null(strstr(fx->ctx.err, fx->out));
	fx->blob1[1] ^= 1;
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->dir), -EINVAL);
	assert_non_null(strstr(fx->ctx.err, "not a regular file"));
	assert_int_equal(access(fx->out, F_OK), -1);
}

/* kexec -s takes at most 4 GiB; a sparse file tells without using disk. */
static void test_size_bound(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(truncate(fx->in, KH_INITRD_MAX + 1), 0);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), -EFBIG);
	assert_non_null(strstr(fx->ctx.err, fx->in));
	/* Fits alone, not with the blob in front: refused before writing. */
	assert_int_equal(truncate(fx->in, KH_INITRD_MAX - 512), 0);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), -EFBIG);
	assert_non_null(strstr(fx->ctx.err, fx->out));
	assert_int_equal(access(fx->out, F_OK), -1);
}

static void test_empty_initrd(void **state)
{
	struct fx *fx = *state;
	unsigned char a[4096], *o;
	struct kh_cpio c;
	size_t len;

	assert_int_equal(truncate(fx->in, 0), 0);
	assert_int_equal(kh_initrd_assemble(&fx->ctx, fx->out, fx->blob1,
					    fx->len1, fx->in), 0);
	kh_cpio_init(&c, a, sizeof(a));
	assert_int_equal(kh_cpio_handoff(&c, fx->blob1, fx->len1), 0);
	o = slurp(fx->out, &len);
	assert_int_equal(len, c.len);
	assert_memory_equal(o, a, len);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace_blob, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_extra_archive, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuse_later_blob, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_keep_neighbours, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_size_bound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_initrd, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
