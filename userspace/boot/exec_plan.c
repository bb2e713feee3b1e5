// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec_plan.c - the --load decisions --exec needs, as a small text file
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_plan.h"

/* The one-value keys: a string field (size > 0) or an int (size 0). Both
 * directions walk this table, so a key cannot be written but not read. */
static const struct plan_key {
	const char *key;
	size_t off, size;
} keys[] = {
#define STR(k, f) { k, offsetof(struct kh_plan, f), sizeof(((struct kh_plan *)0)->f) }
#define INT(k, f) { k, offsetof(struct kh_plan, f), 0 }
	STR("kernel", kernel),
	STR("initrd", initrd),
	STR("cmdline-flag", cmdline_flag),
	STR("cmdline", cmdline),
	INT("reuse-cmdline", reuse_cmdline),
	INT("file-syscall", file_syscall),
	INT("no-checks", no_checks),
	STR("store", store),
	STR("store-device", store_device),
	STR("memmap", memmap),
	INT("precopy", precopy),
	INT("no-lazy", no_lazy),
#undef STR
#undef INT
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

int kh_plan_write(struct kh_ctx *ctx, const char *path,
		  const struct kh_plan *p)
{
	size_t size = sizeof(*p) + 4096, len = 0, k;
	char *text = malloc(size);
	struct kh_part part;
	int i, err;

	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
	for (k = 0; k < NKEYS; k++) {
		const char *field = (const char *)p + keys[k].off;

		/* An empty string reads back as the empty field it was. */
		if (keys[k].size && *field)
			len += (size_t)snprintf(text + len, size - len, "%s %s\n",
						keys[k].key, field);
		else if (!keys[k].size)
			len += (size_t)snprintf(text + len, size - len, "%s %d\n",
						keys[k].key, *(const int *)field);
	}
	for (i = 0; i < p->ngroups; i++)
		len += (size_t)snprintf(text + len, size - len,
					p->units[i][0] ? "checkpoint-unit %d %llu %s\n" :
					"checkpoint %d %llu\n", p->pids[i],
					p->starts[i], p->units[i]);
	part.data = text;
	part.len = len;
	err = kh_write_file(ctx, path, &part, 1);
	free(text);
	return err;
}

static int parse_line(struct kh_plan *p, char *line)
{
	char *val = strchr(line, ' ');
	size_t k;

	if (!val)
		return -1;
	*val++ = '\0';
	for (k = 0; k < NKEYS; k++) {
		char *field = (char *)p + keys[k].off;

		if (strcmp(line, keys[k].key))
			continue;
		if (!keys[k].size) {
			*(int *)field = atoi(val);
			return 0;
		}
		if (strlen(val) >= keys[k].size)
			return -1;
		strcpy(field, val);
		return 0;
	}
	if (!strcmp(line, "checkpoint")) {
		if (p->ngroups == KH_PLAN_MAX_GROUPS ||
		    sscanf(val, "%d %llu", &p->pids[p->ngroups],
			   &p->starts[p->ngroups]) != 2)
			return -1;
		p->ngroups++;
		return 0;
	}
	if (!strcmp(line, "checkpoint-unit")) {
		int at = 0;

		if (p->ngroups == KH_PLAN_MAX_GROUPS ||
		    sscanf(val, "%d %llu %n", &p->pids[p->ngroups],
			   &p->starts[p->ngroups], &at) != 2 || !at ||
		    !val[at] || strlen(val + at) >= sizeof(p->units[0]) ||
		    strchr(val + at, ' '))
			return -1;
		strcpy(p->units[p->ngroups++], val + at);
		return 0;
	}
	return 0;	/* a key from a newer tool */
}

int kh_plan_read(struct kh_ctx *ctx, const char *path, struct kh_plan *p)
{
	char *text, *line, *save = NULL;
	size_t len;
	int err;

	memset(p, 0, sizeof(*p));
	err = kh_read_file(ctx, path, 64 << 10, (void **)&text, &len);
	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); !err && line;
	     line = strtok_r(NULL, "\n", &save))
		if (parse_line(p, line))
			err = kh_fail(ctx, -EINVAL, "%s: bad line '%.200s'",
				      path, line);
	if (!err && (!p->kernel[0] || !p->store[0]))
		err = kh_fail(ctx, -EINVAL, "%s: incomplete", path);
	free(text);
	return err;
}

int kh_plan_has_units(const struct kh_plan *p)
{
	int i;

	for (i = 0; i < p->ngroups; i++)
		if (p->units[i][0])
			return 1;
	return 0;
}
