"""Medians, spreads and run-by-run ratios over the benchmark's records, and
whether each target was met."""
from . import configs

FIGURES = ["before_kernel_s", "init_s", "discovery_s", "scsi_s", "ata_s",
           "load_s"]
# Where a figure's span lies on the kernel's clock (for the timeline plot).
SPAN_FIGURES = ["discovery_start_s", "discovery_end_s", "scsi_start_s",
                "scsi_end_s", "ata_start_s", "ata_end_s"]


def median(values):
    """The middle value; the mean of the two middle ones for an even count."""
    v = sorted(values)
    if not v:
        return None
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def spread(values):
    """(median, min, max, n) of the values that exist."""
    v = [x for x in values if x is not None]
    if not v:
        return None
    return median(v), min(v), max(v), len(v)


def select(records, config, variant):
    return [r for r in records if r["config"] == config
            and r["variant"] == variant and r["ok"]]


def summary(records, config, variant):
    """{figure: spread} for one configuration and variant."""
    runs = select(records, config, variant)
    return {f: spread(r[f] for r in runs) for f in FIGURES + SPAN_FIGURES}


def ratios(records, config, figure, num, den):
    """NUM/DEN of FIGURE, paired by round, for the rounds that have both."""
    a = {r["round"]: r[figure] for r in select(records, config, num)}
    b = {r["round"]: r[figure] for r in select(records, config, den)}
    return [a[k] / b[k] for k in sorted(a)
            if k in b and a[k] is not None and b[k]]


def target_results(records):
    """One dict per target: its figures, met or missed, and why."""
    out = []
    present = {r["config"] for r in records}
    for config, figure, num, den, limit in configs.TARGETS:
        t = {"config": config, "figure": figure, "num": num, "den": den,
             "limit": limit, "ratio": None, "met": None}
        if config in present:
            t["ratio"] = spread(ratios(records, config, figure, num, den))
            if t["ratio"]:
                t["met"] = t["ratio"][0] <= limit
        t["reason"] = reason(records, t, present)
        out.append(t)
    return out


def reason(records, t, present):
    """Where the time goes, from the numbers, when a target is missed."""
    if t["met"] is None:
        return "no paired runs" if t["config"] in present else "not measured"
    if t["met"]:
        return ""
    num = summary(records, t["config"], t["num"])
    den = summary(records, t["config"], t["den"])
    parts = []
    for f, name in (("scsi_s", "SCSI"), ("ata_s", "ATA")):
        if num[f] or den[f]:
            parts.append("%s %s -> %s s" % (name, fmt(den[f]), fmt(num[f])))
    what = "discovery" if t["figure"] == "discovery_s" else "start -> /init"
    text = "%s %s s (%s) -> %s s (%s)" % (
        what, fmt(den[t["figure"]]), configs.LABELS[t["den"]],
        fmt(num[t["figure"]]), configs.LABELS[t["num"]])
    if parts:
        text += "; per subsystem " + ", ".join(parts)
    if t["figure"] == "init_s" and num["discovery_s"]:
        text += "; discovery is %s s of what is left" % fmt(
            num["discovery_s"])
    return text


def fmt(s, digits=3):
    """A spread's median, or a dash."""
    if s is None:
        return "-"
    return "%.*f" % (digits, s[0])
