//! What a facilitator loads: many files at once in any of the formats responses travel in (JSON
//! lines, a JSON array, one response per file, CSV exports), pasted response codes, and the
//! questionnaires and action plans that come with them.
//!
//! An [`Import`] sorts every response into a data set per questionnaire and version (the
//! facilitator picks one; others are listed, never merged), skips duplicates by id, and keeps
//! every refusal with where it came from (`responses.jsonl, line 12`) and why.
//!
//! Files are read as bytes, in chunks, as they arrive ([`Import::feed`]): a 48 MB file is never
//! held whole, nor turned into a JavaScript string, and the caller can stop between chunks to let
//! the page breathe. What a file holds is told from its first bytes:
//!
//! - `[`: a JSON array of responses (or of anything else, each element reported);
//! - `{`: JSON objects: if the first one ends on the line it started, JSON lines (each line one
//!   record, so a broken line costs only itself); otherwise pretty-printed documents one after
//!   another (a single response file, an exported questionnaire, an action plan);
//! - anything else: text read whole (up to [`MAX_IMPORT_BYTES`]): response codes if it starts
//!   with `PS1.`, else CSV.
//!
//! A byte-order mark at the start is skipped, as Windows editors write one, even when it arrives
//! split across chunks: chunks may end anywhere (inside the mark, a character, a CSV quote or a
//! JSON token) and the file reads the same as when fed whole.
//!
//! The rooms: `split.rs` cuts a file's bytes into records, `text.rs` reads codes and CSV, and
//! here every record is sorted into its data set with one bookkeeping.

use crate::aggregate::{Dataset, MAX_IMPORT_BYTES, Origin};
use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::plan::ActionPlan;
use crate::response::{ResponseFields, ResponseRef};

mod split;
mod text;

use split::{Mode, Reading};

/// The UTF-8 byte-order mark, skipped at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Most refusals kept with their reason; beyond this they are counted.
pub const MAX_LISTED: usize = 10_000;

/// The responses of one questionnaire and version.
#[derive(Debug)]
pub struct Set {
    /// Index into [`Import::instruments`].
    pub instrument: usize,
    pub data: Dataset,
}

/// Responses for a questionnaire (or a version of one) that is not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub instrument: String,
    pub version: String,
    pub count: usize,
}

/// What one file or paste turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Nothing read yet.
    Empty,
    JsonLines,
    JsonArray,
    /// One or more pretty-printed JSON documents.
    Json,
    Csv,
    Codes,
}

/// What came of one file or paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub kind: Kind,
    pub responses: usize,
    /// Repeated ids skipped, conflicting ones included.
    pub duplicates: usize,
    /// Of those, responses that differ from the one taken under their id.
    pub conflicts: usize,
    pub rejected: usize,
    /// Questionnaires and plans found in it.
    pub instruments: usize,
    pub plans: usize,
    /// Responses for questionnaires that are not loaded.
    pub unknown: usize,
}

/// Everything loaded so far.
#[derive(Debug, Default)]
pub struct Import {
    /// Questionnaires the responses are read against: the built-in ones the caller gives, and
    /// any found among the files.
    pub instruments: Vec<Instrument>,
    pub sets: Vec<Set>,
    pub unknown: Vec<Unknown>,
    /// Refusals with where they came from and why, the first [`MAX_LISTED`] of them.
    pub rejected: Vec<Diagnostic>,
    /// Every refusal, listed or not.
    pub rejected_total: usize,
    /// Responses skipped because a different response was taken under their id (they are
    /// among the duplicates too), with where they came from: the first [`MAX_LISTED`] of them.
    pub conflicts: Vec<Diagnostic>,
    /// Every conflict, listed or not.
    pub conflicts_total: usize,
    pub plans: Vec<ActionPlan>,
    pub sources: Vec<Source>,
    reading: Option<Reading>,
    /// The set the last response went to: consecutive responses are nearly always for the same one.
    last_set: usize,
    /// Answer codes of the line being read, reused from line to line.
    codes: Vec<u8>,
    /// Per questionnaire (by index in `instruments`), its items as the line reader walks them,
    /// made on first use.
    line_items: Vec<Option<Vec<crate::fast::LineItem>>>,
}
impl Import {
    /// An import reading responses against `instruments` (more are taken from the files).
    pub fn new(instruments: Vec<Instrument>) -> Import {
        Import { instruments, ..Import::default() }
    }

    /// Responses taken in all.
    pub fn responses(&self) -> usize {
        self.sets.iter().map(|s| s.data.len()).sum()
    }

    /// Duplicates skipped in all.
    pub fn duplicates(&self) -> usize {
        self.sets.iter().map(|s| s.data.duplicates).sum()
    }

    /// Starts reading a file called `name`; its bytes follow through [`Import::feed`], then
    /// [`Import::finish`]. A file still open is finished first.
    pub fn begin(&mut self, name: &str) {
        self.finish();
        self.sources.push(Source {
            name: name.to_owned(),
            kind: Kind::Empty,
            responses: 0,
            duplicates: 0,
            conflicts: 0,
            rejected: 0,
            instruments: 0,
            plans: 0,
            unknown: 0,
        });
        self.reading = Some(Reading { name: name.to_owned(), line: 1, record_line: 1, ..Reading::default() });
    }

    /// Reads the next bytes of the current file. Chunks may break anywhere, even inside the
    /// byte-order mark or a character: the file reads the same however it is cut.
    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(mut reading) = self.reading.take() else {
            return;
        };
        let mut at = 0;
        // The mark's bytes are held until they are known to be the mark (it may come in three
        // chunks of one byte); any other first bytes are the file's own, and are read as such.
        if !reading.mark_settled {
            while at < chunk.len() && reading.mark_held < BOM.len() && chunk[at] == BOM[reading.mark_held] {
                reading.mark_held += 1;
                at += 1;
            }
            if reading.mark_held == BOM.len() {
                reading.mark_settled = true;
            } else if at < chunk.len() {
                reading.mark_settled = true;
                let held = reading.mark_held;
                self.read_bytes(&mut reading, &BOM[..held]);
            }
        }
        if reading.mark_settled {
            self.read_bytes(&mut reading, &chunk[at..]);
        }
        self.reading = Some(reading);
    }

    fn read_bytes(&mut self, reading: &mut Reading, chunk: &[u8]) {
        let mut at = 0;
        while at < chunk.len() {
            at = match reading.mode {
                Mode::Start => self.start(reading, chunk, at),
                Mode::FirstObject | Mode::Documents { .. } => self.documents(reading, chunk, at),
                Mode::Lines => self.lines(reading, chunk, at),
                Mode::AfterArray => self.after_array(reading, chunk, at),
                Mode::Text => {
                    if reading.buf.len() + chunk.len() - at > MAX_IMPORT_BYTES {
                        self.refuse_file(
                            reading,
                            format!("the file is larger than {MAX_IMPORT_BYTES} bytes, the most one import reads"),
                        );
                    } else {
                        reading.buf.extend_from_slice(&chunk[at..]);
                    }
                    chunk.len()
                }
                Mode::Skip => chunk.len(),
            };
        }
    }

    /// Ends the current file: reads what is left in it.
    pub fn finish(&mut self) {
        let Some(mut reading) = self.reading.take() else {
            return;
        };
        // A file of one, two or three bytes that began the mark, and nothing else.
        if !reading.mark_settled && reading.mark_held < BOM.len() {
            let held = reading.mark_held;
            self.read_bytes(&mut reading, &BOM[..held]);
        }
        match reading.mode {
            Mode::Lines if !reading.buf.is_empty() && !reading.skipping_line => {
                let bytes = std::mem::take(&mut reading.buf);
                self.record(&reading.name, &bytes, reading.record_line);
            }
            Mode::FirstObject | Mode::Documents { .. } if !reading.buf.is_empty() => {
                let line = reading.record_line;
                self.refuse(
                    &reading.name,
                    Some(line),
                    "the file ends in the middle of this record; it may have been cut off",
                );
            }
            Mode::Documents { array: true } => {
                self.refuse(&reading.name, Some(reading.line), "the list of responses is never closed with \"]\"");
            }
            Mode::Text => {
                let bytes = std::mem::take(&mut reading.buf);
                self.text(&reading.name, &bytes);
            }
            _ => {}
        }
    }

    /// Adds pasted text: response codes (or anything else an import reads), as the file `name`.
    pub fn paste(&mut self, name: &str, text: &str) {
        self.begin(name);
        self.feed(text.as_bytes());
        self.finish();
    }

    /// Refuses the file being read (or read last) as a whole, as any refusal is: counted, and
    /// listed while fewer than [`MAX_LISTED`] are. For a file the caller could not read at all.
    pub fn refuse_current(&mut self, message: &str) {
        self.finish();
        if let Some(name) = self.sources.last().map(|s| s.name.clone()) {
            self.refuse(&name, None, message);
        }
    }

    fn source(&mut self) -> &mut Source {
        // `begin` always pushes one before anything is read.
        let last = self.sources.len() - 1;
        &mut self.sources[last]
    }

    fn refuse(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.refuse_at(
            || match line {
                Some(line) => format!("{file}, line {line}"),
                None => file.to_owned(),
            },
            message,
        );
    }

    /// Counts a refusal, and lists it while fewer than [`MAX_LISTED`] are (its place is written
    /// only then: a file of a million bad lines formats ten thousand).
    fn refuse_at(&mut self, path: impl FnOnce() -> String, message: impl Into<String>) {
        self.rejected_total += 1;
        self.source().rejected += 1;
        if self.rejected.len() < MAX_LISTED {
            self.rejected.push(Diagnostic::new(path(), message));
        }
    }

    /// One JSON record: a response, an action plan or a questionnaire.
    fn record(&mut self, file: &str, bytes: &[u8], line: usize) {
        // Responses as Partnerscope writes them take the short way (see `fast.rs`).
        if let Some(head) = crate::fast::head(bytes)
            && let Some(set) = self.set_for(head.instrument, head.version)
        {
            let which = self.sets[set].instrument;
            if self.line_items.len() <= which {
                self.line_items.resize(which + 1, None);
            }
            let items = self.line_items[which].get_or_insert_with(|| crate::fast::line_items(&self.instruments[which]));
            let instrument = &self.instruments[which];
            let mut codes = std::mem::take(&mut self.codes);
            codes.resize(instrument.item_count(), 0);
            let taken = crate::fast::body(instrument, items, &head, &mut codes).is_some_and(|body| {
                self.add_to_set(file, set, |instrument, data| {
                    data.add_codes(instrument, head.id, body.round, body.group, &codes, Origin::Line(line))
                })
            });
            self.codes = codes;
            if taken {
                return;
            }
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.refuse(file, Some(line), "this record is not UTF-8 text");
            return;
        };
        if ActionPlan::looks_like(text) {
            match ActionPlan::from_json(text) {
                Ok(plan) => {
                    self.source().plans += 1;
                    self.plans.retain(|p| p.instrument != plan.instrument);
                    self.plans.push(plan);
                }
                Err(problems) => self.refuse(file, Some(line), listed("this action plan cannot be read", &problems)),
            }
            return;
        }
        match ResponseRef::from_json(text) {
            Ok(response) => self.response(file, &response, Origin::Line(line)),
            // A questionnaire travels with its responses; it is recognised by its own fields.
            Err(_) if text.contains("\"dimensions\"") && text.contains("\"scoring\"") => {
                match Instrument::from_json(text) {
                    Ok(instrument) => {
                        self.source().instruments += 1;
                        self.add_instrument(instrument);
                    }
                    Err(problems) => {
                        self.refuse(file, Some(line), listed("this questionnaire is not valid", &problems));
                    }
                }
            }
            Err(problem) => self.refuse(file, Some(line), problem.to_string()),
        }
    }

    /// Makes `instrument` available; a questionnaire already loaded (same id and version) is kept.
    pub fn add_instrument(&mut self, instrument: Instrument) {
        let doc = instrument.doc();
        if !self.instruments.iter().any(|i| i.id() == doc.id && i.doc().version == doc.version) {
            self.instruments.push(instrument);
        }
    }

    /// The set for questionnaire `id` version `version`, created on first use; `None` when that
    /// questionnaire is not loaded.
    fn set_for(&mut self, id: &str, version: &str) -> Option<usize> {
        if let Some(set) = self.sets.get(self.last_set) {
            let doc = self.instruments[set.instrument].doc();
            if doc.id == id && doc.version == version {
                return Some(self.last_set);
            }
        }
        let instrument = self.instruments.iter().position(|i| i.id() == id && i.doc().version == version)?;
        let set = match self.sets.iter().position(|s| s.instrument == instrument) {
            Some(set) => set,
            None => {
                self.sets.push(Set { instrument, data: Dataset::lean() });
                self.sets.len() - 1
            }
        };
        self.last_set = set;
        Some(set)
    }

    fn response(&mut self, file: &str, response: &impl ResponseFields, origin: Origin) {
        let Some(set) = self.set_for(response.instrument(), response.version()) else {
            self.unknown(response.instrument(), response.version(), 1);
            return;
        };
        self.add_to_set(file, set, |instrument, data| data.add(instrument, response, origin));
    }

    /// Adds to set `set` through `add`, then counts what the set took, skipped as a repeat and
    /// refused against the file being read: one bookkeeping for every way a response arrives.
    fn add_to_set<R>(&mut self, file: &str, set: usize, add: impl FnOnce(&Instrument, &mut Dataset) -> R) -> R {
        let Set { instrument, data } = &mut self.sets[set];
        let (taken, duplicates, rejected) = (data.len(), data.duplicates, data.rejected.len());
        let result = add(&self.instruments[*instrument], data);
        let (taken, duplicates) = (data.len() - taken, data.duplicates - duplicates);
        let refusals: Vec<Diagnostic> = data.rejected.drain(rejected..).collect();
        let conflicts = std::mem::take(&mut data.conflicts);
        let source = self.source();
        source.responses += taken;
        source.duplicates += duplicates;
        source.conflicts += conflicts.len();
        self.conflicts_total += conflicts.len();
        for conflict in conflicts {
            if self.conflicts.len() < MAX_LISTED {
                self.conflicts.push(Diagnostic::new(in_file(file, &conflict.path), conflict.message));
            }
        }
        for refusal in refusals {
            self.refuse_at(|| in_file(file, &refusal.path), refusal.message);
        }
        result
    }

    /// Counts `count` responses for questionnaire `instrument` version `version`, which is not
    /// loaded: one entry per questionnaire and version, however they arrive.
    fn unknown(&mut self, instrument: &str, version: &str, count: usize) {
        self.source().unknown += count;
        match self.unknown.iter_mut().find(|u| u.instrument == instrument && u.version == version) {
            Some(u) => u.count += count,
            None => {
                self.unknown.push(Unknown { instrument: instrument.to_owned(), version: version.to_owned(), count })
            }
        }
    }
}

/// One message listing every problem: "what: path: message; path: message".
fn listed(what: &str, problems: &[Diagnostic]) -> String {
    let all: Vec<String> = problems
        .iter()
        .map(|d| match d.path.strip_prefix("line 1, column ") {
            // The record's place is said already ("file, line 12"); within its one line, the
            // character is what helps.
            Some(column) => format!("{} (near character {column})", d.message),
            None => d.to_string(),
        })
        .collect();
    format!("{what}: {}", all.join("; "))
}

/// The place `path` (`line 12`, or nothing for the whole file) in `file`.
fn in_file(file: &str, path: &str) -> String {
    if path.is_empty() { file.to_owned() } else { format!("{file}, {path}") }
}
