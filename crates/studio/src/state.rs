//! The studio's state and its pure reducer: the draft, undo and redo, the interface language and
//! the last notice. No storage, clock or DOM here; the shell (`app.rs`) saves the draft and moves
//! focus when the state says so.
//!
//! An edit is a plain function over the draft (`Msg::Edit`), keyed by the field it changes:
//! successive keystrokes in one field make one undo step, a change of field or any structural
//! change (add, remove, move) makes a new one.

use std::rc::Rc;

use yew::Reducible;

use crate::model::Draft;
use crate::notes::Note;

/// Most undo steps kept.
const UNDO_LIMIT: usize = 200;

pub type EditFn = Rc<dyn Fn(&mut Draft)>;

pub enum Msg {
    /// Change the draft. `key` names the field typed into (`None`: a structural change, always
    /// its own undo step); `focus` is the id of the control to focus after the change.
    Edit {
        key: Option<String>,
        edit: EditFn,
        focus: Option<String>,
    },
    Undo,
    Redo,
    /// Start again from this draft (blank, a built-in copy, an opened file); undoable.
    Replace(Box<Draft>, Notice),
    Lang(String),
    Notice(Notice),
    /// The questionnaire as it was when last opened or sent out, for the version rule.
    Baseline(Option<Baseline>),
}

/// What the studio tells the author after an action, in the interface language.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    None,
    Started,
    /// A file opened, with what could not be read in it (worded when shown; shared, so the
    /// state's clones do not copy the notes).
    Opened(String, Rc<[Note]>),
    OpenFailed(String, Why),
    Restored,
    Undone,
    Redone,
    Downloaded(String),
    Copied,
    CopyFailed,
    Imported(ImportSummary),
    ImportFailed(String),
}

/// Why a file did not open: the studio's own reasons, worded when shown (`problems::Words`),
/// or what the file's reader said.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    TooBig,
    Unreadable,
    NotQuestionnaire,
    Said(String),
}

/// What a translation CSV or an XLSForm import changed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImportSummary {
    pub file: String,
    pub changed: Vec<String>,
    pub unknown: Vec<String>,
    pub missing: Vec<String>,
    pub problems: Vec<String>,
}

/// Id, version and a fingerprint of the instrument JSON at a point the author sent it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub id: String,
    pub version: String,
    pub print: String,
}

impl Baseline {
    pub fn of(draft: &Draft) -> Baseline {
        Baseline { id: draft.id.clone(), version: draft.version.clone(), print: fingerprint(&draft.to_json()) }
    }

    /// One line each, for storage.
    pub fn to_text(&self) -> String {
        format!("{}\n{}\n{}", self.id, self.version, self.print)
    }

    pub fn from_text(text: &str) -> Option<Baseline> {
        let mut lines = text.lines();
        Some(Baseline { id: lines.next()?.into(), version: lines.next()?.into(), print: lines.next()?.into() })
    }

    /// What the version rule asks of `draft`: `Some(next version)` when it keeps this id and
    /// version but its content changed.
    pub fn needs_new_version(&self, draft: &Draft) -> Option<String> {
        (draft.id == self.id && draft.version == self.version && fingerprint(&draft.to_json()) != self.print)
            .then(|| next_version(&draft.version))
    }
}

/// FNV-1a of the text, as hex: enough to tell "changed" from "the same".
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The version after `v`: its last number plus one (`1` → `2`, `2026.1` → `2026.2`,
/// `1.0.0` → `1.0.1`), else `v.1`... kept within the core's 32 characters.
pub fn next_version(v: &str) -> String {
    let v = v.trim();
    let digits = v.len() - v.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0
        && let Ok(n) = v[v.len() - digits..].parse::<u64>()
    {
        return format!("{}{}", &v[..v.len() - digits], n + 1);
    }
    let mut next = format!("{v}.1");
    next.truncate(32);
    next
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub draft: Rc<Draft>,
    pub undo: Vec<Rc<Draft>>,
    pub redo: Vec<Rc<Draft>>,
    /// The field of the last edit, to merge keystrokes into one undo step.
    pub last_key: Option<String>,
    pub lang: String,
    pub notice: Notice,
    /// Where focus goes after the change just made, and a counter so the same target twice moves
    /// focus twice.
    pub focus: Option<String>,
    pub moves: u32,
    /// The questionnaire as it was when opened from a file or last sent out: a changed
    /// questionnaire that keeps its id gets a new version.
    pub baseline: Option<Baseline>,
}

impl State {
    pub fn new(draft: Draft, lang: String, notice: Notice) -> State {
        State {
            draft: Rc::new(draft),
            undo: Vec::new(),
            redo: Vec::new(),
            last_key: None,
            lang,
            notice,
            focus: None,
            moves: 0,
            baseline: None,
        }
    }
}

/// The next state, or `None` when nothing changed.
pub fn update(state: &State, msg: Msg) -> Option<State> {
    let mut next = state.clone();
    match msg {
        Msg::Edit { key, edit, focus } => {
            let mut draft = (*state.draft).clone();
            edit(&mut draft);
            // Which translations were written for which first-language text (the "may be out
            // of date" marks): part of the draft, so undo and redo bring them back with the texts.
            crate::translate::track(&state.draft, &mut draft);
            if draft == *state.draft && focus.is_none() {
                return None;
            }
            let merge = key.is_some() && key == state.last_key && !state.undo.is_empty();
            if !merge {
                next.undo.push(state.draft.clone());
                if next.undo.len() > UNDO_LIMIT {
                    next.undo.remove(0);
                }
            }
            next.redo.clear();
            next.draft = Rc::new(draft);
            next.last_key = key;
            next.notice = Notice::None;
            if focus.is_some() {
                next.focus = focus;
                next.moves += 1;
            }
        }
        Msg::Undo => {
            let previous = next.undo.pop()?;
            next.redo.push(std::mem::replace(&mut next.draft, previous));
            next.last_key = None;
            next.notice = Notice::Undone;
        }
        Msg::Redo => {
            let later = next.redo.pop()?;
            next.undo.push(std::mem::replace(&mut next.draft, later));
            next.last_key = None;
            next.notice = Notice::Redone;
        }
        Msg::Replace(draft, notice) => {
            next.undo.push(state.draft.clone());
            next.redo.clear();
            next.draft = Rc::new(*draft);
            next.last_key = None;
            next.notice = notice;
        }
        Msg::Lang(lang) => {
            if lang == state.lang {
                return None;
            }
            next.lang = lang;
        }
        Msg::Notice(notice) => next.notice = notice,
        Msg::Baseline(baseline) => next.baseline = baseline,
    }
    Some(next)
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match update(&self, msg) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(key: Option<&str>, f: impl Fn(&mut Draft) + 'static) -> Msg {
        Msg::Edit { key: key.map(str::to_owned), edit: Rc::new(f), focus: None }
    }

    #[test]
    fn keystrokes_in_one_field_are_one_undo_step_and_redo_gives_them_back() {
        let s = State::new(Draft::blank("en"), "en".into(), Notice::None);
        let s = update(
            &s,
            edit(Some("title.en"), |d| {
                d.title.insert("en".into(), "A".into());
            }),
        )
        .expect("changed");
        let s = update(
            &s,
            edit(Some("title.en"), |d| {
                d.title.insert("en".into(), "Ab".into());
            }),
        )
        .expect("changed");
        let s = update(&s, edit(Some("id"), |d| d.id = "x".into())).expect("changed");
        assert_eq!(s.undo.len(), 2);
        let s = update(&s, Msg::Undo).expect("undone");
        assert_eq!(s.draft.id, "my-questionnaire");
        assert_eq!(s.draft.title["en"], "Ab");
        let s = update(&s, Msg::Undo).expect("undone");
        assert!(!s.draft.title.contains_key("en"));
        assert!(update(&s, Msg::Undo).is_none(), "nothing more to undo");
        let s = update(&s, Msg::Redo).expect("redone");
        assert_eq!(s.draft.title["en"], "Ab");
        let s = update(&s, edit(None, |d| d.dimensions.clear())).expect("changed");
        assert!(s.redo.is_empty(), "a new change drops what could be redone");
    }

    #[test]
    fn a_changed_questionnaire_that_keeps_its_id_and_version_needs_the_next_version() {
        assert_eq!(next_version("1"), "2");
        assert_eq!(next_version("2026.1"), "2026.2");
        assert_eq!(next_version("1.0.9"), "1.0.10");
        assert_eq!(next_version("draft"), "draft.1");
        let mut d = Draft::blank("en");
        let b = Baseline::of(&d);
        assert_eq!(b.needs_new_version(&d), None);
        d.title.insert("en".into(), "Changed".into());
        assert_eq!(b.needs_new_version(&d).as_deref(), Some("2"));
        d.version = "2".into();
        assert_eq!(b.needs_new_version(&d), None);
        assert_eq!(Baseline::from_text(&b.to_text()), Some(b));
    }

    /// The walk-through's finding: rewording an English statement left its French silently
    /// meaning the old thing. The mark follows the edits, and undo and redo.
    #[test]
    fn a_reworded_first_language_text_marks_its_translations_and_undo_takes_the_mark_back() {
        use crate::translate::{Slot, keep, stale};
        let mut d = Draft::blank("en");
        d.locales.push("fr".into());
        d.title.insert("en".into(), "Team pulse".into());
        d.title.insert("fr".into(), "Pouls de l'équipe".into());
        let s = State::new(d, "en".into(), Notice::None);
        let type_in = |s: &State, lang: &'static str, text: &'static str| {
            update(s, edit(Some(&format!("title.{lang}")), move |d| Slot::Title.set(d, lang, text))).expect("changed")
        };
        assert!(stale(&s.draft).is_empty(), "a questionnaire as loaded: every translation current");
        let s = type_in(&s, "en", "Team pulse check");
        let marked: Vec<(String, String)> = stale(&s.draft).into_iter().map(|(_, k, l)| (k, l)).collect();
        assert_eq!(marked, [("title".to_owned(), "fr".to_owned())]);
        // Typing on in English keeps the mark; typing back the old text takes it away.
        let s2 = type_in(&s, "en", "Team pulse check-up");
        assert_eq!(stale(&s2.draft).len(), 1);
        assert!(stale(&type_in(&s2, "en", "Team pulse").draft).is_empty(), "reworded back: current again");
        // Undo gives back the text and its mark together; redo too.
        let undone = update(&s2, Msg::Undo).expect("undone");
        assert_eq!(undone.draft.title["en"], "Team pulse");
        assert!(stale(&undone.draft).is_empty());
        let redone = update(&undone, Msg::Redo).expect("redone");
        assert_eq!(stale(&redone.draft).len(), 1);
        // Editing the French clears it; so does "Still right".
        assert!(stale(&type_in(&redone, "fr", "Bilan de l'équipe").draft).is_empty());
        let kept = update(&redone, edit(None, |d| keep(d, "title", "fr"))).expect("kept");
        assert!(stale(&kept.draft).is_empty());
        assert_eq!(kept.undo.len(), redone.undo.len() + 1, "\"Still right\" is an undo step of its own");
        // A questionnaire opened or started afresh: every translation current.
        let replaced = update(&redone, Msg::Replace(Box::new(Draft::blank("en")), Notice::Started)).expect("replaced");
        assert!(replaced.draft.translated_from.is_empty());
        // Never in the instrument JSON.
        assert!(!redone.draft.to_json().contains(&crate::state::fingerprint("Team pulse")));
    }

    #[test]
    fn an_edit_that_changes_nothing_is_no_change() {
        let s = State::new(Draft::blank("en"), "en".into(), Notice::None);
        assert!(update(&s, edit(Some("id"), |_| {})).is_none());
    }
}
