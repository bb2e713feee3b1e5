// SPDX-License-Identifier: GPL-2.0-only
/*
 * verb_upgrade.c - kexec-handoff upgrade [--kernel VERSION] [--dry-run]
 * [--] [LOAD OPTIONS]
 *
 * Parses the options, checks for root as --load does, and lets
 * kh_upgrade() (upgrade.h) choose, load and reboot. The options of
 * --load are taken before or after "--", all but the kernel and the
 * initrd, which come from /boot.
 */
#include <stdio.h>
#include <string.h>

#include "load_options.h"
#include "privilege.h"
#include "upgrade.h"
#include "verbs.h"

static void upgrade_usage(FILE *out)
{
	fputs("Usage: kexec-handoff upgrade [--kernel VERSION] [--dry-run] [--] [LOAD OPTIONS]\n\n"
	      "Load the newest kernel installed in /boot, if it is newer than the\n"
	      "running one, with its initrd and the running command line, as --load\n"
	      "does; then reboot into it with systemctl kexec, or with --exec where\n"
	      "systemd is not init. If the reboot fails, the kernel is unloaded again.\n"
	      "  --kernel VERSION   /boot/vmlinuz-VERSION and /boot/initrd.img-VERSION\n"
	      "                     instead, newer or not\n"
	      "  --dry-run          print the kernel, the initrd, the command line, the\n"
	      "                     kexec and reboot commands; load nothing, reboot nothing\n"
	      "  LOAD OPTIONS       those of --load but KERNEL and --initrd: --append S or\n"
	      "                     --command-line S (instead of the running command line),\n"
	      "                     -s, -i, --store initrd|pmem:DEV, --checkpoint-unit UNIT\n"
	      "                     (services carried through systemctl kexec), and\n"
	      "                     --checkpoint PID where the jump goes through --exec\n"
	      "                     (kexec-handoff --load --help says what they do)\n",
	      out);
}

#define OPT_KERNEL 'K'

/* returns: 0, KH_LOAD_HELP or -1 (a message is on stderr) */
static int parse_pass_(int argc, char **argv, const struct option *opts,
		       struct kh_upgrade_opts *u)
{
	int c, err = 0;

	optind = 0;
	while (!err && (c = getopt_long(argc, argv, "+" KH_LOAD_SHORT, opts,
					NULL)) != -1) {
		if (c == OPT_KERNEL) {
			u->version = optarg;
		} else if (c == 'I') {
			fputs("kexec-handoff: upgrade takes the initrd from /boot (initrd.img-VERSION beside vmlinuz-VERSION); --initrd is --load's\n",
			      stderr);
			err = -1;
		} else {
			err = kh_load_option(&u->load, c, optarg);
		}
	}
	return err == KH_LOAD_HELP ? err : err ? -1 : 0;
}

/* "--" only separates: the load options may come before it as well.
 * returns: -1 to go on, else the exit status to return */
static int parse_upgrade(int argc, char **argv, struct kh_upgrade_opts *u)
{
	struct option opts[KH_LOAD_NOPTIONS + 2];
	int err, at;

	memcpy(opts, kh_load_options, sizeof(kh_load_options));
	opts[KH_LOAD_NOPTIONS] = (struct option){ "kernel", required_argument,
						  NULL, OPT_KERNEL };
	opts[KH_LOAD_NOPTIONS + 1] = (struct option){ 0 };
	memset(u, 0, sizeof(*u));
	kh_load_option_init(&u->load);
	err = parse_pass_(argc, argv, opts, u);
	if (!err && optind < argc && !strcmp(argv[optind - 1], "--")) {
		at = optind - 1;
		argv[at] = argv[0];	/* what getopt names in its messages */
		err = parse_pass_(argc - at, argv + at, opts, u);
		optind += at;
	}
	if (err == KH_LOAD_HELP)
		return upgrade_usage(stdout), KH_EXIT_OK;
	if (!err && optind < argc) {
		fprintf(stderr, "kexec-handoff: upgrade: unexpected argument '%s' (--kernel VERSION names the kernel)\n",
			argv[optind]);
		err = -1;
	}
	if (err)
		return upgrade_usage(stderr), KH_EXIT_USAGE;
	return -1;
}

int kh_verb_upgrade(struct kh_ctx *ctx, int argc, char **argv)
{
	struct kh_upgrade_opts u;
	int ret = parse_upgrade(argc, argv, &u);

	if (ret >= 0)
		return ret;
	if ((!u.load.dry_run && kh_require_root(ctx, "upgrade")) ||
	    kh_upgrade(ctx, &u)) {
		fflush(stdout);
		fprintf(stderr, "kexec-handoff: %s\n", ctx->err);
		return KH_EXIT_FAIL;
	}
	return KH_EXIT_OK;
}
