// SPDX-License-Identifier: GPL-2.0-only
/*
 * view_text.c - the default, human-readable view of a blob
 */
#include <inttypes.h>
#include <time.h>

#include "blob_walk.h"
#include "views.h"

static const char *const scsi_types[] = {
	[0x00] = "disk", [0x01] = "tape", [0x02] = "printer",
	[0x03] = "processor", [0x04] = "worm", [0x05] = "cd/dvd",
	[0x06] = "scanner", [0x07] = "optical", [0x08] = "changer",
	[0x09] = "comm", [0x0c] = "raid", [0x0d] = "enclosure",
	[0x0e] = "rbc", [0x11] = "osd", [0x14] = "zbc",
	[0x1e] = "wlun", [0x1f] = "no-lun",
};

const char *kh_scsi_type_name(unsigned int type)
{
	if (type < sizeof(scsi_types) / sizeof(scsi_types[0]) &&
	    scsi_types[type])
		return scsi_types[type];
	return "other";
}

/* Sizes as people read them: 512-byte sectors to MiB/GiB/TiB. */
static void print_size(FILE *out, uint64_t sectors)
{
	static const char *const unit[] = { "MiB", "GiB", "TiB", "PiB" };
	double v = (double)sectors / 2048.0;
	int u = 0;

	if (!sectors)
		return;
	while (v >= 1024.0 && u < 3) {
		v /= 1024.0;
		u++;
	}
	fprintf(out, "  %.1f %s", v, unit[u]);
}

static void opt(FILE *out, const char *label, const char *s)
{
	if (s)
		fprintf(out, "  %s %s", label, s);
}

static void t_info(void *arg, const struct handoff_info *info, int size)
{
	FILE *out = arg;
	time_t t = (time_t)info->created;
	char when[32] = "?";
	struct tm tm;

	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(out, "kexec-handoff blob, format %" PRIu32 ".%" PRIu32
		", %d bytes, checksum ok\n", info->version_major,
		info->version_minor, size);
	fprintf(out, "written by Linux %s, boot %s, at %s\n",
		info->kernel_release, info->boot_id, when);
}

static void t_section(void *arg, enum kh_section sec,
		      const struct handoff_store *store)
{
	static const char *const title[] = { "SCSI hosts", "ATA ports",
					     "process groups" };
	FILE *out = arg;

	if (sec != KH_SEC_STORE) {
		fprintf(out, "%s:\n", title[sec]);
		return;
	}
	if (!store) {
		fprintf(out, "image store: none\n");
		return;
	}
	fprintf(out, "image store: %s, %" PRIu64 " bytes", store->type,
		store->size);
	opt(out, "device", store->device);
	opt(out, "memmap", store->memmap);
	fputc('\n', out);
}

static void t_host(void *arg, const struct handoff_scsi_host *h)
{
	fprintf(arg, "  %s at %s #%" PRIu32 "\n", h->proc_name, h->parent,
		h->ordinal);
}

static void t_scsi_dev(void *arg, const struct handoff_scsi_dev *d)
{
	FILE *out = arg;

	fprintf(out, "    %" PRIu32 ":%" PRIu32 ":%" PRIu64 "  %-6s  %s %s %s",
		d->channel, d->id, d->lun, kh_scsi_type_name(d->type),
		d->vendor, d->model, d->rev);
	opt(out, "serial", d->serial);
	opt(out, "wwid", d->wwid);
	print_size(out, d->capacity);
	fputc('\n', out);
}

static void t_port(void *arg, const struct handoff_ata_port *p)
{
	FILE *out = arg;

	fprintf(out, "  %s at %s port %" PRIu32 ": link %s", p->driver,
		p->parent, p->port, p->link == HANDOFF_LINK_UP ? "up" : "down");
	if (p->sata_spd)
		fprintf(out, " (%s)", p->sata_spd);
	fputc('\n', out);
}

static void t_ata_dev(void *arg, const struct handoff_ata_dev *d)
{
	FILE *out = arg;

	fprintf(out, "    dev %" PRIu32 "  %-5s  %s", d->devno, d->class,
		d->model ? d->model : "?");
	opt(out, "serial", d->serial);
	opt(out, "firmware", d->firmware);
	print_size(out, d->sectors);
	fputc('\n', out);
}

static void t_group(void *arg, int index, const struct handoff_group *g)
{
	fprintf(arg, "  group %d: pid %" PRIu32 " (%s)%s%s, images %s%s\n",
		index, g->root_pid, g->comm, g->unit ? " of " : "",
		g->unit ? g->unit : "", g->images,
		g->flags & HANDOFF_GROUP_TCP_ESTABLISHED ?
		", established TCP connections" : "");
}

static void t_image(void *arg, const struct handoff_image *i)
{
	fprintf(arg, "  group %" PRIu32 " %s: %" PRIu64 " bytes at %" PRIu64
		", crc32c %08" PRIx32 "\n", i->group, i->name, i->size,
		i->offset, i->crc32c);
}

int kh_view_text(FILE *out, const void *blob, int size)
{
	static const struct kh_blob_visitor v = {
		.info = t_info, .section_begin = t_section,
		.host_begin = t_host, .scsi_dev = t_scsi_dev,
		.port_begin = t_port, .ata_dev = t_ata_dev,
		.group = t_group, .image = t_image,
	};

	return kh_blob_walk(blob, size, &v, out);
}
