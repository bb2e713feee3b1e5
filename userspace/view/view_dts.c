// SPDX-License-Identifier: GPL-2.0-only
/*
 * view_dts.c - the blob as device tree source
 *
 * Generic over the tree rather than tied to format v1, so it also shows
 * nodes and properties a newer writer added. A DTB does not record types,
 * so values are shown the way dtc guesses them: printable NUL-terminated
 * runs as strings, multiples of four bytes as cells, anything else as
 * bytes. The output compiles back with dtc.
 */
#include <ctype.h>
#include <libfdt.h>

#include "views.h"

static int is_stringlist(const char *v, int len)
{
	int i;

	if (len < 1 || v[len - 1] || !v[0])
		return 0;
	for (i = 0; i < len - 1; i++) {
		if (!v[i] && !v[i + 1])
			return 0;
		if (v[i] && !isprint((unsigned char)v[i]))
			return 0;
	}
	return 1;
}

static void print_value(FILE *out, const unsigned char *v, int len)
{
	int i;

	if (is_stringlist((const char *)v, len)) {
		fputc('"', out);
		for (i = 0; i < len - 1; i++) {
			if (!v[i])
				fputs("\", \"", out);
			else if (v[i] == '"' || v[i] == '\\')
				fprintf(out, "\\%c", v[i]);
			else
				fputc(v[i], out);
		}
		fputc('"', out);
	} else if (len % 4 == 0) {
		fputc('<', out);
		for (i = 0; i < len; i += 4)
			fprintf(out, "%s0x%02x%02x%02x%02x", i ? " " : "",
				v[i], v[i + 1], v[i + 2], v[i + 3]);
		fputc('>', out);
	} else {
		fputc('[', out);
		for (i = 0; i < len; i++)
			fprintf(out, "%s%02x", i ? " " : "", v[i]);
		fputc(']', out);
	}
}

static void indent(FILE *out, int depth)
{
	while (depth-- > 0)
		fputc('\t', out);
}

static void print_props(FILE *out, const void *blob, int node, int depth)
{
	const char *name;
	const void *val;
	int prop, len;

	fdt_for_each_property_offset(prop, blob, node) {
		val = fdt_getprop_by_offset(blob, prop, &name, &len);
		if (!val)
			continue;
		indent(out, depth);
		fputs(name, out);
		if (len) {
			fputs(" = ", out);
			print_value(out, val, len);
		}
		fputs(";\n", out);
	}
}

int kh_view_dts(FILE *out, const void *blob, int size)
{
	int node = 0, depth = 0, prev = 0;
	const char *name;

	(void)size;
	fputs("/dts-v1/;\n\n", out);
	for (; node >= 0 && depth >= 0; node = fdt_next_node(blob, node, &depth)) {
		for (; prev > depth; prev--) {
			indent(out, prev - 1);
			fputs("};\n", out);
		}
		name = fdt_get_name(blob, node, NULL);
		indent(out, depth);
		fprintf(out, "%s {\n", depth ? name : "/");
		print_props(out, blob, node, depth + 1);
		prev = depth + 1;
	}
	for (; prev > 0; prev--) {
		indent(out, prev - 1);
		fputs("};\n", out);
	}
	return 0;
}
