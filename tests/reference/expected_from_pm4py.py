"""Condenses the output of pm4py_figures.py into the figures procdiag's tests pin.

    python tests/reference/expected_from_pm4py.py PM4PY_OUTDIR tests/reference/pm4py

For each log it writes <stem>.json with events, cases, variants (count and top 10),
lead-time statistics, start and end stages, every directly-follows edge with its count
and PM4Py's mean/median/min/max hours (plus the numpy-linear p90 of the same pairs), the
rework cases per activity and the number of rework events.

Logs with one timestamp per event use PM4Py's default figures. simod_production.csv has
start and complete timestamps; procdiag orders events by (start, complete, file order)
and times an edge as max(0, next.start - prev.complete), which is what PM4Py's
df_statistics.get_dfg_graph(start_timestamp_key=...) computes, so those figures are
used (PM4Py's get_all_case_durations fails with a start key in 2.7.23; the lead time is
the pandas max(complete) - min(start), equal to PM4Py's complete-only durations here).
"""

import json
import sys
from pathlib import Path


def condense(d):
    st = d.get("start_timestamps")
    out = {
        "log": d["log"],
        "pm4py": d["versions"]["pm4py"],
        "events": d["events"],
        "cases": d["cases"],
        "lead_time_hours": d["lead_time_hours"],
        "rework_cases": d["rework"]["cases_per_activity_pm4py"],
        "rework_events": d["rework"]["rework_events_total"],
    }
    if st is None:
        out["variants"] = d["variants"]["count"]
        out["top_variants"] = d["variants"]["top10"]
        out["start_stages"] = d["start_activities"]
        out["end_stages"] = d["end_activities"]
        out["edges"] = [
            {"from": e["from"], "to": e["to"], "count": e["count"],
             **e["pm4py_hours"], "p90": e["pandas_hours"]["p90"]}
            for e in d["edges"]
        ]
    else:
        so = st["start_order"]
        out["ordering"] = so["definition"]
        out["variants"] = so["variants"]["count"]
        out["top_variants"] = so["variants"]["top10"]
        out["start_stages"] = so["start_activities"]
        out["end_stages"] = so["end_activities"]
        out["lead_time_hours"] = st["lead_time_hours"]["pandas_max_complete_minus_min_start"]
        out["edges"] = [
            {"from": e["from"], "to": e["to"], "count": e["count"],
             **e["pm4py_explicit_start_key_hours"]}
            for e in st["performance_dfg_with_start"]["edges"]
        ]
    return out


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.json")):
        d = condense(json.loads(f.read_text()))
        (dst / f.name).write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
