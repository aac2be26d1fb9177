//! Responses gathered for one questionnaire and version, checked and de-duplicated, in columns.

use std::borrow::Cow;
use std::collections::HashMap;

use super::columns::Columns;
use super::disclose::{self, Report, Sizes};
use super::{Aggregation, MAX_IMPORT_BYTES, MAX_RESPONSES, Step, aggregate_columns};
use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::response::{ResponseFields, ResponseRef, Sheet};

/// Where an imported response came from, for messages. Formatted only when a message is made,
/// so importing a large file costs no formatting per line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A line of a JSON-lines or CSV file (1-based).
    Line(usize),
    /// The n-th pasted response code (1-based).
    Code(usize),
    /// A single response document.
    Document,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "line {n}"),
            Origin::Code(n) => write!(f, "code {n}"),
            Origin::Document => Ok(()),
        }
    }
}

/// Responses gathered for one instrument: de-duplicated by id, each checked, rejects explained.
/// The answers are kept in [`Columns`] as they arrive, so a report needs no conversion; the
/// checked responses themselves too, unless the data set is [`Dataset::lean`].
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Every response taken, unless the data set is lean.
    pub sheets: Vec<Sheet>,
    keep_sheets: bool,
    columns: Option<Columns>,
    /// Round labels in the order they were first seen; responses refer to them by index.
    round_labels: Vec<String>,
    /// Why a response was not taken, with where it came from (`line 12`, `row 3`, `code 2`).
    pub rejected: Vec<Diagnostic>,
    /// Responses whose id had already been loaded, skipped: the same response loaded again, or
    /// a conflicting one (below).
    pub duplicates: usize,
    /// The skipped repeats that differ from the response taken under their id (other answers,
    /// group, round or comments), with where each came from and its id: a second response under
    /// one id is never taken and never called the same. Each is counted in `duplicates` too.
    pub conflicts: Vec<Diagnostic>,
    /// Responses not read because the data set was full (said once in `rejected`, then counted).
    pub over_limit: usize,
    /// Each id taken, with its row in the columns.
    seen: HashMap<String, u32>,
}

impl Dataset {
    pub fn new() -> Dataset {
        Dataset { keep_sheets: true, ..Dataset::default() }
    }

    /// A data set that keeps only what reports need (answer codes, groups, rounds and the ids seen),
    /// not the responses themselves: about 50 bytes a response of 40 items instead of 500, for
    /// the facilitator's hundred thousand responses.
    pub fn lean() -> Dataset {
        Dataset::default()
    }

    /// How many responses were taken: for the holder of the files (the import's bookkeeping and
    /// its limits), never for a report, which says sizes through [`Dataset::sizes`].
    pub fn len(&self) -> usize {
        self.columns.as_ref().map_or(0, Columns::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when no more responses fit. The first response turned away is said once, with where
    /// it came from; every later one is only counted in `over_limit` (a 50 MB file over the limit
    /// must not bring a million identical messages).
    fn full(&mut self, origin: Origin) -> bool {
        if self.len() < MAX_RESPONSES {
            return false;
        }
        if self.over_limit == 0 {
            self.rejected.push(Diagnostic::new(
                origin.to_string(),
                format!("a data set holds at most {MAX_RESPONSES} responses: this one and any after it were not read"),
            ));
        }
        self.over_limit += 1;
        true
    }

    /// Adds one parsed response; `origin` names where it came from in messages.
    pub fn add(&mut self, instrument: &Instrument, response: &impl ResponseFields, origin: Origin) {
        if self.full(origin) {
            return;
        }
        let checked = Sheet::check(instrument, response);
        if let Some(&row) = self.seen.get(response.id()) {
            let same = checked.as_ref().is_ok_and(|sheet| {
                let round = self.round_of(&sheet.round);
                let columns = self.columns.as_ref();
                round.is_some_and(|r| columns.is_some_and(|c| c.row_holds_sheet(row as usize, instrument, sheet, r)))
            });
            self.repeat(response.id(), same, origin);
            return;
        }
        match checked {
            Ok(sheet) => {
                let round = self.round_or_new(&sheet.round);
                let columns = self.columns.get_or_insert_with(|| Columns::new(instrument));
                self.seen.insert(sheet.id.clone(), columns.len() as u32);
                columns.push(instrument, &sheet, round);
                if self.keep_sheets {
                    self.sheets.push(sheet);
                }
            }
            Err(problems) => {
                let detail = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                self.rejected.push(Diagnostic::new(origin.to_string(), detail));
            }
        }
    }

    /// Adds a response already checked against `instrument` by the line reader in `fast.rs`, as
    /// its answer codes. False when this data set keeps whole responses (the caller then takes
    /// the long way); a duplicate or a full data set is handled as by [`Dataset::add`].
    pub(crate) fn add_codes(
        &mut self,
        instrument: &Instrument,
        id: &str,
        round: &str,
        group: Option<usize>,
        codes: &[u8],
        origin: Origin,
    ) -> bool {
        if self.keep_sheets {
            return false;
        }
        if self.full(origin) {
            return true;
        }
        if let Some(&row) = self.seen.get(id) {
            let round = self.round_of(round);
            let columns = self.columns.as_ref();
            let same = round.is_some_and(|r| columns.is_some_and(|c| c.row_holds_codes(row as usize, codes, group, r)));
            self.repeat(id, same, origin);
            return true;
        }
        let round = self.round_or_new(round);
        let columns = self.columns.get_or_insert_with(|| Columns::new(instrument));
        self.seen.insert(id.to_owned(), columns.len() as u32);
        columns.push_codes(codes, group, round);
        true
    }

    /// Skips a response under an id already taken: counted, and said as a conflict unless it is
    /// `same` as the one taken.
    fn repeat(&mut self, id: &str, same: bool, origin: Origin) {
        self.duplicates += 1;
        if !same {
            self.conflicts.push(Diagnostic::new(
                origin.to_string(),
                format!(
                    "a different response with the id \"{id}\" was loaded already: this one is not read; keep the right one and load again"
                ),
            ));
        }
    }

    /// The index of the round labelled `label` as the report tells rounds apart ([`round_label`]).
    fn round_of(&self, label: &str) -> Option<u32> {
        let label = round_label(label);
        self.round_labels.iter().position(|r| *r == label).map(|r| r as u32)
    }

    /// The index of the round labelled `label`, made on first sight.
    fn round_or_new(&mut self, label: &str) -> u32 {
        match self.round_of(label) {
            Some(r) => r,
            None => {
                self.round_labels.push(round_label(label).into_owned());
                (self.round_labels.len() - 1) as u32
            }
        }
    }

    /// Adds every line of a JSON-lines text (one response per line; blank lines skipped).
    pub fn add_json_lines(&mut self, instrument: &Instrument, text: &str) {
        if text.len() > MAX_IMPORT_BYTES {
            self.rejected.push(Diagnostic::new(
                "",
                format!("the file is {} bytes; the limit is {MAX_IMPORT_BYTES} bytes", text.len()),
            ));
            return;
        }
        // A byte-order mark at the start is not part of the first response.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let origin = Origin::Line(n + 1);
            match ResponseRef::from_json(line) {
                Ok(response) => self.add(instrument, &response, origin),
                Err(e) => self.rejected.push(Diagnostic::new(origin.to_string(), e.to_string())),
            }
        }
    }

    /// Round labels present, in first-seen order, each as [`round_label`] writes it.
    pub fn rounds(&self) -> Vec<String> {
        self.round_labels.clone()
    }

    /// How many responses the data set and each round hold, as far as the anonymity rule lets
    /// that be said: a round's size exactly when its report shows "all respondents", the
    /// total only when it cannot be subtracted down to a withheld round's or group's size.
    pub fn sizes(&self, instrument: &Instrument) -> Sizes {
        let segments = instrument.doc().groups.len() + 1;
        let mut counts = vec![vec![0u64; segments]; self.round_labels.len()];
        if let Some(columns) = &self.columns {
            for (&round, &segment) in columns.rounds.iter().zip(&columns.segments) {
                counts[round as usize][segment as usize - 1] += 1;
            }
        }
        disclose::sizes(
            u64::from(instrument.doc().anonymity_k),
            self.round_labels.iter().cloned().zip(counts).collect(),
        )
    }

    /// The sheets of one round (empty for a lean data set).
    pub fn round(&self, label: &str) -> Vec<Sheet> {
        let label = round_label(label);
        self.sheets.iter().filter(|s| round_label(&s.round) == label).cloned().collect()
    }

    /// Every response's answers in columns.
    pub fn columns(&self, instrument: &Instrument) -> Columns {
        self.columns.clone().unwrap_or_else(|| Columns::new(instrument))
    }

    /// The group report of one round. There is no report over several rounds pooled: beside
    /// the rounds' own reports it would give a withheld round's figures by subtraction.
    pub fn report(&self, instrument: &Instrument, round: &str) -> Report {
        let mut aggregation = self.aggregation(instrument, round);
        loop {
            match self.step(instrument, &mut aggregation, usize::MAX) {
                Step::Done(report) => return report,
                Step::Working => {}
                // The data set is borrowed throughout: it cannot change under the steps.
                Step::Stale => return aggregate_columns(instrument, &Columns::new(instrument)),
            }
        }
    }

    /// Begins [`Dataset::report`] in steps ([`Dataset::step`]), for a page that draws between
    /// them.
    pub fn aggregation(&self, instrument: &Instrument, round: &str) -> Aggregation {
        // A round nobody answered in counts no row: the report of no responses.
        let round = self.round_of(round).unwrap_or(u32::MAX);
        match &self.columns {
            Some(columns) => Aggregation::new(instrument, columns, Some(round)),
            None => Aggregation::new(instrument, &Columns::new(instrument), Some(round)),
        }
    }

    /// One step of `aggregation` (see [`Aggregation::step`]): [`Step::Stale`] when responses
    /// were added since it began.
    pub fn step(&self, instrument: &Instrument, aggregation: &mut Aggregation, work: usize) -> Step {
        match &self.columns {
            Some(columns) => aggregation.step(instrument, columns, work),
            None => aggregation.step(instrument, &Columns::new(instrument), work),
        }
    }
}

/// A round label as the report tells rounds apart: labels that look alike on screen are one round.
/// Characters that show nothing (format characters such as U+200B zero-width space, U+200E
/// left-to-right mark, U+2060 word joiner, U+FEFF, U+00AD soft hyphen, variation selectors) are
/// dropped; full-width forms (U+FF01 to U+FF5E, as East Asian keyboards type "２０２６") become
/// their ASCII letters, digits and signs; every kind of space becomes one plain space, runs of
/// them one, none at either end. Otherwise, visible differences (case, other letters) stay apart.
/// A label that is already plain is returned as it is, without allocating.
pub fn round_label(label: &str) -> Cow<'_, str> {
    let plain = label.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !label.starts_with(' ')
        && !label.ends_with(' ')
        && !label.contains("  ");
    if plain {
        return Cow::Borrowed(label);
    }
    let mut out = String::with_capacity(label.len());
    let mut space = false;
    for c in label.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if invisible(c) {
            continue;
        }
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Characters that take no room on screen: Unicode's format characters (general category Cf)
/// and the other default-ignorable code points a label might carry.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_data_set_says_so_once_and_counts_the_rest() {
        let instrument = crate::builtin::demo();
        let mut data = Dataset::lean();
        let mut columns = Columns::new(&instrument);
        // As if 500,000 responses had been taken (only the count matters here).
        columns.segments = vec![1; MAX_RESPONSES];
        data.columns = Some(columns);
        let lines = crate::synth::json_lines(&instrument, 3, 1);
        data.add_json_lines(&instrument, &lines);
        assert_eq!(data.rejected.len(), 1, "{:?}", data.rejected);
        assert!(data.rejected[0].message.contains("at most 500000 responses"));
        assert_eq!(data.rejected[0].path, "line 1");
        assert_eq!(data.over_limit, 3);
    }
}
