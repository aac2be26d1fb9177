//! [`Sheet`]: a response checked against its instrument, with positions instead of ids, and its
//! one checker for both forms of a response.

use super::{
    Answer, MAX_COMMENT_CHARS, RESPONSE_SCHEMA, ROUND_RULE, Response, ResponseFields, valid_date, valid_response_id,
    valid_round,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::instrument::{Instrument, ItemKind};
use crate::locale::valid_locale_tag;
use crate::map::Map;

/// A response checked against its instrument: every index is in range, every answer on the scale.
///
/// The fields are private so that this holds: a sheet is made by [`Sheet::check`] or
/// [`Sheet::empty`], and changed only through the checked setters below (or the core's own
/// `Flow`), so scoring and [`Sheet::to_response`] never meet an index out of range.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub(crate) id: String,
    pub(crate) round: String,
    pub(crate) group: Option<usize>,
    /// One entry per context question: the chosen option's index.
    pub(crate) context: Vec<Option<usize>>,
    /// One entry per item in instrument order; `None` is unanswered (and always `None` for comments).
    pub(crate) answers: Vec<Option<Answer>>,
    /// Comment texts by item index.
    pub(crate) comments: Map<usize, String>,
    pub(crate) lang: String,
    pub(crate) date: Option<String>,
}

impl Sheet {
    /// An empty sheet for `instrument`.
    pub fn empty(instrument: &Instrument, id: &str, lang: &str) -> Sheet {
        Sheet {
            id: id.to_owned(),
            round: String::new(),
            group: None,
            context: vec![None; instrument.doc().context.len()],
            answers: vec![None; instrument.item_count()],
            comments: Map::new(),
            lang: lang.to_owned(),
            date: None,
        }
    }

    /// Checks a response against `instrument`, reporting every problem at once.
    // Long because it checks every field of a response in document order, into one list of
    // problems with their paths; a response has few enough fields for one function to hold them.
    pub fn check(instrument: &Instrument, response: &impl ResponseFields) -> Result<Sheet, Vec<Diagnostic>> {
        let mut diags = Diagnostics::default();
        let doc = instrument.doc();
        if response.schema() != RESPONSE_SCHEMA {
            diags.push(
                "schema",
                format!("response schema {} is not supported; this build reads {RESPONSE_SCHEMA}", response.schema()),
            );
        }
        // A response to another instrument or version is refused as a whole: its items would be
        // read against the wrong questions, so item-level messages would only mislead.
        if response.instrument() != doc.id {
            diags.push(
                "instrument",
                format!("this response is for instrument \"{}\", not \"{}\"", response.instrument(), doc.id),
            );
            return Err(diags.0);
        }
        if response.version() != doc.version {
            diags.push(
                "version",
                format!(
                    "this response is for version {} of the instrument; the loaded one is version {}",
                    response.version(),
                    doc.version
                ),
            );
            return Err(diags.0);
        }
        if !valid_response_id(response.id()) {
            diags.push("id", "the response id must be 1 to 64 letters, digits, '-' or '_'");
        }
        let round = response.round();
        if !valid_round(round) {
            diags.push("round", ROUND_RULE);
        }
        if !valid_locale_tag(response.lang()) {
            diags.push("lang", format!("\"{}\" is not a language code", response.lang()));
        }
        if let Some(date) = response.date().filter(|d| !valid_date(d)) {
            diags.push("date", format!("\"{date}\" is not a date of the form YYYY-MM-DD"));
        }
        let group = match response.group() {
            None => None,
            Some(g) => match instrument.group_idx(g) {
                Some(i) => Some(i),
                None => {
                    diags.push("group", format!("the instrument has no respondent group \"{g}\""));
                    None
                }
            },
        };
        let mut context = vec![None; doc.context.len()];
        for (q, o) in response.context() {
            match doc.context.iter().position(|x| x.id == q) {
                None => diags.push(format!("context.{q}"), format!("the instrument has no context question \"{q}\"")),
                Some(qi) => match doc.context[qi].options.iter().position(|x| x.id == o) {
                    None => diags.push(format!("context.{q}"), format!("question \"{q}\" has no option \"{o}\"")),
                    Some(oi) => context[qi] = Some(oi),
                },
            }
        }
        let mut answers = vec![None; instrument.item_count()];
        let (min, max) = (instrument.scale_min(), instrument.scale_max());
        // Answers usually arrive sorted by id (every map we write is sorted), and so are the
        // instrument's ids, so a merge walk resolves most ids with a comparison or two; an id out
        // of order falls back to a look-up. This runs for every imported line.
        let mut ids = instrument.items_by_id().peekable();
        for (id, answer) in response.answers() {
            let walked = loop {
                match ids.peek() {
                    Some((known, _)) if known.as_str() < id => {
                        ids.next();
                    }
                    Some((known, idx)) if known.as_str() == id => break Some(*idx),
                    _ => break None,
                }
            };
            let path = || format!("answers.{id}");
            let Some(idx) = walked.or_else(|| instrument.item_idx(id)) else {
                diags.push(path(), format!("the instrument has no item \"{id}\""));
                continue;
            };
            let item = instrument.item(idx);
            if item.kind == ItemKind::Comment {
                diags.push(path(), "this item is an open comment; put its text in \"comments\"");
                continue;
            }
            if answers[idx].is_some() {
                diags.push(path(), "the item is answered twice");
                continue;
            }
            match answer {
                Answer::Value(v) if v < min || v > max => {
                    diags.push(path(), format!("{v} is outside the scale {min} to {max}"));
                }
                Answer::NotApplicable if !item.not_applicable => {
                    diags.push(path(), "\"not applicable\" is not offered for this item");
                }
                a => answers[idx] = Some(a),
            }
        }
        let mut comments = Map::new();
        for (id, text) in response.comments() {
            let path = format!("comments.{id}");
            match instrument.item_idx(id) {
                Some(idx) if instrument.item(idx).kind == ItemKind::Comment => {
                    if text.chars().count() > MAX_COMMENT_CHARS {
                        diags.push(path, format!("a comment may be at most {MAX_COMMENT_CHARS} characters"));
                    } else if !text.trim().is_empty() {
                        comments.insert(idx, text.to_owned());
                    }
                }
                Some(_) => diags.push(path, "this item is scored, not a comment"),
                None => diags.push(path, format!("the instrument has no item \"{id}\"")),
            }
        }
        let sheet = Sheet {
            id: response.id().to_owned(),
            round: round.to_owned(),
            group,
            context,
            answers,
            comments,
            lang: response.lang().to_owned(),
            date: response.date().map(str::to_owned),
        };
        diags.into_result(sheet)
    }

    /// The response document for this sheet.
    pub fn to_response(&self, instrument: &Instrument) -> Response {
        let doc = instrument.doc();
        Response {
            schema: RESPONSE_SCHEMA,
            id: self.id.clone(),
            instrument: doc.id.clone(),
            version: doc.version.clone(),
            round: self.round.clone(),
            group: self.group.map(|g| doc.groups[g].id.clone()),
            context: (self
                .context
                .iter()
                .enumerate()
                .filter_map(|(q, o)| o.map(|o| (doc.context[q].id.clone(), doc.context[q].options[o].id.clone())))
                .collect()),
            answers: self
                .answers
                .iter()
                .enumerate()
                .filter_map(|(i, a)| a.map(|a| (instrument.item(i).id.clone(), a)))
                .collect(),
            comments: self.comments.iter().map(|(i, t)| (instrument.item(*i).id.clone(), t.clone())).collect(),
            lang: self.lang.clone(),
            date: self.date.clone(),
        }
    }

    /// The response's random id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The round label ("" for none).
    pub fn round(&self) -> &str {
        &self.round
    }

    /// The respondent group, as an index into the instrument's groups.
    pub fn group(&self) -> Option<usize> {
        self.group
    }

    /// One entry per context question: the chosen option's index.
    pub fn context(&self) -> &[Option<usize>] {
        &self.context
    }

    /// One entry per item in instrument order; `None` is unanswered (always for comments).
    pub fn answers(&self) -> &[Option<Answer>] {
        &self.answers
    }

    /// Comment texts by item index.
    pub fn comments(&self) -> &Map<usize, String> {
        &self.comments
    }

    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The day the response was finished (`YYYY-MM-DD`), never a time.
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// Answers item `item` (an index into the instrument's items): a point of the scale, "not
    /// applicable" where the item allows it, or `None` to clear it. Refused with a reason
    /// otherwise, and the sheet is unchanged.
    pub fn set_answer(
        &mut self,
        instrument: &Instrument,
        item: usize,
        answer: Option<Answer>,
    ) -> Result<(), Diagnostic> {
        let path = || format!("answers[{item}]");
        if item >= self.answers.len() {
            return Err(Diagnostic::new(path(), format!("the instrument has {} items", self.answers.len())));
        }
        let spec = instrument.item(item);
        match answer {
            Some(_) if spec.kind != ItemKind::Scale => {
                return Err(Diagnostic::new(path(), "a comment takes text, not an answer on the scale"));
            }
            Some(Answer::Value(v)) if !(instrument.scale_min()..=instrument.scale_max()).contains(&v) => {
                return Err(Diagnostic::new(
                    path(),
                    format!("{v} is outside the scale {} to {}", instrument.scale_min(), instrument.scale_max()),
                ));
            }
            Some(Answer::NotApplicable) if !spec.not_applicable => {
                return Err(Diagnostic::new(path(), "this item does not offer \"not applicable\""));
            }
            _ => {}
        }
        self.answers[item] = answer;
        Ok(())
    }

    /// Sets the respondent group (an index into the instrument's groups), or none.
    pub fn set_group(&mut self, instrument: &Instrument, group: Option<usize>) -> Result<(), Diagnostic> {
        let groups = instrument.doc().groups.len();
        if group.is_some_and(|g| g >= groups) {
            return Err(Diagnostic::new("group", format!("the instrument has {groups} groups")));
        }
        self.group = group;
        Ok(())
    }

    /// Answers context question `q` with option `option` (indices), or clears it.
    pub fn set_context(&mut self, instrument: &Instrument, q: usize, option: Option<usize>) -> Result<(), Diagnostic> {
        let Some(question) = instrument.doc().context.get(q) else {
            return Err(Diagnostic::new(format!("context[{q}]"), "there is no such context question"));
        };
        if option.is_some_and(|o| o >= question.options.len()) {
            return Err(Diagnostic::new(format!("context[{q}]"), "there is no such option"));
        }
        self.context[q] = option;
        Ok(())
    }

    /// Sets the comment of comment item `item` (empty text removes it).
    pub fn set_comment(&mut self, instrument: &Instrument, item: usize, text: &str) -> Result<(), Diagnostic> {
        if item >= self.answers.len() || instrument.item(item).kind != ItemKind::Comment {
            return Err(Diagnostic::new(format!("comments[{item}]"), "this is not a comment item"));
        }
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(Diagnostic::new(
                format!("comments[{item}]"),
                format!("a comment may be at most {MAX_COMMENT_CHARS} characters"),
            ));
        }
        if text.trim().is_empty() {
            self.comments.remove(&item);
        } else {
            self.comments.insert(item, text.to_owned());
        }
        Ok(())
    }

    /// Sets the response's random id (1 to 64 characters: letters, digits, `-`, `_`).
    pub fn set_id(&mut self, id: &str) -> Result<(), Diagnostic> {
        if !valid_response_id(id) {
            return Err(Diagnostic::new("id", "an id is 1 to 64 letters, digits, '-' or '_'"));
        }
        id.clone_into(&mut self.id);
        Ok(())
    }

    /// Sets the round label (see [`ROUND_RULE`]).
    pub fn set_round(&mut self, round: &str) -> Result<(), Diagnostic> {
        if !valid_round(round) {
            return Err(Diagnostic::new("round", ROUND_RULE));
        }
        round.clone_into(&mut self.round);
        Ok(())
    }

    /// Sets the day the response was finished (`YYYY-MM-DD`), or none.
    pub fn set_date(&mut self, date: Option<&str>) -> Result<(), Diagnostic> {
        if date.is_some_and(|d| !valid_date(d)) {
            return Err(Diagnostic::new("date", "a date is YYYY-MM-DD"));
        }
        self.date = date.map(str::to_owned);
        Ok(())
    }

    /// Number of scored items with any answer (a scale point or "not applicable").
    pub fn answered_count(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }
}
