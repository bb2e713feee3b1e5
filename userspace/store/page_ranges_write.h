/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * page_ranges_write.h - the page-ranges image of a dumped group
 * (page_ranges.h says what it is for)
 */
#ifndef KH_PAGE_RANGES_WRITE_H
#define KH_PAGE_RANGES_WRITE_H

#include "kh.h"

/*
 * kh_page_ranges_write - write @dir/page-ranges for the page images CRIU
 * just dumped into @dir
 *
 * returns: 0, or a negative errno with ctx->err naming the file
 */
int kh_page_ranges_write(struct kh_ctx *ctx, const char *dir);

#endif /* KH_PAGE_RANGES_WRITE_H */
