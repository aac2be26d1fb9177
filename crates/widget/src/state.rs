//! The survey's state and its reducer (as todomvc's `state.rs`): pure, with no storage, clock,
//! randomness or logging inside `reduce`. What the reducer needs from outside (a new response
//! id, today's date) arrives in the message; reading the saved draft happens once, in
//! [`state_for`], before the reducer exists.

use std::rc::Rc;

use partnerscope_core::Instrument;
use partnerscope_core::flow::{Action, Attention, DraftError, Flow};
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
    /// The page's group and round, applied to every response.
    pub setting: Setting,
}

/// What the page decided for every response of this widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setting {
    pub group: Option<usize>,
    pub round: Option<String>,
    pub slot: usize,
}

pub enum Msg {
    Flow(Action),
    Notice(Option<Notice>),
    /// Erase everything stored and start afresh with this new id.
    Erase(String),
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
                    Some(flow) => Rc::new(State {
                        completions: self.completions + u32::from(flow.is_complete() && !self.flow.is_complete()),
                        flow,
                        attention,
                        moves,
                        dirty: true,
                        notice: self.notice.clone().filter(|n| *n == Notice::StorageUnavailable),
                        ..(*self).clone()
                    }),
                    None if step.attention.is_some() => Rc::new(State { attention, moves, ..(*self).clone() }),
                    // Returning the same Rc tells Yew nothing changed, so nothing re-renders.
                    None => self,
                }
            }
            Msg::Notice(notice) if notice != self.notice => Rc::new(State { notice, ..(*self).clone() }),
            Msg::Notice(_) => self,
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
                ..(*self).clone()
            }),
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

/// A fresh state for `instrument`: its saved draft if there is one, else a new response.
pub fn state_for(instrument: Rc<Instrument>, lang: Option<String>, setting: Setting) -> State {
    let lang = lang.filter(|l| instrument.has_locale(l)).unwrap_or_else(|| instrument.doc().locales[0].clone());
    let fresh = || Flow::new(&instrument, &platform::random_id(), &lang);
    let draft_key = platform::draft_key(instrument.id(), setting.slot);
    let (flow, notice) = match platform::load(&draft_key) {
        Ok(None) => (fresh(), None),
        Ok(Some(text)) => match Flow::from_draft(&instrument, &text) {
            Ok(flow) => (flow, None),
            Err(error) => {
                platform::warn(&format!("Partnerscope: the saved draft was not resumed: {error}"));
                // Removed at once, so the message is not shown again on the next visit.
                let _ = platform::remove(&draft_key);
                let notice = match error {
                    DraftError::Corrupt(_) => Notice::DraftDamaged,
                    DraftError::Outdated(_) => Notice::DraftOutdated,
                };
                (fresh(), Some(notice))
            }
        },
        Err(_) => (fresh(), Some(Notice::StorageUnavailable)),
    };
    let flow = apply_setting(&instrument, flow, &setting);
    State { instrument, flow, notice, attention: None, moves: 0, dirty: false, completions: 0, draft_key, setting }
}
