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
//! A byte-order mark at the start is skipped, as Windows editors write one.

use crate::aggregate::{Dataset, MAX_IMPORT_BYTES, Origin};
use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::plan::ActionPlan;
use crate::response::{MAX_RESPONSE_BYTES, ResponseFields, ResponseRef};

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

/// Where the reader is inside the current file.
#[derive(Debug, Default)]
enum Mode {
    /// Before the first byte that says what the file is.
    #[default]
    Start,
    /// The first JSON object, not yet known to be one line or a document.
    FirstObject,
    Lines,
    /// JSON values one after another (pretty-printed documents, or an array's elements).
    Documents {
        array: bool,
    },
    /// Everything after the array's closing bracket: only white space may follow.
    AfterArray,
    Text,
    /// The rest of the file is skipped (it cannot be read).
    Skip,
}

/// The state of reading one file.
#[derive(Debug, Default)]
struct Reading {
    name: String,
    mode: Mode,
    /// Bytes of the record in progress (or all of a text file).
    buf: Vec<u8>,
    /// Bytes seen so far.
    seen: usize,
    /// The line the reader is on, and the line the record in progress started on.
    line: usize,
    record_line: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// In lines mode: the current line is too long and is being skipped.
    skipping_line: bool,
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

    /// Reads the next bytes of the current file.
    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(mut reading) = self.reading.take() else {
            return;
        };
        let mut at = 0;
        if reading.seen == 0 && chunk.starts_with(b"\xEF\xBB\xBF") {
            at = 3;
        }
        reading.seen += chunk.len();
        while at < chunk.len() {
            at = match reading.mode {
                Mode::Start => self.start(&mut reading, chunk, at),
                Mode::FirstObject | Mode::Documents { .. } => self.documents(&mut reading, chunk, at),
                Mode::Lines => self.lines(&mut reading, chunk, at),
                Mode::AfterArray => self.after_array(&mut reading, chunk, at),
                Mode::Text => {
                    if reading.buf.len() + chunk.len() - at > MAX_IMPORT_BYTES {
                        self.refuse_file(
                            &mut reading,
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
        self.reading = Some(reading);
    }

    /// Ends the current file: reads what is left in it.
    pub fn finish(&mut self) {
        let Some(mut reading) = self.reading.take() else {
            return;
        };
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

    /// Gives up on the rest of the file with one message.
    fn refuse_file(&mut self, reading: &mut Reading, message: String) {
        let name = reading.name.clone();
        self.refuse(&name, None, message);
        reading.buf = Vec::new();
        reading.mode = Mode::Skip;
    }

    /// The first bytes that are not white space say what the file is.
    fn start(&mut self, reading: &mut Reading, chunk: &[u8], mut at: usize) -> usize {
        while at < chunk.len() && chunk[at].is_ascii_whitespace() {
            if chunk[at] == b'\n' {
                reading.line += 1;
            }
            at += 1;
        }
        let Some(&first) = chunk.get(at) else {
            return at;
        };
        reading.record_line = reading.line;
        match first {
            b'[' => {
                self.source().kind = Kind::JsonArray;
                reading.mode = Mode::Documents { array: true };
                at + 1
            }
            b'{' => {
                self.source().kind = Kind::JsonLines;
                reading.mode = Mode::FirstObject;
                at
            }
            _ => {
                reading.mode = Mode::Text;
                at
            }
        }
    }

    /// JSON values one after another, split by following strings and nesting.
    fn documents(&mut self, reading: &mut Reading, chunk: &[u8], mut at: usize) -> usize {
        let array = matches!(reading.mode, Mode::Documents { array: true });
        while at < chunk.len() {
            let b = chunk[at];
            if reading.buf.is_empty() && reading.depth == 0 {
                // Between values: white space, and in an array the commas and the closing bracket.
                match b {
                    b'\n' => reading.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    b',' if array => {}
                    b']' if array => {
                        reading.mode = Mode::AfterArray;
                        return at + 1;
                    }
                    b'{' => {
                        reading.record_line = reading.line;
                        reading.buf.push(b);
                        reading.depth = 1;
                    }
                    _ => {
                        let line = reading.line;
                        let what = if array {
                            "the list holds something that is not a response object; the rest of the file is skipped"
                        } else {
                            "this is not a JSON object; the rest of the file is skipped"
                        };
                        let name = reading.name.clone();
                        self.refuse(&name, Some(line), what);
                        reading.mode = Mode::Skip;
                        return chunk.len();
                    }
                }
                at += 1;
                continue;
            }
            reading.buf.push(b);
            if b == b'\n' {
                reading.line += 1;
            }
            if reading.in_string {
                if reading.escaped {
                    reading.escaped = false;
                } else if b == b'\\' {
                    reading.escaped = true;
                } else if b == b'"' {
                    reading.in_string = false;
                } else if b == b'\n' {
                    // A line break cannot be inside a JSON string: the record is broken here.
                    let line = reading.record_line;
                    let name = reading.name.clone();
                    self.refuse(&name, Some(line), "a text in this record is never closed with a quote");
                    reading.buf.clear();
                    reading.depth = 0;
                    reading.in_string = false;
                    // The first record was one line that broke: the file is read line by line.
                    if matches!(reading.mode, Mode::FirstObject) {
                        reading.mode = Mode::Lines;
                        reading.record_line = reading.line;
                        return at + 1;
                    }
                }
            } else {
                match b {
                    b'"' => reading.in_string = true,
                    b'{' | b'[' => reading.depth += 1,
                    b'}' | b']' => reading.depth = reading.depth.saturating_sub(1),
                    _ => {}
                }
                if reading.depth == 0 {
                    let bytes = std::mem::take(&mut reading.buf);
                    let single_line = reading.line == reading.record_line;
                    self.record(&reading.name.clone(), &bytes, reading.record_line);
                    if matches!(reading.mode, Mode::FirstObject) {
                        // One line: JSON lines from here on; else documents.
                        reading.mode = if single_line { Mode::Lines } else { Mode::Documents { array: false } };
                        if !single_line {
                            self.source().kind = Kind::Json;
                        }
                        return at + 1;
                    }
                }
            }
            if reading.buf.len() > MAX_RESPONSE_BYTES * 4 {
                let line = reading.record_line;
                let name = reading.name.clone();
                if matches!(reading.mode, Mode::FirstObject) && reading.line == line {
                    // Still on the file's first line: JSON lines whose first line is too long
                    // (a pretty-printed document's first line is a brace). Only that line goes.
                    self.refuse(&name, Some(line), format!("the line is longer than {} bytes", MAX_RESPONSE_BYTES * 4));
                    reading.buf = Vec::new();
                    (reading.depth, reading.in_string, reading.escaped) = (0, false, false);
                    reading.mode = Mode::Lines;
                    reading.skipping_line = true;
                    return at + 1;
                }
                self.refuse(
                    &name,
                    Some(line),
                    format!(
                        "this record is larger than {} bytes; the rest of the file is skipped",
                        MAX_RESPONSE_BYTES * 4
                    ),
                );
                reading.buf = Vec::new();
                reading.mode = Mode::Skip;
                return chunk.len();
            }
            at += 1;
        }
        at
    }

    /// JSON lines: each line is one record.
    fn lines(&mut self, reading: &mut Reading, chunk: &[u8], at: usize) -> usize {
        let rest = &chunk[at..];
        // A plain loop: the size-tuned build would call a closure per byte in `position`.
        let mut end = 0;
        while end < rest.len() && rest[end] != b'\n' {
            end += 1;
        }
        match (end < rest.len()).then_some(end) {
            Some(end) => {
                let line_no = reading.line;
                reading.line += 1;
                if reading.skipping_line {
                    reading.skipping_line = false;
                    reading.buf.clear();
                } else if reading.buf.is_empty() {
                    self.line(&reading.name, &rest[..end], line_no);
                } else {
                    reading.buf.extend_from_slice(&rest[..end]);
                    let bytes = std::mem::take(&mut reading.buf);
                    self.line(&reading.name, &bytes, line_no);
                }
                reading.record_line = reading.line;
                at + end + 1
            }
            None => {
                if !reading.skipping_line {
                    reading.buf.extend_from_slice(rest);
                    if reading.buf.len() > MAX_RESPONSE_BYTES {
                        let line = reading.line;
                        let name = reading.name.clone();
                        self.refuse(&name, Some(line), format!("the line is longer than {MAX_RESPONSE_BYTES} bytes"));
                        reading.buf = Vec::new();
                        reading.skipping_line = true;
                    }
                }
                chunk.len()
            }
        }
    }

    fn line(&mut self, file: &str, bytes: &[u8], line: usize) {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.record(file, bytes, line);
    }

    fn after_array(&mut self, reading: &mut Reading, chunk: &[u8], at: usize) -> usize {
        match chunk[at] {
            b'\n' => reading.line += 1,
            b if b.is_ascii_whitespace() => {}
            _ => {
                let line = reading.line;
                let name = reading.name.clone();
                self.refuse(&name, Some(line), "text follows the end of the list of responses; it is skipped");
                reading.mode = Mode::Skip;
                return chunk.len();
            }
        }
        at + 1
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

    /// A text file or paste: response codes, or CSV.
    fn text(&mut self, file: &str, bytes: &[u8]) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.refuse(
                file,
                None,
                "the file is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in a spreadsheet) and load it again",
            );
            return;
        };
        if text.trim_start().starts_with(crate::code::PREFIX) {
            self.source().kind = Kind::Codes;
            self.codes(file, text);
        } else {
            self.source().kind = Kind::Csv;
            self.csv(file, text);
        }
    }

    fn codes(&mut self, file: &str, text: &str) {
        let codes = match crate::code::split_codes(text) {
            Ok(codes) => codes,
            Err(problem) => {
                self.refuse(file, None, problem.message);
                return;
            }
        };
        for (n, code) in codes.iter().enumerate() {
            let place = |n: usize| format!("{file}, code {}", n + 1);
            let found = crate::code::peek(code).and_then(|(id, version)| {
                self.instruments
                    .iter()
                    .position(|i| i.id() == id && i.doc().version == version)
                    .map(|i| (i, id, version))
            });
            match found {
                Some((i, _, _)) => match crate::code::decode(&self.instruments[i], code) {
                    Ok(response) => self.response(file, &response, Origin::Code(n + 1)),
                    Err(problem) => self.refuse(&place(n), None, problem.message),
                },
                None => match crate::code::peek(code) {
                    // An intact code for a questionnaire that is not loaded.
                    Some((instrument, version)) => self.unknown(&instrument, &version, 1),
                    // Damaged: decoding against any questionnaire says why.
                    None => {
                        let why = self
                            .instruments
                            .first()
                            .and_then(|i| crate::code::decode(i, code).err())
                            .map_or_else(|| "this is not a response code".to_owned(), |d| d.message);
                        self.refuse(&place(n), None, why);
                    }
                },
            }
        }
    }

    /// A CSV export: read against the questionnaire its first row names.
    fn csv(&mut self, file: &str, text: &str) {
        let rows = match crate::csv::parse_rows(text) {
            Ok(rows) => rows,
            Err(problem) => {
                self.refuse_at(|| in_file(file, &problem.path), problem.message);
                return;
            }
        };
        let Some(((_, header), body)) = rows.split_first() else {
            self.refuse(file, None, "the file is empty");
            return;
        };
        let column = |name: &str| header.iter().position(|h| h.trim() == name);
        let (Some(instrument_col), Some(version_col)) = (column("instrument"), column("version")) else {
            self.refuse(
                file,
                None,
                "this is neither response codes nor a Partnerscope CSV export (its header has no \"instrument\" and \"version\" columns)",
            );
            return;
        };
        let Some((_, first)) = body.first() else {
            self.refuse(file, None, "the file has a header but no responses");
            return;
        };
        let cell = |row: &[String], c: usize| row.get(c).map(|v| v.trim().to_owned()).unwrap_or_default();
        let (id, version) = (cell(first, instrument_col), cell(first, version_col));
        let Some(set) = self.set_for(&id, &version) else {
            self.unknown(&id, &version, body.len());
            return;
        };
        let header_problems =
            self.add_to_set(file, set, |instrument, data| crate::csv::import(instrument, text, data).err());
        for problem in header_problems.unwrap_or_default() {
            self.refuse_at(|| in_file(file, &problem.path), problem.message);
        }
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
