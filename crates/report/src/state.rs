//! The report's state and its one reducer, as the respondent's widget has: every change is a
//! [`Msg`], and [`update`] is a pure function of the state and the message (no I/O: storage,
//! files and the clock stay in `app.rs`), so the choices and their defaults are tested natively.
//!
//! What is *not* state: the responses (the import lives outside Yew, mutated as files stream
//! in; `generation` says when it changed) and every figure (derived from the import and the
//! selection, in `derive.rs`, once per change).

use std::rc::Rc;

use partnerscope_core::plan::ActionPlan;
use yew::Reducible;

/// Where reading stands: the file's name and how much of all the files is read, 0 to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub name: String,
    pub fraction: f64,
}

/// What the polite live region says about reading. It changes when a file starts and at each
/// quarter of the reading, not at every slice (a screen reader would read out every percent),
/// and says which files were read when the reading ends.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Announced {
    #[default]
    Nothing,
    /// Reading `name`, `percent` (0, 25, 50 or 75) of all the files read.
    Reading { name: String, percent: u8 },
    /// The files of the last reading, in the order they were read.
    Read(Vec<String>),
}

/// The facilitator's choice of an earlier round to compare with.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Compare {
    /// Not chosen: the default applies (see [`select`]).
    #[default]
    Default,
    /// No comparison.
    Nothing,
    Round(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: String,
    /// Bumped whenever the import changed (files read, codes pasted, everything cleared).
    pub generation: u32,
    /// Bumped whenever reports worked out in steps, away from the render, are ready.
    pub worked: u32,
    /// The questionnaire (an index into the import's sets); `None` until the facilitator picks.
    pub set: Option<usize>,
    /// The round on screen; `None` until the facilitator picks.
    pub round: Option<String>,
    pub compare: Compare,
    /// The text in the paste box.
    pub codes: String,
    pub progress: Option<Progress>,
    pub announced: Announced,
    /// The files of the reading under way, in the order they were read.
    pub reading_names: Vec<String>,
    /// Every action plan known for the chosen questionnaire: those kept on this device and
    /// those loaded with the files (later ones win, see `plan::roles`).
    pub plans: Vec<ActionPlan>,
    /// Whether the last edit of the plan was kept on the device.
    pub plan_saved: bool,
    /// The order of this load's comments (drawn when the report opens).
    pub seed: u64,
    /// Comments the facilitator hid before sharing (by their key).
    pub hidden: Vec<u64>,
    /// Themes given to comments, by key.
    pub themes: Vec<(u64, Vec<String>)>,
    /// The facilitator's own themes, beside the questionnaire's areas.
    pub own_themes: Vec<String>,
    /// The meeting view's slide, when it is open.
    pub meeting: Option<usize>,
}

impl State {
    pub fn new(lang: String) -> State {
        State::seeded(lang, 1)
    }

    /// A state whose comments are ordered by `seed`.
    pub fn seeded(lang: String, seed: u64) -> State {
        State {
            seed,
            hidden: Vec::new(),
            themes: Vec::new(),
            own_themes: Vec::new(),
            meeting: None,
            lang,
            generation: 0,
            worked: 0,
            set: None,
            round: None,
            compare: Compare::Default,
            codes: String::new(),
            progress: None,
            announced: Announced::Nothing,
            reading_names: Vec::new(),
            plans: Vec::new(),
            plan_saved: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Language(String),
    /// Reading files: where it stands.
    Reading(Progress),
    /// The files are read and the import changed.
    Imported,
    /// Everything loaded was forgotten.
    Cleared,
    /// Reports worked out in steps are ready (the render takes them).
    Worked,
    ChooseSet(usize),
    ChooseRound(String),
    /// An earlier round to compare with, or `None` for no comparison.
    ChooseCompare(Option<String>),
    Codes(String),
    /// The pasted codes were handed to the import.
    CodesTaken,
    /// The plans known for the chosen questionnaire (kept ones, then loaded ones).
    PlansKnown(Vec<ActionPlan>),
    /// The plan being written changed (a whole new plan, agreed after the round on screen).
    PlanEdited(ActionPlan),
    /// Whether that edit could be kept on the device.
    PlanKept(bool),
    /// Hide a comment before sharing, or show it again.
    ToggleHidden(u64),
    /// Give a comment a theme, or take it away.
    ToggleTheme(u64, String),
    /// A theme of the facilitator's own.
    AddTheme(String),
    /// What was kept on the device about the comments: hidden keys, themes, own themes.
    CommentsKnown(Vec<u64>, Vec<(u64, Vec<String>)>, Vec<String>),
    /// Open the meeting view on a slide, or close it.
    Meeting(Option<usize>),
}

/// The state after `msg`, or `None` when nothing changes (so Yew skips the render).
// Long because it is one `match` with an arm per message, as the widget's reducer is.
pub fn update(state: &State, msg: Msg) -> Option<State> {
    let mut next = state.clone();
    match msg {
        Msg::Language(lang) => next.lang = lang,
        Msg::Reading(progress) => {
            if state.progress.is_none() {
                next.reading_names.clear();
            }
            if next.reading_names.last() != Some(&progress.name) {
                next.reading_names.push(progress.name.clone());
            }
            let percent = ((progress.fraction * 4.0).floor().clamp(0.0, 3.0) as u8) * 25;
            next.announced = Announced::Reading { name: progress.name.clone(), percent };
            next.progress = Some(progress);
        }
        // The files read and the data changed in one step, so one render follows: it takes the
        // reports the shell worked out ahead, where a render in between would work them out
        // again (nothing is selected while files are read).
        Msg::Imported => {
            next.progress = None;
            next.announced = Announced::Read(std::mem::take(&mut next.reading_names));
            next.generation += 1;
        }
        Msg::Worked => next.worked += 1,
        Msg::Cleared => {
            next.generation += 1;
            next.set = None;
            next.round = None;
            next.compare = Compare::Default;
            next.plans.clear();
        }
        Msg::ChooseSet(set) => {
            if state.set == Some(set) {
                return None;
            }
            // Another questionnaire has other rounds and other plans.
            next.set = Some(set);
            next.round = None;
            next.compare = Compare::Default;
            next.plans.clear();
        }
        Msg::ChooseRound(round) => {
            next.round = Some(round);
            // A comparison chosen with the round it now is becomes the default again.
            if next.compare == Compare::Round(next.round.clone().unwrap_or_default()) {
                next.compare = Compare::Default;
            }
        }
        Msg::ChooseCompare(round) => next.compare = round.map_or(Compare::Nothing, Compare::Round),
        Msg::Codes(text) => next.codes = text,
        Msg::CodesTaken => {
            next.codes.clear();
            next.generation += 1;
        }
        Msg::PlansKnown(plans) => next.plans = plans,
        Msg::PlanEdited(plan) => {
            // One plan per round it was agreed after: the edit replaces it.
            next.plans.retain(|p| p.agreed_after != plan.agreed_after);
            next.plans.push(plan);
        }
        Msg::PlanKept(saved) => next.plan_saved = saved,
        Msg::ToggleHidden(key) => match next.hidden.iter().position(|k| *k == key) {
            Some(at) => {
                next.hidden.remove(at);
            }
            None => next.hidden.push(key),
        },
        Msg::ToggleTheme(key, theme) => {
            let at = match next.themes.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    next.themes.push((key, Vec::new()));
                    next.themes.len() - 1
                }
            };
            let themes = &mut next.themes[at].1;
            match themes.iter().position(|t| *t == theme) {
                Some(k) => {
                    themes.remove(k);
                }
                None => themes.push(theme),
            }
            next.themes.retain(|(_, t)| !t.is_empty());
        }
        Msg::AddTheme(theme) => {
            let theme = theme.trim().to_owned();
            if !theme.is_empty() && !next.own_themes.contains(&theme) && theme.chars().count() <= 60 {
                next.own_themes.push(theme);
            }
        }
        Msg::CommentsKnown(hidden, themes, own) => {
            next.hidden = hidden;
            next.themes = themes;
            next.own_themes = own;
        }
        Msg::Meeting(slide) => next.meeting = slide,
    }
    (next != *state).then_some(next)
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

/// A questionnaire (and version) with responses, as the selection needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct SetInfo {
    /// Its index among the import's sets.
    pub index: usize,
    /// How many responses it holds: only to choose the largest by default, never shown.
    pub responses: usize,
    /// Its round labels.
    pub rounds: Vec<String>,
}

/// What the report is of.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Selection {
    pub set: usize,
    pub round: String,
    pub previous: Option<String>,
}

/// Rounds in the order shown and compared: sorted by label, which is how they are usually named
/// ("2025", "2026-spring"), so "the round before" is the one before in that order.
pub fn ordered(rounds: &[String]) -> Vec<String> {
    let mut rounds = rounds.to_vec();
    partnerscope_core::order::sort(&mut rounds);
    rounds
}

/// The selection from the facilitator's choices and the defaults: the questionnaire chosen, else
/// the one with most responses; the round chosen, else the latest; the comparison chosen, else
/// the round whose plan is due at the round on screen, else the round before it.
pub fn select(sets: &[SetInfo], state: &State) -> Option<Selection> {
    let set = state
        .set
        .and_then(|chosen| sets.iter().find(|s| s.index == chosen))
        // The first of the largest: a tie goes to the questionnaire loaded first.
        .or_else(|| sets.iter().rev().max_by_key(|s| s.responses))?;
    let rounds = ordered(&set.rounds);
    let round = state.round.clone().filter(|r| rounds.contains(r)).or_else(|| rounds.last().cloned())?;
    let earlier: Vec<&String> = rounds.iter().take_while(|r| **r != round).collect();
    let previous = match &state.compare {
        Compare::Nothing => None,
        Compare::Round(r) if rounds.contains(r) && *r != round => Some(r.clone()),
        _ => state
            .plans
            .iter()
            .rev()
            .find(|p| p.review_at == round && earlier.contains(&&p.agreed_after))
            .map(|p| p.agreed_after.clone())
            .or_else(|| earlier.last().map(|r| (*r).clone())),
    };
    Some(Selection { set: set.index, round, previous })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(index: usize, responses: usize, rounds: &[&str]) -> SetInfo {
        SetInfo { index, responses, rounds: rounds.iter().map(|r| (*r).to_owned()).collect() }
    }

    fn plan(after: &str, review: &str) -> ActionPlan {
        ActionPlan { agreed_after: after.into(), review_at: review.into(), ..ActionPlan::default() }
    }

    #[test]
    fn the_defaults_are_the_largest_questionnaire_its_latest_round_and_the_round_before() {
        let sets = [set(0, 10, &["2025"]), set(1, 30, &["2026", "2024", "2025"]), set(2, 30, &["x"])];
        let state = State::new("en".into());
        let chosen = select(&sets, &state).unwrap();
        assert_eq!(chosen, Selection { set: 1, round: "2026".into(), previous: Some("2025".into()) });
        // Chosen by the facilitator: another questionnaire, another round, no comparison.
        let state = update(&state, Msg::ChooseSet(0)).unwrap();
        assert_eq!(select(&sets, &state).unwrap(), Selection { set: 0, round: "2025".into(), previous: None });
        let state = update(&state, Msg::ChooseSet(1)).unwrap();
        let state = update(&state, Msg::ChooseRound("2025".into())).unwrap();
        assert_eq!(select(&sets, &state).unwrap().previous.as_deref(), Some("2024"));
        let state = update(&state, Msg::ChooseCompare(None)).unwrap();
        assert_eq!(select(&sets, &state).unwrap().previous, None);
        let state = update(&state, Msg::ChooseCompare(Some("2026".into()))).unwrap();
        assert_eq!(select(&sets, &state).unwrap().previous.as_deref(), Some("2026"));
        // A round that is not in the data falls back to the latest.
        let state = update(&state, Msg::ChooseRound("1999".into())).unwrap();
        assert_eq!(select(&sets, &state).unwrap().round, "2026");
        assert_eq!(select(&[], &state), None);
    }

    #[test]
    fn choosing_another_questionnaire_forgets_its_rounds_and_plans() {
        let state = State { plans: vec![plan("2025", "")], ..State::new("en".into()) };
        let state = update(&state, Msg::ChooseRound("2025".into())).unwrap();
        let state = update(&state, Msg::ChooseSet(3)).unwrap();
        assert_eq!((state.round.clone(), state.plans.len(), state.compare.clone()), (None, 0, Compare::Default));
        assert_eq!(update(&state, Msg::ChooseSet(3)), None, "the same choice changes nothing");
    }

    #[test]
    fn the_comparison_defaults_to_the_round_whose_plan_is_due() {
        // 2024, 2025, 2026 loaded; a plan agreed after 2024 is due at 2026: 2026 is compared
        // with 2024, where that plan can be judged, rather than with 2025.
        let sets = [set(0, 9, &["2024", "2025", "2026"])];
        let state = State { plans: vec![plan("2024", "2026")], ..State::new("en".into()) };
        assert_eq!(select(&sets, &state).unwrap().previous.as_deref(), Some("2024"));
        // An open plan (no review round) does not move the default.
        let state = State { plans: vec![plan("2024", "")], ..State::new("en".into()) };
        assert_eq!(select(&sets, &state).unwrap().previous.as_deref(), Some("2025"));
    }

    #[test]
    fn an_edited_plan_replaces_the_plan_agreed_after_the_same_round_only() {
        let state = State { plans: vec![plan("2025", ""), plan("2026", "")], ..State::new("en".into()) };
        let mut edited = plan("2026", "2027");
        edited.priorities.push(partnerscope_core::plan::Priority { dimension: "trust".into(), actions: vec![] });
        let state = update(&state, Msg::PlanEdited(edited.clone())).unwrap();
        assert_eq!(state.plans, vec![plan("2025", ""), edited]);
        let state = update(&state, Msg::Cleared).unwrap();
        assert!(state.plans.is_empty());
    }

    #[test]
    fn comments_are_hidden_and_themed_by_key_and_shown_again() {
        let state = State::new("en".into());
        let state = update(&state, Msg::ToggleHidden(7)).unwrap();
        assert_eq!(state.hidden, [7]);
        let state = update(&state, Msg::ToggleHidden(7)).unwrap();
        assert!(state.hidden.is_empty());
        let state = update(&state, Msg::ToggleTheme(7, "Trust".into())).unwrap();
        let state = update(&state, Msg::ToggleTheme(7, "Money".into())).unwrap();
        assert_eq!(state.themes, vec![(7, vec!["Trust".to_owned(), "Money".to_owned()])]);
        let state = update(&state, Msg::ToggleTheme(7, "Trust".into())).unwrap();
        let state = update(&state, Msg::ToggleTheme(7, "Money".into())).unwrap();
        assert!(state.themes.is_empty(), "a comment without themes is forgotten");
        let state = update(&state, Msg::AddTheme("  Money  ".into())).unwrap();
        assert_eq!(update(&state, Msg::AddTheme("Money".into())), None, "a theme once");
        assert_eq!(update(&state, Msg::AddTheme("   ".into())), None);
        let state = update(&state, Msg::Meeting(Some(2))).unwrap();
        assert_eq!(state.meeting, Some(2));
    }

    #[test]
    fn reading_is_announced_per_file_and_quarter_then_the_files_read() {
        let reading = |name: &str, fraction: f64| Msg::Reading(Progress { name: name.into(), fraction });
        let state = update(&State::new("en".into()), reading("a.json", 0.0)).unwrap();
        assert_eq!(state.announced, Announced::Reading { name: "a.json".into(), percent: 0 });
        let state = update(&state, reading("b.jsonl", 0.1)).unwrap();
        let later = update(&state, reading("b.jsonl", 0.2)).unwrap();
        assert_eq!(later.announced, state.announced, "the same quarter: the region says nothing new");
        let state = update(&later, reading("b.jsonl", 0.99)).unwrap();
        assert_eq!(state.announced, Announced::Reading { name: "b.jsonl".into(), percent: 75 });
        let imported = update(&state, Msg::Imported).unwrap();
        assert_eq!(imported.announced, Announced::Read(vec!["a.json".into(), "b.jsonl".into()]));
        assert_eq!((&imported.progress, imported.generation), (&None, state.generation + 1));
        let state = imported;
        // The next reading lists only its own files.
        let state = update(&state, reading("c.csv", 0.0)).unwrap();
        let state = update(&state, Msg::Imported).unwrap();
        assert_eq!(state.announced, Announced::Read(vec!["c.csv".into()]));
    }

    #[test]
    fn nothing_changed_is_no_new_state() {
        let state = State::new("en".into());
        assert_eq!(update(&state, Msg::Language("en".into())), None);
        assert_eq!(update(&state, Msg::Codes(String::new())), None);
        assert!(update(&state, Msg::Imported).is_some());
    }
}
