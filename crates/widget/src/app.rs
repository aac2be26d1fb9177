//! The root component: one reducer over the core's `Flow`, side effects in effects.

use std::rc::Rc;

use partnerscope_core::builtin;
use partnerscope_core::flow::{self, Action, DraftError, Flow, Page, Problem};
use partnerscope_core::{Instrument, score};
use yew::prelude::*;

use crate::components::pages::{ProfilePage, QuestionsPage, ReviewPage, WelcomePage};
use crate::components::results::{ResultsPage, overall_figure};
use crate::i18n::{self, strings};
use crate::{Options, platform};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub options: Options,
}

/// A message shown above the survey, not tied to any page.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The saved draft could not be read; the core's reason (English, technical) goes to the console.
    DraftDamaged,
    DraftOutdated,
    StorageUnavailable,
    Erased,
}

/// Everything the root holds. Scores are not here: they are derived from `flow` when rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub instrument: Rc<Instrument>,
    pub flow: Flow,
    pub notice: Option<Notice>,
    /// Counts navigation attempts, so focus moves even when an attempt changes nothing else
    /// (pressing "Next" twice on an incomplete page must move focus to the problem twice).
    pub attempts: u32,
    /// Whether the draft should be written: false until the respondent changes something, so
    /// opening the page stores nothing.
    pub dirty: bool,
}

pub enum Msg {
    Flow(Action),
    /// Switch to the built-in instrument with this id (only offered when the page fixed none).
    Choose(String),
    Notice(Option<Notice>),
    /// Erase everything stored and start afresh with this new id.
    Erase(String),
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Flow(action) => {
                let navigation =
                    matches!(action, Action::Next | Action::Back | Action::GoTo(_) | Action::Finish { .. });
                match self.flow.apply(&self.instrument, action) {
                    Some(flow) => Rc::new(State {
                        flow,
                        attempts: self.attempts + u32::from(navigation),
                        dirty: true,
                        notice: self.notice.clone().filter(|n| *n == Notice::StorageUnavailable),
                        ..(*self).clone()
                    }),
                    None if navigation => Rc::new(State { attempts: self.attempts + 1, ..(*self).clone() }),
                    // Returning the same Rc tells Yew nothing changed, so nothing re-renders.
                    None => self,
                }
            }
            Msg::Choose(id) if id != self.instrument.id() => match builtin::by_id(&id) {
                Some(instrument) => Rc::new(state_for(instrument, Some(self.flow.sheet.lang.clone()))),
                None => self,
            },
            Msg::Choose(_) => self,
            Msg::Notice(notice) if notice != self.notice => Rc::new(State { notice, ..(*self).clone() }),
            Msg::Notice(_) => self,
            Msg::Erase(id) => Rc::new(State {
                flow: Flow::new(&self.instrument, &id, &self.flow.sheet.lang),
                notice: Some(Notice::Erased),
                attempts: self.attempts + 1,
                dirty: false,
                ..(*self).clone()
            }),
        }
    }
}

fn initial_state(options: &Options) -> State {
    let instrument = options
        .instrument
        .as_deref()
        .and_then(builtin::by_id)
        .or_else(|| builtin::offered().next().and_then(builtin::by_id))
        .unwrap_or_else(builtin::demo);
    state_for(instrument, options.lang.clone())
}

/// A fresh state for `instrument`: its saved draft if there is one, else a new response.
fn state_for(instrument: Instrument, lang: Option<String>) -> State {
    let lang = lang.filter(|l| instrument.has_locale(l)).unwrap_or_else(|| instrument.doc().locales[0].clone());
    let fresh = || Flow::new(&instrument, &platform::random_id(), &lang);
    let (flow, notice) = match platform::load_draft(instrument.id()) {
        Ok(None) => (fresh(), None),
        Ok(Some(text)) => match Flow::from_draft(&instrument, &text) {
            Ok(flow) => (flow, None),
            Err(error) => {
                platform::warn(&format!("Partnerscope: the saved draft was not resumed: {error}"));
                // Removed at once, so the message is not shown again on the next visit.
                let _ = platform::erase(instrument.id());
                let notice = match error {
                    DraftError::Corrupt(_) => Notice::DraftDamaged,
                    DraftError::Outdated(_) => Notice::DraftOutdated,
                };
                (fresh(), Some(notice))
            }
        },
        Err(_) => (fresh(), Some(Notice::StorageUnavailable)),
    };
    State { instrument: Rc::new(instrument), flow, notice, attempts: 0, dirty: false }
}

/// Element id of the heading that receives focus when the page changes.
pub fn heading_id(instance: usize) -> String {
    format!("ps{instance}-heading")
}

/// Element id of the first choice of an item, where focus goes when the item needs an answer.
pub fn item_anchor_id(instance: usize, item: usize) -> String {
    format!("ps{instance}-item{item}-choice0")
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_reducer(|| initial_state(&options));
    // The titles of the instruments on offer, parsed once: not on every render of the welcome page.
    let offered = {
        let fixed = props.options.instrument.is_some();
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
        use_effect_with(state.flow.clone(), move |flow| {
            if dirty {
                let saved = platform::save_draft(instrument.id(), &flow.to_draft(&instrument));
                dispatch.dispatch(Msg::Notice(saved.is_err().then_some(Notice::StorageUnavailable)));
            }
        });
    }

    // Move focus after navigation: to the first problem if there is one, else to the new heading.
    {
        let problems = state.flow.problems.clone();
        use_effect_with(state.attempts, move |attempts| {
            if *attempts > 0 {
                match problems.first() {
                    Some(Problem::ItemMissing(item)) => platform::focus_id(&item_anchor_id(instance, *item)),
                    Some(Problem::GroupMissing) => platform::focus_id(&format!("ps{instance}-group0")),
                    None => platform::focus_id(&heading_id(instance)),
                }
            }
        });
    }

    let instrument = state.instrument.clone();
    let flow = &state.flow;
    let lang = flow.sheet.lang.clone();
    let text = strings(&lang);
    let on_action = {
        let dispatch = state.dispatcher();
        Callback::from(move |action: Action| dispatch.dispatch(Msg::Flow(action)))
    };
    let on_erase = {
        let dispatch = state.dispatcher();
        let id = instrument.id().to_owned();
        Callback::from(move |_: MouseEvent| {
            let _ = platform::erase(&id);
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
    let results = (flow.page == Page::Results).then(|| Rc::new(score::score(&instrument, &flow.sheet)));
    // What a screen reader hears when "Next" finds unanswered questions, or when the results
    // appear. The region is always in the page, so changing its text is announced.
    let announcement = if state.attempts > 0 && !flow.problems.is_empty() {
        match flow.problems[0] {
            Problem::GroupMissing => text.choose_group.to_owned(),
            Problem::ItemMissing(_) => i18n::fill(text.page_missing, &[("n", &flow.problems.len().to_string())]),
        }
    } else if let Some(overall) = results.as_ref().and_then(|r| r.overall.as_ref()) {
        let (band, figure) = overall_figure(&instrument, overall, &lang);
        format!("{}{}{figure} · {}", text.results_title, text.colon, band.label.get(&lang))
    } else {
        String::new()
    };

    let sequence = flow::pages(&instrument);
    let body = match flow.page {
        Page::Welcome => {
            // The page may fix one instrument; otherwise the respondent chooses among the built-in ones.
            let choices: Vec<(AttrValue, AttrValue)> =
                offered.iter().map(|(id, title)| (id.clone(), AttrValue::from(title.get(&lang).to_owned()))).collect();
            let on_choose = {
                let dispatch = state.dispatcher();
                Callback::from(move |id: String| dispatch.dispatch(Msg::Choose(id)))
            };
            html! {
                <WelcomePage instrument={instrument.clone()} lang={lang.clone()} instance={instance}
                    resumable={flow.sheet.answered_count() > 0} on_action={on_action.clone()}
                    choices={choices} on_choose={on_choose} />
            }
        }
        Page::Profile => html! {
            <ProfilePage instrument={instrument.clone()} flow={flow.clone()} instance={instance} on_action={on_action.clone()} />
        },
        Page::Dimension(d) => html! {
            <QuestionsPage instrument={instrument.clone()} flow={flow.clone()} dimension={d} instance={instance}
                page_number={sequence.iter().position(|p| *p == flow.page).unwrap_or(0)}
                page_total={sequence.len() - 1} on_action={on_action.clone()} />
        },
        Page::Review => html! {
            <ReviewPage instrument={instrument.clone()} flow={flow.clone()} instance={instance} on_action={on_action.clone()} />
        },
        Page::Results => match &results {
            Some(scores) => html! {
                <ResultsPage instrument={instrument.clone()} sheet={flow.sheet.clone()} scores={scores.clone()}
                    instance={instance} on_action={on_action.clone()} />
            },
            None => html! {},
        },
    };

    html! {
        <section class="ps-root" lang={lang.clone()} dir={text.dir} aria-label={text.survey_label}>
            <header class="ps-top">
                <p class="ps-brand">{ instrument.doc().title.get(&lang) }</p>
                <LanguagePicker instrument={instrument.clone()} lang={lang.clone()} instance={instance} on_action={on_action.clone()} />
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

#[derive(Properties, PartialEq)]
pub struct LanguagePickerProps {
    pub instrument: Rc<Instrument>,
    pub lang: AttrValue,
    pub instance: usize,
    pub on_action: Callback<Action>,
}

/// Switches the language at any time; answers are kept because they live in the flow.
#[component]
pub fn LanguagePicker(props: &LanguagePickerProps) -> Html {
    let locales: Vec<(&str, &str)> =
        i18n::LANGUAGES.iter().copied().filter(|(code, _)| props.instrument.has_locale(code)).collect();
    if locales.len() < 2 {
        return html! {};
    }
    let on_change = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            on_action.emit(Action::SetLang(select.value()));
        })
    };
    let id = format!("ps{}-lang", props.instance);
    html! {
        <div class="ps-lang">
            <label for={id.clone()}>{ strings(&props.lang).language }</label>
            <select id={id} onchange={on_change}>
                { for locales.iter().map(|(code, name)| html! {
                    <option value={*code} lang={*code} selected={*code == props.lang.as_str()}>{ *name }</option>
                }) }
            </select>
        </div>
    }
}
