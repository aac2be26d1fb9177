//! The results page: overall score and band, balance and stage, a radar and bars per area,
//! strengths and concerns, advice, how it is calculated, and ways to keep or share the answers.

use std::rc::Rc;

use partnerscope_core::instrument::{BandDoc, Mode, Tone};
use partnerscope_core::score::{Overall, Scores, StageStatus};
use partnerscope_core::{Instrument, InstrumentDoc, Sheet, code};
use yew::prelude::*;

use crate::components::chart::{Axis, bar, radar};
use crate::i18n::{self, Strings};
use crate::ids;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub instrument: Rc<Instrument>,
    pub sheet: Sheet,
    pub scores: Rc<Scores>,
    pub instance: usize,
    /// Start a new response.
    pub on_restart: Callback<()>,
    /// Where sending the answers stands, when the page has an endpoint.
    pub delivery: Option<Html>,
    /// Whether the page sends responses (changes what "keep or share" says).
    pub sent: bool,
    /// The page's endpoint refused the response: "keep or share" says to send it by hand.
    #[prop_or_default]
    pub refused: bool,
    /// The answers are not safely on their way (storage refused them, or they could not be
    /// queued): the code and the download come first, right under the delivery state.
    #[prop_or_default]
    pub urgent: bool,
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Concern => "ps-tone-concern",
        Tone::Borderline => "ps-tone-borderline",
        Tone::Strength => "ps-tone-strength",
    }
}

/// The overall score as written on the results page ("3.24 out of 5", or a total in sum mode) and
/// its band. Also what the widget announces when the results appear.
pub fn overall_figure<'i>(instrument: &'i Instrument, o: &Overall, lang: &str) -> (&'i BandDoc, String) {
    let doc = instrument.doc();
    let text = i18n::text_for(instrument, lang);
    match doc.scoring.mode {
        Mode::Sum => (
            &doc.scoring.total_bands[o.band],
            format!(
                "{} {} {}",
                i18n::number(lang, o.score, 0),
                text.out_of,
                i18n::number(lang, instrument.total_range().1, 0)
            ),
        ),
        _ => (
            &doc.scoring.bands[o.band],
            format!("{} {} {}", i18n::number(lang, o.score, 2), text.out_of, instrument.scale_max()),
        ),
    }
}

fn share_help(text: &crate::i18n::Strings, sent: bool, refused: bool) -> &'static str {
    #[cfg(feature = "embed")]
    if refused {
        return text.share_help_refused;
    }
    #[cfg(feature = "embed")]
    if sent {
        return text.share_help_sent;
    }
    let _ = (sent, refused);
    text.share_help
}

/// What every section of the results reads.
struct View<'a> {
    instrument: &'a Instrument,
    doc: &'a InstrumentDoc,
    scores: &'a Scores,
    lang: &'a str,
    text: &'static Strings,
}

impl View<'_> {
    fn title(&self, d: usize) -> &str {
        self.doc.dimensions[d].title.get(self.lang)
    }

    fn mean_text(&self, d: usize) -> String {
        self.scores.dimensions[d].mean.map(|m| i18n::number(self.lang, m, 2)).unwrap_or_default()
    }
}

#[component]
pub fn ResultsPage(props: &ResultsProps) -> Html {
    let instrument = &props.instrument;
    let lang = props.sheet.lang();
    let v =
        View { instrument, doc: instrument.doc(), scores: &props.scores, lang, text: i18n::text_for(instrument, lang) };
    let text = v.text;
    let copy_status = use_state(|| None::<bool>);
    let on_restart = props.on_restart.reform(|_: MouseEvent| ());
    // Made once and placed first or last: two calls would each be compiled in.
    let share = share(&v, props, &copy_status);
    let (share_first, share_last) = if props.urgent { (share, Html::default()) } else { (Html::default(), share) };
    html! {
        <div class="ps-page ps-results">
            <h2 id={ids::heading(props.instance)} tabindex="-1">{ text.results_title }</h2>
            { props.delivery.clone().unwrap_or_default() }
            { share_first }
            { overall(&v) }
            { balance(&v) }
            { stage(&v) }
            { extremes(&v) }
            { areas(&v) }
            { advice(&v) }
            { calculation(&v, &props.sheet) }
            { share_last }
            <div class="ps-nav">
                <button type="button" class="ps-button" onclick={on_restart}>{ text.start_again }</button>
            </div>
        </div>
    }
}

/// The overall score, its band and index.
fn overall(v: &View) -> Html {
    let (instrument, lang, text) = (v.instrument, v.lang, v.text);
    v.scores.overall.as_ref().map(|o| {
        let (band, figure) = overall_figure(instrument, o, lang);
        html! {
            <div class={classes!("ps-overall", tone_class(band.tone))}>
                <p class="ps-overall-label">{ text.overall }</p>
                <p class="ps-overall-score" data-score={i18n::number("en", o.score, 2)}>{ figure }</p>
                <p class="ps-overall-band">{ band.label.get(lang) }{ format!(" · {} {}/100", text.index, i18n::number(lang, o.index, 0)) }</p>
                <p class="ps-help">{ text.index_note }</p>
            </div>
        }
    }).unwrap_or_default()
}

/// The balance verdict, or why there is none.
fn balance(v: &View) -> Html {
    let (instrument, doc, lang, text, scores) = (v.instrument, v.doc, v.lang, v.text, v.scores);
    let title = |d: usize| v.title(d);
    let unknown = scores.balance_missing.map(|d| {
        html! { <p class="ps-balance">{ i18n::fill(text.balance_unknown, &[("dim", title(d))]) }</p> }
    });
    let balance = scores.balance.as_ref().map(|b| {
        if b.balanced {
            let names: Vec<&str> = instrument.balance_dimensions().iter().map(|&d| title(d)).collect();
            html! { <p class="ps-balance">{ i18n::fill(text.balanced, &[("dims", &names.join(text.comma))]) }</p> }
        } else {
            let advice = doc.balance.as_ref().map(|r| r.advice.get(lang)).unwrap_or_default();
            html! {
                <div class="ps-balance ps-tone-concern">
                    <p><strong>{ i18n::fill(text.imbalance, &[("weak", title(b.weakest)), ("strong", title(b.strongest))]) }</strong></p>
                    if !advice.is_empty() { <p>{ advice }</p> }
                </div>
            }
        }
    });
    html! { <>{ for balance }{ for unknown }</> }
}

/// The stage reached, and each stage's status.
fn stage(v: &View) -> Html {
    let (doc, lang, text) = (v.doc, v.lang, v.text);
    v.scores
        .stage
        .as_ref()
        .map(|placement| {
            let stages = &doc.scoring.stages;
            let headline = match placement.reached {
                Some(k) => i18n::fill(
                    text.stage_reached,
                    &[
                        ("stage", stages[k].title.get(lang)),
                        ("n", &(k + 1).to_string()),
                        ("total", &stages.len().to_string()),
                    ],
                ),
                None => text.stage_none.to_owned(),
            };
            html! {
                <div class="ps-stage">
                    <p><strong>{ headline }</strong></p>
                    <ol>
                    { for stages.iter().zip(&placement.stages).enumerate().map(|(k, (stage, status))| {
                        let word = match status {
                            StageStatus::Met if placement.reached.is_none_or(|r| k > r) => text.stage_met_later,
                            StageStatus::Met => text.stage_met,
                            StageStatus::NotMet => text.stage_not_met,
                            StageStatus::Unknown => text.stage_unknown,
                        };
                        html! { <li>{ stage.title.get(lang) }{ " — " }{ word }</li> }
                    }) }
                    </ol>
                </div>
            }
        })
        .unwrap_or_default()
}

/// The strongest and the weakest area.
fn extremes(v: &View) -> Html {
    let text = v.text;
    match (v.scores.strongest, v.scores.weakest) {
        (Some(strong), Some(weak)) => html! {
            <ul class="ps-extremes">
                <li>{ i18n::fill(text.strongest, &[("dim", v.title(strong)), ("score", &v.mean_text(strong))]) }</li>
                <li>{ i18n::fill(text.weakest, &[("dim", v.title(weak)), ("score", &v.mean_text(weak))]) }</li>
            </ul>
        },
        _ => html! {},
    }
}

/// Every area: the radar and a bar each, with the mean and its band.
fn areas(v: &View) -> Html {
    let (instrument, doc, lang, text, scores) = (v.instrument, v.doc, v.lang, v.text, v.scores);
    let max = instrument.scale_max();
    let axes: Vec<Axis> = doc.dimensions.iter().zip(&scores.dimensions).map(|(_, s)| Axis { index: s.index }).collect();
    html! {
        <>
            <h3>{ text.dimensions }</h3>
            <div class="ps-charts">
                { radar(&axes, text.radar_label) }
                <ul class="ps-bars">
                { for doc.dimensions.iter().zip(&scores.dimensions).enumerate().map(|(d, (dim, s))| {
                    let title = format!("{}. {}", d + 1, dim.title.get(lang));
                    match (s.mean, s.band, s.index) {
                        (Some(mean), Some(band), Some(index)) => {
                            let band = &instrument.dimension_bands(d)[band];
                            html! {
                                <li class={classes!("ps-bar", tone_class(band.tone))}>
                                    <span class="ps-bar-title">{ title }</span>
                                    { bar(index) }
                                    <span class="ps-bar-value">{ format!("{} · {}", i18n::ltr(lang, &format!("{} / {max}", i18n::number(lang, mean, 2))), band.label.get(lang)) }</span>
                                </li>
                            }
                        }
                        _ => html! {
                            <li class="ps-bar"><span class="ps-bar-title">{ title.clone() }</span><span class="ps-bar-value">{ text.not_enough }</span></li>
                        },
                    }
                }) }
                </ul>
            </div>
        </>
    }
}

/// The recommendations chosen for these answers, weakest area first.
fn advice(v: &View) -> Html {
    let (doc, lang, text, scores) = (v.doc, v.lang, v.text, v.scores);
    html! {
        <>
            <h3>{ text.advice }</h3>
            if scores.advice.is_empty() {
                <p>{ text.no_advice }</p>
            } else {
                <ul class="ps-advice">
                { for scores.advice.iter().map(|a| {
                    let dim = &doc.dimensions[a.dimension];
                    html! { <li><strong>{ dim.title.get(lang) }{ text.colon }</strong>{ dim.recommendations[a.recommendation].text.get(lang) }</li> }
                }) }
                </ul>
            }
        </>
    }
}

/// How the scores were worked out, with every statement of each area.
fn calculation(v: &View, sheet: &Sheet) -> Html {
    let (instrument, doc, lang, text) = (v.instrument, v.doc, v.lang, v.text);
    html! {
        <details class="ps-calc">
            <summary>{ text.calc_title }</summary>
            <p>{ text.calc_means }</p>
            <p>{ text.calc_na }</p>
            <p>{ text.calc_overall }</p>
            { for doc.balance.as_ref().map(|_| {
                let names: Vec<&str> = instrument.balance_dimensions().iter().map(|&d| doc.dimensions[d].title.get(lang)).collect();
                html! { <p>{ i18n::fill(text.calc_balance, &[("dims", &names.join(text.comma))]) }</p> }
            }) }
            if doc.scoring.mode == Mode::Stage { <p>{ text.calc_stage }</p> }
            { for doc.dimensions.iter().enumerate().map(|(d, dim)| html! {
                <>
                    <h4>{ dim.title.get(lang) }{ format!(" ({} {})", text.calc_weight, partnerscope_core::text::written(dim.weight)) }</h4>
                    <ul>
                    { for instrument.dimension_items(d).map(|i| {
                        let item = instrument.item(i);
                        let group = sheet.group().map(|g| doc.groups[g].id.as_str());
                        html! {
                            <li>
                                { instrument.item_text(i, group, lang) }
                                if item.reverse { { " " }{ text.calc_reverse } }
                            </li>
                        }
                    }) }
                    </ul>
                </>
            }) }
        </details>
    }
}

/// The response code to copy, the JSON to download, and printing.
fn share(v: &View, props: &ResultsProps, copy_status: &UseStateHandle<Option<bool>>) -> Html {
    let (instrument, text) = (v.instrument, v.text);
    let on_print = Callback::from(|_: MouseEvent| partnerscope_web::print());
    let response_code = code::encode(instrument, &props.sheet);
    let code_id = ids::code(props.instance);
    let on_copy = {
        let copy_status = copy_status.clone();
        let response_code = response_code.clone();
        Callback::from(move |_: MouseEvent| {
            let copy_status = copy_status.clone();
            partnerscope_web::copy_text(&response_code, move |ok| copy_status.set(Some(ok)));
        })
    };
    let on_download = {
        // Serialised when asked for, not on every render of the results.
        let instrument = props.instrument.clone();
        let sheet = props.sheet.clone();
        Callback::from(move |_: MouseEvent| {
            let name = format!(
                "partnerscope-{}-{}.json",
                instrument.id(),
                sheet.date().map(str::to_owned).unwrap_or_default()
            );
            partnerscope_web::download(&name, "application/json", &sheet.to_response(&instrument).to_json());
        })
    };
    html! {
            <section class="ps-share" aria-labelledby={format!("{code_id}-title")}>
                <h3 id={format!("{code_id}-title")}>{ text.share_title }</h3>
                <p>{ share_help(text, props.sent, props.refused) }</p>
                <label for={code_id.clone()}>{ text.code_label }</label>
                <textarea id={code_id} class="ps-code" readonly=true rows="3" value={response_code} />
                <div class="ps-nav ps-share-actions">
                    <button type="button" class="ps-button" onclick={on_copy}>{ text.copy }</button>
                    <button type="button" class="ps-button" onclick={on_download}>{ text.download_json }</button>
                    <button type="button" class="ps-button" onclick={on_print}>{ text.print }</button>
                </div>
                <p class="ps-status" role="status">{ match **copy_status {
                    Some(true) => text.copied,
                    Some(false) => text.copy_failed,
                    None => "",
                } }</p>
            </section>
    }
}
