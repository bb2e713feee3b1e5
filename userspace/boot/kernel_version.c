// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel_version.c - the linux-version order of kernel releases
 * (kernel_version.h)
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "kernel_version.h"

struct run_ {
	const char *s;
	size_t len;
	bool digits;
};

/* The run that starts at *@p; at the end of the string an empty one. */
static struct run_ next_run_(const char **p)
{
	const char *s = *p, *e = s;
	struct run_ r = { s, 0, isdigit((unsigned char)*s) != 0 };

	if (r.digits) {
		while (isdigit((unsigned char)*e))
			e++;
	} else if (*e) {
		e++;	/* a leading '-', or the first other character */
		while (*e && *e != '-' && !isdigit((unsigned char)*e))
			e++;
	}
	r.len = (size_t)(e - s);
	*p = e;
	return r;
}

static bool pre_release_(const struct run_ *r)
{
	return (r->len == 3 && !memcmp(r->s, "-rc", 3)) ||
	       (r->len == 6 && !memcmp(r->s, "-trunk", 6));
}

/* By value, however long: leading zeros do not count. */
static int cmp_digits_(struct run_ a, struct run_ b)
{
	while (a.len > 1 && *a.s == '0')
		a.s++, a.len--;
	while (b.len > 1 && *b.s == '0')
		b.s++, b.len--;
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	return memcmp(a.s, b.s, a.len);
}

static int cmp_bytes_(const struct run_ *a, const struct run_ *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c || a->len == b->len)
		return c;
	return a->len < b->len ? -1 : 1;
}

int kh_kernel_version_cmp(const char *a, const char *b)
{
	struct run_ ra, rb;
	bool pa, pb;
	int c;

	for (;;) {
		ra = next_run_(&a);
		rb = next_run_(&b);
		pa = pre_release_(&ra);
		pb = pre_release_(&rb);
		if (pa != pb)
			return pa ? -1 : 1;
		if (!ra.len && !rb.len)
			return 0;
		c = ra.digits && rb.digits ? cmp_digits_(ra, rb) :
					     cmp_bytes_(&ra, &rb);
		if (c)
			return c < 0 ? -1 : 1;
	}
}
