/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unit_adopt.h - a carried service back under its own unit in the new
 * system
 *
 * systemd has no way to take a running process into a service it did not
 * start, and starting the service as usual would run a second copy. So
 * for one boot the unit is started differently: `kexec-handoff generate`,
 * a systemd generator, finds the blob before any unit is loaded and gives
 * each carried unit a drop-in (KH_ADOPT_DROPIN) that makes it Type=forking
 * with a PIDFile= in KH_STATE_UNITS and ExecStart=+`kexec-handoff adopt
 * UNIT`, ordered after the restore. restore writes the PID file when the
 * unit's tree is back; adopt moves the tree into the unit's cgroup and
 * exits, and systemd takes the PID file's process as the main process.
 *
 * A unit whose restore fails is marked failed in KH_STATE_UNITS and
 * systemd is reloaded: the generator then leaves that unit alone, and it
 * starts fresh from its own definition. Once the adopted units are up,
 * kexec-handoff-adopted.service (`adopt --done`) marks the boot done and
 * reloads systemd once more, so that from then on every carried unit has
 * its own definition again (stop, restart and reload as usual) while
 * keeping its adopted main process.
 */
#ifndef KH_UNIT_ADOPT_H
#define KH_UNIT_ADOPT_H

#include "kh.h"

/* In the state directory: one UNIT.pid or UNIT.failed per carried unit,
 * and "done" once they are all up. */
#define KH_STATE_UNITS "units"
/* The drop-in's name, in the generator's directory UNIT.d/. systemd
 * applies a unit's drop-ins in the order of their names, whatever their
 * directory, so this one sorts after those an administrator writes
 * ("override.conf" of systemctl edit, "50-foo.conf"): an ExecStart= of
 * theirs must not start a second copy in place of the adoption. */
#define KH_ADOPT_DROPIN "zz-kexec-handoff-adopt.conf"
#define KH_ADOPTED_UNIT "kexec-handoff-adopted.service"

/*
 * kh_adopt_generate - write the drop-ins into the generator directory
 * @dir (the first argument systemd gives a generator)
 *
 * Writes nothing without a blob naming units, once the boot is done, and
 * for a unit whose restore failed.
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_adopt_generate(struct kh_ctx *ctx, const char *dir);

/*
 * kh_adopt_restored - record that @unit's tree was restored as @pid
 * kh_adopt_failed - record that it was not, so that it starts fresh
 *
 * returns: 0, or a negative errno with ctx->err saying why
 */
int kh_adopt_restored(struct kh_ctx *ctx, const char *unit, int pid);
int kh_adopt_failed(struct kh_ctx *ctx, const char *unit);

/*
 * kh_adopt_reload - systemctl daemon-reload, so that the generator runs
 * again with what restore recorded
 */
int kh_adopt_reload(struct kh_ctx *ctx);

/*
 * kh_adopt_unit - what `adopt UNIT` does as the unit's ExecStart=: move
 * the restored tree into this process's own cgroup (the unit's)
 *
 * returns: 0, or a negative errno with ctx->err saying why (systemd then
 * reports the unit failed)
 */
int kh_adopt_unit(struct kh_ctx *ctx, const char *unit);

/*
 * kh_adopt_done - mark the boot done and reload systemd (adopt --done)
 */
int kh_adopt_done(struct kh_ctx *ctx);

#endif /* KH_UNIT_ADOPT_H */
