"""The scale and soak results as Markdown tables against issue 9's targets, for BENCHMARKS.md.

    python -m benchmarks.summary [benchmarks/results/scale.json] [benchmarks/results/soak.json]

Reads the files `make bench BENCH=scale` and `BENCH=soak` wrote; prints, measures nothing.
"""
import json
import sys
from pathlib import Path

from .server import ROOT

RESULTS = ROOT / "benchmarks" / "results"
FANOUT_TARGET_MS = {1000: 40, 5000: 200, 10000: 400}


def _f(value, digits=0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def scale_rows(run: dict) -> list[tuple[str, str, str, str]]:
    """(measure, Townhall, references, verdict) for one room size."""
    n, app, raw, sio = run["n"], run["app"], run["raw"], run["socketio"]
    floor = app["http_floor"]["per_second"]
    join, connect, fanout = app["join"], app["connect"], app["fanout"]
    votes, storms = app.get("votes"), {s["variant"]: s for s in app.get("storms", ())}
    target_ms = FANOUT_TARGET_MS.get(n)
    rows = [
        ("joins (page + join), ≥ 1,000/s", f"{_f(join['per_second'])}/s",
         f"GET /healthz {_f(floor)}/s, so ≤ {_f(floor / 2)} two-request joins/s", _mark(join["per_second"] >= 1000)),
        ("socket connects, ≥ 1,500/s", f"{_f(connect['per_second'])}/s",
         f"raw {_f(raw['connect']['per_second'])}/s, python-socketio {_f(sio['connect']['per_second'])}/s",
         _mark(connect["per_second"] >= 1500)),
        ("joined and connected", f"{_f(app['joined_and_connected_s'], 1)} s", "",
         _mark(app["joined_and_connected_s"] <= 20) + " (≤ 20 s at 10,000)" if n == 10000 else ""),
        (f"fan-out p99{f', ≤ {target_ms} ms and ≤ 2× raw' if target_ms else ''}",
         f"{_f(fanout['p99'], 1)} ms (p50 {_f(fanout['p50'], 1)}), {fanout['delivered']:,} of {fanout['expected']:,}",
         f"raw {_f(raw['fanout']['p99'], 1)} ms (×{fanout['p99'] / raw['fanout']['p99']:.2f}), "
         f"python-socketio {_f(sio['fanout']['p99'], 1)} ms",
         _mark(fanout["p99"] <= (target_ms or float("inf")) and fanout["p99"] <= 2 * raw["fanout"]["p99"]
               and fanout["delivered"] == fanout["expected"])),
    ]
    if votes:
        db = votes["database"]
        rows += [
            ("votes from 2,000 phones at 1,000/s for 60 s, ack p99 ≤ 400 ms",
             f"{_f(votes['acked_per_second'])}/s, ack p50 {_f(votes['ack_ms']['p50'], 1)} / "
             f"p99 {_f(votes['ack_ms']['p99'], 1)} ms", "",
             _mark(votes["acked_per_second"] >= 990 and votes["ack_ms"]["p99"] <= 400)),
            ("lost / doubled votes, 0", f"{db['lost']} / {db['doubled']} (stored, not acknowledged: "
             f"{db['unacknowledged']}; counters off: {db['counter_mismatches']})", "",
             _mark(db["lost"] == 0 and db["doubled"] == 0)),
            ("snapshot p99 during the votes, ≤ 100 ms",
             f"{_f(votes['snapshot_ms']['p99'], 1)} ms (p50 {_f(votes['snapshot_ms']['p50'], 1)})", "",
             _mark(votes["snapshot_ms"]["p99"] <= 100)),
        ]
    loop = app.get("loop", {}).get("votes")
    if loop:
        rows.append(("the server's loop during the votes", f"longest stall {_f(loop['max_lag_ms'])} ms",
                     f"longest young collection {_f(loop['longest_young_gc_ms'])} ms; {loop['full_gc']} full "
                     f"(longest {_f(loop['longest_full_gc_ms'])} ms)", ""))
    rows.append(("server memory per connected phone, ≤ 64 KB (stretch 40)",
                 f"{_f(app['memory']['per_phone_kb'], 1)} KB",
                 f"raw {_f(raw['memory']['per_phone_kb'], 1)} KB, python-socketio "
                 f"{_f(sio['memory']['per_phone_kb'], 1)} KB", _mark(app["memory"]["per_phone_kb"] <= 64)))
    for variant, what in (("unchanged", "restart, nothing changed while down"),
                          ("changed", "restart, a question asked while down: every phone fetches")):
        storm = storms.get(variant)
        if storm:
            rows.append((f"{what}, ≤ 30 s", f"{_f(storm['converged_s'], 1)} s",
                         f"back after {_f(storm['server_back_after_s'], 1)} s; {storm['snapshots_fetched']:,} "
                         f"snapshots; connected p50/p99 {_f(storm['connected_s']['p50'], 1)} / "
                         f"{_f(storm['connected_s']['p99'], 1)} s",
                         _mark(storm["converged_s"] is not None and storm["converged_s"] <= 30)))
    return rows


def soak_lines(soak: dict) -> list[str]:
    memory, samples = soak["memory"], soak["soak"]["samples"]
    base = memory["rss_before_kb"]
    per_phone = [(s["rss_kb"] - base) / max(s["connected"], 1) for s in samples]
    return [
        f"- {soak['n']:,} phones for {soak['soak']['seconds'] / 60:.0f} minutes; every second "
        f"{soak['soak']['churn_per_second']} phones left or dropped ({soak['soak']['churned']:,} in all, "
        f"{soak['soak']['newcomers']:,} newcomers joined), a question every 10 s, 20 votes/s.",
        f"- memory per connected phone {per_phone[0]:.1f} KB at the start, {per_phone[-1]:.1f} KB at the end "
        f"(lowest {min(per_phone):.1f}, highest {max(per_phone):.1f}); server RSS "
        f"{samples[0]['rss_kb'] / 1024:.0f} MB → {samples[-1]['rss_kb'] / 1024:.0f} MB.",
        *(f"- the server's loop over the whole run: longest stall {x['max_lag_ms']:.0f} ms, longest young "
          f"collection {x['longest_young_gc_ms']:.0f} ms, {x['full_gc']} full collections (longest "
          f"{x['longest_full_gc_ms']:.0f} ms)" for x in soak.get("loop", {}).values()),
        "- samples (minute: MB, phones connected): " + ", ".join(
            f"{s['at_s'] // 60}: {s['rss_kb'] / 1024:.0f}, {s['connected']:,}" for s in samples),
    ]


def main(scale_path: Path, soak_path: Path) -> None:
    scale = json.loads(scale_path.read_text())
    for run in scale["runs"]:
        print(f"\n### {run['n']:,} phones\n")
        print("| target | Townhall | references, same run | |")
        print("|---|---|---|---|")
        for row in scale_rows(run):
            print("| " + " | ".join(row) + " |")
    if soak_path.exists():
        print("\n### Soak\n")
        print("\n".join(soak_lines(json.loads(soak_path.read_text()))))


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args[0] if args else RESULTS / "scale.json", args[1] if len(args) > 1 else RESULTS / "soak.json")
