// SPDX-License-Identifier: GPL-2.0-only
/*
 * ident.c - stable identities of storage controllers
 *
 * A PCI address is fixed by the machine's topology, so it is the parent
 * whenever there is one. Otherwise the device path stands in, with the
 * components that count in probe order dropped: what remains (platform
 * device names, adapter indices that follow the configuration) reads the
 * same in the next kernel.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "ident.h"

/*
 * Path components numbered in probe order. In a pattern, '#' stands for
 * one or more decimal digits and anything else for itself.
 */
static const struct {
	const char *pattern;
	const char *why;
} probe_numbered_[] = {
	{ "virtio#", "virtio bus index: order in which virtio devices bound" },
	{ "ata#", "libata print id: counts ports of all controllers" },
	{ "host#", "SCSI host number: order in which hosts registered" },
	{ "target#:#:#", "SCSI target name: begins with the host number" },
};

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
		for (digits = 0; s < end && isdigit((unsigned char)*s); s++)
			digits++;
		if (!digits)
			return 0;
	}
	return s == end;
}

static int is_probe_numbered_(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(probe_numbered_) / sizeof(probe_numbered_[0]); i++)
		if (match_(probe_numbered_[i].pattern, name, len))
			return 1;
	return 0;
}

static size_t hex_run_(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && isxdigit((unsigned char)s[n]))
		n++;
	return n;
}

int kh_ident_is_pci_name(const char *name, size_t len)
{
	size_t dom = hex_run_(name, len);

	/* dom + ":BB:DD.F" */
	if (dom < 4 || len != dom + 8)
		return 0;
	name += dom;
	return name[0] == ':' && hex_run_(name + 1, 2) == 2 && name[3] == ':' &&
	       hex_run_(name + 4, 2) == 2 && name[6] == '.' &&
	       name[7] >= '0' && name[7] <= '7';
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
		if (kh_ident_is_pci_name(comp, (size_t)(end - comp))) {
			*len = (size_t)(end - comp);
			return comp;
		}
		end = comp > path ? comp - 1 : comp;
	}
	return NULL;
}

/* Append the components of @path that are not probe-numbered to @out. */
static int stable_path_(const char *path, char *out, size_t len, size_t used)
{
	size_t n;

	while (*path) {
		n = strcspn(path, "/");
		if (n && !is_probe_numbered_(path, n)) {
			if (used + n + 2 > len)
				return -ENAMETOOLONG;
			if (out[used - 1] != ':')
				out[used++] = '/';
			memcpy(out + used, path, n);
			used += n;
			out[used] = '\0';
		}
		path += n + (path[n] == '/');
	}
	return 0;
}

int kh_ident_parent(struct kh_ctx *ctx, const char *devpath, char *out,
		    size_t len)
{
	static const char top[] = "devices/";
	const char *rel = devpath + strlen(top), *pci;
	size_t n;

	if (strncmp(devpath, top, strlen(top)))
		return kh_fail(ctx, -EINVAL, "%s: not below devices/", devpath);
	pci = nearest_pci_(rel, rel + strlen(rel), &n);
	if (pci) {
		if (n + 5 > len)
			goto out_toolong;
		memcpy(out, "pci:", 4);
		memcpy(out + 4, pci, n);
		out[n + 4] = '\0';
		return 0;
	}
	if (len < 6)
		goto out_toolong;
	strcpy(out, "path:");
	if (stable_path_(rel, out, len, 5))
		goto out_toolong;
	if (!out[5])
		return kh_fail(ctx, -EINVAL, "%s: no stable parent device",
			       devpath);
	if (!kh_ident_is_printable(out))
		return kh_fail(ctx, -EILSEQ,
			       "%s: parent name is not printable ASCII",
			       devpath);
	return 0;
out_toolong:
	return kh_fail(ctx, -ENAMETOOLONG, "%s: parent name longer than %zu bytes",
		       devpath, len - 1);
}

int kh_ident_is_printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

int kh_ident_string(const unsigned char *raw, size_t n, char *out,
		    size_t len)
{
	size_t i;

	while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\0'))
		n--;
	while (n && raw[0] == ' ') {
		raw++;
		n--;
	}
	for (i = 0; i < n; i++)
		if (raw[i] < 0x20 || raw[i] > 0x7e)
			return -EILSEQ;
	if (n >= len)
		return -EOVERFLOW;
	memcpy(out, raw, n);
	out[n] = '\0';
	return (int)n;
}

uint32_t kh_ident_ordinal(const struct kh_ident *ids, size_t i)
{
	uint32_t ordinal = 0;
	size_t j;

	if (!ids[i].driver || !ids[i].parent)
		return 0;
	for (j = 0; j < i; j++)
		if (ids[j].driver && ids[j].parent &&
		    !strcmp(ids[j].driver, ids[i].driver) &&
		    !strcmp(ids[j].parent, ids[i].parent))
			ordinal++;
	return ordinal;
}
