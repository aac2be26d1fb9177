//! The areas: each one's figures per group, the statements' answers, the radar.

use partnerscope_core::aggregate::{Alpha, Consistency, Segment, Summary, Withheld};
use partnerscope_core::insight::{self, ALPHA_CAUTION_BELOW};
use partnerscope_core::instrument::Mode;
use partnerscope_core::score::to_index;
use yew::prelude::*;

use super::{View, scroll_table, svg_button, withheld_figure_text};
use crate::charts::{self, Series};
use crate::i18n::{fill, number};

/// The plain-language reading of a dimension's consistency for one group.
pub(super) fn alpha_text(v: &View, consistency: Result<&Consistency, Withheld>) -> String {
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
pub(super) fn score_row(
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

pub(super) fn overall_max(v: &View) -> String {
    match v.d.instrument.doc().scoring.mode {
        Mode::Sum => number(v.t, v.d.instrument.total_range().1, 0),
        _ => v.d.instrument.scale_max().to_string(),
    }
}

pub(super) fn scores(v: &View) -> Html {
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

pub(super) fn statements(v: &View) -> Html {
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

pub(super) fn radar(v: &View) -> Html {
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
