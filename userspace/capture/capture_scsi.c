// SPDX-License-Identifier: GPL-2.0-only
/*
 * capture_scsi.c - SCSI hosts and their devices, from sysfs
 *
 * Hosts are the entries of class/scsi_host; devices are the H:C:T:L
 * entries of bus/scsi/devices whose H is the host's number (that directory
 * also lists hosts and targets, which are skipped). All hosts are read
 * first, because a host's ordinal depends on the hosts before it; then each
 * host's devices are read in full before anything of that host is written,
 * so a device that cannot be read leaves the whole host out (capture.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "ident.h"

struct host_ {
	unsigned int number;		/* N of hostN */
	int ok;				/* read completely */
	char proc_name[HANDOFF_STR_MAX + 1];
	char parent[HANDOFF_STR_MAX + 1];
	uint32_t ordinal;
};

struct dev_ {
	struct handoff_scsi_dev d;	/* its strings point below */
	char name[64];			/* H:C:T:L */
	char vendor[64], model[64], rev[64];
	char serial[HANDOFF_STR_MAX + 1];
	char wwid[HANDOFF_STR_MAX + 1];
};

static int read_host_(struct kh_capture *cap, const char *name,
		      struct host_ *h)
{
	char dir[PATH_MAX];
	int end = 0, err;

	if (sscanf(name, "host%u%n", &h->number, &end) != 1 || name[end])
		return kh_fail(cap->fs.ctx, -EINVAL,
			       "%s/class/scsi_host/%s: not a host name",
			       cap->fs.ctx->sysfs, name);
	err = kh_sysfs_class_device(&cap->fs, dir, sizeof(dir), "scsi_host",
				    name);
	if (!err)
		err = kh_sysfs_read_str(&cap->fs, h->proc_name,
					sizeof(h->proc_name), KH_TRIM_BLANKS,
					"%s/scsi_host/%s/proc_name", dir, name);
	if (err == 0)
		err = kh_fail(cap->fs.ctx, -EINVAL,
			      "%s/%s/scsi_host/%s/proc_name: empty",
			      cap->fs.ctx->sysfs, dir, name);
	if (err > 0 && !kh_ident_is_printable(h->proc_name))
		err = kh_fail(cap->fs.ctx, -EILSEQ,
			      "%s/%s/scsi_host/%s/proc_name: not printable ASCII",
			      cap->fs.ctx->sysfs, dir, name);
	if (err > 0)
		err = kh_ident_parent(cap->fs.ctx, dir, h->parent,
				      sizeof(h->parent));
	h->ok = !err;
	return err;
}

/* Read every host, then number those of one driver and parent. */
static int read_hosts_(struct kh_capture *cap, const struct kh_sysfs_dir *ls,
		       struct host_ *hosts)
{
	struct kh_ident *ids;
	char what[NAME_MAX + 16];
	size_t i;
	int err;

	ids = calloc(ls->n, sizeof(*ids));
	if (!ids)
		return kh_fail(cap->fs.ctx, -ENOMEM, "out of memory");
	for (i = 0; i < ls->n; i++) {
		err = read_host_(cap, ls->names[i], &hosts[i]);
		snprintf(what, sizeof(what), "SCSI host %s", ls->names[i]);
		if (err)
			err = kh_capture_left_out_(cap, what, err);
		if (err)
			goto out_free_ids;
		if (hosts[i].ok)
			ids[i] = (struct kh_ident){ hosts[i].proc_name,
						    hosts[i].parent };
	}
	for (i = 0; i < ls->n; i++)
		hosts[i].ordinal = kh_ident_ordinal(ids, i);
out_free_ids:
	free(ids);
	return err;
}

/*
 * Whether @name is H:C:T:L of host @host; fills @d's address if so. Only
 * the canonical spelling counts, so no device is seen twice.
 */
static int is_dev_of_(const char *name, unsigned int host,
		      struct handoff_scsi_dev *d)
{
	unsigned long long lun;
	unsigned int h;
	char want[64];

	if (sscanf(name, "%u:%u:%u:%llu", &h, &d->channel, &d->id, &lun) != 4)
		return 0;
	snprintf(want, sizeof(want), "%u:%u:%u:%llu", h, d->channel, d->id,
		 lun);
	d->lun = lun;
	return h == host && !strcmp(name, want);
}

static int read_serial_(struct kh_capture *cap, const char *dir,
			struct dev_ *dev)
{
	const unsigned char *p;
	void *data;
	size_t len, n;
	int err;

	err = kh_sysfs_read_bin(&cap->fs, &data, &len, "%s/vpd_pg80", dir);
	if (err)
		return err;
	p = data;
	if (len < 4 || p[1] != 0x80) {
		err = kh_fail(cap->fs.ctx, -EINVAL,
			      "%s/%s/vpd_pg80: not VPD page 0x80",
			      cap->fs.ctx->sysfs, dir);
		goto out_free;
	}
	/* The device says how long the serial is; believe only what is here. */
	n = p[3] < len - 4 ? p[3] : len - 4;
	err = kh_ident_string(p + 4, n, dev->serial, sizeof(dev->serial));
	if (err < 0)
		err = kh_fail(cap->fs.ctx, err,
			      "%s/%s/vpd_pg80: serial is not printable ASCII",
			      cap->fs.ctx->sysfs, dir);
out_free:
	free(data);
	if (err < 0)
		dev->serial[0] = '\0';
	return err < 0 ? err : 0;
}

/*
 * Peripheral types the sd driver handles: disk, RBC, host-managed zoned.
 * Other block devices report placeholders rather than sizes (sr shows
 * 0x1fffff sectors for a drive without media), so only these are recorded.
 */
static int has_capacity_(uint32_t type)
{
	return type == 0x00 || type == 0x0e || type == 0x14;
}

static int read_capacity_(struct kh_capture *cap, const char *dir,
			  struct dev_ *dev)
{
	struct kh_sysfs_dir ls;
	int err;

	if (!has_capacity_(dev->d.type))
		return 0;
	err = kh_sysfs_list(&cap->fs, &ls, "%s/block", dir);
	if (err)
		return err;
	if (ls.n)
		err = kh_sysfs_read_u64(&cap->fs, &dev->d.capacity,
					"%s/block/%s/size", dir, ls.names[0]);
	kh_sysfs_dir_free(&ls);
	if (err)
		dev->d.capacity = 0;
	return err;
}

static int read_optional_(struct kh_capture *cap, const char *dir,
			  struct dev_ *dev)
{
	int err;

	err = kh_capture_optional_(cap, read_serial_(cap, dir, dev));
	if (!err) {
		err = kh_sysfs_read_str(&cap->fs, dev->wwid, sizeof(dev->wwid),
					KH_TRIM_NEWLINE, "%s/wwid", dir);
		if (err >= 0 && !kh_ident_is_printable(dev->wwid))
			err = kh_fail(cap->fs.ctx, -EILSEQ,
				      "%s/%s/wwid: not printable ASCII",
				      cap->fs.ctx->sysfs, dir);
		if (err < 0)
			dev->wwid[0] = '\0';
		err = kh_capture_optional_(cap, err);
	}
	if (!err)
		err = kh_capture_optional_(cap, read_capacity_(cap, dir, dev));
	return err;
}

static int read_dev_(struct kh_capture *cap, struct dev_ *dev)
{
	char dir[PATH_MAX];
	uint64_t type;
	int err;

	err = kh_sysfs_resolve(&cap->fs, dir, sizeof(dir), "bus/scsi/devices/%s",
			       dev->name);
	if (!err)
		err = kh_sysfs_read_u64(&cap->fs, &type, "%s/type", dir);
	if (!err && type > 0x1f)
		err = kh_fail(cap->fs.ctx, -EINVAL, "%s/%s/type: %llu is no device type",
			      cap->fs.ctx->sysfs, dir, (unsigned long long)type);
	if (!err)
		err = kh_sysfs_read_str(&cap->fs, dev->vendor, sizeof(dev->vendor),
					KH_TRIM_FIELD, "%s/vendor", dir);
	if (err >= 0)
		err = kh_sysfs_read_str(&cap->fs, dev->model, sizeof(dev->model),
					KH_TRIM_FIELD, "%s/model", dir);
	if (err >= 0)
		err = kh_sysfs_read_str(&cap->fs, dev->rev, sizeof(dev->rev),
					KH_TRIM_FIELD, "%s/rev", dir);
	if (err < 0)
		return err;
	dev->d.type = (uint32_t)type;
	return read_optional_(cap, dir, dev);
}

/* Point each device's strings at its own buffers, empty ones at NULL. */
static void finish_dev_(struct dev_ *dev)
{
	dev->d.vendor = dev->vendor;
	dev->d.model = dev->model;
	dev->d.rev = dev->rev;
	dev->d.serial = dev->serial[0] ? dev->serial : NULL;
	dev->d.wwid = dev->wwid[0] ? dev->wwid : NULL;
}

static int add_host_(struct kh_capture *cap, const struct host_ *h,
		     const struct dev_ *devs, size_t n)
{
	struct handoff_scsi_host host = { h->proc_name, h->parent, h->ordinal };
	char what[96];
	size_t i;
	int err;

	snprintf(what, sizeof(what), "SCSI host host%u", h->number);
	err = handoff_add_scsi_host(cap->b, &host);
	if (err < 0)
		return kh_capture_add_failed_(cap, err, what);
	cap->hosts++;
	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "SCSI device %s", devs[i].name);
		err = handoff_add_scsi_dev(cap->b, &devs[i].d);
		if (err < 0)
			return kh_capture_add_failed_(cap, err, what);
		cap->scsi_devs++;
	}
	return 0;
}

static int capture_host_(struct kh_capture *cap, const struct host_ *h,
			 const struct kh_sysfs_dir *ls)
{
	struct handoff_scsi_dev probe;
	struct dev_ *devs;
	char what[64];
	size_t i, n = 0;
	int err = 0;

	for (i = 0; i < ls->n; i++)
		n += is_dev_of_(ls->names[i], h->number, &probe);
	devs = calloc(n ? n : 1, sizeof(*devs));
	if (!devs)
		return kh_fail(cap->fs.ctx, -ENOMEM, "out of memory");
	for (i = 0, n = 0; !err && i < ls->n; i++) {
		if (!is_dev_of_(ls->names[i], h->number, &probe))
			continue;
		devs[n].d.channel = probe.channel;
		devs[n].d.id = probe.id;
		devs[n].d.lun = probe.lun;
		snprintf(devs[n].name, sizeof(devs[n].name), "%s", ls->names[i]);
		err = read_dev_(cap, &devs[n]);
		finish_dev_(&devs[n++]);
	}
	snprintf(what, sizeof(what), "SCSI host host%u", h->number);
	if (err)
		err = kh_capture_left_out_(cap, what, err);
	else
		err = add_host_(cap, h, devs, n);
	free(devs);
	return err;
}

int kh_capture_scsi_(struct kh_capture *cap)
{
	struct kh_sysfs_dir hosts, devs;
	struct host_ *h;
	size_t i;
	int err;

	err = kh_sysfs_list(&cap->fs, &hosts, "class/scsi_host");
	if (err)
		return err == -ENOENT ? 0 : err;
	err = kh_sysfs_list(&cap->fs, &devs, "bus/scsi/devices");
	if (err && err != -ENOENT)
		goto out_free_hosts;
	h = calloc(hosts.n ? hosts.n : 1, sizeof(*h));
	err = h ? read_hosts_(cap, &hosts, h) :
		  kh_fail(cap->fs.ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < hosts.n; i++)
		if (h[i].ok)
			err = capture_host_(cap, &h[i], &devs);
	free(h);
	kh_sysfs_dir_free(&devs);
out_free_hosts:
	kh_sysfs_dir_free(&hosts);
	return err;
}
