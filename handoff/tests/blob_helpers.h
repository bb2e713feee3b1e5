/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * blob_helpers.h - cmocka helpers shared by the handoff/ unit tests
 *
 * Building the fixture blob, editing a blob with libfdt's read-write
 * functions the way a damaged or newer writer would, and comparing what
 * the getters return against the fixture, field by field. Each test is
 * compiled alone, so everything here is static inline.
 */
#ifndef BLOB_HELPERS_H
#define BLOB_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "handoff.h"
#include "blob_fixture.h"

/* Room for the full fixture plus whatever a test adds to it. */
#define BLOB_BUF_SIZE	16384

/* Blobs must be 8-byte aligned; a plain char array need not be. */
union blob_buf {
	uint64_t align;
	unsigned char b[BLOB_BUF_SIZE];
};

/* A call must fail with exactly HANDOFF_ERR_@code. */
#define assert_err(expr, code)	assert_int_equal((expr), -(code))

/* Both absent, or both present and equal. */
static inline void assert_str_or_null(const char *got, const char *want)
{
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

/* Build @fx into @bb; the blob must be accepted as is. */
static inline int build_checked(const struct fixture *fx, union blob_buf *bb)
{
	int size = fixture_build(fx, bb->b, sizeof(bb->b));

	assert_true(size > 0);
	assert_int_equal(handoff_check_user(bb->b, (size_t)size), size);
	return size;
}

/*
 * Build @fx and lay it out in @rw for libfdt's read-write functions, with
 * the whole buffer as free space, ready for a test to damage or extend.
 */
static inline void build_rw(const struct fixture *fx, union blob_buf *rw)
{
	union blob_buf tmp;

	build_checked(fx, &tmp);
	assert_int_equal(fdt_open_into(tmp.b, rw->b, sizeof(rw->b)), 0);
}

static inline void full_rw(union blob_buf *rw)
{
	struct fixture fx;

	fixture_full(&fx);
	build_rw(&fx, rw);
}

static inline int node_at(const void *blob, const char *path)
{
	int off = fdt_path_offset(blob, path);

	assert_true(off >= 0);
	return off;
}

/* After an in-place edit: fix the CRC, then run the reader's check. */
static inline int reseal_check(union blob_buf *bb)
{
	assert_int_equal(handoff_seal(bb->b, sizeof(bb->b)), 0);
	return handoff_check_user(bb->b, sizeof(bb->b));
}

static inline void assert_info_equal(const struct handoff_info *got,
				     const struct handoff_info *want)
{
	assert_int_equal(got->version_major, want->version_major);
	assert_int_equal(got->version_minor, want->version_minor);
	assert_str_or_null(got->kernel_release, want->kernel_release);
	assert_str_or_null(got->boot_id, want->boot_id);
	assert_int_equal(got->created, want->created);
}

static inline void assert_scsi_dev_equal(const struct handoff_scsi_dev *got,
					 const struct handoff_scsi_dev *want)
{
	assert_int_equal(got->channel, want->channel);
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->lun, want->lun);
	assert_int_equal(got->type, want->type);
	assert_str_or_null(got->vendor, want->vendor);
	assert_str_or_null(got->model, want->model);
	assert_str_or_null(got->rev, want->rev);
	assert_str_or_null(got->serial, want->serial);
	assert_str_or_null(got->wwid, want->wwid);
	assert_int_equal(got->capacity, want->capacity);
}

static inline void assert_ata_port_equal(const struct handoff_ata_port *got,
					 const struct handoff_ata_port *want)
{
	assert_str_or_null(got->driver, want->driver);
	assert_str_or_null(got->parent, want->parent);
	assert_int_equal(got->port, want->port);
	assert_int_equal(got->link, want->link);
	assert_str_or_null(got->sata_spd, want->sata_spd);
}

static inline void assert_ata_dev_equal(const struct handoff_ata_dev *got,
					const struct handoff_ata_dev *want)
{
	assert_int_equal(got->devno, want->devno);
	assert_str_or_null(got->class, want->class);
	assert_str_or_null(got->model, want->model);
	assert_str_or_null(got->serial, want->serial);
	assert_str_or_null(got->firmware, want->firmware);
	assert_int_equal(got->sectors, want->sectors);
}

static inline void assert_image_equal(const struct handoff_image *got,
				      const struct handoff_image *want)
{
	assert_str_or_null(got->name, want->name);
	assert_int_equal(got->group, want->group);
	assert_int_equal(got->offset, want->offset);
	assert_int_equal(got->size, want->size);
	assert_int_equal(got->crc32c, want->crc32c);
}

static inline void assert_scsi_matches(const void *blob,
				       const struct fixture *fx)
{
	struct handoff_scsi_host host;
	struct handoff_scsi_dev dev;
	int h, d, i = 0, j;

	for (h = handoff_scsi_host_first(blob); h >= 0;
	     h = handoff_scsi_host_next(blob, h), i++) {
		assert_true(i < fx->nhost);
		assert_int_equal(handoff_get_scsi_host(blob, h, &host), 0);
		assert_string_equal(host.proc_name, fx->host[i].h.proc_name);
		assert_string_equal(host.parent, fx->host[i].h.parent);
		assert_int_equal(host.ordinal, fx->host[i].h.ordinal);
		j = 0;
		for (d = handoff_scsi_dev_first(blob, h); d >= 0;
		     d = handoff_scsi_dev_next(blob, d), j++) {
			assert_true(j < fx->host[i].ndev);
			assert_int_equal(handoff_get_scsi_dev(blob, d, &dev),
					 0);
			assert_scsi_dev_equal(&dev, &fx->host[i].dev[j]);
		}
		assert_err(d, HANDOFF_ERR_NOTFOUND);
		assert_int_equal(j, fx->host[i].ndev);
	}
	assert_err(h, HANDOFF_ERR_NOTFOUND);
	assert_int_equal(i, fx->nhost);
}

static inline void assert_ata_matches(const void *blob,
				      const struct fixture *fx)
{
	struct handoff_ata_port port;
	struct handoff_ata_dev dev;
	int p, d, i = 0, j;

	for (p = handoff_ata_port_first(blob); p >= 0;
	     p = handoff_ata_port_next(blob, p), i++) {
		assert_true(i < fx->nport);
		assert_int_equal(handoff_get_ata_port(blob, p, &port), 0);
		assert_ata_port_equal(&port, &fx->port[i].p);
		j = 0;
		for (d = handoff_ata_dev_first(blob, p); d >= 0;
		     d = handoff_ata_dev_next(blob, d), j++) {
			assert_true(j < fx->port[i].ndev);
			assert_int_equal(handoff_get_ata_dev(blob, d, &dev), 0);
			assert_ata_dev_equal(&dev, &fx->port[i].dev[j]);
		}
		assert_err(d, HANDOFF_ERR_NOTFOUND);
		assert_int_equal(j, fx->port[i].ndev);
	}
	assert_err(p, HANDOFF_ERR_NOTFOUND);
	assert_int_equal(i, fx->nport);
}

static inline void assert_store_matches(const void *blob,
					const struct fixture *fx)
{
	struct handoff_store store;
	int err = handoff_get_store(blob, &store);

	if (!fx->has_store) {
		assert_err(err, HANDOFF_ERR_NOTFOUND);
		return;
	}
	assert_int_equal(err, 0);
	assert_string_equal(store.type, fx->store.type);
	assert_str_or_null(store.device, fx->store.device);
	assert_str_or_null(store.memmap, fx->store.memmap);
	assert_int_equal(store.size, fx->store.size);
}

static inline void assert_processes_match(const void *blob,
					  const struct fixture *fx)
{
	struct handoff_group group;
	struct handoff_image image;
	int n, i = 0;

	for (n = handoff_group_first(blob); n >= 0;
	     n = handoff_group_next(blob, n), i++) {
		assert_true(i < fx->ngroup);
		assert_int_equal(handoff_get_group(blob, n, &group), 0);
		assert_int_equal(group.root_pid, fx->group[i].root_pid);
		assert_string_equal(group.comm, fx->group[i].comm);
		assert_string_equal(group.images, fx->group[i].images);
		if (fx->group[i].unit)
			assert_string_equal(group.unit, fx->group[i].unit);
		else
			assert_null(group.unit);
		assert_int_equal(group.flags, fx->group[i].flags);
	}
	assert_err(n, HANDOFF_ERR_NOTFOUND);
	assert_int_equal(i, fx->ngroup);
	assert_store_matches(blob, fx);
	i = 0;
	for (n = handoff_image_first(blob); n >= 0;
	     n = handoff_image_next(blob, n), i++) {
		assert_true(i < fx->nimage);
		assert_int_equal(handoff_get_image(blob, n, &image), 0);
		assert_image_equal(&image, &fx->image[i]);
	}
	assert_err(n, HANDOFF_ERR_NOTFOUND);
	assert_int_equal(i, fx->nimage);
}

/* Everything a reader can get out of @blob is exactly @fx, in order. */
static inline void assert_blob_matches(const void *blob,
				       const struct fixture *fx)
{
	struct handoff_info info;

	assert_int_equal(handoff_get_info(blob, &info), 0);
	assert_info_equal(&info, &fx->info);
	assert_scsi_matches(blob, fx);
	assert_ata_matches(blob, fx);
	assert_processes_match(blob, fx);
}

#endif /* BLOB_HELPERS_H */
