//! Responses gathered for one questionnaire and version, checked and de-duplicated, in columns.

use std::collections::HashSet;

use super::columns::Columns;
use super::disclose::{self, Report, Sizes};
use super::{MAX_IMPORT_BYTES, MAX_RESPONSES, aggregate_columns};
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
    /// Responses whose id had already been loaded.
    pub duplicates: usize,
    /// Responses not read because the data set was full (said once in `rejected`, then counted).
    pub over_limit: usize,
    seen: HashSet<String>,
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
        if self.seen.contains(response.id()) {
            self.duplicates += 1;
            return;
        }
        match Sheet::check(instrument, response) {
            Ok(sheet) => {
                self.seen.insert(sheet.id.clone());
                let round = match self.round_labels.iter().position(|r| *r == sheet.round) {
                    Some(r) => r,
                    None => {
                        self.round_labels.push(sheet.round.clone());
                        self.round_labels.len() - 1
                    }
                };
                self.columns.get_or_insert_with(|| Columns::new(instrument)).push(instrument, &sheet, round as u32);
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
        if self.seen.contains(id) {
            self.duplicates += 1;
            return true;
        }
        self.seen.insert(id.to_owned());
        let round = match self.round_labels.iter().position(|r| r == round) {
            Some(r) => r,
            None => {
                self.round_labels.push(round.to_owned());
                self.round_labels.len() - 1
            }
        };
        self.columns.get_or_insert_with(|| Columns::new(instrument)).push_codes(codes, group, round as u32);
        true
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

    /// Round labels present, in first-seen order.
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
        self.sheets.iter().filter(|s| s.round == label).cloned().collect()
    }

    /// Every response's answers in columns.
    pub fn columns(&self, instrument: &Instrument) -> Columns {
        self.columns.clone().unwrap_or_else(|| Columns::new(instrument))
    }

    /// The group report of one round. There is no report over several rounds pooled: beside
    /// the rounds' own reports it would give a withheld round's figures by subtraction.
    pub fn report(&self, instrument: &Instrument, round: &str) -> Report {
        let empty = Columns::new(instrument);
        match (&self.columns, self.round_labels.iter().position(|r| r == round)) {
            (Some(columns), Some(r)) => aggregate_columns(instrument, &columns.of_round(r as u32)),
            _ => aggregate_columns(instrument, &empty),
        }
    }
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
