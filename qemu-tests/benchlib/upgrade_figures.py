"""The phases of one upgrade of the Debian guest (qemu-tests/cycle --distro),
from its stamped log: from the command (KH-CYCLE-JUMP) to multi-user.target
in the new system.

shutdown_s   the command to the old system's last console line (systemd
             stopped the services and unmounted; the kernel's last words)
jump_s       that line to the new kernel's printk clock zero: kexec's
             purgatory and decompression, or the firmware after a reboot
kernel_s     the new kernel's start to "Run /init as init process"
initramfs_s  /init to systemd starting in the real root ("systemd[1]:
             systemd V running in system mode")
userspace_s  that to multi-user.target reached (the guest's driver reports
             the monotonic time it was reached and the time it reports it,
             which places it on the host's clock)
total_s      the command to multi-user.target
Every phase but the kernel's is timed on the host's clock, which runs on
across the jump; the kernel's printk clock only within one kernel."""
from . import cyclelog

PHASES = ["shutdown_s", "jump_s", "kernel_s", "initramfs_s", "userspace_s"]
FIGURES = PHASES + ["total_s"]


def printk_time(dmesg, test):
    return min((t for t, msg in cyclelog.printk_events(dmesg or [])
                if test(msg)), default=None)


def multi_user_host(lines, release):
    """Host time at which RELEASE's system reached multi-user.target."""
    for stamp, line in lines:
        f = line.split("|")
        if (stamp is not None and len(f) == 5 and
                f[:3] == ["KH-DISTRO", "multi-user", release]):
            return stamp - (float(f[4]) - float(f[3]))
    return None


def record(path):
    """{figure: seconds or None} for one stamped cycle --distro log, with
    "ok" and the releases before and after."""
    _, lines = cyclelog.read_stamped(path)
    _, k2_console, jump = cyclelog.console_kernels(lines)
    d = cyclelog.distro(lines) or {}
    out = {f: None for f in FIGURES}
    out.update(ok=cyclelog.cycle_ok(lines), kernel_before=d.get("kernel_before"),
               kernel_after=d.get("kernel_after"))
    if jump is None or not k2_console:
        return out
    k2_start = k2_console[0][0]
    old = [s for s, _ in lines if s is not None and jump <= s < k2_start]
    last_old = max(old) if old else jump
    zero = cyclelog.printk_zero(k2_console)
    dmesg = cyclelog.dmesg_section(lines, "k2")
    init = printk_time(dmesg, lambda m: m.startswith("Run /init as init"))
    systemd = printk_time(dmesg, lambda m: m.startswith("systemd[1]: systemd ")
                          and "running in system mode" in m)
    reached = multi_user_host(lines, out["kernel_after"] or "")
    out["shutdown_s"] = cyclelog.span(jump, last_old)
    out["jump_s"] = cyclelog.span(last_old, zero)
    out["kernel_s"] = init
    out["initramfs_s"] = cyclelog.span(init, systemd)
    if zero is not None and systemd is not None:
        out["userspace_s"] = cyclelog.span(zero + systemd, reached)
    out["total_s"] = cyclelog.span(jump, reached)
    return out
