//! The survey: the state of `state.rs` in a reducer, side effects in effects (saving the draft,
//! focus, the host page's events, and handing a completed response to the outbox) and I/O in
//! callbacks (random ids, today's date, erasing storage), never in the reducer.

use std::rc::Rc;

use partnerscope_core::builtin;
#[cfg(feature = "embed")]
use partnerscope_core::flow::Flow;
use partnerscope_core::flow::{Action, Attention, Page, Problem};
#[cfg(feature = "embed")]
use partnerscope_core::json;
use partnerscope_core::{Instrument, score};
use yew::prelude::*;

#[cfg(feature = "embed")]
use crate::components::delivery::{delivery, held_responses};
use crate::components::language::language_picker;
use crate::components::pages::{
    PageProps, QuestionsProps, WelcomeProps, profile_page, questions_page, review_page, welcome_page,
};
use crate::components::results::{ResultsPage, overall_figure};
use crate::i18n::{self, strings};
use crate::ids;
#[cfg(feature = "embed")]
use crate::outbox;
use crate::state::{Msg, Notice, Setting, state_for};
use crate::{Options, platform};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub options: Rc<Options>,
    /// The questionnaire to start with.
    pub instrument: Rc<Instrument>,
    /// Whether the respondent may choose another built-in questionnaire (the page fixed none).
    pub choosable: bool,
    /// The respondent group the page decided, if any.
    pub group: Option<usize>,
    /// The language to start in, when it is not the page's (after the respondent chose another
    /// questionnaire).
    pub lang: Option<String>,
    /// The respondent chose another built-in questionnaire: `(id, language)`.
    pub on_choose: Callback<(String, String)>,
}

/// The host page's detail for `partnerscope-start` and `partnerscope-change`.
#[cfg(feature = "embed")]
fn page_detail(instrument: &Instrument, flow: &Flow, resumed: Option<bool>) -> String {
    let doc = instrument.doc();
    let mut out = String::from("{\"instrument\":");
    json::write_string(&mut out, &doc.id);
    out.push_str(",\"version\":");
    json::write_string(&mut out, &doc.version);
    out.push_str(",\"id\":");
    json::write_string(&mut out, flow.sheet().id());
    out.push_str(",\"lang\":");
    json::write_string(&mut out, flow.sheet().lang());
    let sequence = flow.pages(instrument);
    let index = sequence.iter().position(|p| *p == flow.page()).unwrap_or(sequence.len());
    let (answered, required) = flow.progress(instrument);
    out.push_str(",\"page\":");
    json::write_string(&mut out, &flow.page().key());
    out.push_str(&format!(
        ",\"index\":{index},\"count\":{},\"answered\":{answered},\"required\":{required}",
        sequence.len()
    ));
    if let Some(resumed) = resumed {
        out.push_str(if resumed { ",\"resumed\":true" } else { ",\"resumed\":false" });
    }
    out.push('}');
    out
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = {
        let instrument = props.instrument.clone();
        let setting = Setting { group: props.group, round: options.round.clone(), slot: options.slot };
        let lang = props.lang.clone().or_else(|| options.lang.clone());
        use_reducer(move || state_for(instrument, lang, setting))
    };
    let host = options.host.clone();
    // The titles of the instruments on offer, parsed once: not on every render of the welcome page.
    let offered = {
        let fixed = !props.choosable;
        use_memo((), move |()| {
            if fixed {
                Vec::new()
            } else {
                builtin::offered()
                    .filter_map(|id| builtin::title(id).map(|title| (AttrValue::from(id), title)))
                    .collect::<Vec<_>>()
            }
        })
    };
    let instance = props.options.instance;

    // Save the draft whenever the answers or the page change.
    {
        let dispatch = state.dispatcher();
        let instrument = state.instrument.clone();
        let dirty = state.dirty;
        let key = state.draft_key.clone();
        use_effect_with(state.flow.clone(), move |flow| {
            if dirty {
                let saved = platform::save(&key, &flow.to_draft(&instrument));
                dispatch.dispatch(Msg::Notice(saved.is_err().then_some(Notice::StorageUnavailable)));
            }
        });
    }

    // Move focus where the flow says attention goes: the first problem, or the new page's heading.
    {
        let attention = state.attention;
        let host = host.clone();
        use_effect_with(state.moves, move |_| match attention {
            Some(Attention::Problem(Problem::ItemMissing(item))) => host.focus(&ids::item_choice(instance, item, 0)),
            Some(Attention::Problem(Problem::GroupMissing)) => host.focus(&ids::group_choice(instance, 0)),
            Some(Attention::Page) => host.focus(&ids::heading(instance)),
            None => {}
        });
    }

    // Where this widget's response stands in the outbox, and refused responses kept from earlier.
    #[cfg(feature = "embed")]
    let delivery_status = use_state(|| None::<outbox::Status>);
    #[cfg(feature = "embed")]
    let held_version = use_state(|| 0u32);
    #[cfg(feature = "embed")]
    {
        let delivery = delivery_status.clone();
        let held_version = held_version.clone();
        let host = host.clone();
        let instrument_id = state.instrument.id().to_owned();
        let watching = options.endpoint.is_some();
        use_effect_with(state.flow.sheet().id().to_owned(), move |id| {
            delivery.set(outbox::status(id));
            let id = id.clone();
            let subscription = watching.then(|| {
                outbox::subscribe(
                    host,
                    &instrument_id,
                    &id.clone(),
                    Callback::from(move |update: outbox::Update| {
                        if update.id == id {
                            delivery.set(Some(update.status));
                        } else {
                            held_version.set(*held_version + 1);
                        }
                    }),
                )
            });
            move || drop(subscription)
        });
    }

    // Tell the host page where the respondent is: `partnerscope-start` when a response is begun
    // or resumed past the welcome page, `partnerscope-change` on every later change of page, and
    // `partnerscope-complete` when it is finished, which also hands it to the outbox. One effect
    // rather than three: each effect costs about 1.5 KB of generic code in the wasm. Only in the
    // embed: the offline file has no host page to tell.
    #[cfg(feature = "embed")]
    {
        let host = host.clone();
        let instrument = state.instrument.clone();
        let flow = state.flow.clone();
        #[cfg(feature = "embed")]
        let (endpoint, delivery) = (options.endpoint.clone(), delivery_status.clone());
        // The page last seen, the response last started, completions handled.
        let seen = use_mut_ref(|| (None::<Page>, String::new(), 0u32));
        use_effect_with(
            (state.flow.page(), state.flow.sheet().id().to_owned(), state.completions),
            move |(page, id, completions)| {
                let mut seen = seen.borrow_mut();
                let before = seen.0.replace(*page);
                if *completions > seen.2 {
                    seen.2 = *completions;
                    let response = flow.sheet().to_response(&instrument).to_json();
                    let scores = score::score(&instrument, flow.sheet()).to_json(&instrument);
                    host.emit("complete", &format!("{{\"response\":{response},\"scores\":{scores}}}"));
                    #[cfg(feature = "embed")]
                    if let Some(endpoint) = &endpoint {
                        delivery.set(Some(outbox::enqueue(endpoint, instrument.id(), flow.sheet().id(), response)));
                    }
                } else if *page != Page::Welcome && *page != Page::Results && seen.1 != *id {
                    seen.1 = id.clone();
                    let resumed = before.is_none() || flow.sheet().answered_count() > 0;
                    host.emit("start", &page_detail(&instrument, &flow, Some(resumed)));
                } else if before.is_some_and(|b| b != *page) && *page != Page::Results && seen.1 == *id {
                    host.emit("change", &page_detail(&instrument, &flow, None));
                }
            },
        );
    }

    let instrument = state.instrument.clone();
    let flow = &state.flow;
    let lang = flow.sheet().lang().to_owned();
    let text = strings(&lang);
    let on_action = {
        let dispatch = state.dispatcher();
        Callback::from(move |action: Action| {
            // The date a response is finished is read when "Finish" is pressed, here, outside
            // the reducer and not on every render of the review page.
            let action = match action {
                Action::Finish { date: None } => Action::Finish { date: Some(platform::today()) },
                other => other,
            };
            dispatch.dispatch(Msg::Flow(action))
        })
    };
    let on_erase = {
        let dispatch = state.dispatcher();
        let key = state.draft_key.clone();
        let id = flow.sheet().id().to_owned();
        Callback::from(move |_: MouseEvent| {
            let _ = platform::remove(&key);
            // The record that this response was sent goes too; one waiting to be sent or
            // refused stays until it is delivered or downloaded.
            #[cfg(feature = "embed")]
            outbox::forget_sent(&id);
            let _ = &id;
            dispatch.dispatch(Msg::Erase(platform::random_id()));
        })
    };

    let notice = state.notice.as_ref().map(|n| match n {
        Notice::DraftDamaged => text.draft_damaged.to_owned(),
        Notice::DraftOutdated => text.draft_outdated.to_owned(),
        Notice::StorageUnavailable => text.storage_unavailable.to_owned(),
        Notice::Erased => text.erased.to_owned(),
    });

    // Scores are derived here, once per render of the results page, never stored.
    let results = (flow.page() == Page::Results).then(|| Rc::new(score::score(&instrument, flow.sheet())));
    // What a screen reader hears when "Next" finds unanswered questions, or when the results
    // appear. The region is always in the page, so changing its text is announced.
    let announcement = if matches!(state.attention, Some(Attention::Problem(_))) && !flow.problems().is_empty() {
        match flow.problems()[0] {
            Problem::GroupMissing => text.choose_group.to_owned(),
            Problem::ItemMissing(_) => i18n::fill(text.page_missing, &[("n", &flow.problems().len().to_string())]),
        }
    } else if let Some(overall) = results.as_ref().and_then(|r| r.overall.as_ref()) {
        let (band, figure) = overall_figure(&instrument, overall, &lang);
        format!("{}{}{figure} · {}", text.results_title, text.colon, band.label.get(&lang))
    } else {
        String::new()
    };

    let title = instrument.doc().title.get(&lang);
    let region_name =
        if state.setting.slot > 1 { format!("{title} ({})", state.setting.slot) } else { title.to_owned() };
    let sequence = flow.pages(&instrument);
    let body = match flow.page() {
        Page::Welcome => {
            // The page may fix one instrument; otherwise the respondent chooses among the built-in ones.
            let choices: Vec<(AttrValue, AttrValue)> =
                offered.iter().map(|(id, title)| (id.clone(), AttrValue::from(title.get(&lang).to_owned()))).collect();
            let on_choose = {
                let lang = lang.to_string();
                let current = instrument.id().to_owned();
                let on_choose = props.on_choose.clone();
                Callback::from(move |id: String| {
                    if id != current {
                        on_choose.emit((id, lang.clone()));
                    }
                })
            };
            #[cfg(feature = "embed")]
            let held = {
                let held = if options.endpoint.is_some() { outbox::held(instrument.id()) } else { Vec::new() };
                let held_version = held_version.clone();
                held_responses(&held, &lang, &Callback::from(move |()| held_version.set(*held_version + 1)))
            };
            #[cfg(not(feature = "embed"))]
            let held = Html::default();
            html! {
                <>
                    { held }
                    { welcome_page(&WelcomeProps { instrument: instrument.clone(), lang: lang.clone().into(), instance,
                        resumable: flow.sheet().answered_count() > 0, on_action: on_action.clone(),
                        choices, on_choose, sends: options.endpoint.is_some() }) }
                </>
            }
        }
        Page::Profile => profile_page(&PageProps {
            instrument: instrument.clone(),
            flow: flow.clone(),
            instance,
            on_action: on_action.clone(),
        }),
        Page::Dimension(d) => questions_page(&QuestionsProps {
            instrument: instrument.clone(),
            flow: flow.clone(),
            dimension: d,
            instance,
            page_number: sequence.iter().position(|p| *p == flow.page()).unwrap_or(0),
            page_total: sequence.len() - 1,
            on_action: on_action.clone(),
        }),
        Page::Review => review_page(&PageProps {
            instrument: instrument.clone(),
            flow: flow.clone(),
            instance,
            on_action: on_action.clone(),
        }),
        Page::Results => match &results {
            Some(scores) => {
                let on_restart = {
                    let id = flow.sheet().id().to_owned();
                    let on_action = on_action.clone();
                    Callback::from(move |()| {
                        // Only the record that it was sent goes; a waiting or refused one stays.
                        #[cfg(feature = "embed")]
                        outbox::forget_sent(&id);
                        let _ = &id;
                        on_action.emit(Action::Restart { id: platform::random_id() });
                    })
                };
                #[cfg(feature = "embed")]
                let status = options.endpoint.is_some().then(|| delivery(delivery_status.as_ref(), &lang));
                #[cfg(not(feature = "embed"))]
                let status: Option<Html> = None;
                html! {
                    <ResultsPage instrument={instrument.clone()} sheet={flow.sheet().clone()} scores={scores.clone()}
                        instance={instance} on_restart={on_restart} delivery={status}
                        sent={options.endpoint.is_some()} />
                }
            }
            None => html! {},
        },
    };

    html! {
        // A region named by its questionnaire, numbered when one page shows it twice: landmarks
        // on one page must have different names.
        <section class="ps-root" lang={lang.clone()} dir={text.dir} aria-label={region_name}>
            <header class="ps-top">
                <p class="ps-brand">{ instrument.doc().title.get(&lang) }</p>
                { language_picker(&instrument, &lang, instance, &on_action) }
            </header>
            if let Some(message) = notice {
                <p class="ps-notice" role="status">{ message }</p>
            }
            <p class="ps-sr-only ps-announce" role="status">{ announcement }</p>
            { body }
            <footer class="ps-footer">
                <button type="button" class="ps-link" onclick={on_erase}>{ text.erase }</button>
            </footer>
        </section>
    }
}
