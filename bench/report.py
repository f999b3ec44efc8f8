#!/usr/bin/env python3
"""Write BENCHMARKS.md from the measurements bench/run collected.

Run by bench/run with the benchmark venv's Python (so that the polars, pm4py and
pandas versions it reports are the ones that were timed):

    target/bench/.venv/bin/python bench/report.py --dir target/bench --out BENCHMARKS.md \
        --bin target/release/procdiag --runs 3 --sizes 1m,5m [--quick]

Inputs, all in --dir:
  times.tsv       one line per timed run: size, tool, round, wall seconds, max RSS KB
                  (GNU time's %e and %M)
  facts.tsv       key, value: rows.SIZE, bytes.SIZE (the CSV), html_bytes.SIZE,
                  check.SIZE (ok / mismatch / error), parquet (yes / no), ...
  check_SIZE.txt  compare_results.py's output for the peers on that size
  out/polars_SIZE.json, out/pm4py_SIZE.json
                  the peers' last results (event and case counts, their own
                  load / compute split)
  out/analyze_SIZE.json
                  procdiag analyze's last output: its event and case counts, lead
                  times and rework events are checked against the polars peer's

Medians are taken over the rounds of each (size, tool); the targets are the issue's
and each is marked met / not met (or not measured, e.g. the 5M ones under --quick).
Units: s = wall seconds; MB and GB are 2^20 and 2^30 bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict

TOOLS = [
    # key, label, what
    ("analyze", "procdiag analyze", "`procdiag analyze --tasks FILE --format json`"),
    ("analyze_parquet", "procdiag analyze (Parquet)",
     "`procdiag analyze --tasks FILE.parquet --format json`"),
    ("report", "procdiag report", "`procdiag report --tasks FILE --out r.html --json r.json`"),
    ("polars", "peer_polars.py", "hand-written lazy polars, `collect_all`"),
    ("pm4py", "peer_pm4py.py", "PM4Py, pandas backend"),
]
LABEL = {k: label for k, label, _ in TOOLS}
SIZE_NAME = {"1m": "1M", "5m": "5M", "50m": "50M"}
MB = 1024 * 1024
GB = 1024 * MB


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> str:
    cores = sh("nproc") or str(os.cpu_count())
    mem = ""
    for line in sh("free", "-g").splitlines():
        if line.startswith("Mem:"):
            mem = line.split()[1]
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    os_name = platform.system()
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return (f"{cores} cores ({cpu or 'unknown CPU'}), {mem or '?'} GB memory (`free -g`), "
            f"{os_name}, kernel {platform.release()}")


def pkg_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def procdiag_version(binary: str) -> str:
    v = sh(binary, "--version")
    commit = sh("git", "rev-parse", "--short", "HEAD")
    dirty = " (uncommitted changes)" if sh("git", "status", "--porcelain", "--untracked-files=no") else ""
    if v:
        return f"{v} (commit {commit}{dirty})" if commit else v
    return f"commit {commit}{dirty}" if commit else "unknown"


def read_tsv(path: str) -> list[list[str]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def load_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def fmt_mb(kb: float | None) -> str:
    return "–" if kb is None else f"{kb / 1024:,.0f}"


def fmt_ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def procdiag_vs_polars(pd: dict, pol: dict) -> tuple[bool, list[str]] | None:
    """Compare the few numbers procdiag's JSON and the polars peer define alike."""
    t = pd.get("tasklog") or {}
    if not t or not pol:
        return None
    lt, plt = t.get("lead_time_hours") or {}, pol.get("lead_time_h") or {}
    pairs = [("events", t.get("events"), pol.get("n_events")),
             ("cases", t.get("cases"), pol.get("n_cases")),
             ("rework events", t.get("rework_events"), pol.get("rework_events_total"))]
    pairs += [(f"lead time {f} (h)", lt.get(f), plt.get(f)) for f in ("mean", "median", "min", "max")]
    ok, lines = True, []
    for name, a, b in pairs:
        if a is None or b is None:
            continue
        same = abs(float(a) - float(b)) <= 1e-5 * max(1.0, abs(float(b)))
        ok &= same
        shown = (f"{a:,}" if isinstance(a, int) else f"{a:.6f}")
        lines.append(f"{name}: {shown}" + ("" if same else f" (polars: {b})"))
    return (ok, lines) if lines else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--sizes", required=True, help="comma-separated, e.g. 1m,5m,50m")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]

    runs: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for size, tool, _round, wall, rss in read_tsv(os.path.join(args.dir, "times.tsv")):
        runs[(size, tool)].append((float(wall), float(rss)))
    facts = {row[0]: row[1] for row in read_tsv(os.path.join(args.dir, "facts.tsv")) if len(row) > 1}

    def med_wall(size, tool):
        r = runs.get((size, tool))
        return statistics.median(w for w, _ in r) if r else None

    def med_rss(size, tool):  # KB
        r = runs.get((size, tool))
        return statistics.median(m for _, m in r) if r else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    out: list[str] = []
    w = out.append
    now = dt.datetime.now(dt.timezone.utc)
    w("# Benchmarks")
    w("")
    w("Written by `bench/run`" + (" --quick" if args.quick else "")
      + f" on {now:%Y-%m-%d %H:%M} UTC; re-run it to refresh this file.")
    if args.quick:
        w("")
        w(f"**Quick run**: 1M events only, {args.runs} run per tool (no median of three); "
          "the 5M targets are not measured.")
    w("")
    w("## Machine and versions")
    w("")
    w(f"- machine: {machine()}")
    w(f"- procdiag: {procdiag_version(args.bin)}, binary `{args.bin}`")
    w(f"- Python {platform.python_version()}, polars {pkg_version('polars')}, "
      f"pm4py {pkg_version('pm4py')}, pandas {pkg_version('pandas')}, "
      f"numpy {pkg_version('numpy')} (the benchmark venv, `target/bench/.venv`)")
    w("")
    w("## Method")
    w("")
    w("- Input: `gen_tasklog.py --events N` from `../shared/bench` (seeded, byte-identical "
      "between runs): columns `case_id,stage,department,owner,start_time,end_time,period`, "
      "rows ordered by start time.")
    w("- Tools: " + "; ".join(f"{label}: {what}" for k, label, what in TOOLS
                              if k != "analyze_parquet") + ". The peers compute lead times, "
      "directly-follows counts and times, variants, service time per stage and rework; "
      "procdiag computes more (touch time, handoffs, data-quality findings, the HTML report).")
    w("- Interleaved: each round runs every tool once on a size; "
      + (f"{args.runs} rounds, medians shown." if args.runs > 1 else "1 round (`--quick`).")
      + " Every run is a fresh process (the Python peers "
      "include interpreter start-up and imports), started after "
      + f"{facts.get('settle', '?')} idle seconds, so that every tool starts as a user's "
      "single run does: on a virtual machine the host takes back memory freed a few "
      "seconds earlier, and a run started straight after another one is faster.")
    w("- Wall time and peak memory from `/usr/bin/time -f \"%e %M\"` (elapsed seconds, "
      "maximum resident set size). MB and GB are 2^20 and 2^30 bytes.")
    w("- procdiag runs with `target/bench` as working directory and `--tasks FILE`, so "
      "neither a `procdiag.toml` in the repository nor the sample's `data/procdiag.toml` "
      "applies (see `src/config/layers.rs`).")
    w("- Cross-check, once per size: `compare_results.py` on the two peers' results, and "
      "procdiag analyze's event and case counts, lead times and rework events against "
      "the polars peer's.")
    w("")
    w("## Results")
    for size in sizes:
        name = SIZE_NAME.get(size, size)
        rows = facts.get(f"rows.{size}")
        nbytes = facts.get(f"bytes.{size}")
        pol = load_json(os.path.join(args.dir, "out", f"polars_{size}.json"))
        head = f"{int(rows):,} events" if rows else "? events"
        if pol.get("n_cases"):
            head += f", {pol['n_cases']:,} cases"
        if nbytes:
            head += f", CSV {int(nbytes) / MB:,.0f} MB"
        if facts.get(f"pq_bytes.{size}"):
            head += f", Parquet {int(facts[f'pq_bytes.{size}']) / MB:,.0f} MB"
        w("")
        w(f"### {name} ({head})")
        w("")
        w("| tool | median wall (s) | runs (s) | median peak memory (MB) | wall vs analyze |")
        w("|---|---:|---|---:|---:|")
        base = med_wall(size, "analyze")
        for key, label, _ in TOOLS:
            r = runs.get((size, key))
            if not r:
                continue
            walls = ", ".join(f"{x:.2f}" for x, _ in r)
            mw = med_wall(size, key)
            w(f"| {label} | {fmt_s(mw)} | {walls} | {fmt_mb(med_rss(size, key))} | "
              f"{fmt_ratio(ratio(mw, base))} |")
        html = facts.get(f"html_bytes.{size}")
        if html:
            w("")
            w(f"HTML report: {int(html) / MB:.2f} MB ({int(html):,} bytes).")
        notes = []
        for key in ("polars", "pm4py"):
            t = load_json(os.path.join(args.dir, "out", f"{key}_{size}.json")).get("timing_s", {})
            if t:
                notes.append(f"{LABEL[key]} (last run, self-reported): import "
                             f"{t.get('import', 0):.2f} s, load {t.get('load', 0):.2f} s, "
                             f"compute {t.get('compute', 0):.2f} s")
        if notes:
            w("")
            w("; ".join(notes) + ".")
        pd_check = procdiag_vs_polars(
            load_json(os.path.join(args.dir, "out", f"analyze_{size}.json")), pol)
        if pd_check:
            ok, lines = pd_check
            w("")
            w(("procdiag analyze agrees with peer_polars.py on "
               if ok else "**procdiag analyze differs from peer_polars.py** on ")
              + "; ".join(lines) + ".")
        check = facts.get(f"check.{size}")
        if check:
            w("")
            text = ""
            p = os.path.join(args.dir, f"check_{size}.txt")
            if os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    text = f.read().strip()
            verdict = {"ok": "the peers agree", "mismatch": "**the peers disagree**",
                       "error": "**the cross-check failed to run**"}.get(check, check)
            w(f"Cross-check ({verdict}):")
            w("")
            w("```")
            lines = text.splitlines()
            w("\n".join(lines[:40]) + (f"\n… {len(lines) - 40} more lines" if len(lines) > 40 else ""))
            w("```")

    # ------------------------------------------------------------ ratios
    w("")
    w("## Ratios")
    w("")
    w("| ratio | " + " | ".join(SIZE_NAME.get(s, s) for s in sizes) + " |")
    w("|---|" + "---:|" * len(sizes))
    rat_rows = [
        ("procdiag analyze / polars (wall)", lambda s: ratio(med_wall(s, "analyze"), med_wall(s, "polars"))),
        ("procdiag analyze / polars (peak memory)", lambda s: ratio(med_rss(s, "analyze"), med_rss(s, "polars"))),
        ("pm4py / procdiag analyze (wall)", lambda s: ratio(med_wall(s, "pm4py"), med_wall(s, "analyze"))),
        ("pm4py / procdiag analyze (peak memory)", lambda s: ratio(med_rss(s, "pm4py"), med_rss(s, "analyze"))),
        ("procdiag report / analyze (wall)", lambda s: ratio(med_wall(s, "report"), med_wall(s, "analyze"))),
        ("procdiag analyze Parquet / CSV (wall)",
         lambda s: ratio(med_wall(s, "analyze_parquet"), med_wall(s, "analyze"))),
    ]
    for label, fn in rat_rows:
        vals = [fn(s) for s in sizes]
        if all(v is None for v in vals):
            continue
        w(f"| {label} | " + " | ".join(fmt_ratio(v) for v in vals) + " |")
    scale = ratio(med_wall("5m", "analyze"), med_wall("1m", "analyze"))
    w("")
    w(f"procdiag analyze, 5M / 1M wall time: {fmt_ratio(scale)}"
      + (" (5M not measured)" if scale is None else " (5× the events)") + ".")
    scale50 = ratio(med_wall("50m", "analyze"), med_wall("5m", "analyze"))
    if scale50 is not None:
        w(f"procdiag analyze, 50M / 5M wall time: {fmt_ratio(scale50)} (10× the events).")

    # ------------------------------------------------------------ targets
    w("")
    w("## Targets")
    w("")
    w("| target | measured | status |")
    w("|---|---|---|")

    def status(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "**not met**")

    peer_sizes = [s for s in sizes if (s, "polars") in runs]
    for s in peer_sizes:
        n = SIZE_NAME.get(s, s)
        r = ratio(med_wall(s, "analyze"), med_wall(s, "polars"))
        w(f"| {n}: analyze ≤ the polars script's time | {fmt_ratio(r)} | "
          f"{status(None if r is None else r <= 1.0)} |")
        w(f"| {n}: analyze ≤ 0.6× the polars script's time (aim) | {fmt_ratio(r)} | "
          f"{status(None if r is None else r <= 0.6)} |")
        r = ratio(med_wall(s, "pm4py"), med_wall(s, "analyze"))
        w(f"| {n}: ≥ 10× faster than PM4Py | {fmt_ratio(r)} | "
          f"{status(None if r is None else r >= 10.0)} |")
    peaks = [x for x in (med_rss("5m", "analyze"), med_rss("5m", "report")) if x is not None]
    peak = max(peaks) if peaks else None
    w(f"| 5M: procdiag peak memory < 1.5 GB (analyze and report) | "
      f"{'–' if peak is None else f'{peak * 1024 / GB:.2f} GB'} | "
      f"{status(None if peak is None else peak * 1024 < 1.5 * GB)} |")
    w(f"| analyze 5M ≤ 5.5× 1M (wall) | {fmt_ratio(scale)} | "
      f"{status(None if scale is None else scale <= 5.5)} |")
    for s in peer_sizes:
        n = SIZE_NAME.get(s, s)
        r = ratio(med_wall(s, "report"), med_wall(s, "analyze"))
        w(f"| {n}: report ≤ 1.2× analyze (wall) | {fmt_ratio(r)} | "
          f"{status(None if r is None else r <= 1.2)} |")
    for s in peer_sizes:
        n = SIZE_NAME.get(s, s)
        html = facts.get(f"html_bytes.{s}")
        hb = int(html) if html else None
        w(f"| {n}: HTML report < 3 MB | {'–' if hb is None else f'{hb / MB:.2f} MB'} | "
          f"{status(None if hb is None else hb < 3 * MB)} |")
    if "50m" in sizes:
        for key, label in (("analyze", "CSV"), ("analyze_parquet", "Parquet")):
            rss = med_rss("50m", key)
            w(f"| 50M ({label}): analyze completes, peak memory < 8 GB | "
              f"{'–' if rss is None else f'{rss * 1024 / GB:.2f} GB'} | "
              f"{status(None if rss is None else rss * 1024 < 8 * GB)} |")
        r = ratio(med_wall("50m", "analyze_parquet"), med_wall("50m", "analyze"))
        w(f"| 50M: Parquet at least as fast as CSV (wall, Parquet / CSV) | {fmt_ratio(r)} | "
          f"{status(None if r is None else r <= 1.0)} |")
        w("")
        w(f"50M is timed for procdiag analyze only, {facts.get('rounds.50m', '1')} round(s)"
          + (" (CSV and Parquet)." if (("50m", "analyze_parquet") in runs) else
             " (CSV; " + ("procdiag did not accept the Parquet probe" if facts.get("parquet") == "no"
                          else "no Parquet run") + ")."))
    w("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
