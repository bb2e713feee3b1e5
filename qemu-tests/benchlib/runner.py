"""The one way the scenarios and the benchmarks run qemu-tests/cycle."""
import collections
import os
import subprocess

from . import cyclelog, stamped

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CYCLE = os.path.join(HERE, "cycle")
TIMEOUT = 600  # cycle's own default

# exit: cycle's exit status (124: the host gave up on it); result: its
# HANDOFF-RESULT as a dict, or None; log: the console log; out: cycle's
# own stdout and stderr.
Run = collections.namedtuple("Run", "exit result log out")


def command(options, devices, log, timeout=TIMEOUT):
    """qemu-tests/cycle's command line: OPTIONS, then QEMU's DEVICES."""
    return ([CYCLE, "--log", log, "--timeout", str(timeout)] +
            list(options) + ["--"] + list(devices))


def cycle(options, devices, log, timeout=TIMEOUT, stamp=False):
    """Run one cycle with its console log in LOG and its output in LOG's
    name with .out for .log.

    With STAMP, LOG is instead the stamped copy (benchlib/stamped.py) of a
    console log kept beside it while the cycle runs, and removed with its
    marks afterwards: the stamped copy has every line of both. Returns a
    Run."""
    base = os.path.splitext(log)[0]
    out = base + ".out"
    console = base + ".console" if stamp else log
    cmd = command(options, devices, console, timeout)
    if stamp:
        rc = stamped.run(cmd, console, log, out, timeout + 30)
        for leftover in (console, console + ".marks", console + ".tcp",
                         console + ".hooks"):
            if os.path.exists(leftover):
                os.remove(leftover)
    else:
        with open(out, "w") as f:
            rc = subprocess.run(cmd, stdout=f,
                                stderr=subprocess.STDOUT).returncode
    with open(out, errors="replace") as f:
        return Run(rc, cyclelog.parse_result(f.read()), log, out)
