//! Descriptive statistics for group reports: mean, sample standard deviation, the 95% confidence
//! interval from Student's t, and Cronbach's alpha.

/// Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448,
    2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484,
    2.0452, 2.0423,
];

/// The 97.5th percentile of Student's t with `df` degrees of freedom.
///
/// Exact to four decimals from a table up to 30 degrees of freedom; beyond that the
/// Cornish-Fisher expansion around the normal quantile, whose error there is below 1e-5.
pub fn t_critical_95(df: u64) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T_975[(df - 1) as usize],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let v = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
        }
    }
}

/// The 95% interval of `mean_b - mean_a` for two independent groups given as
/// `(n, mean, sample sd)`, by Welch's method: standard error `√(s²ₐ/nₐ + s²ᵦ/nᵦ)`, degrees of
/// freedom by the Welch-Satterthwaite formula (rounded down). `None` below two responses in a
/// group. With no spread in either group the interval is the difference itself.
pub fn welch_ci95(a: (u64, f64, f64), b: (u64, f64, f64)) -> Option<(f64, f64)> {
    let ((na, ma, sa), (nb, mb, sb)) = (a, b);
    if na < 2 || nb < 2 {
        return None;
    }
    let (va, vb) = (sa * sa / na as f64, sb * sb / nb as f64);
    let difference = mb - ma;
    let se2 = va + vb;
    if se2 <= 0.0 {
        return Some((difference, difference));
    }
    let df = se2 * se2 / (va * va / (na - 1) as f64 + vb * vb / (nb - 1) as f64);
    let half = t_critical_95(df as u64) * se2.sqrt();
    Some((difference - half, difference + half))
}

/// Running sums from which mean and variance follow. Values here are bounded scale scores, so
/// plain sums in `f64` lose nothing that matters even for millions of responses.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub sum: f64,
    pub sum_sq: f64,
}

impl Moments {
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
    }

    /// Adds the same value `count` times.
    pub fn add_many(&mut self, x: f64, count: u64) {
        let c = count as f64;
        self.n += count;
        self.sum += c * x;
        self.sum_sq += c * x * x;
    }

    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// Sample variance (denominator `n - 1`), `None` below two values.
    pub fn variance(&self) -> Option<f64> {
        (self.n > 1).then(|| {
            let n = self.n as f64;
            ((self.sum_sq - self.sum * self.sum / n) / (n - 1.0)).max(0.0)
        })
    }

    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// The 95% confidence interval of the mean, `mean ± t(0.975, n-1) · sd / √n`.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        let (mean, sd) = (self.mean()?, self.sd()?);
        let half = t_critical_95(self.n - 1) * sd / (self.n as f64).sqrt();
        Some((mean - half, mean + half))
    }
}

#[cfg(test)]
mod welch_tests {
    use super::*;

    #[test]
    fn welch_interval_matches_a_hand_computation() {
        // a: n 10, mean 3, sd 1; b: n 12, mean 4, sd 0.5. se² = 0.1 + 0.0208333 = 0.1208333;
        // df = 0.0146007 / (0.01/9 + 0.000434028/11) = 0.0146007 / 0.00115057 = 12.69 -> 12.
        let (lo, hi) = welch_ci95((10, 3.0, 1.0), (12, 4.0, 0.5)).unwrap();
        let half = 2.1788 * (0.1f64 + 0.25 / 12.0).sqrt();
        assert!((lo - (1.0 - half)).abs() < 1e-9 && (hi - (1.0 + half)).abs() < 1e-9, "{lo} {hi}");
        assert_eq!(welch_ci95((3, 2.0, 0.0), (3, 4.0, 0.0)), Some((2.0, 2.0)));
        assert_eq!(welch_ci95((1, 2.0, 0.0), (3, 4.0, 0.0)), None);
    }
}

/// Cronbach's alpha from the per-item and total moments over the same complete cases:
/// `k / (k - 1) · (1 - Σ var(item) / var(total))`. `None` when it is undefined (fewer than two
/// items, fewer than two cases, or no variance in the totals).
pub fn cronbach_alpha(items: &[Moments], total: &Moments) -> Option<f64> {
    let k = items.len();
    if k < 2 {
        return None;
    }
    let total_var = total.variance()?;
    if total_var <= f64::EPSILON {
        return None;
    }
    let item_var: f64 = items.iter().map(Moments::variance).sum::<Option<f64>>()?;
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - item_var / total_var))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn moments(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        values.iter().for_each(|v| m.add(*v));
        m
    }

    #[test]
    fn t_values_join_the_table_smoothly() {
        assert_eq!(t_critical_95(1), 12.7062);
        assert_eq!(t_critical_95(30), 2.0423);
        assert!((t_critical_95(31) - 2.0395).abs() < 1e-4);
        assert!((t_critical_95(60) - 2.0003).abs() < 1e-4);
        assert!((t_critical_95(120) - 1.9799).abs() < 1e-4);
        assert!((t_critical_95(1_000_000) - 1.96).abs() < 1e-3);
    }

    #[test]
    fn mean_sd_and_interval_match_a_hand_computation() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let m = moments(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(m.mean(), Some(5.0));
        assert!((m.variance().unwrap() - 32.0 / 7.0).abs() < 1e-12);
        let (lo, hi) = m.ci95().unwrap();
        let half = 2.3646 * (32.0f64 / 7.0).sqrt() / 8f64.sqrt();
        assert!((lo - (5.0 - half)).abs() < 1e-12 && (hi - (5.0 + half)).abs() < 1e-12);
        assert_eq!(moments(&[3.0]).sd(), None);
    }

    #[test]
    fn alpha_of_parallel_items_is_one_and_of_unrelated_items_is_low() {
        let a = moments(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let total = moments(&[2.0, 4.0, 6.0, 8.0, 10.0]);
        assert!((cronbach_alpha(&[a, a], &total).unwrap() - 1.0).abs() < 1e-12);
        // Items that cancel out: the totals have no variance, so alpha is undefined.
        let b = moments(&[5.0, 4.0, 3.0, 2.0, 1.0]);
        assert_eq!(cronbach_alpha(&[a, b], &moments(&[6.0; 5])), None);
        assert_eq!(cronbach_alpha(&[a], &a), None);
    }
}
