// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_args.c - option handling shared by verbs
 */
#include <stdio.h>
#include <string.h>

#include "verbs.h"

int kh_verb_no_options(int argc, char **argv, const char *usage)
{
	int help;

	if (argc < 2)
		return -1;
	help = !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h");
	fputs(usage, help ? stdout : stderr);
	return help ? KH_EXIT_OK : KH_EXIT_USAGE;
}
