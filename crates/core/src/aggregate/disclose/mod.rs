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

mod combination;
mod report;

pub use report::{
    Alpha, CommentFigures, Consistency, DimensionFigures, Disclosed, Figure, ItemFigures, Report, Segment,
    SegmentFigures, SegmentReport, Summary, Withheld,
};

use combination::{Combinations, Type};

use super::differences;
use super::tally::{Layout, Membership, Tally};
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
        // Counted over the complete cases of the item's dimension (see `Tally::items`).
        Figure::Item(i) => layout.dimension_of(i).map_or(0, |d| tally.alpha_total[d].n),
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

    /// Withholds `figure` in `segment` for `why`, and with a dimension its consistency, and
    /// with a consistency the items counted over the same complete cases: withheld means withheld.
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
        if let Figure::Dimension(d) | Figure::Consistency(d) = figure {
            set(Figure::Consistency(d));
            for i in layout.ranges[d].clone().filter(|&i| layout.scored[i]) {
                set(Figure::Item(i));
            }
        }
    }

    /// Ties consistency to its dimension, and items to their dimension's consistency, in every
    /// segment.
    fn tie_to_dimensions(&mut self, layout: &Layout) {
        for segment in 0..self.segments.len() {
            for d in 0..self.kinds.dims {
                for figure in [Figure::Dimension(d), Figure::Consistency(d)] {
                    if let Err(why) = self.figures[segment][self.kinds.index(figure)] {
                        self.withhold(layout, segment, figure, why);
                    }
                }
            }
        }
    }
}

/// How much showing a figure is worth, to choose which to keep: the overall score first, then
/// the dimensions, their consistency, and a single item's counts last.
fn worth(figure: Figure) -> u64 {
    match figure {
        Figure::Respondents => 1_000_000,
        Figure::Overall => 100,
        Figure::Dimension(_) => 20,
        Figure::Consistency(_) => 2,
        Figure::Item(_) => 1,
    }
}

/// The rule across kinds: no weighted combination of shown figures, of any kinds and any
/// segments, may single out fewer than k responses.
///
/// Every figure sums over a set of responses, so a combination of figures puts one coefficient
/// on each response, and responses in exactly the same shown figures (a *group*) get the same
/// one. A combination singles out fewer than k responses only if it vanishes on every group of
/// k or more; so it is enough that every smaller group's membership is a combination of the
/// larger groups' (then whatever vanishes on the large groups vanishes everywhere). Figures are
/// taken most telling first (the overall score, then each area, then each area's complete
/// cases, on which its consistency and its statements' answers are counted; a group's figure
/// before everyone's, which the gaps need), and each is kept only if the figures kept so far
/// and it still pass that test. The overall score over 12 beside an area over 11 does not: their
/// difference lives on the one respondent without the area, so the area is withheld.
///
/// Statements' answers ride on their area's complete cases rather than on who answered each
/// statement: every statement's set is then the same, so they add no figure to this test, and
/// a statement can never be set against its area's mean. Sizes are counts, not sums of anyone's
/// answers: the segment rules above protect them.
fn combinations(layout: &Layout, types: &[Type], decisions: &mut Decisions, k: u64) {
    let kinds = decisions.kinds;
    let value_kinds: Vec<usize> = std::iter::once(Figure::Overall)
        .chain((0..kinds.dims).flat_map(|d| [Figure::Dimension(d), Figure::Consistency(d)]))
        .map(|f| kinds.index(f))
        .collect();
    let mut rows: Vec<(usize, usize)> = (0..decisions.segments.len())
        .flat_map(|s| value_kinds.iter().map(move |&kind| (s, kind)))
        .filter(|&(s, kind)| decisions.shown(s, kind))
        .collect();
    crate::order::sort_by_key(&mut rows, |&(s, kind)| (std::cmp::Reverse(worth(kinds.figure(kind))), s == 0, s, kind));
    let position = |kind: usize| value_kinds.iter().position(|&v| v == kind).unwrap_or(0);
    let mut test = Combinations::new(types, k);
    for &(s, kind) in &rows {
        // A figure of an area withheld on the way is withheld with it.
        if decisions.shown(s, kind) && !test.admit(s, position(kind)) {
            decisions.withhold(layout, s, kinds.figure(kind), Withheld::WouldRevealByCombination);
        }
    }
}

/// The types the rule across kinds works on ([`combinations`]): responses by group and by the
/// figures they are counted in, as the count recorded them ([`Membership`]). Everyone's are not
/// needed: every response is in exactly one group's (or in no group's). The order the test meets
/// them in does not change what it decides (ranks do not depend on the order of columns).
fn types(layout: &Layout, tallies: &[Tally]) -> Vec<Type> {
    let bits = 1 + 2 * layout.ranges.len();
    let member = |key: &Membership| (0..bits).map(|b| key[b / 64] >> (b % 64) & 1 == 1).collect();
    let mut types = Vec::new();
    for (segment, tally) in tallies.iter().enumerate().skip(1) {
        if tally.full > 0 {
            types.push(Type { segment, member: vec![true; bits], n: tally.full });
        }
        types.extend(tally.partial.iter().map(|(key, &n)| Type { segment, member: member(key), n }));
    }
    types
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
                    if is_figure(kind) && population(layout, tally, figure) < k {
                        Err(Withheld::FewerThanK)
                    } else {
                        Ok(())
                    }
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
    combinations(layout, &types(layout, tallies), &mut decisions, k);

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
    let comment_k = comment_threshold(instrument);
    let comments = comments(instrument, tallies, &decisions, &listed, comment_k);
    Report { k: doc.anonymity_k, segments: listed, gaps, comments, comment_k }
}

/// The fewest comments a report shows for one comment question (and the number the respondent is
/// told beside the field): people are known by what they write, so the threshold is higher than
/// the figures' (employee-survey platforms keep 10 against 5), and never below k.
pub const DEFAULT_COMMENT_K: u32 = 10;

/// The comment threshold of `instrument`.
pub fn comment_threshold(instrument: &Instrument) -> u32 {
    let doc = instrument.doc();
    doc.comment_k.unwrap_or(DEFAULT_COMMENT_K).max(doc.anonymity_k)
}

/// The comment rule: a segment's comments on an item are shown when the segment is shown and at
/// least `threshold` of its respondents wrote one; all respondents' when, besides, the comments
/// of the segments not shown are none or at least `threshold` (else all respondents' list minus
/// the groups' lists would single out the few others). Every comment is redacted here, and sorted
/// by its text, so neither contact details nor the order of arrival leave the core.
fn comments(
    instrument: &Instrument,
    tallies: &[Tally],
    decisions: &Decisions,
    listed: &[SegmentReport],
    threshold: u32,
) -> Vec<CommentFigures> {
    let threshold = threshold as usize;
    let index_of = |segment: Segment| match segment {
        Segment::All => 0,
        Segment::Group(g) => g + 1,
        Segment::Ungrouped => tallies.len() - 1,
    };
    (0..instrument.item_count())
        .filter(|&i| instrument.item(i).kind == crate::instrument::ItemKind::Comment)
        .map(|item| {
            let count = |s: usize| tallies[s].comments[item].len();
            let shown = |s: usize| decisions.segments[s].is_ok() && count(s) >= threshold;
            let shown_groups: usize = (1..tallies.len()).filter(|&s| shown(s)).map(count).sum();
            let rest = count(0) - shown_groups;
            let lists = listed
                .iter()
                .map(|r| {
                    let s = index_of(r.segment);
                    let visible = shown(s) && (s != 0 || rest == 0 || rest >= threshold);
                    let list = if visible {
                        let mut texts: Vec<crate::comments::Comment> =
                            tallies[s].comments[item].iter().map(|t| crate::comments::redact(t.trim())).collect();
                        crate::order::sort_by_key(&mut texts, |c| c.text(|_| String::new()));
                        Ok(texts)
                    } else {
                        Err(Withheld::FewerThanCommentThreshold)
                    };
                    (r.segment, list)
                })
                .collect();
            CommentFigures { item, lists }
        })
        .collect()
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
                    let items =
                        &tally.alpha_items[layout.alpha_offset[d]..layout.alpha_offset[d] + layout.scored_per_dim[d]];
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
    let items = (0..instrument.item_count())
        .map(|i| {
            layout.scored[i].then(|| {
                decided(Figure::Item(i))
                    .map(|()| ItemFigures { counts: tally.items[i * layout.points..(i + 1) * layout.points].to_vec() })
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
