"""What the benchmark boots: configurations, variants and their targets."""
import collections
import os
import subprocess

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Every configuration runs on "-machine pc -nodefaults", as run-guest does:
# without -nodefaults QEMU adds an IDE DVD drive whenever no IDE device is
# given, storage that no configuration names.
MACHINE = ["-nodefaults"]

Config = collections.namedtuple(
    "Config", "name letter title layout devices addresses floor")

# The knob floor: what an administrator can hand-tune on the command line
# for exactly this machine, static and with no fallback. params: kernel
# parameters beyond scsi_mod.scan=manual; manual: the SCSI devices then
# added by hand (PROC:C:T:L, L may be FIRST-LAST; guest/manual-scan);
# why: the knobs, for the report.
Floor = collections.namedtuple("Floor", "params manual why")

# None of libata's knobs keeps a PIIX channel from being reset and probed:
# libata.force=X.Y:disable acts once IDENTIFY has answered, so the empty
# channels and slave slots are probed in every floor.
PIIX_NOTE = ("PIIX: no knob (libata.force=disable acts after the probe)")

# devices: storage devices present. addresses: what a full probe covers,
# SCSI target IDs swept (virtio-scsi 0-255, sym53c8xx 16 less its own ID)
# plus ATA device slots (one per AHCI port, two per PIIX channel).
CONFIGS = [
    Config("mixed", "a", "ICH9 AHCI with disks on 2 of 6 ports, PIIX IDE "
           "with 1 disk, virtio-scsi with 4 disks", "mixed-disks",
           7, 256 + 6 + 4,
           Floor("ahci.mask_port_map=0x9",
                 ["virtio_scsi:0:%d:%d" % tl
                  for tl in ((0, 0), (2, 0), (3, 2), (5, 0))],
                 "scan=manual + 4 disks by hand; ahci.mask_port_map=0x9 "
                 "(ports 0 and 3 only); " + PIIX_NOTE)),
    Config("wide-scsi", "b", "virtio-scsi with 4 disks at targets 3, 77, "
           "140, 255 of 256", "virtio-sparse", 4, 256 + 4,
           Floor("", ["virtio_scsi:0:%d:0" % t for t in (3, 77, 140, 255)],
                 "scan=manual + 4 disks by hand; " + PIIX_NOTE)),
    Config("many-luns", "c", "virtio-scsi with one target holding LUNs "
           "0-127", "many-luns", 128, 256 + 4,
           Floor("", ["virtio_scsi:0:0:0-127"],
                 "scan=manual + 128 LUNs by hand; " + PIIX_NOTE)),
    Config("parallel-scsi", "d", "lsi53c895a (sym53c8xx) with 2 disks",
           "parallel-scsi", 2, 15 + 4,
           Floor("sym53c8xx.settle=0",
                 ["sym53c8xx:0:%d:0" % t for t in (0, 2)],
                 "scan=manual + 2 disks by hand; sym53c8xx.settle=0 (no "
                 "wait after the bus reset); " + PIIX_NOTE)),
    # Nothing to tune: the PIIX channels are all it has.
    Config("bare", "e", "no storage beyond the machine's empty PIIX IDE",
           None, 0, 4, None),
]
BY_NAME = {c.name: c for c in CONFIGS}

LABELS = collections.OrderedDict([
    ("cold", "cold boot"),
    ("plain", "plain kexec"),
    ("handoff", "kexec-handoff"),
    ("floor", "knob floor"),
])

# (config, figure, numerator, denominator, limit): targets on the median of
# ratios taken run by run.
TARGETS = [
    ("mixed", "discovery_s", "handoff", "plain", 0.25),
    ("mixed", "discovery_s", "handoff", "plain", 0.5),
    ("wide-scsi", "discovery_s", "handoff", "plain", 0.10),
    ("many-luns", "discovery_s", "handoff", "plain", 0.10),
    ("parallel-scsi", "discovery_s", "handoff", "plain", 0.15),
] + [(c.name, "discovery_s", "handoff", "floor", 1.1)
     for c in CONFIGS if c.floor] + [
    ("mixed", "init_s", "handoff", "plain", 0.8),
    ("parallel-scsi", "init_s", "handoff", "plain", 0.4),
    # No configuration slower with the handoff, the bare one included.
    ("bare", "init_s", "handoff", "plain", 1.0),
]


def cycle_variants(config):
    """The cycles of one round, in the order they run; kernel 1 of each is
    also a cold boot."""
    return ["plain", "handoff"] + (["floor"] if config.floor else [])


def cycle_options(config, variant):
    """qemu-tests/cycle options for one variant."""
    if variant == "handoff":
        return []
    if variant == "plain":
        return ["--no-handoff"]
    # The floor is measured in a kexec'd kernel, like the handoff it bounds:
    # same device state after the jump, same initrd, same machine.
    params = "scsi_mod.scan=manual kh.step2=manual-scan kh.manual_scan=" + \
        ",".join(config.floor.manual)
    if config.floor.params:
        params += " " + config.floor.params
    return ["--no-handoff", "--append2", params]


def qemu_args(config):
    args = list(MACHINE)
    if config.layout:
        out = subprocess.run([os.path.join(HERE, "storage-mix"),
                              config.layout], capture_output=True,
                             text=True, check=True)
        args += out.stdout.split()
    return args
