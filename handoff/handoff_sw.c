// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_sw.c - build a handoff blob from nothing
 *
 * Built on libfdt's sequential writer, which appends and cannot take
 * anything back. To keep the promise that a failed call leaves the buffer
 * byte-identical, every call first describes its whole node as a list of
 * encoded properties, works out the worst-case space that needs (as if every
 * property name were new to the string table) and only then writes. Room for
 * closing every node is always kept back, so handoff_finish() never runs
 * out of space.
 */
#include "handoff_internal.h"

enum {
	ST_NONE,	/* not created, or creation failed */
	ST_ROOT,	/* root open, no section yet */
	ST_SCSI,	/* /scsi and one host-N open */
	ST_ATA,		/* /ata and one port-N open */
	ST_PROC,	/* /processes open */
	ST_STORE,	/* /store open */
	ST_DONE,
};

/* END_NODE for store|processes / scsi|ata, a host|port and root, and END. */
#define CLOSE_RESERVE	(4 * 4)
#define ALIGN4(x)	(((x) + 3) & ~(size_t)3)
#define MAX_PROPS	8
#define NAME_MAX_	48

struct wprop_ {
	const char *name;
	const void *val;
	int len;
};

/* A node to write: its name, properties and whether it stays open. */
struct wnode_ {
	char name[NAME_MAX_];
	struct wprop_ prop[MAX_PROPS];
	int nprops;
	int stays_open;
};

static void add_prop_(struct wnode_ *n, const char *name, const void *val,
		      int len)
{
	n->prop[n->nprops].name = name;
	n->prop[n->nprops].val = val;
	n->prop[n->nprops].len = len;
	n->nprops++;
}

static void add_str_(struct wnode_ *n, const char *name, const char *s)
{
	if (s && s[0])
		add_prop_(n, name, s, (int)strlen(s) + 1);
}

/* Unit addresses and indices are written in hex, as device trees do. */
static size_t put_hex_(char *out, u64 v)
{
	char tmp[16];
	size_t n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return n;
}

static void set_name_(struct wnode_ *n, const char *prefix, u64 a)
{
	size_t len = strlen(prefix);

	memcpy(n->name, prefix, len);
	put_hex_(n->name + len, a);
}

static size_t node_need_(const struct wnode_ *n)
{
	size_t need = 4 + ALIGN4(strlen(n->name) + 1);
	int i;

	for (i = 0; i < n->nprops; i++)
		need += 12 + ALIGN4((size_t)n->prop[i].len) +
			strlen(n->prop[i].name) + 1;
	return need + (n->stays_open ? 0 : 4);
}

static size_t free_space_(const void *fdt)
{
	return fdt_totalsize(fdt) - fdt_off_dt_struct(fdt) -
	       fdt_size_dt_struct(fdt) - fdt_size_dt_strings(fdt);
}

static int write_node_(void *fdt, const struct wnode_ *n)
{
	int i, err;

	err = fdt_begin_node(fdt, n->name);
	for (i = 0; !err && i < n->nprops; i++)
		err = fdt_property(fdt, n->prop[i].name, n->prop[i].val,
				   n->prop[i].len);
	if (!err && !n->stays_open)
		err = fdt_end_node(fdt);
	return err ? -HANDOFF_ERR_INTERNAL : 0;
}

/* Nodes open below the root in each state. */
static int depth_(int state)
{
	switch (state) {
	case ST_SCSI:
	case ST_ATA:
		return 2;
	case ST_PROC:
	case ST_STORE:
		return 1;
	default:
		return 0;
	}
}

static const char *section_name_(int state)
{
	switch (state) {
	case ST_SCSI:
		return HANDOFF_SCSI_NODE;
	case ST_ATA:
		return HANDOFF_ATA_NODE;
	case ST_PROC:
		return HANDOFF_PROC_NODE;
	default:
		return HANDOFF_STORE_NODE;
	}
}

/*
 * Close @closes nodes, but only if the buffer then still has room for
 * @need bytes of new nodes plus the closing reserve.
 */
static int make_room_(struct handoff_builder *b, int closes, size_t need)
{
	if (free_space_(b->buf) < (size_t)closes * 4 + need + CLOSE_RESERVE)
		return -HANDOFF_ERR_NOSPACE;
	while (closes--)
		if (fdt_end_node(b->buf))
			return -HANDOFF_ERR_INTERNAL;
	return 0;
}

/*
 * Write @n in section @target: close what is open, open the section if it
 * is new, write the node. Hosts and ports stay open, so the previous one is
 * closed first.
 */
static int emit_(struct handoff_builder *b, int target, struct wnode_ *n)
{
	struct wnode_ sect = { .stays_open = 1 };
	int closes, err, new_section = b->state != target;
	size_t need = node_need_(n);

	if (b->state == ST_NONE || b->state > target)
		return -HANDOFF_ERR_BADSTATE;
	closes = new_section ? depth_(b->state) : n->stays_open;
	if (new_section) {
		strcpy(sect.name, section_name_(target));
		need += node_need_(&sect);
	}
	err = make_room_(b, closes, need);
	if (err)
		return err;
	if (new_section) {
		if (write_node_(b->buf, &sect))
			return -HANDOFF_ERR_INTERNAL;
		b->state = target;
		b->nodes = 0;
	}
	return write_node_(b->buf, n);
}

/* The reader accepts printable ASCII only; refuse anything else here. */
static int str_ok_(const char *s, int required)
{
	const char *p;

	if (!s)
		return !required;
	if (required && !s[0])
		return 0;
	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return p - s <= HANDOFF_STR_MAX;
}

int handoff_create(struct handoff_builder *b, void *buf, size_t bufsize,
		   const struct handoff_info *info)
{
	fdt32_t version[2] = { cpu_to_fdt32(HANDOFF_VERSION_MAJOR),
			       cpu_to_fdt32(HANDOFF_VERSION_MINOR) };
	fdt64_t created = cpu_to_fdt64(info->created);
	int err;

	b->state = ST_NONE;
	b->buf = buf;
	/* Readers refuse a misaligned blob: better to say so now. */
	if ((unsigned long)buf & 7)
		return -HANDOFF_ERR_BADVALUE;
	if (!str_ok_(info->kernel_release, 1) || !str_ok_(info->boot_id, 1))
		return -HANDOFF_ERR_BADVALUE;
	if (bufsize > HANDOFF_MAX_SIZE)
		bufsize = HANDOFF_MAX_SIZE;
	err = fdt_create(buf, (int)bufsize);
	if (!err)
		err = fdt_finish_reservemap(buf);
	if (!err)
		err = fdt_begin_node(buf, "");
	/* First, so that readers find it before trusting the tree. */
	if (!err)
		err = fdt_property_u32(buf, HANDOFF_CRC_PROP, 0);
	if (!err)
		err = fdt_property_string(buf, "compatible", HANDOFF_COMPATIBLE);
	if (!err)
		err = fdt_property(buf, "version", version, sizeof(version));
	if (!err)
		err = fdt_property_string(buf, "kernel-release",
					  info->kernel_release);
	if (!err)
		err = fdt_property_string(buf, "boot-id", info->boot_id);
	if (!err)
		err = fdt_property(buf, "created", &created, sizeof(created));
	if (!err && free_space_(buf) < CLOSE_RESERVE)
		err = -FDT_ERR_NOSPACE;
	if (err)
		return err == -FDT_ERR_NOSPACE ? -HANDOFF_ERR_NOSPACE :
						 -HANDOFF_ERR_INTERNAL;
	b->state = ST_ROOT;
	b->nodes = 0;
	return 0;
}

int handoff_add_scsi_host(struct handoff_builder *b,
			  const struct handoff_scsi_host *host)
{
	struct wnode_ n = { .stays_open = 1 };
	fdt32_t ordinal = cpu_to_fdt32(host->ordinal);
	fdt32_t acells = cpu_to_fdt32(HANDOFF_SCSI_REG_CELLS), scells = 0;
	u32 index = b->state == ST_SCSI ? b->nodes : 0;
	int err;

	if (!str_ok_(host->proc_name, 1) || !str_ok_(host->parent, 1))
		return -HANDOFF_ERR_BADVALUE;
	set_name_(&n, HANDOFF_HOST_PREFIX, index);
	add_str_(&n, "proc-name", host->proc_name);
	add_str_(&n, "parent", host->parent);
	add_prop_(&n, "ordinal", &ordinal, sizeof(ordinal));
	add_prop_(&n, "#address-cells", &acells, sizeof(acells));
	add_prop_(&n, "#size-cells", &scells, sizeof(scells));
	err = emit_(b, ST_SCSI, &n);
	if (err)
		return err;
	b->children = 0;
	return (int)b->nodes++;
}

/* "ident" is vendor, model and rev as one three-string list. */
static int pack_ident_(char *out, const struct handoff_scsi_dev *dev)
{
	const char *s[3] = { dev->vendor, dev->model, dev->rev };
	int len = 0, i;

	for (i = 0; i < 3; i++) {
		if (!str_ok_(s[i], 0) || !s[i])
			return -HANDOFF_ERR_BADVALUE;
		memcpy(out + len, s[i], strlen(s[i]) + 1);
		len += (int)strlen(s[i]) + 1;
	}
	return len;
}

static void scsi_unit_name_(struct wnode_ *n, const struct handoff_scsi_dev *d)
{
	size_t len = strlen(HANDOFF_DEV_PREFIX);

	memcpy(n->name, HANDOFF_DEV_PREFIX, len);
	len += put_hex_(n->name + len, d->channel);
	n->name[len++] = ',';
	len += put_hex_(n->name + len, d->id);
	n->name[len++] = ',';
	put_hex_(n->name + len, d->lun);
}

int handoff_add_scsi_dev(struct handoff_builder *b,
			 const struct handoff_scsi_dev *dev)
{
	struct wnode_ n = { .stays_open = 0 };
	char ident[3 * (HANDOFF_STR_MAX + 1)];
	fdt32_t reg[HANDOFF_SCSI_REG_CELLS], type = cpu_to_fdt32(dev->type);
	fdt64_t cap = cpu_to_fdt64(dev->capacity);
	int len, err;

	if (b->state != ST_SCSI)
		return -HANDOFF_ERR_BADSTATE;
	len = pack_ident_(ident, dev);
	if (len < 0 || !str_ok_(dev->serial, 0) || !str_ok_(dev->wwid, 0))
		return -HANDOFF_ERR_BADVALUE;
	reg[0] = cpu_to_fdt32(dev->channel);
	reg[1] = cpu_to_fdt32(dev->id);
	reg[2] = cpu_to_fdt32((u32)(dev->lun >> 32));
	reg[3] = cpu_to_fdt32((u32)dev->lun);
	scsi_unit_name_(&n, dev);
	add_prop_(&n, "reg", reg, sizeof(reg));
	add_prop_(&n, "type", &type, sizeof(type));
	add_prop_(&n, "ident", ident, len);
	add_str_(&n, "serial", dev->serial);
	add_str_(&n, "wwid", dev->wwid);
	if (dev->capacity)
		add_prop_(&n, "capacity", &cap, sizeof(cap));
	err = emit_(b, ST_SCSI, &n);
	return err ? err : (int)b->children++;
}

int handoff_add_ata_port(struct handoff_builder *b,
			 const struct handoff_ata_port *port)
{
	struct wnode_ n = { .stays_open = 1 };
	fdt32_t index = cpu_to_fdt32(port->port), acells = cpu_to_fdt32(1);
	fdt32_t scells = 0;
	u32 nr = b->state == ST_ATA ? b->nodes : 0;
	int err;

	if (!str_ok_(port->driver, 1) || !str_ok_(port->parent, 1) ||
	    !str_ok_(port->sata_spd, 0) || port->link > HANDOFF_LINK_UP)
		return -HANDOFF_ERR_BADVALUE;
	set_name_(&n, HANDOFF_PORT_PREFIX, nr);
	add_str_(&n, "driver", port->driver);
	add_str_(&n, "parent", port->parent);
	add_prop_(&n, "port", &index, sizeof(index));
	add_str_(&n, "link", port->link == HANDOFF_LINK_UP ? "up" : "down");
	add_str_(&n, "sata-spd", port->sata_spd);
	add_prop_(&n, "#address-cells", &acells, sizeof(acells));
	add_prop_(&n, "#size-cells", &scells, sizeof(scells));
	err = emit_(b, ST_ATA, &n);
	if (err)
		return err;
	b->children = 0;
	return (int)b->nodes++;
}

int handoff_add_ata_dev(struct handoff_builder *b,
			const struct handoff_ata_dev *dev)
{
	struct wnode_ n = { .stays_open = 0 };
	fdt32_t reg = cpu_to_fdt32(dev->devno);
	fdt64_t sectors = cpu_to_fdt64(dev->sectors);
	int err;

	if (b->state != ST_ATA)
		return -HANDOFF_ERR_BADSTATE;
	if (!str_ok_(dev->class, 1) || !str_ok_(dev->model, 1) ||
	    !str_ok_(dev->serial, 0) || !str_ok_(dev->firmware, 0))
		return -HANDOFF_ERR_BADVALUE;
	set_name_(&n, HANDOFF_DEV_PREFIX, dev->devno);
	add_prop_(&n, "reg", &reg, sizeof(reg));
	add_str_(&n, "class", dev->class);
	add_str_(&n, "model", dev->model);
	add_str_(&n, "serial", dev->serial);
	add_str_(&n, "firmware", dev->firmware);
	if (dev->sectors)
		add_prop_(&n, "sectors", &sectors, sizeof(sectors));
	err = emit_(b, ST_ATA, &n);
	return err ? err : (int)b->children++;
}

int handoff_add_group(struct handoff_builder *b,
		      const struct handoff_group *group)
{
	struct wnode_ n = { .stays_open = 0 };
	fdt32_t pid = cpu_to_fdt32(group->root_pid);
	u32 nr = b->state == ST_PROC ? b->nodes : 0;
	int err;

	if (!str_ok_(group->comm, 1) || !str_ok_(group->images, 1) ||
	    (group->unit && !str_ok_(group->unit, 1)) ||
	    group->flags & ~(u32)HANDOFF_GROUP_TCP_ESTABLISHED)
		return -HANDOFF_ERR_BADVALUE;
	set_name_(&n, HANDOFF_GROUP_PREFIX, nr);
	add_prop_(&n, "root-pid", &pid, sizeof(pid));
	add_str_(&n, "comm", group->comm);
	add_str_(&n, "images", group->images);
	if (group->unit)
		add_str_(&n, "unit", group->unit);
	if (group->flags & HANDOFF_GROUP_TCP_ESTABLISHED)
		add_prop_(&n, "tcp-established", "", 0);
	err = emit_(b, ST_PROC, &n);
	return err ? err : (int)b->nodes++;
}

int handoff_set_store(struct handoff_builder *b,
		      const struct handoff_store *store)
{
	struct wnode_ n = { .stays_open = 1 };
	fdt64_t size = cpu_to_fdt64(store->size);
	int err;

	if (!str_ok_(store->type, 1) || !str_ok_(store->device, 0) ||
	    !str_ok_(store->memmap, 0))
		return -HANDOFF_ERR_BADVALUE;
	if (strcmp(store->type, "initrd") && strcmp(store->type, "pmem"))
		return -HANDOFF_ERR_BADVALUE;
	if (b->state == ST_NONE || b->state >= ST_STORE)
		return -HANDOFF_ERR_BADSTATE;
	/* The store node is the section itself: its properties go there. */
	strcpy(n.name, HANDOFF_STORE_NODE);
	add_str_(&n, "type", store->type);
	add_str_(&n, "device", store->device);
	add_str_(&n, "memmap", store->memmap);
	add_prop_(&n, "size", &size, sizeof(size));
	err = make_room_(b, depth_(b->state), node_need_(&n));
	if (!err)
		err = write_node_(b->buf, &n);
	if (err)
		return err;
	b->state = ST_STORE;
	b->nodes = 0;
	return 0;
}

int handoff_add_image(struct handoff_builder *b,
		      const struct handoff_image *image)
{
	struct wnode_ n = { .stays_open = 0 };
	fdt32_t group = cpu_to_fdt32(image->group);
	fdt32_t crc = cpu_to_fdt32(image->crc32c);
	fdt64_t off = cpu_to_fdt64(image->offset);
	fdt64_t size = cpu_to_fdt64(image->size);
	int err;

	if (b->state != ST_STORE)
		return -HANDOFF_ERR_BADSTATE;
	if (!str_ok_(image->name, 1))
		return -HANDOFF_ERR_BADVALUE;
	set_name_(&n, HANDOFF_IMAGE_PREFIX, b->nodes);
	add_str_(&n, "file", image->name);
	add_prop_(&n, "group", &group, sizeof(group));
	add_prop_(&n, "offset", &off, sizeof(off));
	add_prop_(&n, "size", &size, sizeof(size));
	add_prop_(&n, HANDOFF_CRC_PROP, &crc, sizeof(crc));
	err = emit_(b, ST_STORE, &n);
	return err ? err : (int)b->nodes++;
}

int handoff_seal(void *blob, size_t bufsize)
{
	int total, slot;
	fdt32_t crc;

	total = handoff_check_header(blob, bufsize);
	if (total < 0)
		return total;
	slot = handoff_crc_slot_(blob, (u32)total);
	if (slot < 0)
		return slot;
	crc = cpu_to_fdt32(handoff_blob_crc_(blob, (u32)total, slot));
	memcpy((char *)blob + slot, &crc, sizeof(crc));
	return 0;
}

int handoff_finish(struct handoff_builder *b)
{
	int closes, err;

	if (b->state == ST_NONE || b->state == ST_DONE)
		return -HANDOFF_ERR_BADSTATE;
	/* CLOSE_RESERVE kept this much free; nothing below can run out. */
	for (closes = depth_(b->state) + 1; closes > 0; closes--)
		if (fdt_end_node(b->buf))
			return -HANDOFF_ERR_INTERNAL;
	if (fdt_finish(b->buf))
		return -HANDOFF_ERR_INTERNAL;
	b->state = ST_DONE;
	err = handoff_seal(b->buf, fdt_totalsize(b->buf));
	return err ? -HANDOFF_ERR_INTERNAL : (int)fdt_totalsize(b->buf);
}
