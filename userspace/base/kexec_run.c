// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_run.c - running kexec-tools
 *
 * Loading and jumping stay with kexec(8): its image loaders know every
 * kernel format and architecture quirk, and we only add a blob to the
 * initrd. The binary comes from the context so tests can swap in a
 * recording stub.
 */
#include <stdio.h>
#include <string.h>

#include "kexec_run.h"

int kh_kexec(struct kh_ctx *ctx, const char *const *args)
{
	return kh_run(ctx, ctx->kexec, args);
}

static void print_quoted(FILE *out, const char *s)
{
	if (*s && !strpbrk(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~")) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

void kh_kexec_print(struct kh_ctx *ctx, FILE *out, const char *const *args)
{
	print_quoted(out, ctx->kexec);
	for (; *args; args++) {
		fputc(' ', out);
		print_quoted(out, *args);
	}
	fputc('\n', out);
}
