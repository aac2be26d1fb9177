//! Everything the report shows, worked out once per change of the data or the selection (not on
//! every render) from the core: the reports of the round on screen and the round compared with,
//! the changes, the plans' roles, the verdicts, the meeting points, the glance grid and the
//! statements' results. Pure: the sections only render what is here, and this module is tested
//! natively.

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{
    self, Change, Dataset, Disclosed, Report, Segment, SegmentFigures, Sizes, Withheld,
};
use partnerscope_core::comments::Comment;
use partnerscope_core::insight::{self, NoChanges, NoGaps, Point};
use partnerscope_core::instrument::Mode;
use partnerscope_core::plan::{self, ActionPlan};
use partnerscope_core::score::{Advice, Verdicts, band_of};

use crate::state::Selection;

/// One cell of the glance grid: a mean as shown and its band, or why it is withheld.
pub type Cell = Disclosed<(f64, usize)>;

/// A row of the glance grid: the overall score (`dimension: None`) or one area, a cell per
/// segment of [`Derived::columns`].
#[derive(Clone, Debug, PartialEq)]
pub struct GlanceRow {
    pub dimension: Option<usize>,
    pub cells: Vec<Cell>,
}

/// One statement's answers per shown segment: how many answered (every statement of the area)
/// and the mean as answered, or why it is withheld.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementRow {
    pub item: usize,
    pub cells: Vec<Disclosed<(u64, f64)>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub instrument: Instrument,
    pub selection: Selection,
    /// The data set's sizes, as far as the rule lets them be said.
    pub sizes: Sizes,
    pub report: Report,
    pub previous: Option<Report>,
    pub changes: Vec<Change>,
    /// The plan that judges the change shown: agreed after the round compared with.
    pub judged: Option<ActionPlan>,
    /// The plan being written now: agreed after the round on screen (empty until edited).
    pub written: ActionPlan,
    /// Plans known that judge neither this change nor are being written now, for a note.
    pub elsewhere: Vec<ActionPlan>,
    /// The shown segments, in the report's order: the columns of the grid and statement tables.
    pub columns: Vec<Segment>,
    /// Each shown segment's verdicts (balance, stage, advice).
    pub verdicts: Vec<(Segment, Verdicts)>,
    pub points: Vec<Point>,
    /// The first recommendation of each of the weakest areas, at most five.
    pub advice: Vec<Advice>,
    pub no_gaps: Option<NoGaps>,
    pub no_changes: Option<NoChanges>,
    pub glance: Vec<GlanceRow>,
    /// Per dimension, its statements' rows.
    pub statements: Vec<Vec<StatementRow>>,
    /// Some shown consistency is negative: explained once, in words.
    pub negative_alpha: bool,
    /// The open comments, per comment item, in this load's order.
    pub comments: Vec<CommentBlock>,
}

/// A comment as the report lists it: a key to hide or tag it by (a fingerprint of its question
/// and words, the same whenever the file is opened), and its redacted words.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownComment {
    pub key: u64,
    pub comment: Comment,
}

/// The comments of one comment question: its area, and per segment the comments or why not.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentBlock {
    pub item: usize,
    pub dimension: Option<usize>,
    pub lists: Vec<(Segment, Disclosed<Vec<ShownComment>>)>,
}

/// FNV-1a over the comment's question and words: a comment's key for hiding and themes.
fn fingerprint(item: &str, comment: &Comment) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let text = comment.text(|_| "\u{1}".to_owned());
    for byte in item.bytes().chain([0]).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The figures of the segment the advice and the weakest areas are read from: everyone, or
/// failing that the largest shown group.
pub fn basis(report: &Report) -> Option<&SegmentFigures> {
    report
        .figures(Segment::All)
        .or_else(|| report.segments().iter().filter_map(|s| s.figures().ok()).max_by_key(|f| f.n()))
}

/// Everything shown for `selection` of `data` (responses to `instrument`), with the `plans`
/// known for the questionnaire.
/// `seed` orders the comments (the report draws it when it opens, so the order says nothing).
/// In one go, for the tests; the page works the reports out itself and calls [`derive_from`].
#[cfg(test)]
pub fn derive(
    instrument: &Instrument,
    data: &Dataset,
    selection: &Selection,
    plans: &[ActionPlan],
    seed: u64,
) -> Derived {
    let report = data.report(instrument, &selection.round);
    let previous = selection.previous.as_ref().map(|r| data.report(instrument, r));
    derive_from(instrument, data, selection, plans, seed, report, previous)
}

/// [`derive`] from the reports of the round on screen and of the round compared with, already
/// worked out (the page works them out in steps after an import).
// Long because it is one pass that works out everything the sections show for one selection, in
// the order they show it; its parts share the selection's report, rounds and columns.
pub fn derive_from(
    instrument: &Instrument,
    data: &Dataset,
    selection: &Selection,
    plans: &[ActionPlan],
    seed: u64,
    report: Report,
    previous: Option<Report>,
) -> Derived {
    let doc = instrument.doc();
    let changes = previous.as_ref().map(|p| aggregate::compare(instrument, p, &report)).unwrap_or_default();
    let roles = plan::roles(plans, &selection.round, selection.previous.as_deref());
    let judged = roles.judged.cloned();
    // The plan being written starts, until it is edited, from the plan it follows on from: the
    // meeting usually carries its priorities forward. It is agreed after the round on screen.
    let written = roles.written.cloned().unwrap_or_else(|| match roles.judged {
        Some(judged) => {
            ActionPlan { agreed_after: selection.round.clone(), review_at: String::new(), ..judged.clone() }
        }
        None => ActionPlan::new(instrument, &selection.round),
    });
    let elsewhere = plans
        .iter()
        .filter(|p| Some(*p) != roles.judged && Some(*p) != roles.written && p.instrument == instrument.id())
        .cloned()
        .collect();
    let shown: Vec<(Segment, &SegmentFigures)> =
        report.segments().iter().filter_map(|s| s.figures().ok().map(|f| (s.segment(), f))).collect();
    let columns: Vec<Segment> = shown.iter().map(|(s, _)| *s).collect();
    let verdicts = shown.iter().map(|(s, f)| (*s, insight::group_verdicts(instrument, f))).collect();
    let points = insight::meeting_points(instrument, &report, &changes, judged.as_ref());
    let mut advice: Vec<Advice> = Vec::new();
    if let Some(f) = basis(&report) {
        for a in insight::group_verdicts(instrument, f).advice {
            if advice.len() < 5 && !advice.iter().any(|x| x.dimension == a.dimension) {
                advice.push(a);
            }
        }
    }
    let no_gaps = insight::why_no_gaps(instrument, &report);
    let no_changes = previous.as_ref().and_then(|p| insight::why_no_changes(p, &report, &changes));

    let overall_bands = if doc.scoring.mode == Mode::Sum { &doc.scoring.total_bands } else { &doc.scoring.bands };
    let mut glance = vec![GlanceRow {
        dimension: None,
        cells: shown.iter().map(|(_, f)| f.overall().map(|o| (o.mean(), band_of(overall_bands, o.mean())))).collect(),
    }];
    for d in 0..doc.dimensions.len() {
        let bands = instrument.dimension_bands(d);
        glance.push(GlanceRow {
            dimension: Some(d),
            cells: shown
                .iter()
                .map(|(_, f)| f.dimension(d).map(|x| (x.summary().mean(), band_of(bands, x.summary().mean()))))
                .collect(),
        });
    }

    let min = f64::from(instrument.scale_min());
    let statements = (0..doc.dimensions.len())
        .map(|d| {
            instrument
                .dimension_items(d)
                .filter(|&i| shown.first().is_some_and(|(_, f)| f.item(i).is_some()))
                .map(|item| StatementRow {
                    item,
                    cells: shown
                        .iter()
                        .map(|(_, f)| match f.item(item) {
                            Some(Ok(counts)) => {
                                let n = counts.n();
                                let sum: f64 =
                                    counts.counts().iter().enumerate().map(|(p, &c)| (min + p as f64) * c as f64).sum();
                                if n == 0 { Err(Withheld::FewerThanK) } else { Ok((n, sum / n as f64)) }
                            }
                            Some(Err(why)) => Err(why),
                            None => Err(Withheld::FewerThanK),
                        })
                        .collect(),
                })
                .collect()
        })
        .collect();
    let negative_alpha = shown.iter().any(|(_, f)| {
        (0..f.dimension_count()).any(|d| {
            f.dimension(d)
                .ok()
                .and_then(|x| x.consistency().ok())
                .is_some_and(|c| matches!(c.alpha(), aggregate::Alpha::Value(a) if a < 0.0))
        })
    });

    let comments = report
        .comments()
        .iter()
        .map(|figures| {
            let item = figures.item();
            let id = &instrument.item(item).id;
            let lists = figures
                .lists()
                .iter()
                .map(|(segment, list)| {
                    let list = list.as_ref().map_err(|why| *why).map(|list| {
                        let mut shown: Vec<ShownComment> =
                            list.iter().map(|c| ShownComment { key: fingerprint(id, c), comment: c.clone() }).collect();
                        partnerscope_core::comments::shuffle(&mut shown, seed ^ item as u64);
                        shown
                    });
                    (*segment, list)
                })
                .collect();
            CommentBlock {
                item,
                dimension: (0..doc.dimensions.len()).find(|&d| instrument.dimension_items(d).contains(&item)),
                lists,
            }
        })
        .collect();

    Derived {
        comments,
        instrument: instrument.clone(),
        selection: selection.clone(),
        sizes: data.sizes(instrument),
        report,
        previous,
        changes,
        judged,
        written,
        elsewhere,
        columns,
        verdicts,
        points,
        advice,
        no_gaps,
        no_changes,
        glance,
        statements,
        negative_alpha,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnerscope_core::aggregate::Origin;
    use partnerscope_core::builtin;

    /// A data set of the health check: `per_group` responses per group in each round.
    fn data(rounds: &[(&str, usize)]) -> (Instrument, Dataset) {
        let instrument = builtin::all_lean().into_iter().find(|i| i.id() == "health-check").unwrap();
        let mut data = Dataset::new();
        for (r, (round, per_group)) in rounds.iter().enumerate() {
            for mut sheet in partnerscope_core::synth::sheets(&instrument, per_group * 2, r as u64 + 1) {
                sheet.set_round(round).unwrap();
                sheet.set_id(&format!("{round}-{}", sheet.id())).unwrap();
                data.add(&instrument, &sheet.to_response(&instrument), Origin::Document);
            }
        }
        (instrument, data)
    }

    fn with_plan(after: &str, dimension: &str, instrument: &Instrument) -> ActionPlan {
        let mut plan = ActionPlan::new(instrument, after);
        plan.priorities.push(partnerscope_core::plan::Priority { dimension: dimension.into(), actions: vec![] });
        plan
    }

    #[test]
    fn a_plan_written_while_viewing_a_round_never_judges_the_change_into_it() {
        // The case: viewing 2026 against 2025 and ticking "Trust" writes the plan agreed
        // after 2026. The meeting questions must not call Trust "a priority of the action plan".
        let (instrument, data) = data(&[("2025", 30), ("2026", 30)]);
        let selection = Selection { set: 0, round: "2026".into(), previous: Some("2025".into()) };
        let written = with_plan("2026", "trust", &instrument);
        let derived = derive(&instrument, &data, &selection, std::slice::from_ref(&written), 1);
        assert_eq!(derived.judged, None);
        assert_eq!(derived.written, written);
        assert!(!derived.points.iter().any(|p| matches!(p, Point::Planned { .. })), "{:?}", derived.points);
        // The plan agreed after 2025 does judge it.
        let agreed = with_plan("2025", "trust", &instrument);
        let derived = derive(&instrument, &data, &selection, &[agreed.clone(), written.clone()], 1);
        assert_eq!(derived.judged.as_ref(), Some(&agreed));
        assert_eq!(derived.written, written);
        let trust = instrument.dimensions().iter().position(|d| d.id == "trust").unwrap();
        assert!(derived.points.iter().any(|p| matches!(p, Point::Planned { dimension, .. } if *dimension == trust)));
        // Without a comparison nothing is judged, and the 2025 plan is only noted.
        let alone = Selection { previous: None, ..selection.clone() };
        let derived = derive(&instrument, &data, &alone, &[agreed.clone(), written], 1);
        assert_eq!(derived.judged, None);
        assert_eq!(derived.elsewhere, vec![agreed.clone()]);
        // With only the 2025 plan known, the plan written at 2026 starts from its priorities,
        // agreed after 2026.
        let derived = derive(&instrument, &data, &selection, std::slice::from_ref(&agreed), 1);
        assert_eq!(derived.written.agreed_after, "2026");
        assert_eq!(derived.written.priorities, agreed.priorities);
    }

    #[test]
    fn an_earlier_round_too_small_to_show_is_named_as_the_reason() {
        // Two per group in 2025: four in all, fewer than k = 5 even together.
        let (instrument, data) = data(&[("2025", 2), ("2026", 30)]);
        let selection = Selection { set: 0, round: "2026".into(), previous: Some("2025".into()) };
        let derived = derive(&instrument, &data, &selection, &[], 1);
        assert!(derived.changes.is_empty());
        assert_eq!(derived.no_changes, Some(NoChanges::EarlierWithheld));
        assert!(derived.sizes.rounds()[0].1.is_err(), "2025's size is not said");
        let derived =
            derive(&instrument, &data, &Selection { round: "2025".into(), previous: None, ..selection }, &[], 1);
        assert!(matches!(derived.no_gaps, Some(NoGaps::Withheld(ref groups)) if groups.len() == 2));
        assert!(derived.columns.is_empty() && derived.glance.iter().all(|r| r.cells.is_empty()));
    }

    #[test]
    fn the_glance_grid_and_the_statements_have_a_cell_per_shown_segment() {
        let (instrument, data) = data(&[("2026", 40)]);
        let selection = Selection { set: 0, round: "2026".into(), previous: None };
        let derived = derive(&instrument, &data, &selection, &[], 1);
        assert_eq!(derived.columns.len(), 3, "everyone and two groups");
        assert_eq!(derived.glance.len(), 1 + instrument.dimensions().len());
        assert!(derived.glance.iter().all(|r| r.cells.len() == 3));
        for (d, rows) in derived.statements.iter().enumerate() {
            let scale = instrument
                .dimension_items(d)
                .filter(|&i| instrument.item(i).kind == partnerscope_core::instrument::ItemKind::Scale);
            assert_eq!(rows.len(), scale.count(), "a row per statement, none for a comment question");
            for row in rows {
                for cell in row.cells.iter().flatten() {
                    let (n, mean) = *cell;
                    assert!(n >= 5 && (1.0..=5.0).contains(&mean), "{cell:?}");
                }
            }
        }
    }
}
