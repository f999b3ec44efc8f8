//! Scale reliability: Cronbach's α (pairwise or listwise deletion) with Feldt's 95%
//! confidence interval, α if an item is dropped, and the corrected item–total
//! correlation. Definitions as pingouin and psych (SURVEY_FORMATS.md): α = k/(k−1) ·
//! (1 − tr(C)/ΣC) with C the item covariance matrix (pairwise-complete covariances,
//! ddof 1, as pandas computes them).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

/// How rows with missing answers enter α.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// Each covariance uses the rows where both items are answered (psych, pingouin
    /// default).
    #[default]
    Pairwise,
    /// Only rows where every item is answered.
    Listwise,
}

/// α of a set of items with its Feldt interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Alpha {
    pub alpha: f64,
    /// Feldt's interval with n = all respondents, as pingouin computes it (for listwise
    /// too).
    pub ci95: [f64; 2],
    /// All respondents.
    pub n: usize,
    /// Respondents who answered every item.
    pub n_complete: usize,
    /// Listwise only: Feldt's interval with n = complete respondents (psych's
    /// `use = "complete.obs"`), slightly wider than [`Alpha::ci95`].
    pub ci95_complete: Option<[f64; 2]>,
    pub k: usize,
}

/// Covariance of two columns over the rows where both are present (ddof 1); `None`
/// with fewer than two such rows.
pub fn pair_cov(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let s: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    Some(s / (n as f64 - 1.0))
}

/// Rows where every item is answered.
fn complete_rows(items: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    let n = items.first().map_or(0, Vec::len);
    let keep: Vec<bool> = (0..n)
        .map(|r| items.iter().all(|c| c.get(r).copied().flatten().is_some()))
        .collect();
    items
        .iter()
        .map(|c| {
            c.iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(v, _)| *v)
                .collect()
        })
        .collect()
}

/// Feldt's interval for α from n rows and k items.
pub fn feldt_ci(alpha: f64, n: usize, k: usize, level: f64) -> Option<[f64; 2]> {
    if n < 2 || k < 2 {
        return None;
    }
    let d1 = n as f64 - 1.0;
    let d2 = (n as f64 - 1.0) * (k as f64 - 1.0);
    let f = FisherSnedecor::new(d1, d2).ok()?;
    let a = 1.0 - level;
    // isf(p) = inverse_cdf(1 − p).
    let f_lower = f.inverse_cdf(1.0 - a / 2.0);
    let f_upper = f.inverse_cdf(a / 2.0);
    Some([1.0 - (1.0 - alpha) * f_lower, 1.0 - (1.0 - alpha) * f_upper])
}

/// Cronbach's α of the item columns (all the same length, one entry per respondent).
pub fn cronbach_alpha(items: &[Vec<Option<f64>>], missing: Missing) -> Option<Alpha> {
    let k = items.len();
    if k < 2 {
        return None;
    }
    let n = items.first().map_or(0, Vec::len);
    let complete = complete_rows(items);
    let n_complete = complete.first().map_or(0, Vec::len);
    let data = match missing {
        Missing::Pairwise => items.to_vec(),
        Missing::Listwise => complete,
    };
    let mut trace = 0.0;
    let mut total = 0.0;
    for i in 0..k {
        for j in 0..k {
            let c = pair_cov(&data[i], &data[j])?;
            if i == j {
                trace += c;
            }
            total += c;
        }
    }
    if total == 0.0 {
        return None;
    }
    let alpha = k as f64 / (k as f64 - 1.0) * (1.0 - trace / total);
    let ci95 = feldt_ci(alpha, n, k, 0.95)?;
    let ci95_complete = match missing {
        Missing::Pairwise => None,
        Missing::Listwise => feldt_ci(alpha, n_complete, k, 0.95),
    };
    Some(Alpha {
        alpha,
        ci95,
        n,
        n_complete,
        ci95_complete,
        k,
    })
}

/// α of the items without item `drop`.
pub fn alpha_if_dropped(items: &[Vec<Option<f64>>], drop: usize, missing: Missing) -> Option<f64> {
    let rest: Vec<Vec<Option<f64>>> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != drop)
        .map(|(_, c)| c.clone())
        .collect();
    cronbach_alpha(&rest, missing).map(|a| a.alpha)
}

/// Pearson r between item `item` and the sum of the other items, over the rows where
/// every item is answered (psych's r.drop).
pub fn corrected_item_total(items: &[Vec<Option<f64>>], item: usize) -> Option<f64> {
    let data = complete_rows(items);
    let x: Vec<Option<f64>> = data.get(item)?.clone();
    let n = x.len();
    let rest: Vec<Option<f64>> = (0..n)
        .map(|r| {
            Some(
                data.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != item)
                    .map(|(_, c)| c[r].unwrap_or(0.0))
                    .sum(),
            )
        })
        .collect();
    let cov = pair_cov(&x, &rest)?;
    let vx = pair_cov(&x, &x)?;
    let vr = pair_cov(&rest, &rest)?;
    (vx > 0.0 && vr > 0.0).then(|| cov / (vx * vr).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().map(|x| Some(*x)).collect()
    }

    #[test]
    fn alpha_of_a_small_scale_by_hand() {
        // Items: x = (1,2,3,4), y = (2,3,3,5), z = (1,1,2,2).
        // var x = 5/3, var y = 19/12, var z = 1/3; cov xy = 3/2, xz = 2/3, yz = 1/2;
        // tr = 43/12; ΣC = 43/12 + 2·(3/2 + 2/3 + 1/2) = 107/12;
        // α = 1.5 · (1 − 43/107) = 0.897196…
        let items = vec![
            col(&[1., 2., 3., 4.]),
            col(&[2., 3., 3., 5.]),
            col(&[1., 1., 2., 2.]),
        ];
        let a = cronbach_alpha(&items, Missing::Pairwise).unwrap();
        assert!(
            (a.alpha - 1.5 * (1.0 - 43.0 / 107.0)).abs() < 1e-12,
            "{}",
            a.alpha
        );
        assert_eq!((a.n, a.k), (4, 3));
        assert!(a.ci95[0] < a.alpha && a.alpha < a.ci95[1]);
    }

    #[test]
    fn listwise_drops_incomplete_rows_and_pairwise_keeps_them() {
        let mut x = col(&[1., 2., 3., 4., 5.]);
        let y = col(&[2., 3., 3., 5., 4.]);
        x[4] = None;
        let pw = cronbach_alpha(&[x.clone(), y.clone()], Missing::Pairwise).unwrap();
        let lw = cronbach_alpha(&[x, y], Missing::Listwise).unwrap();
        assert_eq!((pw.n, lw.n, lw.n_complete), (5, 5, 4));
        assert!(lw.ci95_complete.is_some() && pw.ci95_complete.is_none());
        assert!(pw.alpha.is_finite() && lw.alpha.is_finite());
    }

    #[test]
    fn item_total_correlation_flags_a_reversed_item() {
        let a = col(&[1., 2., 3., 4., 5.]);
        let b = col(&[1., 2., 4., 4., 5.]);
        let r = col(&[5., 4., 3., 2., 1.]);
        let items = vec![a, b, r];
        assert!(corrected_item_total(&items, 2).unwrap() < 0.0);
        let with = cronbach_alpha(&items, Missing::Pairwise).unwrap().alpha;
        assert!(alpha_if_dropped(&items, 2, Missing::Pairwise).unwrap() > with);
    }

    #[test]
    fn feldt_interval_matches_scipy() {
        // scipy: f.isf(0.025, 99, 396) = 1.3335…; f.isf(0.975, 99, 396) = 0.7325…
        let ci = feldt_ci(0.8, 100, 5, 0.95).unwrap();
        assert!(ci[0] > 0.72 && ci[0] < 0.75, "{ci:?}");
        assert!(ci[1] > 0.84 && ci[1] < 0.86, "{ci:?}");
    }
}
