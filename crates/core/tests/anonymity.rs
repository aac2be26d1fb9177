//! Anonymity against anyone who sees a report and combines its figures (issues 12 and 24).
//!
//! The attacker sees every figure the reports show: for every segment its size; the overall
//! score, each dimension (mean, spread, histogram), each dimension's consistency (over its
//! complete cases) and each item's answer counts; for the data set its total and each round's
//! size. Each figure is a sum over a set of responses. Whatever weights the attacker puts on
//! figures, of whatever kinds (the overall score against a dimension with weights 1/D and
//! 1/(D - 1), say), the result is a sum over responses with one coefficient per response, and
//! those coefficients are a vector in the row space of the figures' membership matrix. The
//! attacker singles out a set T of responses when some such vector is non-zero and vanishes
//! outside T; that holds exactly when rank(M) > rank(M without T's columns). The test works out
//! each figure's set from the responses themselves (not from the rule), solves for every small
//! T by that rank test, and finds none; handed the figures a rule without the combination step
//! would show, it finds the issue's re-identification at once.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{self, Dataset, Figure, Origin, Report, Segment, Withheld};
use partnerscope_core::instrument::ItemKind;
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::score;
use proptest::prelude::*;

/// An instrument with `items[d]` scale items in dimension d, `groups` groups and threshold `k`.
fn instrument(items: &[usize], groups: usize, k: u32, share: f64) -> Instrument {
    let text = |s: &str| format!("{{\"en\": \"{s}\"}}");
    let items_per_dim = items;
    let dims: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            let mut items: Vec<String> = (0..n)
                .map(|i| format!("{{\"id\": \"d{d}i{i}\", \"text\": {}}}", text(&format!("item {d}.{i}"))))
                .collect();
            // An open comment at the end of the last dimension (after every scale item, so the
            // scale items keep their places).
            if d + 1 == items_per_dim.len() {
                items
                    .push(format!("{{\"id\": \"note\", \"kind\": \"comment\", \"text\": {}}}", text("Anything else?")));
            }
            format!(
                "{{\"id\": \"d{d}\", \"title\": {}, \"items\": [{}]}}",
                text(&format!("dimension {d}")),
                items.join(",")
            )
        })
        .collect();
    let groups: Vec<String> =
        (0..groups).map(|g| format!("{{\"id\": \"g{g}\", \"label\": {}}}", text(&format!("group {g}")))).collect();
    let json = format!(
        r#"{{"schema": 1, "id": "attack", "version": "1", "locales": ["en"], "title": {},
            "groups": [{}], "anonymity_k": {k}, "min_answered_share": {share}, "gap_threshold": 0.5,
            "scoring": {{"mode": "mean", "bands": [{{"id": "low", "from": 1, "label": {}, "tone": "concern"}}]}},
            "dimensions": [{}]}}"#,
        text("Attack"),
        groups.join(","),
        text("Low"),
        dims.join(",")
    );
    Instrument::from_json(&json).unwrap_or_else(|e| panic!("{e:?}\n{json}"))
}

/// 0 blank, 1 not applicable, 2..=6 the points 1..=5.
fn answer(code: u8) -> Option<Answer> {
    match code {
        0 => None,
        1 => Some(Answer::NotApplicable),
        c => Some(Answer::Value(i32::from(c) - 1)),
    }
}

/// A response: `codes` answer the scale items in order (comment items are skipped).
fn sheet(instrument: &Instrument, id: &str, group: Option<usize>, codes: &[u8]) -> Sheet {
    let mut s = Sheet::empty(instrument, id, "en");
    s.set_group(instrument, group).unwrap();
    let scale = (0..instrument.item_count()).filter(|&i| instrument.item(i).kind == ItemKind::Scale);
    for (i, &c) in scale.zip(codes) {
        s.set_answer(instrument, i, answer(c)).unwrap();
    }
    s
}

fn commented(instrument: &Instrument, mut s: Sheet, text: &str) -> Sheet {
    let item = instrument.item_idx("note").unwrap();
    s.set_comment(instrument, item, text).unwrap();
    s
}

/// The sets of respondents whose comments each shown list holds (indices as in `record`),
/// checking on the way that every list shown holds at least the comment threshold.
fn record_comments(instrument: &Instrument, report: &Report, sheets: &[Sheet], offset: usize, sets: &mut Sets) {
    let item = instrument.item_idx("note").unwrap();
    for figures in report.comments() {
        for (segment, list) in figures.lists() {
            let Ok(list) = list else { continue };
            assert!(list.len() >= report.comment_k() as usize, "{} comments shown in {segment:?}", list.len());
            let set: Vec<usize> = (0..sheets.len())
                .filter(|&r| in_segment(&sheets[r], *segment) && sheets[r].comments().contains_key(&item))
                .map(|r| r + offset)
                .collect();
            assert_eq!(set.len(), list.len());
            sets.push(set);
        }
    }
}

/// Every shown figure as the set of responses it sums over (indices into all responses of the
/// data set), worked out from the responses themselves.
type Sets = Vec<Vec<usize>>;

/// What the reports show, as the attacker reads it: figures that sum people's answers
/// (overall, dimensions, consistency, item counts), and figures that only count people (the
/// segments' sizes, the rounds' and the data set's). The two are attacked apart: subtracting a
/// count from a sum of scores gives nothing, and a combination of counts gives only a count.
/// (Each figure also says how many it sums over; sizes of sets within a shown segment, such as
/// "one response has no overall score", are not protected: only what people answered is.)
#[derive(Default)]
struct Shown {
    values: Sets,
    counts: Sets,
}

fn in_segment(s: &Sheet, segment: Segment) -> bool {
    match segment {
        Segment::All => true,
        Segment::Group(g) => s.group() == Some(g),
        Segment::Ungrouped => s.group().is_none(),
    }
}

/// Records every figure `report` (over `sheets`, numbered from `offset`) shows, checking on the
/// way that each figure's count is what the responses say, and that withheld means withheld.
fn record(instrument: &Instrument, report: &Report, sheets: &[Sheet], offset: usize, shown: &mut Shown) {
    let scores: Vec<_> = sheets.iter().map(|s| score(instrument, s)).collect();
    let on_scale = |r: usize, i: usize| matches!(sheets[r].answers()[i], Some(Answer::Value(_)));
    for segment in report.segments() {
        let Ok(f) = segment.figures() else { continue };
        let members: Vec<usize> = (0..sheets.len()).filter(|&r| in_segment(&sheets[r], segment.segment())).collect();
        let mut add = |what: Figure, n: u64, contributes: &dyn Fn(usize) -> bool| {
            let set: Vec<usize> = members.iter().copied().filter(|&r| contributes(r)).map(|r| r + offset).collect();
            assert_eq!(n as usize, set.len(), "{what:?} in {:?}", segment.segment());
            if what == Figure::Respondents { shown.counts.push(set) } else { shown.values.push(set) }
        };
        add(Figure::Respondents, f.n(), &|_| true);
        if let Ok(o) = f.overall() {
            add(Figure::Overall, o.n(), &|r| scores[r].overall.is_some());
        }
        for d in 0..f.dimension_count() {
            let items: Vec<usize> =
                instrument.dimension_items(d).filter(|&i| instrument.item(i).kind == ItemKind::Scale).collect();
            match f.dimension(d) {
                Ok(dim) => {
                    add(Figure::Dimension(d), dim.summary().n(), &|r| scores[r].dimensions[d].mean.is_some());
                    if let Ok(c) = dim.consistency() {
                        add(Figure::Consistency(d), c.complete(), &|r| items.iter().all(|&i| on_scale(r, i)));
                    }
                }
                Err(_) => {
                    assert!(f.why_withheld(Figure::Dimension(d)).is_some());
                    assert!(f.why_withheld(Figure::Consistency(d)).is_some());
                    for &i in &items {
                        assert!(matches!(f.item(i), Some(Err(_))), "item {i} of withheld dimension {d} is shown");
                    }
                }
            }
        }
        for i in 0..instrument.item_count() {
            if let Some(Ok(item)) = f.item(i) {
                // Over the complete cases of the item's dimension.
                let d =
                    (0..instrument.dimensions().len()).find(|&d| instrument.dimension_items(d).contains(&i)).unwrap();
                let items: Vec<usize> =
                    instrument.dimension_items(d).filter(|&j| instrument.item(j).kind == ItemKind::Scale).collect();
                add(Figure::Item(i), item.n(), &|r| items.iter().all(|&j| on_scale(r, j)));
            }
        }
    }
}

/// Rank over the integers modulo a large prime (2^61 - 1) by Gaussian elimination: equal to
/// the rank over the rationals unless the prime divides every largest minor, which for 0/1
/// matrices of this size (minors below 40^20) is as good as impossible.
fn rank(mut rows: Vec<Vec<u64>>) -> usize {
    const P: u128 = (1 << 61) - 1;
    let power = |mut b: u128, mut e: u128| {
        let mut r = 1u128;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % P;
            }
            b = b * b % P;
            e >>= 1;
        }
        r
    };
    let columns = rows.first().map_or(0, Vec::len);
    let mut rank = 0;
    for c in 0..columns {
        let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][c] != 0) else { continue };
        rows.swap(rank, pivot);
        let inverse = power(u128::from(rows[rank][c]), P - 2);
        let pivot_row = rows[rank].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != rank && row[c] != 0 {
                let factor = u128::from(row[c]) * inverse % P;
                for (x, y) in row.iter_mut().zip(&pivot_row) {
                    let sub = factor * u128::from(*y) % P;
                    *x = ((u128::from(*x) + P - sub) % P) as u64;
                }
            }
        }
        rank += 1;
    }
    rank
}

/// The attacker: a set of 1 to k - 1 responses that some weighted combination of the shown
/// figures singles out (a vector of the row space vanishing outside it). Responses in exactly
/// the same figures get the same coefficient in any combination, so candidates are unions of
/// those groups ("atoms"); each is tried by the rank test. Returns the first found and its size.
fn attack(sets: &Sets, responses: usize, k: usize) -> Option<(Vec<usize>, usize)> {
    let mut atoms: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for r in 0..responses {
        let signature: Vec<usize> = (0..sets.len()).filter(|&f| sets[f].binary_search(&r).is_ok()).collect();
        if !signature.is_empty() {
            atoms.entry(signature).or_default().push(r);
        }
    }
    let atoms: Vec<(Vec<usize>, Vec<usize>)> = atoms.into_iter().collect();
    // Columns are atoms: a figure's row holds 1 where the atom is in its set.
    let matrix = |skip: &[usize]| -> Vec<Vec<u64>> {
        (0..sets.len())
            .map(|f| {
                (0..atoms.len())
                    .filter(|a| !skip.contains(a))
                    .map(|a| u64::from(atoms[a].0.binary_search(&f).is_ok()))
                    .collect()
            })
            .collect()
    };
    let full = rank(matrix(&[]));
    let small: Vec<usize> = (0..atoms.len()).filter(|&a| atoms[a].1.len() < k).collect();
    // Every union of small atoms holding fewer than k responses, smallest first, at most 4,000.
    let mut candidates: Vec<Vec<usize>> = small.iter().map(|&a| vec![a]).collect();
    let mut at = 0;
    while at < candidates.len() && candidates.len() < 4_000 {
        let last = *candidates[at].last().unwrap_or(&0);
        let size: usize = candidates[at].iter().map(|&a| atoms[a].1.len()).sum();
        for &b in small.iter().filter(|&&b| b > last) {
            if size + atoms[b].1.len() < k {
                let mut more = candidates[at].clone();
                more.push(b);
                candidates.push(more);
            }
        }
        at += 1;
    }
    for candidate in candidates {
        if rank(matrix(&candidate)) < full {
            let members: Vec<usize> = candidate.iter().flat_map(|&a| atoms[a].1.clone()).collect();
            let size = members.len();
            return Some((members, size));
        }
    }
    None
}

/// A data set of two rounds as a facilitator loads it: the rounds' reports and the sizes said.
fn load(instrument: &Instrument, rounds: &[Vec<Sheet>; 2]) -> (Dataset, Vec<Report>) {
    let mut data = Dataset::new();
    for round in rounds {
        for s in round {
            data.add(instrument, &s.to_response(instrument), Origin::Document);
        }
    }
    assert!(data.rejected.is_empty(), "{:?}", data.rejected);
    let reports = ["2025", "2026"].iter().map(|r| data.report(instrument, r)).collect();
    (data, reports)
}

/// Records every figure of both rounds and of the data set's sizes.
fn record_all(instrument: &Instrument, rounds: &[Vec<Sheet>; 2], data: &Dataset, reports: &[Report]) -> Shown {
    let mut shown = Shown::default();
    record(instrument, &reports[0], &rounds[0], 0, &mut shown);
    record(instrument, &reports[1], &rounds[1], rounds[0].len(), &mut shown);
    let sizes = data.sizes(instrument);
    let total = rounds[0].len() + rounds[1].len();
    if let Ok(n) = sizes.total() {
        assert_eq!(n as usize, total);
        shown.counts.push((0..total).collect());
    }
    for (label, size) in sizes.rounds() {
        let r = usize::from(label == "2026");
        let offset = if r == 0 { 0 } else { rounds[0].len() };
        // A round's size is said exactly when its report shows all respondents.
        assert_eq!(size.is_ok(), reports[r].figures(Segment::All).is_some(), "round {label}");
        if let Ok(n) = size {
            assert_eq!(*n as usize, rounds[r].len());
            shown.counts.push((offset..offset + rounds[r].len()).collect());
        }
    }
    shown
}

fn dated(mut s: Sheet, round: &str) -> Sheet {
    s.set_round(round).unwrap();
    s
}

#[test]
fn the_issues_reproducer_reveals_nothing() {
    // k = 3; dimension a has one item, b two; g0: three responses answering 4 everywhere; g1:
    // three answering a = 2, one of them b = 1 and 1, the other two b "not applicable".
    let inst = instrument(&[1, 2], 2, 3, 0.5);
    let mut sheets: Vec<Sheet> = (0..3).map(|r| sheet(&inst, &format!("g0-{r}"), Some(0), &[5, 5, 5])).collect();
    sheets.push(sheet(&inst, "g1-0", Some(1), &[3, 2, 2]));
    sheets.push(sheet(&inst, "g1-1", Some(1), &[3, 1, 1]));
    sheets.push(sheet(&inst, "g1-2", Some(1), &[3, 1, 1]));
    let report = aggregate::aggregate(&inst, &sheets);
    let all = report.figures(Segment::All).unwrap();
    let g0 = report.figures(Segment::Group(0)).unwrap();
    let g1 = report.figures(Segment::Group(1)).unwrap();
    // Before: b for all respondents was n = 4, mean 3.25, and 4 x 3.25 - 3 x 4.0 = 1.0.
    assert!(g0.dimension(1).is_ok());
    assert!(g1.dimension(1).is_err());
    assert_eq!(g1.why_withheld(Figure::Dimension(1)), Some(Withheld::FewerThanK));
    assert!(all.dimension(1).is_err(), "b for all respondents would give away g1's one answer");
    assert_eq!(all.why_withheld(Figure::Dimension(1)), Some(Withheld::WouldRevealSmallGroup));
    // Withheld means withheld: g1's answer counts for b (once [1,0,0,0,0]) are gone, and so are
    // all respondents' (which minus g0's would give them back).
    for item in 1..3 {
        assert!(matches!(g1.item(item), Some(Err(_))));
        assert!(matches!(all.item(item), Some(Err(_))));
        assert!(matches!(g0.item(item), Some(Ok(_))));
    }
    // a is answered by everyone: shown everywhere, with its answer counts.
    assert!(all.dimension(0).is_ok() && g1.dimension(0).is_ok());
    assert_eq!(g1.item(0).unwrap().unwrap().counts(), [0, 3, 0, 0, 0]);
    let mut shown = Shown::default();
    record(&inst, &report, &sheets, 0, &mut shown);
    assert_eq!(attack(&shown.values, sheets.len(), 3), None);
    assert_eq!(attack(&shown.counts, sheets.len(), 3), None);
}

#[test]
fn the_attacker_finds_what_a_per_slot_rule_would_have_leaked() {
    // The attacker itself is checked: handed the old per-slot figures of the reproducer (b shown
    // for all respondents and for g0), it finds the one respondent.
    let sets: Sets = vec![vec![0, 1, 2, 3], vec![0, 1, 2]];
    let (members, size) = attack(&sets, 6, 3).expect("found");
    assert_eq!((members, size), (vec![3], 1));
}

/// Issue 24, item 1: twelve staff; one of them answers "not applicable" to every statement of
/// one area, so that area is over 11 people and the overall score over 12.
fn short_area() -> (Instrument, Vec<Sheet>, usize) {
    let inst = instrument(&[2, 2, 2], 2, 5, 0.5);
    let mut sheets = Vec::new();
    let mut state = 7u64;
    for r in 0..12 {
        let mut codes = Vec::new();
        for _ in 0..6 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            codes.push(2 + (state >> 33) as u8 % 5);
        }
        if r == 11 {
            codes[0] = 1;
            codes[1] = 1;
        }
        sheets.push(sheet(&inst, &format!("s{r}"), Some(0), &codes));
    }
    // Four partners: withheld, and so is everyone (4 would be given away).
    for r in 0..4 {
        sheets.push(sheet(&inst, &format!("p{r}"), Some(1), &[4, 4, 4, 4, 4, 4]));
    }
    (inst, sheets, 11)
}

#[test]
fn overall_against_a_short_area_cannot_single_anyone_out() {
    let (inst, sheets, newcomer) = short_area();
    let staff: Vec<&Sheet> = sheets.iter().filter(|s| s.group() == Some(0)).collect();
    let scores: Vec<_> = staff.iter().map(|s| score(&inst, s)).collect();
    // What a rule without the combination step showed for staff: the overall score over 12 and
    // every area, the short one over 11. The issue's formula gives the newcomer's overall back:
    // with D areas and K the sum over areas of n·mean, n·m_overall - K/D = S/D.
    let d = 3.0;
    let n_overall = scores.iter().filter(|s| s.overall.is_some()).count() as f64;
    let mean_overall = scores.iter().filter_map(|s| s.overall.as_ref().map(|o| o.score)).sum::<f64>() / n_overall;
    let k_sum: f64 = (0..3).map(|a| scores.iter().filter_map(|s| s.dimensions[a].mean).sum::<f64>()).sum();
    let recovered = d * (n_overall * mean_overall - k_sum / d);
    let truth = scores[newcomer].overall.as_ref().unwrap().score;
    // Exact up to the 10⁻⁹ to which each overall score is settled.
    assert!((recovered - truth).abs() < 1e-6, "{recovered} vs {truth}");
    // The attacker finds the same from the sets those figures sum over.
    let members: Vec<usize> = (0..12).collect();
    let mut old: Sets = vec![members.clone()];
    for a in 0..3 {
        old.push(members.iter().copied().filter(|&r| scores[r].dimensions[a].mean.is_some()).collect());
    }
    let (found, size) = attack(&old, 16, 5).expect("the old figures single out the newcomer");
    assert_eq!((found, size), (vec![newcomer], 1));
    // Now: the short area is withheld for staff, beside the other figures; nothing else is
    // needed, and nothing singles anyone out.
    let report = aggregate::aggregate(&inst, &sheets);
    let shown = report.figures(Segment::Group(0)).unwrap();
    assert_eq!(shown.why_withheld(Figure::Dimension(0)), Some(Withheld::WouldRevealByCombination));
    assert!(shown.overall().is_ok() && shown.dimension(1).is_ok() && shown.dimension(2).is_ok());
    assert!(report.figures(Segment::All).is_none());
    let mut shown = Shown::default();
    record(&inst, &report, &sheets, 0, &mut shown);
    assert_eq!(attack(&shown.values, sheets.len(), 5), None);
}

#[test]
fn a_rounds_size_is_never_said_beside_its_withheld_report() {
    // 2025: three staff (k = 5): withheld. 2026: eight staff. The total (11) minus 2026's shown
    // size would give 2025's: withheld too, and the round picker says "fewer than 5" for 2025.
    let inst = instrument(&[1], 1, 5, 0.5);
    let round = |n: usize, label: &str| -> Vec<Sheet> {
        (0..n).map(|r| dated(sheet(&inst, &format!("{label}-{r}"), Some(0), &[4]), label)).collect()
    };
    let rounds = [round(3, "2025"), round(8, "2026")];
    let (data, reports) = load(&inst, &rounds);
    let sizes = data.sizes(&inst);
    assert_eq!(sizes.total(), Err(Withheld::WouldRevealSmallGroup));
    assert_eq!(sizes.rounds()[0], ("2025".to_owned(), Err(Withheld::FewerThanK)));
    assert_eq!(sizes.rounds()[1], ("2026".to_owned(), Ok(8)));
    let shown = record_all(&inst, &rounds, &data, &reports);
    assert_eq!(attack(&shown.counts, 11, 5), None);
    // The old picker said 3 beside 2025's withheld report: with the total that is 2025's size.
    let old: Sets = vec![(0..11).collect(), (3..11).collect()];
    assert_eq!(attack(&old, 11, 5).map(|(_, size)| size), Some(3));
    // Two withheld rounds of three: together six, so the total may be said.
    let rounds = [round(3, "2025"), round(3, "2026")];
    let (data, _) = load(&inst, &rounds);
    assert_eq!(data.sizes(&inst).total(), Ok(6));
}

/// Per response: group (0 = none), answer codes, whether it belongs to the second round, and
/// whether it writes a comment.
type Responses = Vec<(u8, Vec<u8>, bool, bool)>;

/// Items per dimension (each drawn from `items`), groups, k, whether half the items suffice,
/// and the responses, each with `codes` answer codes (the instrument's scale items take them in
/// order).
fn data_set_of(
    items: impl Strategy<Value = usize>,
    codes: usize,
) -> impl Strategy<Value = (Vec<usize>, usize, u32, bool, Responses)> {
    (
        proptest::collection::vec(items, 1..=3),
        1usize..=3,
        3u32..=5,
        any::<bool>(),
        // Per response: group (0 = none), answer codes (blank and "not applicable" common), round.
        proptest::collection::vec(
            (
                0u8..=3,
                proptest::collection::vec(prop_oneof![2 => Just(0u8), 2 => Just(1u8), 6 => 2u8..=6], codes),
                any::<bool>(),
                prop::bool::weighted(0.7),
            ),
            0..=40,
        ),
    )
}

/// Up to three dimensions of one to three items.
fn data_set() -> impl Strategy<Value = (Vec<usize>, usize, u32, bool, Responses)> {
    data_set_of(1usize..=3, 9)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn no_combination_of_shown_figures_isolates_fewer_than_k(
        (items, groups, k, half, responses) in data_set()
    ) {
        let inst = instrument(&items, groups, k, if half { 0.5 } else { 1.0 });
        let mut rounds: [Vec<Sheet>; 2] = [Vec::new(), Vec::new()];
        for (n, (group, codes, second, comment)) in responses.iter().enumerate() {
            let group = (usize::from(*group) <= groups && *group > 0).then(|| usize::from(*group) - 1);
            let s = sheet(&inst, &format!("r{n}"), group, codes);
            let s = if *comment { commented(&inst, s, &format!("comment {n}")) } else { s };
            rounds[usize::from(*second)].push(dated(s, if *second { "2026" } else { "2025" }));
        }
        let (data, reports) = load(&inst, &rounds);
        let shown = record_all(&inst, &rounds, &data, &reports);
        let responses = rounds[0].len() + rounds[1].len();
        // Every figure of both rounds together, any weights, any kinds; and every size.
        prop_assert_eq!(attack(&shown.values, responses, k as usize), None);
        prop_assert_eq!(attack(&shown.counts, responses, k as usize), None);
        // Comments: no combination of the lists shown singles out fewer than the threshold
        // (the lists can be matched text by text, so they are attacked like sets).
        let mut lists = Sets::new();
        record_comments(&inst, &reports[0], &rounds[0], 0, &mut lists);
        record_comments(&inst, &reports[1], &rounds[1], rounds[0].len(), &mut lists);
        prop_assert_eq!(attack(&lists, responses, reports[0].comment_k() as usize), None);
        // Changes come from shown figures only.
        for change in aggregate::compare(&inst, &reports[0], &reports[1]) {
            let before = reports[0].figures(change.segment()).unwrap();
            let now = reports[1].figures(change.segment()).unwrap();
            match change.dimension() {
                Some(d) => prop_assert!(before.dimension(d).is_ok() && now.dimension(d).is_ok()),
                None => prop_assert!(before.overall().is_ok() && now.overall().is_ok()),
            }
        }
    }
}

/// As [`data_set`], with an area of six items now and then: its table of answer patterns would
/// be too large, so it is counted response by response.
fn stepped_data_set() -> impl Strategy<Value = (Vec<usize>, usize, u32, bool, Responses)> {
    data_set_of(prop_oneof![3 => 1usize..=3, 1 => Just(6)], 16)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// The report worked out in steps of any size (as the facilitator's page does, drawing
    /// between them) is the report worked out in one go, and a round's report from the data
    /// set's columns (their rows of that round, the rounds interleaved) is the report of that
    /// round's responses alone.
    #[test]
    fn a_report_in_steps_is_the_report(
        (items, groups, k, half, responses) in stepped_data_set(),
        work in 1usize..=7,
    ) {
        let inst = instrument(&items, groups, k, if half { 0.5 } else { 1.0 });
        let mut rounds: [Vec<Sheet>; 2] = [Vec::new(), Vec::new()];
        let mut data = Dataset::new();
        for (n, (group, codes, second, comment)) in responses.iter().enumerate() {
            let group = (usize::from(*group) <= groups && *group > 0).then(|| usize::from(*group) - 1);
            let s = sheet(&inst, &format!("r{n}"), group, codes);
            let s = if *comment { commented(&inst, s, &format!("comment {n}")) } else { s };
            let s = dated(s, if *second { "2026" } else { "2025" });
            data.add(&inst, &s.to_response(&inst), Origin::Document);
            rounds[usize::from(*second)].push(s);
        }
        prop_assert!(data.rejected.is_empty());
        for (r, label) in ["2025", "2026"].iter().enumerate() {
            let whole = aggregate::aggregate(&inst, &rounds[r]);
            prop_assert_eq!(&data.report(&inst, label), &whole);
            let mut aggregation = data.aggregation(&inst, label);
            let mut steps = 0;
            let stepped = loop {
                steps += 1;
                match data.step(&inst, &mut aggregation, work) {
                    aggregate::Step::Done(report) => break report,
                    aggregate::Step::Working => prop_assert!(steps <= 3 * responses.len() + 3),
                    aggregate::Step::Stale => panic!("the data set did not change"),
                }
            };
            prop_assert_eq!(&stepped, &whole);
        }
    }
}

#[test]
fn steps_over_changed_data_give_up() {
    let inst = instrument(&[2], 1, 3, 0.5);
    let mut data = Dataset::new();
    for n in 0..6 {
        data.add(&inst, &sheet(&inst, &format!("r{n}"), Some(0), &[3, 4]).to_response(&inst), Origin::Document);
    }
    let mut aggregation = data.aggregation(&inst, "");
    assert!(matches!(data.step(&inst, &mut aggregation, 2), aggregate::Step::Working));
    data.add(&inst, &sheet(&inst, "late", Some(0), &[3, 4]).to_response(&inst), Origin::Document);
    assert!(matches!(data.step(&inst, &mut aggregation, 2), aggregate::Step::Stale));
    // Given up for good: no report of a mix of the two.
    assert!(matches!(data.step(&inst, &mut aggregation, usize::MAX), aggregate::Step::Stale));
    // Begun before any data: stale once responses arrive.
    let mut empty = Dataset::new();
    let mut early = empty.aggregation(&inst, "");
    empty.add(&inst, &sheet(&inst, "first", Some(0), &[3, 4]).to_response(&inst), Origin::Document);
    assert!(matches!(empty.step(&inst, &mut early, 2), aggregate::Step::Stale));
    // A round nobody answered in is the report of nobody, in steps too.
    let mut none = data.aggregation(&inst, "1999");
    let report = loop {
        if let aggregate::Step::Done(report) = data.step(&inst, &mut none, 1) {
            break report;
        }
    };
    assert_eq!(report.figures(Segment::All), None);
}
