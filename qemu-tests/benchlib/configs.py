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

# devices: storage devices present. addresses: what a full probe covers,
# SCSI target IDs swept (virtio-scsi 0-255, sym53c8xx 16 less its own ID)
# plus ATA device slots (one per AHCI port, two per PIIX channel).
# floor: the devices a scsi_mod.scan=manual boot adds by hand (PROC:C:T:L).
CONFIGS = [
    Config("mixed", "a", "ICH9 AHCI with disks on 2 of 6 ports, PIIX IDE "
           "with 1 disk, virtio-scsi with 4 disks", "mixed-disks",
           7, 256 + 6 + 4, None),
    Config("wide-scsi", "b", "virtio-scsi with 4 disks at targets 3, 77, "
           "140, 255 of 256", "virtio-sparse", 4, 256 + 4,
           ["virtio_scsi:0:%d:0" % t for t in (3, 77, 140, 255)]),
    Config("many-luns", "c", "virtio-scsi with one target holding LUNs "
           "0-127", "many-luns", 128, 256 + 4, None),
    Config("parallel-scsi", "d", "lsi53c895a (sym53c8xx) with 2 disks",
           "parallel-scsi", 2, 15 + 4, None),
    Config("bare", "e", "no storage beyond the machine's empty PIIX IDE",
           None, 0, 4, None),
]
BY_NAME = {c.name: c for c in CONFIGS}

LABELS = collections.OrderedDict([
    ("cold", "cold boot"),
    ("plain", "plain kexec"),
    ("handoff", "kexec-handoff"),
    ("floor", "floor: scan=manual"),
])

# (config, figure, numerator, denominator, limit): targets on the median of
# ratios taken run by run.
TARGETS = [
    ("mixed", "discovery_s", "handoff", "plain", 0.25),
    ("wide-scsi", "discovery_s", "handoff", "plain", 0.10),
    ("many-luns", "discovery_s", "handoff", "plain", 0.10),
    ("wide-scsi", "discovery_s", "handoff", "floor", 1.2),
    ("mixed", "init_s", "handoff", "plain", 0.8),
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
    return ["--no-handoff", "--append2",
            "scsi_mod.scan=manual kh.step2=manual-scan kh.manual_scan="
            + ",".join(config.floor)]


def qemu_args(config):
    args = list(MACHINE)
    if config.layout:
        out = subprocess.run([os.path.join(HERE, "storage-mix"),
                              config.layout], capture_output=True,
                             text=True, check=True)
        args += out.stdout.split()
    return args
