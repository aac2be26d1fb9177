//! Counting: one sweep over the answer codes into running sums per segment. Nothing here is
//! shown to anyone; [`super::disclose`] alone decides which of these sums become figures.

use std::collections::HashMap;

use super::columns::Columns;
use crate::instrument::{Instrument, ItemKind, Mode};
use crate::score::{combine, enough_answers, weighted_mean};
use crate::stats::Moments;

/// Which of its segment's figures that sum over answers one response is counted in, one bit
/// each: bit 0 the overall score, bit `1 + 2d` dimension `d`'s mean, bit `2 + 2d` its complete
/// cases (on which its consistency and its statements' answers are counted). Set by the count
/// itself as it adds the response to each figure, so the anonymity rule weighs exactly the sets
/// the figures were summed over.
pub(super) type Membership = Vec<u64>;

/// Precomputed per-item facts of an instrument, so the hot loop does no look-ups.
pub(super) struct Layout {
    pub min: i32,
    pub points: usize,
    pub scored: Vec<bool>,
    pub weight: Vec<f64>,
    pub ranges: Vec<std::ops::Range<usize>>,
    pub scored_per_dim: Vec<usize>,
    /// Where dimension `d`'s items start in [`Tally::alpha_items`].
    pub alpha_offset: Vec<usize>,
    /// The fewest answered items that give dimension `d` a score (the minimum share, as a count).
    pub min_answered: Vec<usize>,
    pub sum_mode: bool,
    /// The reverse-coded value of every (item, code) pair, NaN where the code is not a scored
    /// scale answer, so the hot loop needs no branch on the answer's kind.
    pub value: Vec<f64>,
    tables: Vec<Option<DimTable>>,
    /// Dimension weights, when the overall score is a plain weighted mean (mean or stage mode, no
    /// balance rule): then the hot loop computes it without building an `Overall`.
    plain_overall: Option<Vec<f64>>,
    min_share: f64,
    /// Per item: the dimension it is scored in (`None` for comments).
    item_dimension: Vec<Option<usize>>,
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
    /// Whether the pattern answers every scored item on the scale.
    complete: Vec<bool>,
}

/// Largest pattern table built for one dimension; bigger dimensions are scored response by response.
const MAX_PATTERNS: usize = 1 << 15;

impl Layout {
    // Long because every table of the layout is worked out once here, each from the ones before
    // it (scored items, their ranges, values, then the pattern tables).
    pub fn new(instrument: &Instrument) -> Layout {
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
                let mut complete = Vec::with_capacity(size);
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
                        complete.push(answered == items.len());
                        if answered >= needed { weighted / total_weight } else { f64::NAN }
                    })
                    .collect();
                Some(DimTable { items, radix, mean, complete })
            })
            .collect();
        let doc = instrument.doc();
        let dimension_weights: Vec<f64> = doc.dimensions.iter().map(|d| d.weight).collect();
        let plain_overall = (doc.balance.is_none() && doc.scoring.mode != Mode::Sum).then_some(dimension_weights);
        let item_dimension =
            (0..n).map(|i| scored[i].then(|| ranges.iter().position(|r| r.contains(&i))).flatten()).collect();
        Layout {
            min_share: doc.min_answered_share,
            plain_overall,
            item_dimension,
            min,
            points,
            weight,
            scored,
            ranges,
            scored_per_dim,
            alpha_offset,
            min_answered,
            sum_mode: instrument.mode() == Mode::Sum,
            value,
            tables,
        }
    }

    /// The dimension item `i` is scored in (`None` for a comment).
    pub fn dimension_of(&self, i: usize) -> Option<usize> {
        self.item_dimension[i]
    }
}

/// Running sums for one segment. Flat arrays, so the hot loop touches contiguous memory.
#[derive(Clone, Default)]
pub(super) struct Tally {
    pub n: u64,
    pub overall: Moments,
    pub overall_hist: Vec<u64>,
    pub dims: Vec<Moments>,
    /// `dims × points`.
    pub dim_hist: Vec<u64>,
    /// Complete-case moments per scored item, dimension after dimension (see `Layout::alpha_offset`).
    pub alpha_items: Vec<Moments>,
    /// Complete-case moments of each dimension's total.
    pub alpha_total: Vec<Moments>,
    /// `items × points`: how many of the complete cases of each item's dimension chose each
    /// scale point (as chosen, before reverse-coding). Counted over complete cases only, the
    /// same responses the dimension's consistency rests on, so a statement's answers can never
    /// be set against its area's mean to work out what someone who skipped a statement said.
    pub items: Vec<u64>,
    /// Per dimension with a pattern table: how many responses answered with each pattern.
    patterns: Vec<Vec<u64>>,
    /// Responses counted in every figure (the usual case, counted apart).
    pub full: u64,
    /// Every other membership, with how many responses have it (neither is kept for everyone:
    /// see `merge`).
    pub partial: HashMap<Membership, u64>,
    /// Per item: the open comments written in this segment (empty for scale items).
    pub comments: Vec<Vec<String>>,
}

impl Tally {
    fn new(layout: &Layout, item_count: usize) -> Tally {
        let dims = layout.ranges.len();
        Tally {
            n: 0,
            overall: Moments::default(),
            overall_hist: vec![0; layout.points],
            dims: vec![Moments::default(); dims],
            dim_hist: vec![0; dims * layout.points],
            alpha_items: vec![Moments::default(); layout.scored_per_dim.iter().sum()],
            alpha_total: vec![Moments::default(); dims],
            items: vec![0; item_count * layout.points],
            patterns: layout
                .tables
                .iter()
                .map(|t| t.as_ref().map_or_else(Vec::new, |t| vec![0; t.mean.len()]))
                .collect(),
            full: 0,
            partial: HashMap::new(),
            comments: vec![Vec::new(); item_count],
        }
    }

    /// Turns pattern counts into the same sums a response-by-response pass would have made.
    fn fold_patterns(&mut self, layout: &Layout) {
        let stride = layout.points + 2;
        for (d, table) in layout.tables.iter().enumerate() {
            let Some(table) = table else { continue };
            for (pattern, &count) in self.patterns[d].iter().enumerate().filter(|(_, c)| **c > 0) {
                let mean = table.mean[pattern];
                if mean.is_nan() {
                    continue;
                }
                self.dims[d].add_many(mean, count);
                self.dim_hist[d * layout.points + point_of(layout, mean)] += count;
                let codes = table.items.iter().enumerate().map(|(k, &i)| (i, pattern / table.radix[k] % stride));
                if codes.clone().all(|(_, code)| code < layout.points) {
                    let mut total = 0.0;
                    for (k, (i, code)) in codes.enumerate() {
                        let x = layout.value[i * stride + code];
                        self.alpha_items[layout.alpha_offset[d] + k].add_many(x, count);
                        self.items[i * layout.points + code] += count;
                        total += x;
                    }
                    self.alpha_total[d].add_many(total, count);
                }
            }
        }
    }

    /// Adds another segment's sums: every statistic here is a sum, so "all respondents" is the
    /// merge of the segments and each response is accumulated once.
    fn merge(&mut self, other: &Tally) {
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
        // Memberships (`full`, `partial`) are not merged: the rule reads them segment by segment
        // (`disclose::types`), every response being in exactly one segment.
        for (mine, theirs) in self.comments.iter_mut().zip(&other.comments) {
            mine.extend(theirs.iter().cloned());
        }
    }
}

/// The overall score of `score::combine` for a plain weighted mean, through the same
/// `weighted_mean`, without building an `Overall` (a property test holds the two together).
fn plain_overall(weights: &[f64], means: &[Option<f64>], min_share: f64, lo: f64) -> Option<f64> {
    // No balance rule, so no penalty: `combine`'s score is the weighted mean, kept on the scale.
    weighted_mean(weights.iter().copied(), means, min_share).map(|overall| overall.max(lo))
}

pub(super) fn point_of(layout: &Layout, value: f64) -> usize {
    // Round half up to the nearest scale point, after settling floating-point noise (a mean of
    // exactly 3.5 computed as 3.4999999999999996 goes up). The argument is at least 0.5 for any
    // score on the scale, so truncation is the floor.
    let point = (crate::text::settle(value) - f64::from(layout.min) + 0.5) as usize;
    point.min(layout.points - 1)
}

/// Counting in steps, so that a page can draw between them: the tallies so far (one per
/// segment: 0 everyone, filled by merging at the end, then each group of the instrument, then
/// responses without a group) and the next row of the columns to count.
pub(super) struct Counting {
    tallies: Vec<Tally>,
    /// Only the rows of this round (an index into the data set's labels), or every row.
    round: Option<u32>,
    next: usize,
    /// Room for one response's dimension means and membership, reused from row to row.
    means: Vec<Option<f64>>,
    member: Membership,
    /// The membership of a response counted in every figure.
    every: Membership,
}

impl Counting {
    pub fn new(instrument: &Instrument, layout: &Layout, round: Option<u32>) -> Counting {
        let item_count = instrument.item_count();
        let bits = 1 + 2 * layout.ranges.len();
        Counting {
            tallies: vec![Tally::new(layout, item_count); instrument.doc().groups.len() + 2],
            round,
            next: 0,
            means: vec![None; layout.ranges.len()],
            member: vec![0; bits.div_ceil(64)],
            every: (0..bits.div_ceil(64))
                .map(|w| if bits - 64 * w >= 64 { u64::MAX } else { (1 << (bits - 64 * w)) - 1 })
                .collect(),
        }
    }

    /// Looks at up to `rows` more rows of `columns` (the same columns on every call), counting
    /// those of the round; true when every row has been looked at. Columns of another shape than the instrument's count nothing.
    // Long because it is the one sweep over the codes (the report's hot path): its loops share the
    // per-segment sums, and cutting them apart would add calls per response.
    pub fn step(&mut self, instrument: &Instrument, layout: &Layout, columns: &Columns, rows: usize) -> bool {
        let item_count = instrument.item_count();
        let stride = layout.points + 2;
        let value = &layout.value;
        if columns.item_count != item_count || columns.points != layout.points {
            self.next = columns.len();
            return true;
        }
        let end = columns.len().min(self.next.saturating_add(rows));
        let (means, member) = (&mut self.means, &mut self.member);
        for r in self.next..end {
            if self.round.is_some_and(|round| columns.rounds[r] != round) {
                continue;
            }
            let row = &columns.codes[r * item_count..(r + 1) * item_count];
            let tally = &mut self.tallies[columns.segments[r] as usize];
            tally.n += 1;
            member.fill(0);
            for (d, range) in layout.ranges.iter().enumerate() {
                let (scored, complete) = (1 + 2 * d, 2 + 2 * d);
                if let Some(table) = &layout.tables[d] {
                    let pattern: usize =
                        table.items.iter().zip(&table.radix).map(|(&i, r)| usize::from(row[i]) * r).sum();
                    tally.patterns[d][pattern] += 1;
                    let mean = table.mean[pattern];
                    means[d] = (!mean.is_nan()).then_some(mean);
                    // The pattern's sums are added in `fold_patterns`, to the same figures.
                    if means[d].is_some() {
                        member[scored / 64] |= 1 << (scored % 64);
                    }
                    if table.complete[pattern] {
                        member[complete / 64] |= 1 << (complete % 64);
                    }
                    continue;
                }
                let (mut weighted, mut weight, mut answered, mut total) = (0.0, 0.0, 0usize, 0.0);
                for i in range.clone() {
                    let x = value[i * stride + usize::from(row[i])];
                    if !x.is_nan() {
                        weighted += layout.weight[i] * x;
                        weight += layout.weight[i];
                        answered += 1;
                        total += x;
                    }
                }
                means[d] = (answered >= layout.min_answered[d]).then(|| weighted / weight);
                if let Some(m) = means[d] {
                    tally.dims[d].add(m);
                    tally.dim_hist[d * layout.points + point_of(layout, m)] += 1;
                    member[scored / 64] |= 1 << (scored % 64);
                }
                // Complete cases for alpha: every scored item of the dimension answered on the scale.
                if answered == layout.scored_per_dim[d] {
                    let mut k = layout.alpha_offset[d];
                    for i in range.clone() {
                        if layout.scored[i] {
                            tally.alpha_items[k].add(value[i * stride + usize::from(row[i])]);
                            tally.items[i * layout.points + usize::from(row[i])] += 1;
                            k += 1;
                        }
                    }
                    tally.alpha_total[d].add(total);
                    member[complete / 64] |= 1 << (complete % 64);
                }
            }
            let overall = match &layout.plain_overall {
                Some(weights) => plain_overall(weights, means, layout.min_share, f64::from(layout.min)),
                None => combine(instrument, means).0.map(|o| o.score),
            };
            if let Some(score) = overall {
                tally.overall.add(score);
                if !layout.sum_mode {
                    tally.overall_hist[point_of(layout, score)] += 1;
                }
                member[0] |= 1;
            }
            if *member == self.every {
                tally.full += 1;
            } else {
                // Copied only the first time it is seen: a membership is usually shared by many
                // responses.
                match tally.partial.get_mut(member.as_slice()) {
                    Some(n) => *n += 1,
                    None => {
                        tally.partial.insert(member.clone(), 1);
                    }
                }
            }
        }
        self.next = end;
        end == columns.len()
    }

    /// The tallies, once every row is counted: the comments of the rows counted added, the
    /// pattern counts turned into sums, and everyone's tally the merge of the segments'.
    pub fn finish(mut self, layout: &Layout, columns: &Columns) -> Vec<Tally> {
        // Columns of another shape counted nothing, and take no comments either.
        let comments = if columns.item_count == self.tallies[0].comments.len() && columns.points == layout.points {
            columns.comments.as_slice()
        } else {
            &[]
        };
        for (row, item, text) in comments {
            let row = *row as usize;
            if self.round.is_some_and(|round| columns.rounds.get(row) != Some(&round)) {
                continue;
            }
            let segment = columns.segments.get(row).map_or(0, |&s| s as usize);
            if let Some(list) = self.tallies.get_mut(segment).and_then(|t| t.comments.get_mut(*item as usize)) {
                list.push(text.clone());
            }
        }
        for tally in &mut self.tallies {
            tally.fold_patterns(layout);
        }
        let (all, segments) = self.tallies.split_at_mut(1);
        for segment in segments.iter() {
            all[0].merge(segment);
        }
        self.tallies
    }
}
