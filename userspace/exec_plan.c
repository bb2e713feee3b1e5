// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec_plan.c - the --load decisions --exec needs, as a small text file
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec_plan.h"

int kh_plan_write(struct kh_ctx *ctx, const char *path,
		  const struct kh_plan *p)
{
	size_t size = sizeof(*p) + 4096, len = 0;
	char *text = malloc(size);
	struct kh_part part;
	int i, err;

	if (!text)
		return kh_fail(ctx, -ENOMEM, "out of memory");
#define ADD(...) (len += (size_t)snprintf(text + len, size - len, __VA_ARGS__))
	ADD("kernel %s\n", p->kernel);
	if (p->initrd[0])
		ADD("initrd %s\n", p->initrd);
	if (p->cmdline_flag[0])
		ADD("cmdline-flag %s\ncmdline %s\n", p->cmdline_flag,
		    p->cmdline);
	ADD("reuse-cmdline %d\nfile-syscall %d\nno-checks %d\nstore %s\n",
	    p->reuse_cmdline, p->file_syscall, p->no_checks, p->store);
	if (p->store_device[0])
		ADD("store-device %s\n", p->store_device);
	if (p->memmap[0])
		ADD("memmap %s\n", p->memmap);
	for (i = 0; i < p->ngroups; i++)
		ADD("checkpoint %d %llu\n", p->pids[i], p->starts[i]);
#undef ADD
	part.data = text;
	part.len = len;
	err = kh_write_file(ctx, path, &part, 1);
	free(text);
	return err;
}

static int set(char *dst, size_t size, const char *val)
{
	if (strlen(val) >= size)
		return -1;
	strcpy(dst, val);
	return 0;
}

static int parse_line(struct kh_plan *p, char *line)
{
	char *val = strchr(line, ' ');

	if (!val)
		return -1;
	*val++ = '\0';
	if (!strcmp(line, "kernel"))
		return set(p->kernel, sizeof(p->kernel), val);
	if (!strcmp(line, "initrd"))
		return set(p->initrd, sizeof(p->initrd), val);
	if (!strcmp(line, "cmdline-flag"))
		return set(p->cmdline_flag, sizeof(p->cmdline_flag), val);
	if (!strcmp(line, "cmdline"))
		return set(p->cmdline, sizeof(p->cmdline), val);
	if (!strcmp(line, "reuse-cmdline"))
		return p->reuse_cmdline = atoi(val), 0;
	if (!strcmp(line, "file-syscall"))
		return p->file_syscall = atoi(val), 0;
	if (!strcmp(line, "no-checks"))
		return p->no_checks = atoi(val), 0;
	if (!strcmp(line, "store"))
		return set(p->store, sizeof(p->store), val);
	if (!strcmp(line, "store-device"))
		return set(p->store_device, sizeof(p->store_device), val);
	if (!strcmp(line, "memmap"))
		return set(p->memmap, sizeof(p->memmap), val);
	if (!strcmp(line, "checkpoint")) {
		if (p->ngroups == KH_PLAN_MAX_GROUPS ||
		    sscanf(val, "%d %llu", &p->pids[p->ngroups],
			   &p->starts[p->ngroups]) != 2)
			return -1;
		p->ngroups++;
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
