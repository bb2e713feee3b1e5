"""Run a command that writes a console log, and keep a copy of that log with
the host time at which each line appeared (see cyclelog.read_stamped).

The time before a kernel's printk clock starts (firmware, or the kexec jump
and the purgatory) is visible only from the host: it is the gap between
QEMU's start, or the jump line, and the kernel's first timestamped lines.
The log is polled every POLL seconds, which bounds the error of a stamp.
"""
import os
import subprocess
import time

POLL = 0.01


def now():
    return time.clock_gettime(time.CLOCK_BOOTTIME)


def process_start(pid):
    """Boot-time seconds at which process PID started, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")


def find_qemu(session):
    """Start time of the QEMU process in SESSION, or None yet."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        rest = stat.rsplit(")", 1)[1].split()
        if comm.startswith("qemu-system") and int(rest[3]) == session:
            return process_start(int(entry))
    return None


class Follower:
    """Reads the lines a growing file gains and stamps them."""

    def __init__(self, path, t0):
        self.path, self.t0, self.pos, self.partial = path, t0, 0, ""
        self.lines = []

    def poll(self, final=False):
        try:
            with open(self.path, errors="replace") as f:
                f.seek(self.pos)
                data = f.read()
                self.pos = f.tell()
        except FileNotFoundError:
            return
        stamp = now() - self.t0
        parts = (self.partial + data).split("\n")
        self.partial = parts.pop()
        if final and self.partial:
            parts.append(self.partial)
            self.partial = ""
        self.lines += [(stamp, line) for line in parts]


def run(cmd, log, stamped, out, timeout):
    """Run CMD (which writes LOG), stamp LOG's lines into STAMPED, send the
    command's own output to OUT. Returns the exit status (124: timeout)."""
    open(log, "w").close()
    t0 = now()
    follower = Follower(log, t0)
    qemu, polls = None, 0
    with open(out, "w") as o:
        proc = subprocess.Popen(cmd, stdout=o, stderr=subprocess.STDOUT,
                                start_new_session=True)
        while proc.poll() is None:
            follower.poll()
            polls += 1
            # /proc/PID/stat has the start time: a slower search loses nothing.
            if qemu is None and polls % 5 == 0:
                qemu = find_qemu(proc.pid)
            if now() - t0 > timeout:
                os.killpg(proc.pid, 15)
                proc.wait()
                break
            time.sleep(POLL)
    follower.poll(final=True)
    with open(stamped, "w") as f:
        if qemu is not None:
            f.write("#qemu-start %.3f\n" % (qemu - t0))
        for stamp, line in follower.lines:
            f.write("%.3f %s\n" % (stamp, line))
    return 124 if proc.returncode is None or proc.returncode < 0 \
        else proc.returncode
