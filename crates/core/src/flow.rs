//! The respondent's path through an instrument as a pure state machine.
//!
//! The widget keeps a [`Flow`] in its reducer and turns clicks into [`Action`]s; everything that
//! decides what the respondent sees next (pages, required items, completion) lives here, so the
//! whole survey can be driven and tested without a browser. The random response id and today's
//! date come in from outside, keeping this module deterministic.

use crate::instrument::{Instrument, ItemKind};
use crate::response::{Answer, Sheet};

/// Version of the saved-draft format; a draft of another version is not resumed.
/// Version 2 stores the answers as a response code (see [`crate::code`]): compact in storage,
/// checksummed against corruption, and it spares the wasm a second response parser.
pub const DRAFT_SCHEMA: u32 = 2;

/// A screen of the survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// Choice of language, the anonymity statement.
    Welcome,
    /// Respondent group and context questions; skipped when the instrument has neither.
    Profile,
    /// The items of one dimension.
    Dimension(usize),
    /// Everything answered so far, with links back.
    Review,
    /// Scores and advice.
    Results,
}

impl Page {
    /// A stable text key, used in saved drafts.
    pub fn key(self) -> String {
        match self {
            Page::Welcome => "welcome".into(),
            Page::Profile => "profile".into(),
            Page::Dimension(d) => format!("dimension-{d}"),
            Page::Review => "review".into(),
            Page::Results => "results".into(),
        }
    }

    fn from_key(key: &str) -> Option<Page> {
        Some(match key {
            "welcome" => Page::Welcome,
            "profile" => Page::Profile,
            "review" => Page::Review,
            "results" => Page::Results,
            _ => Page::Dimension(key.strip_prefix("dimension-")?.parse().ok()?),
        })
    }
}

/// Something the respondent must still do before moving on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The respondent group has not been chosen.
    GroupMissing,
    /// A required item (flat index) has no answer.
    ItemMissing(usize),
}

/// Where the respondent's attention should go after an attempt to move (next, back, a page,
/// finishing): the flow says it, so an interface need not work it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attention {
    /// To the first thing that stopped the move (and it is said aloud with the others).
    Problem(Problem),
    /// To the heading of the page now shown.
    Page,
}

/// What one action leads to: the new flow, `None` when nothing changed, and, for an attempt to
/// move, where attention goes (even when nothing changed: pressing "Next" twice on a page with
/// unanswered questions must take the respondent back to the first one each time).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub flow: Option<Flow>,
    pub attention: Option<Attention>,
}

/// What the respondent did.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetGroup(usize),
    SetContext {
        question: usize,
        option: Option<usize>,
    },
    /// `None` clears the answer.
    Answer {
        item: usize,
        answer: Option<Answer>,
    },
    Comment {
        item: usize,
        text: String,
    },
    SetLang(String),
    Next,
    Back,
    GoTo(Page),
    /// Completes the response; `date` is today's date (`YYYY-MM-DD`) or `None` to record no date.
    Finish {
        date: Option<String>,
    },
    /// Throws every answer away and starts a new response with a new random id.
    Restart {
        id: String,
    },
}

/// Where the respondent is and what they have answered.
#[derive(Clone, Debug, PartialEq)]
///
/// The fields are private: a flow changes only through [`Flow::apply`] and its constructors, so the
/// page, the answers and the problems always agree.
pub struct Flow {
    pub(crate) page: Page,
    pub(crate) sheet: Sheet,
    /// Problems found the last time the respondent tried to move on; cleared as they are fixed.
    pub(crate) problems: Vec<Problem>,
    /// True when the embedding page chose the respondent group (see [`Flow::fix_group`]): the
    /// group question is then not asked and cannot be changed.
    pub(crate) group_fixed: bool,
}

/// Why a saved draft could not be resumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// Not readable as a draft at all.
    Corrupt(String),
    /// Saved by another version of the draft format or of the instrument.
    Outdated(String),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::Corrupt(m) | DraftError::Outdated(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DraftError {}

/// A saved draft: `{"draft": 2, "page": "...", "code": "PS1...."}`, the response so far as a
/// response code.
struct DraftDoc {
    draft: u32,
    page: String,
    code: String,
}

impl DraftDoc {
    fn to_json(&self) -> String {
        let mut out = format!("{{\"draft\":{},\"page\":", self.draft);
        crate::json::write_string(&mut out, &self.page);
        out.push_str(",\"code\":");
        crate::json::write_string(&mut out, &self.code);
        out.push('}');
        out
    }
}

/// The pages of `instrument` in order, results excluded, when the respondent chooses their group.
pub fn pages(instrument: &Instrument) -> Vec<Page> {
    page_sequence(instrument, false)
}

fn page_sequence(instrument: &Instrument, group_fixed: bool) -> Vec<Page> {
    let doc = instrument.doc();
    let mut pages = vec![Page::Welcome];
    // The profile page asks the group and the context questions; with the group fixed by the
    // page and no context question it would have nothing to ask.
    if (!doc.groups.is_empty() && !group_fixed) || !doc.context.is_empty() {
        pages.push(Page::Profile);
    }
    pages.extend((0..doc.dimensions.len()).map(Page::Dimension));
    pages.push(Page::Review);
    pages
}

/// Whether item `idx` must be answered before moving on.
pub fn is_required(instrument: &Instrument, idx: usize) -> bool {
    let item = instrument.item(idx);
    item.kind == ItemKind::Scale && item.required
}

impl Flow {
    /// The page shown.
    pub fn page(&self) -> Page {
        self.page
    }

    /// The answers so far.
    pub fn sheet(&self) -> &Sheet {
        &self.sheet
    }

    /// Problems found the last time the respondent tried to move on.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether the page chose the respondent group (see [`Flow::fix_group`]).
    pub fn group_fixed(&self) -> bool {
        self.group_fixed
    }

    /// A fresh response on the welcome page.
    pub fn new(instrument: &Instrument, id: &str, lang: &str) -> Flow {
        Flow {
            page: Page::Welcome,
            sheet: Sheet::empty(instrument, id, lang),
            problems: Vec::new(),
            group_fixed: false,
        }
    }

    /// The pages of this response in order, results excluded.
    pub fn pages(&self, instrument: &Instrument) -> Vec<Page> {
        page_sequence(instrument, self.group_fixed)
    }

    /// Where the page shown stands, as the progress line and the host page's events both count
    /// it: `(number, count)`, the welcome page 0 and the pages after it numbered from 1 to
    /// `count` (the review page is the last). One count, so "page 3 of 8" on screen is
    /// `{"index": 3, "count": 8}` in the events.
    pub fn position(&self, instrument: &Instrument) -> (usize, usize) {
        let pages = self.pages(instrument);
        let number = pages.iter().position(|p| *p == self.page).unwrap_or(pages.len());
        (number, pages.len() - 1)
    }

    /// The embedding page decided the respondent group (`group` is its index): it is recorded,
    /// never asked, and cannot be changed. A resumed response on a page that no longer exists
    /// moves to the next page that does.
    pub fn fix_group(mut self, instrument: &Instrument, group: usize) -> Flow {
        if group >= instrument.doc().groups.len() {
            return self;
        }
        self.sheet.group = Some(group);
        self.group_fixed = true;
        self.problems.retain(|p| *p != Problem::GroupMissing);
        if self.page == Page::Profile && !self.pages(instrument).contains(&Page::Profile) {
            self.page = self.pages(instrument).get(1).copied().unwrap_or(Page::Welcome);
        }
        self
    }

    /// Records the round label the embedding page set (see [`crate::response::valid_round`]).
    /// A completed response keeps the round it was completed in.
    pub fn with_round(mut self, round: &str) -> Flow {
        if !self.is_complete() && crate::response::valid_round(round) {
            self.sheet.round = round.to_owned();
        }
        self
    }

    /// Problems that keep the respondent on `page`.
    pub fn page_problems(&self, instrument: &Instrument, page: Page) -> Vec<Problem> {
        match page {
            Page::Profile if !instrument.doc().groups.is_empty() && self.sheet.group.is_none() => {
                vec![Problem::GroupMissing]
            }
            Page::Dimension(d) => instrument
                .dimension_items(d)
                .filter(|&i| is_required(instrument, i) && self.sheet.answers[i].is_none())
                .map(Problem::ItemMissing)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every problem on every page, in page order.
    pub fn all_problems(&self, instrument: &Instrument) -> Vec<Problem> {
        self.pages(instrument).into_iter().flat_map(|p| self.page_problems(instrument, p)).collect()
    }

    /// Required items answered, and required items in all.
    pub fn progress(&self, instrument: &Instrument) -> (usize, usize) {
        let required: Vec<usize> = (0..instrument.item_count()).filter(|&i| is_required(instrument, i)).collect();
        let done = required.iter().filter(|&&i| self.sheet.answers[i].is_some()).count();
        (done, required.len())
    }

    /// Whether the response has been completed.
    pub fn is_complete(&self) -> bool {
        self.page == Page::Results
    }

    /// The state after `action`, or `None` when the action changes nothing (so a UI can skip a
    /// re-render). Actions that do not fit the current state, such as an answer to an unknown
    /// item, change nothing.
    /// [`Flow::apply`], and where attention goes after it (see [`Step`]).
    pub fn step(&self, instrument: &Instrument, action: Action) -> Step {
        let moving = matches!(action, Action::Next | Action::Back | Action::GoTo(_) | Action::Finish { .. });
        let flow = self.apply(instrument, action);
        let attention = moving.then(|| match flow.as_ref().unwrap_or(self).problems.first() {
            Some(problem) => Attention::Problem(*problem),
            None => Attention::Page,
        });
        Step { flow, attention }
    }

    /// The flow after `action`, or `None` when nothing changes.
    // Long because it is one `match` with an arm per action: every move of the respondent's path
    // reads in one place, in the order of `Action`.
    pub fn apply(&self, instrument: &Instrument, action: Action) -> Option<Flow> {
        let doc = instrument.doc();
        let sequence = self.pages(instrument);
        let position = sequence.iter().position(|p| *p == self.page);
        let mut next = self.clone();
        // Once complete, a response is final: only restarting, the language and the results page remain.
        if self.is_complete() && !matches!(action, Action::Restart { .. } | Action::SetLang(_)) {
            return None;
        }
        match action {
            Action::SetGroup(g) if g < doc.groups.len() && !self.group_fixed => {
                next.sheet.group = Some(g);
                next.problems.retain(|p| *p != Problem::GroupMissing);
            }
            Action::SetContext { question, option }
                if question < doc.context.len() && option.is_none_or(|o| o < doc.context[question].options.len()) =>
            {
                next.sheet.context[question] = option;
            }
            Action::Answer { item, answer } if item < instrument.item_count() => {
                let it = instrument.item(item);
                let fits = match answer {
                    None => true,
                    Some(Answer::Value(v)) => (instrument.scale_min()..=instrument.scale_max()).contains(&v),
                    Some(Answer::NotApplicable) => it.not_applicable,
                };
                if it.kind != ItemKind::Scale || !fits {
                    return None;
                }
                next.sheet.answers[item] = answer;
                if answer.is_some() {
                    next.problems.retain(|p| *p != Problem::ItemMissing(item));
                }
            }
            Action::Comment { item, text } if item < instrument.item_count() => {
                if instrument.item(item).kind != ItemKind::Comment
                    || text.chars().count() > crate::response::MAX_COMMENT_CHARS
                {
                    return None;
                }
                if text.trim().is_empty() {
                    next.sheet.comments.remove(&item);
                } else {
                    next.sheet.comments.insert(item, text);
                }
            }
            Action::SetLang(lang) if instrument.has_locale(&lang) => next.sheet.lang = lang,
            Action::Next => {
                let problems = self.page_problems(instrument, self.page);
                if let Some(p) = position.and_then(|i| sequence.get(i + 1)).filter(|_| problems.is_empty()) {
                    next.page = *p;
                }
                next.problems = problems;
            }
            Action::Back => {
                if let Some(p) = position.and_then(|i| i.checked_sub(1)).map(|i| sequence[i]) {
                    next.page = p;
                    next.problems.clear();
                }
            }
            Action::GoTo(page) if sequence.contains(&page) => {
                // Moving forward past an incomplete page is not allowed; moving back always is.
                let target = sequence.iter().position(|p| *p == page).unwrap_or(0);
                let blocking: Vec<Problem> =
                    sequence[..target].iter().flat_map(|p| self.page_problems(instrument, *p)).collect();
                if blocking.is_empty() || position.is_some_and(|i| target <= i) {
                    next.page = page;
                    next.problems.clear();
                } else {
                    next.problems = blocking;
                }
            }
            Action::Finish { date } => {
                let problems = self.all_problems(instrument);
                if self.page == Page::Review && problems.is_empty() {
                    next.sheet.date = date.filter(|d| crate::response::valid_date(d));
                    next.page = Page::Results;
                    next.problems.clear();
                } else {
                    next.problems = problems;
                }
            }
            Action::Restart { id } => {
                // A new response in the same setting: the page's group and round carry over.
                let mut fresh = Flow::new(instrument, &id, &self.sheet.lang);
                fresh.sheet.round = self.sheet.round.clone();
                if self.group_fixed {
                    fresh.sheet.group = self.sheet.group;
                    fresh.group_fixed = true;
                }
                next = fresh;
            }
            _ => return None,
        }
        (next != *self).then_some(next)
    }

    /// The draft to save on the device.
    pub fn to_draft(&self, instrument: &Instrument) -> String {
        let doc =
            DraftDoc { draft: DRAFT_SCHEMA, page: self.page.key(), code: crate::code::encode(instrument, &self.sheet) };
        doc.to_json()
    }

    /// Resumes a saved draft, or says plainly why it cannot be resumed.
    pub fn from_draft(instrument: &Instrument, text: &str) -> Result<Flow, DraftError> {
        use crate::code::Refusal;
        use crate::json::{Reader, Value};
        if text.len() > crate::response::MAX_RESPONSE_BYTES {
            return Err(DraftError::Corrupt("the saved answers are larger than any real response".into()));
        }
        let damaged = |detail: String| DraftError::Corrupt(format!("the saved answers are damaged ({detail})"));
        let value = crate::json::parse(text).map_err(|d| damaged(d.to_string()))?;
        // First only the format version, so a draft from another version is told apart from a
        // damaged one.
        let version = match &value {
            Value::Object(members) => members.iter().find(|(k, _)| k == "draft").map(|(_, v)| v),
            _ => return Err(damaged("not an object".into())),
        };
        if version != Some(&Value::Number(f64::from(DRAFT_SCHEMA))) {
            return Err(DraftError::Outdated("the saved answers come from an older version of this survey".into()));
        }
        let mut reader = Reader::default();
        let doc = reader.fields(&value, "", |o, r| DraftDoc {
            draft: o.req(r, "draft"),
            page: o.req(r, "page"),
            code: o.req(r, "code"),
        });
        let doc = reader.finish(doc).map_err(|d| damaged(d.first().map(ToString::to_string).unwrap_or_default()))?;
        // The code carries its own checksum and is checked against the instrument while decoding.
        let (_, sheet) = crate::code::decode_checked(instrument, &doc.code).map_err(|refusal| match refusal {
            Refusal::OtherInstrument(_) => {
                DraftError::Outdated("the saved answers are for an earlier version of this questionnaire".into())
            }
            Refusal::Invalid(problem) => damaged(problem.message),
        })?;
        let page = Page::from_key(&doc.page)
            .filter(|p| *p == Page::Results || pages(instrument).contains(p))
            .unwrap_or(Page::Welcome);
        let mut flow = Flow { page, sheet, problems: Vec::new(), group_fixed: false };
        // A draft claiming to be complete while answers are missing resumes at the review.
        if page == Page::Results && !flow.all_problems(instrument).is_empty() {
            flow.page = Page::Review;
        }
        Ok(flow)
    }
}
