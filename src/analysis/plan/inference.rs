//! Before/after inference: the tests and the bootstrap that judge whether a change
//! between two samples (after vs before) is an improvement (DESIGN.md, "Change").
//!
//! This module owns:
//! * [`mann_whitney`]: Mann–Whitney U with the rank-biserial correlation, as
//!   `scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')`;
//! * [`welch_t`]: Welch's t test with Cohen's d (pooled sd);
//! * [`two_proportions`]: the pooled two-proportion z test with Cohen's h, as
//!   statsmodels' `proportions_ztest`;
//! * [`bootstrap_change`]: the seeded percentile bootstrap 95% interval of any change
//!   (Δ%, difference) of any statistic, with the quantile helpers it needs
//!   ([`quantile_linear`], [`median`], [`p90`], [`mean`]);
//! * [`relative_change`] Δ% = (after − before) / before and [`difference`].
//!
//! Convention everywhere: `x` is the "after" sample and `y` the "before" sample, so a
//! positive effect size means "after is larger", and `bootstrap_change(after, before,
//! stat, &relative_change, …)` is the interval of Δ%.
//!
//! The figures are pinned against scipy/statsmodels by
//! `tests/reference/inference_figures.py` (see the tests at the bottom).

pub use crate::analysis::stats::quantile_linear;
use crate::analysis::stats::select_pair;
use rand::distr::{Distribution, Uniform};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Bootstrap resamples used by the report.
pub const RESAMPLES: usize = 1000;

/// Bootstrap seed used by the report ("PROCDIAG" in ASCII), so the same logs always
/// give the same interval.
pub const SEED: u64 = 0x5052_4F43_4449_4147;

/// scipy's `method='auto'` uses the exact distribution of U when the smaller sample has
/// at most this many values and there are no ties.
const EXACT_MAX_SMALLER: usize = 8;

/// Below this much work (resamples × values per resample) the bootstrap runs on the
/// calling thread; above it, on up to [`MAX_WORKERS`] threads.
const PARALLEL_MIN_WORK: usize = 2_000_000;
const MAX_WORKERS: usize = 8;

// ---------------------------------------------------------------------------------
// Mann–Whitney U
// ---------------------------------------------------------------------------------

/// Mann–Whitney U of x vs y (two-sided), as `scipy.stats.mannwhitneyu(x, y,
/// alternative='two-sided', method='auto', use_continuity=True)`.
///
/// The p value is exact when the smaller sample has at most 8 values and there are no
/// ties (scipy's `'auto'` rule: `min(n_x, n_y) <= 8`, not both), else the normal
/// approximation with tie correction and continuity correction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitney {
    /// U of x, as scipy returns it: Σ ranks of x − n_x(n_x + 1)/2.
    pub u: f64,
    pub p: f64,
    /// 2·U/(n_x·n_y) − 1: positive when x tends to be larger.
    pub rank_biserial: f64,
    pub n_x: usize,
    pub n_y: usize,
    /// The p value comes from the exact distribution of U.
    pub exact: bool,
}

/// Mann–Whitney U test of x vs y; `None` when a sample is empty or holds a NaN (scipy
/// raises on NaN). When every value is the same the normal approximation has no
/// spread and p is 1 (as scipy, which clips its 2.0 to 1.0).
pub fn mann_whitney(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    if x.is_empty() || y.is_empty() || x.iter().chain(y).any(|v| v.is_nan()) {
        return None;
    }
    let (n_x, n_y) = (x.len(), y.len());
    let ranks = rank_x_in_pooled(x, y);
    let u = ranks.rank_sum_x - (n_x * (n_x + 1)) as f64 / 2.0;
    let products = (n_x * n_y) as f64;
    let u_max = u.max(products - u);
    let exact = n_x.min(n_y) <= EXACT_MAX_SMALLER && !ranks.ties;
    let p = if exact {
        exact_two_sided_p(u_max, n_x, n_y)
    } else {
        asymptotic_two_sided_p(u_max, n_x, n_y, ranks.tie_term)
    };
    Some(MannWhitney {
        u,
        p: p.clamp(0.0, 1.0),
        rank_biserial: 2.0 * u / products - 1.0,
        n_x,
        n_y,
        exact,
    })
}

/// What the test needs from the average ranks of the pooled sample.
struct PooledRanks {
    /// Σ average ranks (1-based) of the values of x.
    rank_sum_x: f64,
    /// Σ (t³ − t) over groups of t equal values.
    tie_term: f64,
    ties: bool,
}

/// Average ranks of x within x ∪ y (scipy's `rankdata(method='average')`).
fn rank_x_in_pooled(x: &[f64], y: &[f64]) -> PooledRanks {
    let mut pooled: Vec<(f64, bool)> = x
        .iter()
        .map(|v| (*v, true))
        .chain(y.iter().map(|v| (*v, false)))
        .collect();
    pooled.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = PooledRanks {
        rank_sum_x: 0.0,
        tie_term: 0.0,
        ties: false,
    };
    for (start, group) in tie_groups(&pooled) {
        let t = group.len() as f64;
        // Ranks start+1 ..= start+t; their average:
        let average = start as f64 + (t + 1.0) / 2.0;
        let in_x = group.iter().filter(|(_, is_x)| *is_x).count();
        ranks.rank_sum_x += average * in_x as f64;
        ranks.tie_term += t * t * t - t;
        ranks.ties |= group.len() > 1;
    }
    ranks
}

/// Runs of equal values of a sorted slice, with the index where each starts.
fn tie_groups(sorted: &[(f64, bool)]) -> impl Iterator<Item = (usize, &[(f64, bool)])> {
    let mut start = 0;
    sorted.chunk_by(|a, b| a.0 == b.0).map(move |group| {
        let at = start;
        start += group.len();
        (at, group)
    })
}

/// Normal approximation with tie and continuity correction (scipy's `_get_mwu_z`);
/// 1 when the pooled sample has no spread (every value tied).
fn asymptotic_two_sided_p(u_max: f64, n_x: usize, n_y: usize, tie_term: f64) -> f64 {
    let (n1, n2) = (n_x as f64, n_y as f64);
    let n = n1 + n2;
    let sd = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
    if sd.is_nan() || sd <= 0.0 {
        return 1.0;
    }
    let z = (u_max - n1 * n2 / 2.0 - 0.5) / sd;
    2.0 * Normal::standard().sf(z)
}

/// Exact two-sided p: 2·P(U ≥ u_max) = 2·P(U ≤ n_x·n_y − u_max) (U is symmetric).
fn exact_two_sided_p(u_max: f64, n_x: usize, n_y: usize) -> f64 {
    // Without ties every rank is an integer, so U is a whole number ≥ n_x·n_y / 2.
    let k = ((n_x * n_y) as f64 - u_max).round().max(0.0) as usize;
    let (m, n) = (n_x.min(n_y), n_x.max(n_y));
    let lower_tail =
        exact_lower_tail_u128(m, n, k).unwrap_or_else(|| exact_lower_tail_f64(m, n, k));
    2.0 * lower_tail
}

/// P(U ≤ k) for samples of m and n values, in exact integers; `None` when the counts
/// overflow u128 (m ≤ 8 and n beyond ~190,000).
///
/// The number of arrangements with U = u is the coefficient of q^u in the Gaussian
/// binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), built factor by
/// factor up to q^k (dividing first keeps every intermediate count non-negative).
fn exact_lower_tail_u128(m: usize, n: usize, k: usize) -> Option<f64> {
    let mut counts = vec![0u128; k + 1];
    counts[0] = 1;
    let mut total: u128 = 1;
    for i in 1..=m {
        for j in i..=k {
            counts[j] = counts[j].checked_add(counts[j - i])?;
        }
        for j in (n + i..=k).rev() {
            counts[j] = counts[j].checked_sub(counts[j - n - i])?;
        }
        // C(n+i, i) = C(n+i−1, i−1)·(n+i)/i, always a whole number.
        total = total.checked_mul((n + i) as u128)? / i as u128;
    }
    let below = counts
        .iter()
        .try_fold(0u128, |sum, c| sum.checked_add(*c))?;
    Some(below as f64 / total as f64)
}

/// [`exact_lower_tail_u128`] in floating point (as scipy does once its uint64 counts
/// overflow), working with probabilities so nothing overflows.
fn exact_lower_tail_f64(m: usize, n: usize, k: usize) -> f64 {
    let mut probs = vec![0.0f64; k + 1];
    probs[0] = 1.0;
    for i in 1..=m {
        for j in i..=k {
            probs[j] += probs[j - i];
        }
        for j in (n + i..=k).rev() {
            probs[j] -= probs[j - n - i];
        }
        // Divide by (n+i)/i so the coefficients stay probabilities of C(n+i, i).
        let scale = i as f64 / (n + i) as f64;
        probs.iter_mut().for_each(|p| *p *= scale);
    }
    probs.iter().sum()
}

// ---------------------------------------------------------------------------------
// Welch's t
// ---------------------------------------------------------------------------------

/// Welch's t test (`scipy.stats.ttest_ind(x, y, equal_var=False)`), two-sided, with
/// Cohen's d = (mean_x − mean_y) / pooled sd, pooled sd =
/// √(((n_x−1)s_x² + (n_y−1)s_y²)/(n_x+n_y−2)).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WelchT {
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    pub p: f64,
    pub cohens_d: f64,
    pub mean_x: f64,
    pub mean_y: f64,
    pub n_x: usize,
    pub n_y: usize,
}

/// Welch's t test of x vs y; `None` when either sample has fewer than 2 values, a
/// value is not finite, or both variances are 0 (t is undefined).
pub fn welch_t(x: &[f64], y: &[f64]) -> Option<WelchT> {
    if x.len() < 2 || y.len() < 2 || !x.iter().chain(y).all(|v| v.is_finite()) {
        return None;
    }
    let (sx, sy) = (Moments::of(x), Moments::of(y));
    if sx.variance == 0.0 && sy.variance == 0.0 {
        return None;
    }
    let (ex, ey) = (sx.variance / sx.n, sy.variance / sy.n);
    let t = (sx.mean - sy.mean) / (ex + ey).sqrt();
    let df = (ex + ey).powi(2) / (ex * ex / (sx.n - 1.0) + ey * ey / (sy.n - 1.0));
    let p = 2.0 * StudentsT::new(0.0, 1.0, df).ok()?.sf(t.abs());
    let pooled_variance =
        ((sx.n - 1.0) * sx.variance + (sy.n - 1.0) * sy.variance) / (sx.n + sy.n - 2.0);
    Some(WelchT {
        t,
        df,
        p: p.min(1.0),
        cohens_d: (sx.mean - sy.mean) / pooled_variance.sqrt(),
        mean_x: sx.mean,
        mean_y: sy.mean,
        n_x: x.len(),
        n_y: y.len(),
    })
}

/// Count, mean and sample variance (ddof = 1, two-pass).
struct Moments {
    n: f64,
    mean: f64,
    variance: f64,
}

impl Moments {
    fn of(xs: &[f64]) -> Moments {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let squares: f64 = xs.iter().map(|v| (v - mean) * (v - mean)).sum();
        Moments {
            n,
            mean,
            variance: squares / (n - 1.0),
        }
    }
}

// ---------------------------------------------------------------------------------
// Two proportions
// ---------------------------------------------------------------------------------

/// Two-proportion z test (pooled, two-sided, no continuity correction; as statsmodels
/// `proportions_ztest([k_x, k_y], [n_x, n_y])`) with Cohen's h =
/// 2·asin(√p_x) − 2·asin(√p_y).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TwoProportions {
    pub z: f64,
    pub p: f64,
    pub cohens_h: f64,
    pub p_x: f64,
    pub p_y: f64,
    pub n_x: usize,
    pub n_y: usize,
}

/// Two-proportion z test of k_x/n_x vs k_y/n_y; `None` when a sample is empty (n = 0)
/// or a count exceeds its n. When the pooled proportion is 0 or 1 (both proportions
/// are 0, or both are 1) there is no difference and no spread: the result is z = 0,
/// p = 1, h = 0 (statsmodels returns NaN there).
pub fn two_proportions(k_x: usize, n_x: usize, k_y: usize, n_y: usize) -> Option<TwoProportions> {
    if n_x == 0 || n_y == 0 || k_x > n_x || k_y > n_y {
        return None;
    }
    let (p_x, p_y) = (k_x as f64 / n_x as f64, k_y as f64 / n_y as f64);
    let pooled = (k_x + k_y) as f64 / (n_x + n_y) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n_x as f64 + 1.0 / n_y as f64)).sqrt();
    let (z, p) = if se > 0.0 {
        let z = (p_x - p_y) / se;
        (z, 2.0 * Normal::standard().sf(z.abs()))
    } else {
        (0.0, 1.0)
    };
    Some(TwoProportions {
        z,
        p,
        cohens_h: arcsine(p_x) - arcsine(p_y),
        p_x,
        p_y,
        n_x,
        n_y,
    })
}

/// Cohen's arcsine transform 2·asin(√p).
fn arcsine(p: f64) -> f64 {
    2.0 * p.sqrt().asin()
}

// ---------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------

/// Δ = (after − before) / before, e.g. −0.2 for "20% shorter".
///
/// NaN unless both figures are finite and `before` ≠ 0 (a change relative to zero is
/// not defined; NaN also makes any "target met" comparison false). Meant for positive
/// statistics (durations, shares); for a statistic that can be negative (NPS) use
/// [`difference`].
pub fn relative_change(after: f64, before: f64) -> f64 {
    if !after.is_finite() || !before.is_finite() || before == 0.0 {
        return f64::NAN;
    }
    (after - before) / before
}

/// after − before (points of NPS, of a share, hours …).
pub fn difference(after: f64, before: f64) -> f64 {
    after - before
}

// ---------------------------------------------------------------------------------
// Bootstrap
// ---------------------------------------------------------------------------------

/// Percentile bootstrap 95% interval of `change(stat(x*), stat(y*))`, x* and y*
/// resampled with replacement from x and y (sizes kept), `resamples` times.
///
/// Returns the 2.5th and 97.5th percentiles (linear interpolation, numpy's default) of
/// the finite changes; `None` when a sample is empty, `resamples` is 0 or no change is
/// finite. With x = after and y = before, `change = &relative_change` gives the
/// interval of Δ%.
///
/// Deterministic for a seed, whatever the number of threads: resample `i` draws from
/// `ChaCha8Rng::seed_from_u64(seed)` on stream `i` (x's values first, then y's), so
/// large bootstraps can run on several threads. `stat` may reorder its slice (e.g.
/// [`median`], [`quantile_linear`] select in place); the buffers are reused.
pub fn bootstrap_change(
    x: &[f64],
    y: &[f64],
    stat: &(dyn Fn(&mut [f64]) -> f64 + Sync),
    change: &(dyn Fn(f64, f64) -> f64 + Sync),
    resamples: usize,
    seed: u64,
) -> Option<[f64; 2]> {
    if resamples == 0 {
        return None;
    }
    let job = Resampler {
        x,
        y,
        pick_x: Uniform::new(0, x.len()).ok()?,
        pick_y: Uniform::new(0, y.len()).ok()?,
        stat,
        change,
        seed,
    };
    let mut changes = vec![f64::NAN; resamples];
    let workers = workers(resamples.saturating_mul(x.len() + y.len()), resamples);
    if workers <= 1 {
        job.run(0, &mut changes);
    } else {
        let chunk = resamples.div_ceil(workers);
        std::thread::scope(|scope| {
            for (c, out) in changes.chunks_mut(chunk).enumerate() {
                let job = &job;
                scope.spawn(move || job.run(c * chunk, out));
            }
        });
    }
    percentile_interval(changes)
}

/// One bootstrap: the samples, how to draw from them and what to compute.
struct Resampler<'a> {
    x: &'a [f64],
    y: &'a [f64],
    pick_x: Uniform<usize>,
    pick_y: Uniform<usize>,
    stat: &'a (dyn Fn(&mut [f64]) -> f64 + Sync),
    change: &'a (dyn Fn(f64, f64) -> f64 + Sync),
    seed: u64,
}

impl Resampler<'_> {
    /// Fills `out` with the changes of resamples `first`, `first + 1`, ….
    fn run(&self, first: usize, out: &mut [f64]) {
        let mut bx = vec![0.0; self.x.len()];
        let mut by = vec![0.0; self.y.len()];
        for (i, slot) in out.iter_mut().enumerate() {
            let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
            rng.set_stream((first + i) as u64);
            resample_into(self.x, &self.pick_x, &mut rng, &mut bx);
            resample_into(self.y, &self.pick_y, &mut rng, &mut by);
            *slot = (self.change)((self.stat)(&mut bx), (self.stat)(&mut by));
        }
    }
}

/// Overwrites `buf` (as long as `from`) with values drawn from `from` with replacement.
fn resample_into(from: &[f64], pick: &Uniform<usize>, rng: &mut ChaCha8Rng, buf: &mut [f64]) {
    for v in buf.iter_mut() {
        // `pick` is Uniform over 0..from.len(), so the index is in bounds.
        *v = from[pick.sample(rng)];
    }
}

/// Threads for a bootstrap of `work` drawn values in `resamples` resamples.
fn workers(work: usize, resamples: usize) -> usize {
    if work < PARALLEL_MIN_WORK {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_WORKERS)
        .min(resamples)
}

/// 2.5th and 97.5th percentiles of the finite values.
fn percentile_interval(mut changes: Vec<f64>) -> Option<[f64; 2]> {
    changes.retain(|c| c.is_finite());
    if changes.is_empty() {
        return None;
    }
    let low = quantile_linear(&mut changes, 0.025);
    let high = quantile_linear(&mut changes, 0.975);
    Some([low, high])
}

// ---------------------------------------------------------------------------------
// Statistics of a slice (usable as `stat`)
// ---------------------------------------------------------------------------------

/// The median as `numpy.median`: the middle value, or the mean of the two middle values;
/// reorders `xs`. NaN when empty or a value is NaN.
pub fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() || xs.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let n = xs.len();
    let (low, high) = select_pair(xs, (n - 1) / 2);
    if n % 2 == 1 {
        low
    } else {
        (low + high) / 2.0
    }
}

/// The 90th percentile ([`quantile_linear`] at 0.9); reorders `xs`.
pub fn p90(xs: &mut [f64]) -> f64 {
    quantile_linear(xs, 0.9)
}

/// The arithmetic mean (NaN when empty); for 0/1 values it is the share of 1s.
pub fn mean(xs: &mut [f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

#[cfg(test)]
mod tests;
