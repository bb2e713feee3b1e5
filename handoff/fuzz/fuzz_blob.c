// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * fuzz_blob.c - libFuzzer target for the blob reader
 *
 * The input is copied into a heap buffer of exactly its size (malloc
 * aligns to 16 bytes, and AddressSanitizer then catches any read past the
 * end) and checked twice: as it is, which mostly exercises the envelope
 * checks, and again after sealing it with its own CRC, so that mutations
 * get past the checksum into the structure and property checks.
 *
 * The reader runs over the kernel's libfdt, as in the kernel. Whenever
 * handoff_check_full() (the kernel's check) accepts, an independent
 * libfdt must agree: the kernel's copy has no fdt_check_full(), so it is
 * Debian's, linked with its symbols renamed oracle_fdt_*
 * (tests/fuzz-libfdt). Then every storage node is read with every getter;
 * whenever handoff_check_user() accepts, which it may only do for a blob
 * the kernel's check accepts with the same size, the process and store
 * nodes are read too. handoff.h promises these getters cannot fail on a
 * checked blob and that strings point into the blob; a broken promise
 * traps, as does a reader that writes to its const input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handoff.h"

/* Debian's libfdt, renamed so that it does not stand in for the kernel's. */
int oracle_fdt_check_full(const void *fdt, size_t bufsize);

#define require(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

struct blob {
	const char *base;
	size_t total;
};

/* A string the reader handed out: inside the blob, bounded, NUL-ended. */
static void check_str_(const struct blob *b, const char *s, int optional)
{
	const char *end;

	if (!s) {
		require(optional);
		return;
	}
	require(s >= b->base && s < b->base + b->total);
	end = memchr(s, '\0', (size_t)(b->base + b->total - s));
	require(end != NULL);
	require(end - s <= HANDOFF_STR_MAX);
}

/* An iterator ran out properly; the code has a name. */
static void check_end_(int end)
{
	require(end == -HANDOFF_ERR_NOTFOUND);
	require(handoff_strerror(end) != NULL);
}

static void walk_scsi_dev_(const struct blob *b, int node)
{
	struct handoff_scsi_dev d;
	struct handoff_ata_port wrong;

	require(handoff_get_scsi_dev(b->base, node, &d) == 0);
	check_str_(b, d.vendor, 0);
	check_str_(b, d.model, 0);
	check_str_(b, d.rev, 0);
	check_str_(b, d.serial, 1);
	check_str_(b, d.wwid, 1);
	require(handoff_get_ata_port(b->base, node, &wrong) ==
		-HANDOFF_ERR_BADOFFSET);
}

static void walk_scsi_(const struct blob *b)
{
	struct handoff_scsi_host h;
	int host, dev;

	for (host = handoff_scsi_host_first(b->base); host >= 0;
	     host = handoff_scsi_host_next(b->base, host)) {
		require(handoff_get_scsi_host(b->base, host, &h) == 0);
		check_str_(b, h.proc_name, 0);
		check_str_(b, h.parent, 0);
		require(h.proc_name[0] && h.parent[0]);
		for (dev = handoff_scsi_dev_first(b->base, host); dev >= 0;
		     dev = handoff_scsi_dev_next(b->base, dev))
			walk_scsi_dev_(b, dev);
		check_end_(dev);
	}
	check_end_(host);
}

static void walk_ata_dev_(const struct blob *b, int node)
{
	struct handoff_ata_dev d;
	struct handoff_group wrong;

	require(handoff_get_ata_dev(b->base, node, &d) == 0);
	check_str_(b, d.class, 0);
	check_str_(b, d.model, 0);
	check_str_(b, d.serial, 1);
	check_str_(b, d.firmware, 1);
	require(handoff_get_group(b->base, node, &wrong) ==
		-HANDOFF_ERR_BADOFFSET);
}

static void walk_ata_(const struct blob *b)
{
	struct handoff_ata_port p;
	int port, dev;

	for (port = handoff_ata_port_first(b->base); port >= 0;
	     port = handoff_ata_port_next(b->base, port)) {
		require(handoff_get_ata_port(b->base, port, &p) == 0);
		check_str_(b, p.driver, 0);
		check_str_(b, p.parent, 0);
		check_str_(b, p.sata_spd, 1);
		require(p.link == HANDOFF_LINK_UP ||
			p.link == HANDOFF_LINK_DOWN);
		for (dev = handoff_ata_dev_first(b->base, port); dev >= 0;
		     dev = handoff_ata_dev_next(b->base, dev))
			walk_ata_dev_(b, dev);
		check_end_(dev);
	}
	check_end_(port);
}

static void walk_store_(const struct blob *b)
{
	struct handoff_store s;
	struct handoff_image im;
	int err, node;

	err = handoff_get_store(b->base, &s);
	require(err == 0 || err == -HANDOFF_ERR_NOTFOUND);
	if (!err) {
		check_str_(b, s.type, 0);
		check_str_(b, s.device, 1);
		check_str_(b, s.memmap, 1);
	}
	for (node = handoff_image_first(b->base); node >= 0;
	     node = handoff_image_next(b->base, node)) {
		require(err == 0);
		require(handoff_get_image(b->base, node, &im) == 0);
		check_str_(b, im.name, 0);
	}
	check_end_(node);
}

static void walk_processes_(const struct blob *b)
{
	struct handoff_group g;
	struct handoff_scsi_host wrong;
	int node;

	for (node = handoff_group_first(b->base); node >= 0;
	     node = handoff_group_next(b->base, node)) {
		require(handoff_get_group(b->base, node, &g) == 0);
		check_str_(b, g.comm, 0);
		check_str_(b, g.images, 0);
		require(!(g.flags & ~(uint32_t)HANDOFF_GROUP_TCP_ESTABLISHED));
		require(handoff_get_scsi_host(b->base, node, &wrong) ==
			-HANDOFF_ERR_BADOFFSET);
	}
	check_end_(node);
	walk_store_(b);
}

/* @buf passed handoff_check_full() with result @total: read storage. */
static void walk_(const char *buf, int total)
{
	struct blob b = { buf, (size_t)total };
	struct handoff_info info;

	require(total > 0 && total <= HANDOFF_MAX_SIZE);
	require(handoff_check_header(buf, (size_t)total) == total);
	/*
	 * The reader walks the structure itself (the kernel's libfdt has no
	 * fdt_check_full()); whatever it accepts, libfdt must accept too.
	 */
	require(oracle_fdt_check_full(buf, (size_t)total) == 0);
	require(handoff_check_full(buf, (size_t)total - 1) ==
		-HANDOFF_ERR_TRUNCATED);
	require(handoff_get_info(buf, &info) == 0);
	require(info.version_major == HANDOFF_VERSION_MAJOR);
	check_str_(&b, info.kernel_release, 0);
	check_str_(&b, info.boot_id, 0);
	walk_scsi_(&b);
	walk_ata_(&b);
}

/*
 * Check @buf, which must stay equal to @orig, both ways; walk what each
 * check accepted.
 */
static int check_(const char *buf, size_t size, const void *orig)
{
	int ret = handoff_check_full(buf, size);
	int user = handoff_check_user(buf, size);
	struct blob b = { buf, (size_t)(ret > 0 ? ret : 0) };

	require(handoff_strerror(ret) != NULL);
	require(handoff_strerror(user) != NULL);
	require(ret <= 0 || (size_t)ret <= size);
	require(ret != -HANDOFF_ERR_INTERNAL && ret != -HANDOFF_ERR_BADVALUE);
	require(user != -HANDOFF_ERR_INTERNAL && user != -HANDOFF_ERR_BADVALUE);
	require(ret <= 0 ? user == ret : user <= 0 || user == ret);
	require(!memcmp(buf, orig, size));
	if (ret > 0)
		walk_(buf, ret);
	if (user > 0)
		walk_processes_(&b);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	char *sealed = malloc(size ? size : 1);
	int raw;

	require(buf && sealed);
	memcpy(buf, data, size);
	raw = check_(buf, size, data);
	if (handoff_seal(buf, size) == 0) {
		/* A blob that passed was sealed already: nothing may change. */
		require(raw <= 0 || !memcmp(buf, data, size));
		memcpy(sealed, buf, size);
		check_(buf, size, sealed);
	}
	free(sealed);
	free(buf);
	return 0;
}
