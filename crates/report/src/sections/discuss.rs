//! What the meeting talks about: gaps between groups, the balance and stage verdicts, advice,
//! the questions to discuss, and changes since the previous round.

use partnerscope_core::aggregate::Segment;
use partnerscope_core::insight::{NoChanges, NoGaps, Point};
use partnerscope_core::score::StageStatus;
use yew::prelude::*;

use super::{View, scroll_table, svg_button};
use crate::charts::{self, GapBar};
use crate::i18n::{fill, number, signed};

/// The gaps between every pair of groups: for each pair a chart and its flagged gaps in words.
// Long because most of it is one `html!` tree (the section, a block per pair, a line per flagged
// gap) whose parts share the pair's names and means.
pub(super) fn gaps(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let groups: Vec<usize> =
        v.d.columns.iter().filter_map(|s| if let Segment::Group(g) = s { Some(*g) } else { None }).collect();
    let threshold = number(t, doc.gap_threshold, 1);
    let span = (f64::from(v.d.instrument.scale_max() - v.d.instrument.scale_min()) / 2.0).max(doc.gap_threshold * 2.0);
    let mut pairs = Vec::new();
    for (a, &earlier) in groups.iter().enumerate() {
        for &later in &groups[a + 1..] {
            pairs.push((earlier, later));
        }
    }
    let mean_of = |g: usize, d: usize| {
        v.report().figures(Segment::Group(g)).and_then(|f| f.dimension(d).ok()).map(|f| v.num(f.summary().mean()))
    };
    let reason = match &v.d.no_gaps {
        Some(NoGaps::OneGroup) => Some(t.gaps_one_group.to_owned()),
        Some(NoGaps::Withheld(withheld)) => {
            let names: Vec<String> = withheld.iter().map(|s| v.segment_name(*s)).collect();
            Some(fill(t.gaps_withheld, &[("k", &v.k()), ("groups", &names.join(t.comma))]))
        }
        None => None,
    };
    html! {
        <section id="pr-gaps" class="pr-section" aria-labelledby="pr-gaps-title">
            <h3 id="pr-gaps-title">{ t.gaps_title }</h3>
            <p>{ fill(t.gaps_intro, &[("threshold", &threshold)]) }</p>
            if let Some(reason) = reason {
                <p class="pr-notice">{ reason }</p>
            }
            { for pairs.iter().map(|&(earlier, later)| {
                let (earlier_name, later_name) = (doc.groups[earlier].name(v.lang).to_owned(), doc.groups[later].name(v.lang).to_owned());
                let found: Vec<_> = v.report().gaps().iter().filter(|g| g.earlier() == earlier && g.later() == later).collect();
                let bars: Vec<GapBar> = doc.dimensions.iter().enumerate().map(|(d, dim)| {
                    let gap = found.iter().find(|g| g.dimension() == d);
                    GapBar {
                        label: format!("{}. {}", d + 1, dim.title.get(v.lang)),
                        value: gap.map(|g| (g.difference(), signed(t, g.difference(), 2))),
                        flagged: gap.is_some_and(|g| g.flagged()),
                    }
                }).collect();
                let id = format!("pr-gap-{earlier}-{later}");
                let name = fill(t.gap_name, &[("later", &later_name), ("earlier", &earlier_name)]);
                let flagged: Vec<_> = found.iter().filter(|g| g.flagged()).collect();
                html! {
                    <div class="pr-pair">
                        <h4>{ format!("{later_name} \u{2212} {earlier_name}") }</h4>
                        <div class="pr-chart">{ charts::gaps(&id, &name, &bars, span, doc.gap_threshold) }</div>
                        if flagged.is_empty() {
                            <p>{ fill(t.gap_none, &[("threshold", &threshold)]) }</p>
                        } else {
                            <ul class="pr-flagged">
                                { for flagged.iter().map(|g| {
                                    // Said the way round the chart draws it: the later group
                                    // against the earlier, higher or lower, and its interval so.
                                    let lower = g.difference() < 0.0;
                                    let (lo, hi) = g.ci95().map_or((String::new(), String::new()), |(lo, hi)| {
                                        if lower { (number(t, -hi, 2), number(t, -lo, 2)) } else { (number(t, lo, 2), number(t, hi, 2)) }
                                    });
                                    html! {
                                        <li><strong>{ t.flagged }{ t.colon }</strong>{ fill(if lower { t.gap_lower } else { t.gap_higher }, &[
                                            ("dim", v.dim(g.dimension())),
                                            ("later", &later_name),
                                            ("a", &mean_of(later, g.dimension()).unwrap_or_default()),
                                            ("earlier", &earlier_name),
                                            ("b", &mean_of(earlier, g.dimension()).unwrap_or_default()),
                                            ("diff", &number(t, g.difference().abs(), 2)),
                                            ("lo", &lo),
                                            ("hi", &hi),
                                        ]) }</li>
                                    }
                                }) }
                            </ul>
                        }
                        { svg_button(t, &id, &format!("{}-gap-{}-{}.svg", v.d.instrument.id(), doc.groups[later].id, doc.groups[earlier].id)) }
                    </div>
                }
            }) }
        </section>
    }
}

pub(super) fn balance_and_stage(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let lines: Vec<String> = v
        .d
        .verdicts
        .iter()
        .flat_map(|(segment, verdicts)| {
            let name = v.segment_name(*segment);
            let mut lines = Vec::new();
            if let Some(b) = &verdicts.balance {
                let dims: Vec<&str> = v.d.instrument.balance_dimensions().iter().map(|&d| v.dim(d)).collect();
                lines.push(if b.balanced {
                    fill(t.balanced, &[("group", &name), ("dims", &dims.join(t.comma))])
                } else {
                    fill(t.unbalanced, &[("group", &name), ("weak", v.dim(b.weakest)), ("strong", v.dim(b.strongest))])
                });
            }
            if let Some(stage) = &verdicts.stage {
                lines.push(match stage.reached {
                    Some(k) => {
                        fill(t.stage_reached, &[("group", &name), ("stage", doc.scoring.stages[k].title.get(v.lang))])
                    }
                    None if stage.stages.first() == Some(&StageStatus::Unknown) => String::new(),
                    None => fill(t.stage_none, &[("group", &name)]),
                });
            }
            lines
        })
        .filter(|l| !l.is_empty())
        .collect();
    html! {
        <section id="pr-verdicts" class="pr-section" aria-labelledby="pr-verdicts-title">
            <h3 id="pr-verdicts-title">{ t.verdicts_title }</h3>
            if lines.is_empty() {
                <p class="pr-notice">{ fill(t.withheld_group, &[("k", &v.k())]) }</p>
            }
            <ul>{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </section>
    }
}

/// The recommendations for everyone who answered (or the largest shown group), weakest areas first.
pub(super) fn advice(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let items: Vec<Html> = v
        .d
        .advice
        .iter()
        .map(|a| {
            let dim = &doc.dimensions[a.dimension];
            html! { <li><strong>{ dim.title.get(v.lang) }{ t.colon }</strong>{ dim.recommendations[a.recommendation].text.get(v.lang) }</li> }
        })
        .collect();
    html! {
        <section id="pr-advice" class="pr-section" aria-labelledby="pr-advice-title">
            <h3 id="pr-advice-title">{ t.advice_title }</h3>
            if items.is_empty() { <p>{ t.advice_none }</p> } else { <ul class="pr-advice">{ for items }</ul> }
        </section>
    }
}

/// A meeting point as the question put to the meeting (also on the meeting view's slides).
pub fn point_sentence(v: &View, point: &Point) -> String {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let mean_of = |g: usize, d: usize| {
        v.report()
            .figures(Segment::Group(g))
            .and_then(|f| f.dimension(d).ok())
            .map(|f| v.num(f.summary().mean()))
            .unwrap_or_default()
    };
    match *point {
        Point::Gap { dimension, earlier, later, .. } => fill(
            t.q_gap,
            &[
                ("later", doc.groups[later].name(v.lang)),
                ("earlier", doc.groups[earlier].name(v.lang)),
                ("dim", v.dim(dimension)),
                ("a", &mean_of(later, dimension)),
                ("b", &mean_of(earlier, dimension)),
            ],
        ),
        Point::Weak { dimension, mean, weakest } => fill(
            if weakest { t.q_weak } else { t.q_low },
            &[("dim", v.dim(dimension)), ("mean", &v.num(mean)), ("max", &v.d.instrument.scale_max().to_string())],
        ),
        Point::Planned { dimension, previous, current } => fill(
            if current - previous >= doc.gap_threshold { t.q_planned_up } else { t.q_planned_flat },
            &[("dim", v.dim(dimension)), ("previous", &v.num(previous)), ("current", &v.num(current))],
        ),
        Point::Changed { segment, dimension, previous, current } => fill(
            t.q_changed,
            &[
                ("dim", v.dim(dimension)),
                ("previous", &v.num(previous)),
                ("current", &v.num(current)),
                ("group", &v.segment_name(segment)),
            ],
        ),
    }
}

pub(super) fn questions(v: &View) -> Html {
    let t = v.t;
    let sentences: Vec<String> = v.d.points.iter().map(|p| point_sentence(v, p)).collect();
    html! {
        <section id="pr-questions" class="pr-section" aria-labelledby="pr-questions-title">
            <h3 id="pr-questions-title">{ t.questions_title }</h3>
            <p>{ t.questions_intro }</p>
            if sentences.is_empty() {
                <p>{ t.questions_none }</p>
            } else {
                <ol class="pr-questions">{ for sentences.into_iter().map(|s| html! { <li>{ s }</li> }) }</ol>
            }
        </section>
    }
}

pub(super) fn changes(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let Some(previous) = &v.d.selection.previous else {
        return html! {};
    };
    let previous = v.round_name(previous);
    let round = v.round_name(&v.d.selection.round);
    let threshold = number(t, doc.gap_threshold, 1);
    let mut segments: Vec<Segment> = Vec::new();
    for c in &v.d.changes {
        if !segments.contains(&c.segment()) {
            segments.push(c.segment());
        }
    }
    let judged = v.d.judged.as_ref();
    let planned = |d: Option<usize>| d.is_some_and(|d| judged.is_some_and(|p| p.has(&doc.dimensions[d].id)));
    let reason = v.d.no_changes.map(|why| match why {
        NoChanges::EarlierWithheld => fill(t.changes_earlier_withheld, &[("round", &previous), ("k", &v.k())]),
        NoChanges::CurrentWithheld => fill(t.changes_current_withheld, &[("round", &round), ("k", &v.k())]),
        NoChanges::NothingInCommon => {
            fill(t.changes_nothing_common, &[("previous", &previous), ("round", &round), ("k", &v.k())])
        }
    });
    html! {
        <section id="pr-changes" class="pr-section" aria-labelledby="pr-changes-title">
            <h3 id="pr-changes-title">{ fill(t.changes_title, &[("round", &previous)]) }</h3>
            <p>{ fill(t.changes_intro, &[("threshold", &threshold)]) }</p>
            if let Some(plan) = judged {
                <p class="pr-help">{ fill(t.plan_judged, &[("round", &v.round_name(&plan.agreed_after))]) }</p>
            }
            if let Some(reason) = reason {
                <p class="pr-notice">{ reason }</p>
            }
            { for segments.iter().map(|&segment| {
                let name = v.segment_name(segment);
                scroll_table(t, name.clone(), html! {
                    <table class="pr-table pr-stack">
                        <caption>{ name }</caption>
                        <thead><tr>
                            <th scope="col">{ t.dimension_col }</th><th scope="col">{ t.previous_col }</th>
                            <th scope="col">{ t.current_col }</th><th scope="col">{ t.change_col }</th>
                            <th scope="col">{ t.ci_col }</th>
                        </tr></thead>
                        <tbody>
                        { for v.d.changes.iter().filter(|c| c.segment() == segment).map(|c| {
                            let label = c.dimension().map_or(t.overall, |d| v.dim(d));
                            html! {
                                <tr class={classes!(planned(c.dimension()).then_some("pr-planned"))}>
                                    <th scope="row">
                                        { label.to_owned() }
                                        if planned(c.dimension()) { <span class="pr-tag">{ t.in_plan }</span> }
                                    </th>
                                    <td class="pr-num" data-label={t.previous_col}>{ v.num(c.previous()) }</td>
                                    <td class="pr-num" data-label={t.current_col}>{ v.num(c.current()) }</td>
                                    <td class="pr-num" data-label={t.change_col}>
                                        { signed(t, c.difference(), 2) }
                                        if c.flagged() { <strong class="pr-flag">{ format!(" {}", t.flagged) }</strong> }
                                    </td>
                                    <td class="pr-num" data-label={t.ci_col}>{ c.ci95().map(|(lo, hi)| format!("{} – {}", v.num(lo), v.num(hi))).unwrap_or_default() }</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                })
            }) }
        </section>
    }
}
