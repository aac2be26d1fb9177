//! Exact ties, bands and roundings; the sum-mode penalty on every scale; the balance that cannot
//! be assessed; the overall change between rounds (issue 12, items 2 to 5). Each reproducer of
//! the issue is a test here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{self, Segment};
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::{band_of, score, shown};
use partnerscope_core::text::fixed;

struct Dim<'a> {
    id: &'a str,
    weights: &'a [f64],
}

/// An instrument over dimensions with item weights, on `min..=max`, in `mode`, with `extra`
/// members (balance rule, total bands) spliced in.
fn instrument(dims: &[Dim], min: i32, max: i32, mode: &str, bands: &str, extra: &str) -> Instrument {
    let dimensions: Vec<String> = dims
        .iter()
        .map(|d| {
            let items: Vec<String> = d
                .weights
                .iter()
                .enumerate()
                .map(|(i, w)| format!(r#"{{"id": "{}{i}", "text": {{"en": "item"}}, "weight": {w}}}"#, d.id))
                .collect();
            format!(
                r#"{{"id": "{}", "title": {{"en": "{}"}}, "items": [{}], "recommendations": [{{"bands": ["low"], "text": {{"en": "advice {}"}}}}]}}"#,
                d.id,
                d.id,
                items.join(","),
                d.id
            )
        })
        .collect();
    let labels: Vec<String> = (min..=max).map(|p| format!("\"point {p}\"")).collect();
    let json = format!(
        r#"{{"schema": 1, "id": "exact", "version": "1", "locales": ["en"], "title": {{"en": "Exact"}},
            "scale": {{"min": {min}, "max": {max}, "labels": {{"en": [{}]}}}}, {extra}
            "scoring": {{"mode": "{mode}", "bands": {bands}}},
            "dimensions": [{}]}}"#,
        labels.join(","),
        dimensions.join(",")
    );
    Instrument::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

const BANDS_1_5: &str = r#"[{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"},
    {"id": "mid", "from": 3, "label": {"en": "Mixed"}, "tone": "borderline"},
    {"id": "high", "from": 4, "label": {"en": "Strong"}, "tone": "strength"}]"#;

fn answers(instrument: &Instrument, values: &[Option<i32>]) -> Sheet {
    let mut sheet = Sheet::empty(instrument, "r", "en");
    for (i, v) in values.iter().enumerate() {
        sheet.set_answer(instrument, i, v.map(Answer::Value)).unwrap();
    }
    sheet
}

#[test]
fn equal_means_are_equal_whatever_the_weights() {
    // a: 0.1 / 0.2, b: 1, c: 0.1 / 0.7; every answer 3: all three means are exactly 3.
    let inst = instrument(
        &[
            Dim { id: "a", weights: &[0.1, 0.2] },
            Dim { id: "b", weights: &[1.0] },
            Dim { id: "c", weights: &[0.1, 0.7] },
        ],
        1,
        5,
        "mean",
        BANDS_1_5,
        r#""balance": {"dimensions": ["a", "b", "c"], "penalty": 1, "tolerance": 1},"#,
    );
    let scores = score(&inst, &answers(&inst, &[Some(3); 5]));
    for d in &scores.dimensions {
        assert_eq!(shown(d.mean.unwrap()), 3.0);
        assert_eq!(d.band, Some(1));
    }
    assert_eq!(scores.weakest, None, "a tie has no weakest area");
    assert_eq!(scores.strongest, None);
    // No recommendation for the middle band here; the order of areas is the instrument's.
    assert!(scores.advice.is_empty());
    let balance = scores.balance.unwrap();
    assert_eq!((balance.spread, balance.deviation, balance.penalty), (0.0, 0.0, 0.0));
    assert_eq!((balance.weakest, balance.strongest), (0, 0));
    assert_eq!(shown(scores.overall.unwrap().score), 3.0);
}

#[test]
fn an_exact_half_goes_up_in_the_histogram() {
    // Weights 0.1 / 0.1, answers 2 and 5: the mean is exactly 3.5, computed 3.4999999999999996.
    let inst = instrument(&[Dim { id: "a", weights: &[0.1, 0.1] }], 1, 5, "mean", BANDS_1_5, r#""anonymity_k": 3,"#);
    let sheets: Vec<Sheet> = (0..3)
        .map(|n| {
            let mut s = answers(&inst, &[Some(2), Some(5)]);
            s.set_id(&format!("r{n}")).unwrap();
            s
        })
        .collect();
    assert_eq!(shown(score(&inst, &sheets[0]).dimensions[0].mean.unwrap()), 3.5);
    let report = aggregate::aggregate(&inst, &sheets);
    let all = report.figures(Segment::All).unwrap();
    assert_eq!(all.dimension(0).unwrap().summary().histogram(), [0, 0, 0, 3, 0], "3.5 counts as 4");
    assert_eq!(all.overall().unwrap().histogram(), [0, 0, 0, 3, 0]);
}

#[test]
fn the_number_shown_and_its_band_always_agree() {
    let inst = instrument(&[Dim { id: "a", weights: &[1.0] }], 1, 5, "mean", BANDS_1_5, "");
    let bands = inst.dimension_bands(0);
    // 3.996 is shown as 4.00: it is banded as 4.00, never "4.00 · Mixed".
    assert_eq!(fixed(3.996, 2, '.'), "4.00");
    assert_eq!(band_of(bands, 3.996), 2);
    assert_eq!(band_of(bands, 3.994), 1);
    // Over a fine sweep: the band of a value is the band of the number written for it.
    for step in 0..=40_000 {
        let value = 1.0 + f64::from(step) * 0.0001;
        let written: f64 = fixed(value, 2, '.').parse().unwrap();
        assert_eq!(band_of(bands, value), band_of(bands, written), "{value}");
    }
}

const TOTAL_BANDS: &str = r#""total_bands": [{"id": "weak", "from": 35, "label": {"en": "Weak (35-84)"}, "tone": "concern"},
    {"id": "developing", "from": 85, "label": {"en": "Developing (85-126)"}, "tone": "borderline"},
    {"id": "strong", "from": 127, "label": {"en": "Strong (127-175)"}, "tone": "strength"}]"#;

#[test]
fn a_total_shown_as_85_is_banded_85_and_up() {
    // 35 items on 1-5 in one dimension, totals banded 35-84, 85-126, 127-175.
    let weights = [1.0; 35];
    let inst =
        instrument(&[Dim { id: "a", weights: &weights }], 1, 5, "sum", &format!(r#"{BANDS_1_5}, {TOTAL_BANDS}"#), "");
    let total_bands = &inst.doc().scoring.total_bands;
    assert_eq!(fixed(84.5, 0, '.'), "85");
    let scores_band = |total: f64| band_of(total_bands, partnerscope_core::text::rounded(total, 0));
    assert_eq!(scores_band(84.5), 1, "shown as 85: developing");
    assert_eq!(scores_band(84.49), 0, "shown as 84: weak");
    // A real response: 17 answers of 3 and 17 of 2 with one N/A: mean 2.5, total 2.5 * 35 = 87.5,
    // shown 88, developing.
    let mut values = vec![Some(3); 17];
    values.extend(vec![Some(2); 17]);
    values.push(None);
    let overall = score(&inst, &answers(&inst, &values)).overall.unwrap();
    assert_eq!(fixed(overall.score, 0, '.'), "88");
    assert_eq!(overall.band, 1);
}

fn balanced_sum(min: i32, max: i32, penalty: f64) -> Instrument {
    let (lo, hi) = (f64::from(min) * 3.0, f64::from(max) * 3.0);
    let mid = (lo + hi) / 2.0;
    let bands = format!(
        r#"[{{"id": "low", "from": {min}, "label": {{"en": "Low"}}, "tone": "concern"}}],
        "total_bands": [{{"id": "bottom", "from": {lo}, "label": {{"en": "Bottom"}}, "tone": "concern"}},
                        {{"id": "top", "from": {mid}, "label": {{"en": "Top"}}, "tone": "strength"}}]"#
    );
    instrument(
        &[Dim { id: "a", weights: &[1.0] }, Dim { id: "b", weights: &[1.0] }, Dim { id: "c", weights: &[1.0] }],
        min,
        max,
        "sum",
        &bands,
        &format!(r#""balance": {{"dimensions": ["a", "b", "c"], "penalty": {penalty}, "tolerance": 1}},"#),
    )
}

#[test]
fn the_sum_mode_penalty_lowers_the_total_on_every_scale() {
    // -10..-5, penalty 2, a lopsided -10 / -5 / -10: the total of -25 used to come out higher.
    let inst = balanced_sum(-10, -5, 2.0);
    let overall = score(&inst, &answers(&inst, &[Some(-10), Some(-5), Some(-10)])).overall.unwrap();
    assert_eq!(overall.unpenalised, -25.0);
    assert!(overall.score < overall.unpenalised, "{overall:?}");
    assert!(overall.score >= -30.0, "never below the bottom of the range");
    assert_eq!(overall.band, 0);
    // A scale whose max is 0 penalises too.
    let inst = balanced_sum(-4, 0, 1.0);
    let overall = score(&inst, &answers(&inst, &[Some(0), Some(-4), Some(0)])).overall.unwrap();
    assert!(overall.score < overall.unpenalised, "{overall:?}");
    // On 1-5 it is penalty * deviation * the items' total weight, in total units.
    let inst = balanced_sum(1, 5, 1.0);
    let scores = score(&inst, &answers(&inst, &[Some(5), Some(1), Some(3)]));
    let balance = scores.balance.unwrap();
    // Means 5, 1, 3: centre 3, deviation (2 + 2 + 0) / 3 = 4/3; times 3 items = 4.
    assert_eq!(shown(balance.penalty), 4.0);
    assert_eq!(scores.overall.unwrap().score, 9.0 - 4.0);
}

#[test]
fn a_balance_that_cannot_be_assessed_is_said_so() {
    let inst = balanced_sum(1, 5, 1.0);
    let scores = score(&inst, &answers(&inst, &[Some(5), None, Some(1)]));
    assert!(scores.balance.is_none());
    assert_eq!(scores.balance_missing, Some(1));
    let json = scores.to_json(&inst);
    assert!(json.contains(r#""balance":{"assessed":false,"missing":"b"}"#), "{json}");
    // Assessable: no such note.
    let scores = score(&inst, &answers(&inst, &[Some(5), Some(3), Some(1)]));
    assert_eq!(scores.balance_missing, None);
}

#[test]
fn the_overall_change_between_rounds_is_flagged_like_every_dimension() {
    let inst = instrument(
        &[Dim { id: "a", weights: &[1.0] }, Dim { id: "b", weights: &[1.0] }],
        1,
        5,
        "mean",
        BANDS_1_5,
        r#""anonymity_k": 3, "gap_threshold": 0.5,"#,
    );
    let round = |values: &[(i32, i32)], prefix: &str| -> Vec<Sheet> {
        values
            .iter()
            .enumerate()
            .map(|(n, (a, b))| {
                let mut s = answers(&inst, &[Some(*a), Some(*b)]);
                s.set_id(&format!("{prefix}{n}")).unwrap();
                s
            })
            .collect()
    };
    let before = aggregate::aggregate(&inst, &round(&[(2, 2), (2, 3), (3, 2), (2, 2), (3, 3), (2, 2)], "p"));
    let after = aggregate::aggregate(&inst, &round(&[(4, 4), (4, 3), (3, 4), (4, 4), (4, 4), (3, 4)], "c"));
    let changes = aggregate::compare(&inst, &before, &after);
    let overall = changes.iter().find(|c| c.segment() == Segment::All && c.dimension().is_none()).unwrap();
    assert!(overall.current() - overall.previous() > 1.0);
    let (lo, _) = overall.ci95().unwrap();
    assert!(lo > 0.0);
    assert!(overall.flagged(), "{overall:?}");
    // A change past the threshold whose interval holds zero is not flagged.
    let before = aggregate::aggregate(&inst, &round(&[(1, 1), (5, 5), (1, 1), (5, 5)], "q"));
    let after = aggregate::aggregate(&inst, &round(&[(5, 5), (1, 1), (5, 5), (5, 5)], "d"));
    let overall = aggregate::compare(&inst, &before, &after)
        .into_iter()
        .find(|c| c.segment() == Segment::All && c.dimension().is_none())
        .unwrap();
    assert_eq!(overall.current() - overall.previous(), 1.0);
    assert!(!overall.flagged(), "{overall:?}");
}

// ---- Issue 16: exact to the last digit. Every expected value is worked out by hand beside it. ----

use partnerscope_core::text::{rounded, units};

#[test]
fn the_balance_penalty_is_worked_out_from_the_means_not_from_the_means_as_shown() {
    // Sum mode; balance over a (items a0..a2, weight 1, answered 3, 3, 4: mean 10/3) and b (one
    // item of weight 1000, answered 5). The means' own mean is (10/3 + 5) / 2 = 25/6, each side
    // deviates by 5/6, so the deviation is 5/6 and the penalty 5/6 · 1003 = 835.8333…
    // The total before it is 10/3 · 3 + 5 · 1000 = 5010; after it 4174.1666…, shown 4174, which
    // is "strong" (from 4173). From the means as shown (3.33 and 5.00) it was 837.505 and 4172.
    let inst = instrument(
        &[Dim { id: "a", weights: &[1.0, 1.0, 1.0] }, Dim { id: "b", weights: &[1000.0] }],
        1,
        5,
        "sum",
        r#"[{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"}],
           "total_bands": [{"id": "weak", "from": 1003, "label": {"en": "Weak"}, "tone": "concern"},
                           {"id": "strong", "from": 4173, "label": {"en": "Strong"}, "tone": "strength"}]"#,
        r#""balance": {"dimensions": ["a", "b"], "penalty": 1, "tolerance": 1},"#,
    );
    let scores = score(&inst, &answers(&inst, &[Some(3), Some(3), Some(4), Some(5)]));
    let balance = scores.balance.unwrap();
    assert_eq!(fixed(balance.penalty, 2, '.'), "835.83");
    let overall = scores.overall.unwrap();
    assert_eq!(fixed(overall.score, 0, '.'), "4174");
    assert_eq!(inst.doc().scoring.total_bands[overall.band].id, "strong");
    // The spread is still the difference of the means as shown: 5.00 - 3.33 = 1.67.
    assert_eq!(balance.spread, 1.67);
}

#[test]
fn exact_halves_are_shown_and_decided_rounded_away_from_zero() {
    // Weights 0.995 and 0.005 on answers 1 and 2: (0.995 + 0.010) / 1 = 1.005 exactly, which
    // binary holds as 1.00499999999999989…; shown 1.01, and banded as 1.01.
    let inst = instrument(
        &[Dim { id: "a", weights: &[0.995, 0.005] }, Dim { id: "b", weights: &[1.0] }],
        1,
        5,
        "mean",
        r#"[{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"},
            {"id": "edge", "from": 1.01, "label": {"en": "Edge"}, "tone": "borderline"}]"#,
        "",
    );
    let scores = score(&inst, &answers(&inst, &[Some(1), Some(2), Some(1)]));
    let a = &scores.dimensions[0];
    assert_eq!(fixed(a.mean.unwrap(), 2, '.'), "1.01");
    assert_eq!(shown(a.mean.unwrap()), 1.01);
    assert_eq!(a.band, Some(1), "1.005 is shown as 1.01, so it is in the band from 1.01");
    // b is 1.00: a (1.01) is the stronger, b the weaker.
    assert_eq!((scores.strongest, scores.weakest), (Some(0), Some(1)));
    // The values the independent check found shown rounded down, each an exact half in decimal.
    for (value, expected) in [
        (1.005, "1.01"),
        (1.015, "1.02"),
        (1.025, "1.03"),
        (1.035, "1.04"),
        (4.015, "4.02"),
        (4.975, "4.98"),
        (5.015, "5.02"),
        (8.995, "9.00"),
        (9.995, "10.00"),
        (-1.005, "-1.01"),
        (-4.975, "-4.98"),
    ] {
        assert_eq!(fixed(value, 2, '.'), expected, "{value}");
        assert_eq!(fixed(rounded(value, 2), 2, '.'), expected, "{value} decided as shown");
    }
    assert_eq!(units(0.125, 2), 13);
    assert_eq!(units(2.5, 0), 3);
    assert_eq!(units(-2.5, 0), -3);
}

#[test]
fn a_negative_zero_is_zero_it_ties_with_zero_and_is_never_written() {
    // On -2..2: x answers 0 (mean 0), y answers 0 with weight 299 and -1 with weight 1 (mean
    // -1/300 = -0.0033), z answers 2. x and y both show 0.00: a tie, so the weakest is the first
    // of them in the instrument's order, x, and x's advice comes before y's.
    let inst = instrument(
        &[Dim { id: "x", weights: &[1.0] }, Dim { id: "y", weights: &[299.0, 1.0] }, Dim { id: "z", weights: &[1.0] }],
        -2,
        2,
        "mean",
        r#"[{"id": "low", "from": -2, "label": {"en": "Low"}, "tone": "concern"},
            {"id": "high", "from": 1, "label": {"en": "High"}, "tone": "strength"}]"#,
        "",
    );
    let scores = score(&inst, &answers(&inst, &[Some(0), Some(0), Some(-1), Some(2)]));
    let y = scores.dimensions[1].mean.unwrap();
    assert!(y < 0.0);
    assert_eq!(fixed(y, 2, '.'), "0.00");
    assert!(shown(y).is_sign_positive(), "no negative zero to sort below zero");
    assert_eq!(scores.weakest, Some(0));
    let order: Vec<usize> = scores.advice.iter().map(|a| a.dimension).collect();
    assert_eq!(order, [0, 1], "x's advice first, then y's");
    for value in [-0.0, -0.0033, -0.004_999, -1e-12] {
        assert_eq!(fixed(value, 2, '.'), "0.00", "{value}");
        assert_eq!(fixed(value, 0, '.'), "0", "{value}");
    }
}

#[test]
fn welchs_degrees_of_freedom_are_rounded_down_from_their_exact_value() {
    // Staff 1, 2, 3 (mean 2, s² 1); partners 4, 4, 5, 5 (mean 4.5, s² 1/3). sₐ²/nₐ = 1/3,
    // s_b²/n_b = 1/12, se² = 5/12; ν = (5/12)² / ((1/3)²/2 + (1/12)²/3) = (25/144) / (25/432) = 3
    // exactly (computed 2.9999999999999996). t(0.975, 3) = 3.182446, se = 0.645497, so the
    // interval is 2.5 ± 2.054250: 0.45 to 4.55, which excludes zero: the gap of 2.5 is flagged.
    let inst = instrument(
        &[Dim { id: "a", weights: &[1.0] }],
        1,
        5,
        "mean",
        BANDS_1_5,
        r#""anonymity_k": 3, "gap_threshold": 0.5,
           "groups": [{"id": "staff", "label": {"en": "Staff"}, "name": {"en": "Staff"}},
                      {"id": "partner", "label": {"en": "Partner"}, "name": {"en": "Partners"}}],"#,
    );
    let mut sheets = Vec::new();
    for (n, (group, value)) in [(0, 1), (0, 2), (0, 3), (1, 4), (1, 4), (1, 5), (1, 5)].into_iter().enumerate() {
        let mut sheet = answers(&inst, &[Some(value)]);
        sheet.set_id(&format!("r{n}")).unwrap();
        sheet.set_group(&inst, Some(group)).unwrap();
        sheets.push(sheet);
    }
    let report = aggregate::aggregate(&inst, &sheets);
    let gap = report.gaps().iter().find(|g| g.dimension() == 0).unwrap();
    let (lo, hi) = gap.ci95().unwrap();
    assert_eq!((fixed(lo, 2, '.'), fixed(hi, 2, '.')), ("0.45".to_owned(), "4.55".to_owned()));
    assert!(gap.flagged());
}

/// Exact rationals for the property below, on `i128` with every result reduced: enough for a
/// few items of weights with two decimals (a checked operation gives up on the case, never a
/// wrong answer).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ratio(i128, i128);

#[cfg(not(target_arch = "wasm32"))]
fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

#[cfg(not(target_arch = "wasm32"))]
impl Ratio {
    fn new(n: i128, d: i128) -> Option<Ratio> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let (n, d) = (n / g, d / g);
        Some(if d < 0 { Ratio(-n, -d) } else { Ratio(n, d) })
    }
    fn add(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.0.checked_mul(o.1)?.checked_add(o.0.checked_mul(self.1)?)?, self.1.checked_mul(o.1)?)
    }
    fn sub(self, o: Ratio) -> Option<Ratio> {
        self.add(Ratio(-o.0, o.1))
    }
    fn mul(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.0.checked_mul(o.0)?, self.1.checked_mul(o.1)?)
    }
    fn div(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.0.checked_mul(o.1)?, self.1.checked_mul(o.0)?)
    }
    fn abs(self) -> Ratio {
        Ratio(self.0.abs(), self.1)
    }
    /// The documented rule, exactly: settle to the nearest multiple of 10⁻⁹ (halves to even),
    /// then round to `decimals`, halves away from zero; as a whole number of 10^-decimals.
    fn shown(self, decimals: u32) -> Option<i128> {
        let scaled = self.0.checked_mul(1_000_000_000)?;
        let (q, r) = (scaled.abs() / self.1, scaled.abs() % self.1);
        let nanos = match (2 * r).cmp(&self.1) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q % 2),
        };
        let divisor = 10i128.pow(9 - decimals);
        let magnitude = nanos / divisor + i128::from(2 * (nanos % divisor) >= divisor);
        Some(if self.0 < 0 { -magnitude } else { magnitude })
    }
}

// proptest has no wasm32-unknown-unknown backend (see Cargo.toml): natively only.
#[cfg(not(target_arch = "wasm32"))]
mod exact_rationals {
    use super::*;
    use proptest::prelude::*;

    /// A random instrument: 2 or 3 dimensions of 1 to 3 items with weights of up to two decimals
    /// in (0, 1000], dimension weights likewise, on a random scale, in mean or sum mode, with
    /// or without a balance rule over every dimension; and one random complete response.
    #[derive(Debug, Clone)]
    struct Case {
        min: i32,
        span: i32,
        sum: bool,
        balance: Option<i32>,
        dims: Vec<(i64, Vec<(i64, i32)>)>,
    }

    fn case() -> impl Strategy<Value = Case> {
        let weight = prop_oneof![1i64..=100_000, 1i64..=500, Just(100), Just(995), Just(5)];
        (-10i32..=5, 1i32..=10, any::<bool>(), prop::option::of(1i32..=2)).prop_flat_map(
            move |(min, span, sum, balance)| {
                let item = (weight.clone(), 0..=span);
                let dim = (weight.clone(), prop::collection::vec(item, 1..=3));
                prop::collection::vec(dim, 2..=3).prop_map(move |dims| Case { min, span, sum, balance, dims })
            },
        )
    }

    fn decimal(hundredths: i64) -> String {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }

    fn build(case: &Case) -> Instrument {
        let dims: Vec<String> = case
            .dims
            .iter()
            .enumerate()
            .map(|(d, (weight, items))| {
                let items: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(i, (w, _))| {
                        format!(r#"{{"id": "d{d}i{i}", "text": {{"en": "item"}}, "weight": {}}}"#, decimal(*w))
                    })
                    .collect();
                format!(
                    r#"{{"id": "d{d}", "title": {{"en": "d{d}"}}, "weight": {}, "items": [{}]}}"#,
                    decimal(*weight),
                    items.join(",")
                )
            })
            .collect();
        let (min, max) = (case.min, case.min + case.span);
        let labels: Vec<String> = (min..=max).map(|p| format!("\"point {p}\"")).collect();
        let total_weight: i64 = case.dims.iter().flat_map(|(_, items)| items.iter().map(|(w, _)| w)).sum();
        // The total range starts at min · Σw; written with exactly the digits the sum has.
        let bottom = i128::from(min) * i128::from(total_weight);
        let bottom = format!("{}{}.{:02}", if bottom < 0 { "-" } else { "" }, bottom.abs() / 100, bottom.abs() % 100);
        let mode = if case.sum { "sum" } else { "mean" };
        let total_bands = if case.sum {
            format!(r#", "total_bands": [{{"id": "t", "from": {bottom}, "label": {{"en": "T"}}, "tone": "concern"}}]"#)
        } else {
            String::new()
        };
        let balance = case.balance.map_or(String::new(), |p| {
            let ids: Vec<String> = (0..case.dims.len()).map(|d| format!("\"d{d}\"")).collect();
            format!(r#""balance": {{"dimensions": [{}], "penalty": {p}, "tolerance": 1}},"#, ids.join(","))
        });
        let json = format!(
            r#"{{"schema": 1, "id": "exact", "version": "1", "locales": ["en"], "title": {{"en": "Exact"}},
                "scale": {{"min": {min}, "max": {max}, "labels": {{"en": [{}]}}}}, {balance}
                "scoring": {{"mode": "{mode}", "bands": [{{"id": "b", "from": {min}, "label": {{"en": "B"}}, "tone": "concern"}}]{total_bands}}},
                "dimensions": [{}]}}"#,
            labels.join(","),
            dims.join(",")
        );
        Instrument::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
    }

    /// The exact dimension means and overall score by the formulas of docs/scoring.md.
    fn exact(case: &Case) -> Option<(Vec<Ratio>, Ratio)> {
        let hundredths = |w: i64| Ratio::new(i128::from(w), 100);
        let mut means = Vec::new();
        let mut sums = Vec::new();
        for (_, items) in &case.dims {
            let (mut weighted, mut weight) = (Ratio(0, 1), Ratio(0, 1));
            for &(w, answer) in items {
                let w = hundredths(w)?;
                weighted = weighted.add(w.mul(Ratio(i128::from(case.min + answer), 1))?)?;
                weight = weight.add(w)?;
            }
            let mean = weighted.div(weight)?;
            sums.push(mean.mul(weight)?);
            means.push(mean);
        }
        let total_weight = case
            .dims
            .iter()
            .flat_map(|(_, items)| items.iter())
            .try_fold(Ratio(0, 1), |acc, &(w, _)| acc.add(hundredths(w)?))?;
        let unpenalised = if case.sum {
            sums.iter().try_fold(Ratio(0, 1), |acc, s| acc.add(*s))?
        } else {
            let (mut weighted, mut weight) = (Ratio(0, 1), Ratio(0, 1));
            for ((w, _), m) in case.dims.iter().zip(&means) {
                let w = hundredths(*w)?;
                weighted = weighted.add(w.mul(*m)?)?;
                weight = weight.add(w)?;
            }
            weighted.div(weight)?
        };
        let penalty = match case.balance {
            None => Ratio(0, 1),
            Some(p) => {
                let count = Ratio(means.len() as i128, 1);
                let centre = means.iter().try_fold(Ratio(0, 1), |acc, m| acc.add(*m))?.div(count)?;
                let deviation =
                    means.iter().try_fold(Ratio(0, 1), |acc, m| acc.add(m.sub(centre)?.abs()))?.div(count)?;
                let units = if case.sum { total_weight } else { Ratio(1, 1) };
                Ratio(i128::from(p), 1).mul(deviation)?.mul(units)?
            }
        };
        let bottom =
            if case.sum { Ratio(i128::from(case.min), 1).mul(total_weight)? } else { Ratio(i128::from(case.min), 1) };
        let mut overall = unpenalised.sub(penalty)?;
        if overall.sub(bottom)?.0 < 0 {
            overall = bottom;
        }
        Some((means, overall))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Every shown mean and overall score is the exact decimal rounding of the exact value.
        #[test]
        fn every_shown_number_is_the_exact_rounding_of_the_exact_value(case in case()) {
            let Some((means, overall)) = exact(&case) else { return Ok(()) };
            let inst = build(&case);
            let values: Vec<Option<i32>> =
                case.dims.iter().flat_map(|(_, items)| items.iter().map(|(_, a)| Some(case.min + a))).collect();
            let scores = score(&inst, &answers(&inst, &values));
            for (d, mean) in means.iter().enumerate() {
                let Some(expected) = mean.shown(2) else { return Ok(()) };
                prop_assert_eq!(i128::from(units(scores.dimensions[d].mean.unwrap(), 2)), expected, "dimension {}", d);
            }
            let decimals = if case.sum { 0 } else { 2 };
            let Some(expected) = overall.shown(decimals) else { return Ok(()) };
            prop_assert_eq!(i128::from(units(scores.overall.unwrap().score, decimals)), expected, "overall");
        }
    }
}
