//! The group report's sections, as plain functions that render what `derive.rs` worked out.
//! Nothing here computes a figure: every number comes from the core's report (through
//! [`Derived`]), whose withholding for anonymity therefore holds on screen, in the charts, in
//! the printout and in the exports alike.

use partnerscope_core::aggregate::{Alpha, Consistency, Report, Segment, SegmentFigures, Summary, Withheld};
use partnerscope_core::insight::{self, ALPHA_CAUTION_BELOW, NoChanges, NoGaps, Point};
use partnerscope_core::instrument::{BandDoc, Mode, Tone};
use partnerscope_core::score::{StageStatus, to_index};
use yew::prelude::*;

use crate::charts::{self, GapBar, Series};
use crate::derive::Derived;
use crate::i18n::{Strings, fill, number, signed};
use crate::platform;

/// What the sections read: the derived report and the language.
pub struct View<'a> {
    pub t: &'static Strings,
    pub lang: &'a str,
    pub d: &'a Derived,
}

impl View<'_> {
    pub fn segment_name(&self, segment: Segment) -> String {
        match segment {
            Segment::All => self.t.all_respondents.to_owned(),
            Segment::Group(g) => self.d.instrument.doc().groups[g].name(self.lang).to_owned(),
            Segment::Ungrouped => self.t.no_group.to_owned(),
        }
    }

    pub fn dim(&self, d: usize) -> &str {
        self.d.instrument.doc().dimensions[d].title.get(self.lang)
    }

    pub fn num(&self, value: f64) -> String {
        number(self.t, value, 2)
    }

    fn k(&self) -> String {
        self.d.report.k().to_string()
    }

    fn report(&self) -> &Report {
        &self.d.report
    }

    /// The shown segments with their figures, in the report's order.
    fn shown(&self) -> Vec<(Segment, &SegmentFigures)> {
        self.report().segments().iter().filter_map(|s| s.figures().ok().map(|f| (s.segment(), f))).collect()
    }

    fn round_name(&self, round: &str) -> String {
        if round.is_empty() { self.t.no_round.to_owned() } else { round.to_owned() }
    }
}

/// The whole report.
pub fn report_view(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let title = doc.title.get(v.lang);
    let round = &v.d.selection.round;
    let heading = if round.is_empty() {
        fill(t.report_title, &[("title", title)])
    } else {
        format!("{} · {round}", fill(t.report_title, &[("title", title)]))
    };
    let mut contents = vec![
        ("pr-who", t.respondents_title.to_owned()),
        ("pr-glance", t.glance_title.to_owned()),
        ("pr-scores", t.dimensions_title.to_owned()),
        ("pr-statements", t.statements_title.to_owned()),
        ("pr-radar", t.radar_title.to_owned()),
        ("pr-gaps", t.gaps_title.to_owned()),
    ];
    let verdicts = doc.balance.is_some() || doc.scoring.mode == Mode::Stage;
    if verdicts {
        contents.push(("pr-verdicts", t.verdicts_title.to_owned()));
    }
    contents.push(("pr-advice", t.advice_title.to_owned()));
    contents.push(("pr-questions", t.questions_title.to_owned()));
    if let Some(previous) = &v.d.selection.previous {
        contents.push(("pr-changes", fill(t.changes_title, &[("round", &v.round_name(previous))])));
    }
    contents.push(("pr-plan", t.plan_title.to_owned()));
    html! {
        <article class="pr-report" aria-labelledby="pr-report-title">
            <h2 id="pr-report-title" class="pr-report-title">{ heading }</h2>
            <nav class="pr-contents pr-noprint" aria-label={t.contents}>
                <ul>{ for contents.iter().map(|(id, name)| html! { <li><a href={format!("#{id}")}>{ name.clone() }</a></li> }) }</ul>
            </nav>
            { respondents(v) }
            { glance(v) }
            { scores(v) }
            { statements(v) }
            { radar(v) }
            { gaps(v) }
            if verdicts { { balance_and_stage(v) } }
            { advice(v) }
            { questions(v) }
            { changes(v) }
        </article>
    }
}

/// Why a whole segment is withheld, in words.
pub fn withheld_text(t: &Strings, k: &str, why: Withheld) -> String {
    match why {
        Withheld::WouldRevealSmallGroup => fill(t.withheld_all, &[("k", k)]),
        Withheld::WouldRevealByCombination => fill(t.withheld_combination, &[("k", k)]),
        _ => fill(t.withheld_group, &[("k", k)]),
    }
}

/// Why one figure of a shown segment is withheld, in words.
fn withheld_figure_text(v: &View, why: Option<Withheld>) -> String {
    match why {
        Some(Withheld::WouldRevealSmallGroup) => fill(v.t.withheld_figure_all, &[("k", &v.k())]),
        Some(Withheld::WouldRevealByCombination) => fill(v.t.withheld_combination, &[("k", &v.k())]),
        _ => fill(v.t.withheld_dimension, &[("k", &v.k())]),
    }
}

/// A table in a region that scrolls sideways when it must, with a visible cue saying so (at
/// phone widths the region scrolls, and the cue is shown by the style sheet only then).
fn scroll_table(t: &Strings, label: String, table: Html) -> Html {
    html! {
        <div class="pr-scroll-wrap">
            <div class="pr-scroll" role="region" tabindex="0" aria-label={label}>{ table }</div>
            <p class="pr-scroll-hint pr-noprint" aria-hidden="true">{ t.scroll_hint }</p>
        </div>
    }
}

fn respondents(v: &View) -> Html {
    let t = v.t;
    html! {
        <section id="pr-who" class="pr-section" aria-labelledby="pr-who-title">
            <h3 id="pr-who-title">{ t.respondents_title }</h3>
            <table class="pr-table pr-stack">
                <thead><tr><th scope="col">{ t.group_col }</th><th scope="col">{ t.count_col }</th></tr></thead>
                <tbody>
                { for v.report().segments().iter().map(|s| html! {
                    <tr>
                        <th scope="row">{ v.segment_name(s.segment()) }</th>
                        <td data-label={t.count_col}>{ match s.figures() {
                            Ok(f) => f.n().to_string(),
                            Err(why) => withheld_text(t, &v.k(), why),
                        } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            <p class="pr-help">{ fill(t.k_note, &[("k", &v.k())]) }</p>
            if !v.d.instrument.doc().groups.is_empty() {
                <p class="pr-help">{ t.self_declared }</p>
            }
        </section>
    }
}

/// The band's tone as a class name for the grid's colour.
fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Concern => "pr-tone-concern",
        Tone::Borderline => "pr-tone-borderline",
        Tone::Strength => "pr-tone-strength",
    }
}

fn glance(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let overall_bands: &[BandDoc] =
        if doc.scoring.mode == Mode::Sum { &doc.scoring.total_bands } else { &doc.scoring.bands };
    let rows = v.d.glance.iter().map(|row| {
        let (label, bands, decimals) = match row.dimension {
            None => (t.overall.to_owned(), overall_bands, if doc.scoring.mode == Mode::Sum { 0 } else { 2 }),
            Some(d) => (format!("{}. {}", d + 1, v.dim(d)), v.d.instrument.dimension_bands(d), 2),
        };
        html! {
            <tr>
                <th scope="row">{ label }</th>
                { for row.cells.iter().zip(&v.d.columns).map(|(cell, segment)| match cell {
                    Ok((mean, band)) => {
                        let band = &bands[*band];
                        html! {
                            <td class={classes!("pr-cell", tone_class(band.tone))} data-label={v.segment_name(*segment)}>
                                <strong>{ number(t, *mean, decimals) }</strong>
                                <span class="pr-band">{ band.label.get(v.lang) }</span>
                            </td>
                        }
                    }
                    Err(why) => html! {
                        <td class="pr-cell pr-cell-withheld" data-label={v.segment_name(*segment)}>
                            <span aria-hidden="true">{ "—" }</span>
                            <span class="pr-band">{ t.glance_withheld }</span>
                            <span class="pr-sr">{ withheld_figure_text(v, Some(*why)) }</span>
                        </td>
                    },
                }) }
            </tr>
        }
    });
    html! {
        <section id="pr-glance" class="pr-section" aria-labelledby="pr-glance-title">
            <h3 id="pr-glance-title">{ t.glance_title }</h3>
            <p>{ t.glance_intro }</p>
            if v.d.columns.is_empty() {
                <p class="pr-notice">{ fill(t.withheld_group, &[("k", &v.k())]) }</p>
            } else {
                { scroll_table(t, format!("{}: {}", t.glance_title, t.dimensions_title), html! {
                    <table class="pr-table pr-glance pr-stack">
                        <thead><tr>
                            <th scope="col">{ t.dimension_col }</th>
                            { for v.d.columns.iter().map(|s| html! { <th scope="col">{ v.segment_name(*s) }</th> }) }
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                }) }
            }
        </section>
    }
}

/// The plain-language reading of a dimension's consistency for one group.
fn alpha_text(v: &View, consistency: Result<&Consistency, Withheld>) -> String {
    let t = v.t;
    let c = match consistency {
        Ok(c) => c,
        Err(Withheld::FewerThanK) => return fill(t.alpha_too_few, &[("k", &v.k())]),
        Err(why) => return withheld_figure_text(v, Some(why)),
    };
    let mut text = match c.alpha() {
        Alpha::Value(a) if a < 0.0 => fill(t.alpha_negative, &[("alpha", &number(t, a, 2))]),
        Alpha::Value(a) => {
            let words = match insight::consistency(a) {
                insight::Consistency::VeryHigh => t.alpha_very_high,
                insight::Consistency::Good => t.alpha_good,
                insight::Consistency::Acceptable => t.alpha_acceptable,
                insight::Consistency::Questionable => t.alpha_questionable,
                insight::Consistency::Low => t.alpha_low,
            };
            fill(words, &[("alpha", &number(t, a, 2))])
        }
        Alpha::SingleItem => t.alpha_single.to_owned(),
        Alpha::NoVariance => t.alpha_no_variance.to_owned(),
    };
    if matches!(c.alpha(), Alpha::Value(a) if a >= 0.0) && c.complete() < ALPHA_CAUTION_BELOW {
        text.push_str("; ");
        text.push_str(&fill(t.alpha_caution, &[("n", &c.complete().to_string())]));
    }
    text
}

/// One row of an area's table: a shown segment's figures, or why this figure is withheld.
fn score_row(
    v: &View,
    segment: Segment,
    dim_title: &str,
    summary: Result<&Summary, Withheld>,
    consistency: Option<Result<&Consistency, Withheld>>,
) -> Html {
    let t = v.t;
    let name = v.segment_name(segment);
    let s = match summary {
        Ok(s) => s,
        Err(why) => {
            return html! {
                <tr><th scope="row">{ name }</th><td colspan="6" class="pr-withheld">{ withheld_figure_text(v, Some(why)) }</td></tr>
            };
        }
    };
    let (low, high) = (v.d.instrument.scale_min(), v.d.instrument.scale_max());
    let counts = s.histogram().iter().map(ToString::to_string).collect::<Vec<_>>().join(t.comma);
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
        charts::distribution(&label, s.histogram(), low)
    });
    html! {
        <tr>
            <th scope="row">{ name }</th>
            <td data-label={t.count_col}>{ s.n() }</td>
            <td class="pr-num" data-label={t.mean_col}><strong>{ v.num(s.mean()) }</strong></td>
            <td class="pr-num" data-label={t.ci_col}>{ s.ci95().map(|(l, h)| format!("{} – {}", v.num(l), v.num(h))).unwrap_or_default() }</td>
            <td class="pr-num" data-label={t.spread_col}>{ s.sd().map(|sd| v.num(sd)).unwrap_or_default() }</td>
            <td data-label={t.distribution_col}>{ distribution.unwrap_or_default() }</td>
            <td data-label={t.consistency_col}>{ consistency.map(|c| alpha_text(v, c)).unwrap_or_default() }</td>
        </tr>
    }
}

fn overall_max(v: &View) -> String {
    match v.d.instrument.doc().scoring.mode {
        Mode::Sum => number(v.t, v.d.instrument.total_range().1, 0),
        _ => v.d.instrument.scale_max().to_string(),
    }
}

fn scores(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let shown = v.shown();
    let withheld_some = v.report().segments().iter().any(|s| s.figures().is_err());
    let head = html! {
        <thead><tr>
            <th scope="col">{ t.group_col }</th><th scope="col">{ t.count_col }</th><th scope="col">{ t.mean_col }</th>
            <th scope="col">{ t.ci_col }</th><th scope="col">{ t.spread_col }</th><th scope="col">{ t.distribution_col }</th>
            <th scope="col">{ t.consistency_col }</th>
        </tr></thead>
    };
    let table = |label: String, rows: Html| {
        scroll_table(
            t,
            label,
            html! {
                <table class="pr-table pr-stack">{ head.clone() }<tbody>{ rows }</tbody></table>
            },
        )
    };
    let overall_rows: Html = shown.iter().map(|(s, f)| score_row(v, *s, t.overall, f.overall(), None)).collect();
    html! {
        <section id="pr-scores" class="pr-section" aria-labelledby="pr-scores-title">
            <h3 id="pr-scores-title">{ t.dimensions_title }</h3>
            if withheld_some {
                <p class="pr-help">{ t.withheld_once }</p>
            }
            if v.d.negative_alpha {
                <p class="pr-notice">{ t.alpha_negative_note }</p>
            }
            if shown.is_empty() {
                <p class="pr-notice">{ fill(t.withheld_group, &[("k", &v.k())]) }</p>
            } else {
                <div class="pr-dim">
                    <h4>{ t.overall }{ format!(" ({} {})", t.out_of, overall_max(v)) }</h4>
                    { table(t.overall.to_owned(), overall_rows) }
                </div>
                { for doc.dimensions.iter().enumerate().map(|(d, dim)| {
                    let title = dim.title.get(v.lang);
                    let rows: Html = shown.iter().map(|(s, f)| match f.dimension(d) {
                        Ok(df) => score_row(v, *s, title, Ok(df.summary()), Some(df.consistency())),
                        Err(why) => score_row(v, *s, title, Err(why), None),
                    }).collect();
                    html! {
                        <div class="pr-dim">
                            <h4>{ format!("{}. {title}", d + 1) }</h4>
                            { table(title.to_owned(), rows) }
                        </div>
                    }
                }) }
            }
        </section>
    }
}

fn statements(v: &View) -> Html {
    let t = v.t;
    let instrument = &v.d.instrument;
    html! {
        <section id="pr-statements" class="pr-section" aria-labelledby="pr-statements-title">
            <h3 id="pr-statements-title">{ t.statements_title }</h3>
            <p>{ t.statements_intro }</p>
            if v.d.columns.is_empty() {
                <p class="pr-notice">{ fill(t.withheld_group, &[("k", &v.k())]) }</p>
            }
            { for v.d.statements.iter().enumerate().filter(|(_, rows)| !rows.is_empty() && !v.d.columns.is_empty()).map(|(d, rows)| {
                let title = format!("{}. {}", d + 1, v.dim(d));
                html! {
                    <div class="pr-dim">
                        <h4>{ title.clone() }</h4>
                        { scroll_table(t, title, html! {
                            <table class="pr-table pr-statements pr-stack">
                                <thead><tr>
                                    <th scope="col">{ t.statement_col }</th>
                                    { for v.d.columns.iter().map(|s| html! { <th scope="col">{ v.segment_name(*s) }</th> }) }
                                </tr></thead>
                                <tbody>
                                { for rows.iter().map(|row| {
                                    let item = instrument.item(row.item);
                                    html! {
                                        <tr>
                                            <th scope="row">
                                                { item.text.get(v.lang) }
                                                if item.reverse { <span class="pr-tag">{ t.reverse_tag }</span> }
                                            </th>
                                            { for row.cells.iter().zip(&v.d.columns).map(|(cell, s)| html! {
                                                <td class="pr-num" data-label={v.segment_name(*s)}>{ match cell {
                                                    Ok((n, mean)) => format!("{} ({n})", v.num(*mean)),
                                                    Err(why) => withheld_figure_text(v, Some(*why)),
                                                } }</td>
                                            }) }
                                        </tr>
                                    }
                                }) }
                                </tbody>
                            </table>
                        }) }
                    </div>
                }
            }) }
        </section>
    }
}

fn radar(v: &View) -> Html {
    let t = v.t;
    let doc = v.d.instrument.doc();
    let (lo, hi) = (f64::from(v.d.instrument.scale_min()), f64::from(v.d.instrument.scale_max()));
    let series: Vec<Series> = v
        .shown()
        .iter()
        .enumerate()
        .map(|(k, (s, f))| Series {
            name: v.segment_name(*s),
            values: (0..f.dimension_count())
                .map(|d| f.dimension(d).ok().map(|d| to_index(d.summary().mean(), lo, hi)))
                .collect(),
            style: k,
        })
        .collect();
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
            { svg_button(t, id, &format!("{}-radar.svg", v.d.instrument.id())) }
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

fn balance_and_stage(v: &View) -> Html {
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
fn advice(v: &View) -> Html {
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

fn questions(v: &View) -> Html {
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

fn changes(v: &View) -> Html {
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
