"""The benchmark's two charts (SVG): a timeline per configuration and
variant, and discovery time against configuration size."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.patches  # noqa: E402 (the backend comes first)
import matplotlib.pyplot as plt  # noqa: E402

from . import configs, stats  # noqa: E402

# Same input, same bytes: no dates or random ids in the SVG.
matplotlib.rcParams["svg.hashsalt"] = "kexec-handoff"
SVG_META = {"Date": None, "Creator": None}
COLORS = {"cold": "#7f7f7f", "plain": "#1f77b4", "handoff": "#d62728",
          "floor": "#2ca02c"}


def med(s, figure):
    return s[figure][0] if s[figure] else None


def rows(records):
    """(label, summary) per configuration and variant, top to bottom."""
    out = []
    for c in configs.CONFIGS:
        for v in configs.LABELS:
            if stats.select(records, c.name, v):
                out.append(("(%s) %s · %s" % (c.letter, c.name,
                                              configs.LABELS[v]),
                            stats.summary(records, c.name, v)))
    return out


def draw_row(ax, y, s):
    before, init = med(s, "before_kernel_s"), med(s, "init_s")
    if before:
        ax.barh(y, before, left=-before, height=0.6, color="#dddddd")
    if init:
        ax.barh(y, init, height=0.6, color="#c6dbef")
        ax.plot([init, init], [y - 0.35, y + 0.35], color="black", lw=1)
    start, end = med(s, "discovery_start_s"), med(s, "discovery_end_s")
    if start is not None:
        ax.barh(y, end - start, left=start, height=0.6, color="#fd8d3c",
                alpha=0.8)
    for kind, dy, color in (("scsi", 0.22, "#6a3d9a"),
                            ("ata", -0.22, "#238b45")):
        a, b = med(s, kind + "_start_s"), med(s, kind + "_end_s")
        if a is not None:
            ax.barh(y + dy, b - a, left=a, height=0.12, color=color)


def timeline(records, path):
    rs = rows(records)
    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.4 * len(rs)))
    for i, (_, s) in enumerate(rs):
        draw_row(ax, len(rs) - 1 - i, s)
    ax.set_yticks(range(len(rs)))
    ax.set_yticklabels([label for label, _ in reversed(rs)], fontsize=8)
    ax.axvline(0, color="black", lw=0.5)
    ax.set_xlabel("seconds from the new kernel's start (printk clock 0); "
                  "medians")
    legend = [("before kernel: firmware or kexec jump", "#dddddd"),
              ("kernel start → /init (black tick)", "#c6dbef"),
              ("storage discovery", "#fd8d3c"), ("SCSI hosts", "#6a3d9a"),
              ("ATA hosts", "#238b45")]
    fig.legend(handles=[matplotlib.patches.Patch(color=c, label=l)
                        for l, c in legend], fontsize=7, loc="lower center",
               ncol=len(legend))
    ax.set_title("Boot timeline per configuration and variant")
    fig.tight_layout(rect=(0, 0.3 / fig.get_figheight(), 1, 1))
    fig.savefig(path, metadata=SVG_META)
    plt.close(fig)


def scaling(records, path):
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, attr, label in ((axes[0], "devices", "storage devices present"),
                            (axes[1], "addresses",
                             "addresses a full probe covers")):
        for v in ("plain", "handoff", "floor"):
            points = scaling_points(records, v, attr)
            if not points:
                continue
            xs, ys, lo, hi, letters = zip(*points)
            ax.errorbar(xs, ys, yerr=[lo, hi], fmt="o", capsize=3,
                        color=COLORS[v], label=configs.LABELS[v])
            for x, y, letter in zip(xs, ys, letters):
                ax.annotate(letter, (x, y), textcoords="offset points",
                            xytext=(5, 3), fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel(label)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("storage discovery, s (median, min–max)")
    axes[0].legend(fontsize=8)
    fig.suptitle("Discovery time against configuration size")
    fig.tight_layout()
    fig.savefig(path, metadata=SVG_META)
    plt.close(fig)


def scaling_points(records, variant, attr):
    """(x, median, below, above, letter) per configuration with a
    discovery figure."""
    out = []
    for c in configs.CONFIGS:
        s = stats.summary(records, c.name, variant)["discovery_s"]
        if s:
            out.append((getattr(c, attr), s[0], s[0] - s[1], s[2] - s[0],
                        c.letter))
    return out
