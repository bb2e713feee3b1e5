"""The benchmark's Markdown report: targets, one table per configuration,
run-by-run ratios, links to the plots and bootgraphs."""
import os

from . import configs, stats

COLUMNS = [("before_kernel_s", "before kernel"), ("init_s", "start → /init"),
           ("discovery_s", "discovery"), ("scsi_s", "SCSI"),
           ("ata_s", "ATA"), ("load_s", "load")]
FIGURE_NAMES = {"discovery_s": "discovery", "init_s": "start → /init"}


def cell(s, digits=3):
    """median (min–max), or a dash when there is nothing to show."""
    if s is None:
        return "–"
    med, lo, hi, _ = s
    return "%.*f (%.*f–%.*f)" % (digits, med, digits, lo, digits, hi)


def header(meta):
    return [
        "# Boot-time benchmark",
        "",
        "%s, %s; QEMU %s (%s), `-machine pc -nodefaults -m 1G -smp 1`; "
        "%d round(s), variants interleaved." % (
            meta["started"], meta["host"], meta["qemu"], meta["accel"],
            meta["rounds"]),
        "Command: `%s`." % meta["command"],
        "",
        "Seconds, median (min–max) over n runs. *before kernel*: QEMU start "
        "(cold boot) or the jump (kexec) to the new kernel's printk clock "
        "zero, from host time stamps of the console. *start → /init*: printk "
        "time of `Run /init as init process`. *discovery*: first storage "
        "host registered → last storage device attached (printk), split "
        "into its *SCSI* and *ATA* hosts. *load*: `kexec-handoff --load` or "
        "`kexec -l` in the old kernel (guest uptime, 10 ms steps). Ratios "
        "are taken run by run (same round) and then summarised.",
        "",
    ]


def target_table(results):
    out = ["## Targets", "",
           "| target | limit | measured | result |",
           "| --- | --- | --- | --- |"]
    for t in results:
        c = configs.BY_NAME[t["config"]]
        name = "(%s) %s: %s, %s / %s" % (
            c.letter, c.name, FIGURE_NAMES[t["figure"]],
            configs.LABELS[t["num"]], configs.LABELS[t["den"]])
        if t["met"] is None:
            verdict = t["reason"]
        elif t["met"]:
            verdict = "**met**"
        else:
            verdict = "**missed**: " + t["reason"]
        out.append("| %s | ≤ %.2f | %s | %s |" % (
            name, t["limit"], cell(t["ratio"]), verdict))
    return out + [""]


def config_section(records, config, bootgraphs):
    present = [v for v in configs.LABELS
               if stats.select(records, config.name, v)]
    if not present:
        return []
    out = ["## (%s) %s: %s" % (config.letter, config.name, config.title), "",
           "| variant | n | " + " | ".join(n for _, n in COLUMNS) + " |",
           "| --- | --- |" + " --- |" * len(COLUMNS)]
    for v in present:
        s = stats.summary(records, config.name, v)
        n = len(stats.select(records, config.name, v))
        out.append("| %s | %d | %s |" % (configs.LABELS[v], n, " | ".join(
            cell(s[f]) for f, _ in COLUMNS)))
    out.append("")
    if config.floor and "floor" in present:
        out.append("Knob floor: %s.  " % config.floor.why)
    for den in ("plain", "floor"):
        line = ratio_line(records, config.name, den)
        if line:
            out.append(line)
    name = "bootgraph-%s.svg" % config.name
    if name in bootgraphs:
        out.append("Where the time goes in one kexec-handoff run "
                   "(`initcall_debug`): [%s](%s)." % (name, name))
    return out + [""]


def ratio_line(records, config, den):
    parts = []
    for figure in ("discovery_s", "init_s"):
        r = stats.spread(stats.ratios(records, config, figure, "handoff",
                                      den))
        if r:
            parts.append("%s %s" % (FIGURE_NAMES[figure], cell(r)))
    if not parts:
        return None
    return "kexec-handoff / %s, run by run: %s.  " % (
        configs.LABELS[den], "; ".join(parts))


def render(records, meta, out_dir):
    bootgraphs = {f for f in os.listdir(out_dir) if f.startswith("bootgraph-")}
    lines = header(meta) + target_table(stats.target_results(records))
    for c in configs.CONFIGS:
        lines += config_section(records, c, bootgraphs)
    lines += ["## Plots", "",
              "![timeline per configuration and variant](timeline.svg)", "",
              "![discovery against configuration size]"
              "(discovery-vs-size.svg)", ""]
    failed = [r for r in records if not r["ok"]]
    if failed:
        lines += ["Runs that failed and are left out: " + ", ".join(
            sorted({"%s %s round %d" % (r["config"], r["variant"],
                                        r["round"]) for r in failed})), ""]
    return "\n".join(lines)
