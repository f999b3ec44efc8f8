//! Item-level survey statistics (SURVEY_FORMATS.md, "Metric definitions"): mean with a
//! t-based 95% CI, standard deviation, distribution over the scale's levels,
//! top-2-box with Wilson's 95% interval, and NPS with its standard error.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Summary of the numeric answers to one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ItemStats {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Mean ± t(0.975, n−1)·sd/√n.
    pub ci95: Option<[f64; 2]>,
}

/// n, mean, sd (ddof 1) and the t interval of the mean.
pub fn item_stats(values: &[Option<f64>]) -> ItemStats {
    let xs: Vec<f64> = values.iter().flatten().copied().collect();
    let n = xs.len();
    if n == 0 {
        return ItemStats {
            n,
            mean: None,
            sd: None,
            ci95: None,
        };
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return ItemStats {
            n,
            mean: Some(mean),
            sd: None,
            ci95: None,
        };
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
    let sd = var.sqrt();
    let ci95 = StudentsT::new(0.0, 1.0, n as f64 - 1.0).ok().map(|t| {
        let h = t.inverse_cdf(0.975) * sd / (n as f64).sqrt();
        [mean - h, mean + h]
    });
    ItemStats {
        n,
        mean: Some(mean),
        sd: Some(sd),
        ci95,
    }
}

/// Wilson's 95% interval of a proportion `k / n`.
pub fn wilson(k: usize, n: usize) -> Option<[f64; 2]> {
    if n == 0 {
        return None;
    }
    let (n, p, z) = (n as f64, k as f64 / n as f64, Z95);
    let centre = p + z * z / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let d = 1.0 + z * z / n;
    Some([(centre - half) / d, (centre + half) / d])
}

/// Top-2-box: share of answers in the two highest levels of a `min..=max` scale.
pub fn top2box(values: &[Option<f64>], max: f64) -> Option<(f64, [f64; 2])> {
    let xs: Vec<f64> = values.iter().flatten().copied().collect();
    let k = xs.iter().filter(|x| **x >= max - 1.0).count();
    let ci = wilson(k, xs.len())?;
    Some((k as f64 / xs.len() as f64, ci))
}

/// Net Promoter Score of 0–10 ratings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nps {
    pub n: usize,
    pub promoters: f64,
    pub passives: f64,
    pub detractors: f64,
    /// 100 · (promoters − detractors), in −100..100.
    pub nps: f64,
    /// 100 · √((pP + pD − (pP − pD)²)/n).
    pub se: f64,
}

/// NPS of the answers (promoters 9–10, passives 7–8, detractors 0–6).
pub fn nps(values: &[Option<f64>]) -> Option<Nps> {
    let xs: Vec<f64> = values.iter().flatten().copied().collect();
    let n = xs.len();
    if n == 0 {
        return None;
    }
    let share = |f: &dyn Fn(f64) -> bool| xs.iter().filter(|x| f(**x)).count() as f64 / n as f64;
    let p = share(&|x| x >= 9.0);
    let d = share(&|x| x <= 6.0);
    Some(Nps {
        n,
        promoters: p,
        passives: 1.0 - p - d,
        detractors: d,
        nps: 100.0 * (p - d),
        se: 100.0 * ((p + d - (p - d).powi(2)) / n as f64).sqrt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().map(|x| Some(*x)).collect()
    }

    #[test]
    fn item_mean_sd_and_t_interval() {
        let s = item_stats(&[Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)]);
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Some(2.5));
        assert!((s.sd.unwrap() - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
        // scipy: t.ppf(0.975, 3) = 3.182446305284263
        let h = 3.182_446_305_284_263 * (5.0f64 / 3.0).sqrt() / 2.0;
        let ci = s.ci95.unwrap();
        assert!((ci[0] - (2.5 - h)).abs() < 1e-9 && (ci[1] - (2.5 + h)).abs() < 1e-9);
    }

    #[test]
    fn wilson_interval_by_hand() {
        // k = 8 of n = 10: (0.8 + 0.19207/1 ± …) — statsmodels proportion_confint(8, 10,
        // method='wilson') = (0.4901625…, 0.9433178…).
        let ci = wilson(8, 10).unwrap();
        assert!((ci[0] - 0.490_162_5).abs() < 1e-6, "{ci:?}");
        assert!((ci[1] - 0.943_317_8).abs() < 1e-6, "{ci:?}");
        let (share, _) = top2box(&v(&[5., 4., 3., 5., 1.]), 5.0).unwrap();
        assert_eq!(share, 0.6);
    }

    #[test]
    fn nps_oracle_ratings_zero_to_ten() {
        let xs: Vec<f64> = (0..=10).map(f64::from).collect();
        let r = nps(&v(&xs)).unwrap();
        assert!((r.nps - (-45.454_545_454_545_45)).abs() < 1e-9, "{}", r.nps);
        let (p, d) = (2.0 / 11.0, 7.0 / 11.0);
        assert!((r.se - 100.0 * ((p + d - (p - d) * (p - d)) / 11.0f64).sqrt()).abs() < 1e-12);
    }
}
