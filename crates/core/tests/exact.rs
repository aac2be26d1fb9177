//! Exact ties, bands and roundings; the sum-mode penalty on every scale; the balance that cannot
//! be assessed; the overall change between rounds (issue 12, items 2 to 5). Each reproducer of
//! the issue is a test here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{self, Slot};
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
    let all = report.figures(Slot::All).unwrap();
    assert_eq!(all.dimensions[0].as_ref().unwrap().summary.histogram, [0, 0, 0, 3, 0], "3.5 counts as 4");
    assert_eq!(all.overall.as_ref().unwrap().histogram, [0, 0, 0, 3, 0]);
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
    let overall = changes.iter().find(|c| c.slot == Slot::All && c.dimension.is_none()).unwrap();
    assert!(overall.current - overall.previous > 1.0);
    let (lo, _) = overall.ci95.unwrap();
    assert!(lo > 0.0);
    assert!(overall.flagged, "{overall:?}");
    // A change past the threshold whose interval holds zero is not flagged.
    let before = aggregate::aggregate(&inst, &round(&[(1, 1), (5, 5), (1, 1), (5, 5)], "q"));
    let after = aggregate::aggregate(&inst, &round(&[(5, 5), (1, 1), (5, 5), (5, 5)], "d"));
    let overall = aggregate::compare(&inst, &before, &after)
        .into_iter()
        .find(|c| c.slot == Slot::All && c.dimension.is_none())
        .unwrap();
    assert_eq!(overall.current - overall.previous, 1.0);
    assert!(!overall.flagged, "{overall:?}");
}
