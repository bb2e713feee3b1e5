/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verbs.h - one handler per kexec-handoff verb
 *
 * Each handler parses its own options (argv[0] is the verb's name), calls
 * the library, prints, and maps the outcome to an exit status:
 * 0 success, 1 failure (with "kexec-handoff: <why>" on stderr),
 * 2 usage error.
 */
#ifndef KH_VERBS_H
#define KH_VERBS_H

#include "kh.h"

#define KH_EXIT_OK	0
#define KH_EXIT_FAIL	1
#define KH_EXIT_USAGE	2

/*
 * kh_verb_no_options - option handling for verbs that take none
 * @usage: printed to stdout for --help, to stderr for anything else
 *
 * returns: -1 to go on, else the exit status the verb should return
 */
int kh_verb_no_options(int argc, char **argv, const char *usage);

int kh_verb_capture(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_show(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_initrd(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_load(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_exec(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_unload(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_status(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_restore(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_upgrade(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_transition(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_adopt(struct kh_ctx *ctx, int argc, char **argv);
int kh_verb_generate(struct kh_ctx *ctx, int argc, char **argv);

#endif /* KH_VERBS_H */
