"""A bootgraph of one kexec-handoff run: where the time goes when a target
is missed. The kernel's scripts/bootgraph.pl draws it (SVG) from the
initcall_debug lines of the kexec'd kernel's dmesg."""
import os
import subprocess

from . import configs, cyclelog, runner

TARBALL = "/usr/src/linux-source-6.12.tar.xz"
MEMBER = "linux-source-6.12/scripts/bootgraph.pl"
# The default 128 KiB log would lose the first initcalls to initcall_debug.
APPEND = "initcall_debug log_buf_len=1M"


def script():
    """bootgraph.pl from Debian's linux-source-6.12, extracted once into the
    kernel cache (reading the tarball takes a while)."""
    cache = os.environ.get("KEXEC_HANDOFF_CACHE", "/var/cache/kexec-handoff")
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"],
        capture_output=True, text=True, check=True).stdout
    path = os.path.join(cache, "bootgraph-" + version, "bootgraph.pl")
    if not os.path.exists(path):
        tmp = path + ".tmp"
        os.makedirs(tmp, exist_ok=True)
        subprocess.run(["tar", "xJf", TARBALL, "-C", tmp,
                        "--strip-components=2", MEMBER], check=True)
        os.replace(os.path.join(tmp, "bootgraph.pl"), path)
        os.rmdir(tmp)
    return path


def draw(config, out_dir, timeout):
    """Boot CONFIG once more with kexec-handoff and initcall_debug and write
    bootgraph-NAME.svg. Returns an error message or None."""
    log = os.path.join(out_dir, "logs", "bootgraph-%s.log" % config.name)
    run = runner.cycle(["--append2", APPEND], configs.qemu_args(config), log,
                       timeout)
    dmesg = cyclelog.dmesg_section(cyclelog.read_console(log), "k2")
    if run.exit != 0 or not dmesg:
        return "bootgraph run failed (exit %d, log %s)" % (run.exit, log)
    svg = subprocess.run(["perl", script()], input="\n".join(dmesg) + "\n",
                         capture_output=True, text=True)
    if svg.returncode != 0 or "<svg" not in svg.stdout:
        return "bootgraph.pl failed: " + svg.stderr.strip()[:200]
    with open(os.path.join(out_dir, "bootgraph-%s.svg" % config.name),
              "w") as f:
        f.write(svg.stdout)
    return None
