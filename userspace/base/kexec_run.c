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

#include "kexec_run.h"

int kh_kexec(struct kh_ctx *ctx, const char *const *args)
{
	return kh_run(ctx, ctx->kexec, args);
}

void kh_kexec_print(struct kh_ctx *ctx, FILE *out, const char *const *args)
{
	kh_print_command(out, ctx->kexec, args);
}
