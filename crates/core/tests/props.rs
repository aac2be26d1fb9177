//! Property tests (native only: proptest has no wasm32-unknown-unknown backend).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::*;
use partnerscope_core::aggregate::{self, Dataset, Figure, Segment, Withheld};
use partnerscope_core::flow::Flow;
use partnerscope_core::instrument::ItemKind;
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::score;
use partnerscope_core::{Instrument, Response, code, csv};
use proptest::prelude::*;

/// One slot's answer: 0 blank, 1 not applicable, 2..=6 the points 1..=5.
fn answer_of(code: u8) -> Option<Answer> {
    match code {
        0 => None,
        1 => Some(Answer::NotApplicable),
        c => Some(Answer::Value(i32::from(c) - 1)),
    }
}

fn sheet_from(inst: &Instrument, id: usize, group: Option<usize>, codes: &[u8]) -> Sheet {
    let mut s = Sheet::empty(inst, &format!("r{id}"), "en");
    s.set_group(inst, group).unwrap();
    for (i, c) in codes.iter().enumerate().take(inst.item_count()) {
        if inst.item(i).kind == ItemKind::Scale {
            s.set_answer(inst, i, answer_of(*c)).unwrap();
        }
    }
    s
}

fn instruments() -> Vec<Instrument> {
    vec![load(HEALTH), load(MEAN40), load(SUM35), load(STAGED)]
}

fn codes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(0u8..=6, 40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_score_is_within_its_bounds(which in 0usize..4, answers in codes()) {
        let inst = &instruments()[which];
        let scores = score(inst, &sheet_from(inst, 0, None, &answers));
        let (lo, hi) = (f64::from(inst.scale_min()), f64::from(inst.scale_max()));
        for d in &scores.dimensions {
            if let Some(m) = d.mean {
                prop_assert!(m >= lo - 1e-9 && m <= hi + 1e-9);
                let index = d.index.unwrap();
                prop_assert!((0.0..=100.0).contains(&index));
            }
        }
        if let Some(o) = scores.overall {
            let (tlo, thi) = if inst.mode() == partnerscope_core::instrument::Mode::Sum { inst.total_range() } else { (lo, hi) };
            prop_assert!(o.score >= tlo - 1e-9 && o.score <= thi + 1e-9);
            prop_assert!(o.score <= o.unpenalised + 1e-9);
            prop_assert!((0.0..=100.0).contains(&o.index));
        }
    }

    #[test]
    fn raising_an_answer_never_lowers_its_dimension_unless_reverse_worded(
        which in 0usize..4, answers in codes(), item in 0usize..40, delta in 1i32..4,
    ) {
        let inst = &instruments()[which];
        let item = item % inst.item_count();
        let mut s = sheet_from(inst, 0, None, &answers);
        let Some(Answer::Value(v)) = s.answers()[item] else { return Ok(()) };
        let before = score(inst, &s).dimensions[inst.item_dimension(item)].mean;
        s.set_answer(inst, item, Some(Answer::Value((v + delta).min(inst.scale_max())))).unwrap();
        let after = score(inst, &s).dimensions[inst.item_dimension(item)].mean;
        if let (Some(b), Some(a)) = (before, after) {
            if inst.item(item).reverse { prop_assert!(a <= b + 1e-12) } else { prop_assert!(a >= b - 1e-12) }
        }
    }

    #[test]
    fn reverse_coding_is_symmetric(answers in codes(), item in 0usize..40) {
        // Flipping an item's reverse flag and mirroring its answer leaves every score unchanged.
        let inst = load(MEAN40);
        let item = item % inst.item_count();
        let mut doc = inst.doc().clone();
        let (d, i) = (inst.item_dimension(item), item - inst.dimension_items(inst.item_dimension(item)).start);
        doc.dimensions[d].items[i].reverse = !doc.dimensions[d].items[i].reverse;
        let flipped = Instrument::from_doc(doc).unwrap();
        let s = sheet_from(&inst, 0, None, &answers);
        let mut mirrored = s.clone();
        if let Some(Answer::Value(v)) = s.answers()[item] {
            mirrored.set_answer(&inst, item, Some(Answer::Value(6 - v))).unwrap();
        }
        prop_assert_eq!(score(&inst, &s).dimensions, score(&flipped, &mirrored).dimensions);
    }

    #[test]
    fn a_lopsided_profile_scores_below_a_balanced_one_with_the_same_mean(p in 1i32..=5, t in 1i32..=5, i in 1i32..=5) {
        let inst = load(HEALTH);
        let profile = |p: i32, t: i32, i: i32| {
            sheet(&inst, "r", None, &[("p1", p), ("p2", 6 - p), ("p3", p), ("t1", t), ("t2", t), ("i1", i), ("i2", i)])
        };
        let lopsided = score(&inst, &profile(p, t, i)).overall.unwrap();
        // A balanced profile with the same weighted mean, built by giving every side that mean:
        // compare against the unpenalised mean, which is what a balanced profile would score.
        let balanced_score = lopsided.unpenalised;
        if p == t && t == i {
            prop_assert!((lopsided.score - balanced_score).abs() < 1e-12);
        } else {
            prop_assert!(lopsided.score < balanced_score);
            let b = score(&inst, &profile(p, t, i)).balance.unwrap();
            let weakest = [p, t, i].into_iter().min().unwrap();
            let named = [p, t, i][[0, 1, 2].into_iter().find(|&k| inst.dimensions()[b.weakest].id == ["power", "trust", "impact"][k]).unwrap()];
            prop_assert_eq!(named, weakest);
        }
        // And against a real balanced response where one exists on the scale.
        if (p + t + 2 * i) % 4 == 0 {
            let m = (p + t + 2 * i) / 4;
            let balanced = score(&inst, &profile(m, m, m)).overall.unwrap();
            prop_assert!(balanced.score >= lopsided.score - 1e-12);
        }
    }

    #[test]
    fn aggregation_does_not_depend_on_response_order(
        rows in proptest::collection::vec((0usize..3, codes()), 0..40), seed in any::<u64>(),
    ) {
        let inst = load(HEALTH);
        let sheets: Vec<Sheet> = rows.iter().enumerate()
            .map(|(n, (g, c))| sheet_from(&inst, n, (*g < 2).then_some(*g), c)).collect();
        let mut shuffled = sheets.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let (a, b) = (aggregate::aggregate(&inst, &sheets), aggregate::aggregate(&inst, &shuffled));
        prop_assert_eq!(a.segments().len(), b.segments().len());
        for (x, y) in a.segments().iter().zip(b.segments()) {
            prop_assert_eq!(x.segment(), y.segment());
            match (x.figures(), y.figures()) {
                (Ok(fx), Ok(fy)) => {
                    prop_assert_eq!(fx.n(), fy.n());
                    for i in 0..inst.item_count() {
                        prop_assert_eq!(fx.item(i), fy.item(i));
                    }
                    for d in 0..fx.dimension_count() {
                        match (fx.dimension(d), fy.dimension(d)) {
                            (Ok(dx), Ok(dy)) => {
                                prop_assert_eq!(dx.summary().n(), dy.summary().n());
                                prop_assert!((dx.summary().mean() - dy.summary().mean()).abs() < 1e-9);
                                prop_assert_eq!(&dx.summary().histogram(), &dy.summary().histogram());
                            }
                            (Err(ex), Err(ey)) => prop_assert_eq!(ex, ey),
                            _ => prop_assert!(false, "a dimension shown in one order only"),
                        }
                    }
                }
                (Err(ex), Err(ey)) => prop_assert_eq!(ex, ey),
                _ => prop_assert!(false, "a group shown in one order only"),
            }
        }
    }

    #[test]
    fn no_output_ever_describes_fewer_than_k(rows in proptest::collection::vec((0usize..3, codes()), 0..30)) {
        let inst = load(HEALTH);
        let k = u64::from(inst.doc().anonymity_k);
        let sheets: Vec<Sheet> = rows.iter().enumerate()
            .map(|(n, (g, c))| sheet_from(&inst, n, (*g < 2).then_some(*g), c)).collect();
        let report = aggregate::aggregate(&inst, &sheets);
        let count = |slot: Segment| sheets.iter().filter(|s| match slot {
            Segment::All => true,
            Segment::Group(g) => s.group() == Some(g),
            Segment::Ungrouped => s.group().is_none(),
        }).count() as u64;
        for g in report.segments() {
            if let Ok(f) = g.figures() {
                prop_assert!(f.n() >= k);
                prop_assert_eq!(f.n(), count(g.segment()));
                for d in (0..f.dimension_count()).filter_map(|d| f.dimension(d).ok()) {
                    prop_assert!(d.summary().n() >= k);
                }
                if let Ok(o) = f.overall() { prop_assert!(o.n() >= k); }
            }
        }
        // "All" is never shown when subtraction would reveal a small group.
        if report.figures(Segment::All).is_some() {
            let hidden: u64 = [Segment::Group(0), Segment::Group(1), Segment::Ungrouped].iter()
                .map(|s| count(*s)).filter(|n| *n > 0 && *n < k).sum();
            prop_assert!(hidden == 0 || hidden >= k);
        }
        for gap in report.gaps() {
            prop_assert!(count(Segment::Group(gap.earlier())) >= k && count(Segment::Group(gap.later())) >= k);
        }
    }

    #[test]
    fn codes_and_csv_round_trip(
        answers in codes(), group in 0usize..3, context in 0usize..3,
        round in "\\PC{0,20}", comment in "[=+@-]?\\PC{0,60}",
    ) {
        let inst = load(HEALTH);
        let mut s = sheet_from(&inst, 1, (group < 2).then_some(group), &answers);
        s.set_context(&inst, 0, (context < 2).then_some(context)).unwrap();
        s.set_round(round.chars().filter(|c| !c.is_control()).collect::<String>().trim()).unwrap();
        if !comment.trim().is_empty() {
            s.set_comment(&inst, inst.item_idx("note").unwrap(), &comment).unwrap();
        }
        let back = code::decode(&inst, &code::encode(&inst, &s)).unwrap();
        prop_assert_eq!(Sheet::check(&inst, &back).unwrap(), s.clone());
        let mut data = Dataset::new();
        csv::import(&inst, &csv::export(&inst, std::slice::from_ref(&s)), &mut data).unwrap();
        prop_assert_eq!(&data.rejected, &vec![]);
        let expected = s.clone();
        prop_assert_eq!(data.sheets.len(), 1);
        prop_assert_eq!(&data.sheets[0].comments(), &expected.comments());
        prop_assert_eq!(&data.sheets[0].answers(), &expected.answers());
        prop_assert_eq!(&data.sheets[0].round(), &expected.round());
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_text(text in "\\PC{0,400}") {
        let inst = load(HEALTH);
        let _ = Instrument::from_json(&text);
        let _ = Response::from_json(&text);
        let _ = code::decode(&inst, &text);
        let _ = code::split_codes(&text);
        let _ = Flow::from_draft(&inst, &text);
        let mut data = Dataset::new();
        let _ = csv::import(&inst, &text, &mut data);
        data.add_json_lines(&inst, &text);
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let inst = load(HEALTH);
        let text = String::from_utf8_lossy(&bytes);
        let _ = Instrument::from_json(&text);
        let _ = code::decode(&inst, &format!("{}{}", code::PREFIX, text));
        let mut data = Dataset::new();
        let _ = csv::import(&inst, &text, &mut data);
    }

    /// Mutating valid documents reaches deeper than random text: every parser must still
    /// answer with an error (or a valid value), never a panic.
    #[test]
    fn mutated_valid_inputs_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let inst = load(HEALTH);
        let s = sheet(&inst, "r", Some(1), &[("p1", 4), ("t1", 0)]);
        let good_code = code::encode(&inst, &s);
        let good_csv = csv::export(&inst, std::slice::from_ref(&s));
        let good_draft = Flow::new(&inst, "x", "en").to_draft(&inst);
        for good in [HEALTH.to_owned(), good_code, good_csv, good_draft] {
            let mut bytes = good.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            bytes.truncate(cut.index(bytes.len() + 1).max(i));
            let text = String::from_utf8_lossy(&bytes);
            let _ = Instrument::from_json(&text);
            let _ = code::decode(&inst, &text);
            let _ = Flow::from_draft(&inst, &text);
            let mut data = Dataset::new();
            let _ = csv::import(&inst, &text, &mut data);
        }
    }
}

/// An instrument whose first dimension is too big for a pattern table (six items: 7^6 patterns),
/// so the group report takes both of its paths.
fn mixed_paths() -> Instrument {
    let mut doc = load(HEALTH).doc().clone();
    let extra: Vec<_> = (0..3)
        .map(|k| {
            let mut item = doc.dimensions[0].items[0].clone();
            item.id = format!("px{k}");
            item.reverse = k == 1;
            item.weight = 1.0 + f64::from(k);
            item
        })
        .collect();
    doc.dimensions[0].items.extend(extra);
    Instrument::from_doc(doc).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The group report's dimension means equal the mean of the responses' own scores, whether
    /// a dimension is counted by answer pattern or scored response by response.
    #[test]
    fn group_means_equal_the_mean_of_individual_scores(
        rows in proptest::collection::vec((0usize..3, codes()), 3..40), balanced in any::<bool>(),
    ) {
        // With the balance rule the overall goes through `score::combine`; without it, through
        // the aggregate's plain weighted mean. Both must agree with scoring each response.
        let inst = if balanced {
            mixed_paths()
        } else {
            let mut doc = mixed_paths().doc().clone();
            doc.balance = None;
            Instrument::from_doc(doc).unwrap()
        };
        let sheets: Vec<Sheet> = rows.iter().enumerate().map(|(n, (_, c))| sheet_from(&inst, n, Some(0), c)).collect();
        let report = aggregate::aggregate(&inst, &sheets);
        let Some(all) = report.figures(Segment::Group(0)) else { return Ok(()) };
        for d in 0..inst.dimensions().len() {
            let own: Vec<f64> = sheets.iter().filter_map(|s| score(&inst, s).dimensions[d].mean).collect();
            match all.dimension(d) {
                Ok(f) => {
                    prop_assert_eq!(f.summary().n() as usize, own.len());
                    let mean = own.iter().sum::<f64>() / own.len() as f64;
                    prop_assert!((f.summary().mean() - mean).abs() < 1e-9, "dimension {}: {} vs {}", d, f.summary().mean(), mean);
                }
                Err(Withheld::FewerThanK) => prop_assert!(own.len() < inst.doc().anonymity_k as usize),
                // Withheld beside the other figures (the combination rule): nothing to compare.
                Err(_) => {}
            }
        }
        // Answer counts per item over its dimension's complete cases, whether counted directly
        // or recovered from pattern counts.
        for (i, item) in (0..inst.item_count()).map(|i| (i, all.item(i))) {
            let Some(d) = (0..inst.dimensions().len()).find(|&d| inst.dimension_items(d).contains(&i)) else { continue };
            let complete: Vec<&Sheet> = sheets
                .iter()
                .filter(|s| {
                    inst.dimension_items(d)
                        .filter(|&j| inst.item(j).kind == ItemKind::Scale)
                        .all(|j| matches!(s.answers()[j], Some(Answer::Value(_))))
                })
                .collect();
            let chosen = |v: i32| complete.iter().filter(|s| s.answers()[i] == Some(Answer::Value(v))).count() as u64;
            let Some(Ok(item)) = item else {
                // Withheld: fewer than k complete cases, or its dimension or consistency is
                // withheld, or it would single someone out beside the other figures.
                prop_assert!(
                    inst.item(i).kind != ItemKind::Scale
                        || (complete.len() as u64) < u64::from(inst.doc().anonymity_k)
                        || all.why_withheld(Figure::Consistency(d)).is_some(),
                    "item {} withheld with {} complete cases",
                    i,
                    complete.len()
                );
                continue;
            };
            prop_assert!(all.why_withheld(Figure::Consistency(d)).is_none(), "item {} shown without its area's complete cases", i);
            prop_assert_eq!(item.counts(), &(1..=5).map(chosen).collect::<Vec<_>>()[..], "item {}", i);
        }
        let overall: Vec<f64> = sheets.iter().filter_map(|s| score(&inst, s).overall.map(|o| o.score)).collect();
        if let Ok(o) = all.overall() {
            prop_assert_eq!(o.n() as usize, overall.len());
            prop_assert!((o.mean() - overall.iter().sum::<f64>() / overall.len() as f64).abs() < 1e-9);
        }
    }
}

#[test]
fn oversized_inputs_are_refused_with_a_message() {
    let inst = load(HEALTH);
    let big = "x".repeat(partnerscope_core::aggregate::MAX_IMPORT_BYTES + 1);
    let mut data = Dataset::new();
    data.add_json_lines(&inst, &big);
    assert!(data.rejected[0].message.contains("limit"));
    assert!(csv::import(&inst, &big, &mut data).unwrap_err()[0].message.contains("limit"));
    let long_code = format!("{}{}", code::PREFIX, "A".repeat(code::MAX_CODE_CHARS));
    assert!(code::decode(&inst, &long_code).unwrap_err().message.contains("longer"));
    let huge_response = format!("{{\"id\":\"{}\"}}", "a".repeat(partnerscope_core::response::MAX_RESPONSE_BYTES));
    assert!(Response::from_json(&huge_response).unwrap_err().message.contains("limit"));
    let deep = "[".repeat(10_000);
    assert!(Instrument::from_json(&deep).is_err(), "deep nesting is an error, not a stack overflow");
    let wide_csv = format!("{}\r\n", vec!["a"; csv::MAX_COLUMNS + 5].join(","));
    assert!(csv::import(&inst, &wide_csv, &mut data).unwrap_err()[0].message.contains("columns"));
}

// ---------------------------------------------------------------- the JSON reader against serde_json

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(J::from),
        "\\PC{0,12}".prop_map(J::String),
        any::<String>().prop_map(J::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            proptest::collection::btree_map("[a-z\"\\\\é]{0,6}", inner, 0..6)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

/// The same tree, as serde_json reads it, and as our reader does.
fn same(ours: &partnerscope_core::json::Value<'_>, theirs: &serde_json::Value) -> bool {
    use partnerscope_core::json::Value as V;
    use serde_json::Value as J;
    match (ours, theirs) {
        (V::Null, J::Null) => true,
        (V::Bool(a), J::Bool(b)) => a == b,
        (V::Number(a), J::Number(b)) => {
            b.as_f64().is_some_and(|b| a.to_bits() == b.to_bits() || (*a == 0.0 && b == 0.0))
        }
        (V::String(a), J::String(b)) => a == b,
        (V::Array(a), J::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (V::Object(a), J::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k.as_ref()).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

proptest! {
    /// Any document serde_json writes (compact or pretty), ours reads to the same tree, or
    /// refuses a number it cannot read exactly (more than 15 significant digits, or a power of
    /// ten beyond 10^22) with a message that names it.
    #[test]
    fn json_reader_reads_what_serde_json_writes(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        match partnerscope_core::json::parse(&text) {
            Ok(ours) => prop_assert!(same(&ours, &value), "{text}"),
            Err(e) => prop_assert!(e.message.contains("cannot be read exactly"), "{}: {}", text, e),
        }
    }

    /// Arbitrary text: never a panic, and it accepts exactly what serde_json accepts (ours also
    /// refuses duplicate keys and too deep nesting, which these inputs cannot contain).
    #[test]
    fn json_reader_accepts_what_serde_json_accepts(text in "[\\[\\]{}\",:0-9.eE+\\-a-z \\\\]{0,40}") {
        let ours = partnerscope_core::json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let duplicate = ours.as_ref().err().is_some_and(|e| e.message.contains("twice"));
        let inexact = ours.as_ref().err().is_some_and(|e| e.message.contains("cannot be read exactly"));
        if !duplicate && !inexact {
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}: ours {:?}", text, ours.err());
        }
    }
}
