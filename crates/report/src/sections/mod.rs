//! The group report's sections, as plain functions that render what `derive.rs` worked out.
//! Nothing here computes a figure: every number comes from the core's report (through
//! [`Derived`]), whose withholding for anonymity therefore holds on screen, in the charts, in
//! the printout and in the exports alike.
//!
//! The rooms: here the report's frame (contents, who answered, at a glance) and the helpers every
//! section uses; `areas.rs`, the areas' figures, statements and the radar; `discuss.rs`, what the
//! meeting talks about (gaps, verdicts, advice, questions, changes).

use partnerscope_core::aggregate::{Report, Segment, SegmentFigures, Withheld};
use partnerscope_core::instrument::{BandDoc, Mode, Tone};
use yew::prelude::*;

use crate::derive::Derived;
use crate::i18n::{Strings, fill, number};
use crate::platform;

mod areas;
mod discuss;

use areas::{radar, scores, statements};
pub use discuss::point_sentence;
use discuss::{advice, balance_and_stage, changes, gaps, questions};

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
