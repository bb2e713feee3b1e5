/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * builder_ops.h - the builder's write calls as data
 *
 * The builder tests apply the same checks (state machine, argument
 * validation, running out of space) to every write function. Naming each
 * call by an enum lets them loop over tables instead of repeating a block
 * per function.
 */
#ifndef BUILDER_OPS_H
#define BUILDER_OPS_H

#include "blob_helpers.h"

enum op {
	OP_HOST,	/* handoff_add_scsi_host */
	OP_SDEV,	/* handoff_add_scsi_dev */
	OP_PORT,	/* handoff_add_ata_port */
	OP_ADEV,	/* handoff_add_ata_dev */
	OP_GROUP,	/* handoff_add_group */
	OP_STORE,	/* handoff_set_store */
	OP_IMAGE,	/* handoff_add_image */
	OP_FINISH,	/* handoff_finish */
	OP_COUNT
};

#define OP_BIT(op)	(1u << (op))

/* The argument of any write call. */
union op_arg {
	struct handoff_scsi_host host;
	struct handoff_scsi_dev sdev;
	struct handoff_ata_port port;
	struct handoff_ata_dev adev;
	struct handoff_group group;
	struct handoff_store store;
	struct handoff_image image;
};

static inline const char *op_name(enum op op)
{
	static const char *const names[OP_COUNT] = {
		"add_scsi_host", "add_scsi_dev", "add_ata_port", "add_ata_dev",
		"add_group", "set_store", "add_image", "finish",
	};

	return names[op];
}

/* The first value of @op's kind in the full fixture. */
static inline void op_default(enum op op, union op_arg *a)
{
	struct fixture fx;

	fixture_full(&fx);
	memset(a, 0, sizeof(*a));
	if (op == OP_HOST)
		a->host = fx.host[0].h;
	else if (op == OP_SDEV)
		a->sdev = fx.host[0].dev[0];
	else if (op == OP_PORT)
		a->port = fx.port[0].p;
	else if (op == OP_ADEV)
		a->adev = fx.port[0].dev[0];
	else if (op == OP_GROUP)
		a->group = fx.group[0];
	else if (op == OP_STORE)
		a->store = fx.store;
	else if (op == OP_IMAGE)
		a->image = fx.image[0];
}

static inline int op_call(struct handoff_builder *b, enum op op,
			  const union op_arg *a)
{
	switch (op) {
	case OP_HOST:
		return handoff_add_scsi_host(b, &a->host);
	case OP_SDEV:
		return handoff_add_scsi_dev(b, &a->sdev);
	case OP_PORT:
		return handoff_add_ata_port(b, &a->port);
	case OP_ADEV:
		return handoff_add_ata_dev(b, &a->adev);
	case OP_GROUP:
		return handoff_add_group(b, &a->group);
	case OP_STORE:
		return handoff_set_store(b, &a->store);
	case OP_IMAGE:
		return handoff_add_image(b, &a->image);
	default:
		return handoff_finish(b);
	}
}

/* @op with the fixture's value. */
static inline int op_run(struct handoff_builder *b, enum op op)
{
	union op_arg a;

	op_default(op, &a);
	return op_call(b, op, &a);
}

/*
 * Start a blob in @buf (filled with a pattern first, so that stray writes
 * anywhere in it show) and make the calls in @ops, which must succeed.
 * @ops ends at the first OP_COUNT.
 *
 * returns: 0, or the first error, for callers probing small buffers
 */
static inline int op_prefix(struct handoff_builder *b, void *buf, size_t size,
			    const enum op *ops)
{
	struct fixture fx;
	int err;

	fixture_minimal(&fx);
	memset(buf, 0xa5, size);
	err = handoff_create(b, buf, size, &fx.info);
	for (; !err && *ops != OP_COUNT; ops++) {
		err = op_run(b, *ops);
		if (err > 0)
			err = 0;
	}
	return err;
}

#endif /* BUILDER_OPS_H */
