"""The console protocol of qemu-tests/cycle and its one reader.

The guests of a cycle report on their serial console in marker lines; the
host times them as they arrive (guest clocks restart at the jump) and this
module turns a console log into figures: the HANDOFF-RESULT that
cycle-report prints (result) and the benchmark's per-kernel records
(cycle_records).

Logs
----
A log is read as [(host seconds or None, text), ...] in one of two forms:
  console log   what `cycle --log LOG` writes, with LOG.marks beside it
                (console-log): "MONOTONIC TEXT" for each marker line, in
                order; read_console() gives marker lines their stamps
  stamped log   benchlib/stamped.py's copy: every line as "SECONDS TEXT"
                (seconds since the cycle started), first "#qemu-start
                SECONDS" when QEMU's start was seen; read_stamped()
Stamps of the two forms have different origins; only their differences are
figures, and only marker lines are timed in either (first_stamp).

Marker lines
------------
A marker line starts with one of MARKERS. Fields are separated by "|"; TAG
is k1 (the first kernel) or k2 (the kexec'd one); N is a workload's index,
in --checkpoint-cmd order; RC an exit status.

guest/init, in each kernel:
  kh-init: up SECONDSs after boot     init starts (guest uptime)
  kh-init: running /opt/kh/NAME       the kh.run=NAME script starts
  kh-init: finished NAME status=RC    it ended; "cycle-stage2 status=0" is
                                      a cycle that ran to its end
guest/cycle-stage1, first kernel:
  KH-WORKLOAD|N|started|PID           a --checkpoint-cmd started as PID
  KH-WORKLOAD-READY                   all of them started
  KH-LOAD-TIME|START|END              guest uptime around the load
  KH-CYCLE-WAIT                       waits for --between's monitor commands
  KH-CYCLE-HOLD|1                     waits while --tcp-stream flows
  KH-CYCLE-JUMP                       about to jump (--exec or kexec -e)
  KH-CYCLE-ABORTED|RC                 --abort: the jump failed as meant,
                                      kexec-handoff --exec exited RC
  KH-CYCLE-ERROR|WHAT                 "load failed", "exec returned"; in
                                      the second kernel "STEP failed" for
                                      a kh.step2=STEP
guest/cycle-stage2, second kernel:
  KH-RESTORE-TCP-END|RC               restore --deferred ended
  KH-RESTORE-STATUS|LINE              a line of restore.status: "group-G
                                      COMM pid P: restored as pid Q (...)",
                                      "...: FAILED: WHY; images kept in DIR"
                                      or "...: deferred until ..."
  KH-LAZY-STATUS|LINE                 a line of lazy.status: "group-G COMM
                                      pid P: all pages in S s after it ran
                                      again" or "...: FAILED after the
                                      restore: WHY; ..."
  KH-IMAGES-LEFT|GROUP                a group's images are still there
  KH-CYCLE-HOLD|2                     waits for the TCP stream to end
  KH-STATUS-BEGIN, KH-STATUS-END      around /sys/firmware/handoff/status
                                      (or "(no /sys/firmware/handoff/status)")
guest/cycle-lib, both kernels:
  KH-DMESG-BEGIN|TAG, KH-DMESG-END|TAG  around the kernel's whole printk log
  KH-DEVICES|TAG|JSON                 `kexec-handoff show --json` of a fresh
                                      capture: the kernel's storage with the
                                      tool's identities (devices())
  KH-DEVS-END|TAG
  KH-WORKLOAD-ALIVE|TAG|PID           a workload still running at the report
  KH-WORKLOAD-LOG|N|LINE              the last lines of workload N's log
  KH-WORKLOADS-END|TAG
  KH-CRIU-LOG|FILE|LINE               an error or warning from a CRIU log
guest/cycle-pre-restore, second kernel, before the restore:
  KH-DAMAGE|done|G/NAME|OFFSET        --damage-image flipped the byte there
  KH-DAMAGE|missing|G/NAME
  KH-PID-CLASH|PID|HOLDER             --pid-clash: HOLDER now has PID
guest/restore-hook, second kernel:
  KH-RESTORE-BEGIN, KH-RESTORE-END|RC around kexec-handoff restore
kexec-handoff itself, first kernel:
  kexec-handoff: freezing N group(s)  the blackout begins
  kexec-handoff: ...; jumping         the last line before kexec -e
  kexec-handoff: group-G: process P ended since --load; nothing to carry
  kexec-handoff: group-G: COMM resumed in this kernel (pid P), or
  kexec-handoff: group-G: COMM NOT resumed: WHY; ...
  kexec-handoff: ...interrupted by SIGNAME...
  kexec-handoff: group-G: pre-copied in N round(s)..., pre-copy gives up...,
  kexec-handoff: group-G: the freeze wrote K KiB of pages after N ...
distro/rootfs/usr/local/sbin/kh-test-driver, the Debian image, each kernel:
  KH-DISTRO|multi-user|RELEASE|SECONDS|NOW  multi-user.target reached
                                      SECONDS after this kernel's clock
                                      started, reported at NOW on that
                                      clock; the host's fw_cfg script runs
  KH-DISTRO|script-end|RC             that script ended
  KH-DISTRO|driver-error|WHY          the kernel has no qemu_fw_cfg
distro/cycle-guest (qemu-tests/cycle --distro), in each Debian system:
  KH-DISTRO|TAG|RELEASE|STATE|FAILED|ANALYZE  once boot finished: uname -r,
                                      systemctl is-system-running, the
                                      failed units (comma-separated) and
                                      systemd-analyze's lines joined by "; "
  KH-DISTRO-FAILED|LINE               a failed unit as systemctl lists it
  KH-TOOL-STATUS|LINE                 a line of kexec-handoff status (k2)
  KH-DISTRO-ROOT|clean or |replayed   whether this boot replayed the root
                                      filesystem's journal (k2)
  KH-UPGRADE-CASE|NAME|RC|LOADED|ERR  --upgrade-cases (k2): one refusal, its exit
                                      status, /sys/kernel/kexec_loaded
                                      after it and its first stderr line
  KH-UPGRADE-OUT|NAME|LINE            its stdout
  KH-SERVICE|TAG|UNIT|ACTIVE|PID|CG|ADOPTED|FRESH  a unit of --unit or
                                      --checkpoint-unit (k1, k2): is-active,
                                      MainPID, main process in the unit's
                                      cgroup (yes/no), kexec-handoff's record
                                      (adopted from a restore, started fresh)
  KH-SERVICE-RESTART|UNIT|ACTIVE|PID  the same unit after systemctl restart (k2)
  KH-TCP-INFO|LINE                    ss -tnie of the established connections
                                      (k1 after the before hook, k2 before
                                      the after hook)
  KH-HOOK|NAME|waiting, KH-HOOK|NAME|STATUS  waits while the host runs its
                                      hook NAME (before: k1, after: k2);
                                      host-hooks' report is beside the log
  KH-JOURNAL|LINE                     the journal of the restore units (k2)
  KH-DISTRO-END                       the report is complete
  (and KH-DMESG, KH-DEVICES, KH-STATUS and KH-CYCLE-JUMP as above)
(KH-SYSFS-SNAPSHOT-BEGIN sha256=HEX and KH-SYSFS-SNAPSHOT-END, from
guest/snapshot-sysfs, are capture-fixture's, and KH-SMOKE|... lines
distro/boot-smoke's; neither is read here.)

Besides markers: the dumped dmesg's "scsi hostN: DRIVER", "sd|sr H:C:T:L:
... Attached SCSI disk|scsi CD-ROM", "kh-manual-scan: begin" (written by
guest/manual-scan to /dev/kmsg), "Run /init as init process" and "SATA link
down"; on the live console "Linux version " starts a kernel. cycle prints,
as its last line, RESULT followed by the JSON of result().

Figures
-------
discovery_s      printk seconds from the first storage host registered to
                 the last storage device attached, over the SCSI and ATA
                 hosts that attached a device (scsi_s, ata_s: the same per
                 subsystem); after a manual scan (kh-manual-scan), SCSI
                 starts at that step
init_s           printk time of "Run /init as init process"
load_s           KH-LOAD-TIME's END - START
before_kernel_s  host seconds from QEMU's start (kernel 1) or KH-CYCLE-JUMP
                 (kernel 2) to the kernel's printk clock zero (stamped only)
jump_to_init_s   host seconds from KH-CYCLE-JUMP to the next "kh-init: up"
blackout_s       host seconds from "freezing" to the last of KH-RESTORE-END
                 and KH-RESTORE-TCP-END, split into freeze_to_jump_s (to
                 "; jumping"), boot_s (to "kh-init: up") and restore_s
"""
import json
import re

MARKERS = ("KH-", "kexec-handoff: ", "kh-init: ")
RESULT = "HANDOFF-RESULT "
# A device's identity: its host's, then its own, as the tool records them.
IDENT_FIELDS = ["proc_name", "parent", "ordinal", "ctl", "type", "vendor",
                "model", "rev", "serial", "wwid"]

PRINTK = re.compile(r"^\[\s*(\d+\.\d+)\]\s?(.*)$")
HOST = re.compile(r"^scsi host(\d+): (.*)$")
ATTACHED = re.compile(r"^s[dr] (\d+):\d+:\d+:\d+: .*"
                      r"Attached (SCSI (removable )?disk|scsi CD-ROM)")
# libata names its SCSI hosts after the driver; every other host is SCSI.
ATA_DRIVER = re.compile(r"^(ahci|ata_\w+|pata_\w+|sata_\w+)$")
BAD = re.compile(r"(Kernel panic|BUG:|WARNING:|Oops|Call Trace|"
                 r"general protection)")
MANUAL_BEGIN = "kh-manual-scan: begin"
KERNEL_START = "Linux version "


def is_marker(text):
    return text.startswith(MARKERS)


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


def read_marks(path):
    """[(host seconds, text)] of PATH (a console log's .marks), or []."""
    out = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                t, _, text = line.rstrip("\n").partition(" ")
                out.append((float(t), text))
    except OSError:
        pass
    return out


def read_console(path):
    """[(host seconds or None, line)] of a console log: console-log wrote
    each marker line to PATH.marks as it wrote it to PATH, so the two go in
    step."""
    marks, i, lines = read_marks(path + ".marks"), 0, []
    with open(path, errors="replace") as f:
        for raw in f:
            text, stamp = raw.rstrip("\r\n"), None
            if is_marker(text) and i < len(marks) and marks[i][1] == text:
                stamp, i = marks[i][0], i + 1
            lines.append((stamp, text))
    return lines


def parse_result(output):
    """The JSON of the last HANDOFF-RESULT line in OUTPUT, or None."""
    found = [l for l in output.splitlines() if l.startswith(RESULT)]
    return json.loads(found[-1][len(RESULT):]) if found else None


def section(lines, begin, end):
    """The lines from one starting BEGIN to the next one starting END (or
    the log's end), the first such section; None when no line starts
    BEGIN. A BEGIN inside the section starts it again."""
    out = None
    for _, line in lines:
        if line.startswith(begin):
            out = []
        elif out is not None and line.startswith(end):
            return out
        elif out is not None:
            out.append(line)
    return out


def dmesg_section(lines, tag):
    """The printk lines a guest dumped between KH-DMESG markers for TAG."""
    return section(lines, "KH-DMESG-BEGIN|" + tag, "KH-DMESG-END|" + tag)


def status_lines(lines):
    """The second kernel's /sys/firmware/handoff/status, or None."""
    return section(lines, "KH-STATUS-BEGIN", "KH-STATUS-END")


def marked(lines, name, maxsplit=-1):
    """The fields after "NAME|" of every NAME line, as lists."""
    return [line.split("|", maxsplit)[1:] for _, line in lines
            if line.startswith(name + "|")]


def devices(lines, tag):
    """The SCSI devices of TAG's KH-DEVICES line, one dict of IDENT_FIELDS
    each ("ctl": channel:target:lun; no host number, which follows probe
    order), taken from the tool's JSON as it is; None when the kernel's
    listing is missing or the capture failed, which no comparison passes."""
    blob = None
    for f in marked(lines, "KH-DEVICES", 2):
        if len(f) == 2 and f[0] == tag:
            try:
                blob = json.loads(f[1])
            except ValueError:
                blob = None
    if not isinstance(blob, dict):
        return None
    out = []
    for host in blob.get("scsi_hosts", []):
        for d in host.get("devices", []):
            out.append({
                "proc_name": host["proc_name"], "parent": host["parent"],
                "ordinal": host["ordinal"],
                "ctl": "%d:%d:%d" % (d["channel"], d["id"], d["lun"]),
                "type": d["type"], "vendor": d["vendor"],
                "model": d["model"], "rev": d["rev"],
                "serial": d["serial"], "wwid": d["wwid"]})
    return out


def identity(dev):
    """A device as the tool identifies it, comparable across kernels."""
    return "|".join(str(dev[k]) for k in IDENT_FIELDS)


def finished(lines, script):
    """Whether guest/init saw SCRIPT (cycle-stage1, cycle-stage2) succeed."""
    want = "kh-init: finished %s status=0" % script
    return any(want in line for _, line in lines)


def errors(lines):
    return [line for _, line in lines if line.startswith("KH-CYCLE-ERROR")]


def cycle_ok(lines):
    """The second kernel dumped its log and status and cycle-stage2 (or a
    distro guest's report) ran to its end without a KH-CYCLE-ERROR."""
    return (dmesg_section(lines, "k2") is not None and
            status_lines(lines) is not None and
            (finished(lines, "cycle-stage2") or distro_ended(lines)) and
            not errors(lines))


def distro_ended(lines):
    return any(line == "KH-DISTRO-END" for _, line in lines)


SD_SPAN = re.compile(r"(\d+(?:\.\d+)?)(min|ms|s|h)(?![a-z])")
SD_UNIT = {"h": 3600.0, "min": 60.0, "s": 1.0, "ms": 0.001}


def sd_seconds(text):
    """Seconds in a systemd time span such as "1min 2.345s" or "980ms"."""
    parts = SD_SPAN.findall(text or "")
    if not parts:
        return None
    return round(sum(float(n) * SD_UNIT[u] for n, u in parts), 3)


def startup(analyze):
    """systemd-analyze's split of one boot: kernel, initrd and userspace
    seconds, when multi-user.target was reached in userspace, and the sum
    boot_to_multi_user_s (kernel + initrd + that)."""
    out = {"kernel_s": None, "initrd_s": None, "userspace_s": None,
           "multi_user_s": None, "boot_to_multi_user_s": None}
    m = re.search(r"Startup finished in (.*?) = ", analyze or "")
    for part in (m.group(1).split(" + ") if m else []):
        phase = re.search(r"\((\w+)\)", part)
        if phase and phase.group(1) + "_s" in out:
            out[phase.group(1) + "_s"] = sd_seconds(part[:phase.start()])
    # systemd-analyze names the default target; Debian's is graphical,
    # which on a server follows multi-user.target with nothing between.
    m = re.search(r"(?:multi-user|graphical)\.target reached after (.*?) "
                  r"in userspace", analyze or "")
    if m:
        out["multi_user_s"] = sd_seconds(m.group(1))
        if out["kernel_s"] is not None:
            out["boot_to_multi_user_s"] = round(
                out["kernel_s"] + (out["initrd_s"] or 0) +
                out["multi_user_s"], 3)
    return out


def distro(lines):
    """HANDOFF-RESULT's "distro": both Debian systems as systemd saw them,
    or None when the log is not a distro guest's."""
    reports = {f[0]: f for f in marked(lines, "KH-DISTRO", 5) if len(f) == 5}
    cases = {f[0]: {"rc": int(f[1]), "kexec_loaded": f[2], "message": f[3],
                    "out": [o[1] for o in marked(lines, "KH-UPGRADE-OUT", 2)
                            if o[0] == f[0]]}
             for f in marked(lines, "KH-UPGRADE-CASE", 4) if len(f) == 4}
    if not reports and not cases:
        return None
    out = {}
    for tag, when in (("k1", "before"), ("k2", "after")):
        f = reports.get(tag)
        out["kernel_" + when] = f[1] if f else None
        out["systemd_state_" + when] = f[2] if f else None
        out["failed_units_" + when] = f[3].split(",") if f and f[3] else []
        out["startup_" + when] = startup(f[4] if f else None)
    out["boot_to_multi_user_s"] = out["startup_after"]["boot_to_multi_user_s"]
    root = marked(lines, "KH-DISTRO-ROOT")
    out["root_after"] = root[-1][0] if root else None
    out["tool_status"] = [f[0] for f in marked(lines, "KH-TOOL-STATUS", 1)]
    out["upgrade_cases"] = cases
    out["services"] = services(lines)
    out["ended"] = distro_ended(lines)
    return out


def services(lines):
    """HANDOFF-RESULT's "services": each reported unit before and after."""
    seen = {}
    for f in marked(lines, "KH-SERVICE", 7):
        if len(f) != 7 or f[0] not in ("k1", "k2"):
            continue
        tag, unit, active, pid, incg, adopted, fresh = f
        s = seen.setdefault(unit, {"unit": unit, "active_before": None,
                                   "active_after": None,
                                   "main_pid_before": None,
                                   "main_pid_after": None,
                                   "in_cgroup_after": None,
                                   "restored": False, "fresh_start": False,
                                   "restart": None})
        when = "before" if tag == "k1" else "after"
        s["active_" + when] = active
        s["main_pid_" + when] = int(pid) if pid.isdigit() else None
        if tag == "k2":
            s["in_cgroup_after"] = incg == "yes"
            s["restored"] = adopted == "yes"
            s["fresh_start"] = fresh == "yes"
    for f in marked(lines, "KH-SERVICE-RESTART", 3):
        if len(f) == 3 and f[0] in seen:
            seen[f[0]]["restart"] = {"active": f[1], "main_pid":
                                     int(f[2]) if f[2].isdigit() else None}
    return list(seen.values())


def load_seconds(lines):
    """Guest uptime spent loading the second kernel (KH-LOAD-TIME)."""
    times = marked(lines, "KH-LOAD-TIME")
    if not times:
        return None
    start, end = times[-1]
    return round(float(end) - float(start), 3)


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


def storage_summary(dmesg):
    """HANDOFF-RESULT's kernel1/kernel2: discovery and the link-down resets
    (libata's "SATA link down", one per empty port it probed)."""
    fig = kernel_figures(dmesg or [])
    return {"first_host": fig["discovery_start_s"],
            "last_attached": fig["discovery_end_s"],
            "discovery_s": fig["discovery_s"], "init_s": fig["init_s"],
            "sata_link_down_msgs": sum(
                1 for _, msg in printk_events(dmesg or [])
                if "SATA link down" in msg)}


def first_stamp(lines, prefix, after=None, suffix=""):
    """Host time of the first marker line starting with PREFIX (and ending
    with SUFFIX), at or after AFTER."""
    return min((s for s, line in lines if s is not None and is_marker(line)
                and line.startswith(prefix) and line.endswith(suffix)
                and (after is None or s >= after)), default=None)


def span(a, b):
    return round(b - a, 3) if a is not None and b is not None else None


def jump_to_init(lines):
    """Host-timed: from the jump to the new kernel's init running."""
    jump = first_stamp(lines, "KH-CYCLE-JUMP")
    if jump is None:
        return None
    return span(jump, first_stamp(lines, "kh-init: up", jump))


def blackout(lines):
    """The checkpointed processes' blackout and its parts, host-timed."""
    freeze = first_stamp(lines, "kexec-handoff: freezing")
    jump = first_stamp(lines, "KH-CYCLE-JUMP")
    ends = [t for t in (first_stamp(lines, "KH-RESTORE-END", freeze),
                        first_stamp(lines, "KH-RESTORE-TCP-END", freeze))
            if t is not None]
    restored = max(ends) if ends else None
    jumping = None
    if freeze is not None:
        jumping = first_stamp(lines, "kexec-handoff: ", freeze, "; jumping")
    up = first_stamp(lines, "kh-init: up", jumping) \
        if jumping is not None else None
    # A lazy restore's monitor, once the last page is in.
    resident = first_stamp(lines, "kexec-handoff: group-", restored,
                           " after it ran again") \
        if restored is not None else None
    return {
        "blackout_s": span(freeze, restored),
        "resident_s": span(freeze, resident),
        "pages_after_s": span(restored, resident),
        "freeze_to_jump_s": span(freeze, jumping),
        "boot_s": span(jumping, up),
        "restore_s": span(up, restored),
        "jump_to_restore_end_s": span(jump, restored),
    }


def workload(lines, index, pid, status, lazy=()):
    """What happened to workload INDEX, started as PID; "lazy": what the
    monitor of its lazy restore said last, if it had one."""
    # By PID: a group's number in the new kernel counts only the groups
    # that were dumped, not every workload started.
    st = [s for s in status if " pid %d: " % pid in s]
    lz = [s for s in lazy if " pid %d: " % pid in s]
    after = None
    done = [s for s in st if "restored as pid " in s]
    if done:
        after = int(re.search(r"restored as pid (\d+)", done[-1]).group(1))
    st = done or st[-1:]
    tail = [f[1] for f in marked(lines, "KH-WORKLOAD-LOG", 2)
            if f[0] == str(index)]
    return {"restored": after is not None, "pid_before": pid,
            "pid_after": after, "status": st[0] if st else None,
            "lazy": lz[-1] if lz else None, "log_tail": tail}


def workloads(lines):
    """One dict per --checkpoint-cmd process, or None when none started."""
    started = {int(f[0]): int(f[2]) for f in marked(lines, "KH-WORKLOAD")
               if len(f) == 3 and f[1] == "started"}
    if not started:
        return None
    status = [f[0] for f in marked(lines, "KH-RESTORE-STATUS", 1)]
    lazy = [f[0] for f in marked(lines, "KH-LAZY-STATUS", 1)]
    return [workload(lines, i, started[i], status, lazy)
            for i in sorted(started)]


def first_int(pattern, lines):
    """The number PATTERN's group catches in the first line it matches."""
    for l in lines:
        m = re.search(pattern, l)
        if m:
            return int(m.group(1))
    return None


def precopy(text):
    """What kexec-handoff said of the pre-copy: its lines, the rounds kept,
    the KiB of pages the freeze still wrote, whether it gave up."""
    found = [l for l in text if l.startswith("kexec-handoff: group-") and
             ("pre-cop" in l or "the freeze wrote" in l)]
    return dict(
        precopy=found,
        precopy_rounds=first_int(r"pre-copied in (\d+) round", found),
        freeze_kib=first_int(r"the freeze wrote (\d+) KiB", found),
        precopy_gave_up=any("pre-copy gives up" in l for l in found))


def checkpoint(lines):
    """HANDOFF-RESULT's "checkpoint": the blackout and what the tool and
    the guests said about the groups."""
    text = [line for _, line in lines]
    return dict(
        blackout(lines), **precopy(text),
        alive={tag: [int(f[1]) for f in marked(lines, "KH-WORKLOAD-ALIVE")
                     if f[0] == tag] for tag in ("k1", "k2")},
        resumed=[l for l in text if "resumed in this kernel" in l or
                 "NOT resumed" in l],
        ended=[l for l in text if l.startswith("kexec-handoff: group-") and
               "; nothing to carry" in l],
        images_left=sorted(f[0] for f in marked(lines, "KH-IMAGES-LEFT", 1)),
        interrupted=[l for l in text if "interrupted by SIG" in l],
        aborted=[l for l in text if l.startswith("KH-CYCLE-ABORTED")])


def result(lines, options, tcp=None):
    """The HANDOFF-RESULT of one cycle: devices both kernels saw, the
    second kernel's handoff status, discovery times, the workloads."""
    k2 = dmesg_section(lines, "k2")
    before, after = devices(lines, "k1"), devices(lines, "k2")
    out = {
        "ok": cycle_ok(lines), "before": before, "after": after,
        "same_devices": before is not None and after is not None and
        sorted(map(identity, before)) == sorted(map(identity, after)),
        "status": status_lines(lines) or [],
        "kernel1": storage_summary(dmesg_section(lines, "k1")),
        "kernel2": storage_summary(k2),
        "load_s": load_seconds(lines),
        "problems": [l for l in k2 or [] if BAD.search(l)],
        "errors": errors(lines),
        "jump_to_init_s": jump_to_init(lines),
        "options": options,
    }
    wl = workloads(lines)
    if wl is not None:
        out.update(workloads=wl, workload=wl[0], checkpoint=checkpoint(lines))
        # An aborted jump ends in the first kernel, which must finish.
        if out["checkpoint"]["aborted"]:
            out["ok"] = finished(lines, "cycle-stage1")
    if tcp is not None:
        out["tcp"] = tcp
    d = distro(lines)
    if d is not None:
        out["distro"] = d
        out["services"] = d["services"]
    return out


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


def before_kernel(start, console):
    zero = printk_zero(console)
    if start is None or zero is None:
        return None
    return round(zero - start, 3)


def cycle_records(path):
    """The two boots of one cycle from its stamped log: kernel 1 (a cold
    boot: firmware and kernel) and kernel 2 (the kexec'd one)."""
    qemu_start, lines = read_stamped(path)
    k1_console, k2_console, jump = console_kernels(lines)
    ok = cycle_ok(lines)
    out = []
    for tag, start, console in (("k1", qemu_start, k1_console),
                                ("k2", jump, k2_console)):
        dmesg = dmesg_section(lines, tag)
        rec = {"kernel": tag, "ok": dmesg is not None and ok,
               "before_kernel_s": before_kernel(start, console)}
        rec.update(kernel_figures(dmesg or []))
        rec["load_s"] = load_seconds(lines) if tag == "k2" else None
        rec["devices"] = len(devices(lines, tag) or [])
        out.append(rec)
    out[1]["status"] = status_lines(lines) or []
    return out
