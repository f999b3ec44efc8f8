"""Reference figures for procdiag's before/after inference (src/analysis/inference.rs).

Every dataset is written below; nothing is read from disk. For each it prints, and
writes as JSON to OUTDIR/inference.json when OUTDIR is given:

* Mann-Whitney U: ``scipy.stats.mannwhitneyu(x, y, alternative='two-sided',
  method='auto', use_continuity=True)``: U (scipy's U of x), p, the rank-biserial
  correlation ``2*U/(n_x*n_y) - 1`` computed from scipy's U, and whether scipy's 'auto'
  picks the exact distribution (``_mwu_choose_method``: exact when min(n_x, n_y) <= 8
  and there are no ties, else the normal approximation with tie and continuity
  correction).
* Welch's t: ``scipy.stats.ttest_ind(x, y, equal_var=False)``: t, df, p; Cohen's d =
  (mean_x - mean_y) / pooled sd, pooled sd = sqrt(((n_x-1) s_x^2 + (n_y-1) s_y^2) /
  (n_x + n_y - 2)) with ddof=1 variances.
* Two proportions: ``statsmodels.stats.proportion.proportions_ztest([k_x, k_y],
  [n_x, n_y])`` (pooled, two-sided, no continuity correction): z, p; Cohen's h =
  2 asin(sqrt(p_x)) - 2 asin(sqrt(p_y)).
* Relative change of medians (and of p90, numpy's default linear percentile):
  (after - before) / before, with x = after and y = before.

Floats are printed and written at full precision (Python repr). NaN is written as null.

Run from the project root (scipy, statsmodels and numpy installed):

    python tests/reference/inference_figures.py tests/reference/inference

Figures pinned in src/analysis/inference.rs were produced with scipy 1.17.1,
statsmodels 0.15.0 and numpy 2.4.6 on Python 3.11.7; the versions actually used are
written into the JSON under "versions".
"""

import json
import math
import os
import platform
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

# Lead times in hours, "after" (x, n = 12) and "before" (y, n = 15); ties within and
# across the samples (8.0, 12.5, 20.0, 30.0).
DURATIONS_AFTER = [6.5, 8.0, 8.0, 9.25, 12.5, 14.0, 15.0, 20.0, 21.5, 30.0, 31.0, 44.0]
DURATIONS_BEFORE = [
    8.0, 11.0, 12.5, 12.5, 16.0, 18.75, 20.0, 24.0, 27.5, 30.0, 33.0, 36.0, 41.0,
    52.0, 70.5,
]
# Small samples without ties: scipy takes the exact distribution.
SMALL_X = [1.1, 2.4, 3.9, 5.2, 7.7]
SMALL_Y = [2.0, 4.5, 6.1, 8.3, 9.0, 10.4]
# Unbalanced, no ties: min(n) = 3 <= 8 so scipy is still exact although n_y = 20.
UNBALANCED_X = [3.5, 17.5, 22.5]
UNBALANCED_Y = [float(v) for v in range(1, 21)]
# Both samples larger than 8, no ties: normal approximation.
MEDIUM_X = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]
MEDIUM_Y = [2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0]
# Every value equal.
EQUAL_X = [4.0, 4.0, 4.0, 4.0]
EQUAL_Y = [4.0, 4.0, 4.0]
# Satisfaction scores (1-10) after (x) and before (y).
SCORES_AFTER = [7, 8, 9, 6, 8, 10, 7, 9, 8, 7, 9, 8, 6, 9]
SCORES_BEFORE = [5, 6, 7, 4, 6, 8, 5, 7, 6, 9, 5]

MANN_WHITNEY = {
    "durations": (DURATIONS_AFTER, DURATIONS_BEFORE),
    "small_exact": (SMALL_X, SMALL_Y),
    "unbalanced_exact": (UNBALANCED_X, UNBALANCED_Y),
    "medium_asymptotic": (MEDIUM_X, MEDIUM_Y),
    "all_equal": (EQUAL_X, EQUAL_Y),
    "scores": (SCORES_AFTER, SCORES_BEFORE),
}
WELCH = {
    "scores": (SCORES_AFTER, SCORES_BEFORE),
    "durations": (DURATIONS_AFTER, DURATIONS_BEFORE),
    "small": (SMALL_X, SMALL_Y),
}
# (k_x, n_x, k_y, n_y)
PROPORTIONS = {
    "45of120_vs_30of110": (45, 120, 30, 110),
    "12of40_vs_25of45": (12, 40, 25, 45),
    "199of200_vs_180of200": (199, 200, 180, 200),
}
RELATIVE = {
    "durations": (DURATIONS_AFTER, DURATIONS_BEFORE),
    "scores": (SCORES_AFTER, SCORES_BEFORE),
}


def versions():
    return {
        "python": platform.python_version(),
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
        "numpy": np.__version__,
    }


def fl(x):
    """Plain Python float (repr = full precision); NaN -> None."""
    x = float(x)
    return None if math.isnan(x) else x


def has_ties(x, y):
    xy = list(x) + list(y)
    return len(set(xy)) < len(xy)


def mann_whitney(x, y):
    res = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto", use_continuity=True)
    u = float(res.statistic)
    exact = min(len(x), len(y)) <= 8 and not has_ties(x, y)
    return {
        "n_x": len(x),
        "n_y": len(y),
        "u": fl(u),
        "p": fl(res.pvalue),
        "rank_biserial": fl(2.0 * u / (len(x) * len(y)) - 1.0),
        "exact": exact,
    }


def welch(x, y):
    res = stats.ttest_ind(x, y, equal_var=False)
    nx, ny = len(x), len(y)
    vx, vy = np.var(x, ddof=1), np.var(y, ddof=1)
    pooled = math.sqrt(((nx - 1) * vx + (ny - 1) * vy) / (nx + ny - 2))
    return {
        "n_x": nx,
        "n_y": ny,
        "t": fl(res.statistic),
        "df": fl(res.df),
        "p": fl(res.pvalue),
        "cohens_d": fl((np.mean(x) - np.mean(y)) / pooled),
        "mean_x": fl(np.mean(x)),
        "mean_y": fl(np.mean(y)),
    }


def proportions(kx, nx, ky, ny):
    z, p = proportions_ztest([kx, ky], [nx, ny])
    px, py = kx / nx, ky / ny
    return {
        "k_x": kx,
        "n_x": nx,
        "k_y": ky,
        "n_y": ny,
        "z": fl(z),
        "p": fl(p),
        "cohens_h": fl(2 * math.asin(math.sqrt(px)) - 2 * math.asin(math.sqrt(py))),
        "p_x": fl(px),
        "p_y": fl(py),
    }


def relative(after, before):
    out = {}
    for name, f in [("median", np.median), ("p90", lambda v: np.percentile(v, 90))]:
        a, b = float(f(after)), float(f(before))
        out[name] = {"after": fl(a), "before": fl(b), "relative_change": fl((a - b) / b)}
    return out


def compute():
    return {
        "versions": versions(),
        "mann_whitney": {k: mann_whitney(*v) for k, v in MANN_WHITNEY.items()},
        "welch": {k: welch(*v) for k, v in WELCH.items()},
        "two_proportions": {k: proportions(*v) for k, v in PROPORTIONS.items()},
        "relative_change": {k: relative(*v) for k, v in RELATIVE.items()},
    }


def show(obj, indent=""):
    for key, value in obj.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            show(value, indent + "  ")
        else:
            print(f"{indent}{key} = {value!r}")


def main(argv):
    if len(argv) > 2:
        print("usage: python tests/reference/inference_figures.py [OUTDIR]", file=sys.stderr)
        return 2
    figures = compute()
    show(figures)
    if len(argv) == 2:
        os.makedirs(argv[1], exist_ok=True)
        with open(os.path.join(argv[1], "inference.json"), "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=1, allow_nan=False)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
