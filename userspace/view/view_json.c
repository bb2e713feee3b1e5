// SPDX-License-Identifier: GPL-2.0-only
/*
 * view_json.c - the machine-readable view of a blob
 *
 * One JSON object; absent optional values are null, so consumers see every
 * key every time. Strings in a blob are arbitrary bytes, so anything that is
 * not printable ASCII is escaped.
 */
#include <inttypes.h>

#include "blob_walk.h"
#include "views.h"

struct json {
	FILE *out;
	int first[2];	/* nothing printed yet at nesting level 0, 1 */
	int store_open;
};

static void sep(struct json *j, int level)
{
	if (!j->first[level])
		fputc(',', j->out);
	j->first[level] = 0;
}

static void str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void key_str(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":", key);
	str(out, s);
}

static void j_info(void *arg, const struct handoff_info *i, int size)
{
	struct json *j = arg;

	fprintf(j->out, "{\"format\":{\"version_major\":%" PRIu32
		",\"version_minor\":%" PRIu32 ",\"size\":%d}",
		i->version_major, i->version_minor, size);
	key_str(j->out, "kernel_release", i->kernel_release);
	key_str(j->out, "boot_id", i->boot_id);
	fprintf(j->out, ",\"created\":%" PRIu64, i->created);
}

static void j_section(void *arg, enum kh_section sec,
		      const struct handoff_store *s)
{
	static const char *const key[] = { "scsi_hosts", "ata_ports",
					   "groups" };
	struct json *j = arg;

	j->first[0] = 1;
	if (sec != KH_SEC_STORE) {
		fprintf(j->out, ",\"%s\":[", key[sec]);
		return;
	}
	if (!s) {
		fputs(",\"store\":null", j->out);
		return;
	}
	j->store_open = 1;
	fputs(",\"store\":{\"type\":", j->out);
	str(j->out, s->type);
	key_str(j->out, "device", s->device);
	key_str(j->out, "memmap", s->memmap);
	fprintf(j->out, ",\"size\":%" PRIu64 ",\"images\":[", s->size);
}

static void j_section_end(void *arg, enum kh_section sec)
{
	struct json *j = arg;

	if (sec != KH_SEC_STORE)
		fputc(']', j->out);
	else if (j->store_open)
		fputs("]}", j->out);
}

static void j_host(void *arg, const struct handoff_scsi_host *h)
{
	struct json *j = arg;

	sep(j, 0);
	fputs("{\"proc_name\":", j->out);
	str(j->out, h->proc_name);
	key_str(j->out, "parent", h->parent);
	fprintf(j->out, ",\"ordinal\":%" PRIu32 ",\"devices\":[", h->ordinal);
	j->first[1] = 1;
}

static void j_close_parent(void *arg)
{
	fputs("]}", ((struct json *)arg)->out);
}

static void j_scsi_dev(void *arg, const struct handoff_scsi_dev *d)
{
	struct json *j = arg;

	sep(j, 1);
	fprintf(j->out, "{\"channel\":%" PRIu32 ",\"id\":%" PRIu32
		",\"lun\":%" PRIu64 ",\"type\":%" PRIu32, d->channel, d->id,
		d->lun, d->type);
	key_str(j->out, "vendor", d->vendor);
	key_str(j->out, "model", d->model);
	key_str(j->out, "rev", d->rev);
	key_str(j->out, "serial", d->serial);
	key_str(j->out, "wwid", d->wwid);
	fprintf(j->out, ",\"capacity\":%" PRIu64 "}", d->capacity);
}

static void j_port(void *arg, const struct handoff_ata_port *p)
{
	struct json *j = arg;

	sep(j, 0);
	fputs("{\"driver\":", j->out);
	str(j->out, p->driver);
	key_str(j->out, "parent", p->parent);
	fprintf(j->out, ",\"port\":%" PRIu32 ",\"link\":\"%s\"", p->port,
		p->link == HANDOFF_LINK_UP ? "up" : "down");
	key_str(j->out, "sata_spd", p->sata_spd);
	fputs(",\"devices\":[", j->out);
	j->first[1] = 1;
}

static void j_ata_dev(void *arg, const struct handoff_ata_dev *d)
{
	struct json *j = arg;

	sep(j, 1);
	fprintf(j->out, "{\"devno\":%" PRIu32, d->devno);
	key_str(j->out, "class", d->class);
	key_str(j->out, "model", d->model);
	key_str(j->out, "serial", d->serial);
	key_str(j->out, "firmware", d->firmware);
	fprintf(j->out, ",\"sectors\":%" PRIu64 "}", d->sectors);
}

static void j_group(void *arg, int index, const struct handoff_group *g)
{
	struct json *j = arg;

	sep(j, 0);
	fprintf(j->out, "{\"index\":%d,\"root_pid\":%" PRIu32, index,
		g->root_pid);
	key_str(j->out, "comm", g->comm);
	key_str(j->out, "images", g->images);
	key_str(j->out, "unit", g->unit);
	fprintf(j->out, ",\"tcp_established\":%s}",
		g->flags & HANDOFF_GROUP_TCP_ESTABLISHED ? "true" : "false");
}

static void j_image(void *arg, const struct handoff_image *i)
{
	struct json *j = arg;

	sep(j, 0);
	fputs("{\"file\":", j->out);
	str(j->out, i->name);
	fprintf(j->out, ",\"group\":%" PRIu32 ",\"offset\":%" PRIu64
		",\"size\":%" PRIu64 ",\"crc32c\":%" PRIu32 "}", i->group,
		i->offset, i->size, i->crc32c);
}

int kh_view_json(FILE *out, const void *blob, int size)
{
	static const struct kh_blob_visitor v = {
		.info = j_info, .section_begin = j_section,
		.section_end = j_section_end,
		.host_begin = j_host, .scsi_dev = j_scsi_dev,
		.host_end = j_close_parent,
		.port_begin = j_port, .ata_dev = j_ata_dev,
		.port_end = j_close_parent,
		.group = j_group, .image = j_image,
	};
	struct json j = { .out = out };
	int err = kh_blob_walk(blob, size, &v, &j);

	if (!err)
		fputs("}\n", out);
	return err;
}
