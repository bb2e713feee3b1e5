// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec-handoff.c - command dispatch
 *
 * Only dispatches: each verb lives in its own verb_*.c. The kexec-style
 * spellings --load, --exec and --unload are accepted as verbs so the tool
 * drops into scripts written for kexec(8).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "verbs.h"

#define KH_VERSION "0.1"

struct kh_verb {
	const char *name;
	const char *alias;
	int (*run)(struct kh_ctx *ctx, int argc, char **argv);
	const char *help;
};

static const struct kh_verb verbs[] = {
	{ "load", "--load", kh_verb_load,
	  "capture, build the initrd and load KERNEL with kexec -l/-s" },
	{ "exec", "--exec", kh_verb_exec,
	  "checkpoint the selected processes, jump into the loaded kernel" },
	{ "unload", "--unload", kh_verb_unload,
	  "unload the kernel; nothing is lost" },
	{ "upgrade", NULL, kh_verb_upgrade,
	  "load the newest kernel in /boot, reboot into it (systemctl kexec)" },
	{ "capture", NULL, kh_verb_capture,
	  "write this system's storage discovery results to a blob" },
	{ "show", NULL, kh_verb_show, "decode a blob (text, --json, --dts)" },
	{ "initrd", NULL, kh_verb_initrd,
	  "put a blob in front of an initrd as an early cpio" },
	{ "status", NULL, kh_verb_status,
	  "what the running kernel did with its handoff" },
	{ "restore", NULL, kh_verb_restore,
	  "restore checkpointed processes in the new kernel" },
	{ "transition", NULL, kh_verb_transition,
	  "(systemd) checkpoint services as systemctl kexec begins" },
	{ "generate", NULL, kh_verb_generate,
	  "(systemd) make carried units wait to be adopted" },
	{ "adopt", NULL, kh_verb_adopt,
	  "(systemd) take a restored service into its unit" },
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: kexec-handoff --load KERNEL [--initrd FILE] [--append S | --command-line S |\n"
		"                     --reuse-cmdline] [-s] [-i] [--checkpoint PID]...\n"
		"                     [--checkpoint-unit UNIT]...\n"
		"                     [--store initrd|pmem:DEV] [--dry-run]\n"
		"       kexec-handoff --exec | --unload\n"
		"       kexec-handoff upgrade [--kernel VERSION] [--dry-run] [--] [LOAD OPTIONS]\n"
		"       kexec-handoff VERB [OPTIONS]   (VERB --help for its options)\n\n"
		"Carries storage discovery results across a kexec so the new kernel\n"
		"probes only what is known to exist, and selected processes (CRIU)\n"
		"so they resume in the new kernel.\n\nVerbs:\n");
	for (i = 0; i < NVERBS; i++)
		fprintf(out, "  %-10s %s\n", verbs[i].name, verbs[i].help);
	fprintf(out,
		"\nEnvironment: KEXEC_HANDOFF_ROOT (directory standing for /),\n"
		"KEXEC_HANDOFF_KEXEC, KEXEC_HANDOFF_SYSTEMCTL, KEXEC_HANDOFF_SYSTEMD_RUN,\n"
		"KEXEC_HANDOFF_CRIU, KEXEC_HANDOFF_NFT (the kexec, systemctl, systemd-run,\n"
		"criu and nft binaries to run).\n"
		"See kexec-handoff(8).\n");
}

/* Output that never reached stdout is a failure, not a success. */
static int flushed(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kexec-handoff: stdout: %s\n", strerror(errno));
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}

static const struct kh_verb *find_verb(const char *arg)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (!strcmp(arg, verbs[i].name) ||
		    (verbs[i].alias && !strcmp(arg, verbs[i].alias)))
			return &verbs[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct kh_verb *verb;
	struct kh_ctx ctx;

	if (argc < 2) {
		usage(stderr);
		return KH_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return flushed();
	}
	if (!strcmp(argv[1], "--version")) {
		printf("kexec-handoff %s (blob format v1)\n", KH_VERSION);
		return flushed();
	}
	verb = find_verb(argv[1]);
	if (!verb) {
		fprintf(stderr, "kexec-handoff: unknown verb or option '%s' (try --help)\n",
			argv[1]);
		return KH_EXIT_USAGE;
	}
	if (kh_ctx_init(&ctx)) {
		fprintf(stderr, "kexec-handoff: %s\n", ctx.err);
		return KH_EXIT_USAGE;
	}
	return verb->run(&ctx, argc - 1, argv + 1);
}
