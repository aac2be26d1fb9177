//! The survey's state and its reducer (as todomvc's `state.rs`): pure, with no storage, clock,
//! randomness or logging inside `reduce`. What the reducer needs from outside (a new response
//! id, today's date, what the outbox said, another tab's answers) arrives in the message;
//! reading the saved draft happens once, in [`state_for`], before the reducer exists.
//!
//! The reducer is tested natively (`cargo test -p partnerscope-widget --lib`): this crate's
//! `#[cfg(test)]` modules compile for the host too, and nothing here calls the browser. The
//! rules it applies (what is kept on the device, what another tab did) are the core's
//! `session` functions, tested there; these tests hold the reducer to them.

use std::cell::RefCell;
use std::rc::Rc;

use partnerscope_core::Instrument;
use partnerscope_core::flow::{Action, Attention, DraftError, Flow};
#[cfg(feature = "embed")]
use partnerscope_core::outbox::{Held, Status};
use partnerscope_web::storage;
use yew::prelude::*;

use crate::platform;

/// A message shown above the survey, not tied to any page.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The saved draft could not be read; the core's reason (English, technical) goes to the console.
    DraftDamaged,
    DraftOutdated,
    StorageUnavailable,
    Erased,
    /// Another tab finished or erased this response: these answers were made a response of
    /// their own.
    OtherTab,
    /// The browser would not give a random id for a new response.
    RandomBroken,
}

impl Notice {
    /// Whether the notice stays while the respondent goes on answering (the others are about
    /// what happened before the latest change).
    fn lasting(&self) -> bool {
        matches!(self, Notice::StorageUnavailable | Notice::OtherTab | Notice::RandomBroken)
    }
}

/// Everything the root holds. Scores are not here: they are derived from `flow` when rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub instrument: Rc<Instrument>,
    pub flow: Flow,
    pub notice: Option<Notice>,
    /// Where the flow last said attention should go ([`Flow::step`]), and how many times it has
    /// said so: the count makes focus move even when an attempt changes nothing else (pressing
    /// "Next" twice on an incomplete page must take focus to the problem twice).
    pub attention: Option<Attention>,
    pub moves: u32,
    /// Whether the draft should be written: false until the respondent changes something, so
    /// opening the page stores nothing.
    pub dirty: bool,
    /// Counts completed responses, so the completion effect runs once per completion and never
    /// for a completed response resumed from the device.
    pub completions: u32,
    /// Where this widget's draft is stored (see `platform::draft_key`).
    pub draft_key: String,
    /// The draft text this tab last read or wrote (`None`: none, or not this response's): what
    /// the widget compares storage with before a change (`session::elsewhere`). A cell the
    /// effects and callbacks keep up to date as they write; the reducer only carries it, and a
    /// hook of its own would cost more wasm.
    pub seen: Rc<RefCell<Option<String>>>,
    /// The page's group and round, applied to every response.
    pub setting: Setting,
    /// Where this response stands in the outbox, as the outbox last said (`None`: not in it).
    #[cfg(feature = "embed")]
    pub delivery: Option<Status>,
    /// Responses to this questionnaire the endpoint refused on earlier visits, still on the device.
    #[cfg(feature = "embed")]
    pub held: Rc<Vec<Held>>,
}

/// What the page decided for every response of this widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setting {
    pub group: Option<usize>,
    pub round: Option<String>,
    pub slot: usize,
}

/// What the outbox says: where response `id` stands, and the refused responses of this
/// questionnaire other than it.
#[cfg(feature = "embed")]
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub status: Option<Status>,
    pub held: Vec<Held>,
}

#[derive(Debug)]
pub enum Msg {
    Flow(Action),
    Notice(Option<Notice>),
    /// The draft was written (`true`) or storage refused it.
    Saved(bool),
    /// Erase everything stored and start afresh with this new id.
    Erase(String),
    #[cfg(feature = "embed")]
    Delivery(Delivery),
    /// Another tab's doing (`session::elsewhere`): its newer answers to this response
    /// (`false`), or these answers renumbered as a response of their own, which is said (`true`).
    Replace(Flow, bool),
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Flow(action) => {
                let step = self.flow.step(&self.instrument, action);
                let moves = self.moves + u32::from(step.attention.is_some());
                let attention = step.attention.or(self.attention);
                match step.flow {
                    Some(flow) => {
                        #[cfg(feature = "embed")]
                        let same_response = flow.sheet().id() == self.flow.sheet().id();
                        Rc::new(State {
                            completions: self.completions + u32::from(flow.is_complete() && !self.flow.is_complete()),
                            flow,
                            attention,
                            moves,
                            dirty: true,
                            notice: self.notice.clone().filter(Notice::lasting),
                            #[cfg(feature = "embed")]
                            delivery: if same_response { self.delivery.clone() } else { None },
                            ..(*self).clone()
                        })
                    }
                    None if step.attention.is_some() => Rc::new(State { attention, moves, ..(*self).clone() }),
                    // Returning the same Rc tells Yew nothing changed, so nothing re-renders.
                    None => self,
                }
            }
            Msg::Notice(notice) if notice != self.notice => Rc::new(State { notice, ..(*self).clone() }),
            Msg::Notice(_) => self,
            Msg::Saved(false) if self.notice != Some(Notice::StorageUnavailable) => {
                Rc::new(State { notice: Some(Notice::StorageUnavailable), ..(*self).clone() })
            }
            Msg::Saved(true) if self.notice == Some(Notice::StorageUnavailable) => {
                Rc::new(State { notice: None, ..(*self).clone() })
            }
            Msg::Saved(_) => self,
            Msg::Erase(id) => Rc::new(State {
                flow: apply_setting(
                    &self.instrument,
                    Flow::new(&self.instrument, &id, self.flow.sheet().lang()),
                    &self.setting,
                ),
                notice: Some(Notice::Erased),
                attention: Some(Attention::Page),
                moves: self.moves + 1,
                dirty: false,
                #[cfg(feature = "embed")]
                delivery: None,
                ..(*self).clone()
            }),
            #[cfg(feature = "embed")]
            // The outbox speaks only when something changed: no comparison (it would cost wasm).
            Msg::Delivery(news) => Rc::new(State {
                delivery: if news.id == self.flow.sheet().id() { news.status } else { self.delivery.clone() },
                held: Rc::new(news.held),
                ..(*self).clone()
            }),
            Msg::Replace(flow, renumbered) => {
                let flow = apply_setting(&self.instrument, flow, &self.setting);
                if flow == self.flow {
                    return self;
                }
                Rc::new(State {
                    flow,
                    notice: if renumbered { Some(Notice::OtherTab) } else { self.notice.clone() },
                    dirty: true,
                    #[cfg(feature = "embed")]
                    delivery: None,
                    ..(*self).clone()
                })
            }
        }
    }
}

/// `flow` with the page's group and round.
pub fn apply_setting(instrument: &Instrument, flow: Flow, setting: &Setting) -> Flow {
    let flow = match setting.group {
        Some(g) => flow.fix_group(instrument, g),
        None => flow,
    };
    match &setting.round {
        Some(round) => flow.with_round(round),
        None => flow,
    }
}

/// What was on the device for this widget when it started.
pub enum Found {
    /// No draft (`Ok(None)`), or a draft's text.
    Draft(Result<Option<String>, storage::StoreError>),
    /// No draft, but the response last completed under this draft key is still in the outbox
    /// (its completed draft): the results are shown again, with where delivery stands.
    Outbox(String),
}

/// A fresh state for `instrument` from what was `found` on the device: its draft if there is
/// one, else a response still in the outbox, else a new response with id `fresh_id`.
pub fn state_for(
    instrument: Rc<Instrument>,
    lang: Option<String>,
    setting: Setting,
    found: Found,
    fresh_id: &str,
) -> State {
    let lang = lang.filter(|l| instrument.has_locale(l)).unwrap_or_else(|| instrument.doc().locales[0].clone());
    let fresh = || Flow::new(&instrument, fresh_id, &lang);
    let draft_key = platform::draft_key(instrument.id(), setting.slot);
    let mut seen = None;
    let (flow, notice) = match found {
        Found::Draft(Ok(None)) => (fresh(), None),
        Found::Outbox(text) => (Flow::from_draft(&instrument, &text).unwrap_or_else(|_| fresh()), None),
        Found::Draft(Ok(Some(text))) => match Flow::from_draft(&instrument, &text) {
            Ok(flow) => {
                seen = Some(text);
                (flow, None)
            }
            Err(error) => {
                let notice = match error {
                    DraftError::Corrupt(_) => Notice::DraftDamaged,
                    DraftError::Outdated(_) => Notice::DraftOutdated,
                };
                (fresh(), Some(notice))
            }
        },
        Found::Draft(Err(_)) => (fresh(), Some(Notice::StorageUnavailable)),
    };
    let flow = apply_setting(&instrument, flow, &setting);
    State {
        instrument,
        flow,
        notice,
        attention: None,
        moves: 0,
        dirty: false,
        completions: 0,
        draft_key,
        seen: Rc::new(RefCell::new(seen)),
        setting,
        #[cfg(feature = "embed")]
        delivery: None,
        #[cfg(feature = "embed")]
        held: Rc::new(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use partnerscope_core::builtin;
    use partnerscope_core::flow::Page;
    use partnerscope_core::response::Answer;

    use super::*;

    fn state(found: Found) -> Rc<State> {
        Rc::new(state_for(Rc::new(builtin::demo()), None, Setting { slot: 1, ..Setting::default() }, found, "fresh"))
    }

    fn run(state: Rc<State>, msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter().fold(state, Reducible::reduce)
    }

    /// Every action that answers the demo and finishes it.
    fn finish_all(instrument: &Instrument) -> Vec<Msg> {
        let mut msgs = vec![Msg::Flow(Action::Next)];
        for item in 0..instrument.item_count() {
            msgs.push(Msg::Flow(Action::Answer { item, answer: Some(Answer::Value(4)) }));
        }
        msgs.push(Msg::Flow(Action::GoTo(Page::Review)));
        msgs.push(Msg::Flow(Action::Finish { date: Some("2026-03-04".into()) }));
        msgs
    }

    #[test]
    fn opening_stores_nothing_and_every_change_is_to_be_saved() {
        let fresh = state(Found::Draft(Ok(None)));
        assert!(!fresh.dirty);
        assert_eq!(fresh.flow.sheet().id(), "fresh");
        let same = fresh.clone().reduce(Msg::Flow(Action::Answer { item: 999, answer: None }));
        assert!(Rc::ptr_eq(&same, &fresh), "nothing changed: the same Rc, no re-render");
        let started = fresh.reduce(Msg::Flow(Action::Next));
        assert!(started.dirty);
        assert_eq!(started.attention, Some(Attention::Page));
    }

    #[cfg(feature = "embed")]
    #[test]
    fn a_completion_is_counted_once_and_the_outbox_news_is_kept_for_this_response_only() {
        let fresh = state(Found::Draft(Ok(None)));
        let instrument = fresh.instrument.clone();
        let done = run(fresh, finish_all(&instrument));
        assert!(done.flow.is_complete());
        assert_eq!(done.completions, 1);
        let kept = Status::Waiting { offline: true, kept: true, code: String::new() };
        let held = vec![Held {
            id: "old".into(),
            instrument: "demo".into(),
            body: "{}".into(),
            status: 422,
            reason: "no".into(),
            code: String::new(),
        }];
        let told = done.clone().reduce(Msg::Delivery(Delivery {
            id: "fresh".into(),
            status: Some(kept.clone()),
            held: held.clone(),
        }));
        assert_eq!(told.delivery, Some(kept.clone()));
        assert_eq!(*told.held, held);
        // News of another response changes only the held list.
        let other =
            told.clone().reduce(Msg::Delivery(Delivery { id: "old".into(), status: Some(Status::Gone), held: vec![] }));
        assert_eq!(other.delivery, Some(kept));
        assert!(other.held.is_empty());
        // A new response starts with no delivery state.
        let restarted = other.reduce(Msg::Flow(Action::Restart { id: "next".into() }));
        assert_eq!(restarted.delivery, None);
        assert_eq!(restarted.completions, 1);
    }

    #[test]
    fn storage_notices_come_and_go_with_the_writes_and_last_through_answers() {
        let fresh = state(Found::Draft(Ok(None)));
        let refused = fresh.reduce(Msg::Saved(false));
        assert_eq!(refused.notice, Some(Notice::StorageUnavailable));
        let answered = refused.reduce(Msg::Flow(Action::Next));
        assert_eq!(answered.notice, Some(Notice::StorageUnavailable), "still true while answering");
        assert_eq!(answered.reduce(Msg::Saved(true)).notice, None);
        assert_eq!(state(Found::Draft(Err(storage::StoreError::Unavailable))).notice, Some(Notice::StorageUnavailable));
    }

    #[test]
    fn another_tabs_answers_are_taken_in_and_a_renumbered_response_keeps_every_answer_and_says_so() {
        let fresh = state(Found::Draft(Ok(None)));
        let instrument = fresh.instrument.clone();
        let mut msgs = finish_all(&instrument);
        msgs.truncate(3);
        let mine = run(fresh, msgs);
        let theirs = mine.flow.apply(&instrument, Action::Answer { item: 5, answer: Some(Answer::Value(1)) });
        let theirs = theirs.unwrap_or_else(|| mine.flow.clone());
        let adopted = mine.clone().reduce(Msg::Replace(theirs.clone(), false));
        assert_eq!(adopted.flow, theirs);
        assert_eq!(adopted.notice, None);
        let own = partnerscope_core::session::renumber(&theirs, "own").expect("a usable id");
        let renumbered = adopted.reduce(Msg::Replace(own, true));
        assert_eq!(renumbered.flow.sheet().id(), "own");
        assert_eq!(renumbered.flow.sheet().answers(), theirs.sheet().answers());
        assert_eq!(renumbered.notice, Some(Notice::OtherTab));
        assert!(renumbered.dirty);
        // The notice stays while the respondent goes on.
        let next = renumbered.reduce(Msg::Flow(Action::Answer { item: 0, answer: Some(Answer::Value(2)) }));
        assert_eq!(next.notice, Some(Notice::OtherTab));
        // The same flow again changes nothing.
        let same = next.clone().reduce(Msg::Replace(next.flow.clone(), false));
        assert!(Rc::ptr_eq(&same, &next));
    }

    #[test]
    fn the_device_decides_the_start_a_draft_a_response_in_the_outbox_or_a_fresh_one() {
        let demo = builtin::demo();
        let mut flow = Flow::new(&demo, "saved", "en");
        flow = flow.apply(&demo, Action::Next).unwrap_or(flow);
        let text = flow.to_draft(&demo);
        let resumed = state(Found::Draft(Ok(Some(text.clone()))));
        assert_eq!(resumed.flow.sheet().id(), "saved");
        assert_eq!(resumed.seen.borrow().as_deref(), Some(text.as_str()));
        let damaged = state(Found::Draft(Ok(Some("{\"draft\":2,".into()))));
        assert_eq!(damaged.notice, Some(Notice::DraftDamaged));
        assert_eq!(damaged.flow.sheet().id(), "fresh");
        assert_eq!(*damaged.seen.borrow(), None);
        let outdated = state(Found::Draft(Ok(Some("{\"draft\":1}".into()))));
        assert_eq!(outdated.notice, Some(Notice::DraftOutdated));
        // From the outbox: the results again, and nothing counted as a new completion.
        let fresh = state(Found::Draft(Ok(None)));
        let done = run(fresh, finish_all(&demo_rc()));
        let from_outbox = state(Found::Outbox(done.flow.to_draft(&demo)));
        assert!(from_outbox.flow.is_complete());
        assert_eq!(from_outbox.completions, 0);
        assert_eq!(*from_outbox.seen.borrow(), None, "not a draft of this widget's");
    }

    fn demo_rc() -> Rc<Instrument> {
        Rc::new(builtin::demo())
    }
}
