// SPDX-License-Identifier: GPL-2.0-only
/*
 * blob_walk.c - visit every node of a checked blob in order
 */
#include "blob_walk.h"

#define CALL(v, fn, ...) do { if ((v)->fn) (v)->fn(__VA_ARGS__); } while (0)

static int end_of_list(int off)
{
	return off == -HANDOFF_ERR_NOTFOUND ? 0 : off;
}

static int walk_scsi(const void *blob, const struct kh_blob_visitor *v,
		     void *arg)
{
	struct handoff_scsi_host host;
	struct handoff_scsi_dev dev;
	int h, d, err;

	for (h = handoff_scsi_host_first(blob); h >= 0;
	     h = handoff_scsi_host_next(blob, h)) {
		err = handoff_get_scsi_host(blob, h, &host);
		if (err)
			return err;
		CALL(v, host_begin, arg, &host);
		for (d = handoff_scsi_dev_first(blob, h); d >= 0;
		     d = handoff_scsi_dev_next(blob, d)) {
			err = handoff_get_scsi_dev(blob, d, &dev);
			if (err)
				return err;
			CALL(v, scsi_dev, arg, &dev);
		}
		if (end_of_list(d))
			return d;
		CALL(v, host_end, arg);
	}
	return end_of_list(h);
}

static int walk_ata(const void *blob, const struct kh_blob_visitor *v,
		    void *arg)
{
	struct handoff_ata_port port;
	struct handoff_ata_dev dev;
	int p, d, err;

	for (p = handoff_ata_port_first(blob); p >= 0;
	     p = handoff_ata_port_next(blob, p)) {
		err = handoff_get_ata_port(blob, p, &port);
		if (err)
			return err;
		CALL(v, port_begin, arg, &port);
		for (d = handoff_ata_dev_first(blob, p); d >= 0;
		     d = handoff_ata_dev_next(blob, d)) {
			err = handoff_get_ata_dev(blob, d, &dev);
			if (err)
				return err;
			CALL(v, ata_dev, arg, &dev);
		}
		if (end_of_list(d))
			return d;
		CALL(v, port_end, arg);
	}
	return end_of_list(p);
}

static int walk_groups(const void *blob, const struct kh_blob_visitor *v,
		       void *arg)
{
	struct handoff_group group;
	int n, i = 0, err;

	for (n = handoff_group_first(blob); n >= 0;
	     n = handoff_group_next(blob, n)) {
		err = handoff_get_group(blob, n, &group);
		if (err)
			return err;
		CALL(v, group, arg, i++, &group);
	}
	return end_of_list(n);
}

static int walk_store(const void *blob, const struct kh_blob_visitor *v,
		      void *arg)
{
	struct handoff_store store;
	struct handoff_image image;
	int n, err;

	err = handoff_get_store(blob, &store);
	if (err == -HANDOFF_ERR_NOTFOUND) {
		CALL(v, section_begin, arg, KH_SEC_STORE, NULL);
		return 0;
	}
	if (err)
		return err;
	CALL(v, section_begin, arg, KH_SEC_STORE, &store);
	for (n = handoff_image_first(blob); n >= 0;
	     n = handoff_image_next(blob, n)) {
		err = handoff_get_image(blob, n, &image);
		if (err)
			return err;
		CALL(v, image, arg, &image);
	}
	return end_of_list(n);
}

int kh_blob_walk(const void *blob, int size, const struct kh_blob_visitor *v,
		 void *arg)
{
	int (*const walkers[])(const void *, const struct kh_blob_visitor *,
			       void *) = { walk_scsi, walk_ata, walk_groups };
	struct handoff_info info;
	int err, sec;

	err = handoff_get_info(blob, &info);
	if (err)
		return err;
	CALL(v, info, arg, &info, size);
	for (sec = KH_SEC_SCSI; sec <= KH_SEC_PROC; sec++) {
		CALL(v, section_begin, arg, sec, NULL);
		err = walkers[sec](blob, v, arg);
		if (err)
			return err;
		CALL(v, section_end, arg, sec);
	}
	err = walk_store(blob, v, arg);
	if (err)
		return err;
	CALL(v, section_end, arg, KH_SEC_STORE);
	return 0;
}
