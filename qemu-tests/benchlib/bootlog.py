"""Figures of one qemu-tests/cycle run, read from its stamped console log.

A stamped log is the cycle's console log with each line prefixed by the host
time (seconds since the cycle started) at which it reached the log, and a
first line "#qemu-start SECONDS" when QEMU's start was seen. Kernel figures
come from printk timestamps in the dmesg each guest dumps (complete even where
the console dropped lines); the time before a kernel's printk clock starts
comes from the host stamps of the live console lines.
"""
import re

PRINTK = re.compile(r"^\[\s*(\d+\.\d+)\]\s?(.*)$")
HOST = re.compile(r"^scsi host(\d+): (.*)$")
ATTACHED = re.compile(r"^s[dr] (\d+):\d+:\d+:\d+: .*"
                      r"Attached (SCSI (removable )?disk|scsi CD-ROM)")
# libata names its SCSI hosts after the driver; every other host is SCSI.
ATA_DRIVER = re.compile(r"^(ahci|ata_\w+|pata_\w+|sata_\w+)$")
MANUAL_BEGIN = "kh-manual-scan: begin"
KERNEL_START = "Linux version "


def read_stamped(path):
    """Return (qemu_start or None, [(host_seconds or None, line), ...])."""
    qemu_start, lines = None, []
    with open(path, errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if raw.startswith("#qemu-start "):
                qemu_start = float(raw.split()[1])
                continue
            stamp, _, line = raw.partition(" ")
            lines.append((float(stamp) if stamp != "-" else None, line))
    return qemu_start, lines


def dmesg_section(lines, tag):
    """The printk lines a guest dumped between KH-DMESG markers for TAG."""
    out, inside = [], False
    for _, line in lines:
        if line == "KH-DMESG-BEGIN|" + tag:
            inside, out = True, []
        elif line == "KH-DMESG-END|" + tag:
            return out
        elif inside:
            out.append(line)
    return None


def printk_events(dmesg):
    """(seconds, message) of every timestamped line."""
    for line in dmesg:
        m = PRINTK.match(line)
        if m:
            yield float(m.group(1)), m.group(2)


def subsystem_spans(dmesg):
    """{"scsi"/"ata": (first host registered, last device attached)}.

    A subsystem with no attached device has no span. Where devices were added
    by hand (kh-manual-scan), the SCSI span starts at that step, since the
    hosts registered at boot scanned nothing."""
    kind, first, last, manual = {}, {}, {}, None
    for t, msg in printk_events(dmesg):
        host = HOST.match(msg)
        if host:
            k = "ata" if ATA_DRIVER.match(host.group(2).strip()) else "scsi"
            kind[host.group(1)] = k
            first.setdefault(k, t)
        attached = ATTACHED.match(msg)
        if attached and attached.group(1) in kind:
            last[kind[attached.group(1)]] = t
        if msg.startswith(MANUAL_BEGIN):
            manual = t
    if manual is not None:
        first["scsi"] = manual
    return {k: (first[k], last[k]) for k in last}


def kernel_figures(dmesg):
    """Storage discovery, its SCSI/ATA split and start -> /init, in seconds
    of the kernel's printk clock."""
    spans = subsystem_spans(dmesg)
    fig = {"init_s": None}
    for t, msg in printk_events(dmesg):
        if msg.startswith("Run /init as init process"):
            fig["init_s"] = t
    for k in ("scsi", "ata"):
        start, end = spans.get(k, (None, None))
        fig[k + "_start_s"], fig[k + "_end_s"] = start, end
        fig[k + "_s"] = None if start is None else round(end - start, 6)
    if spans:
        start = min(s for s, _ in spans.values())
        end = max(e for _, e in spans.values())
        fig.update(discovery_start_s=start, discovery_end_s=end,
                   discovery_s=round(end - start, 6))
    else:
        fig.update(discovery_start_s=None, discovery_end_s=None,
                   discovery_s=None)
    return fig


def console_kernels(lines):
    """Split the live console (dmesg dumps left out) into the first and the
    second kernel's lines, and find the host time of the jump."""
    k1, k2, jump, current, dumping = [], [], None, None, False
    for stamp, line in lines:
        if line.startswith("KH-DMESG-BEGIN|"):
            dumping = True
        elif line.startswith("KH-DMESG-END|"):
            dumping = False
        elif line == "KH-CYCLE-JUMP":
            jump, current = stamp, None
        elif not dumping and KERNEL_START in line and PRINTK.match(line):
            current = k1 if jump is None else k2
        if current is not None and not dumping:
            current.append((stamp, line))
    return k1, k2, jump


def printk_zero(console):
    """Host time at which the kernel's printk clock read zero.

    A line reaches the log no earlier than it was printed, so the smallest
    (arrival - printk time) over the kernel's lines is the best estimate;
    lines flushed late when the console came up only raise the others."""
    best = None
    for stamp, line in console:
        m = PRINTK.match(line)
        if m and stamp is not None and float(m.group(1)) > 0:
            est = stamp - float(m.group(1))
            best = est if best is None else min(best, est)
    return best


def load_seconds(lines):
    """Guest uptime spent loading the second kernel (KH-LOAD-TIME)."""
    for _, line in reversed(lines):
        if line.startswith("KH-LOAD-TIME|"):
            _, start, end = line.split("|")
            return round(float(end) - float(start), 3)
    return None


def before_kernel(start, console):
    zero = printk_zero(console)
    if start is None or zero is None:
        return None
    return round(zero - start, 3)


def cycle_records(path):
    """The two boots of one cycle: kernel 1 (a cold boot: firmware and
    kernel) and kernel 2 (the kexec'd one)."""
    qemu_start, lines = read_stamped(path)
    k1_console, k2_console, jump = console_kernels(lines)
    finished = any(l == "kh-init: finished cycle-stage2 status=0"
                   for _, l in lines)
    errors = [l for _, l in lines if l.startswith("KH-CYCLE-ERROR")]
    out = []
    for tag, start, console in (("k1", qemu_start, k1_console),
                                ("k2", jump, k2_console)):
        dmesg = dmesg_section(lines, tag)
        rec = {"kernel": tag, "ok": dmesg is not None and finished
               and not errors, "before_kernel_s": before_kernel(start,
                                                                console)}
        rec.update(kernel_figures(dmesg or []))
        rec["load_s"] = load_seconds(lines) if tag == "k2" else None
        rec["devices"] = sum(1 for _, l in lines
                             if l.startswith("KH-DEV|%s|" % tag))
        out.append(rec)
    out[1]["status"] = status_lines(lines)
    return out


def status_lines(lines):
    out, inside = [], False
    for _, line in lines:
        if line == "KH-STATUS-BEGIN":
            inside = True
        elif line == "KH-STATUS-END":
            break
        elif inside:
            out.append(line)
    return out
