//! Group reports over many responses, with anonymity enforced here and nowhere else.
//!
//! *Architecture invariant*: no figure computed from fewer than `k` responses (the instrument's
//! `anonymity_k`) leaves this module. A suppressed group yields no number at all, not even its
//! exact count; gaps and changes are computed only from figures that were themselves shown. The
//! "all respondents" figures are withheld too when exactly the suppressed responses could be
//! recovered from them by subtraction (see [`Report`]).

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::instrument::{Instrument, ItemKind};
use crate::response::{Answer, Response, Sheet};
use crate::score::combine;
use crate::stats::{Moments, cronbach_alpha};

/// Most responses one data set may hold.
pub const MAX_RESPONSES: usize = 500_000;
/// Largest import (JSON lines or CSV) accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;

/// Which respondents a block of figures describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    All,
    Group(usize),
    /// Responses that did not say which group they belong to.
    Ungrouped,
}

/// Mean, spread and distribution of one score over a group.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub n: u64,
    pub mean: f64,
    /// Sample standard deviation; `None` below two responses (never shown: k is at least 3).
    pub sd: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    /// Responses per scale point, after rounding each score to the nearest point (halves up);
    /// lowest point first. Empty for totals.
    pub histogram: Vec<u64>,
}

/// Internal consistency of a dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alpha {
    Value(f64),
    /// A dimension with one scored item has no internal consistency to measure.
    SingleItem,
    /// Fewer complete responses (every scored item of the dimension on the scale) than needed.
    TooFewComplete {
        complete: u64,
        needed: u64,
    },
    /// The totals do not vary, so alpha is undefined.
    NoVariance,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DimensionFigures {
    pub summary: Summary,
    pub alpha: Alpha,
}

/// Answers to one item over a group.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFigures {
    /// Count per scale point as chosen (before reverse-coding), lowest first.
    pub counts: Vec<u64>,
    pub not_applicable: u64,
    pub unanswered: u64,
}

/// Everything shown for one slot.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupFigures {
    pub n: u64,
    pub overall: Option<Summary>,
    /// Per dimension; `None` when fewer than k responses had enough answers to score it.
    pub dimensions: Vec<Option<DimensionFigures>>,
    pub items: Vec<ItemFigures>,
}

/// Why a block was withheld.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Withheld {
    /// The slot has some responses, but fewer than k.
    FewerThanK,
    /// "All respondents" would give away a small group by subtraction.
    WouldRevealSmallGroup,
    /// A dimension scored by fewer than k responses in a slot that is otherwise shown.
    DimensionFewerThanK { dimension: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupReport {
    pub slot: Slot,
    /// `Err` when withheld; the reason says why, never how many.
    pub figures: Result<GroupFigures, Withheld>,
}

/// A difference between two groups on one dimension: `mean(later) - mean(earlier)`, where
/// earlier and later follow the instrument's order of groups (e.g. partners minus staff).
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub dimension: usize,
    pub earlier: usize,
    pub later: usize,
    pub difference: f64,
    /// `|difference| >= gap_threshold`.
    pub flagged: bool,
}

/// The group report. `groups` holds, in order: all respondents, each group of the instrument
/// that has responses, then ungrouped responses if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub k: u32,
    pub groups: Vec<GroupReport>,
    pub gaps: Vec<Gap>,
    /// Human-readable notes on what was withheld and why (also encoded in `groups`).
    pub notes: Vec<String>,
}

impl Report {
    /// The figures of a slot, if shown.
    pub fn figures(&self, slot: Slot) -> Option<&GroupFigures> {
        self.groups
            .iter()
            .find(|g| g.slot == slot)
            .and_then(|g| g.figures.as_ref().ok())
    }
}

/// What changed on one dimension (or overall when `dimension` is `None`) between two rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub slot: Slot,
    pub dimension: Option<usize>,
    pub previous: f64,
    pub current: f64,
    pub flagged: bool,
}

#[derive(Clone, Default)]
struct Accumulator {
    n: u64,
    overall: Moments,
    overall_hist: Vec<u64>,
    dims: Vec<Moments>,
    dim_hist: Vec<Vec<u64>>,
    /// Per dimension: complete-case moments per scored item, and of the totals.
    alpha_items: Vec<Vec<Moments>>,
    alpha_total: Vec<Moments>,
    /// Per item: counts per scale point, then not applicable, then unanswered.
    items: Vec<Vec<u64>>,
}

/// Precomputed per-item facts, so the hot loop does no look-ups.
struct Plan {
    min: i32,
    max: i32,
    points: usize,
    scored: Vec<bool>,
    reverse: Vec<bool>,
    weight: Vec<f64>,
    ranges: Vec<std::ops::Range<usize>>,
    scored_per_dim: Vec<usize>,
    min_share: f64,
}

impl Plan {
    fn new(instrument: &Instrument) -> Plan {
        let n = instrument.item_count();
        let dims = instrument.dimensions().len();
        let ranges: Vec<_> = (0..dims).map(|d| instrument.dimension_items(d)).collect();
        let scored: Vec<bool> = (0..n)
            .map(|i| instrument.item(i).kind == ItemKind::Scale)
            .collect();
        Plan {
            min: instrument.scale_min(),
            max: instrument.scale_max(),
            points: instrument.scale_points(),
            reverse: (0..n).map(|i| instrument.item(i).reverse).collect(),
            weight: (0..n).map(|i| instrument.item(i).weight).collect(),
            scored_per_dim: ranges
                .iter()
                .map(|r| r.clone().filter(|&i| scored[i]).count())
                .collect(),
            scored,
            ranges,
            min_share: instrument.doc().min_answered_share,
        }
    }
}

impl Accumulator {
    fn new(plan: &Plan, item_count: usize) -> Accumulator {
        let dims = plan.ranges.len();
        Accumulator {
            n: 0,
            overall: Moments::default(),
            overall_hist: vec![0; plan.points],
            dims: vec![Moments::default(); dims],
            dim_hist: vec![vec![0; plan.points]; dims],
            alpha_items: plan
                .scored_per_dim
                .iter()
                .map(|&k| vec![Moments::default(); k])
                .collect(),
            alpha_total: vec![Moments::default(); dims],
            items: vec![vec![0; plan.points + 2]; item_count],
        }
    }
}

fn point_of(plan: &Plan, value: f64) -> usize {
    // Round half up to the nearest scale point.
    let point = (value - f64::from(plan.min) + 0.5).floor();
    point.clamp(0.0, (plan.points - 1) as f64) as usize
}

/// Builds the group report for `sheets`, which must all be responses to `instrument`.
pub fn aggregate(instrument: &Instrument, sheets: &[Sheet]) -> Report {
    let doc = instrument.doc();
    let plan = Plan::new(instrument);
    let group_count = doc.groups.len();
    // Slot indices: 0 all, 1..=groups, last ungrouped.
    let mut accs = vec![Accumulator::new(&plan, instrument.item_count()); group_count + 2];
    let mut means = vec![None; plan.ranges.len()];
    let mut complete = Vec::with_capacity(16);
    for sheet in sheets {
        let slot = sheet.group.map_or(group_count + 1, |g| g + 1);
        // Dimension means and the complete-case item values for alpha, computed once per response.
        for (d, range) in plan.ranges.iter().enumerate() {
            let (mut weighted, mut weight, mut answered) = (0.0, 0.0, 0usize);
            for i in range.clone() {
                if !plan.scored[i] {
                    continue;
                }
                if let Some(Answer::Value(v)) = sheet.answers[i] {
                    let x = f64::from(if plan.reverse[i] {
                        plan.min + plan.max - v
                    } else {
                        v
                    });
                    weighted += plan.weight[i] * x;
                    weight += plan.weight[i];
                    answered += 1;
                }
            }
            let share = answered as f64 / plan.scored_per_dim[d].max(1) as f64;
            means[d] = (answered > 0 && share + 1e-9 >= plan.min_share).then(|| weighted / weight);
        }
        let overall = combine(instrument, &means).0;
        for target in [0, slot] {
            let acc = &mut accs[target];
            acc.n += 1;
            if let Some(o) = &overall {
                acc.overall.add(o.score);
                if doc.scoring.mode != crate::instrument::Mode::Sum {
                    acc.overall_hist[point_of(&plan, o.score)] += 1;
                }
            }
            for (d, mean) in means.iter().enumerate() {
                if let Some(m) = mean {
                    acc.dims[d].add(*m);
                    acc.dim_hist[d][point_of(&plan, *m)] += 1;
                }
                // Complete cases for alpha: every scored item answered on the scale.
                complete.clear();
                for i in plan.ranges[d].clone() {
                    if plan.scored[i] {
                        match sheet.answers[i] {
                            Some(Answer::Value(v)) => {
                                complete.push(f64::from(if plan.reverse[i] {
                                    plan.min + plan.max - v
                                } else {
                                    v
                                }))
                            }
                            _ => break,
                        }
                    }
                }
                if complete.len() == plan.scored_per_dim[d] {
                    let mut total = 0.0;
                    for (k, x) in complete.iter().enumerate() {
                        acc.alpha_items[d][k].add(*x);
                        total += x;
                    }
                    acc.alpha_total[d].add(total);
                }
            }
            for (i, answer) in sheet.answers.iter().enumerate() {
                let column = match answer {
                    Some(Answer::Value(v)) => (v - plan.min) as usize,
                    Some(Answer::NotApplicable) => plan.points,
                    None => plan.points + 1,
                };
                acc.items[i][column] += 1;
            }
        }
    }
    finish(instrument, &plan, &accs)
}

fn summary(m: &Moments, histogram: Vec<u64>) -> Option<Summary> {
    Some(Summary {
        n: m.n,
        mean: m.mean()?,
        sd: m.sd(),
        ci95: m.ci95(),
        histogram,
    })
}

fn finish(instrument: &Instrument, plan: &Plan, accs: &[Accumulator]) -> Report {
    let doc = instrument.doc();
    let k = u64::from(doc.anonymity_k);
    let group_count = doc.groups.len();
    let mut notes = Vec::new();
    let slot_of = |i: usize| match i {
        0 => Slot::All,
        i if i <= group_count => Slot::Group(i - 1),
        _ => Slot::Ungrouped,
    };
    let slot_name = |slot: Slot| match slot {
        Slot::All => "all respondents".to_owned(),
        Slot::Group(g) => format!("group \"{}\"", doc.groups[g].id),
        Slot::Ungrouped => "respondents without a group".to_owned(),
    };
    // Responses in withheld groups. If some but fewer than k, "all" minus the shown groups would
    // reveal them, so "all" is withheld too.
    let hidden: u64 = accs[1..]
        .iter()
        .filter(|a| a.n > 0 && a.n < k)
        .map(|a| a.n)
        .sum();
    let mut groups = Vec::new();
    for (i, acc) in accs.iter().enumerate() {
        let slot = slot_of(i);
        if slot != Slot::All && acc.n == 0 {
            continue;
        }
        let figures = if acc.n < k {
            notes.push(format!(
                "{} withheld: fewer than {k} responses",
                slot_name(slot)
            ));
            Err(Withheld::FewerThanK)
        } else if slot == Slot::All && hidden > 0 && hidden < k {
            notes.push(format!(
                "all respondents withheld: with the groups shown, it would reveal a group of fewer than {k}"
            ));
            Err(Withheld::WouldRevealSmallGroup)
        } else {
            let dimensions = (0..plan.ranges.len())
                .map(|d| {
                    if acc.dims[d].n < k {
                        notes.push(format!(
                            "{}: dimension \"{}\" withheld: fewer than {k} responses answered enough of it",
                            slot_name(slot),
                            doc.dimensions[d].id
                        ));
                        return None;
                    }
                    let complete = acc.alpha_total[d].n;
                    let needed = k.max(3);
                    let alpha = if plan.scored_per_dim[d] < 2 {
                        Alpha::SingleItem
                    } else if complete < needed {
                        Alpha::TooFewComplete { complete, needed }
                    } else {
                        cronbach_alpha(&acc.alpha_items[d], &acc.alpha_total[d]).map_or(Alpha::NoVariance, Alpha::Value)
                    };
                    Some(DimensionFigures { summary: summary(&acc.dims[d], acc.dim_hist[d].clone())?, alpha })
                })
                .collect();
            let overall = if acc.overall.n >= k {
                let hist = if doc.scoring.mode == crate::instrument::Mode::Sum {
                    Vec::new()
                } else {
                    acc.overall_hist.clone()
                };
                summary(&acc.overall, hist)
            } else {
                None
            };
            let items = acc
                .items
                .iter()
                .map(|c| ItemFigures {
                    counts: c[..plan.points].to_vec(),
                    not_applicable: c[plan.points],
                    unanswered: c[plan.points + 1],
                })
                .collect();
            Ok(GroupFigures {
                n: acc.n,
                overall,
                dimensions,
                items,
            })
        };
        groups.push(GroupReport { slot, figures });
    }

    let shown: Vec<(usize, &GroupFigures)> = groups
        .iter()
        .filter_map(|g| match (g.slot, &g.figures) {
            (Slot::Group(i), Ok(f)) => Some((i, f)),
            _ => None,
        })
        .collect();
    let mut gaps = Vec::new();
    for (a, (ga, fa)) in shown.iter().enumerate() {
        for (gb, fb) in &shown[a + 1..] {
            for d in 0..plan.ranges.len() {
                if let (Some(x), Some(y)) = (&fa.dimensions[d], &fb.dimensions[d]) {
                    let difference = y.summary.mean - x.summary.mean;
                    gaps.push(Gap {
                        dimension: d,
                        earlier: *ga,
                        later: *gb,
                        difference,
                        flagged: difference.abs() + 1e-9 >= doc.gap_threshold,
                    });
                }
            }
        }
    }
    Report {
        k: doc.anonymity_k,
        groups,
        gaps,
        notes,
    }
}

/// Changes between two rounds' reports of the same instrument, from shown figures only.
pub fn compare(instrument: &Instrument, previous: &Report, current: &Report) -> Vec<Change> {
    let threshold = instrument.doc().gap_threshold;
    let mut changes = Vec::new();
    for now in &current.groups {
        let (Ok(cur), Some(prev)) = (&now.figures, previous.figures(now.slot)) else {
            continue;
        };
        if let (Some(p), Some(c)) = (&prev.overall, &cur.overall) {
            changes.push(Change {
                slot: now.slot,
                dimension: None,
                previous: p.mean,
                current: c.mean,
                flagged: false,
            });
        }
        for d in 0..cur.dimensions.len() {
            if let (Some(p), Some(c)) = (&prev.dimensions[d], &cur.dimensions[d]) {
                changes.push(Change {
                    slot: now.slot,
                    dimension: Some(d),
                    previous: p.summary.mean,
                    current: c.summary.mean,
                    flagged: (c.summary.mean - p.summary.mean).abs() + 1e-9 >= threshold,
                });
            }
        }
    }
    changes
}

/// Responses gathered for one instrument: de-duplicated by id, each checked, rejects explained.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub sheets: Vec<Sheet>,
    /// Why a response was not taken, with where it came from (`line 12`, `row 3`, `code 2`).
    pub rejected: Vec<Diagnostic>,
    /// Responses whose id had already been loaded.
    pub duplicates: usize,
    seen: BTreeSet<String>,
}

impl Dataset {
    pub fn new() -> Dataset {
        Dataset::default()
    }

    /// Adds one parsed response; `origin` names where it came from for messages.
    pub fn add(&mut self, instrument: &Instrument, response: &Response, origin: &str) {
        if self.sheets.len() >= MAX_RESPONSES {
            self.rejected.push(Diagnostic::new(
                origin,
                format!("a data set holds at most {MAX_RESPONSES} responses"),
            ));
            return;
        }
        if self.seen.contains(&response.id) {
            self.duplicates += 1;
            return;
        }
        match Sheet::check(instrument, response) {
            Ok(sheet) => {
                self.seen.insert(sheet.id.clone());
                self.sheets.push(sheet);
            }
            Err(problems) => {
                let detail = problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                self.rejected.push(Diagnostic::new(origin, detail));
            }
        }
    }

    /// Adds every line of a JSON-lines text (one response per line; blank lines skipped).
    pub fn add_json_lines(&mut self, instrument: &Instrument, text: &str) {
        if text.len() > MAX_IMPORT_BYTES {
            self.rejected.push(Diagnostic::new(
                "",
                format!(
                    "the file is {} bytes; the limit is {MAX_IMPORT_BYTES} bytes",
                    text.len()
                ),
            ));
            return;
        }
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let origin = format!("line {}", n + 1);
            match Response::from_json(line) {
                Ok(response) => self.add(instrument, &response, &origin),
                Err(e) => self.rejected.push(Diagnostic::new(origin, e.to_string())),
            }
        }
    }

    /// Round labels present, in first-seen order.
    pub fn rounds(&self) -> Vec<String> {
        let mut rounds: Vec<String> = Vec::new();
        for sheet in &self.sheets {
            if !rounds.contains(&sheet.round) {
                rounds.push(sheet.round.clone());
            }
        }
        rounds
    }

    /// The sheets of one round.
    pub fn round(&self, label: &str) -> Vec<Sheet> {
        self.sheets
            .iter()
            .filter(|s| s.round == label)
            .cloned()
            .collect()
    }
}
