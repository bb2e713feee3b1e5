"""Turn a results directory's cycle logs into its report files:
runs.json and runs.csv (every boot), results.md, timeline.svg and
discovery-vs-size.svg."""
import csv
import json
import os

from . import cyclelog, markdown, stats

CSV_FIELDS = ["config", "variant", "round", "kernel", "ok"] + \
    stats.FIGURES + stats.SPAN_FIGURES + ["devices", "log"]


def read_cycles(out_dir):
    with open(os.path.join(out_dir, "cycles.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def records(out_dir):
    """One record per boot: kernel 1 of every cycle is a cold boot, kernel 2
    is the cycle's variant."""
    out = []
    for c in read_cycles(out_dir):
        k1, k2 = cyclelog.cycle_records(os.path.join(out_dir, c["log"]))
        for rec, variant in ((k1, "cold"), (k2, c["variant"])):
            rec.update(config=c["config"], variant=variant, round=c["round"],
                       log=c["log"])
            rec["ok"] = rec["ok"] and c["exit"] == 0
            out.append(rec)
    return out


def write_runs(recs, out_dir):
    with open(os.path.join(out_dir, "runs.json"), "w") as f:
        json.dump(recs, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out_dir, "runs.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, CSV_FIELDS, extrasaction="ignore",
                           lineterminator="\n")
        w.writeheader()
        w.writerows(recs)


def generate(out_dir):
    """Write every report file; returns the target results."""
    from . import plots  # matplotlib loads only when plots are drawn
    recs = records(out_dir)
    with open(os.path.join(out_dir, "bench.json")) as f:
        meta = json.load(f)
    write_runs(recs, out_dir)
    plots.timeline(recs, os.path.join(out_dir, "timeline.svg"))
    plots.scaling(recs, os.path.join(out_dir, "discovery-vs-size.svg"))
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(markdown.render(recs, meta, out_dir) + "\n")
    return stats.target_results(recs)
