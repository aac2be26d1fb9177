//! Anonymity against a facilitator who subtracts one shown figure from another (issue 12).
//!
//! The attacker sees every figure a report shows (for every slot: n; the overall score's and each
//! dimension's n, mean and histogram; each item's answer counts) for two rounds, and knows which
//! kind of figure each is. Every such figure is a sum over a set of responses, so any
//! combination of figures of one kind with coefficients -1, 0 or 1 is a sum over a signed
//! combination of those sets; where that combination is itself a set of 1 to k - 1 responses,
//! the attacker has what those few answered. The property test searches every such combination
//! over random data sets and finds none.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{self, Figure, GroupFigures, Report, Slot, Withheld};
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::score;
use proptest::prelude::*;

/// An instrument with `items[d]` scale items in dimension d, `groups` groups and threshold `k`.
fn instrument(items: &[usize], groups: usize, k: u32, share: f64) -> Instrument {
    let text = |s: &str| format!("{{\"en\": \"{s}\"}}");
    let dims: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            let items: Vec<String> = (0..n)
                .map(|i| format!("{{\"id\": \"d{d}i{i}\", \"text\": {}}}", text(&format!("item {d}.{i}"))))
                .collect();
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

fn sheet(instrument: &Instrument, id: &str, group: Option<usize>, codes: &[u8]) -> Sheet {
    let mut s = Sheet::empty(instrument, id, "en");
    s.set_group(instrument, group).unwrap();
    for (i, &c) in codes.iter().enumerate().take(instrument.item_count()) {
        s.set_answer(instrument, i, answer(c)).unwrap();
    }
    s
}

/// What kind of figure, for the attacker: figures of one kind can be added and subtracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Respondents,
    Of(FigureKey),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FigureKey {
    Overall,
    Dimension(usize),
    Item(usize),
}

/// Each shown figure: its kind, and the responses it sums over (indices into all responses of
/// both rounds), as the test works them out from the responses themselves.
type Shown = BTreeMap<Kind, Vec<Vec<usize>>>;

fn in_slot(s: &Sheet, slot: Slot) -> bool {
    match slot {
        Slot::All => true,
        Slot::Group(g) => s.group() == Some(g),
        Slot::Ungrouped => s.group().is_none(),
    }
}

/// Records what `report` (over `sheets`, numbered from `offset`) shows, checking on the way that
/// each figure's count is what the responses say, and that withheld means withheld.
fn record(instrument: &Instrument, report: &Report, sheets: &[Sheet], offset: usize, shown: &mut Shown) {
    let scores: Vec<_> = sheets.iter().map(|s| score(instrument, s)).collect();
    for group in &report.groups {
        let Ok(f) = &group.figures else { continue };
        let members: Vec<usize> = (0..sheets.len()).filter(|&r| in_slot(&sheets[r], group.slot)).collect();
        assert_eq!(f.n as usize, members.len());
        shown.entry(Kind::Respondents).or_default().push(members.iter().map(|r| r + offset).collect());
        let mut add = |key: FigureKey, n: u64, contributes: &dyn Fn(usize) -> bool| {
            let set: Vec<usize> = members.iter().copied().filter(|&r| contributes(r)).map(|r| r + offset).collect();
            assert_eq!(n as usize, set.len(), "{key:?} in {:?}", group.slot);
            shown.entry(Kind::Of(key)).or_default().push(set);
        };
        if let Some(o) = &f.overall {
            add(FigureKey::Overall, o.n, &|r| scores[r].overall.is_some());
        }
        for (d, dim) in f.dimensions.iter().enumerate() {
            match dim {
                Some(dim) => add(FigureKey::Dimension(d), dim.summary.n, &|r| scores[r].dimensions[d].mean.is_some()),
                None => withheld_means_withheld(instrument, f, d),
            }
        }
        for (i, item) in f.items.iter().enumerate() {
            if let Some(item) = item {
                let on_scale: u64 = item.counts.iter().sum();
                add(FigureKey::Item(i), on_scale, &|r| matches!(sheets[r].answers()[i], Some(Answer::Value(_))));
            }
        }
    }
}

fn withheld_means_withheld(instrument: &Instrument, f: &GroupFigures, d: usize) {
    assert!(f.why_withheld(Figure::Dimension(d)).is_some());
    for i in instrument.dimension_items(d) {
        assert!(f.items[i].is_none(), "item {i} of withheld dimension {d} is shown");
    }
}

/// The attacker: every combination of up to `most` figures of one kind, coefficients -1 or 1,
/// whose sum is a set of 1 to k - 1 responses. Returns the first found.
fn attack(shown: &Shown, responses: usize, k: usize, most: usize) -> Option<(Kind, Vec<i32>, usize)> {
    for (kind, sets) in shown {
        let m = sets.len();
        // Group responses by which figures they are in: the combination is the same on each group.
        let mut atoms: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        for r in 0..responses {
            let signature: Vec<usize> = (0..m).filter(|&f| sets[f].binary_search(&r).is_ok()).collect();
            if !signature.is_empty() {
                *atoms.entry(signature).or_default() += 1;
            }
        }
        let mut coefficients = vec![0i32; m];
        let total = 3usize.pow(m as u32);
        for combination in 1..total {
            let mut c = combination;
            let mut nonzero = 0;
            for coefficient in coefficients.iter_mut() {
                *coefficient = (c % 3) as i32 - 1;
                c /= 3;
                nonzero += usize::from(*coefficient != 0);
            }
            if nonzero == 0 || nonzero > most {
                continue;
            }
            let mut size = 0;
            let mut is_set = true;
            for (signature, count) in &atoms {
                match signature.iter().map(|&f| coefficients[f]).sum::<i32>() {
                    0 => {}
                    1 => size += count,
                    _ => {
                        is_set = false;
                        break;
                    }
                }
            }
            if is_set && size > 0 && size < k {
                return Some((*kind, coefficients.clone(), size));
            }
        }
    }
    None
}

fn one_round(instrument: &Instrument, sheets: &[Sheet]) -> Report {
    aggregate::aggregate(instrument, sheets)
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
    let report = one_round(&inst, &sheets);
    let all = report.figures(Slot::All).unwrap();
    let g0 = report.figures(Slot::Group(0)).unwrap();
    let g1 = report.figures(Slot::Group(1)).unwrap();
    // Before: b for all respondents was n = 4, mean 3.25, and 4 x 3.25 - 3 x 4.0 = 1.0.
    assert!(g0.dimensions[1].is_some());
    assert!(g1.dimensions[1].is_none());
    assert_eq!(g1.why_withheld(Figure::Dimension(1)), Some(&Withheld::FewerThanK));
    assert!(all.dimensions[1].is_none(), "b for all respondents would give away g1's one answer");
    assert_eq!(all.why_withheld(Figure::Dimension(1)), Some(&Withheld::WouldRevealSmallGroup));
    // Withheld means withheld: g1's answer counts for b (once [1,0,0,0,0]) are gone, and so are
    // all respondents' (which minus g0's would give them back).
    for item in 1..3 {
        assert!(g1.items[item].is_none());
        assert!(all.items[item].is_none());
        assert!(g0.items[item].is_some());
    }
    // a is answered by everyone: shown everywhere, with its answer counts.
    assert!(all.dimensions[0].is_some() && g1.dimensions[0].is_some());
    assert_eq!(g1.items[0].as_ref().unwrap().counts, [0, 3, 0, 0, 0]);
    assert!(report.notes.iter().any(|n| n.contains("\"d1\"") && n.contains("reveal")), "{:?}", report.notes);
    let mut shown = Shown::new();
    record(&inst, &report, &sheets, 0, &mut shown);
    assert_eq!(attack(&shown, sheets.len(), 3, usize::MAX), None);
}

#[test]
fn the_attacker_finds_what_a_per_slot_rule_would_have_leaked() {
    // The attacker itself is checked: handed the old per-slot figures of the reproducer (b shown
    // for all respondents and for g0), it finds the one respondent.
    let mut shown = Shown::new();
    shown.insert(Kind::Of(FigureKey::Dimension(1)), vec![vec![0, 1, 2, 3], vec![0, 1, 2]]);
    let found = attack(&shown, 6, 3, usize::MAX).expect("found");
    assert_eq!(found.2, 1);
}

/// Per response: group (0 = none), answer codes, and whether it belongs to the second round.
type Responses = Vec<(u8, Vec<u8>, bool)>;

/// Items per dimension, groups, k, whether half the items suffice, and the responses.
fn data_set() -> impl Strategy<Value = (Vec<usize>, usize, u32, bool, Responses)> {
    (
        proptest::collection::vec(1usize..=3, 1..=3),
        1usize..=3,
        3u32..=5,
        any::<bool>(),
        // Per response: group (0 = none), answer codes (blank and "not applicable" common), round.
        proptest::collection::vec(
            (
                0u8..=3,
                proptest::collection::vec(prop_oneof![2 => Just(0u8), 2 => Just(1u8), 6 => 2u8..=6], 9),
                any::<bool>(),
            ),
            0..=40,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn no_combination_of_shown_figures_isolates_fewer_than_k(
        (items, groups, k, half, responses) in data_set()
    ) {
        let inst = instrument(&items, groups, k, if half { 0.5 } else { 1.0 });
        let mut rounds: [Vec<Sheet>; 2] = [Vec::new(), Vec::new()];
        for (n, (group, codes, second)) in responses.iter().enumerate() {
            let group = (usize::from(*group) <= groups && *group > 0).then(|| usize::from(*group) - 1);
            let mut s = sheet(&inst, &format!("r{n}"), group, codes);
            s.set_round(if *second { "2026" } else { "2025" }).unwrap();
            rounds[usize::from(*second)].push(s);
        }
        let mut shown = Shown::new();
        let mut per_round = Vec::new();
        for (r, sheets) in rounds.iter().enumerate() {
            let offset = if r == 0 { 0 } else { rounds[0].len() };
            let report = one_round(&inst, sheets);
            let mut own = Shown::new();
            record(&inst, &report, sheets, offset, &mut own);
            // Within one round: every combination.
            prop_assert_eq!(attack(&own, rounds[0].len() + rounds[1].len(), k as usize, usize::MAX), None);
            for (kind, sets) in own {
                shown.entry(kind).or_default().extend(sets);
            }
            per_round.push(report);
        }
        // Across the two rounds: every combination of up to three figures.
        prop_assert_eq!(attack(&shown, rounds[0].len() + rounds[1].len(), k as usize, 3), None);
        // Changes come from shown figures only.
        for change in aggregate::compare(&inst, &per_round[0], &per_round[1]) {
            let before = per_round[0].figures(change.slot).unwrap();
            let now = per_round[1].figures(change.slot).unwrap();
            match change.dimension {
                Some(d) => prop_assert!(before.dimensions[d].is_some() && now.dimensions[d].is_some()),
                None => prop_assert!(before.overall.is_some() && now.overall.is_some()),
            }
        }
    }
}
