//! The results page: overall score and band, every dimension, advice.

use std::rc::Rc;

use partnerscope_core::flow::Action;
use partnerscope_core::instrument::{Mode, Tone};
use partnerscope_core::score::{Scores, StageStatus};
use partnerscope_core::{Instrument, Sheet};
use yew::prelude::*;

use crate::app::heading_id;
use crate::i18n::{self, strings};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub instrument: Rc<Instrument>,
    pub sheet: Sheet,
    pub scores: Rc<Scores>,
    pub instance: usize,
    pub on_action: Callback<Action>,
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Concern => "ps-tone-concern",
        Tone::Borderline => "ps-tone-borderline",
        Tone::Strength => "ps-tone-strength",
    }
}

#[component]
pub fn ResultsPage(props: &ResultsProps) -> Html {
    let instrument = &props.instrument;
    let doc = instrument.doc();
    let lang = props.sheet.lang.as_str();
    let text = strings(lang);
    let scores = &props.scores;
    let max = instrument.scale_max();
    let overall = scores.overall.as_ref().map(|o| {
        let (band, figure) = match doc.scoring.mode {
            Mode::Sum => {
                let band = &doc.scoring.total_bands[o.band];
                (band, format!("{} {} {}", i18n::number(lang, o.score, 0), text.out_of, i18n::number(lang, instrument.total_range().1, 0)))
            }
            _ => {
                let band = &doc.scoring.bands[o.band];
                (band, format!("{} {} {max}", i18n::number(lang, o.score, 2), text.out_of))
            }
        };
        html! {
            <div class={classes!("ps-overall", tone_class(band.tone))}>
                <p class="ps-overall-label">{ text.overall }</p>
                <p class="ps-overall-score" data-score={i18n::number("en", o.score, 2)}>{ figure }</p>
                <p class="ps-overall-band">{ band.label.get(lang) }{ format!(" · {} {}/100", text.index, i18n::number(lang, o.index, 0)) }</p>
            </div>
        }
    });
    let on_restart = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::Restart { id: crate::platform::random_id() }))
    };
    html! {
        <div class="ps-page" aria-live="polite">
            <h2 id={heading_id(props.instance)} tabindex="-1">{ text.results_title }</h2>
            { for overall }
            { for scores.balance.as_ref().map(|b| {
                let title = |d: usize| doc.dimensions[d].title.get(lang);
                if b.balanced {
                    let names: Vec<&str> = instrument.balance_dimensions().iter().map(|&d| title(d)).collect();
                    html! { <p class="ps-balance">{ i18n::fill(text.balanced, &[("dims", &names.join(", "))]) }</p> }
                } else {
                    let advice = doc.balance.as_ref().map(|r| r.advice.get(lang)).unwrap_or_default();
                    html! {
                        <div class="ps-balance ps-tone-concern">
                            <p><strong>{ i18n::fill(text.imbalance, &[("weak", title(b.weakest)), ("strong", title(b.strongest))]) }</strong></p>
                            if !advice.is_empty() { <p>{ advice }</p> }
                        </div>
                    }
                }
            }) }
            { for scores.stage.as_ref().map(|placement| {
                let stages = &doc.scoring.stages;
                let headline = match placement.reached {
                    Some(k) => i18n::fill(text.stage_reached, &[
                        ("stage", stages[k].title.get(lang)),
                        ("n", &(k + 1).to_string()),
                        ("total", &stages.len().to_string()),
                    ]),
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
            }) }
            <h3>{ text.dimensions }</h3>
            <ul class="ps-bars">
            { for doc.dimensions.iter().zip(&scores.dimensions).enumerate().map(|(d, (dim, s))| {
                let title = dim.title.get(lang);
                match (s.mean, s.band) {
                    (Some(mean), Some(band)) => {
                        let band = &instrument.dimension_bands(d)[band];
                        let width = s.index.unwrap_or(0.0);
                        html! {
                            <li class={classes!("ps-bar", tone_class(band.tone))}>
                                <span class="ps-bar-title">{ title }</span>
                                <span class="ps-bar-track" aria-hidden="true"><span class="ps-bar-fill" style={format!("inline-size:{}%", i18n::number("en", width, 1))}></span></span>
                                <span class="ps-bar-value">{ format!("{} / {max} · {}", i18n::number(lang, mean, 2), band.label.get(lang)) }</span>
                            </li>
                        }
                    }
                    _ => html! {
                        <li class="ps-bar"><span class="ps-bar-title">{ title }</span><span class="ps-bar-value">{ text.not_enough }</span></li>
                    },
                }
            }) }
            </ul>
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
            <div class="ps-nav">
                <button type="button" class="ps-button" onclick={on_restart}>{ text.start_again }</button>
            </div>
        </div>
    }
}
