// SPDX-License-Identifier: GPL-2.0-only
/*
 * ident.c - stable identities of storage controllers
 *
 * How a parent is derived and how identity strings are trimmed lives in
 * handoff_ident.c, which the new kernel compiles too, so that it derives
 * every identity recorded here; this file turns its results into
 * messages and strings of the capture.
 */
#include <errno.h>
#include <string.h>

#include "ident.h"

int kh_ident_parent(struct kh_ctx *ctx, const char *devpath, char *out,
		    size_t len)
{
	int n = handoff_parent_id(devpath, out, len);

	if (n >= 0)
		return 0;
	if (n == -HANDOFF_ERR_NOSPACE)
		return kh_fail(ctx, -ENAMETOOLONG,
			       "%s: parent name longer than %zu bytes", devpath,
			       len - 1);
	if (n == -HANDOFF_ERR_NOTFOUND)
		return kh_fail(ctx, -EINVAL, "%s: no stable parent device",
			       devpath);
	if (!kh_ident_is_printable(devpath))
		return kh_fail(ctx, -EILSEQ,
			       "%s: parent name is not printable ASCII", devpath);
	return kh_fail(ctx, -EINVAL, "%s: not below devices/", devpath);
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
	size_t start;
	int m = handoff_field_trim(raw, n, &start);

	if (m < 0)
		return -EILSEQ;
	if ((size_t)m >= len)
		return -EOVERFLOW;
	memcpy(out, raw + start, m);
	out[m] = '\0';
	return m;
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
