//! The group report's sections, as plain functions of the figures the core shows. Nothing here
//! computes a figure: every number comes from `aggregate::Report`, whose withholding for
//! anonymity therefore holds on screen, in the charts and in the exports alike.

use partnerscope_core::Instrument;
use partnerscope_core::aggregate::{
    Alpha, Change, Consistency as Figures, Figure, Report, Segment, SegmentFigures, Summary, Withheld,
};
use partnerscope_core::insight::{self, ALPHA_CAUTION_BELOW, Consistency, Point};
use partnerscope_core::instrument::Mode;
use partnerscope_core::plan::ActionPlan;
use partnerscope_core::score::{StageStatus, to_index};
use yew::prelude::*;

use crate::charts::{self, GapBar, Series};
use crate::i18n::{Strings, fill, number};
use crate::platform;

/// What the report shows, for one questionnaire and round.
pub struct View<'a> {
    pub t: &'static Strings,
    pub lang: &'a str,
    pub instrument: &'a Instrument,
    pub round: &'a str,
    pub report: &'a Report,
    /// The earlier round compared with, and its report.
    pub previous: Option<(&'a str, &'a Report)>,
    pub changes: &'a [Change],
    pub plan: Option<&'a ActionPlan>,
}

impl View<'_> {
    fn slot_name(&self, slot: Segment) -> String {
        match slot {
            Segment::All => self.t.all_respondents.to_owned(),
            Segment::Group(g) => self.instrument.doc().groups[g].name(self.lang).to_owned(),
            Segment::Ungrouped => self.t.no_group.to_owned(),
        }
    }

    fn dim(&self, d: usize) -> &str {
        self.instrument.doc().dimensions[d].title.get(self.lang)
    }

    fn num(&self, value: f64) -> String {
        number(self.t, value, 2)
    }

    fn k(&self) -> String {
        self.report.k().to_string()
    }

    /// The shown groups (not "all"), with their figures.
    fn shown_groups(&self) -> Vec<(Segment, &SegmentFigures)> {
        self.report
            .segments()
            .iter()
            .filter(|g| g.segment() != Segment::All)
            .filter_map(|g| g.figures().ok().map(|f| (g.segment(), f)))
            .collect()
    }
}

/// The whole report.
pub fn report_view(v: &View) -> Html {
    let t = v.t;
    let title = v.instrument.doc().title.get(v.lang);
    let heading = if v.round.is_empty() {
        fill(t.report_title, &[("title", title)])
    } else {
        format!("{} · {}", fill(t.report_title, &[("title", title)]), v.round)
    };
    let mut contents = vec![
        ("pr-who", t.respondents_title.to_owned()),
        ("pr-scores", t.dimensions_title.to_owned()),
        ("pr-radar", t.radar_title.to_owned()),
        ("pr-gaps", t.gaps_title.to_owned()),
    ];
    let verdicts = v.instrument.doc().balance.is_some() || v.instrument.doc().scoring.mode == Mode::Stage;
    if verdicts {
        contents.push(("pr-verdicts", t.verdicts_title.to_owned()));
    }
    contents.push(("pr-advice", t.advice_title.to_owned()));
    contents.push(("pr-questions", t.questions_title.to_owned()));
    if let Some((round, _)) = v.previous {
        contents.push(("pr-changes", fill(t.changes_title, &[("round", round)])));
    }
    contents.push(("pr-plan", t.plan_title.to_owned()));
    html! {
        <article class="pr-report" aria-labelledby="pr-report-title">
            <h2 id="pr-report-title" class="pr-report-title">{ heading }</h2>
            <nav class="pr-contents pr-noprint" aria-label={t.contents}>
                <ul>{ for contents.iter().map(|(id, name)| html! { <li><a href={format!("#{id}")}>{ name.clone() }</a></li> }) }</ul>
            </nav>
            { respondents(v) }
            { scores(v) }
            { radar(v) }
            { gaps(v) }
            if verdicts { { balance_and_stage(v) } }
            { advice(v) }
            { questions(v) }
            { changes(v) }
            { exports(v) }
        </article>
    }
}

fn withheld_text(v: &View, why: Withheld) -> String {
    match why {
        Withheld::WouldRevealSmallGroup => fill(v.t.withheld_all, &[("k", &v.k())]),
        Withheld::WouldRevealByCombination => fill(v.t.withheld_combination, &[("k", &v.k())]),
        _ => fill(v.t.withheld_group, &[("k", &v.k())]),
    }
}

/// Why one figure of a shown slot is withheld, in words.
fn withheld_figure_text(v: &View, figures: &SegmentFigures, figure: Figure) -> String {
    match figures.why_withheld(figure) {
        Some(Withheld::WouldRevealSmallGroup) => fill(v.t.withheld_figure_all, &[("k", &v.k())]),
        Some(Withheld::WouldRevealByCombination) => fill(v.t.withheld_combination, &[("k", &v.k())]),
        _ => fill(v.t.withheld_dimension, &[("k", &v.k())]),
    }
}

fn respondents(v: &View) -> Html {
    let t = v.t;
    html! {
        <section id="pr-who" class="pr-section" aria-labelledby="pr-who-title">
            <h3 id="pr-who-title">{ t.respondents_title }</h3>
            <table class="pr-table">
                <thead><tr><th scope="col">{ t.group_col }</th><th scope="col">{ t.count_col }</th></tr></thead>
                <tbody>
                { for v.report.segments().iter().map(|g| html! {
                    <tr>
                        <th scope="row">{ v.slot_name(g.segment()) }</th>
                        <td>{ match g.figures() {
                            Ok(f) => f.n().to_string(),
                            Err(why) => withheld_text(v, why),
                        } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            <p class="pr-help">{ fill(t.k_note, &[("k", &v.k())]) }</p>
        </section>
    }
}

/// The plain-language reading of a dimension's consistency for one group.
fn alpha_text(v: &View, alpha: &Alpha) -> String {
    let t = v.t;
    match *alpha {
        Alpha::Value(a) => {
            let value = number(t, a, 2);
            let words = match insight::consistency(a) {
                Consistency::VeryHigh => t.alpha_very_high,
                Consistency::Good => t.alpha_good,
                Consistency::Acceptable => t.alpha_acceptable,
                Consistency::Questionable => t.alpha_questionable,
                Consistency::Low => t.alpha_low,
            };
            fill(words, &[("alpha", &value)])
        }
        Alpha::SingleItem => t.alpha_single.to_owned(),
        Alpha::NoVariance => t.alpha_no_variance.to_owned(),
    }
}

/// One row of a dimension's table: a group's figures, or why they are not shown.
fn score_row(
    v: &View,
    slot: Segment,
    dim_title: &str,
    summary: Option<&Summary>,
    alpha: Option<Result<&Figures, Withheld>>,
    withheld: &str,
) -> Html {
    let t = v.t;
    let name = v.slot_name(slot);
    let Some(s) = summary else {
        return html! {
            <tr><th scope="row">{ name }</th><td colspan="6">{ withheld.to_owned() }</td></tr>
        };
    };
    let (low, high) = (v.instrument.scale_min(), v.instrument.scale_max());
    let counts = s.histogram().iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let distribution = (!s.histogram().is_empty()).then(|| {
        let label = fill(
            t.distribution_name,
            &[
                ("dim", dim_title),
                ("group", &name),
                ("low", &low.to_string()),
                ("high", &high.to_string()),
                ("counts", &counts),
            ],
        );
        charts::distribution(&label, s.histogram())
    });
    let consistency = alpha.map(|a| match a {
        Ok(a) => {
            let mut text = alpha_text(v, &a.alpha());
            if let Alpha::Value(_) = a.alpha()
                && a.complete() < ALPHA_CAUTION_BELOW
            {
                text.push_str("; ");
                text.push_str(&fill(t.alpha_caution, &[("n", &a.complete().to_string())]));
            }
            text
        }
        Err(Withheld::FewerThanK) => fill(t.alpha_too_few, &[("k", &v.k())]),
        Err(why) => withheld_text(v, why),
    });
    html! {
        <tr>
            <th scope="row">{ name }</th>
            <td>{ s.n() }</td>
            <td class="pr-num"><strong>{ v.num(s.mean()) }</strong></td>
            <td class="pr-num">{ s.ci95().map(|(l, h)| format!("{} – {}", v.num(l), v.num(h))).unwrap_or_default() }</td>
            <td class="pr-num">{ s.sd().map(|sd| v.num(sd)).unwrap_or_default() }</td>
            <td>{ distribution.unwrap_or_default() }</td>
            <td>{ consistency.unwrap_or_default() }</td>
        </tr>
    }
}

fn scores(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let head = html! {
        <thead><tr>
            <th scope="col">{ t.group_col }</th><th scope="col">{ t.count_col }</th><th scope="col">{ t.mean_col }</th>
            <th scope="col">{ t.ci_col }</th><th scope="col">{ t.spread_col }</th><th scope="col">{ t.distribution_col }</th>
            <th scope="col">{ t.consistency_col }</th>
        </tr></thead>
    };
    let overall = {
        let rows = v.report.segments().iter().map(|g| match g.figures() {
            Ok(f) => score_row(
                v,
                g.segment(),
                t.overall,
                f.overall().ok(),
                None,
                &withheld_figure_text(v, f, Figure::Overall),
            ),
            Err(why) => score_row(v, g.segment(), t.overall, None, None, &withheld_text(v, why)),
        });
        html! {
            <div class="pr-dim">
                <h4>{ t.overall }{ format!(" ({} {})", t.out_of, overall_max(v)) }</h4>
                <div class="pr-scroll" role="region" tabindex="0" aria-label={t.overall}>
                    <table class="pr-table">{ head.clone() }<tbody>{ for rows }</tbody></table>
                </div>
            </div>
        }
    };
    html! {
        <section id="pr-scores" class="pr-section" aria-labelledby="pr-scores-title">
            <h3 id="pr-scores-title">{ t.dimensions_title }</h3>
            { overall }
            { for doc.dimensions.iter().enumerate().map(|(d, dim)| {
                let title = dim.title.get(v.lang);
                let rows = v.report.segments().iter().map(|g| match g.figures() {
                    Ok(f) => match f.dimension(d) {
                        Ok(df) => score_row(v, g.segment(), title, Some(df.summary()), Some(df.consistency()), ""),
                        Err(_) => score_row(v, g.segment(), title, None, None, &withheld_figure_text(v, f, Figure::Dimension(d))),
                    },
                    Err(why) => score_row(v, g.segment(), title, None, None, &withheld_text(v, why)),
                });
                html! {
                    <div class="pr-dim">
                        <h4>{ format!("{}. {title}", d + 1) }</h4>
                        <div class="pr-scroll" role="region" tabindex="0" aria-label={title.to_owned()}>
                            <table class="pr-table">{ head.clone() }<tbody>{ for rows }</tbody></table>
                        </div>
                    </div>
                }
            }) }
        </section>
    }
}

fn overall_max(v: &View) -> String {
    match v.instrument.doc().scoring.mode {
        Mode::Sum => number(v.t, v.instrument.total_range().1, 0),
        _ => v.instrument.scale_max().to_string(),
    }
}

fn radar(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let (lo, hi) = (f64::from(v.instrument.scale_min()), f64::from(v.instrument.scale_max()));
    let mut series = Vec::new();
    for (k, g) in v.report.segments().iter().enumerate() {
        if let Ok(f) = g.figures() {
            series.push(Series {
                name: v.slot_name(g.segment()),
                values: (0..f.dimension_count())
                    .map(|d| f.dimension(d).ok().map(|d| to_index(d.summary().mean(), lo, hi)))
                    .collect(),
                style: k,
            });
        }
    }
    let id = "pr-radar-chart";
    html! {
        <section id="pr-radar" class="pr-section" aria-labelledby="pr-radar-title">
            <h3 id="pr-radar-title">{ t.radar_title }</h3>
            <div class="pr-chart-row">
                { charts::radar(id, t.radar_name, doc.dimensions.len(), &series) }
                <div>
                    <ul class="pr-legend">
                        { for series.iter().map(|s| {
                            let (colour, dash) = charts::series_style(s.style);
                            html! {
                                <li>
                                    <svg class="pr-swatch" viewBox="0 0 40 10" aria-hidden="true">
                                        <line x1="0" y1="5" x2="40" y2="5" stroke={colour} stroke-width="3" stroke-dasharray={dash} />
                                    </svg>
                                    { s.name.clone() }
                                </li>
                            }
                        }) }
                    </ul>
                    <ol class="pr-axes">{ for doc.dimensions.iter().map(|d| html! { <li>{ d.title.get(v.lang) }</li> }) }</ol>
                </div>
            </div>
            { svg_button(t, id, &format!("{}-radar.svg", v.instrument.id())) }
        </section>
    }
}

fn svg_button(t: &Strings, id: &str, file: &str) -> Html {
    let id = id.to_owned();
    let file = file.to_owned();
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Some(svg) = platform::svg_text(&id) {
            platform::download(&file, "image/svg+xml", &svg);
        }
    });
    html! { <button type="button" class="pr-button pr-noprint" onclick={onclick}>{ t.export_svg }</button> }
}

fn gaps(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let shown = v.shown_groups();
    let groups: Vec<usize> =
        shown.iter().filter_map(|(s, _)| if let Segment::Group(g) = s { Some(*g) } else { None }).collect();
    let threshold = number(t, doc.gap_threshold, 1);
    let span = (f64::from(v.instrument.scale_max() - v.instrument.scale_min()) / 2.0).max(doc.gap_threshold * 2.0);
    let mut pairs = Vec::new();
    for (a, &earlier) in groups.iter().enumerate() {
        for &later in &groups[a + 1..] {
            pairs.push((earlier, later));
        }
    }
    let mean_of = |g: usize, d: usize| {
        v.report.figures(Segment::Group(g)).and_then(|f| f.dimension(d).ok()).map(|f| f.summary().mean())
    };
    html! {
        <section id="pr-gaps" class="pr-section" aria-labelledby="pr-gaps-title">
            <h3 id="pr-gaps-title">{ t.gaps_title }</h3>
            <p>{ fill(t.gaps_intro, &[("threshold", &threshold)]) }</p>
            if pairs.is_empty() {
                <p class="pr-notice">{ t.gaps_unavailable }</p>
            }
            { for pairs.iter().map(|&(earlier, later)| {
                let (earlier_name, later_name) = (doc.groups[earlier].name(v.lang).to_owned(), doc.groups[later].name(v.lang).to_owned());
                let found: Vec<_> = v.report.gaps().iter().filter(|g| g.earlier() == earlier && g.later() == later).collect();
                let bars: Vec<GapBar> = doc.dimensions.iter().enumerate().map(|(d, dim)| {
                    let gap = found.iter().find(|g| g.dimension() == d);
                    GapBar { label: format!("{}. {}", d + 1, dim.title.get(v.lang)), difference: gap.map(|g| g.difference()), flagged: gap.is_some_and(|g| g.flagged()) }
                }).collect();
                let id = format!("pr-gap-{earlier}-{later}");
                let name = fill(t.gap_name, &[("later", &later_name), ("earlier", &earlier_name)]);
                let flagged: Vec<_> = found.iter().filter(|g| g.flagged()).collect();
                html! {
                    <div class="pr-pair">
                        <h4>{ format!("{later_name} − {earlier_name}") }</h4>
                        <div class="pr-chart">{ charts::gaps(&id, &name, &bars, span, doc.gap_threshold) }</div>
                        if flagged.is_empty() {
                            <p>{ fill(t.gap_none, &[("threshold", &threshold)]) }</p>
                        } else {
                            <ul class="pr-flagged">
                                { for flagged.iter().map(|g| html! {
                                    <li><strong>{ t.flagged }{ t.colon }</strong>{ fill(t.gap_line, &[
                                        ("dim", v.dim(g.dimension())),
                                        ("later", &later_name),
                                        ("a", &mean_of(later, g.dimension()).map(|m| v.num(m)).unwrap_or_default()),
                                        ("earlier", &earlier_name),
                                        ("b", &mean_of(earlier, g.dimension()).map(|m| v.num(m)).unwrap_or_default()),
                                        ("diff", &number(t, g.difference().abs(), 2)),
                                        // The difference is said as a size; its interval the same way round.
                                        ("lo", &g.ci95().map(|(lo, hi)| number(t, if g.difference() < 0.0 { -hi } else { lo }, 2)).unwrap_or_default()),
                                        ("hi", &g.ci95().map(|(lo, hi)| number(t, if g.difference() < 0.0 { -lo } else { hi }, 2)).unwrap_or_default()),
                                    ]) }</li>
                                }) }
                            </ul>
                        }
                        { svg_button(t, &id, &format!("{}-gap-{}-{}.svg", v.instrument.id(), doc.groups[later].id, doc.groups[earlier].id)) }
                    </div>
                }
            }) }
        </section>
    }
}

fn balance_and_stage(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let lines: Vec<String> = v
        .report
        .segments()
        .iter()
        .filter_map(|g| g.figures().ok().map(|f| (g.segment(), f)))
        .flat_map(|(slot, f)| {
            let verdicts = insight::group_verdicts(v.instrument, f);
            let name = v.slot_name(slot);
            let mut lines = Vec::new();
            if let Some(b) = &verdicts.balance {
                let dims: Vec<&str> = v.instrument.balance_dimensions().iter().map(|&d| v.dim(d)).collect();
                lines.push(if b.balanced {
                    fill(t.balanced, &[("group", &name), ("dims", &dims.join(", "))])
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
            <ul>{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </section>
    }
}

/// The recommendations for everyone who answered (or the largest shown group), weakest areas first.
fn advice(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let basis =
        v.report.figures(Segment::All).or_else(|| v.shown_groups().into_iter().map(|(_, f)| f).max_by_key(|f| f.n()));
    let advice = basis.map(|f| insight::group_verdicts(v.instrument, f).advice).unwrap_or_default();
    let mut seen = Vec::new();
    let items: Vec<Html> = advice
        .iter()
        .filter(|a| {
            let fresh = !seen.contains(&a.dimension);
            seen.push(a.dimension);
            fresh
        })
        .take(5)
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

fn questions(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let points = insight::meeting_points(v.instrument, v.report, v.changes, v.plan);
    let mean_of = |g: usize, d: usize| {
        v.report
            .figures(Segment::Group(g))
            .and_then(|f| f.dimension(d).ok())
            .map(|f| v.num(f.summary().mean()))
            .unwrap_or_default()
    };
    let sentences: Vec<String> = points
        .iter()
        .map(|p| match *p {
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
            Point::Weak { dimension, mean } => fill(
                t.q_weak,
                &[("dim", v.dim(dimension)), ("mean", &v.num(mean)), ("max", &v.instrument.scale_max().to_string())],
            ),
            Point::Planned { dimension, previous, current } => fill(
                if current - previous >= doc.gap_threshold { t.q_planned_up } else { t.q_planned_flat },
                &[("dim", v.dim(dimension)), ("previous", &v.num(previous)), ("current", &v.num(current))],
            ),
            Point::Changed { segment: slot, dimension, previous, current } => fill(
                t.q_changed,
                &[
                    ("dim", v.dim(dimension)),
                    ("previous", &v.num(previous)),
                    ("current", &v.num(current)),
                    ("group", &v.slot_name(slot)),
                ],
            ),
        })
        .collect();
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

fn changes(v: &View) -> Html {
    let t = v.t;
    let doc = v.instrument.doc();
    let Some((round, _)) = v.previous else {
        return html! {};
    };
    let threshold = number(t, doc.gap_threshold, 1);
    let slots: Vec<Segment> = {
        let mut slots: Vec<Segment> = Vec::new();
        for c in v.changes {
            if !slots.contains(&c.segment()) {
                slots.push(c.segment());
            }
        }
        slots
    };
    let planned = |d: Option<usize>| d.is_some_and(|d| v.plan.is_some_and(|p| p.has(&doc.dimensions[d].id)));
    html! {
        <section id="pr-changes" class="pr-section" aria-labelledby="pr-changes-title">
            <h3 id="pr-changes-title">{ fill(t.changes_title, &[("round", round)]) }</h3>
            <p>{ fill(t.changes_intro, &[("threshold", &threshold)]) }</p>
            if let Some(plan) = v.plan.filter(|p| p.round != round) {
                <p class="pr-notice">{ fill(t.plan_other, &[("round", &plan.round)]) }</p>
            }
            if v.changes.is_empty() {
                <p>{ t.changes_none }</p>
            }
            { for slots.iter().map(|&slot| {
                let name = v.slot_name(slot);
                html! {
                    <div class="pr-dim">
                        <h4>{ name.clone() }</h4>
                        <div class="pr-scroll" role="region" tabindex="0" aria-label={name}>
                            <table class="pr-table">
                                <thead><tr>
                                    <th scope="col">{ t.dimension_col }</th><th scope="col">{ t.previous_col }</th>
                                    <th scope="col">{ t.current_col }</th><th scope="col">{ t.change_col }</th>
                                    <th scope="col">{ t.ci_col }</th>
                                </tr></thead>
                                <tbody>
                                { for v.changes.iter().filter(|c| c.segment() == slot).map(|c| {
                                    let label = c.dimension().map_or(t.overall, |d| v.dim(d));
                                    let delta = c.difference();
                                    html! {
                                        <tr class={classes!(planned(c.dimension()).then_some("pr-planned"))}>
                                            <th scope="row">
                                                { label.to_owned() }
                                                if planned(c.dimension()) { <span class="pr-tag">{ t.in_plan }</span> }
                                            </th>
                                            <td class="pr-num">{ v.num(c.previous()) }</td>
                                            <td class="pr-num">{ v.num(c.current()) }</td>
                                            <td class="pr-num">
                                                { format!("{}{}", if delta > 0.0 { "+" } else { "" }, v.num(delta)) }
                                                if c.flagged() { <strong class="pr-flag">{ format!(" {}", t.flagged) }</strong> }
                                            </td>
                                            <td class="pr-num">{ c.ci95().map(|(lo, hi)| format!("{} – {}", v.num(lo), v.num(hi))).unwrap_or_default() }</td>
                                        </tr>
                                    }
                                }) }
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            }) }
        </section>
    }
}

fn exports(v: &View) -> Html {
    let t = v.t;
    let id = v.instrument.id().to_owned();
    let round = v.round.to_owned();
    let file = |ext: &str| {
        if round.is_empty() {
            format!("partnerscope-report-{id}.{ext}")
        } else {
            format!("partnerscope-report-{id}-{round}.{ext}")
        }
    };
    let csv = insight::report_csv(v.instrument, v.report, v.changes, v.previous.map(|p| p.0));
    let json = insight::report_json(v.instrument, v.round, v.report, v.changes, v.plan);
    let on_csv = {
        let name = file("csv");
        Callback::from(move |_: MouseEvent| {
            platform::download(&name, "text/csv", &csv);
        })
    };
    let on_json = {
        let name = file("json");
        Callback::from(move |_: MouseEvent| {
            platform::download(&name, "application/json", &json);
        })
    };
    html! {
        <section class="pr-section pr-noprint" aria-labelledby="pr-export-title">
            <h3 id="pr-export-title">{ t.export_title }</h3>
            <div class="pr-actions">
                <button type="button" class="pr-button" onclick={on_csv}>{ t.export_csv }</button>
                <button type="button" class="pr-button" onclick={on_json}>{ t.export_json }</button>
                <button type="button" class="pr-button" onclick={Callback::from(|_: MouseEvent| platform::print())}>{ t.print }</button>
            </div>
        </section>
    }
}
