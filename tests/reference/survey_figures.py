"""Reference figures computed by pingouin, pandas and scipy on two real survey files, for procdiag's tests.

What it computes (see ../shared/data/real/README.md for the files and
../shared/SURVEY_FORMATS.md, "Metric definitions", for the formulas), written as JSON
to OUTDIR:

* ``psych_bfi.json`` from psych_bfi_pydataset.csv (R ``write.csv``: empty first header =
  row names, ``NA`` = missing; only the literal ``NA`` is treated as missing). 25 items
  A1..O5 on a 1-6 scale; dimensions A, C, E, N, O with five items each; reverse-keyed
  items A1, C4, C5, E1, E2, O2, O5 reversed as ``x' = (1 + 6) - x = 7 - x`` before any
  reliability figure.

  Per dimension (on the reversed items):
    - ``pingouin.cronbach_alpha(data=items, nan_policy='pairwise')`` and the same with
      ``nan_policy='listwise'``: alpha and pingouin's 95% CI. pingouin 0.7.0 returns the
      CI rounded to 3 decimals (``np.round([lower, upper], 3)``), so the unrounded Feldt
      CI is also computed here with scipy.stats.f:
      ``lower = 1 - (1 - alpha) * F.isf(0.025, n-1, (n-1)(k-1))``,
      ``upper = 1 - (1 - alpha) * F.isf(0.975, n-1, (n-1)(k-1))``.
    - n: pingouin takes ``n, k = data.shape`` BEFORE it drops incomplete rows for
      ``listwise``. So the n in its CI is the number of rows passed in (2,800 here) under
      BOTH policies; for pairwise that is every row, even one with no answer at all
      (none exists in this file: every respondent answered at least one item of every
      dimension). For listwise, alpha is computed on the complete rows but the CI still
      uses n = 2,800. The JSON gives the CI exactly as pingouin computes it
      (``ci_pingouin_rounded``, ``ci_feldt_unrounded`` with pingouin's n) and, for
      listwise only, also ``ci_feldt_unrounded_n_complete``: the Feldt CI with
      n = complete rows (what psych::alpha(use="complete.obs") reports as n).
    - per item: alpha-if-dropped (pingouin pairwise on the other four items, the same
      2,800 rows) and the corrected item-total correlation ``r_drop``: Pearson r between
      the (reversed) item and the sum of the other four (reversed) items, over the rows
      where all five items of the dimension are present (``r_drop_rows`` = that count,
      i.e. the listwise rows). ``r_drop_unreversed`` is the same on the raw answers, for
      the "reverse-keyed item shipped raw gives a negative r.drop" check.
  Per item (raw answers, NOT reversed): n (non-missing), mean, sd (ddof=1), 95% t CI
  ``mean +- t.ppf(0.975, n-1) * sd / sqrt(n)``, top-2-box share = share of answers in
  {5, 6}, its Wilson 95% CI with z = 1.959963984540054, and counts per level 1..6.

* ``toronto.json`` from toronto_public_engagement_survey.csv (Windows-1252; read with
  every cell as a string and keep_default_na=False so only truly empty cells are
  blank). Every column holding at least one Strongly disagree .. Strongly agree label
  (compared after trimming and case-folding) is listed with its 0-based position,
  header, counts per level (canonical lower-case labels), the raw spellings seen, the
  number of blank cells and any other (non-Likert) values. Columns are grouped into
  the two matrices by their header prefix ("3." and "7."); the free-text "3.12. Other"
  / "7.11. Other" columns next to them are listed as well, because the matching
  "..., please specify" column (not the "Other" column) holds the rating; how often a
  rating comes with / without text is counted (``other_rating_vs_text``). Per matrix
  also: rows with any answer, rows answering all core items (without "Other") and
  partial rows.

* ``nps_oracle.json``: NPS for the ratings 0..10 once each (SURVEY_FORMATS.md oracle
  -45.4545...) and ``SE = 100 * sqrt((pP + pD - (pP - pD)^2) / n)``.

Floats are written at full precision (Python repr via json). NaN is written as null.

Run from the project root (pingouin, pandas, numpy and scipy installed, e.g. in a
throwaway venv):

    python tests/reference/survey_figures.py ../shared/data/real tests/reference/survey

Figures were produced with pingouin 0.7.0, pandas 3.1.1, numpy 2.4.6 and scipy 1.17.1
on Python 3.11.7; the versions actually used are written into every JSON file under
"versions".
"""

import csv
import json
import math
import os
import platform
import re
import sys

import numpy as np
import pandas as pd
import pingouin
import scipy
from scipy import stats

Z95 = 1.959963984540054
LEVELS = list(range(1, 7))
DIMENSIONS = {d: [f"{d}{i}" for i in range(1, 6)] for d in "ACENO"}
REVERSED = ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]
SCALE_MIN, SCALE_MAX = 1, 6

LIKERT = [
    "strongly disagree",
    "disagree",
    "neither agree nor disagree",
    "agree",
    "strongly agree",
]


def versions():
    return {
        "python": platform.python_version(),
        "pingouin": pingouin.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def fl(x):
    """Plain Python float (json writes repr, i.e. full precision); NaN -> None."""
    x = float(x)
    return None if math.isnan(x) else x


def feldt(alpha, n, k, ci=0.95):
    a = 1 - ci
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1 - (1 - alpha) * stats.f.isf(a / 2, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.isf(1 - a / 2, df1, df2)
    return [fl(lower), fl(upper)]


def wilson(successes, n, z=Z95):
    if n == 0:
        return [None, None]
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return [centre - half, centre + half]


# --------------------------------------------------------------------------- bfi
def bfi(indir):
    path = os.path.join(indir, "psych_bfi_pydataset.csv")
    df = pd.read_csv(path, index_col=0, keep_default_na=False, na_values=["NA"])
    items = [c for d in DIMENSIONS.values() for c in d]
    raw = df[items].astype("float64")
    vals = raw.stack().dropna().unique()
    assert set(vals) <= set(float(v) for v in LEVELS), vals
    keyed = raw.copy()
    for c in REVERSED:
        keyed[c] = (SCALE_MIN + SCALE_MAX) - keyed[c]

    out = {
        "source": "psych_bfi_pydataset.csv",
        "versions": versions(),
        "rows": int(df.shape[0]),
        "columns": list(df.columns),
        "missing_token": "NA",
        "scale": [SCALE_MIN, SCALE_MAX],
        "reverse_keyed": REVERSED,
        "reverse_formula": "x' = 7 - x",
        "notes": [
            "pingouin.cronbach_alpha takes n = data.shape[0] before listwise dropping: "
            "its CI uses n = rows passed in (2800) under both nan_policy values.",
            "pingouin rounds the CI to 3 decimals; ci_feldt_unrounded recomputes it "
            "with scipy.stats.f using the same n and k.",
            "ci_feldt_unrounded_n_complete (listwise only) uses n = complete rows.",
            "alpha_if_dropped: pingouin pairwise on the other k-1 items, all rows.",
            "r_drop: Pearson r(item, sum of other items) on rows with all k items "
            "present (r_drop_rows), reversed items; r_drop_unreversed on raw answers.",
        ],
        "dimensions": {},
        "items": {},
    }

    for dim, cols in DIMENSIONS.items():
        data = keyed[cols]
        k = len(cols)
        n_passed = int(data.shape[0])
        n_any = int(data.notna().any(axis=1).sum())
        complete = data.dropna(axis=0, how="any")
        n_complete = int(complete.shape[0])

        a_pw, ci_pw = pingouin.cronbach_alpha(data=data, nan_policy="pairwise")
        a_lw, ci_lw = pingouin.cronbach_alpha(data=data, nan_policy="listwise")

        per_item = {}
        raw_complete = raw.loc[complete.index, cols]
        for c in cols:
            others = [o for o in cols if o != c]
            a_drop, ci_drop = pingouin.cronbach_alpha(
                data=data[others], nan_policy="pairwise"
            )
            rest = complete[others].sum(axis=1)
            r = stats.pearsonr(complete[c], rest).statistic
            r_raw = stats.pearsonr(
                raw_complete[c], raw_complete[others].sum(axis=1)
            ).statistic
            per_item[c] = {
                "reversed": c in REVERSED,
                "alpha_if_dropped": fl(a_drop),
                "alpha_if_dropped_ci_pingouin_rounded": [fl(v) for v in ci_drop],
                "alpha_if_dropped_ci_feldt_unrounded": feldt(a_drop, n_passed, k - 1),
                "r_drop": fl(r),
                "r_drop_unreversed": fl(r_raw),
            }

        out["dimensions"][dim] = {
            "items": cols,
            "k": k,
            "reversed_items": [c for c in cols if c in REVERSED],
            "n_rows_passed": n_passed,
            "n_rows_any_answer": n_any,
            "n_rows_complete": n_complete,
            "pairwise": {
                "alpha": fl(a_pw),
                "n_pingouin": n_passed,
                "ci_pingouin_rounded": [fl(v) for v in ci_pw],
                "ci_feldt_unrounded": feldt(a_pw, n_passed, k),
            },
            "listwise": {
                "alpha": fl(a_lw),
                "n_alpha_rows": n_complete,
                "n_pingouin_ci": n_passed,
                "ci_pingouin_rounded": [fl(v) for v in ci_lw],
                "ci_feldt_unrounded": feldt(a_lw, n_passed, k),
                "ci_feldt_unrounded_n_complete": feldt(a_lw, n_complete, k),
            },
            "r_drop_rows": n_complete,
            "item_stats": per_item,
        }

    tcrit_cache = {}
    for c in items:
        x = raw[c].dropna()
        n = int(x.shape[0])
        mean = x.mean()
        sd = x.std(ddof=1)
        if n not in tcrit_cache:
            tcrit_cache[n] = stats.t.ppf(0.975, n - 1)
        half = tcrit_cache[n] * sd / math.sqrt(n)
        top2 = int(x.isin([5.0, 6.0]).sum())
        counts = {str(lv): int((x == lv).sum()) for lv in LEVELS}
        out["items"][c] = {
            "n": n,
            "missing": int(raw[c].isna().sum()),
            "mean": fl(mean),
            "sd": fl(sd),
            "t_crit": fl(tcrit_cache[n]),
            "mean_ci95": [fl(mean - half), fl(mean + half)],
            "top2_levels": [5, 6],
            "top2_count": top2,
            "top2_share": fl(top2 / n),
            "top2_wilson95": [fl(v) for v in wilson(top2, n)],
            "counts": counts,
        }
    return out


# ----------------------------------------------------------------------- toronto
def is_other(header):
    """True for an "N.M. Other..." column (not for items that merely say "others")."""
    return re.match(r"^\d+\.\d+\.\s*Other\b", header) is not None


def toronto(indir):
    path = os.path.join(indir, "toronto_public_engagement_survey.csv")
    # The header exactly as in the file (pandas would rename duplicates; there are none).
    with open(path, encoding="cp1252", newline="") as fh:
        header = next(csv.reader(fh))
    df = pd.read_csv(path, encoding="cp1252", dtype=str, keep_default_na=False)
    assert list(df.columns) == header
    norm = df.apply(lambda s: s.str.strip().str.casefold())
    untrimmed = int((df != df.apply(lambda s: s.str.strip())).sum().sum())

    columns = []
    for pos, h in enumerate(header):
        s = norm[h]
        is_likert = s.isin(LIKERT)
        if not is_likert.any():
            continue
        raw = df[h]
        spellings = raw[is_likert].str.strip().value_counts()
        other = raw[~is_likert & (s != "")].value_counts()
        columns.append(
            {
                "position": pos,
                "header": h,
                "prefix": h.split(".")[0] + ".",
                "n_likert": int(is_likert.sum()),
                "blank": int((s == "").sum()),
                "counts": {lv: int((s == lv).sum()) for lv in LIKERT},
                "spellings": {k: int(v) for k, v in spellings.items()},
                "non_likert_values": {k: int(v) for k, v in other.items()},
            }
        )

    matrices = {}
    for prefix in sorted({c["prefix"] for c in columns}, key=lambda p: int(p[:-1])):
        cols = [c for c in columns if c["prefix"] == prefix]
        spelled = {}
        for c in cols:
            for k, v in c["spellings"].items():
                spelled[k] = spelled.get(k, 0) + v
        # free-text "Other" column(s) sharing the prefix but holding no Likert label
        text_cols = [
            {"position": p, "header": h, "non_blank": int((norm[h] != "").sum())}
            for p, h in enumerate(header)
            if h.startswith(prefix) and h not in {c["header"] for c in cols}
        ]
        nonlik = {}
        for c in cols:
            for k, v in c["non_likert_values"].items():
                nonlik[k] = nonlik.get(k, 0) + v
        matrices[prefix] = {
            "header_prefix": prefix,
            "positions": [c["position"] for c in cols],
            "headers": [c["header"] for c in cols],
            "n_columns": len(cols),
            "level_spellings": spelled,
            "non_likert_values": nonlik,
            "free_text_columns_same_prefix": text_cols,
        }

    # respondents who answered the matrix at all / completely
    for prefix, m in matrices.items():
        sub = norm[m["headers"]]
        core = [h for h in m["headers"] if not is_other(h)]
        m["core_headers_without_other"] = core
        m["rows_any_answer"] = int((sub != "").any(axis=1).sum())
        m["rows_all_core_answered"] = int((norm[core] != "").all(axis=1).sum())
        m["rows_partial_core"] = int(
            ((norm[core] != "").any(axis=1) & ~(norm[core] != "").all(axis=1)).sum()
        )
        # the "Other" rating column vs its free-text companion
        for oh in [h for h in m["headers"] if is_other(h)]:
            rated = norm[oh] != ""
            for t in m["free_text_columns_same_prefix"]:
                text = norm[t["header"]] != ""
                m.setdefault("other_rating_vs_text", []).append(
                    {
                        "rating_column": oh,
                        "text_column": t["header"],
                        "both": int((rated & text).sum()),
                        "rating_without_text": int((rated & ~text).sum()),
                        "text_without_rating": int((text & ~rated).sum()),
                    }
                )

    return {
        "source": "toronto_public_engagement_survey.csv",
        "versions": versions(),
        "encoding": "cp1252",
        "rows": int(df.shape[0]),
        "columns": int(df.shape[1]),
        "cells_with_surrounding_whitespace": untrimmed,
        "levels_canonical": LIKERT,
        "likert_columns": columns,
        "matrices": matrices,
    }


# --------------------------------------------------------------------------- nps
def nps_oracle():
    ratings = list(range(11))
    n = len(ratings)
    p = sum(r >= 9 for r in ratings)
    d = sum(r <= 6 for r in ratings)
    pp, pd_ = p / n, d / n
    nps = 100 * (p - d) / n
    se = 100 * math.sqrt((pp + pd_ - (pp - pd_) ** 2) / n)
    return {
        "versions": versions(),
        "ratings": ratings,
        "n": n,
        "promoters": p,
        "passives": n - p - d,
        "detractors": d,
        "p_promoters": pp,
        "p_detractors": pd_,
        "nps": nps,
        "se": se,
        "nps_ci95_normal": [nps - Z95 * se, nps + Z95 * se],
        "formula": "NPS = 100*(P-D)/n; SE = 100*sqrt((pP+pD-(pP-pD)^2)/n)",
    }


def write(outdir, name, obj):
    with open(os.path.join(outdir, name), "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, ensure_ascii=False, allow_nan=False)
        fh.write("\n")


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    indir, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    write(outdir, "psych_bfi.json", bfi(indir))
    write(outdir, "toronto.json", toronto(indir))
    write(outdir, "nps_oracle.json", nps_oracle())


if __name__ == "__main__":
    main(sys.argv)
