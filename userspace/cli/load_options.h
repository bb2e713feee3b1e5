/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * load_options.h - the options of --load, which upgrade takes too
 */
#ifndef KH_LOAD_OPTIONS_H
#define KH_LOAD_OPTIONS_H

#include <getopt.h>

#include "loaded.h"

/* getopt_long()'s table and short options for them; the table ends with
 * an all-zero entry and holds KH_LOAD_NOPTIONS others. */
#define KH_LOAD_NOPTIONS 13
#define KH_LOAD_SHORT "shi"
extern const struct option kh_load_options[KH_LOAD_NOPTIONS + 1];

/* What kh_load_option() returns for --help. */
#define KH_LOAD_HELP 1

/*
 * kh_load_option_init - the options' defaults (the initrd store)
 */
void kh_load_option_init(struct kh_load_opts *o);

/*
 * kh_load_option - take one option getopt_long() returned for the table
 * @c: what it returned ('?' for one it did not know)
 * @arg: its optarg
 *
 * returns: 0, KH_LOAD_HELP, or -EINVAL when @c is unknown or the value is
 * refused (the reason is then on stderr)
 */
int kh_load_option(struct kh_load_opts *o, int c, const char *arg);

#endif /* KH_LOAD_OPTIONS_H */
