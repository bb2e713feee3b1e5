// SPDX-License-Identifier: GPL-2.0-only
/*
 * view_dts.c - the blob as device tree source
 *
 * Generic over the tree rather than tied to format v1, so it also shows
 * nodes and properties a newer writer added. A DTB does not record types,
 * so values are shown the way dtc guesses them: printable NUL-terminated
 * runs as strings, multiples of four bytes as cells, anything else as
 * bytes. The output compiles back with dtc.
 *
 * Names come from the blob too, and nothing checks them (readers ignore
 * what they do not know), so they are printed as they are only where they
 * keep to the devicetree specification's character sets; any other byte is
 * shown as \xNN. A hostile name can then neither reach the terminal as an
 * escape sequence nor close the tree and open a fake one, and as "\" is
 * no name character, dtc refuses such output rather than compiling it into
 * another tree.
 */
#include <libfdt.h>
#include <string.h>

#include "views.h"

#define NODE_CHARS	",._+-@"	/* "@" starts the unit address */
#define PROP_CHARS	",._+-?#"

static int is_print(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

static int is_name_char(unsigned char c, const char *extra)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr(extra, c));
}

static void print_name(FILE *out, const char *name, const char *extra)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if (is_name_char(*p, extra))
			fputc(*p, out);
		else
			fprintf(out, "\\x%02x", *p);
	}
}

static int is_stringlist(const char *v, int len)
{
	int i;

	if (len < 1 || v[len - 1] || !v[0])
		return 0;
	for (i = 0; i < len - 1; i++) {
		if (!v[i] && !v[i + 1])
			return 0;
		if (v[i] && !is_print((unsigned char)v[i]))
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
		print_name(out, name, PROP_CHARS);
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
		if (depth)
			print_name(out, name, NODE_CHARS);
		else
			fputc('/', out);
		fputs(" {\n", out);
		print_props(out, blob, node, depth + 1);
		prev = depth + 1;
	}
	for (; prev > 0; prev--) {
		indent(out, prev - 1);
		fputs("};\n", out);
	}
	return 0;
}
