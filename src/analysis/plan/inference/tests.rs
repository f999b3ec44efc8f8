//! Tests of the inference module, figures pinned to scipy and statsmodels
//! (tests/reference/inference_figures.py).

use super::*;

// Reference figures printed by tests/reference/inference_figures.py (also written to
// tests/reference/inference/inference.json) with scipy 1.17.1, statsmodels 0.15.0,
// numpy 2.4.6 on Python 3.11.7. The datasets are copied from that script.

const DURATIONS_AFTER: [f64; 12] = [
    6.5, 8.0, 8.0, 9.25, 12.5, 14.0, 15.0, 20.0, 21.5, 30.0, 31.0, 44.0,
];
const DURATIONS_BEFORE: [f64; 15] = [
    8.0, 11.0, 12.5, 12.5, 16.0, 18.75, 20.0, 24.0, 27.5, 30.0, 33.0, 36.0, 41.0, 52.0, 70.5,
];
const SMALL_X: [f64; 5] = [1.1, 2.4, 3.9, 5.2, 7.7];
const SMALL_Y: [f64; 6] = [2.0, 4.5, 6.1, 8.3, 9.0, 10.4];
const UNBALANCED_X: [f64; 3] = [3.5, 17.5, 22.5];
const MEDIUM_X: [f64; 9] = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
const MEDIUM_Y: [f64; 10] = [2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0];
const EQUAL_X: [f64; 4] = [4.0; 4];
const EQUAL_Y: [f64; 3] = [4.0; 3];
const SCORES_AFTER: [f64; 14] = [
    7.0, 8.0, 9.0, 6.0, 8.0, 10.0, 7.0, 9.0, 8.0, 7.0, 9.0, 8.0, 6.0, 9.0,
];
const SCORES_BEFORE: [f64; 11] = [5.0, 6.0, 7.0, 4.0, 6.0, 8.0, 5.0, 7.0, 6.0, 9.0, 5.0];

fn unbalanced_y() -> Vec<f64> {
    (1..=20).map(f64::from).collect()
}

fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{actual} vs {expected} (tolerance {tol})"
    );
}

fn check_mw(x: &[f64], y: &[f64], u: f64, p: f64, r: f64, exact: bool) {
    let mw = mann_whitney(x, y).unwrap();
    assert_eq!((mw.n_x, mw.n_y, mw.exact), (x.len(), y.len(), exact));
    close(mw.u, u, 1e-12);
    close(mw.p, p, if exact { 1e-12 } else { 1e-9 });
    close(mw.rank_biserial, r, 1e-12);
}

#[test]
fn mann_whitney_matches_scipy() {
    check_mw(
        &DURATIONS_AFTER,
        &DURATIONS_BEFORE,
        59.0,
        0.13608644120462524,
        -0.34444444444444444,
        false,
    );
    check_mw(
        &SMALL_X,
        &SMALL_Y,
        7.0,
        0.17748917748917747,
        -0.5333333333333333,
        true,
    );
    check_mw(
        &UNBALANCED_X,
        &unbalanced_y(),
        40.0,
        0.4042913608130999,
        0.33333333333333326,
        true,
    );
    check_mw(
        &MEDIUM_X,
        &MEDIUM_Y,
        16.0,
        0.019964453305216043,
        -0.6444444444444444,
        false,
    );
    check_mw(&EQUAL_X, &EQUAL_Y, 6.0, 1.0, 0.0, false);
    check_mw(
        &SCORES_AFTER,
        &SCORES_BEFORE,
        126.0,
        0.006953025754845281,
        0.6363636363636365,
        false,
    );
}

#[test]
fn mann_whitney_edge_cases() {
    assert_eq!(mann_whitney(&[], &[1.0]), None);
    assert_eq!(mann_whitney(&[1.0], &[]), None);
    assert_eq!(mann_whitney(&[f64::NAN], &[1.0]), None);
    // scipy: mannwhitneyu([1], [1]) -> U 0.5, p 1; ([1], [2]) -> U 0, p 1.
    let tied = mann_whitney(&[1.0], &[1.0]).unwrap();
    assert_eq!((tied.u, tied.p, tied.exact), (0.5, 1.0, false));
    let single = mann_whitney(&[1.0], &[2.0]).unwrap();
    assert_eq!((single.u, single.p, single.exact), (0.0, 1.0, true));
    // Swapping the samples mirrors U and the effect, not p.
    let (a, b) = (
        mann_whitney(&SMALL_X, &SMALL_Y).unwrap(),
        mann_whitney(&SMALL_Y, &SMALL_X).unwrap(),
    );
    assert_eq!(a.u + b.u, 30.0);
    close(a.rank_biserial, -b.rank_biserial, 1e-15);
    close(a.p, b.p, 1e-15);
}

#[test]
fn exact_distribution_float_path_agrees_with_integers() {
    for (m, n, k) in [(5, 6, 7), (3, 20, 20), (8, 40, 100), (8, 1000, 3000)] {
        let exact = exact_lower_tail_u128(m, n, k).unwrap();
        close(exact_lower_tail_f64(m, n, k), exact, 1e-12);
    }
    // The counts overflow u128 for large n; the float path takes over.
    assert_eq!(exact_lower_tail_u128(8, 400_000, 10), None);
    // For n ≫ m, U/n is the sum of m uniforms (Irwin–Hall); two standard deviations
    // above the centre its two-sided tail is 0.0440358221698085 (closed form, Python).
    let (m, n) = (8usize, 400_000usize);
    let sd = ((m * n * (m + n + 1)) as f64 / 12.0).sqrt();
    let u_max = ((m * n) as f64 / 2.0 + 2.0 * sd).round();
    close(exact_two_sided_p(u_max, m, n), 0.0440358221698085, 1e-5);
}

fn check_welch(x: &[f64], y: &[f64], expected: [f64; 6]) {
    let w = welch_t(x, y).unwrap();
    let [t, df, p, d, mean_x, mean_y] = expected;
    assert_eq!((w.n_x, w.n_y), (x.len(), y.len()));
    close(w.t, t, 1e-9);
    close(w.df, df, 1e-9);
    close(w.p, p, 1e-9);
    close(w.cohens_d, d, 1e-9);
    close(w.mean_x, mean_x, 1e-12);
    close(w.mean_y, mean_y, 1e-12);
}

#[test]
fn welch_matches_scipy() {
    check_welch(
        &SCORES_AFTER,
        &SCORES_BEFORE,
        [
            3.1854203885779047,
            19.234332771498313,
            0.004816059025469039,
            1.3152856582051142,
            7.928571428571429,
            6.181818181818182,
        ],
    );
    check_welch(
        &DURATIONS_AFTER,
        &DURATIONS_BEFORE,
        [
            -1.6600501960191678,
            24.39455030174716,
            0.10970644130418103,
            -0.6156282612278019,
            18.3125,
            27.516666666666666,
        ],
    );
    check_welch(
        &SMALL_X,
        &SMALL_Y,
        [
            -1.5514559493495517,
            8.999991749248375,
            0.15520698413747638,
            -0.9207854984335826,
            4.0600000000000005,
            6.716666666666666,
        ],
    );
}

#[test]
fn welch_edge_cases() {
    assert_eq!(welch_t(&[1.0], &[1.0, 2.0]), None);
    assert_eq!(welch_t(&EQUAL_X, &EQUAL_Y), None);
    assert_eq!(welch_t(&[1.0, f64::INFINITY], &[1.0, 2.0]), None);
    // One variance 0: scipy ttest_ind([1,2,3], [5,5,5], equal_var=False).
    let w = welch_t(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]).unwrap();
    close(w.t, -5.196152422706632, 1e-12);
    close(w.df, 2.0, 1e-12);
    close(w.p, 0.03509871864598465, 1e-9);
}

fn check_proportions(counts: [usize; 4], expected: [f64; 5]) {
    let [k_x, n_x, k_y, n_y] = counts;
    let t = two_proportions(k_x, n_x, k_y, n_y).unwrap();
    let [z, p, h, p_x, p_y] = expected;
    assert_eq!((t.n_x, t.n_y), (n_x, n_y));
    close(t.z, z, 1e-9);
    close(t.p, p, 1e-9);
    close(t.cohens_h, h, 1e-12);
    close(t.p_x, p_x, 1e-15);
    close(t.p_y, p_y, 1e-15);
}

#[test]
fn two_proportions_match_statsmodels() {
    check_proportions(
        [45, 120, 30, 110],
        [
            1.6527769221078203,
            0.0983762725319519,
            0.2191815821375631,
            0.375,
            0.2727272727272727,
        ],
    );
    check_proportions(
        [12, 40, 25, 45],
        [
            -2.37197201738369,
            0.01769343066603948,
            -0.522857860408452,
            0.3,
            0.5555555555555556,
        ],
    );
    check_proportions(
        [199, 200, 180, 200],
        [
            4.259458039091623,
            2.049231624193431e-05,
            0.5019616354688559,
            0.995,
            0.9,
        ],
    );
}

#[test]
fn two_proportions_edge_cases() {
    assert_eq!(two_proportions(0, 0, 1, 2), None);
    assert_eq!(two_proportions(3, 2, 1, 2), None);
    for (k_x, n_x, k_y, n_y) in [(0, 50, 0, 40), (50, 50, 40, 40)] {
        let t = two_proportions(k_x, n_x, k_y, n_y).unwrap();
        assert_eq!((t.z, t.p, t.cohens_h), (0.0, 1.0, 0.0));
    }
}

#[test]
fn relative_change_of_medians_and_p90_matches_numpy() {
    let change = |stat: fn(&mut [f64]) -> f64, after: &[f64], before: &[f64]| {
        let (a, b) = (stat(&mut after.to_vec()), stat(&mut before.to_vec()));
        (a, b, relative_change(a, b))
    };
    let (a, b, d) = change(median, &DURATIONS_AFTER, &DURATIONS_BEFORE);
    assert_eq!((a, b), (14.5, 24.0));
    close(d, -0.3958333333333333, 1e-15);
    let (a, b, d) = change(p90, &DURATIONS_AFTER, &DURATIONS_BEFORE);
    assert_eq!((a, b), (30.9, 47.599999999999994));
    close(d, -0.35084033613445376, 1e-15);
    let (a, b, d) = change(median, &SCORES_AFTER, &SCORES_BEFORE);
    assert_eq!((a, b), (8.0, 6.0));
    close(d, 0.3333333333333333, 1e-15);
    let (a, b, d) = change(p90, &SCORES_AFTER, &SCORES_BEFORE);
    assert_eq!((a, b), (9.0, 8.0));
    close(d, 0.125, 1e-15);
}

#[test]
fn relative_change_is_nan_without_a_base() {
    assert!(relative_change(3.0, 0.0).is_nan());
    assert!(relative_change(0.0, 0.0).is_nan());
    assert!(relative_change(f64::NAN, 2.0).is_nan());
    assert!(relative_change(f64::INFINITY, 2.0).is_nan());
    assert_eq!(relative_change(0.8, 1.0), 0.8 - 1.0);
    assert_eq!(difference(7.0, 10.0), -3.0);
}

#[test]
fn quantiles_match_numpy() {
    // numpy.quantile([1, 2, 3, 4, 10], q) and numpy.median.
    let xs = [10.0, 2.0, 4.0, 1.0, 3.0];
    for (q, expected) in [(0.0, 1.0), (0.25, 2.0), (0.5, 3.0), (0.9, 7.6), (1.0, 10.0)] {
        close(quantile_linear(&mut xs.to_vec(), q), expected, 1e-12);
    }
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(median(&mut [5.0]), 5.0);
    assert!(median(&mut []).is_nan());
    assert!(quantile_linear(&mut [1.0, f64::NAN], 0.5).is_nan());
    assert!(quantile_linear(&mut [1.0], 1.5).is_nan());
    assert_eq!(mean(&mut [1.0, 0.0, 1.0, 1.0]), 0.75);
}

/// Deterministic pseudo-random sample (no RNG crate needed in the test data).
fn spread(n: usize, scale: f64, shift: f64) -> Vec<f64> {
    (0..n)
        .map(|i| shift + scale * ((i * 7919 % n) as f64 / n as f64))
        .collect()
}

#[test]
fn bootstrap_is_deterministic_for_a_seed() {
    let (after, before) = (spread(300, 10.0, 5.0), spread(250, 12.0, 6.0));
    let run = |seed| bootstrap_change(&after, &before, &median, &relative_change, 400, seed);
    let first = run(SEED).unwrap();
    assert_eq!(run(SEED), Some(first));
    assert_ne!(run(SEED + 1), Some(first));
    assert!(first[0] <= first[1]);
    // Parallel and sequential runs give the same bits (stream per resample).
    let (big_after, big_before) = (spread(3000, 10.0, 5.0), spread(2500, 12.0, 6.0));
    let interval =
        |resamples| bootstrap_change(&big_after, &big_before, &p90, &difference, resamples, SEED);
    let parallel = interval(400).unwrap();
    let mut serial = vec![0.0; 400];
    let job = Resampler {
        x: &big_after,
        y: &big_before,
        pick_x: Uniform::new(0, big_after.len()).unwrap(),
        pick_y: Uniform::new(0, big_before.len()).unwrap(),
        stat: &p90,
        change: &difference,
        seed: SEED,
    };
    job.run(0, &mut serial);
    assert_eq!(percentile_interval(serial), Some(parallel));
}

#[test]
fn bootstrap_interval_of_a_clear_shift_excludes_zero() {
    let before = spread(200, 10.0, 20.0);
    let after: Vec<f64> = before.iter().map(|v| v * 0.7).collect();
    let [low, high] =
        bootstrap_change(&after, &before, &median, &relative_change, RESAMPLES, SEED).unwrap();
    assert!(high < 0.0, "[{low}, {high}]");
    assert!(low < -0.3 && -0.3 < high, "[{low}, {high}]");
}

#[test]
fn bootstrap_interval_of_identical_distributions_contains_zero() {
    let sample = spread(200, 10.0, 20.0);
    for stat in [median as fn(&mut [f64]) -> f64, p90, mean] {
        let [low, high] =
            bootstrap_change(&sample, &sample, &stat, &relative_change, RESAMPLES, SEED).unwrap();
        assert!(low < 0.0 && 0.0 < high, "[{low}, {high}]");
    }
}

#[test]
fn bootstrap_edge_cases() {
    let s = [1.0, 2.0, 3.0];
    assert_eq!(
        bootstrap_change(&[], &s, &median, &difference, 10, SEED),
        None
    );
    assert_eq!(
        bootstrap_change(&s, &[], &median, &difference, 10, SEED),
        None
    );
    assert_eq!(
        bootstrap_change(&s, &s, &median, &difference, 0, SEED),
        None
    );
    // Every change relative to 0 is NaN: no interval.
    let zeros = [0.0, 0.0];
    assert_eq!(
        bootstrap_change(&s, &zeros, &median, &relative_change, 50, SEED),
        None
    );
    // A constant sample: the interval is a point.
    assert_eq!(
        bootstrap_change(&[2.0; 5], &[4.0; 7], &mean, &relative_change, 50, SEED),
        Some([-0.5, -0.5])
    );
}
