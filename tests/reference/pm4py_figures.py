"""Reference figures computed by PM4Py on three real event logs, for procdiag's tests.

What it computes, for each of pm4py_receipt.csv, bpic2013_closed_problems.csv and
simod_production.csv (see ../shared/data/real/README.md), written as JSON to
OUTDIR/<stem>.json:

* row counts: rows in the file, rows with an empty case / activity / timestamp cell
  (only truly empty cells count as missing: the file is read with every column as a
  string and keep_default_na=False, so literal values such as ``EMPTY`` or ``NA`` are
  kept), the rows pm4py.format_dataframe drops, events and cases;
* variants (pm4py.get_variants): how many, and the top 10 as
  {"stages": [...], "cases": n}, sorted by count descending, then stage list ascending;
* lead time (pm4py.get_all_case_durations) in hours: n, mean, median, p90 (numpy
  linear interpolation), min, max;
* start and end activities (pm4py.get_start_activities / get_end_activities);
* every directly-follows edge: its count (pm4py.discover_dfg), pm4py's performance
  figures (pm4py.discover_performance_dfg: mean, median, min, max, in hours), and an
  independent pandas computation (events ordered by timestamp, ties by file order;
  time = next.timestamp - prev.timestamp) with n, mean, median, p90, min, max, plus
  whether the two agree;
* rework (pm4py.get_rework_cases_per_activity) and the total number of rework
  events, i.e. the sum over (case, activity) of (occurrences - 1);
* for simod_production.csv (start and complete timestamps) additionally: lead time and
  performance DFG with the start timestamp given to pm4py, the pandas equivalents
  (max complete - min start per case; edges ordered by (start, complete, file order)
  with time = max(0, next.start - prev.complete)), and variants / DFG / start / end
  activities under that start-based ordering compared with pm4py's default.

Timestamps are parsed by pandas to UTC before pm4py sees them: offsets such as
+01:00 / +02:00 are converted to UTC (not dropped); simod's naive
``2012/01/30 06:24:00.000`` values are taken as UTC.

Run from the project root (pm4py, pandas and numpy installed, e.g. in a throwaway venv):

    python tests/reference/pm4py_figures.py ../shared/data/real OUTDIR

Figures were produced with pm4py 2.7.23.11, pandas 3.1.1 and numpy 2.4.6 on Python 3.11;
the versions actually used are written into every JSON file under "versions".

Behaviour of that pm4py version worth knowing (most are also recorded in the JSON):
* format_dataframe tries to parse every string column as a date (empty cells -> NaT), and
  replaces an existing ``concept:name`` column when another activity column is named;
* pm4py's per-edge mean/median are taken in seconds and divided by 3600 here, so they
  can differ from hours-first pandas figures in the last bits: compare with a tolerance;
* with a start timestamp (format_dataframe(start_timestamp_key=...)),
  get_all_case_durations raises KeyError 'start_timestamp'; discover_dfg orders events by
  (start, complete) while get_variants / start / end activities keep the complete order;
  discover_performance_dfg then gives next.start - prev.complete WITHOUT clamping (negative
  values), while the lower-level df_statistics.get_dfg_graph with an explicit
  start_timestamp_key clamps at 0;
* discover_performance_dfg adds a ``start_timestamp`` column to the frame it is given
  (so this script always passes copies).
"""

import json
import math
import os
import sys

import numpy as np
import pandas as pd
import pm4py
from pm4py.algo.discovery.dfg.adapters.pandas.df_statistics import get_dfg_graph

CASE = "case:concept:name"
ACT = "concept:name"
TS = "time:timestamp"
START = "start_timestamp"  # the column name format_dataframe gives the start timestamp

LOGS = [
    {
        "stem": "pm4py_receipt",
        "file": "pm4py_receipt.csv",
        "case": "case:concept:name",
        "activity": "concept:name",
        "timestamp": "time:timestamp",
        "start": None,
        "format": "ISO8601",
        "variant_column": None,
        "duplicate_columns": [],
    },
    {
        "stem": "bpic2013_closed_problems",
        "file": "bpic2013_closed_problems.csv",
        "case": "case:concept:name",
        "activity": "concept:name",
        "timestamp": "time:timestamp",
        "start": None,
        "format": "ISO8601",
        # Disco export: a second column family repeats the first
        "variant_column": "case:variant",
        "duplicate_columns": [("concept:name", "Activity"),
                              ("org:resource", ("Resource", "-", "org:group"))],
    },
    {
        "stem": "simod_production",
        "file": "simod_production.csv",
        "case": "Case ID",
        "activity": "Activity",
        "timestamp": "Complete Timestamp",
        "start": "Start Timestamp",
        "format": "%Y/%m/%d %H:%M:%S.%f",
        "variant_column": "Variant",
        "duplicate_columns": [("Activity", "concept:name"), ("Resource", "org:resource"),
                              ("Variant", "(case) variant")],
    },
]


# ---------------------------------------------------------------- helpers


def clean(x):
    """Make a value JSON-serialisable; floats stay full precision (json uses repr)."""
    if isinstance(x, dict):
        return {str(k): clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, (np.bool_,)):
        return bool(x)
    return x


def stats(values):
    """n, mean, median, p90 (linear), min, max of a list of numbers."""
    a = np.asarray(list(values), dtype=float)
    if len(a) == 0:
        return {"n": 0}
    return {
        "n": int(len(a)),
        "mean": float(np.mean(a)),
        "median": float(np.median(a)),
        "p90": float(np.percentile(a, 90, method="linear")),
        "min": float(np.min(a)),
        "max": float(np.max(a)),
    }


def close(a, b, rel=1e-9, abs_=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def counts_sorted(d):
    """Activity -> count, sorted by count desc then name."""
    return dict(sorted(((str(k), int(v)) for k, v in d.items()), key=lambda kv: (-kv[1], kv[0])))


def top_variants(variants, k=10):
    items = [(list(v), int(n)) for v, n in variants.items()]
    items.sort(key=lambda x: (-x[1], x[0]))
    return [{"stages": s, "cases": n} for s, n in items[:k]]


def variants_from_order(df_ordered):
    """Variant tuple -> number of cases, for a frame already in the wanted order."""
    seqs = df_ordered.groupby(CASE, sort=False)[ACT].agg(tuple)
    return seqs.value_counts().to_dict()


def consecutive_pairs(df_ordered):
    """Frame of (case, prev row, next row) pairs in the given order."""
    g = df_ordered.groupby(CASE, sort=False)
    nxt = g.shift(-1)
    pairs = df_ordered.copy()
    for c in nxt.columns:
        pairs[c + "_next"] = nxt[c]
    return pairs[pairs[ACT + "_next"].notna()]


def edge_stats_from_pairs(pairs, hours_col):
    out = {}
    for (a, b), grp in pairs.groupby([ACT, ACT + "_next"], sort=True):
        out[(a, b)] = stats(grp[hours_col].tolist())
    return out


def hours_perf(perf_dfg):
    """pm4py performance DFG (seconds) -> hours for mean/median/min/max."""
    out = {}
    for edge, m in perf_dfg.items():
        out[edge] = {k: float(m[k]) / 3600.0 for k in ("mean", "median", "min", "max")}
    return out


def compare_perf(pm, pd_stats):
    """Compare pm4py perf (hours) with pandas stats; return summary."""
    mismatches = []
    max_abs = 0.0
    for edge in sorted(set(pm) | set(pd_stats)):
        if edge not in pm or edge not in pd_stats:
            mismatches.append({"edge": list(edge), "why": "missing on one side"})
            continue
        for k in ("mean", "median", "min", "max"):
            a, b = pm[edge][k], pd_stats[edge][k]
            max_abs = max(max_abs, abs(a - b))
            if not close(a, b):
                mismatches.append({"edge": list(edge), "measure": k, "pm4py": a, "pandas": b})
    return {"agree": not mismatches, "max_abs_diff_hours": max_abs,
            "mismatches": mismatches[:20], "n_mismatches": len(mismatches)}


def freq_compare(pm_freq, pd_freq):
    diff = {}
    for e in set(pm_freq) | set(pd_freq):
        if int(pm_freq.get(e, 0)) != int(pd_freq.get(e, 0)):
            diff[" -> ".join(e)] = [int(pm_freq.get(e, 0)), int(pd_freq.get(e, 0))]
    return {"agree": not diff, "differences": diff}


def edge_list(freq, pm_perf, pd_stats):
    edges = []
    for e in sorted(freq, key=lambda e: (-int(freq[e]), e[0], e[1])):
        edges.append({
            "from": e[0], "to": e[1], "count": int(freq[e]),
            "pm4py_hours": pm_perf.get(e),
            "pandas_hours": pd_stats.get(e),
        })
    return edges


# ---------------------------------------------------------------- loading


def load(data_dir, spec):
    path = os.path.join(data_dir, spec["file"])
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    info = {"file": spec["file"], "rows_in_file": int(len(raw)), "columns": list(raw.columns)}

    role_cols = {"case": spec["case"], "activity": spec["activity"], "timestamp": spec["timestamp"]}
    if spec["start"]:
        role_cols["start"] = spec["start"]
    info["role_columns"] = role_cols
    empties = {role: int((raw[col] == "").sum()) for role, col in role_cols.items()}
    info["empty_cells_in_role_columns"] = empties
    any_empty = np.zeros(len(raw), dtype=bool)
    for role in ("case", "activity", "timestamp"):
        any_empty |= (raw[role_cols[role]] == "").to_numpy()
    info["rows_with_empty_case_activity_or_timestamp"] = int(any_empty.sum())
    info["empty_cells_per_column"] = {c: int((raw[c] == "").sum()) for c in raw.columns if (raw[c] == "").any()}
    info["literal_EMPTY_per_column"] = {c: int((raw[c] == "EMPTY").sum()) for c in raw.columns if (raw[c] == "EMPTY").any()}

    df = raw.copy()
    # only truly empty cells become missing, and only in the role columns
    for col in role_cols.values():
        df[col] = df[col].replace("", None)
    ts_cols = [spec["timestamp"]] + ([spec["start"]] if spec["start"] else [])
    offsets = {}
    for col in ts_cols:
        s = raw[col]
        off = s.str.extract(r"([+-]\d\d:\d\d|Z)$")[0].fillna("none")
        offsets[col] = {str(k): int(v) for k, v in off.value_counts().items()}
        df[col] = pd.to_datetime(df[col], utc=True, format=spec["format"])
    info["timestamp_offsets_in_file"] = offsets
    info["first_row_timestamp"] = {"raw": raw[spec["timestamp"]].iloc[0],
                                   "utc": df[spec["timestamp"]].iloc[0].isoformat()}
    return raw, df, info


def fmt(df, spec, with_start):
    kw = dict(case_id=spec["case"], activity_key=spec["activity"], timestamp_key=spec["timestamp"])
    if with_start:
        kw["start_timestamp_key"] = spec["start"]
    return pm4py.format_dataframe(df.copy(), **kw)


def plain_frame(df, spec):
    """Independent pandas frame: case, activity, timestamp(s), file order."""
    out = pd.DataFrame({
        CASE: df[spec["case"]],
        ACT: df[spec["activity"]],
        TS: df[spec["timestamp"]],
    })
    if spec["start"]:
        out[START] = df[spec["start"]]
    out["file_order"] = np.arange(len(df))
    return out.dropna(subset=[CASE, ACT, TS])


# ---------------------------------------------------------------- figures


def pm4py_block(d):
    """Figures from the pm4py simple API on a formatted frame (not mutated)."""
    out = {}
    out["events"] = int(len(d))
    out["cases"] = int(d[CASE].nunique())
    variants = pm4py.get_variants(d.copy())
    out["variants"] = {"count": len(variants), "top10": top_variants(variants)}
    out["start_activities"] = counts_sorted(pm4py.get_start_activities(d.copy()))
    out["end_activities"] = counts_sorted(pm4py.get_end_activities(d.copy()))
    freq, _, _ = pm4py.discover_dfg(d.copy())
    perf, _, _ = pm4py.discover_performance_dfg(d.copy())
    return out, variants, freq, perf


def compute(data_dir, spec):
    raw, df, info = load(data_dir, spec)
    res = {"log": spec["stem"], **info}
    res["versions"] = {"pm4py": pm4py.__version__, "pandas": pd.__version__, "numpy": np.__version__}

    d = fmt(df, spec, with_start=False)
    res["rows_dropped_by_pm4py_format_dataframe"] = int(len(df) - len(d))
    res["what_pm4py_does_with_empty_rows"] = (
        "format_dataframe drops rows whose case id, activity or timestamp is missing (dropna)")
    res["format_dataframe_dtypes"] = {c: str(t) for c, t in d.dtypes.items()}

    block, variants, freq, perf = pm4py_block(d)
    res.update(block)

    # lead time
    durs = pm4py.get_all_case_durations(d.copy())
    res["lead_time_hours"] = stats([x / 3600.0 for x in durs])

    # pandas independent DFG
    p = plain_frame(df, spec)
    p_sorted = p.sort_values([CASE, TS, "file_order"], kind="stable")
    pairs = consecutive_pairs(p_sorted)
    pairs["hours"] = (pairs[TS + "_next"] - pairs[TS]).dt.total_seconds() / 3600.0
    pd_edges = edge_stats_from_pairs(pairs, "hours")
    pd_freq = {e: s["n"] for e, s in pd_edges.items()}
    pm_perf = hours_perf(perf)
    res["edges_count"] = len(freq)
    res["dfg_frequency_pm4py_vs_pandas"] = freq_compare(freq, pd_freq)
    res["dfg_performance_pm4py_vs_pandas"] = compare_perf(pm_perf, pd_edges)
    res["edges"] = edge_list(freq, pm_perf, pd_edges)

    # pandas cross-checks of variants / lead time
    pd_variants = variants_from_order(p_sorted)
    res["variants_pm4py_vs_pandas_agree"] = {tuple(k): int(v) for k, v in variants.items()} == \
        {tuple(k): int(v) for k, v in pd_variants.items()}
    g = p_sorted.groupby(CASE)[TS]
    pd_lead = ((g.max() - g.min()).dt.total_seconds() / 3600.0).tolist()
    res["lead_time_pandas_max_minus_min_hours"] = stats(pd_lead)
    res["lead_time_pm4py_vs_pandas_agree"] = len(pd_lead) == len(durs) and all(
        close(a, b) for a, b in zip(sorted(pd_lead), sorted(x / 3600.0 for x in durs)))

    # duplicate column families and the exporter's own variant labels
    dup = []
    for a, b in spec["duplicate_columns"]:
        if isinstance(b, tuple):
            other = raw[b[0]] + b[1] + raw[b[2]]
            label = "".join(b)
        else:
            other, label = raw[b], b
        dup.append({"column": a, "equals": label, "rows_differing": int((raw[a] != other).sum())})
    res["duplicate_column_families"] = dup
    if spec["variant_column"]:
        vc = p_sorted.assign(v=df[spec["variant_column"]].loc[p_sorted.index])
        m = pd.DataFrame({"seq": vc.groupby(CASE, sort=False)[ACT].agg(tuple),
                          "label": vc.groupby(CASE, sort=False)["v"].first()})
        res["exporter_variant_column"] = {
            "column": spec["variant_column"],
            "distinct_labels": int(m["label"].nunique()),
            "labels_partition_cases_like_pm4py_variants": bool(
                m.groupby("label")["seq"].nunique().max() == 1 and m.groupby("seq")["label"].nunique().max() == 1),
        }

    # ordering facts useful for tests
    same_ts_next = pairs[pairs["hours"] == 0]
    res["ties"] = {
        "consecutive_pairs": int(len(pairs)),
        "consecutive_pairs_with_equal_timestamps": int(len(same_ts_next)),
        "cases_with_a_tie": int(same_ts_next[CASE].nunique()),
    }
    file_chrono = p.groupby(CASE, sort=False)[TS].apply(lambda s: s.is_monotonic_increasing)
    res["cases_not_in_chronological_file_order"] = int((~file_chrono).sum())

    # what would change if offsets were dropped (wall-clock) instead of converted
    if any(k != "none" for k in info["timestamp_offsets_in_file"][spec["timestamp"]]):
        wall = pd.to_datetime(raw[spec["timestamp"]].str.replace(r"([+-]\d\d:\d\d|Z)$", "", regex=True),
                              format="ISO8601")
        p2 = p.copy()
        p2["wall"] = wall.to_numpy()
        p2s = p2.sort_values([CASE, TS, "file_order"], kind="stable")
        nxt = p2s.groupby(CASE, sort=False)["wall"].shift(-1)
        ok = nxt.notna()
        wall_h = ((nxt[ok] - p2s["wall"][ok]).dt.total_seconds() / 3600.0)
        utc_h = ((p2s.groupby(CASE, sort=False)[TS].shift(-1)[ok] - p2s[TS][ok]).dt.total_seconds() / 3600.0)
        p2w = p2.sort_values([CASE, "wall", "file_order"], kind="stable")
        vw = variants_from_order(p2w)
        gw = p2.groupby(CASE)["wall"]
        lead_w = ((gw.max() - gw.min()).dt.total_seconds() / 3600.0)
        lead_u = ((p2.groupby(CASE)[TS].max() - p2.groupby(CASE)[TS].min()).dt.total_seconds() / 3600.0)
        res["if_offsets_were_dropped_instead_of_converted"] = {
            "consecutive_pairs_whose_duration_changes": int((~np.isclose(wall_h, utc_h)).sum()),
            "consecutive_pairs_that_become_negative": int((wall_h < 0).sum()),
            "cases_whose_lead_time_changes": int((~np.isclose(lead_w, lead_u.loc[lead_w.index])).sum()),
            "variant_count_with_wallclock_order": len(vw),
            "variants_identical_to_utc_order": {tuple(k): v for k, v in vw.items()} ==
            {tuple(k): v for k, v in pd_variants.items()},
        }

    # rework
    rw = pm4py.get_rework_cases_per_activity(d.copy())
    occ = p.groupby([CASE, ACT]).size()
    pd_rw = (occ[occ >= 2].reset_index().groupby(ACT).size()).to_dict()
    res["rework"] = {
        "cases_per_activity_pm4py": counts_sorted(rw),
        "cases_per_activity_pandas_agree": {k: int(v) for k, v in rw.items() if v} ==
        {k: int(v) for k, v in pd_rw.items()},
        "rework_events_total": int((occ - 1).sum()),
        "rework_events_per_activity": counts_sorted({k: int(v) for k, v in (occ - 1).groupby(level=1).sum().items() if v}),
    }

    if spec["start"]:
        res["start_timestamps"] = simod_start(df, spec, p, d, variants, freq, res)
    return res


def simod_start(df, spec, p, d, variants_default, freq_default, res):
    out = {}
    ds = fmt(df, spec, with_start=True)
    out["format_dataframe_attrs"] = dict(ds.attrs)
    dur_start = (p[TS] - p[START]).dt.total_seconds() / 3600.0
    out["events_with_start_after_complete"] = int((dur_start < 0).sum())
    out["events_with_zero_duration"] = int((dur_start == 0).sum())
    art = p[p[ACT].isin(["Start", "End"])]
    out["artificial_rows"] = {
        "Start": int((p[ACT] == "Start").sum()), "End": int((p[ACT] == "End").sum()),
        "with_start_equal_complete": int((art[START] == art[TS]).sum()),
        "first_row_of_case_is_Start": int((p.groupby(CASE, sort=False)[ACT].first() == "Start").sum()),
        "last_row_of_case_is_End": int((p.groupby(CASE, sort=False)[ACT].last() == "End").sum()),
        "Start_time_equals_min_start_of_other_rows": int(
            (p[p[ACT] == "Start"].set_index(CASE)[START] ==
             p[~p[ACT].isin(["Start", "End"])].groupby(CASE)[START].min()).sum()),
        "End_time_earlier_than_max_complete_of_other_rows": int(
            (p[p[ACT] == "End"].set_index(CASE)[TS] <
             p[~p[ACT].isin(["Start", "End"])].groupby(CASE)[TS].max()).sum()),
        "End_time_equals_complete_of_previous_row_in_file": int(
            (p[TS].shift(1)[p[ACT] == "End"] == p[TS][p[ACT] == "End"]).sum()),
    }

    # lead time with start timestamp
    lt = {}
    try:
        durs = pm4py.get_all_case_durations(ds.copy())
        lt["pm4py"] = stats([x / 3600.0 for x in durs])
        lt["pm4py_error"] = None
    except Exception as e:  # pm4py 2.7.23.x: KeyError 'start_timestamp'
        durs = None
        lt["pm4py"] = None
        lt["pm4py_error"] = "%s: %s" % (type(e).__name__, e)
    ps = p.sort_values([CASE, TS, "file_order"], kind="stable")
    g = ps.groupby(CASE)
    first_start = g[START].first()
    last_complete = g[TS].last()
    intended = ((last_complete - first_start).dt.total_seconds() / 3600.0)
    lt["pandas_last_complete_minus_start_of_first_event_in_complete_order"] = stats(intended.tolist())
    maxmin = ((g[TS].max() - g[START].min()).dt.total_seconds() / 3600.0)
    lt["pandas_max_complete_minus_min_start"] = stats(maxmin.tolist())
    lt["cases_where_the_two_pandas_definitions_differ"] = int((~np.isclose(intended, maxmin.loc[intended.index])).sum())
    if durs is not None:
        lt["pm4py_agrees_with_max_complete_minus_min_start"] = all(
            close(a, b) for a, b in zip(sorted(x / 3600.0 for x in durs), sorted(maxmin.tolist())))
    cmp_only = ((g[TS].max() - g[TS].min()).dt.total_seconds() / 3600.0)
    lt["cases_where_start_based_lead_time_differs_from_complete_only"] = int(
        (~np.isclose(maxmin, cmp_only.loc[maxmin.index])).sum())
    out["lead_time_hours"] = lt

    # pm4py simple API on the frame that carries a start timestamp
    block, v_s, freq_s, perf_s = pm4py_block(ds)
    out["pm4py_simple_api_on_start_frame"] = {
        "variants": block["variants"],
        "start_activities": block["start_activities"],
        "end_activities": block["end_activities"],
        "edges_count": len(freq_s),
        "variants_equal_default": {tuple(k): int(v) for k, v in v_s.items()} ==
        {tuple(k): int(v) for k, v in variants_default.items()},
        "dfg_frequency_equal_default": {k: int(v) for k, v in freq_s.items()} ==
        {k: int(v) for k, v in freq_default.items()},
    }
    perf_simple = hours_perf(perf_s)
    # explicit start_timestamp_key through the pandas adapter (the simple API has no such parameter)
    perf_explicit_raw = get_dfg_graph(ds.copy(), measure="performance", start_timestamp_key=START,
                                      timestamp_key=TS, case_id_glue=CASE, activity_key=ACT,
                                      perf_aggregation_key="all")
    perf_explicit = hours_perf(perf_explicit_raw)

    # pandas: order by (start, complete, file order)
    po = p.sort_values([CASE, START, TS, "file_order"], kind="stable")
    pairs = consecutive_pairs(po)
    raw_h = (pairs[START + "_next"] - pairs[TS]).dt.total_seconds() / 3600.0
    pairs["hours_clamped"] = raw_h.clip(lower=0.0)
    pairs["hours_unclamped"] = raw_h
    pd_clamped = edge_stats_from_pairs(pairs, "hours_clamped")
    pd_unclamped = edge_stats_from_pairs(pairs, "hours_unclamped")
    pd_freq_s = {e: s["n"] for e, s in pd_clamped.items()}
    out["performance_dfg_with_start"] = {
        "definition_pandas": "events ordered by (start, complete, file order); time = max(0, next.start - prev.complete)",
        "pairs": int(len(pairs)),
        "pairs_with_negative_next_start_minus_prev_complete": int((raw_h < 0).sum()),
        "pm4py_simple_api": {
            "how": "pm4py.discover_performance_dfg on the frame from format_dataframe(start_timestamp_key=...)",
            "edges_with_negative_min": sum(1 for m in perf_simple.values() if m["min"] < 0),
            "vs_pandas_clamped": compare_perf(perf_simple, pd_clamped),
            "vs_pandas_unclamped": compare_perf(perf_simple, pd_unclamped),
        },
        "pm4py_adapter_explicit_start_key": {
            "how": "df_statistics.get_dfg_graph(measure='performance', start_timestamp_key='start_timestamp')",
            "edges_with_negative_min": sum(1 for m in perf_explicit.values() if m["min"] < 0),
            "vs_pandas_clamped": compare_perf(perf_explicit, pd_clamped),
            "vs_pandas_unclamped": compare_perf(perf_explicit, pd_unclamped),
        },
        "dfg_frequency_pm4py_start_frame_vs_pandas_start_order": freq_compare(freq_s, pd_freq_s),
        "edges": [
            {"from": e[0], "to": e[1], "count": int(pd_freq_s[e]),
             "pm4py_simple_api_hours": perf_simple.get(e),
             "pm4py_explicit_start_key_hours": perf_explicit.get(e),
             "pandas_clamped_hours": pd_clamped[e],
             "pandas_unclamped_hours": pd_unclamped[e]}
            for e in sorted(pd_freq_s, key=lambda e: (-pd_freq_s[e], e[0], e[1]))
        ],
    }

    # ordering by (start, complete, file order) vs pm4py default ordering (complete, file order)
    v_o = variants_from_order(po)
    sa = po.groupby(CASE, sort=False)[ACT].first().value_counts().to_dict()
    ea = po.groupby(CASE, sort=False)[ACT].last().value_counts().to_dict()
    seq_default = p.sort_values([CASE, TS, "file_order"], kind="stable").groupby(CASE)[ACT].agg(tuple)
    seq_start = po.groupby(CASE)[ACT].agg(tuple)
    out["start_order"] = {
        "definition": "events ordered by (start, complete, file order)",
        "variants": {"count": len(v_o), "top10": top_variants(v_o)},
        "start_activities": counts_sorted(sa),
        "end_activities": counts_sorted(ea),
        "edges_count": len(pd_freq_s),
        "cases_whose_sequence_differs_from_pm4py_default_order": int(
            (seq_default != seq_start.loc[seq_default.index]).sum()),
        "variants_equal_pm4py_default": {tuple(k): int(v) for k, v in v_o.items()} ==
        {tuple(k): int(v) for k, v in variants_default.items()},
        "dfg_frequency_equal_pm4py_default": {k: int(v) for k, v in pd_freq_s.items()} ==
        {k: int(v) for k, v in freq_default.items()},
        "start_activities_equal_pm4py_default": counts_sorted(sa) == res["start_activities"],
        "end_activities_equal_pm4py_default": counts_sorted(ea) == res["end_activities"],
    }
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        print("usage: python tests/reference/pm4py_figures.py DATA_DIR OUTDIR", file=sys.stderr)
        return 2
    data_dir, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    for spec in LOGS:
        res = compute(data_dir, spec)
        path = os.path.join(outdir, spec["stem"] + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(clean(res), f, indent=1, ensure_ascii=False, allow_nan=False)
            f.write("\n")
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
