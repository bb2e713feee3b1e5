// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_unit_show.c - libFuzzer target for the reader of systemctl show's
 * KEY=VALUE lines
 *
 * What it accepts decides which process tree is dumped and which cgroup is
 * read as root, so besides not crashing it must hold to its grammar: the
 * unit it fills in, printed back as systemctl would print it, reads back
 * the same, and kh_unit_check() passes only a loaded, active service with
 * a main process and an absolute cgroup path without "..".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kh_fuzz.h"
#include "service_unit.h"

static void format(const struct kh_unit *u, char *out, size_t len)
{
	snprintf(out, len,
		 "Id=%s\nLoadState=%s\nActiveState=%s\nSubState=%s\nType=%s\n"
		 "MainPID=%d\nControlPID=%d\nControlGroup=%s\n",
		 u->id, u->load_state, u->active_state, u->sub_state, u->type,
		 u->main_pid, u->control_pid, u->cgroup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kh_unit a, b;
	static char text[2 * PATH_MAX + 4096];
	static struct kh_ctx ctx;
	char why[128], *in = malloc(size + 1);
	int err;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	err = kh_unit_parse(in, &a, why, sizeof(why));
	free(in);
	if (err) {
		require(err == -EINVAL && memchr(why, '\0', sizeof(why)));
		return 0;
	}
	require(a.main_pid >= 0 && a.control_pid >= 0);
	require(!strchr(a.id, '\n') && !strchr(a.cgroup, '\n'));
	format(&a, text, sizeof(text));
	require(kh_unit_parse(text, &b, why, sizeof(why)) == 0);
	require(!memcmp(&a, &b, sizeof(a)));
	fuzz_ctx(&ctx, NULL);
	if (kh_unit_check(&ctx, "fuzz", &a))
		return 0;
	require(!strcmp(a.load_state, "loaded") &&
		!strcmp(a.active_state, "active") && a.main_pid > 0 &&
		!a.control_pid && a.cgroup[0] == '/' &&
		!strstr(a.cgroup, "/../"));
	return 0;
}
