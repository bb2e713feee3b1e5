/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * loaded.h - the kernel kexec holds: loading it, jumping into it,
 * unloading it
 *
 * What --load, --exec and --unload do, as functions: their verbs parse
 * the options, check for root and print, and upgrade chains the same
 * calls. None of them checks privileges; the callers do.
 */
#ifndef KH_LOADED_H
#define KH_LOADED_H

#include "exec_plan.h"
#include "kh.h"

struct kh_load_opts {
	struct kh_plan plan;	/* what the options said; kh_load() fills in
				 * the absolute paths and the store's part */
	const char *kernel;	/* as the user named it */
	const char *initrd;	/* NULL: none */
	int dry_run;
};

/*
 * kh_load - capture, write the blob, the initrd and the plan, and load
 * @o->kernel with kexec -l (-s)
 *
 * The new files are written beside the ones of the current load and only
 * take their place once kexec has accepted them, so a failed load leaves
 * an earlier one (kernel and files) as it was. With @o->dry_run the kexec
 * command is printed on stdout instead of run, and the files are left as
 * the ".new" ones.
 *
 * returns: 0, or a negative errno with ctx->err saying why (a file, a
 * process that cannot be checkpointed, a store, kexec's exit)
 */
int kh_load(struct kh_ctx *ctx, struct kh_load_opts *o);

/*
 * kh_exec - jump into the loaded kernel (kexec -e)
 *
 * Refuses when nothing is loaded, since kexec -e would then just return
 * and a script would carry on as if the upgrade had happened. Storage is
 * captured again first and the kernel reloaded if it changed since the
 * load (refresh.h); with processes in the plan they are checkpointed
 * first (jump.h), which captures storage for its final blob anyway.
 *
 * returns only when the jump did not happen: a negative errno with
 * ctx->err saying why
 */
int kh_exec(struct kh_ctx *ctx);

/*
 * kh_unload - unload the kernel (kexec -u) and remove the files prepared
 * for it, a dry run's included; when kexec fails they are kept
 *
 * returns: 0, or a negative errno with ctx->err saying how kexec failed
 */
int kh_unload(struct kh_ctx *ctx);

#endif /* KH_LOADED_H */
