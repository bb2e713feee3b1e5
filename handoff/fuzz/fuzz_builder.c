// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * fuzz_builder.c - libFuzzer target for the blob builder
 *
 * The input is read as a script: a buffer size and the root strings, then
 * builder calls with their arguments. Beside the builder runs a model of
 * it: which calls are in order, which arguments are acceptable, and what
 * every accepted call wrote. It traps when
 *  - a call succeeds out of order or with a bad argument, or fails with
 *    anything but NOSPACE although it was neither;
 *  - a failed call changed a byte of the buffer (allocated at exactly its
 *    size, so AddressSanitizer catches writes past the end too);
 *  - an accepted call returns another index than the node's N;
 *  - a finished blob fails handoff_check_user() or reads back as anything
 *    but the accepted calls' data in their order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handoff.h"

#define require(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

enum op { OP_HOST, OP_SDEV, OP_PORT, OP_ADEV, OP_GROUP, OP_STORE, OP_IMAGE,
	  OP_FINISH, OP_COUNT };

/* The model's state: where the last accepted call left the builder. */
enum { M_NONE, M_ROOT, M_SCSI, M_ATA, M_PROC, M_STORE, M_DONE };

union arg {
	struct handoff_scsi_host host;
	struct handoff_scsi_dev sdev;
	struct handoff_ata_port port;
	struct handoff_ata_dev adev;
	struct handoff_group group;
	struct handoff_store store;
	struct handoff_image image;
};

struct rec {
	enum op op;
	union arg a;
};

#define MAX_CALLS	96
#define MAX_STRS	(MAX_CALLS * 5 + 2)	/* 5: a SCSI device's strings */
#define STR_ROOM	(HANDOFF_STR_MAX + 16)
#define MAX_BUF		12288

struct run {
	const uint8_t *in;
	size_t left;
	char *buf;
	char *before;		/* the buffer as it was before a call */
	size_t bufsize;
	struct handoff_builder b;
	int state;
	int nrec;
	struct rec rec[MAX_CALLS];
	int nstr;
	char str[MAX_STRS][STR_ROOM];
};

static uint8_t take8(struct run *r)
{
	if (!r->left)
		return 0;
	r->left--;
	return *r->in++;
}

static uint32_t take32(struct run *r)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | take8(r);
	return v;
}

static uint64_t take64(struct run *r)
{
	uint64_t hi = take32(r);

	return hi << 32 | take32(r);
}

/*
 * A string argument. Tag 0xff gives NULL; 0xf0..0xfe a run of one letter
 * 250..264 long, across HANDOFF_STR_MAX; anything else up to 15 bytes of
 * input, where a NUL ends the string early.
 */
static const char *take_str(struct run *r)
{
	char *s = r->str[r->nstr++];
	uint8_t tag = take8(r);
	size_t len, i;

	if (tag == 0xff)
		return NULL;
	if (tag >= 0xf0) {
		len = 250 + (size_t)(tag - 0xf0);
		memset(s, 'a' + take8(r) % 26, len);
	} else {
		len = tag & 15;
		for (i = 0; i < len; i++)
			s[i] = (char)take8(r);
	}
	s[len] = '\0';
	return s;
}

static void take_host(struct run *r, union arg *a)
{
	a->host.proc_name = take_str(r);
	a->host.parent = take_str(r);
	a->host.ordinal = take32(r);
}

static void take_sdev(struct run *r, union arg *a)
{
	a->sdev.channel = take32(r);
	a->sdev.id = take32(r);
	a->sdev.lun = take64(r);
	a->sdev.type = take8(r);
	a->sdev.vendor = take_str(r);
	a->sdev.model = take_str(r);
	a->sdev.rev = take_str(r);
	a->sdev.serial = take_str(r);
	a->sdev.wwid = take_str(r);
	a->sdev.capacity = take64(r);
}

static void take_port(struct run *r, union arg *a)
{
	a->port.driver = take_str(r);
	a->port.parent = take_str(r);
	a->port.port = take32(r);
	a->port.link = take8(r);
	a->port.sata_spd = take_str(r);
}

static void take_adev(struct run *r, union arg *a)
{
	a->adev.devno = take8(r);
	a->adev.class = take_str(r);
	a->adev.model = take_str(r);
	a->adev.serial = take_str(r);
	a->adev.firmware = take_str(r);
	a->adev.sectors = take64(r);
}

static void take_group(struct run *r, union arg *a)
{
	uint8_t f;

	a->group.root_pid = take32(r);
	a->group.comm = take_str(r);
	a->group.images = take_str(r);
	/* Mostly the one flag there is, sometimes anything. */
	f = take8(r);
	a->group.flags = f & 0x80 ? take32(r) : f & 1;
}

/* Mostly a valid type, so that the rest of the store gets exercised. */
static void take_store(struct run *r, union arg *a)
{
	uint8_t t = take8(r) % 3;

	a->store.type = t == 0 ? "initrd" : t == 1 ? "pmem" : take_str(r);
	a->store.device = take_str(r);
	a->store.memmap = take_str(r);
	a->store.size = take64(r);
}

static void take_image(struct run *r, union arg *a)
{
	a->image.name = take_str(r);
	a->image.group = take32(r);
	a->image.offset = take64(r);
	a->image.size = take64(r);
	a->image.crc32c = take32(r);
}

static void take_arg(struct run *r, enum op op, union arg *a)
{
	static void (*const take[OP_FINISH])(struct run *, union arg *) = {
		take_host, take_sdev, take_port, take_adev, take_group,
		take_store, take_image,
	};

	memset(a, 0, sizeof(*a));
	if (op != OP_FINISH)
		take[op](r, a);
}

/*
 * What the builder accepts: kinds as in handoff.h's field comments, and
 * printable ASCII only.
 */
static int str_ok(const char *s, int may_be_null, int may_be_empty)
{
	const char *p;

	if (!s)
		return may_be_null;
	if (!s[0])
		return may_be_empty;
	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return strlen(s) <= HANDOFF_STR_MAX;
}

#define NONEMPTY(s)	str_ok(s, 0, 0)
#define PRESENT(s)	str_ok(s, 0, 1)
#define OPTIONAL(s)	str_ok(s, 1, 1)

static int store_ok(const struct handoff_store *s)
{
	return NONEMPTY(s->type) && OPTIONAL(s->device) &&
	       OPTIONAL(s->memmap) &&
	       (!strcmp(s->type, "initrd") || !strcmp(s->type, "pmem"));
}

static int args_ok(enum op op, const union arg *a)
{
	switch (op) {
	case OP_HOST:
		return NONEMPTY(a->host.proc_name) && NONEMPTY(a->host.parent);
	case OP_SDEV:
		return PRESENT(a->sdev.vendor) && PRESENT(a->sdev.model) &&
		       PRESENT(a->sdev.rev) && OPTIONAL(a->sdev.serial) &&
		       OPTIONAL(a->sdev.wwid);
	case OP_PORT:
		return NONEMPTY(a->port.driver) && NONEMPTY(a->port.parent) &&
		       OPTIONAL(a->port.sata_spd) &&
		       a->port.link <= HANDOFF_LINK_UP;
	case OP_ADEV:
		return NONEMPTY(a->adev.class) && NONEMPTY(a->adev.model) &&
		       OPTIONAL(a->adev.serial) && OPTIONAL(a->adev.firmware);
	case OP_GROUP:
		return NONEMPTY(a->group.comm) && NONEMPTY(a->group.images) &&
		       !(a->group.flags & ~HANDOFF_GROUP_TCP_ESTABLISHED);
	case OP_STORE:
		return store_ok(&a->store);
	case OP_IMAGE:
		return NONEMPTY(a->image.name);
	default:
		return 1;
	}
}

/* Sections come in a fixed order; devices and images need their parent. */
static int in_order(enum op op, int state)
{
	static const int target[OP_FINISH] = {
		M_SCSI, M_SCSI, M_ATA, M_ATA, M_PROC, M_STORE, M_STORE,
	};

	if (state == M_NONE || state == M_DONE)
		return 0;
	if (op == OP_SDEV || op == OP_ADEV || op == OP_IMAGE)
		return state == target[op];
	if (op == OP_STORE)
		return state < M_STORE;
	return op == OP_FINISH || state <= target[op];
}

static int next_state(enum op op)
{
	static const int target[OP_COUNT] = {
		M_SCSI, M_SCSI, M_ATA, M_ATA, M_PROC, M_STORE, M_STORE, M_DONE,
	};

	return target[op];
}

static int call(struct run *r, enum op op, const union arg *a)
{
	switch (op) {
	case OP_HOST:
		return handoff_add_scsi_host(&r->b, &a->host);
	case OP_SDEV:
		return handoff_add_scsi_dev(&r->b, &a->sdev);
	case OP_PORT:
		return handoff_add_ata_port(&r->b, &a->port);
	case OP_ADEV:
		return handoff_add_ata_dev(&r->b, &a->adev);
	case OP_GROUP:
		return handoff_add_group(&r->b, &a->group);
	case OP_STORE:
		return handoff_set_store(&r->b, &a->store);
	case OP_IMAGE:
		return handoff_add_image(&r->b, &a->image);
	default:
		return handoff_finish(&r->b);
	}
}

/* The N of the node @op adds: its place among its parent's children. */
static int expected_index(const struct run *r, enum op op)
{
	enum op parent = op == OP_SDEV ? OP_HOST :
			 op == OP_ADEV ? OP_PORT : OP_COUNT;
	int i, n = 0;

	if (op == OP_STORE)
		return 0;
	for (i = r->nrec - 1; i >= 0 && r->rec[i].op != parent; i--)
		n += r->rec[i].op == op;
	return n;
}

/*
 * Reading a finished blob back against the records: a cursor walks them
 * in order while the iterators walk the blob.
 */
struct cursor {
	const struct run *r;
	int i;
};

static const union arg *next_rec(struct cursor *c, enum op op)
{
	require(c->i < c->r->nrec && c->r->rec[c->i].op == op);
	return &c->r->rec[c->i++].a;
}

/* An optional string written empty was left out, so it reads as NULL. */
static int same_str(const char *got, const char *want, int optional)
{
	if (optional && (!want || !want[0]))
		return got == NULL;
	return got && want && !strcmp(got, want);
}

static void read_scsi_dev(struct cursor *c, const void *blob, int node)
{
	const struct handoff_scsi_dev *w = &next_rec(c, OP_SDEV)->sdev;
	struct handoff_scsi_dev d;

	require(handoff_get_scsi_dev(blob, node, &d) == 0);
	require(d.channel == w->channel && d.id == w->id &&
		d.lun == w->lun && d.type == w->type &&
		d.capacity == w->capacity);
	require(same_str(d.vendor, w->vendor, 0) &&
		same_str(d.model, w->model, 0) &&
		same_str(d.rev, w->rev, 0) &&
		same_str(d.serial, w->serial, 1) &&
		same_str(d.wwid, w->wwid, 1));
}

static void read_scsi(struct cursor *c, const void *blob)
{
	const struct handoff_scsi_host *w;
	struct handoff_scsi_host h;
	int host, dev;

	for (host = handoff_scsi_host_first(blob); host >= 0;
	     host = handoff_scsi_host_next(blob, host)) {
		w = &next_rec(c, OP_HOST)->host;
		require(handoff_get_scsi_host(blob, host, &h) == 0);
		require(same_str(h.proc_name, w->proc_name, 0) &&
			same_str(h.parent, w->parent, 0) &&
			h.ordinal == w->ordinal);
		for (dev = handoff_scsi_dev_first(blob, host); dev >= 0;
		     dev = handoff_scsi_dev_next(blob, dev))
			read_scsi_dev(c, blob, dev);
		require(dev == -HANDOFF_ERR_NOTFOUND);
	}
	require(host == -HANDOFF_ERR_NOTFOUND);
}

static void read_ata_dev(struct cursor *c, const void *blob, int node)
{
	const struct handoff_ata_dev *w = &next_rec(c, OP_ADEV)->adev;
	struct handoff_ata_dev d;

	require(handoff_get_ata_dev(blob, node, &d) == 0);
	require(d.devno == w->devno && d.sectors == w->sectors);
	require(same_str(d.class, w->class, 0) &&
		same_str(d.model, w->model, 0) &&
		same_str(d.serial, w->serial, 1) &&
		same_str(d.firmware, w->firmware, 1));
}

static void read_ata(struct cursor *c, const void *blob)
{
	const struct handoff_ata_port *w;
	struct handoff_ata_port p;
	int port, dev;

	for (port = handoff_ata_port_first(blob); port >= 0;
	     port = handoff_ata_port_next(blob, port)) {
		w = &next_rec(c, OP_PORT)->port;
		require(handoff_get_ata_port(blob, port, &p) == 0);
		require(same_str(p.driver, w->driver, 0) &&
			same_str(p.parent, w->parent, 0) &&
			same_str(p.sata_spd, w->sata_spd, 1) &&
			p.port == w->port && p.link == w->link);
		for (dev = handoff_ata_dev_first(blob, port); dev >= 0;
		     dev = handoff_ata_dev_next(blob, dev))
			read_ata_dev(c, blob, dev);
		require(dev == -HANDOFF_ERR_NOTFOUND);
	}
	require(port == -HANDOFF_ERR_NOTFOUND);
}

static void read_groups(struct cursor *c, const void *blob)
{
	const struct handoff_group *w;
	struct handoff_group g;
	int node;

	for (node = handoff_group_first(blob); node >= 0;
	     node = handoff_group_next(blob, node)) {
		w = &next_rec(c, OP_GROUP)->group;
		require(handoff_get_group(blob, node, &g) == 0);
		require(g.root_pid == w->root_pid && g.flags == w->flags &&
			same_str(g.comm, w->comm, 0) &&
			same_str(g.images, w->images, 0));
	}
	require(node == -HANDOFF_ERR_NOTFOUND);
}

static void read_store(struct cursor *c, const void *blob)
{
	const struct handoff_store *w;
	const struct handoff_image *wi;
	struct handoff_store s;
	struct handoff_image im;
	int node;

	if (c->i == c->r->nrec || c->r->rec[c->i].op != OP_STORE) {
		require(handoff_get_store(blob, &s) == -HANDOFF_ERR_NOTFOUND);
		return;
	}
	w = &next_rec(c, OP_STORE)->store;
	require(handoff_get_store(blob, &s) == 0);
	require(same_str(s.type, w->type, 0) && s.size == w->size &&
		same_str(s.device, w->device, 1) &&
		same_str(s.memmap, w->memmap, 1));
	for (node = handoff_image_first(blob); node >= 0;
	     node = handoff_image_next(blob, node)) {
		wi = &next_rec(c, OP_IMAGE)->image;
		require(handoff_get_image(blob, node, &im) == 0);
		require(same_str(im.name, wi->name, 0) &&
			im.group == wi->group && im.offset == wi->offset &&
			im.size == wi->size && im.crc32c == wi->crc32c);
	}
	require(node == -HANDOFF_ERR_NOTFOUND);
}

static void verify_blob(const struct run *r, int size)
{
	struct cursor c = { r, 0 };

	require(size > 0 && (size_t)size <= r->bufsize);
	require(handoff_check_user(r->buf, r->bufsize) == size);
	read_scsi(&c, r->buf);
	read_ata(&c, r->buf);
	read_groups(&c, r->buf);
	read_store(&c, r->buf);
	require(c.i == r->nrec);
}

static void refused(const struct run *r, enum op op, int ret, int ordered,
		    int ok)
{
	require(!memcmp(r->before, r->buf, r->bufsize));
	if (ret == -HANDOFF_ERR_BADSTATE)
		require(!ordered);
	else if (ret == -HANDOFF_ERR_BADVALUE)
		require(!ok);
	else
		require(ret == -HANDOFF_ERR_NOSPACE && ordered && ok &&
			op != OP_FINISH);
}

static void step(struct run *r, enum op op)
{
	union arg a;
	int ret, ordered, ok;

	take_arg(r, op, &a);
	ordered = in_order(op, r->state);
	ok = args_ok(op, &a);
	memcpy(r->before, r->buf, r->bufsize);
	ret = call(r, op, &a);
	if (ret < 0) {
		refused(r, op, ret, ordered, ok);
		return;
	}
	require(ordered && ok);
	if (op == OP_FINISH) {
		verify_blob(r, ret);
	} else {
		require(ret == expected_index(r, op));
		r->rec[r->nrec].op = op;
		r->rec[r->nrec++].a = a;
	}
	r->state = next_state(op);
}

static void start(struct run *r)
{
	struct handoff_info info = { 0 };
	int ret;

	r->bufsize = take8(r);
	r->bufsize = (r->bufsize << 8 | take8(r)) % MAX_BUF + 1;
	r->buf = malloc(r->bufsize);
	r->before = malloc(r->bufsize);
	require(r->buf && r->before);
	memset(r->buf, 0, r->bufsize);
	info.kernel_release = take_str(r);
	info.boot_id = take_str(r);
	info.created = take64(r);
	ret = handoff_create(&r->b, r->buf, r->bufsize, &info);
	if (!NONEMPTY(info.kernel_release) || !NONEMPTY(info.boot_id))
		require(ret == -HANDOFF_ERR_BADVALUE);
	else
		require(ret == 0 || ret == -HANDOFF_ERR_NOSPACE);
	r->state = ret ? M_NONE : M_ROOT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run *r = malloc(sizeof(*r));
	int n;

	require(r != NULL);
	r->in = data;
	r->left = size;
	r->nrec = 0;
	r->nstr = 0;
	start(r);
	for (n = 0; r->left && n < MAX_CALLS; n++)
		step(r, (enum op)(take8(r) % OP_COUNT));
	if (r->state != M_NONE && r->state != M_DONE)
		step(r, OP_FINISH);
	free(r->before);
	free(r->buf);
	free(r);
	return 0;
}
