// SPDX-License-Identifier: GPL-2.0-only
/*
 * capture_ata.c - ATA ports and their devices, from sysfs
 *
 * libata's transport classes lay a port out as
 *
 *   <controller>/ataN/                         the port (class/ata_port/ataN)
 *   <controller>/ataN/ata_port/ataN/port_no    1-based index on the controller
 *   <controller>/ataN/linkN/ata_link/linkN/sata_spd
 *   <controller>/ataN/linkN/devN.M/ata_device/devN.M/{class,id}
 *   <controller>/ataN/hostH/targetH:0:M/H:0:M:0/block/<disk>/size
 *
 * where linkN is the host link (links of a port multiplier are named
 * linkN.P and are not recorded) and M is the device number, 0 for the
 * master and 1 for a PATA slave. A device is present unless its class is
 * "none" or "unknown" (what kernels show for an empty slot once probing is
 * over); the link counts as up when a device is present or a speed was
 * negotiated.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "ident.h"

/* IDENTIFY DEVICE: 256 words; the strings end at word 46. */
#define ID_WORDS	256
#define ID_WORDS_NEEDED	47

struct ata_dev_ {
	struct handoff_ata_dev d;	/* its strings point below */
	char class[32];
	char model[41], serial[21], firmware[9];
};

struct port_ {
	struct handoff_ata_port p;	/* its strings point below */
	unsigned int number;		/* N of ataN */
	char name[NAME_MAX + 1];
	char dir[PATH_MAX];		/* the port's device directory */
	char driver[HANDOFF_STR_MAX + 1], parent[HANDOFF_STR_MAX + 1];
	char spd[32];
	struct ata_dev_ dev[2];
	unsigned int ndev;
};

/* Parse the id attribute: IDENTIFY words as hex, blank separated. */
static int parse_id_(const char *text, uint16_t *words)
{
	unsigned long v;
	char *end;
	int n = 0;

	for (;;) {
		text += strspn(text, " \t\n");
		if (!*text || n == ID_WORDS)
			break;
		v = strtoul(text, &end, 16);
		if (end == text || end - text > 4 ||
		    (*end && !strchr(" \t\n", *end)))
			return -EINVAL;
		words[n++] = (uint16_t)v;
		text = end;
	}
	return n >= ID_WORDS_NEEDED && !*text ? 0 : -EINVAL;
}

/* An IDENTIFY string: words [first, last], high byte of each word first. */
static int id_string_(const uint16_t *words, int first, int last, char *out,
		      size_t len)
{
	unsigned char raw[2 * ID_WORDS_NEEDED];
	int i, n = 0;

	for (i = first; i <= last; i++) {
		raw[n++] = (unsigned char)(words[i] >> 8);
		raw[n++] = (unsigned char)words[i];
	}
	return kh_ident_string(raw, (size_t)n, out, len);
}

/*
 * The model is required: it is what the new kernel verifies a device by.
 * Serial and firmware are left out when unusable.
 */
static int id_strings_(struct kh_capture *cap, const char *devdir,
		       const uint16_t *words, struct ata_dev_ *dev)
{
	static const struct {
		const char *what;
		int first, last;
		size_t off, len;
	} field[] = {
		{ "model", 27, 46, offsetof(struct ata_dev_, model), 41 },
		{ "serial", 10, 19, offsetof(struct ata_dev_, serial), 21 },
		{ "firmware", 23, 26, offsetof(struct ata_dev_, firmware), 9 },
	};
	char *out;
	size_t i;
	int n, err = 0;

	for (i = 0; !err && i < sizeof(field) / sizeof(field[0]); i++) {
		out = (char *)dev + field[i].off;
		n = id_string_(words, field[i].first, field[i].last, out,
			       field[i].len);
		if (n > 0 || (n == 0 && i > 0))
			continue;
		out[0] = '\0';
		err = kh_fail(cap->fs.ctx, n ? -EILSEQ : -EINVAL,
			      "%s/%s/id: %s is %s", cap->fs.ctx->sysfs, devdir,
			      field[i].what, n ? "not printable ASCII" : "empty");
		if (i > 0)
			err = kh_capture_optional_(cap, err);
	}
	return err;
}

static int read_id_(struct kh_capture *cap, const char *devdir,
		    struct ata_dev_ *dev)
{
	uint16_t *words;
	char *text;
	int err;

	text = malloc(KH_SYSFS_ATTR_MAX + 1);
	words = malloc(ID_WORDS * sizeof(*words));
	err = text && words ? 0 : kh_fail(cap->fs.ctx, -ENOMEM, "out of memory");
	if (!err)
		err = kh_sysfs_read_str(&cap->fs, text, KH_SYSFS_ATTR_MAX + 1,
					KH_TRIM_BLANKS, "%s/id", devdir);
	if (err >= 0 && parse_id_(text, words))
		err = kh_fail(cap->fs.ctx, -EINVAL,
			      "%s/%s/id: not %d or more IDENTIFY words",
			      cap->fs.ctx->sysfs, devdir, ID_WORDS_NEEDED);
	if (err >= 0)
		err = id_strings_(cap, devdir, words, dev);
	free(words);
	free(text);
	return err;
}

/* Size of the SCSI disk libata made of device @devno, or 0 if none. */
static int read_sectors_(struct kh_capture *cap, const struct port_ *port,
			 unsigned int devno, uint64_t *sectors)
{
	struct kh_sysfs_dir ls, blk = { 0 };
	char sdev[96];
	unsigned int h = 0;
	size_t i;
	int end, err;

	err = kh_sysfs_list(&cap->fs, &ls, "%s", port->dir);
	for (i = 0; !err && i < ls.n; i++) {
		end = 0;
		if (sscanf(ls.names[i], "host%u%n", &h, &end) == 1 &&
		    !ls.names[i][end])
			break;
	}
	if (!err && i == ls.n)
		err = -ENOENT;
	/* libata puts device M of a port at channel 0, target M, LUN 0. */
	snprintf(sdev, sizeof(sdev), "host%u/target%u:0:%u/%u:0:%u:0", h, h,
		 devno, h, devno);
	if (!err)
		err = kh_sysfs_list(&cap->fs, &blk, "%s/%s/block", port->dir,
				    sdev);
	if (!err && blk.n)
		err = kh_sysfs_read_u64(&cap->fs, sectors, "%s/%s/block/%s/size",
					port->dir, sdev, blk.names[0]);
	kh_sysfs_dir_free(&blk);
	kh_sysfs_dir_free(&ls);
	if (err)
		*sectors = 0;
	return err;
}

static int is_absent_(const char *class)
{
	return !strcmp(class, "none") || !strcmp(class, "unknown");
}

/* Classes a recorded device may have; anything else is unexpected. */
static int known_class_(const char *class)
{
	static const char *const known[] = { "ata", "atapi", "pmp", "semb",
					     "zac" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(class, known[i]))
			return 1;
	return 0;
}

/* Read link device @name (devN.M); a present one is added to @port. */
static int read_dev_(struct kh_capture *cap, struct port_ *port,
		     const char *name, unsigned int devno)
{
	struct ata_dev_ *dev = &port->dev[port->ndev];
	char devdir[PATH_MAX];
	int err;

	memset(dev, 0, sizeof(*dev));
	if (snprintf(devdir, sizeof(devdir), "%s/link%u/%s/ata_device/%s",
		     port->dir, port->number, name, name) >= (int)sizeof(devdir))
		return kh_fail(cap->fs.ctx, -ENAMETOOLONG, "%s/%s: name too long",
			       cap->fs.ctx->sysfs, port->dir);
	err = kh_sysfs_read_str(&cap->fs, dev->class, sizeof(dev->class),
				KH_TRIM_BLANKS, "%s/class", devdir);
	if (err == 0)
		err = kh_fail(cap->fs.ctx, -EINVAL, "%s/%s/class: empty",
			      cap->fs.ctx->sysfs, devdir);
	if (err < 0 || is_absent_(dev->class))
		return err < 0 ? err : 0;
	if (!known_class_(dev->class))
		return kh_fail(cap->fs.ctx, -EINVAL, "%s/%s/class: unknown class \"%s\"",
			       cap->fs.ctx->sysfs, devdir, dev->class);
	err = read_id_(cap, devdir, dev);
	/* Only disks: an ATAPI drive's SCSI device is sr, with no real size. */
	if (!err && (!strcmp(dev->class, "ata") || !strcmp(dev->class, "zac")))
		err = kh_capture_optional_(cap, read_sectors_(cap, port, devno,
							      &dev->d.sectors));
	if (err)
		return err;
	dev->d.devno = devno;
	dev->d.class = dev->class;
	dev->d.model = dev->model[0] ? dev->model : NULL;
	dev->d.serial = dev->serial[0] ? dev->serial : NULL;
	dev->d.firmware = dev->firmware[0] ? dev->firmware : NULL;
	port->ndev++;
	return 0;
}

/* "1.5 Gbps", "6.0 Gbps": what sata_spd shows for a negotiated speed. */
static int is_speed_(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n && s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9' &&
	       !strcmp(s + n + 2, " Gbps");
}

/* The host link's speed; "<unknown>" (link down, PATA) is left out. */
static int read_spd_(struct kh_capture *cap, struct port_ *port)
{
	int err;

	err = kh_sysfs_read_str(&cap->fs, port->spd, sizeof(port->spd),
				KH_TRIM_BLANKS, "%s/link%u/ata_link/link%u/sata_spd",
				port->dir, port->number, port->number);
	if (err >= 0 && strcmp(port->spd, "<unknown>") && !is_speed_(port->spd))
		err = kh_fail(cap->fs.ctx, -EINVAL,
			      "%s/%s/link%u/ata_link/link%u/sata_spd: \"%s\" is no link speed",
			      cap->fs.ctx->sysfs, port->dir, port->number,
			      port->number, port->spd);
	if (err < 0 || !is_speed_(port->spd))
		port->spd[0] = '\0';
	return kh_capture_optional_(cap, err);
}

/* The devices of the host link, and its speed. */
static int read_link_(struct kh_capture *cap, struct port_ *port)
{
	struct kh_sysfs_dir ls;
	unsigned int devno;
	char want[32];
	size_t i;
	int err;

	err = kh_sysfs_list(&cap->fs, &ls, "%s/link%u", port->dir, port->number);
	for (i = 0; !err && i < ls.n; i++) {
		/* Only the canonical spelling, so no device is seen twice. */
		if (sscanf(ls.names[i], "dev%*u.%u", &devno) != 1)
			continue;
		snprintf(want, sizeof(want), "dev%u.%u", port->number, devno);
		if (strcmp(ls.names[i], want))
			continue;
		if (devno > 1)
			err = kh_fail(cap->fs.ctx, -EINVAL,
				      "%s/%s/link%u/%s: more than master and slave",
				      cap->fs.ctx->sysfs, port->dir,
				      port->number, ls.names[i]);
		else
			err = read_dev_(cap, port, ls.names[i], devno);
	}
	kh_sysfs_dir_free(&ls);
	if (err)
		return err;
	err = read_spd_(cap, port);
	/*
	 * A negotiated speed with no device classified still means a live
	 * link: recording it as down would make the new kernel skip it.
	 */
	port->p.link = port->ndev || port->spd[0] ? HANDOFF_LINK_UP :
						    HANDOFF_LINK_DOWN;
	return err;
}

/* The controller's driver: the last component of its driver link. */
static int read_driver_(struct kh_capture *cap, struct port_ *port)
{
	char link[PATH_MAX];
	const char *slash = strrchr(port->dir, '/'), *base;
	int err;

	err = kh_sysfs_resolve(&cap->fs, link, sizeof(link), "%.*s/driver",
			       (int)(slash - port->dir), port->dir);
	if (err)
		return err;
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) >= sizeof(port->driver))
		return kh_fail(cap->fs.ctx, -ENAMETOOLONG, "%s: driver name too long",
			       link);
	if (!kh_ident_is_printable(base))
		return kh_fail(cap->fs.ctx, -EILSEQ,
			       "%s: driver name is not printable ASCII", link);
	strcpy(port->driver, base);
	return 0;
}

static int read_port_(struct kh_capture *cap, struct port_ *port)
{
	uint64_t port_no;
	int end = 0, err;

	if (sscanf(port->name, "ata%u%n", &port->number, &end) != 1 ||
	    port->name[end])
		return kh_fail(cap->fs.ctx, -EINVAL,
			       "%s/class/ata_port/%s: not a port name",
			       cap->fs.ctx->sysfs, port->name);
	err = kh_sysfs_class_device(&cap->fs, port->dir, sizeof(port->dir),
				    "ata_port", port->name);
	if (!err)
		err = kh_sysfs_read_u64(&cap->fs, &port_no, "%s/ata_port/%s/port_no",
					port->dir, port->name);
	if (!err && (port_no < 1 || port_no > UINT32_MAX))
		err = kh_fail(cap->fs.ctx, -EINVAL,
			      "%s/%s/ata_port/%s/port_no: %llu is out of range",
			      cap->fs.ctx->sysfs, port->dir, port->name,
			      (unsigned long long)port_no);
	if (!err && !strchr(port->dir, '/'))
		err = kh_fail(cap->fs.ctx, -EINVAL, "%s/%s: no controller",
			      cap->fs.ctx->sysfs, port->dir);
	if (!err)
		err = read_driver_(cap, port);
	if (!err)
		err = kh_ident_parent(cap->fs.ctx, port->dir, port->parent,
				      sizeof(port->parent));
	if (!err)
		err = read_link_(cap, port);
	if (!err)
		port->p.port = (uint32_t)(port_no - 1);
	return err;
}

static int add_port_(struct kh_capture *cap, struct port_ *port)
{
	char what[NAME_MAX + 16];
	unsigned int i;
	int err;

	port->p.driver = port->driver;
	port->p.parent = port->parent;
	port->p.sata_spd = port->spd[0] ? port->spd : NULL;
	snprintf(what, sizeof(what), "ATA port %s", port->name);
	err = handoff_add_ata_port(cap->b, &port->p);
	if (err < 0)
		return kh_capture_add_failed_(cap, err, what);
	cap->ports++;
	for (i = 0; i < port->ndev; i++) {
		err = handoff_add_ata_dev(cap->b, &port->dev[i].d);
		if (err < 0)
			return kh_capture_add_failed_(cap, err, what);
		cap->ata_devs++;
	}
	return 0;
}

int kh_capture_ata_(struct kh_capture *cap)
{
	char what[NAME_MAX + 16];
	struct kh_sysfs_dir ls;
	struct port_ *port;
	size_t i;
	int err;

	err = kh_sysfs_list(&cap->fs, &ls, "class/ata_port");
	if (err)
		return err == -ENOENT ? 0 : err;
	port = malloc(sizeof(*port));
	err = port ? 0 : kh_fail(cap->fs.ctx, -ENOMEM, "out of memory");
	for (i = 0; !err && i < ls.n; i++) {
		memset(port, 0, sizeof(*port));
		snprintf(port->name, sizeof(port->name), "%s", ls.names[i]);
		err = read_port_(cap, port);
		snprintf(what, sizeof(what), "ATA port %s", port->name);
		if (err)
			err = kh_capture_left_out_(cap, what, err);
		else
			err = add_port_(cap, port);
	}
	free(port);
	kh_sysfs_dir_free(&ls);
	return err;
}
