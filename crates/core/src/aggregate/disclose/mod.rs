//! The anonymity rule: the one function that decides what a report discloses ([`disclose`]),
//! and the one that decides which sizes of a data set may be said ([`sizes`]).
//!
//! *Architecture invariant*: no figure describing fewer than `k` responses (the instrument's
//! `anonymity_k`) leaves this module, and none that a weighted combination of shown figures
//! could narrow down to fewer than `k` responses either. The report's types (in `report.rs`)
//! have private fields and are built only here, so every other module, in the core or outside
//! it, sees a figure or the reason it is withheld, never a number the rule did not pass.
//!
//! Every figure is a sum over a set of responses: a segment's size over its members, the overall
//! score over those with one, a dimension over those who answered enough of it, its consistency
//! over its complete cases, an item's counts over those who answered it on the scale. Whatever
//! weights an attacker puts on shown figures, the result is a sum in which responses that belong
//! to exactly the same shown figures carry the same weight. So the rule groups responses by the
//! set of shown figures they belong to (their *signature*) and withholds figures until every
//! group that belongs to any shown figure holds at least `k` responses: then no combination of
//! figures, of any kinds, with any weights, can isolate fewer than `k` (docs/scoring.md,
//! "Anonymity"). The simpler rules come first, so the usual cases read as they always have:
//! a segment or a figure of fewer than `k`, and the complement of the groups in "all respondents".

mod report;

use std::collections::HashMap;

pub use report::{
    Alpha, Consistency, DimensionFigures, Disclosed, Figure, ItemFigures, Report, Segment, SegmentFigures,
    SegmentReport, Summary, Withheld,
};

use super::differences;
use super::tally::{Layout, Presence, Tally};
use crate::instrument::Instrument;
use crate::stats::{Moments, cronbach_alpha};

/// The kinds of figure of a segment, numbered: respondents, overall, each dimension, each
/// dimension's consistency, each item.
#[derive(Clone, Copy)]
struct Kinds {
    dims: usize,
    items: usize,
}

impl Kinds {
    fn count(self) -> usize {
        2 + 2 * self.dims + self.items
    }
    fn index(self, figure: Figure) -> usize {
        match figure {
            Figure::Respondents => 0,
            Figure::Overall => 1,
            Figure::Dimension(d) => 2 + d,
            Figure::Consistency(d) => 2 + self.dims + d,
            Figure::Item(i) => 2 + 2 * self.dims + i,
        }
    }
    fn figure(self, index: usize) -> Figure {
        match index {
            0 => Figure::Respondents,
            1 => Figure::Overall,
            i if i < 2 + self.dims => Figure::Dimension(i - 2),
            i if i < 2 + 2 * self.dims => Figure::Consistency(i - 2 - self.dims),
            i => Figure::Item(i - 2 - 2 * self.dims),
        }
    }
}

/// How many responses `figure` of a segment sums over, before any rule.
fn population(layout: &Layout, tally: &Tally, figure: Figure) -> u64 {
    match figure {
        Figure::Respondents => tally.n,
        Figure::Overall => tally.overall.n,
        Figure::Dimension(d) => tally.dims[d].n,
        Figure::Consistency(d) => tally.alpha_total[d].n,
        Figure::Item(i) => tally.answered(layout, i),
    }
}

/// The rule for "all respondents" as a whole, from the segments' sizes alone: shown when it
/// holds `k` or more and the withheld segments together hold none or at least `k` (else "all"
/// minus the shown segments would give them away). Shared by reports and data-set sizes.
fn everyone(k: u64, sizes: &[u64]) -> Disclosed<()> {
    let total: u64 = sizes.iter().sum();
    let hidden: u64 = sizes.iter().filter(|&&n| n > 0 && n < k).sum();
    if total < k {
        Err(Withheld::FewerThanK)
    } else if hidden > 0 && hidden < k {
        Err(Withheld::WouldRevealSmallGroup)
    } else {
        Ok(())
    }
}

/// Per segment, then per kind of figure: shown, or why not. Segment 0 is "all respondents".
struct Decisions {
    kinds: Kinds,
    segments: Vec<Disclosed<()>>,
    figures: Vec<Vec<Disclosed<()>>>,
}

impl Decisions {
    fn shown(&self, segment: usize, kind: usize) -> bool {
        self.segments[segment].is_ok() && self.figures[segment][kind].is_ok()
    }

    /// Withholds `figure` in `segment` for `why`, and with a dimension its consistency and
    /// its items: withheld means withheld.
    fn withhold(&mut self, layout: &Layout, segment: usize, figure: Figure, why: Withheld) {
        if figure == Figure::Respondents {
            self.segments[segment] = Err(why);
            return;
        }
        let kinds = self.kinds;
        let mut set = |f: Figure| {
            let slot = &mut self.figures[segment][kinds.index(f)];
            if slot.is_ok() {
                *slot = Err(why);
            }
        };
        set(figure);
        if let Figure::Dimension(d) = figure {
            set(Figure::Consistency(d));
            for i in layout.ranges[d].clone().filter(|&i| layout.scored[i]) {
                set(Figure::Item(i));
            }
        }
    }

    /// Ties items and consistency to their dimension in every segment.
    fn tie_to_dimensions(&mut self, layout: &Layout) {
        for segment in 0..self.segments.len() {
            for d in 0..self.kinds.dims {
                if let Err(why) = self.figures[segment][self.kinds.index(Figure::Dimension(d))] {
                    self.withhold(layout, segment, Figure::Dimension(d), why);
                }
            }
        }
    }
}

/// Per presence of a response, the kinds of figure it belongs to.
fn membership(layout: &Layout, kinds: Kinds, presence: &Presence) -> Vec<bool> {
    let present = |i: usize| presence[i / 64] >> (i % 64) & 1 == 1;
    let mut member = vec![false; kinds.count()];
    member[kinds.index(Figure::Respondents)] = true;
    let mut scored = vec![false; kinds.dims];
    for d in 0..kinds.dims {
        let answered = layout.ranges[d].clone().filter(|&i| layout.scored[i] && present(i)).count();
        scored[d] = answered >= layout.min_answered[d];
        member[kinds.index(Figure::Dimension(d))] = scored[d];
        member[kinds.index(Figure::Consistency(d))] = answered == layout.scored_per_dim[d];
    }
    member[kinds.index(Figure::Overall)] = layout.has_overall(&scored);
    for i in (0..kinds.items).filter(|&i| layout.scored[i]) {
        member[kinds.index(Figure::Item(i))] = present(i);
    }
    member
}

/// How much showing a figure is worth, to choose what to withhold: a segment's size is never
/// withheld this way, the overall score last, a single item's counts first.
fn worth(figure: Figure) -> u64 {
    match figure {
        Figure::Respondents => 1_000_000,
        Figure::Overall => 100,
        Figure::Dimension(_) => 20,
        Figure::Consistency(_) => 2,
        Figure::Item(_) => 1,
    }
}

/// The combination rule: groups responses by their signature (the shown figures they belong
/// to, in their own segment and in "all respondents"), and while a group holds 1 to `k - 1`
/// responses, withholds the figures that set it apart from its nearest group (the fewest and
/// least telling figures; at equal cost the larger group), which merges the two. Withholding
/// only ever merges groups, so this ends, at the latest when nothing but sizes is left.
fn combinations(layout: &Layout, tallies: &[Tally], decisions: &mut Decisions, k: u64) {
    let kinds = decisions.kinds;
    let per_segment = kinds.count();
    let words = (tallies.len() * per_segment).div_ceil(64);
    // Each response belongs to exactly one segment besides "all": its presences there.
    let people: Vec<(usize, Vec<bool>, u64)> = (1..tallies.len())
        .flat_map(|s| {
            tallies[s].presences(layout).into_iter().map(move |(presence, n)| (s, presence, n))
        })
        .map(|(s, presence, n)| (s, membership(layout, kinds, &presence), n))
        .collect();
    // At most one figure is withheld per pass, and there are finitely many.
    for _ in 0..tallies.len() * per_segment + 1 {
        let mut atoms: HashMap<Vec<u64>, u64> = HashMap::new();
        for (s, member, n) in &people {
            let mut signature = vec![0u64; words];
            for (kind, _) in member.iter().enumerate().filter(|(_, m)| **m) {
                for segment in [0, *s] {
                    if decisions.shown(segment, kind) {
                        let bit = segment * per_segment + kind;
                        signature[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
            *atoms.entry(signature).or_default() += n;
        }
        let mut atoms: Vec<(Vec<u64>, u64)> = atoms.into_iter().collect();
        atoms.sort();
        let Some(small) = atoms.iter().position(|(signature, n)| *n < k && signature.iter().any(|w| *w != 0)) else {
            return;
        };
        let cost = |difference: &[usize]| -> u64 {
            difference.iter().map(|&bit| worth(kinds.figure(bit % per_segment))).sum()
        };
        let differing = |other: &[u64]| -> Vec<usize> {
            (0..words * 64).filter(|&bit| (atoms[small].0[bit / 64] ^ other[bit / 64]) >> (bit % 64) & 1 == 1).collect()
        };
        let best = atoms
            .iter()
            .enumerate()
            .filter(|(b, _)| *b != small)
            .map(|(b, (signature, n))| (cost(&differing(signature)), std::cmp::Reverse(*n), b))
            .min();
        let Some((_, _, partner)) = best else {
            // One group alone in the report, and fewer than k: nothing but withholding it all.
            for bit in differing(&vec![0u64; words]) {
                decisions.withhold(layout, bit / per_segment, kinds.figure(bit % per_segment), Withheld::WouldRevealByCombination);
            }
            continue;
        };
        for bit in differing(&atoms[partner].0.clone()) {
            decisions.withhold(layout, bit / per_segment, kinds.figure(bit % per_segment), Withheld::WouldRevealByCombination);
        }
    }
}

fn summary(m: &Moments, histogram: Vec<u64>) -> Disclosed<Summary> {
    match m.mean() {
        Some(mean) => Ok(Summary { n: m.n, mean, sd: m.sd(), ci95: m.ci95(), histogram }),
        None => Err(Withheld::FewerThanK),
    }
}

/// The report of `tallies` (segment 0 everyone, then each group, then no group): every figure
/// the rule passes, and for every other the reason it is withheld.
pub(super) fn disclose(instrument: &Instrument, layout: &Layout, tallies: &[Tally]) -> Report {
    let doc = instrument.doc();
    let k = u64::from(doc.anonymity_k);
    let kinds = Kinds { dims: layout.ranges.len(), items: instrument.item_count() };
    let is_figure = |kind: usize| !matches!(kinds.figure(kind), Figure::Item(i) if !layout.scored[i]);

    // 1. Segments: each needs k responses; "all" also must not give away the withheld ones.
    let sizes: Vec<u64> = tallies[1..].iter().map(|t| t.n).collect();
    let mut segments: Vec<Disclosed<()>> =
        tallies.iter().map(|t| if t.n < k { Err(Withheld::FewerThanK) } else { Ok(()) }).collect();
    segments[0] = everyone(k, &sizes);

    // 2. Each figure needs k responses of its own, and withheld means withheld.
    let figures = tallies
        .iter()
        .map(|tally| {
            (0..kinds.count())
                .map(|kind| {
                    let figure = kinds.figure(kind);
                    if is_figure(kind) && population(layout, tally, figure) < k { Err(Withheld::FewerThanK) } else { Ok(()) }
                })
                .collect()
        })
        .collect();
    let mut decisions = Decisions { kinds, segments, figures };
    decisions.tie_to_dimensions(layout);

    // 3. The complement, figure by figure: all respondents minus the segments showing a figure
    //    leaves what the others hold; between 1 and k - 1 responses there, and the figure is
    //    withheld for all respondents too.
    for kind in (1..kinds.count()).filter(|&kind| is_figure(kind)) {
        if !decisions.shown(0, kind) {
            continue;
        }
        let figure = kinds.figure(kind);
        let shown: u64 = (1..tallies.len())
            .filter(|&s| decisions.shown(s, kind))
            .map(|s| population(layout, &tallies[s], figure))
            .sum();
        let rest = population(layout, &tallies[0], figure) - shown;
        if rest > 0 && rest < k {
            decisions.withhold(layout, 0, figure, Withheld::WouldRevealSmallGroup);
        }
    }
    decisions.tie_to_dimensions(layout);

    // 4. Any combination of shown figures, across kinds and segments.
    combinations(layout, tallies, &mut decisions, k);

    let group_count = doc.groups.len();
    let mut listed = Vec::new();
    for (s, tally) in tallies.iter().enumerate() {
        let segment = match s {
            0 => Segment::All,
            s if s <= group_count => Segment::Group(s - 1),
            _ => Segment::Ungrouped,
        };
        if segment != Segment::All && tally.n == 0 {
            continue;
        }
        let figures = decisions.segments[s].map(|()| build(instrument, layout, tally, &decisions, s));
        listed.push(SegmentReport { segment, figures });
    }
    let groups: Vec<(usize, &SegmentFigures)> = listed
        .iter()
        .filter_map(|r| match (r.segment, &r.figures) {
            (Segment::Group(g), Ok(f)) => Some((g, f)),
            _ => None,
        })
        .collect();
    let gaps = differences::gaps(instrument, &groups);
    Report { k: doc.anonymity_k, segments: listed, gaps }
}

/// The figures of shown segment `s`, each as the rule decided.
fn build(instrument: &Instrument, layout: &Layout, tally: &Tally, decisions: &Decisions, s: usize) -> SegmentFigures {
    let kinds = decisions.kinds;
    let decided = |figure: Figure| decisions.figures[s][kinds.index(figure)];
    let dimensions = (0..kinds.dims)
        .map(|d| {
            decided(Figure::Dimension(d))?;
            let histogram = tally.dim_hist[d * layout.points..(d + 1) * layout.points].to_vec();
            let consistency = decided(Figure::Consistency(d)).map(|()| {
                let complete = tally.alpha_total[d].n;
                let alpha = if layout.scored_per_dim[d] < 2 {
                    Alpha::SingleItem
                } else {
                    let items = &tally.alpha_items[layout.alpha_offset[d]..layout.alpha_offset[d] + layout.scored_per_dim[d]];
                    cronbach_alpha(items, &tally.alpha_total[d]).map_or(Alpha::NoVariance, Alpha::Value)
                };
                Consistency { alpha, complete }
            });
            Ok(DimensionFigures { summary: summary(&tally.dims[d], histogram)?, consistency })
        })
        .collect();
    let overall = decided(Figure::Overall).and_then(|()| {
        let histogram = if layout.sum_mode { Vec::new() } else { tally.overall_hist.clone() };
        summary(&tally.overall, histogram)
    });
    let stride = layout.points + 2;
    let items = (0..instrument.item_count())
        .map(|i| {
            layout.scored[i].then(|| {
                decided(Figure::Item(i)).map(|()| {
                    let c = &tally.items[i * stride..(i + 1) * stride];
                    ItemFigures {
                        counts: c[..layout.points].to_vec(),
                        not_applicable: c[layout.points],
                        unanswered: c[layout.points + 1],
                    }
                })
            })
        })
        .collect();
    SegmentFigures { n: tally.n, overall, dimensions, items }
}

/// How many responses a data set holds, as far as the rule lets that be said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sizes {
    total: Disclosed<u64>,
    rounds: Vec<(String, Disclosed<u64>)>,
}

impl Sizes {
    /// Every response of every round: withheld when the responses no report shows the size of
    /// hold 1 to k - 1 (the total minus the rounds' shown sizes would give their number).
    pub fn total(&self) -> Disclosed<u64> {
        self.total
    }
    /// Each round's size, in first-seen order: exactly what its report says of "all
    /// respondents", so the size beside a withheld report is withheld too.
    pub fn rounds(&self) -> &[(String, Disclosed<u64>)] {
        &self.rounds
    }
}

/// The sizes that may be said of a data set whose rounds hold `rounds` (per round, the size of
/// each segment other than "all": the groups in order, then no group).
pub(super) fn sizes(k: u64, rounds: Vec<(String, Vec<u64>)>) -> Sizes {
    let mut total = 0;
    let mut disclosed = 0;
    let rounds = rounds
        .into_iter()
        .map(|(label, segments)| {
            let n: u64 = segments.iter().sum();
            total += n;
            let size = everyone(k, &segments).map(|()| n);
            // What the round's report says of its people: everyone, or the groups it shows.
            disclosed += size.unwrap_or_else(|_| segments.iter().filter(|&&s| s >= k).sum());
            (label, size)
        })
        .collect();
    let rest = total - disclosed;
    let total = if rest > 0 && rest < k { Err(Withheld::WouldRevealSmallGroup) } else { Ok(total) };
    Sizes { total, rounds }
}
