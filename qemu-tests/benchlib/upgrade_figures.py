"""The phases of one upgrade of the Debian guest (qemu-tests/cycle --distro),
from its stamped log: from the command (KH-CYCLE-JUMP) to multi-user.target
in the new system.

shutdown_s   the command to the old system's last console line (systemd
             stopped the services and unmounted; the kernel's last words)
jump_s       that line to the new kernel's printk clock zero: kexec's
             purgatory and decompression, or the firmware after a reboot
kernel_s     the new kernel's printk clock at "Run /init as init process"
initramfs_s  /init to systemd starting in the real root ("systemd[1]:
             systemd V running in system mode")
userspace_s  that to multi-user.target reached (the guest's driver reports
             the monotonic time it was reached and the time it reports it,
             which places it on the host's clock)
total_s      the command to multi-user.target
jump_to_init_s  the old system's last line to "Run /init": jump_s + kernel_s

Every figure but kernel_s is timed on the host's clock, which runs on
across the jump, from lines the console printed as they happened (the
kernel's lines before its serial console registers arrive in one burst,
so none of those is used). Where the printk clock starts is the kernel's
business: a kexec'd kernel's may stand still through early boot (its
lines read 0.000000 until the TSC is calibrated), which moves time from
kernel_s to jump_s; jump_to_init_s does not depend on it."""
from . import cyclelog

# The host-timed phases, which add up to total_s; jump_s and kernel_s
# split the second one by the printk clock.
PHASES = ["shutdown_s", "jump_to_init_s", "initramfs_s", "userspace_s"]
FIGURES = ["shutdown_s", "jump_s", "kernel_s", "jump_to_init_s",
           "initramfs_s", "userspace_s", "total_s"]


def multi_user_host(lines, release, after):
    """Host time at which RELEASE's system reached multi-user.target, from
    its report after host time AFTER (a reboot runs the same release on
    both sides of it)."""
    for stamp, line in lines:
        f = line.split("|")
        if (stamp is not None and stamp > after and len(f) == 5 and
                f[:3] == ["KH-DISTRO", "multi-user", release]):
            return stamp - (float(f[4]) - float(f[3]))
    return None


def arrival(console, test):
    """Host time of the first console line whose message passes TEST."""
    for stamp, line in console:
        m = cyclelog.PRINTK.match(line)
        if stamp is not None and m and test(m.group(2)):
            return stamp
    return None


def is_init(msg):
    return msg.startswith("Run /init as init")


def is_systemd(msg):
    return (msg.startswith("systemd[1]: systemd ") and
            "running in system mode" in msg)


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
    init_at = arrival(k2_console, is_init)
    systemd_at = arrival(k2_console, is_systemd)
    reached = multi_user_host(lines, out["kernel_after"] or "", jump)
    out["shutdown_s"] = cyclelog.span(jump, last_old)
    out["jump_to_init_s"] = cyclelog.span(last_old, init_at)
    if zero is not None and init_at is not None:
        out["kernel_s"] = cyclelog.span(zero, init_at)
        out["jump_s"] = cyclelog.span(last_old, zero)
    out["initramfs_s"] = cyclelog.span(init_at, systemd_at)
    out["userspace_s"] = cyclelog.span(systemd_at, reached)
    out["total_s"] = cyclelog.span(jump, reached)
    return out
