// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_ranges.c - reading the page-ranges image (page_ranges.h)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "page_ranges.h"

#define HEADER "kexec-handoff page-ranges 1 "

int kh_page_ranges_served(const char *name)
{
	size_t len = strlen(name), i;

	if (len < sizeof("pages-1.img") - 1 || strncmp(name, "pages-", 6) ||
	    strcmp(name + len - 4, ".img"))
		return 0;
	for (i = 6; i < len - 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	return len < sizeof(((struct kh_page_image *)0)->name);
}

/* A decimal or hexadecimal number of at most @max, ending at a space,
 * a newline or @end; *@p moves past it. */
static int number(const char **p, const char *end, int base, uint64_t max,
		  uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d, digits = 0;

	for (; s < end && *s != ' ' && *s != '\n'; s++, digits++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else
			return -EINVAL;
		if (v > (max - (uint64_t)d) / (uint64_t)base)
			return -EINVAL;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (!digits || (base == 10 && digits > 1 && **p == '0'))
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

static int word(const char **p, const char *end, char *out, size_t len)
{
	size_t n = 0;

	for (; *p < end && **p != ' ' && **p != '\n'; (*p)++) {
		if (n + 1 >= len)
			return -EINVAL;
		out[n++] = **p;
	}
	out[n] = '\0';
	return n ? 0 : -EINVAL;
}

static int line(struct kh_page_ranges *r, const char **p, const char *end)
{
	struct kh_page_image *img = &r->v[r->n];
	uint64_t v;
	uint32_t i;

	if (r->n == KH_PAGE_RANGES_MAX || word(p, end, img->name, sizeof(img->name)) ||
	    !kh_page_ranges_served(img->name) || kh_page_ranges_find(r, img->name))
		return -EINVAL;
	if (*p == end || *(*p)++ != ' ' ||
	    number(p, end, 10, KH_PAGE_RANGES_MAX_SIZE, &img->size))
		return -EINVAL;
	img->n = (uint32_t)((img->size + r->range - 1) / r->range);
	img->crc = calloc(img->n ? img->n : 1, sizeof(*img->crc));
	if (!img->crc)
		return -ENOMEM;
	r->n++;
	for (i = 0; i < img->n; i++) {
		const char *start;

		if (*p == end || *(*p)++ != ' ')
			return -EINVAL;
		start = *p;
		if (number(p, end, 16, UINT32_MAX, &v) || *p - start != 8)
			return -EINVAL;
		img->crc[i] = (uint32_t)v;
	}
	return *p < end && *(*p)++ == '\n' ? 0 : -EINVAL;
}

int kh_page_ranges_parse(const char *text, size_t len,
			 struct kh_page_ranges *r)
{
	const char *p = text, *end = text + len;
	uint64_t range;
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (len < sizeof(HEADER) - 1 || memcmp(text, HEADER, sizeof(HEADER) - 1))
		return -EINVAL;
	p += sizeof(HEADER) - 1;
	/* Whole pages, so a range never splits one. */
	if (number(&p, end, 10, 1u << 30, &range) || range < 4096 ||
	    range % 4096 || p == end || *p++ != '\n')
		return -EINVAL;
	r->range = (uint32_t)range;
	while (!err && p < end)
		err = line(r, &p, end);
	if (err)
		kh_page_ranges_free(r);
	return err;
}

int kh_page_ranges_offsets(struct kh_page_ranges *r, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	unsigned char seen[KH_PAGE_RANGES_MAX] = { 0 };
	char name[64];
	uint64_t off;
	size_t n;

	while (p < end) {
		const struct kh_page_image *img;

		n = strcspn(p, "=");
		if (!n || n >= sizeof(name) || p + n == end)
			return -EINVAL;
		memcpy(name, p, n);
		name[n] = '\0';
		p += n + 1;
		img = kh_page_ranges_find(r, name);
		if (!img || seen[img - r->v]++ ||
		    number(&p, end, 10, UINT64_MAX, &off))
			return -EINVAL;
		r->v[img - r->v].offset = off;
		if (p < end && *p++ != ' ')
			return -EINVAL;
	}
	/* On a device every image is read from it: none may be left out. */
	for (n = 0; n < (size_t)r->n; n++)
		if (!seen[n])
			return -EINVAL;
	return 0;
}

const struct kh_page_image *kh_page_ranges_find(const struct kh_page_ranges *r,
						const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return &r->v[i];
	return NULL;
}

void kh_page_ranges_free(struct kh_page_ranges *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].crc);
	r->n = 0;
}
