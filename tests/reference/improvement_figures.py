"""Reference figures for tests/improvement.rs: the constructed two-period log and the
two-wave survey, computed with numpy and scipy (pip install numpy scipy).

The log (built the same way in tests/improvement.rs): 100 baseline cases and 100
after cases; case i waits 40 + (i % 25) hours before 合规审批 in the baseline and
20 + (i % 25) after; everything else is equal in both periods. Lead time =
10 (需求开发) + wait + 2 (合规审批) + 5 + (i % 3) (wait before 客户确认) + 3.
"""
import json
import numpy as np
from scipy import stats

k = np.arange(100)
j = k % 25
j2 = k % 3
lead_b = 10 + 40 + j + 2 + 5 + j2 + 3
lead_a = 10 + 20 + j + 2 + 5 + j2 + 3
wait_b = 40 + j
wait_a = 20 + j

def mwu(x, y):
    r = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto", use_continuity=True)
    return {"u": float(r.statistic), "p": float(r.pvalue),
            "rank_biserial": float(2 * r.statistic / (len(x) * len(y)) - 1)}

out = {
    "lead_median_baseline": float(np.median(lead_b)),
    "lead_median_after": float(np.median(lead_a)),
    "lead_change_pct": float((np.median(lead_a) - np.median(lead_b)) / np.median(lead_b)),
    "lead_mwu": mwu(lead_a, lead_b),
    "wait_median_baseline": float(np.median(wait_b)),
    "wait_median_after": float(np.median(wait_a)),
    "wait_change_pct": float((np.median(wait_a) - np.median(wait_b)) / np.median(wait_b)),
    "wait_mwu": mwu(wait_a, wait_b),
    "on_time_baseline": float(np.mean(lead_b <= 75)),
}

# The survey: two waves of 40 respondents, items q1..q3 on 1-5.
def wave(shift):
    rows = []
    for r in range(40):
        base = [(r % 5) + 1, ((r * 3) % 5) + 1, ((r * 2 + 1) % 5) + 1]
        rows.append([min(5, x + shift * (r % 2)) for x in base])
    return np.array(rows, dtype=float)

w1, w2 = wave(0), wave(1)
d1, d2 = w1.mean(axis=1), w2.mean(axis=1)
t = stats.ttest_ind(d2, d1, equal_var=False)
pooled = np.sqrt(((len(d2) - 1) * d2.var(ddof=1) + (len(d1) - 1) * d1.var(ddof=1)) / (len(d1) + len(d2) - 2))
out["survey"] = {
    "dim_mean_wave1": float(d1.mean()),
    "dim_mean_wave2": float(d2.mean()),
    "welch_t": float(t.statistic),
    "welch_p": float(t.pvalue),
    "cohens_d": float((d2.mean() - d1.mean()) / pooled),
    "q1_top2_wave1": float(np.mean(w1[:, 0] >= 4)),
    "q1_top2_wave2": float(np.mean(w2[:, 0] >= 4)),
}
print(json.dumps(out, indent=2))
print("scipy", __import__("scipy").__version__, "numpy", np.__version__)
