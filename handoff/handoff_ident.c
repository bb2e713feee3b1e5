// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * handoff_ident.c - how hosts and devices are named across a kexec
 *
 * The old system records identities from sysfs; the new kernel derives
 * them from its own devices and compares. Both compile this very file, so
 * the two cannot drift apart: an identity user space records is one the
 * kernel derives the same way.
 *
 * A host's parent is the nearest PCI function above it, which the
 * machine's topology fixes. Without one, the device path stands in, with
 * the components that count in probe order dropped: what remains
 * (platform device names, adapter indices that follow the configuration)
 * reads the same in the next kernel.
 *
 * Identity strings (INQUIRY vendor, model and revision, the VPD page 0x80
 * serial, IDENTIFY model, serial and firmware) come in fixed-width fields
 * padded with blanks, and some devices end them early with NULs.
 *
 * Pure string functions: nothing here allocates, and nothing depends on
 * the locale.
 */
#include "handoff.h"

/*
 * Path components numbered in probe order. In a pattern, '#' stands for
 * one or more decimal digits and anything else for itself. The table ends
 * with a NULL pattern (the kernel's ARRAY_SIZE() does not exist in user
 * space).
 */
static const struct {
	const char *pattern;
	const char *why;
} probe_numbered_[] = {
	{ "virtio#", "virtio bus index: order in which virtio devices bound" },
	{ "ata#", "libata print id: counts ports of all controllers" },
	{ "host#", "SCSI host number: order in which hosts registered" },
	{ "target#:#:#", "SCSI target name: begins with the host number" },
	{ NULL, NULL }
};

static int is_digit_(char c)
{
	return c >= '0' && c <= '9';
}

static int is_xdigit_(char c)
{
	return is_digit_(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int is_printable_(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Whether the @len bytes at @s are @pattern, '#' matching digits. */
static int match_(const char *pattern, const char *s, size_t len)
{
	const char *end = s + len;
	size_t digits;

	for (; *pattern; pattern++) {
		if (*pattern != '#') {
			if (s == end || *s != *pattern)
				return 0;
			s++;
			continue;
		}
		for (digits = 0; s < end && is_digit_(*s); s++)
			digits++;
		if (!digits)
			return 0;
	}
	return s == end;
}

static int is_probe_numbered_(const char *name, size_t len)
{
	size_t i;

	for (i = 0; probe_numbered_[i].pattern; i++)
		if (match_(probe_numbered_[i].pattern, name, len))
			return 1;
	return 0;
}

static size_t hex_run_(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_xdigit_(s[n]))
		n++;
	return n;
}

/* "DDDD:BB:DD.F", the domain four or more hex digits (VMD has five). */
static int is_pci_name_(const char *name, size_t len)
{
	size_t dom = hex_run_(name, len);

	if (dom < 4 || len != dom + 8)
		return 0;
	name += dom;
	return name[0] == ':' && hex_run_(name + 1, 2) == 2 &&
	       name[3] == ':' && hex_run_(name + 4, 2) == 2 &&
	       name[6] == '.' && name[7] >= '0' && name[7] <= '7';
}

/* The nearest PCI component of @path (which ends at @end), or NULL. */
static const char *nearest_pci_(const char *path, const char *end,
				size_t *len)
{
	const char *comp;

	while (end > path) {
		comp = end;
		while (comp > path && comp[-1] != '/')
			comp--;
		if (is_pci_name_(comp, (size_t)(end - comp))) {
			*len = (size_t)(end - comp);
			return comp;
		}
		end = comp > path ? comp - 1 : comp;
	}
	return NULL;
}

/* Append @n bytes at @s to @out, which holds @used bytes of @len. */
static int append_(char *out, size_t len, size_t *used, const char *s,
		   size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_printable_(s[i]))
			return -HANDOFF_ERR_BADVALUE;
	if (n >= len - *used)
		return -HANDOFF_ERR_NOSPACE;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

/* "path:" and the components of @path that are not probe-numbered. */
static int stable_path_(const char *path, char *out, size_t len)
{
	size_t n, used = 0;
	int err, empty = 1;

	err = append_(out, len, &used, "path:", 5);
	while (!err && *path) {
		n = strcspn(path, "/");
		if (n && !is_probe_numbered_(path, n)) {
			if (!empty)
				err = append_(out, len, &used, "/", 1);
			if (!err)
				err = append_(out, len, &used, path, n);
			empty = 0;
		}
		path += n + (path[n] == '/');
	}
	if (!err && empty)
		err = -HANDOFF_ERR_NOTFOUND;
	if (err)
		out[0] = '\0';
	return err ? err : (int)used;
}

int handoff_parent_id(const char *devpath, char *out, size_t len)
{
	static const char top[] = "devices/";
	const char *pci;
	size_t n, used = 0;
	int err;

	if (!len || len > HANDOFF_MAX_SIZE)
		return -HANDOFF_ERR_BADVALUE;
	out[0] = '\0';
	if (*devpath == '/')
		devpath++;
	if (strncmp(devpath, top, sizeof(top) - 1))
		return -HANDOFF_ERR_BADVALUE;
	devpath += sizeof(top) - 1;
	pci = nearest_pci_(devpath, devpath + strlen(devpath), &n);
	if (!pci)
		return stable_path_(devpath, out, len);
	err = append_(out, len, &used, "pci:", 4);
	if (!err)
		err = append_(out, len, &used, pci, n);
	if (err)
		out[0] = '\0';
	return err ? err : (int)used;
}

int handoff_field_trim(const void *field, size_t width, size_t *start)
{
	const char *s = field;
	size_t i, n = width;

	*start = 0;
	if (width > HANDOFF_MAX_SIZE)
		return -HANDOFF_ERR_BADVALUE;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		n--;
	while (*start < n && s[*start] == ' ')
		(*start)++;
	for (i = *start; i < n; i++)
		if (!is_printable_(s[i]))
			return -HANDOFF_ERR_BADVALUE;
	return (int)(n - *start);
}

int handoff_field_matches(const void *field, size_t width, const char *want)
{
	size_t start;
	int n;

	if (!want)
		return 0;
	n = handoff_field_trim(field, width, &start);
	return n >= 0 && strlen(want) == (size_t)n &&
	       !memcmp((const char *)field + start, want, n);
}
EXPORT_SYMBOL_GPL(handoff_field_matches);
