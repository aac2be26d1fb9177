//! Group reports over many responses, with anonymity enforced here and nowhere else.
//!
//! *Architecture invariant*: no figure computed from fewer than `k` responses (the instrument's
//! `anonymity_k`) leaves this module. A suppressed group yields no number at all, not even its
//! exact count; gaps and changes are computed only from figures that were themselves shown. The
//! "all respondents" figures are withheld too when exactly the suppressed responses could be
//! recovered from them by subtraction (see [`Report`]).

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::instrument::{Instrument, ItemKind};
use crate::response::{Answer, ResponseFields, ResponseRef, Sheet};
use crate::score::{combine, enough_answers, weighted_mean};
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
    /// Complete cases (every scored item of the dimension answered on the scale) that alpha
    /// rests on.
    pub complete: u64,
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
    /// `None` when withheld (see [`GroupFigures::withheld`] for why).
    pub overall: Option<Summary>,
    /// Per dimension; `None` when withheld: fewer than k responses had enough answers to score
    /// it, or (for all respondents) subtraction would reveal fewer than k.
    pub dimensions: Vec<Option<DimensionFigures>>,
    /// Per item; `None` for comment items, and whenever the item's dimension is withheld or
    /// fewer than k answered the item on the scale.
    pub items: Vec<Option<ItemFigures>>,
    /// Every figure withheld in this otherwise shown slot, with the reason.
    pub withheld: Vec<(Figure, Withheld)>,
}

impl GroupFigures {
    /// Why `figure` is not shown in this slot, if it is not.
    pub fn why_withheld(&self, figure: Figure) -> Option<&Withheld> {
        self.withheld.iter().find(|(f, _)| *f == figure).map(|(_, why)| why)
    }
}

/// One kind of figure, shown per slot: the anonymity rule is applied to each kind on its own,
/// since each describes its own set of respondents (those with an overall score, those who
/// answered enough of a dimension, those who answered an item on the scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Overall,
    Dimension(usize),
    Item(usize),
}

/// Why a block or a figure was withheld.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Withheld {
    /// It would describe some, but fewer than k, responses.
    FewerThanK,
    /// For all respondents: with the groups' figures shown, subtraction would reveal what fewer
    /// than k responses hold.
    WouldRevealSmallGroup,
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
    /// The difference's 95% interval (Welch).
    pub ci95: Option<(f64, f64)>,
    /// The difference as shown is at least `gap_threshold` *and* its interval excludes zero.
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
        self.groups.iter().find(|g| g.slot == slot).and_then(|g| g.figures.as_ref().ok())
    }
}

/// What changed on one dimension (or overall when `dimension` is `None`) between two rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub slot: Slot,
    pub dimension: Option<usize>,
    pub previous: f64,
    pub current: f64,
    /// The 95% interval of `current - previous` (Welch: the rounds' respondents are taken as
    /// independent samples, since responses are anonymous and cannot be paired).
    pub ci95: Option<(f64, f64)>,
    /// The change as shown is at least the threshold *and* its interval excludes zero.
    pub flagged: bool,
}

/// Whether a difference is flagged: at least `threshold` as shown, and an interval that
/// excludes zero (no interval, no flag).
fn flag(difference: f64, ci95: Option<(f64, f64)>, threshold: f64) -> bool {
    crate::score::shown(difference).abs() >= threshold
        && ci95.is_some_and(|(lo, hi)| crate::text::settle(lo) > 0.0 || crate::text::settle(hi) < 0.0)
}

fn moments_of(s: &Summary) -> (u64, f64, f64) {
    (s.n, s.mean, s.sd.unwrap_or(0.0))
}

/// Running sums for one slot. Flat arrays, so the hot loop touches contiguous memory.
#[derive(Clone, Default)]
struct Accumulator {
    n: u64,
    overall: Moments,
    overall_hist: Vec<u64>,
    dims: Vec<Moments>,
    /// `dims × points`.
    dim_hist: Vec<u64>,
    /// Complete-case moments per scored item, dimension after dimension (see `Plan::alpha_offset`).
    alpha_items: Vec<Moments>,
    /// Complete-case moments of each dimension's total.
    alpha_total: Vec<Moments>,
    /// `items × (points + 2)`: counts per scale point, then not applicable, then blank.
    items: Vec<u64>,
    /// Per dimension with a pattern table: how many responses answered with each pattern.
    patterns: Vec<Vec<u64>>,
}

/// Every answer pattern of a small dimension, with its score worked out once.
///
/// A dimension of `k` scored items has `(points + 2)^k` possible answer patterns (2,401 for
/// four items on a 1-5 scale). Counting patterns turns the per-response work into one table
/// look-up and one increment per dimension; means, spreads, histograms and alpha are then
/// computed from the counts, and the result is the same as scoring each response.
struct DimTable {
    /// Flat indices of the dimension's scored items, and each one's place value in the pattern.
    items: Vec<usize>,
    radix: Vec<usize>,
    /// The dimension mean for each pattern (NaN for "not enough answers").
    mean: Vec<f64>,
}

/// Largest pattern table built for one dimension; bigger dimensions are scored response by response.
const MAX_PATTERNS: usize = 1 << 15;

/// Precomputed per-item facts, so the hot loop does no look-ups.
struct Plan {
    min: i32,
    points: usize,
    scored: Vec<bool>,
    weight: Vec<f64>,
    ranges: Vec<std::ops::Range<usize>>,
    scored_per_dim: Vec<usize>,
    alpha_offset: Vec<usize>,
    /// The fewest answered items that give dimension `d` a score (the minimum share, as a count).
    min_answered: Vec<usize>,
    sum_mode: bool,
    /// The reverse-coded value of every (item, code) pair, NaN where the code is not a scored
    /// scale answer, so the hot loop needs no branch on the answer's kind.
    value: Vec<f64>,
    tables: Vec<Option<DimTable>>,
    /// Dimension weights, when the overall score is a plain weighted mean (mean or stage mode, no
    /// balance rule): then the hot loop computes it without building an `Overall`.
    plain_overall: Option<Vec<f64>>,
    min_share: f64,
    /// Items whose answer counts are not recovered from pattern counts (comments, and the items
    /// of dimensions too large for a table): only these are counted response by response.
    direct_items: Vec<usize>,
}

impl Plan {
    fn new(instrument: &Instrument) -> Plan {
        let n = instrument.item_count();
        let dims = instrument.dimensions().len();
        let ranges: Vec<_> = (0..dims).map(|d| instrument.dimension_items(d)).collect();
        let scored: Vec<bool> = (0..n).map(|i| instrument.item(i).kind == ItemKind::Scale).collect();
        let scored_per_dim: Vec<usize> = ranges.iter().map(|r| r.clone().filter(|&i| scored[i]).count()).collect();
        let share = instrument.doc().min_answered_share;
        let min_answered = scored_per_dim
            .iter()
            .map(|&k| (1..=k).find(|&a| enough_answers(a, k, share)).unwrap_or(k).max(1))
            .collect();
        let alpha_offset = scored_per_dim
            .iter()
            .scan(0, |at, k| {
                let start = *at;
                *at += k;
                Some(start)
            })
            .collect();
        let (min, max, points) = (instrument.scale_min(), instrument.scale_max(), instrument.scale_points());
        let stride = points + 2;
        let reverse: Vec<bool> = (0..n).map(|i| instrument.item(i).reverse).collect();
        let weight: Vec<f64> = (0..n).map(|i| instrument.item(i).weight).collect();
        let mut value = vec![f64::NAN; n * stride];
        for i in (0..n).filter(|&i| scored[i]) {
            for p in 0..points {
                let v = min + p as i32;
                value[i * stride + p] = f64::from(if reverse[i] { min + max - v } else { v });
            }
        }
        let tables: Vec<Option<DimTable>> = ranges
            .iter()
            .zip(&min_answered)
            .map(|(range, &needed)| {
                let items: Vec<usize> = range.clone().filter(|&i| scored[i]).collect();
                let size = (0..items.len()).try_fold(1usize, |size, _| size.checked_mul(stride))?;
                if size > MAX_PATTERNS {
                    return None;
                }
                let radix: Vec<usize> = (0..items.len()).map(|k| stride.pow(k as u32)).collect();
                let mean = (0..size)
                    .map(|pattern| {
                        // Same operations, in the same order, as scoring one response.
                        let (mut weighted, mut total_weight, mut answered) = (0.0, 0.0, 0);
                        for (k, &i) in items.iter().enumerate() {
                            let x = value[i * stride + pattern / radix[k] % stride];
                            if !x.is_nan() {
                                weighted += weight[i] * x;
                                total_weight += weight[i];
                                answered += 1;
                            }
                        }
                        if answered >= needed { weighted / total_weight } else { f64::NAN }
                    })
                    .collect();
                Some(DimTable { items, radix, mean })
            })
            .collect();
        let mut in_table = vec![false; n];
        for (range, _) in ranges.iter().zip(&tables).filter(|(_, t)| t.is_some()) {
            for i in range.clone().filter(|&i| scored[i]) {
                in_table[i] = true;
            }
        }
        let direct_items = (0..n).filter(|&i| !in_table[i]).collect();
        let doc = instrument.doc();
        let plain_overall = (doc.balance.is_none() && doc.scoring.mode != crate::instrument::Mode::Sum)
            .then(|| doc.dimensions.iter().map(|d| d.weight).collect());
        Plan {
            min_share: doc.min_answered_share,
            plain_overall,
            direct_items,
            min,
            points,
            weight,
            scored,
            ranges,
            scored_per_dim,
            alpha_offset,
            min_answered,
            sum_mode: instrument.mode() == crate::instrument::Mode::Sum,
            value,
            tables,
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
            dim_hist: vec![0; dims * plan.points],
            alpha_items: vec![Moments::default(); plan.scored_per_dim.iter().sum()],
            alpha_total: vec![Moments::default(); dims],
            items: vec![0; item_count * (plan.points + 2)],
            patterns: plan.tables.iter().map(|t| t.as_ref().map_or_else(Vec::new, |t| vec![0; t.mean.len()])).collect(),
        }
    }

    /// Turns pattern counts into the same sums a response-by-response pass would have made.
    fn fold_patterns(&mut self, plan: &Plan) {
        let stride = plan.points + 2;
        for (d, table) in plan.tables.iter().enumerate() {
            let Some(table) = table else { continue };
            for (pattern, &count) in self.patterns[d].iter().enumerate().filter(|(_, c)| **c > 0) {
                for (k, &i) in table.items.iter().enumerate() {
                    self.items[i * stride + pattern / table.radix[k] % stride] += count;
                }
                let mean = table.mean[pattern];
                if mean.is_nan() {
                    continue;
                }
                self.dims[d].add_many(mean, count);
                self.dim_hist[d * plan.points + point_of(plan, mean)] += count;
                let codes = table.items.iter().enumerate().map(|(k, &i)| (i, pattern / table.radix[k] % stride));
                if codes.clone().all(|(_, code)| code < plan.points) {
                    let mut total = 0.0;
                    for (k, (i, code)) in codes.enumerate() {
                        let x = plan.value[i * stride + code];
                        self.alpha_items[plan.alpha_offset[d] + k].add_many(x, count);
                        total += x;
                    }
                    self.alpha_total[d].add_many(total, count);
                }
            }
        }
    }

    /// Adds another slot's sums: every statistic here is a sum, so "all respondents" is the
    /// merge of the slots and each response is accumulated once.
    fn merge(&mut self, other: &Accumulator) {
        fn add(a: &mut Moments, b: &Moments) {
            a.n += b.n;
            a.sum += b.sum;
            a.sum_sq += b.sum_sq;
        }
        self.n += other.n;
        add(&mut self.overall, &other.overall);
        self.overall_hist.iter_mut().zip(&other.overall_hist).for_each(|(a, b)| *a += b);
        self.dims.iter_mut().zip(&other.dims).for_each(|(a, b)| add(a, b));
        self.dim_hist.iter_mut().zip(&other.dim_hist).for_each(|(a, b)| *a += b);
        self.alpha_items.iter_mut().zip(&other.alpha_items).for_each(|(a, b)| add(a, b));
        self.alpha_total.iter_mut().zip(&other.alpha_total).for_each(|(a, b)| add(a, b));
        self.items.iter_mut().zip(&other.items).for_each(|(a, b)| *a += b);
    }
}

/// The overall score of `score::combine` for a plain weighted mean, through the same
/// `weighted_mean`, without building an `Overall` (a property test holds the two together).
fn plain_overall(weights: &[f64], means: &[Option<f64>], min_share: f64, lo: f64) -> Option<f64> {
    // No balance rule, so no penalty: `combine`'s score is the weighted mean, kept on the scale.
    weighted_mean(weights.iter().copied(), means, min_share).map(|overall| overall.max(lo))
}

fn point_of(plan: &Plan, value: f64) -> usize {
    // Round half up to the nearest scale point, after settling floating-point noise (a mean of
    // exactly 3.5 computed as 3.4999999999999996 goes up). The argument is at least 0.5 for any
    // score on the scale, so truncation is the floor.
    let point = (crate::text::settle(value) - f64::from(plan.min) + 0.5) as usize;
    point.min(plan.points - 1)
}

/// Responses as a matrix of one-byte answer codes, the form group reports are computed from:
/// 100,000 responses of 40 items fit in 4 MB and are read in one sweep.
///
/// Code per answer: `0..points` a scale point (`value - min`), `points` not applicable,
/// `points + 1` blank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    item_count: usize,
    points: usize,
    groups: usize,
    codes: Vec<u8>,
    /// Per response: 1 + its group index, or `groups + 1` for no group.
    slots: Vec<u32>,
    /// Per response: its round, as an index into the data set's round labels.
    rounds: Vec<u32>,
}

impl Columns {
    pub fn new(instrument: &Instrument) -> Columns {
        Columns {
            item_count: instrument.item_count(),
            points: instrument.scale_points(),
            groups: instrument.doc().groups.len(),
            codes: Vec::new(),
            slots: Vec::new(),
            rounds: Vec::new(),
        }
    }

    /// Columns holding `sheets`, which must be responses to `instrument`.
    pub fn from_sheets(instrument: &Instrument, sheets: &[Sheet]) -> Columns {
        let mut columns = Columns::new(instrument);
        columns.codes.reserve(sheets.len() * columns.item_count);
        for sheet in sheets {
            columns.push(instrument, sheet, 0);
        }
        columns
    }

    /// Adds one response; `round` is its round's index among the data set's round labels.
    pub fn push(&mut self, instrument: &Instrument, sheet: &Sheet, round: u32) {
        let min = instrument.scale_min();
        self.codes.extend((0..self.item_count).map(|i| match sheet.answers.get(i).copied().flatten() {
            Some(Answer::Value(v)) => (v - min) as u8,
            Some(Answer::NotApplicable) => self.points as u8,
            None => self.points as u8 + 1,
        }));
        self.slots.push(sheet.group.map_or(self.groups as u32 + 1, |g| g as u32 + 1));
        self.rounds.push(round);
    }

    /// Adds one response given as answer codes (see [`Columns`]).
    fn push_codes(&mut self, codes: &[u8], group: Option<usize>, round: u32) {
        self.codes.extend_from_slice(codes);
        self.slots.push(group.map_or(self.groups as u32 + 1, |g| g as u32 + 1));
        self.rounds.push(round);
    }

    /// The responses of round `round` (an index), in the same order.
    fn of_round(&self, round: u32) -> Columns {
        let mut picked = self.clone_shape();
        for (r, &this) in self.rounds.iter().enumerate() {
            if this == round {
                picked.codes.extend_from_slice(&self.codes[r * self.item_count..(r + 1) * self.item_count]);
                picked.slots.push(self.slots[r]);
                picked.rounds.push(this);
            }
        }
        picked
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    fn clone_shape(&self) -> Columns {
        Columns { item_count: self.item_count, points: self.points, groups: self.groups, ..Columns::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// Builds the group report for `sheets`, which must all be responses to `instrument`.
pub fn aggregate(instrument: &Instrument, sheets: &[Sheet]) -> Report {
    aggregate_columns(instrument, &Columns::from_sheets(instrument, sheets))
}

/// Builds the group report from responses already in columns (see [`Dataset::columns`]).
pub fn aggregate_columns(instrument: &Instrument, columns: &Columns) -> Report {
    let doc = instrument.doc();
    let plan = Plan::new(instrument);
    let group_count = doc.groups.len();
    let item_count = instrument.item_count();
    let stride = plan.points + 2;
    let value = &plan.value;
    // Slot indices: 0 all (filled by merging at the end), 1..=groups, last ungrouped.
    let mut accs = vec![Accumulator::new(&plan, item_count); group_count + 2];
    let mut means = vec![None; plan.ranges.len()];
    if columns.item_count != item_count || columns.points != plan.points {
        return finish(instrument, &plan, &accs);
    }
    for (row, &slot) in columns.codes.chunks_exact(item_count.max(1)).zip(&columns.slots) {
        let acc = &mut accs[slot as usize];
        acc.n += 1;
        for &i in &plan.direct_items {
            acc.items[i * stride + usize::from(row[i])] += 1;
        }
        for (d, range) in plan.ranges.iter().enumerate() {
            if let Some(table) = &plan.tables[d] {
                let pattern: usize = table.items.iter().zip(&table.radix).map(|(&i, r)| usize::from(row[i]) * r).sum();
                acc.patterns[d][pattern] += 1;
                let mean = table.mean[pattern];
                means[d] = (!mean.is_nan()).then_some(mean);
                continue;
            }
            let (mut weighted, mut weight, mut answered, mut total) = (0.0, 0.0, 0usize, 0.0);
            for i in range.clone() {
                let x = value[i * stride + usize::from(row[i])];
                if !x.is_nan() {
                    weighted += plan.weight[i] * x;
                    weight += plan.weight[i];
                    answered += 1;
                    total += x;
                }
            }
            means[d] = (answered >= plan.min_answered[d]).then(|| weighted / weight);
            if let Some(m) = means[d] {
                acc.dims[d].add(m);
                acc.dim_hist[d * plan.points + point_of(&plan, m)] += 1;
            }
            // Complete cases for alpha: every scored item of the dimension answered on the scale.
            if answered == plan.scored_per_dim[d] {
                let mut k = plan.alpha_offset[d];
                for i in range.clone() {
                    if plan.scored[i] {
                        acc.alpha_items[k].add(value[i * stride + usize::from(row[i])]);
                        k += 1;
                    }
                }
                acc.alpha_total[d].add(total);
            }
        }
        let overall = match &plan.plain_overall {
            Some(weights) => plain_overall(weights, &means, plan.min_share, f64::from(plan.min)),
            None => combine(instrument, &means).0.map(|o| o.score),
        };
        if let Some(score) = overall {
            acc.overall.add(score);
            if !plan.sum_mode {
                acc.overall_hist[point_of(&plan, score)] += 1;
            }
        }
    }
    for acc in &mut accs {
        acc.fold_patterns(&plan);
    }
    let (all, slots) = accs.split_at_mut(1);
    for slot in slots.iter() {
        all[0].merge(slot);
    }
    finish(instrument, &plan, &accs)
}

fn summary(m: &Moments, histogram: Vec<u64>) -> Option<Summary> {
    Some(Summary { n: m.n, mean: m.mean()?, sd: m.sd(), ci95: m.ci95(), histogram })
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
    let stride = plan.points + 2;
    // How many responses each figure of a slot describes.
    let population = |acc: &Accumulator, figure: Figure| -> u64 {
        match figure {
            Figure::Overall => acc.overall.n,
            Figure::Dimension(d) => acc.dims[d].n,
            Figure::Item(i) => acc.items[i * stride..i * stride + plan.points].iter().sum(),
        }
    };
    let dimension_of: Vec<Option<usize>> = (0..instrument.item_count())
        .map(|i| plan.scored[i].then(|| plan.ranges.iter().position(|r| r.contains(&i))).flatten())
        .collect();
    // Every kind of figure, in the order `status` holds them: the overall score, then dimension
    // `d` at 1 + d, then the items (see `tie_items_to_dimensions`).
    let kinds: Vec<Figure> = std::iter::once(Figure::Overall)
        .chain((0..plan.ranges.len()).map(Figure::Dimension))
        .chain((0..instrument.item_count()).map(Figure::Item))
        .collect();
    let slot_shown: Vec<bool> = accs.iter().map(|a| a.n >= k).collect();
    // Per slot and figure: shown, or withheld and why. A slot's own figures first: each needs
    // k responses, and an item needs its dimension shown too (withheld means withheld).
    let mut status: Vec<Vec<Result<(), Withheld>>> = accs
        .iter()
        .map(|acc| {
            let mut own: Vec<Result<(), Withheld>> = kinds
                .iter()
                .map(|&f| match f {
                    Figure::Item(i) if dimension_of[i].is_none() => Err(Withheld::FewerThanK),
                    f if population(acc, f) < k => Err(Withheld::FewerThanK),
                    _ => Ok(()),
                })
                .collect();
            tie_items_to_dimensions(&kinds, &dimension_of, &mut own);
            own
        })
        .collect();
    // The complement rule, figure by figure: all respondents minus the groups showing a figure
    // leaves what the withheld ones hold. Between 1 and k - 1 responses there, and the figure is
    // withheld for all respondents too. Groups are disjoint, so this is the only subtraction
    // that can isolate anyone.
    for (f, &figure) in kinds.iter().enumerate() {
        if status[0][f].is_err() {
            continue;
        }
        let shown: u64 = (1..accs.len())
            .filter(|&s| slot_shown[s] && status[s][f].is_ok())
            .map(|s| population(&accs[s], figure))
            .sum();
        let rest = population(&accs[0], figure) - shown;
        if rest > 0 && rest < k {
            status[0][f] = Err(Withheld::WouldRevealSmallGroup);
        }
    }
    tie_items_to_dimensions(&kinds, &dimension_of, &mut status[0]);
    // The same rule for the slots themselves: responses in withheld groups.
    let hidden: u64 = accs[1..].iter().filter(|a| a.n > 0 && a.n < k).map(|a| a.n).sum();
    let mut groups = Vec::new();
    for (i, acc) in accs.iter().enumerate() {
        let slot = slot_of(i);
        if slot != Slot::All && acc.n == 0 {
            continue;
        }
        let figures = if acc.n < k {
            notes.push(format!("{} withheld: fewer than {k} responses", slot_name(slot)));
            Err(Withheld::FewerThanK)
        } else if slot == Slot::All && hidden > 0 && hidden < k {
            notes.push(format!(
                "all respondents withheld: with the groups shown, it would reveal a group of fewer than {k}"
            ));
            Err(Withheld::WouldRevealSmallGroup)
        } else {
            let mut withheld = Vec::new();
            for (f, &figure) in kinds.iter().enumerate() {
                if let Err(why) = &status[i][f] {
                    if !matches!(figure, Figure::Item(it) if dimension_of[it].is_none()) {
                        withheld.push((figure, why.clone()));
                    }
                    if let Figure::Dimension(d) = figure {
                        notes.push(format!(
                            "{}: dimension \"{}\" withheld: {}",
                            slot_name(slot),
                            doc.dimensions[d].id,
                            match why {
                                Withheld::FewerThanK => format!("fewer than {k} responses answered enough of it"),
                                Withheld::WouldRevealSmallGroup =>
                                    format!("with the groups shown, it would reveal fewer than {k} responses"),
                            }
                        ));
                    }
                }
            }
            let shown = |figure: Figure| !withheld.iter().any(|(f, _)| *f == figure);
            let dimensions = (0..plan.ranges.len())
                .map(|d| {
                    if !shown(Figure::Dimension(d)) {
                        return None;
                    }
                    let complete = acc.alpha_total[d].n;
                    let needed = k.max(3);
                    let alpha = if plan.scored_per_dim[d] < 2 {
                        Alpha::SingleItem
                    } else if complete < needed {
                        Alpha::TooFewComplete { complete, needed }
                    } else {
                        let items =
                            &acc.alpha_items[plan.alpha_offset[d]..plan.alpha_offset[d] + plan.scored_per_dim[d]];
                        cronbach_alpha(items, &acc.alpha_total[d]).map_or(Alpha::NoVariance, Alpha::Value)
                    };
                    let histogram = acc.dim_hist[d * plan.points..(d + 1) * plan.points].to_vec();
                    Some(DimensionFigures { summary: summary(&acc.dims[d], histogram)?, alpha, complete })
                })
                .collect();
            let overall = if shown(Figure::Overall) {
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
                .chunks(stride)
                .enumerate()
                .map(|(it, c)| {
                    (dimension_of[it].is_some() && shown(Figure::Item(it))).then(|| ItemFigures {
                        counts: c[..plan.points].to_vec(),
                        not_applicable: c[plan.points],
                        unanswered: c[plan.points + 1],
                    })
                })
                .collect();
            Ok(GroupFigures { n: acc.n, overall, dimensions, items, withheld })
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
                    let ci95 = crate::stats::welch_ci95(moments_of(&x.summary), moments_of(&y.summary));
                    gaps.push(Gap {
                        dimension: d,
                        earlier: *ga,
                        later: *gb,
                        difference,
                        ci95,
                        flagged: flag(difference, ci95, doc.gap_threshold),
                    });
                }
            }
        }
    }
    Report { k: doc.anonymity_k, groups, gaps, notes }
}

/// An item is shown only where its dimension is: a withheld dimension keeps its answers too.
/// `kinds` and `status` are in the order `finish` builds them, so dimension `d` is at `1 + d`.
fn tie_items_to_dimensions(kinds: &[Figure], dimension_of: &[Option<usize>], status: &mut [Result<(), Withheld>]) {
    for f in 0..kinds.len() {
        if let Figure::Item(i) = kinds[f]
            && let Some(d) = dimension_of[i]
            && status[f].is_ok()
            && let Err(why) = &status[1 + d]
        {
            status[f] = Err(why.clone());
        }
    }
}

/// Changes between two rounds' reports of the same instrument, from shown figures only.
pub fn compare(instrument: &Instrument, previous: &Report, current: &Report) -> Vec<Change> {
    let threshold = instrument.doc().gap_threshold;
    // The overall score's threshold is in its own units: scale points for a mean, and for a
    // total (`sum` mode) scale points times the items' total weight.
    let overall_threshold = match instrument.mode() {
        crate::instrument::Mode::Sum => threshold * instrument.scored_weight(),
        _ => threshold,
    };
    let change = |slot: Slot, dimension: Option<usize>, p: &Summary, c: &Summary, threshold: f64| {
        let ci95 = crate::stats::welch_ci95(moments_of(p), moments_of(c));
        Change {
            slot,
            dimension,
            previous: p.mean,
            current: c.mean,
            ci95,
            flagged: flag(c.mean - p.mean, ci95, threshold),
        }
    };
    let mut changes = Vec::new();
    for now in &current.groups {
        let (Ok(cur), Some(prev)) = (&now.figures, previous.figures(now.slot)) else {
            continue;
        };
        if let (Some(p), Some(c)) = (&prev.overall, &cur.overall) {
            changes.push(change(now.slot, None, p, c, overall_threshold));
        }
        for d in 0..cur.dimensions.len() {
            if let (Some(p), Some(c)) = (&prev.dimensions[d], &cur.dimensions[d]) {
                changes.push(change(now.slot, Some(d), &p.summary, &c.summary, threshold));
            }
        }
    }
    changes
}

/// Where an imported response came from, for messages. Formatted only when a message is made,
/// so importing a large file costs no formatting per line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A line of a JSON-lines or CSV file (1-based).
    Line(usize),
    /// The n-th pasted response code (1-based).
    Code(usize),
    /// A single response document.
    Document,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "line {n}"),
            Origin::Code(n) => write!(f, "code {n}"),
            Origin::Document => Ok(()),
        }
    }
}

/// Responses gathered for one instrument: de-duplicated by id, each checked, rejects explained.
/// The answers are kept in [`Columns`] as they arrive, so a report needs no conversion; the
/// checked responses themselves too, unless the data set is [`Dataset::lean`].
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Every response taken, unless the data set is lean.
    pub sheets: Vec<Sheet>,
    keep_sheets: bool,
    columns: Option<Columns>,
    /// Round labels in the order they were first seen; responses refer to them by index.
    round_labels: Vec<String>,
    /// Why a response was not taken, with where it came from (`line 12`, `row 3`, `code 2`).
    pub rejected: Vec<Diagnostic>,
    /// Responses whose id had already been loaded.
    pub duplicates: usize,
    /// Responses not read because the data set was full (said once in `rejected`, then counted).
    pub over_limit: usize,
    seen: HashSet<String>,
}

impl Dataset {
    pub fn new() -> Dataset {
        Dataset { keep_sheets: true, ..Dataset::default() }
    }

    /// A data set that keeps only what reports need (answer codes, groups, rounds and the ids seen),
    /// not the responses themselves: about 50 bytes a response of 40 items instead of 500, for
    /// the facilitator's hundred thousand responses.
    pub fn lean() -> Dataset {
        Dataset::default()
    }

    /// How many responses were taken.
    pub fn len(&self) -> usize {
        self.columns.as_ref().map_or(0, Columns::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when no more responses fit. The first response turned away is said once, with where
    /// it came from; every later one is only counted in `over_limit` (a 50 MB file over the limit
    /// must not bring a million identical messages).
    fn full(&mut self, origin: Origin) -> bool {
        if self.len() < MAX_RESPONSES {
            return false;
        }
        if self.over_limit == 0 {
            self.rejected.push(Diagnostic::new(
                origin.to_string(),
                format!("a data set holds at most {MAX_RESPONSES} responses: this one and any after it were not read"),
            ));
        }
        self.over_limit += 1;
        true
    }

    /// Adds one parsed response; `origin` names where it came from in messages.
    pub fn add(&mut self, instrument: &Instrument, response: &impl ResponseFields, origin: Origin) {
        if self.full(origin) {
            return;
        }
        if self.seen.contains(response.id()) {
            self.duplicates += 1;
            return;
        }
        match Sheet::check(instrument, response) {
            Ok(sheet) => {
                self.seen.insert(sheet.id.clone());
                let round = match self.round_labels.iter().position(|r| *r == sheet.round) {
                    Some(r) => r,
                    None => {
                        self.round_labels.push(sheet.round.clone());
                        self.round_labels.len() - 1
                    }
                };
                self.columns.get_or_insert_with(|| Columns::new(instrument)).push(instrument, &sheet, round as u32);
                if self.keep_sheets {
                    self.sheets.push(sheet);
                }
            }
            Err(problems) => {
                let detail = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                self.rejected.push(Diagnostic::new(origin.to_string(), detail));
            }
        }
    }

    /// Adds a response already checked against `instrument` by the line reader in `fast.rs`, as
    /// its answer codes. False when this data set keeps whole responses (the caller then takes
    /// the long way); a duplicate or a full data set is handled as by [`Dataset::add`].
    pub(crate) fn add_codes(
        &mut self,
        instrument: &Instrument,
        id: &str,
        round: &str,
        group: Option<usize>,
        codes: &[u8],
        origin: Origin,
    ) -> bool {
        if self.keep_sheets {
            return false;
        }
        if self.full(origin) {
            return true;
        }
        if self.seen.contains(id) {
            self.duplicates += 1;
            return true;
        }
        self.seen.insert(id.to_owned());
        let round = match self.round_labels.iter().position(|r| r == round) {
            Some(r) => r,
            None => {
                self.round_labels.push(round.to_owned());
                self.round_labels.len() - 1
            }
        };
        self.columns.get_or_insert_with(|| Columns::new(instrument)).push_codes(codes, group, round as u32);
        true
    }

    /// Adds every line of a JSON-lines text (one response per line; blank lines skipped).
    pub fn add_json_lines(&mut self, instrument: &Instrument, text: &str) {
        if text.len() > MAX_IMPORT_BYTES {
            self.rejected.push(Diagnostic::new(
                "",
                format!("the file is {} bytes; the limit is {MAX_IMPORT_BYTES} bytes", text.len()),
            ));
            return;
        }
        // A byte-order mark at the start is not part of the first response.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let origin = Origin::Line(n + 1);
            match ResponseRef::from_json(line) {
                Ok(response) => self.add(instrument, &response, origin),
                Err(e) => self.rejected.push(Diagnostic::new(origin.to_string(), e.to_string())),
            }
        }
    }

    /// Round labels present, in first-seen order.
    pub fn rounds(&self) -> Vec<String> {
        self.round_labels.clone()
    }

    /// How many responses each round holds, in first-seen order.
    pub fn round_sizes(&self) -> Vec<(String, usize)> {
        let mut sizes = vec![0usize; self.round_labels.len()];
        for &r in self.columns.as_ref().map_or(&[][..], |c| &c.rounds[..]) {
            sizes[r as usize] += 1;
        }
        self.round_labels.iter().cloned().zip(sizes).collect()
    }

    /// The sheets of one round (empty for a lean data set).
    pub fn round(&self, label: &str) -> Vec<Sheet> {
        self.sheets.iter().filter(|s| s.round == label).cloned().collect()
    }

    /// Every response's answers in columns.
    pub fn columns(&self, instrument: &Instrument) -> Columns {
        self.columns.clone().unwrap_or_else(|| Columns::new(instrument))
    }

    /// The group report over every response, or over one round.
    pub fn report(&self, instrument: &Instrument, round: Option<&str>) -> Report {
        let empty = Columns::new(instrument);
        let all = self.columns.as_ref().unwrap_or(&empty);
        match round {
            None => aggregate_columns(instrument, all),
            Some(label) => match self.round_labels.iter().position(|r| r == label) {
                Some(r) => aggregate_columns(instrument, &all.of_round(r as u32)),
                None => aggregate_columns(instrument, &empty),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_data_set_says_so_once_and_counts_the_rest() {
        let instrument = crate::builtin::demo();
        let mut data = Dataset::lean();
        let mut columns = Columns::new(&instrument);
        // As if 500,000 responses had been taken (only the count matters here).
        columns.slots = vec![1; MAX_RESPONSES];
        data.columns = Some(columns);
        let lines = crate::synth::json_lines(&instrument, 3, 1);
        data.add_json_lines(&instrument, &lines);
        assert_eq!(data.rejected.len(), 1, "{:?}", data.rejected);
        assert!(data.rejected[0].message.contains("at most 500000 responses"));
        assert_eq!(data.rejected[0].path, "line 1");
        assert_eq!(data.over_limit, 3);
    }
}
