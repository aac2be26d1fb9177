//! The survey: the state of `state.rs` in a reducer, side effects in effects (saving the draft,
//! focus, the host page's events, and handing a completed response to the outbox) and I/O in
//! callbacks (random ids, today's date, erasing storage, looking for another tab's changes),
//! never in the reducer. What to keep on the device and what another tab did are decided by
//! the core (`session`); this file only performs it.

use std::rc::Rc;

use partnerscope_core::builtin;
use partnerscope_core::flow::{Action, Attention, Flow, Page, Problem};
#[cfg(feature = "embed")]
use partnerscope_core::json_write::Object;
use partnerscope_core::session::{self, DraftWrite, Elsewhere};
use partnerscope_core::{Instrument, score};
use partnerscope_web::storage;
use yew::prelude::*;

#[cfg(feature = "embed")]
use crate::components::delivery::{delivery, held_responses};
use crate::components::language::language_picker;
use crate::components::pages::{
    PageProps, QuestionsProps, WelcomeProps, profile_page, questions_page, review_page, welcome_page,
};
use crate::components::results::{ResultsPage, overall_figure};
use crate::i18n;
use crate::ids;
#[cfg(feature = "embed")]
use crate::outbox;
use crate::state::{Found, Msg, Notice, Setting, state_for};
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
    let (index, count) = flow.position(instrument);
    let (answered, required) = flow.progress(instrument);
    let mut out = Object::new();
    out.str("instrument", &doc.id)
        .str("version", &doc.version)
        .str("id", flow.sheet().id())
        .str("lang", flow.sheet().lang())
        .str("page", &flow.page().key())
        .uint("index", index as u64)
        .uint("count", count as u64)
        .uint("answered", answered as u64)
        .uint("required", required as u64);
    if let Some(resumed) = resumed {
        out.bool("resumed", resumed);
    }
    out.finish()
}

/// A new response id; empty when the browser's random source broke after the widget started
/// (the root refuses to start without one, so this is not expected).
fn new_id() -> Option<String> {
    partnerscope_web::response_id().ok()
}

/// What the device holds for this widget: its draft, or (with an endpoint and no draft) the
/// response last completed here and still in the outbox. A draft that cannot be resumed is
/// removed at once, so its message is not shown again on the next visit; the core's reason
/// (English, technical) goes to the console.
fn read_device(instrument: &Instrument, key: &str, sends: bool) -> Found {
    let draft = storage::load(key);
    if let Ok(Some(text)) = &draft
        && let Err(error) = Flow::from_draft(instrument, text)
    {
        partnerscope_web::warn(&format!("Partnerscope: the saved draft was not resumed: {error}"));
        let _ = storage::remove(key);
    }
    #[cfg(feature = "embed")]
    if sends
        && matches!(draft, Ok(None))
        && let Some(completed) = outbox::resumable(key)
    {
        return Found::Outbox(completed);
    }
    let _ = sends;
    Found::Draft(draft)
}

// Long because a Yew function component is one body: its hooks must be called in the same order
// on every render, so state, effects and callbacks stand here together; what they decide is in
// `state.rs`, the core's `session` rules and `components/`.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = {
        let instrument = props.instrument.clone();
        let setting = Setting { group: props.group, round: options.round.clone(), slot: options.slot };
        // The respondent's choice, else the page's or the link's, else the browser's languages
        // (`pt-PT` finds `pt`); `state_for` falls back to the questionnaire's first language.
        let lang = {
            let offered: Vec<&str> = instrument.doc().locales.iter().map(String::as_str).collect();
            let mut wanted: Vec<String> = props.lang.clone().or_else(|| options.lang.clone()).into_iter().collect();
            wanted.extend(partnerscope_web::languages());
            partnerscope_core::locale::negotiate(&wanted, &offered).map(str::to_owned)
        };
        let sends = options.endpoint.is_some();
        use_reducer(move || {
            let found = read_device(&instrument, &platform::draft_key(instrument.id(), setting.slot), sends);
            state_for(instrument, lang, setting, found, &new_id().unwrap_or_default())
        })
    };
    // What this tab last read or wrote of its draft: before each change it is compared with
    // storage, to notice another tab at work on the same response (`session::elsewhere`).
    let last_seen = state.seen.clone();
    let host = options.host.clone();
    // The invitation code the respondent typed on the first page (when the page asks for one):
    // read when the response is handed to the outbox, never stored with the draft.
    #[cfg(feature = "embed")]
    let typed_invitation = use_mut_ref(String::new);
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

    // Save the draft whenever the answers or the page change; once the response is complete,
    // let go of it as soon as nothing needs it (see `session::draft_write`).
    {
        let dispatch = state.dispatcher();
        let instrument = state.instrument.clone();
        let (dirty, sends) = (state.dirty, options.endpoint.is_some());
        let key = state.draft_key.clone();
        let last_seen = last_seen.clone();
        #[cfg(feature = "embed")]
        let delivery = state.delivery.clone();
        #[cfg(not(feature = "embed"))]
        let delivery = None;
        use_effect_with((state.flow.clone(), delivery), move |(flow, delivery)| {
            match session::draft_write(&instrument, flow, dirty, sends, delivery.as_ref()) {
                DraftWrite::Save(text) => {
                    let saved = storage::save(&key, &text).is_ok();
                    if saved {
                        *last_seen.borrow_mut() = Some(text);
                    }
                    dispatch.dispatch(Msg::Saved(saved));
                }
                DraftWrite::Remove => {
                    // Only this tab's own draft: another tab's response of its own stays.
                    let stored = storage::load(&key).ok().flatten();
                    if stored.is_some() && stored == *last_seen.borrow() {
                        let _ = storage::remove(&key);
                    }
                    *last_seen.borrow_mut() = None;
                }
                DraftWrite::Keep => {}
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

    // Follow this response in the outbox (and the refused ones kept from earlier): what the
    // outbox says goes into the reducer.
    #[cfg(feature = "embed")]
    {
        let dispatch = state.dispatcher();
        let host = host.clone();
        let instrument_id = state.instrument.id().to_owned();
        let watching = options.endpoint.is_some();
        use_effect_with(state.flow.sheet().id().to_owned(), move |id| {
            let subscription = watching.then(|| {
                outbox::subscribe(
                    host,
                    &instrument_id,
                    id,
                    Callback::from(move |news| dispatch.dispatch(Msg::Delivery(news))),
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
        let endpoint = options.endpoint.clone();
        let typed = typed_invitation.clone();
        let key = state.draft_key.clone();
        // The page last seen, the response last started, completions handled.
        let seen = use_mut_ref(|| (None::<Page>, String::new(), 0u32));
        use_effect_with(
            (state.flow.page(), state.flow.sheet().id().to_owned(), state.completions),
            move |(page, id, completions)| {
                let mut seen = seen.borrow_mut();
                let before = seen.0.replace(*page);
                // Into the outbox unless it is there already (a response shown again from it).
                let hand_over = |response: String| {
                    if let Some(endpoint) = &endpoint
                        && outbox::status(id).is_none()
                    {
                        let typed = typed.borrow();
                        outbox::complete(
                            endpoint,
                            &typed,
                            instrument.id(),
                            id,
                            response,
                            &key,
                            flow.to_draft(&instrument),
                        );
                    }
                };
                if *completions > seen.2 {
                    seen.2 = *completions;
                    let response = flow.sheet().to_response(&instrument).to_json();
                    let scores = score::score(&instrument, flow.sheet()).to_json(&instrument);
                    let mut detail = Object::new();
                    detail.raw("response", &response).raw("scores", &scores);
                    host.emit("complete", &detail.finish());
                    hand_over(response);
                } else if *page == Page::Results && before.is_none() {
                    // Resumed complete (a draft an earlier version kept): make sure it is sent.
                    hand_over(flow.sheet().to_response(&instrument).to_json());
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
    let text = crate::i18n::text_for(&instrument, &lang);
    let on_action = {
        let dispatch = state.dispatcher();
        let instrument = state.instrument.clone();
        let current = state.flow.clone();
        let key = state.draft_key.clone();
        let last_seen = last_seen.clone();
        Callback::from(move |action: Action| {
            // The date a response is finished is read when "Finish" is pressed, here, outside
            // the reducer and not on every render of the review page.
            let action = match action {
                Action::Finish { date: None } => Action::Finish { date: Some(partnerscope_web::today()) },
                other => other,
            };
            // Before changing anything: has another tab moved this response on, or finished it?
            if let Ok(stored) = storage::load(&key) {
                let seen = last_seen.borrow().clone();
                let found = session::elsewhere(&instrument, &current, stored.as_deref(), seen.as_deref());
                // A response already in the outbox is finished, whatever the draft says.
                #[cfg(feature = "embed")]
                let found = match found {
                    Elsewhere::Unchanged
                        if !current.is_complete() && outbox::status(current.sheet().id()).is_some() =>
                    {
                        Elsewhere::Renumber
                    }
                    other => other,
                };
                if found != Elsewhere::Unchanged {
                    *last_seen.borrow_mut() = stored;
                }
                match found {
                    Elsewhere::Adopt(theirs) => dispatch.dispatch(Msg::Replace(*theirs, false)),
                    Elsewhere::Renumber => {
                        dispatch.dispatch(match new_id().and_then(|id| session::renumber(&current, &id)) {
                            Some(own) => Msg::Replace(own, true),
                            None => Msg::Notice(Some(Notice::RandomBroken)),
                        })
                    }
                    Elsewhere::Unchanged => {}
                }
            }
            dispatch.dispatch(Msg::Flow(action))
        })
    };
    let on_erase = {
        let dispatch = state.dispatcher();
        let key = state.draft_key.clone();
        let last_seen = last_seen.clone();
        Callback::from(move |_: MouseEvent| {
            // A response waiting to be sent or refused stays in the outbox until it is
            // delivered or downloaded; the draft goes.
            let _ = storage::remove(&key);
            *last_seen.borrow_mut() = None;
            dispatch.dispatch(match new_id() {
                Some(id) => Msg::Erase(id),
                None => Msg::Notice(Some(Notice::RandomBroken)),
            });
        })
    };

    let notice = state.notice.as_ref().map(|n| match n {
        Notice::DraftDamaged => text.draft_damaged.to_owned(),
        Notice::DraftOutdated => text.draft_outdated.to_owned(),
        Notice::StorageUnavailable => text.storage_unavailable.to_owned(),
        Notice::Erased => text.erased.to_owned(),
        Notice::OtherTab => text.other_tab.to_owned(),
        Notice::RandomBroken => text.setup_body.to_owned(),
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
            let held = held_responses(&state.held, text, &Callback::from(|id: String| outbox::remove(&id)));
            #[cfg(feature = "embed")]
            let invitation = options.endpoint.as_ref().filter(|e| e.ask_invitation).map(|_| {
                let typed = typed_invitation.clone();
                let on_type = Callback::from(move |text: String| *typed.borrow_mut() = text);
                (AttrValue::from(typed_invitation.borrow().clone()), on_type)
            });
            #[cfg(not(feature = "embed"))]
            let invitation = None;
            #[cfg(not(feature = "embed"))]
            let held = Html::default();
            html! {
                <>
                    { held }
                    { welcome_page(&WelcomeProps { instrument: instrument.clone(), lang: lang.clone().into(), instance,
                        resumable: flow.sheet().answered_count() > 0, on_action: on_action.clone(),
                        choices, on_choose, sends: options.endpoint.is_some(), invitation }) }
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
            page_number: flow.position(&instrument).0,
            page_total: flow.position(&instrument).1,
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
                    let on_action = on_action.clone();
                    let dispatch = state.dispatcher();
                    Callback::from(move |()| match new_id() {
                        Some(id) => on_action.emit(Action::Restart { id }),
                        None => dispatch.dispatch(Msg::Notice(Some(Notice::RandomBroken))),
                    })
                };
                #[cfg(feature = "embed")]
                let status = options.endpoint.is_some().then(|| delivery(state.delivery.as_ref(), text));
                #[cfg(not(feature = "embed"))]
                let status: Option<Html> = None;
                // Not (or no longer) safe on the device: the code and the download come first.
                #[cfg(feature = "embed")]
                let urgent = options.endpoint.is_some() && state.delivery.as_ref().is_some_and(|s| !s.settled());
                #[cfg(not(feature = "embed"))]
                let urgent = false;
                // Refused by the endpoint: the rest of the page says so too, never "also being sent".
                #[cfg(feature = "embed")]
                let refused = matches!(
                    state.delivery.as_ref(),
                    Some(
                        partnerscope_core::outbox::Status::Refused { .. } | partnerscope_core::outbox::Status::Conflict
                    )
                );
                #[cfg(not(feature = "embed"))]
                let refused = false;
                html! {
                    <ResultsPage instrument={instrument.clone()} sheet={flow.sheet().clone()} scores={scores.clone()}
                        instance={instance} on_restart={on_restart} delivery={status}
                        sent={options.endpoint.is_some() && !refused} refused={refused} urgent={urgent} />
                }
            }
            None => html! {},
        },
    };

    html! {
        // A region named by its questionnaire, numbered when one page shows it twice: landmarks
        // on one page must have different names.
        <section class="ps-root" lang={lang.clone()} dir={partnerscope_core::locale::direction(&lang)} aria-label={region_name}>
            <header class="ps-top">
                // The welcome page's heading is the title already: said once.
                if flow.page() != Page::Welcome {
                    <p class="ps-brand">{ instrument.doc().title.get(&lang) }</p>
                }
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
