// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * make-seeds.c - write the seed corpus of fuzz_blob
 *
 * Valid blobs of several shapes, and damaged ones that each stop at a
 * different check. The damaged ones that are resealed after the damage
 * matter most: random mutations almost never keep a CRC right, so these
 * are how the fuzzer starts out past the checksum.
 *
 * usage: make-seeds DIR
 *   cc -std=c11 -Ihandoff -Ihandoff/tests -o make-seeds \
 *	handoff/fuzz/make-seeds.c handoff/handoff_*.c -lfdt
 *   ./make-seeds handoff/fuzz/corpus/fuzz_blob
 * handoff/tests/seed-corpus.test checks the committed files are current.
 * Exit status: 0 written, 1 a blob could not be made, 2 bad usage or I/O.
 */
#include <stdio.h>

#include "blob_fixture.h"
#include "handoff_internal.h"

#define SEED_BUF	16384

/* Blobs must be 8-byte aligned. */
union seed_buf {
	uint64_t align;
	char b[SEED_BUF];
};

static int write_seed(const char *dir, const char *name, const void *buf,
		      size_t len)
{
	char path[4096];
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return 2;
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 2;
	}
	if (fwrite(buf, 1, len, f) != len) {
		perror(path);
		fclose(f);
		return 2;
	}
	if (fclose(f)) {
		perror(path);
		return 2;
	}
	return 0;
}

/*
 * Build @fx; if there is an @edit, apply it in libfdt's read-write layout,
 * pack the result and seal it again.
 */
static int make_blob(const struct fixture *fx, union seed_buf *out,
		     int (*edit)(void *blob))
{
	union seed_buf tmp;
	int size = fixture_build(fx, tmp.b, sizeof(tmp.b));

	if (size < 0)
		return size;
	if (!edit) {
		memcpy(out->b, tmp.b, (size_t)size);
		return size;
	}
	if (fdt_open_into(tmp.b, out->b, sizeof(out->b)))
		return -HANDOFF_ERR_INTERNAL;
	if (edit && edit(out->b))
		return -HANDOFF_ERR_INTERNAL;
	if (fdt_pack(out->b) || handoff_seal(out->b, sizeof(out->b)))
		return -HANDOFF_ERR_INTERNAL;
	return (int)fdt_totalsize(out->b);
}

/* Unknown nodes and properties where a newer writer might put them. */
static int add_unknown(void *blob)
{
	int scsi = fdt_path_offset(blob, "/scsi");
	int host = fdt_path_offset(blob, "/scsi/host-0");

	if (scsi < 0 || host < 0)
		return -1;
	if (fdt_add_subnode(blob, scsi, "bus-0") < 0 ||
	    fdt_setprop_string(blob, host, "x-speed", "fast") ||
	    fdt_add_subnode(blob, 0, "future") < 0)
		return -1;
	return 0;
}

static int newer_minor(void *blob)
{
	fdt32_t v[2] = { cpu_to_fdt32(HANDOFF_VERSION_MAJOR), cpu_to_fdt32(3) };

	return fdt_setprop(blob, 0, "version", v, sizeof(v));
}

static int newer_major(void *blob)
{
	fdt32_t v[2] = { cpu_to_fdt32(HANDOFF_VERSION_MAJOR + 1), 0 };

	return fdt_setprop(blob, 0, "version", v, sizeof(v));
}

static int short_ordinal(void *blob)
{
	int host = fdt_path_offset(blob, "/scsi/host-0");

	return host < 0 ? host : fdt_setprop(blob, host, "ordinal", "\0\1", 2);
}

static int no_image_crc(void *blob)
{
	int image = fdt_path_offset(blob, "/store/image-1");

	return image < 0 ? image : fdt_delprop(blob, image, HANDOFF_CRC_PROP);
}

static int bad_link(void *blob)
{
	int port = fdt_path_offset(blob, "/ata/port-1");

	return port < 0 ? port : fdt_setprop_string(blob, port, "link", "?");
}

/* Nodes nested one level deeper than a reader accepts. */
static int too_deep(void *blob)
{
	int node = 0, depth;

	for (depth = 1; depth <= HANDOFF_MAX_DEPTH && node >= 0; depth++)
		node = fdt_add_subnode(blob, node, "x");
	return node < 0 ? node : 0;
}

/* A kind of store this reader does not know: only the kernel accepts. */
static int unknown_store(void *blob)
{
	int store = fdt_path_offset(blob, "/store");

	return store < 0 ? store : fdt_setprop_string(blob, store, "type",
						      "tape");
}

struct seed {
	const char *name;
	void (*fixture)(struct fixture *fx);
	int (*edit)(void *blob);
};

static void fixture_bare(struct fixture *fx)
{
	fixture_full(fx);
	fx->host[0].dev[0].serial = NULL;
	fx->host[0].dev[0].wwid = NULL;
	fx->host[0].dev[0].capacity = 0;
	fx->port[0].p.sata_spd = NULL;
	fx->nimage = 0;
	fx->store = (struct handoff_store){ .type = "initrd", .size = 0 };
}

static const struct seed seeds[] = {
	{ "valid-full.dtb", fixture_full, NULL },
	{ "valid-minimal.dtb", fixture_minimal, NULL },
	{ "valid-bare.dtb", fixture_bare, NULL },
	{ "valid-unknown.dtb", fixture_full, add_unknown },
	{ "valid-newer-minor.dtb", fixture_full, newer_minor },
	{ "bad-newer-major.dtb", fixture_full, newer_major },
	{ "bad-short-ordinal.dtb", fixture_full, short_ordinal },
	{ "bad-missing-crc.dtb", fixture_full, no_image_crc },
	{ "bad-link.dtb", fixture_bare, bad_link },
	{ "bad-too-deep.dtb", fixture_minimal, too_deep },
	{ "kernel-only-unknown-store.dtb", fixture_full, unknown_store },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/* Damage that breaks the envelope: a flipped bit, a cut-off tail. */
static int write_unsealed(const char *dir)
{
	union seed_buf bb;
	struct fixture fx;
	int size, err;

	fixture_full(&fx);
	size = make_blob(&fx, &bb, NULL);
	if (size < 0)
		return 1;
	err = write_seed(dir, "bad-truncated.dtb", bb.b, (size_t)size - 16);
	bb.b[size / 2] ^= 0x10;
	if (!err)
		err = write_seed(dir, "bad-checksum.dtb", bb.b, (size_t)size);
	return err;
}

int main(int argc, char **argv)
{
	union seed_buf bb;
	struct fixture fx;
	size_t i;
	int size, err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; !err && i < COUNT(seeds); i++) {
		seeds[i].fixture(&fx);
		size = make_blob(&fx, &bb, seeds[i].edit);
		if (size < 0) {
			fprintf(stderr, "%s: %s\n", seeds[i].name,
				handoff_strerror(size));
			return 1;
		}
		err = write_seed(argv[1], seeds[i].name, bb.b, (size_t)size);
	}
	return err ? err : write_unsealed(argv[1]);
}
