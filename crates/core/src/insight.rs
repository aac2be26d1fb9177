//! What a group report means for the partnership meeting it prepares: the verdicts for a group's
//! means, the points worth raising, the reading of internal consistency, and the report as CSV and
//! JSON. Everything here is computed from figures the report shows: nothing withheld for
//! anonymity can come back through it.

use crate::aggregate::{Alpha, Change, Report, Segment, SegmentFigures};
use crate::instrument::Instrument;
use crate::json_write::Object;
use crate::plan::ActionPlan;
use crate::score::{SHOWN_DECIMALS, Verdicts, band_of, verdicts};
use crate::text::{fixed, units};

pub use crate::aggregate::{DEFAULT_COMMENT_K, comment_threshold};

/// Fewer complete cases than this and alpha is shown with a caution: it moves a lot from one
/// respondent to the next.
pub const ALPHA_CAUTION_BELOW: u64 = 10;

/// The verdicts (overall, balance, stage, recommendations) for one shown group's means.
pub fn group_verdicts(instrument: &Instrument, figures: &SegmentFigures) -> Verdicts {
    let means: Vec<Option<f64>> =
        (0..figures.dimension_count()).map(|d| figures.dimension(d).ok().map(|d| d.summary().mean())).collect();
    verdicts(instrument, &means, None)
}

/// How internal consistency reads, for a sentence beside the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consistency {
    /// 0.9 and above: consistent, perhaps because some statements say the same thing twice.
    VeryHigh,
    /// 0.8 to 0.9.
    Good,
    /// 0.7 to 0.8.
    Acceptable,
    /// 0.6 to 0.7: read the area's score with care.
    Questionable,
    /// Below 0.6: the statements do not measure one thing for this group.
    Low,
}

/// The reading of an alpha value (the usual thresholds of 0.9, 0.8, 0.7 and 0.6).
pub fn consistency(alpha: f64) -> Consistency {
    match alpha {
        a if a >= 0.9 => Consistency::VeryHigh,
        a if a >= 0.8 => Consistency::Good,
        a if a >= 0.7 => Consistency::Acceptable,
        a if a >= 0.6 => Consistency::Questionable,
        _ => Consistency::Low,
    }
}

/// Something worth raising at the partnership meeting.
#[derive(Clone, Debug, PartialEq)]
pub enum Point {
    /// A flagged perception gap: `later` minus `earlier` (group indices) on `dimension`.
    Gap { dimension: usize, earlier: usize, later: usize, difference: f64 },
    /// One of the two lowest areas for everyone who answered (below the top band). `weakest` is
    /// true for the lowest as shown (and for each area tied with it): only those are called the
    /// weakest, so two questions never name two different areas "the weakest".
    Weak { dimension: usize, mean: f64, weakest: bool },
    /// A dimension the action plan made a priority, and how it moved since the plan's round
    /// (for all respondents).
    Planned { dimension: usize, previous: f64, current: f64 },
    /// Another flagged change since the earlier round.
    Changed { segment: Segment, dimension: usize, previous: f64, current: f64 },
}

/// The points for the meeting, most telling first: every dimension of the action plan (how it
/// moved), the flagged perception gaps (largest first, at most three), the two weakest areas
/// below the top band, and at most two other flagged changes. `plan` must be the plan that
/// judges the change shown (`plan::roles(…).judged`): a plan agreed after another round, or the
/// one being written now, says nothing about this change.
pub fn meeting_points(
    instrument: &Instrument,
    report: &Report,
    changes: &[Change],
    plan: Option<&ActionPlan>,
) -> Vec<Point> {
    let doc = instrument.doc();
    let mut points = Vec::new();
    let all_change = |d: usize| changes.iter().find(|c| c.segment() == Segment::All && c.dimension() == Some(d));
    if let Some(plan) = plan {
        for (d, dim) in doc.dimensions.iter().enumerate() {
            if plan.has(&dim.id)
                && let Some(c) = all_change(d)
            {
                points.push(Point::Planned { dimension: d, previous: c.previous(), current: c.current() });
            }
        }
    }
    let mut gaps: Vec<_> = report.gaps().iter().filter(|g| g.flagged()).collect();
    // Largest first as shown; equal as shown keeps the report's order.
    crate::order::sort_by_key(&mut gaps, |g| std::cmp::Reverse(units(g.difference(), SHOWN_DECIMALS).abs()));
    for g in gaps.into_iter().take(3) {
        points.push(Point::Gap {
            dimension: g.dimension(),
            earlier: g.earlier(),
            later: g.later(),
            difference: g.difference(),
        });
    }
    // The weakest areas for all respondents, or failing that the largest shown group.
    let basis = report
        .figures(Segment::All)
        .or_else(|| report.segments().iter().filter_map(|g| g.figures().ok()).max_by_key(|f| f.n()));
    if let Some(figures) = basis {
        let mut means: Vec<(usize, f64)> = (0..figures.dimension_count())
            .filter_map(|d| figures.dimension(d).ok().map(|f| (d, f.summary().mean())))
            .filter(|&(d, mean)| band_of(instrument.dimension_bands(d), mean) + 1 < instrument.dimension_bands(d).len())
            .collect();
        // Weakest first as shown (equal as shown: the instrument's order).
        crate::order::sort_by_key(&mut means, |&(d, mean)| (units(mean, SHOWN_DECIMALS), d));
        let lowest = means.first().map(|&(_, mean)| units(mean, SHOWN_DECIMALS));
        for &(dimension, mean) in means.iter().take(2) {
            if !points.iter().any(|p| matches!(p, Point::Planned { dimension: d, .. } if *d == dimension)) {
                let weakest = Some(units(mean, SHOWN_DECIMALS)) == lowest;
                points.push(Point::Weak { dimension, mean, weakest });
            }
        }
    }
    let planned = |d: usize| plan.is_some_and(|p| p.has(&doc.dimensions[d].id));
    for c in changes
        .iter()
        .filter(|c| c.flagged())
        .filter(|c| c.dimension().is_some_and(|d| !planned(d) || c.segment() != Segment::All))
        .take(2)
    {
        if let Some(dimension) = c.dimension() {
            points.push(Point::Changed {
                segment: c.segment(),
                dimension,
                previous: c.previous(),
                current: c.current(),
            });
        }
    }
    points
}

/// Why a report shows no perception gap, in the terms a facilitator can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoGaps {
    /// The questionnaire has fewer than two respondent groups.
    OneGroup,
    /// Fewer than two groups are shown; these are withheld (each has fewer than k responses, or
    /// showing it would reveal a smaller one).
    Withheld(Vec<Segment>),
}

/// Why there are no gaps to show, if there are none for a reason other than "no difference".
pub fn why_no_gaps(instrument: &Instrument, report: &Report) -> Option<NoGaps> {
    if instrument.doc().groups.len() < 2 {
        return Some(NoGaps::OneGroup);
    }
    let shown = report.segments().iter().filter(|s| matches!(s.segment(), Segment::Group(_)) && s.figures().is_ok());
    if shown.count() >= 2 {
        return None;
    }
    let withheld = report
        .segments()
        .iter()
        .filter(|s| matches!(s.segment(), Segment::Group(_)) && s.figures().is_err())
        .map(|s| s.segment())
        .collect();
    Some(NoGaps::Withheld(withheld))
}

/// Why no change since an earlier round can be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoChanges {
    /// The earlier round shows no figure: every group has fewer than k responses (or would
    /// reveal one that has).
    EarlierWithheld,
    /// The same for the round on screen.
    CurrentWithheld,
    /// Both rounds show figures, but never for the same segment and figure.
    NothingInCommon,
}

/// Why `changes` (from `previous` to `current`) is empty, when it is.
pub fn why_no_changes(previous: &Report, current: &Report, changes: &[Change]) -> Option<NoChanges> {
    if !changes.is_empty() {
        return None;
    }
    let nothing = |r: &Report| r.segments().iter().all(|s| s.figures().is_err());
    Some(if nothing(previous) {
        NoChanges::EarlierWithheld
    } else if nothing(current) {
        NoChanges::CurrentWithheld
    } else {
        NoChanges::NothingInCommon
    })
}

/// The id a CSV or JSON export names a segment by.
pub fn segment_name(instrument: &Instrument, segment: Segment) -> String {
    match segment {
        Segment::All => "all".to_owned(),
        Segment::Group(g) => instrument.doc().groups[g].id.clone(),
        Segment::Ungrouped => "no-group".to_owned(),
    }
}

/// The report as CSV, one row per figure shown, every cell neutralised against formulas:
///
/// `figure, group, compared_with, dimension, n, mean, sd, ci95_low, ci95_high, difference,
/// flagged, alpha, histogram`
///
/// `figure` is `score` (a group's mean on a dimension, or on `overall`), `gap` (between two
/// groups), `change` (since `previous_round`) or `withheld` (a group or figure not shown, with no
/// number). For a gap or a change, `ci95_low` and `ci95_high` are the difference's 95% interval
/// (Welch). Histograms are counts per scale point, lowest first, joined by `|`.
// Long because it writes the rows in the order of the columns documented above, one block per
// figure kind (scores, withheld, gaps, changes).
pub fn report_csv(
    instrument: &Instrument,
    report: &Report,
    changes: &[Change],
    previous_round: Option<&str>,
) -> String {
    let doc = instrument.doc();
    let mut out = String::from(
        "figure,group,compared_with,dimension,n,mean,sd,ci95_low,ci95_high,difference,flagged,alpha,histogram\r\n",
    );
    let num = |v: f64| fixed(v, 4, '.');
    // The first four columns are text (ids chosen by an author, round labels): neutralised
    // against formulas. The rest are numbers, `true`/`false` or counts joined by `|`, written as
    // they are so a spreadsheet reads a negative gap as a number, not as the text `'-0.85`.
    let mut row = |cells: [String; 13]| {
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, text)| if c < 4 { crate::csv::cell(text) } else { text.clone() })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    // A withheld segment (no dimension) or figure: its kind, group and dimension, nothing else.
    let withheld = |name: String, dimension: String| -> [String; 13] {
        let mut cells: [String; 13] = Default::default();
        (cells[0], cells[1], cells[3]) = ("withheld".into(), name, dimension);
        cells
    };
    for group in report.segments() {
        let name = segment_name(instrument, group.segment());
        let figures = match group.figures() {
            Ok(f) => f,
            Err(_) => {
                row(withheld(name, String::new()));
                continue;
            }
        };
        let dims = std::iter::once(("overall".to_owned(), figures.overall().ok(), None)).chain(
            (0..figures.dimension_count()).map(|d| {
                let f = figures.dimension(d).ok();
                (
                    doc.dimensions[d].id.clone(),
                    f.map(|f| f.summary()),
                    f.and_then(|f| f.consistency().ok()).map(|c| c.alpha()),
                )
            }),
        );
        for (dimension, summary, alpha) in dims {
            let Some(s) = summary else {
                row(withheld(name.clone(), dimension));
                continue;
            };
            let (lo, hi) = s.ci95().map_or((String::new(), String::new()), |(l, h)| (num(l), num(h)));
            let alpha = match alpha {
                Some(Alpha::Value(a)) => num(a),
                _ => String::new(),
            };
            let histogram = s.histogram().iter().map(ToString::to_string).collect::<Vec<_>>().join("|");
            row([
                "score".into(),
                name.clone(),
                String::new(),
                dimension,
                s.n().to_string(),
                num(s.mean()),
                s.sd().map(num).unwrap_or_default(),
                lo,
                hi,
                String::new(),
                String::new(),
                alpha,
                histogram,
            ]);
        }
    }
    let interval = |ci: Option<(f64, f64)>| ci.map_or((String::new(), String::new()), |(l, h)| (num(l), num(h)));
    for gap in report.gaps() {
        let (lo, hi) = interval(gap.ci95());
        row([
            "gap".into(),
            doc.groups[gap.later()].id.clone(),
            doc.groups[gap.earlier()].id.clone(),
            doc.dimensions[gap.dimension()].id.clone(),
            String::new(),
            String::new(),
            String::new(),
            lo,
            hi,
            num(gap.difference()),
            gap.flagged().to_string(),
            String::new(),
            String::new(),
        ]);
    }
    for change in changes {
        let dimension = change.dimension().map_or_else(|| "overall".to_owned(), |d| doc.dimensions[d].id.clone());
        let (lo, hi) = interval(change.ci95());
        row([
            "change".into(),
            segment_name(instrument, change.segment()),
            previous_round.unwrap_or_default().to_owned(),
            dimension,
            String::new(),
            num(change.current()),
            String::new(),
            lo,
            hi,
            num(change.difference()),
            change.flagged().to_string(),
            String::new(),
            String::new(),
        ]);
    }
    out
}

/// The report as JSON: `{"instrument", "version", "round", "k", "groups": [{"group", "n",
/// "withheld", "overall", "dimensions": [{"id", "n", "mean", "sd", "ci95", "histogram",
/// "alpha"}]}], "gaps": [...], "changes": [...], "plan": {...}}`. Withheld groups carry no
/// number, not even their size.
// Long because it writes the members in the order documented above, one block per part of the
// report.
pub fn report_json(
    instrument: &Instrument,
    round: &str,
    report: &Report,
    changes: &[Change],
    plan: Option<&ActionPlan>,
    comments: Option<&str>,
) -> String {
    let doc = instrument.doc();
    let summary = |o: &mut Object, s: &crate::aggregate::Summary| {
        o.uint("n", s.n()).num("mean", s.mean(), 4);
        match s.sd() {
            Some(sd) => o.num("sd", sd, 4),
            None => o.null("sd"),
        };
        match s.ci95() {
            Some((lo, hi)) => o.raw("ci95", &format!("[{},{}]", fixed(lo, 4, '.'), fixed(hi, 4, '.'))),
            None => o.null("ci95"),
        };
        o.raw(
            "histogram",
            &format!("[{}]", s.histogram().iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
        );
    };
    let interval = |o: &mut Object, ci95: Option<(f64, f64)>| {
        if let Some((lo, hi)) = ci95 {
            o.raw("ci95", &format!("[{},{}]", fixed(lo, 4, '.'), fixed(hi, 4, '.')));
        }
    };
    let mut out = Object::new();
    out.str("instrument", &doc.id).str("version", &doc.version).str("round", round).uint("k", u64::from(report.k()));
    out.raws(
        "groups",
        report.segments().iter().map(|group| {
            let mut g = Object::new();
            g.str("group", &segment_name(instrument, group.segment()));
            match group.figures() {
                Err(_) => {
                    g.bool("withheld", true);
                }
                Ok(f) => {
                    g.bool("withheld", false).uint("n", f.n());
                    match f.overall() {
                        Ok(s) => {
                            let mut o = Object::new();
                            summary(&mut o, s);
                            g.raw("overall", &o.finish())
                        }
                        Err(_) => g.null("overall"),
                    };
                    g.raws(
                        "dimensions",
                        (0..f.dimension_count()).map(|d| {
                            let mut dim = Object::new();
                            dim.str("id", &doc.dimensions[d].id);
                            match f.dimension(d) {
                                Err(_) => {
                                    dim.bool("withheld", true);
                                }
                                Ok(x) => {
                                    summary(&mut dim, x.summary());
                                    match x.consistency().map(|c| c.alpha()) {
                                        Ok(Alpha::Value(a)) => dim.num("alpha", a, 4),
                                        _ => dim.null("alpha"),
                                    };
                                }
                            }
                            dim.finish()
                        }),
                    );
                }
            }
            g.finish()
        }),
    );
    out.raws(
        "gaps",
        report.gaps().iter().map(|gap| {
            let mut o = Object::new();
            o.str("dimension", &doc.dimensions[gap.dimension()].id)
                .str("group", &doc.groups[gap.later()].id)
                .str("comparedWith", &doc.groups[gap.earlier()].id)
                .num("difference", gap.difference(), 4);
            interval(&mut o, gap.ci95());
            o.bool("flagged", gap.flagged());
            o.finish()
        }),
    );
    out.raws(
        "changes",
        changes.iter().map(|change| {
            let mut o = Object::new();
            o.str("group", &segment_name(instrument, change.segment()));
            match change.dimension() {
                Some(d) => o.str("dimension", &doc.dimensions[d].id),
                None => o.str("dimension", "overall"),
            };
            o.num("previous", change.previous(), 4).num("current", change.current(), 4);
            interval(&mut o, change.ci95());
            o.bool("flagged", change.flagged());
            o.finish()
        }),
    );
    if let Some(plan) = plan {
        out.raw("plan", &plan.to_json());
    }
    // The comments the reader chose to share, as a JSON list it made (from shown comments).
    if let Some(comments) = comments {
        out.raw("comments", comments);
    }
    out.finish()
}
