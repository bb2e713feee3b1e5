// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_ro.c - check and read a handoff blob
 *
 * The new kernel runs this very file on a blob the previous system left in
 * its initrd, so it is written for hostile input: the size bound and the
 * CRC are checked before the tree is walked, libfdt's full structure check
 * comes next, and only then are properties looked at, each with its length
 * checked. User space builds the same file with its own handoff_env.h and
 * fuzzes it.
 *
 * Nothing here allocates or writes; every function takes a const blob.
 */
#include "handoff_internal.h"

static u32 ld32_(const void *blob, u32 off)
{
	return fdt32_ld((const fdt32_t *)((const char *)blob + off));
}

int handoff_check_header(const void *blob, size_t bufsize)
{
	u32 total;

	if ((unsigned long)blob & 7)
		return -HANDOFF_ERR_BADVALUE;
	if (bufsize < sizeof(struct fdt_header))
		return -HANDOFF_ERR_TRUNCATED;
	if (fdt_magic(blob) != FDT_MAGIC)
		return -HANDOFF_ERR_BADMAGIC;
	total = fdt_totalsize(blob);
	if (total > HANDOFF_MAX_SIZE)
		return -HANDOFF_ERR_TOOBIG;
	if (total > bufsize || total < sizeof(struct fdt_header))
		return -HANDOFF_ERR_TRUNCATED;
	return (int)total;
}

int handoff_crc_slot_(const void *blob, u32 totalsize)
{
	u32 st = fdt_off_dt_struct(blob);
	u32 strs = fdt_off_dt_strings(blob);
	u32 strsize = fdt_size_dt_strings(blob);
	u32 nameoff;

	if (st > totalsize || totalsize - st < HANDOFF_CRC_VALUE_OFF + 4)
		return -HANDOFF_ERR_CHECKSUM;
	if (ld32_(blob, st) != FDT_BEGIN_NODE || ld32_(blob, st + 4) != 0 ||
	    ld32_(blob, st + HANDOFF_CRC_TAG_OFF) != FDT_PROP ||
	    ld32_(blob, st + HANDOFF_CRC_TAG_OFF + 4) != 4)
		return -HANDOFF_ERR_CHECKSUM;
	nameoff = ld32_(blob, st + HANDOFF_CRC_TAG_OFF + 8);
	if (strs > totalsize || strsize > totalsize - strs ||
	    nameoff >= strsize ||
	    strsize - nameoff < sizeof(HANDOFF_CRC_PROP))
		return -HANDOFF_ERR_CHECKSUM;
	if (memcmp((const char *)blob + strs + nameoff, HANDOFF_CRC_PROP,
		   sizeof(HANDOFF_CRC_PROP)))
		return -HANDOFF_ERR_CHECKSUM;
	return (int)(st + HANDOFF_CRC_VALUE_OFF);
}

u32 handoff_blob_crc_(const void *blob, u32 totalsize, int slot)
{
	static const unsigned char zero[4];
	const char *base = blob;
	u32 crc;

	crc = handoff_crc32c(0, base, slot);
	crc = handoff_crc32c(crc, zero, sizeof(zero));
	return handoff_crc32c(crc, base + slot + 4, totalsize - slot - 4);
}

/*
 * Property readers. @required says whether absence is an error; an absent
 * optional property leaves *out at its "unknown" value (0 or NULL) and
 * counts as success.
 */
int handoff_prop_missing_(int len, int required)
{
	if (len == -FDT_ERR_NOTFOUND)
		return required ? -HANDOFF_ERR_MISSING : 0;
	return -HANDOFF_ERR_BADSTRUCTURE;
}

int handoff_prop_u32_(const void *blob, int node, const char *name, u32 *out,
		      int required)
{
	const void *val;
	int len;

	*out = 0;
	val = fdt_getprop(blob, node, name, &len);
	if (!val)
		return handoff_prop_missing_(len, required);
	if (len != sizeof(u32))
		return -HANDOFF_ERR_BADPROP;
	*out = fdt32_ld(val);
	return 0;
}

int handoff_prop_u64_(const void *blob, int node, const char *name, u64 *out,
		      int required)
{
	const void *val;
	int len;

	*out = 0;
	val = fdt_getprop(blob, node, name, &len);
	if (!val)
		return handoff_prop_missing_(len, required);
	if (len != sizeof(u64))
		return -HANDOFF_ERR_BADPROP;
	*out = fdt64_ld(val);
	return 0;
}

/*
 * Strings are printable ASCII, as INQUIRY and IDENTIFY strings are by their
 * specifications: the kernel quotes them in its log and status file, and
 * tools print them to terminals.
 */
static int printable_(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

/* A string is one NUL-terminated printable run filling the property. */
static int check_string_(const char *s, int len)
{
	if (len < 1 || len > HANDOFF_STR_MAX + 1 || s[len - 1] != '\0')
		return -HANDOFF_ERR_BADPROP;
	if (strlen(s) != (size_t)len - 1 || !printable_(s))
		return -HANDOFF_ERR_BADPROP;
	return 0;
}

int handoff_prop_str_(const void *blob, int node, const char *name,
		      const char **out, int required)
{
	const char *val;
	int len, err;

	*out = NULL;
	val = fdt_getprop(blob, node, name, &len);
	if (!val)
		return handoff_prop_missing_(len, required);
	err = check_string_(val, len);
	if (err)
		return err;
	if (required && !val[0])
		return -HANDOFF_ERR_BADPROP;
	*out = val;
	return 0;
}

/* The SCSI identity "ident" is exactly three strings: vendor, model, rev. */
static int prop_ident_(const void *blob, int node, struct handoff_scsi_dev *d)
{
	const char *val, *end, *s[3];
	int len, i;

	val = fdt_getprop(blob, node, "ident", &len);
	if (!val)
		return handoff_prop_missing_(len, 1);
	if (len < 3 || val[len - 1] != '\0')
		return -HANDOFF_ERR_BADPROP;
	end = val + len;
	for (i = 0; i < 3; i++) {
		if (val >= end || strlen(val) > HANDOFF_STR_MAX ||
		    !printable_(val))
			return -HANDOFF_ERR_BADPROP;
		s[i] = val;
		val += strlen(val) + 1;
	}
	if (val != end)
		return -HANDOFF_ERR_BADPROP;
	d->vendor = s[0];
	d->model = s[1];
	d->rev = s[2];
	return 0;
}

/* Children of @parent whose names begin with @prefix, in blob order. */
static int next_named_(const void *blob, int node, const char *prefix)
{
	const char *name;
	size_t plen = strlen(prefix);

	for (; node >= 0; node = fdt_next_subnode(blob, node)) {
		name = fdt_get_name(blob, node, NULL);
		if (!name)
			return -HANDOFF_ERR_BADSTRUCTURE;
		if (!strncmp(name, prefix, plen))
			return node;
	}
	if (node == -FDT_ERR_NOTFOUND)
		return -HANDOFF_ERR_NOTFOUND;
	return -HANDOFF_ERR_BADOFFSET;
}

int handoff_first_named_(const void *blob, int parent, const char *prefix)
{
	if (parent < 0)
		return parent;
	return next_named_(blob, fdt_first_subnode(blob, parent), prefix);
}

int handoff_section_(const void *blob, const char *name)
{
	int off = fdt_subnode_offset(blob, 0, name);

	if (off == -FDT_ERR_NOTFOUND)
		return -HANDOFF_ERR_NOTFOUND;
	return off < 0 ? -HANDOFF_ERR_BADSTRUCTURE : off;
}

/* @node must be a node whose name starts with @prefix. */
int handoff_is_kind_(const void *blob, int node, const char *prefix)
{
	const char *name;

	if (node < 0)
		return -HANDOFF_ERR_BADOFFSET;
	name = fdt_get_name(blob, node, NULL);
	if (!name || strncmp(name, prefix, strlen(prefix)))
		return -HANDOFF_ERR_BADOFFSET;
	return 0;
}

int handoff_next_sibling_(const void *blob, int prev, const char *prefix)
{
	int err = handoff_is_kind_(blob, prev, prefix);

	if (err)
		return err;
	return next_named_(blob, fdt_next_subnode(blob, prev), prefix);
}

int handoff_scsi_host_first(const void *blob)
{
	return handoff_first_named_(blob,
				    handoff_section_(blob, HANDOFF_SCSI_NODE),
				    HANDOFF_HOST_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_scsi_host_first);

int handoff_scsi_host_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_HOST_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_scsi_host_next);

int handoff_scsi_dev_first(const void *blob, int host)
{
	int err = handoff_is_kind_(blob, host, HANDOFF_HOST_PREFIX);

	return err ? err : handoff_first_named_(blob, host, HANDOFF_DEV_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_scsi_dev_first);

int handoff_scsi_dev_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_DEV_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_scsi_dev_next);

int handoff_ata_port_first(const void *blob)
{
	return handoff_first_named_(blob,
				    handoff_section_(blob, HANDOFF_ATA_NODE),
				    HANDOFF_PORT_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_ata_port_first);

int handoff_ata_port_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_PORT_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_ata_port_next);

int handoff_ata_dev_first(const void *blob, int port)
{
	int err = handoff_is_kind_(blob, port, HANDOFF_PORT_PREFIX);

	return err ? err : handoff_first_named_(blob, port, HANDOFF_DEV_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_ata_dev_first);

int handoff_ata_dev_next(const void *blob, int prev)
{
	return handoff_next_sibling_(blob, prev, HANDOFF_DEV_PREFIX);
}
EXPORT_SYMBOL_GPL(handoff_ata_dev_next);

int handoff_get_info(const void *blob, struct handoff_info *info)
{
	const u32 *ver;
	int len, err;

	ver = fdt_getprop(blob, 0, "version", &len);
	if (!ver)
		return handoff_prop_missing_(len, 1);
	if (len != 2 * sizeof(u32))
		return -HANDOFF_ERR_BADPROP;
	info->version_major = fdt32_ld((const fdt32_t *)ver);
	info->version_minor = fdt32_ld((const fdt32_t *)ver + 1);
	err = handoff_prop_str_(blob, 0, "kernel-release",
				&info->kernel_release, 1);
	if (!err)
		err = handoff_prop_str_(blob, 0, "boot-id", &info->boot_id, 1);
	if (!err)
		err = handoff_prop_u64_(blob, 0, "created", &info->created, 1);
	return err;
}

int handoff_get_scsi_host(const void *blob, int node,
			  struct handoff_scsi_host *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_HOST_PREFIX);

	if (!err)
		err = handoff_prop_str_(blob, node, "proc-name",
					&out->proc_name, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "parent", &out->parent, 1);
	if (!err)
		err = handoff_prop_u32_(blob, node, "ordinal",
					&out->ordinal, 1);
	return err;
}
EXPORT_SYMBOL_GPL(handoff_get_scsi_host);

static int scsi_reg_(const void *blob, int node, struct handoff_scsi_dev *d)
{
	const fdt32_t *reg;
	int len;

	reg = fdt_getprop(blob, node, "reg", &len);
	if (!reg)
		return handoff_prop_missing_(len, 1);
	if (len != HANDOFF_SCSI_REG_CELLS * sizeof(fdt32_t))
		return -HANDOFF_ERR_BADPROP;
	d->channel = fdt32_ld(&reg[0]);
	d->id = fdt32_ld(&reg[1]);
	d->lun = (u64)fdt32_ld(&reg[2]) << 32 | fdt32_ld(&reg[3]);
	return 0;
}

int handoff_get_scsi_dev(const void *blob, int node,
			 struct handoff_scsi_dev *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_DEV_PREFIX);

	if (!err)
		err = scsi_reg_(blob, node, out);
	if (!err)
		err = handoff_prop_u32_(blob, node, "type", &out->type, 1);
	if (!err)
		err = prop_ident_(blob, node, out);
	if (!err)
		err = handoff_prop_str_(blob, node, "serial", &out->serial, 0);
	if (!err)
		err = handoff_prop_str_(blob, node, "wwid", &out->wwid, 0);
	if (!err)
		err = handoff_prop_u64_(blob, node, "capacity",
					&out->capacity, 0);
	return err;
}
EXPORT_SYMBOL_GPL(handoff_get_scsi_dev);

static int link_state_(const void *blob, int node, u32 *link)
{
	const char *s;
	int err = handoff_prop_str_(blob, node, "link", &s, 1);

	if (err)
		return err;
	if (!strcmp(s, "up"))
		*link = HANDOFF_LINK_UP;
	else if (!strcmp(s, "down"))
		*link = HANDOFF_LINK_DOWN;
	else
		return -HANDOFF_ERR_BADPROP;
	return 0;
}

int handoff_get_ata_port(const void *blob, int node,
			 struct handoff_ata_port *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_PORT_PREFIX);

	if (!err)
		err = handoff_prop_str_(blob, node, "driver", &out->driver, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "parent", &out->parent, 1);
	if (!err)
		err = handoff_prop_u32_(blob, node, "port", &out->port, 1);
	if (!err)
		err = link_state_(blob, node, &out->link);
	if (!err)
		err = handoff_prop_str_(blob, node, "sata-spd",
					&out->sata_spd, 0);
	return err;
}
EXPORT_SYMBOL_GPL(handoff_get_ata_port);

int handoff_get_ata_dev(const void *blob, int node, struct handoff_ata_dev *out)
{
	int err = handoff_is_kind_(blob, node, HANDOFF_DEV_PREFIX);

	if (!err)
		err = handoff_prop_u32_(blob, node, "reg", &out->devno, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "class", &out->class, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "model", &out->model, 1);
	if (!err)
		err = handoff_prop_str_(blob, node, "serial", &out->serial, 0);
	if (!err)
		err = handoff_prop_str_(blob, node, "firmware",
					&out->firmware, 0);
	if (!err)
		err = handoff_prop_u64_(blob, node, "sectors",
					&out->sectors, 0);
	return err;
}
EXPORT_SYMBOL_GPL(handoff_get_ata_dev);

/*
 * The root must say it is a handoff blob before its version is believed;
 * a "kexec-handoff-vN" with N > 1 is a newer format, not a foreign blob.
 */
static int check_root_(const void *blob)
{
	struct handoff_info info;
	const char *compat;
	int len, err;

	compat = fdt_getprop(blob, 0, "compatible", &len);
	if (!compat)
		return handoff_prop_missing_(len, 1);
	if (fdt_node_check_compatible(blob, 0, HANDOFF_COMPATIBLE)) {
		if (len > 15 && !memcmp(compat, "kexec-handoff-v", 15))
			return -HANDOFF_ERR_VERSION;
		return -HANDOFF_ERR_COMPATIBLE;
	}
	err = handoff_get_info(blob, &info);
	if (err)
		return err;
	if (info.version_major > HANDOFF_VERSION_MAJOR)
		return -HANDOFF_ERR_VERSION;
	if (info.version_major < HANDOFF_VERSION_MAJOR)
		return -HANDOFF_ERR_BADPROP;
	return 0;
}

/* Walk every known node once so that later getters cannot fail. */
static int check_scsi_(const void *blob)
{
	struct handoff_scsi_host host;
	struct handoff_scsi_dev dev;
	int h, d, err;

	for (h = handoff_scsi_host_first(blob); h >= 0;
	     h = handoff_scsi_host_next(blob, h)) {
		err = handoff_get_scsi_host(blob, h, &host);
		if (err)
			return err;
		for (d = handoff_scsi_dev_first(blob, h); d >= 0;
		     d = handoff_scsi_dev_next(blob, d)) {
			err = handoff_get_scsi_dev(blob, d, &dev);
			if (err)
				return err;
		}
		if (d != -HANDOFF_ERR_NOTFOUND)
			return d;
	}
	return h == -HANDOFF_ERR_NOTFOUND ? 0 : h;
}

static int check_ata_(const void *blob)
{
	struct handoff_ata_port port;
	struct handoff_ata_dev dev;
	int p, d, err;

	for (p = handoff_ata_port_first(blob); p >= 0;
	     p = handoff_ata_port_next(blob, p)) {
		err = handoff_get_ata_port(blob, p, &port);
		if (err)
			return err;
		for (d = handoff_ata_dev_first(blob, p); d >= 0;
		     d = handoff_ata_dev_next(blob, d)) {
			err = handoff_get_ata_dev(blob, d, &dev);
			if (err)
				return err;
		}
		if (d != -HANDOFF_ERR_NOTFOUND)
			return d;
	}
	return p == -HANDOFF_ERR_NOTFOUND ? 0 : p;
}

/*
 * Bytes taken by the tag at @off of the structure block @sb (@size bytes),
 * or -1 when it does not fit or names a string outside @strings.
 */
static int tag_bytes_(const char *sb, u32 size, u32 off, u32 tag,
		      const char *strings, u32 strsize)
{
	const char *nul;
	u32 len, nameoff;

	switch (tag) {
	case FDT_BEGIN_NODE:
		nul = memchr(sb + off + 4, '\0', size - off - 4);
		if (!nul)
			return -1;
		return (int)((nul - (sb + off) + 1 + 3) & ~3);
	case FDT_PROP:
		if (size - off < 12)
			return -1;
		len = ld32_(sb, off + 4);
		nameoff = ld32_(sb, off + 8);
		if (len > size - off - 12 || nameoff >= strsize ||
		    !memchr(strings + nameoff, '\0', strsize - nameoff))
			return -1;
		return (int)((12 + len + 3) & ~3u);
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		return 4;
	default:
		return -1;
	}
}

/*
 * Nesting: one root first, properties only inside nodes, END last, nodes
 * at most HANDOFF_MAX_DEPTH deep.
 */
static int tag_nesting_(u32 tag, u32 off, const char *sb, int *depth,
			int *roots)
{
	switch (tag) {
	case FDT_BEGIN_NODE:
		if (*depth == 0 && (*roots)++)
			return -1;
		if (*depth == 0 && sb[off + 4])
			return -1;
		if (*depth >= HANDOFF_MAX_DEPTH)
			return -1;
		(*depth)++;
		return 0;
	case FDT_PROP:
		return *depth > 0 ? 0 : -1;
	case FDT_END_NODE:
		return (*depth)-- > 0 ? 0 : -1;
	case FDT_END:
		return *depth == 0 && *roots ? 1 : -1;
	default:
		return *roots ? 0 : -1;
	}
}

/*
 * libfdt's accessors trust the structure block, and the kernel's libfdt
 * has no fdt_check_full(), so the walk that proves it sound lives here,
 * where it is fuzzed: every tag, name and value inside the block, every
 * property name inside the strings block, one root, proper and bounded
 * nesting.
 */
static int check_structure_(const void *blob)
{
	const char *sb, *strings;
	u32 size, strsize, off, tag;
	int depth = 0, roots = 0, n, r;

	/*
	 * Readers ignore reservations, but tools such as dtc walk them. The
	 * entries are two 64-bit cells: libfdt reads them in place, so an
	 * unaligned map would make it form misaligned pointers.
	 */
	if (fdt_check_header(blob) || fdt_version(blob) < 17 ||
	    fdt_off_mem_rsvmap(blob) % 8 || fdt_num_mem_rsv(blob) < 0)
		return -HANDOFF_ERR_BADSTRUCTURE;
	sb = (const char *)blob + fdt_off_dt_struct(blob);
	size = fdt_size_dt_struct(blob);
	strings = (const char *)blob + fdt_off_dt_strings(blob);
	strsize = fdt_size_dt_strings(blob);
	for (off = 0; size - off >= 4; off += n) {
		tag = ld32_(sb, off);
		n = tag_bytes_(sb, size, off, tag, strings, strsize);
		if (n < 0)
			return -HANDOFF_ERR_BADSTRUCTURE;
		r = tag_nesting_(tag, off, sb, &depth, &roots);
		if (r < 0)
			return -HANDOFF_ERR_BADSTRUCTURE;
		if (r > 0)
			return off + 4 == size ? 0 : -HANDOFF_ERR_BADSTRUCTURE;
		if ((u32)n > size - off)
			return -HANDOFF_ERR_BADSTRUCTURE;
	}
	return -HANDOFF_ERR_BADSTRUCTURE;
}

int handoff_check_full(const void *blob, size_t bufsize)
{
	int total, slot, err;

	total = handoff_check_header(blob, bufsize);
	if (total < 0)
		return total;
	slot = handoff_crc_slot_(blob, total);
	if (slot < 0)
		return slot;
	if (ld32_(blob, slot) != handoff_blob_crc_(blob, total, slot))
		return -HANDOFF_ERR_CHECKSUM;
	err = check_structure_(blob);
	if (!err)
		err = check_root_(blob);
	if (!err)
		err = check_scsi_(blob);
	if (!err)
		err = check_ata_(blob);
	return err ? err : total;
}
