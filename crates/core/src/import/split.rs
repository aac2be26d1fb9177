//! How a file's bytes are cut into records as they arrive: what the file is (from its first
//! bytes), JSON lines, JSON documents one after another or in an array, and text read whole.

use super::{Import, Kind};
use crate::response::MAX_RESPONSE_BYTES;

/// Where the reader is inside the current file.
#[derive(Debug, Default)]
pub(super) enum Mode {
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
pub(super) struct Reading {
    pub(super) name: String,
    pub(super) mode: Mode,
    /// Bytes of the record in progress (or all of a text file).
    pub(super) buf: Vec<u8>,
    /// Bytes of the byte-order mark seen so far at the start of the file, and whether the
    /// start is settled (the mark read whole, or a byte that is not the mark's).
    pub(super) mark_held: usize,
    pub(super) mark_settled: bool,
    /// The line the reader is on, and the line the record in progress started on.
    pub(super) line: usize,
    pub(super) record_line: usize,
    pub(super) depth: usize,
    pub(super) in_string: bool,
    pub(super) escaped: bool,
    /// In lines mode: the current line is too long and is being skipped.
    pub(super) skipping_line: bool,
}

impl Import {
    /// Gives up on the rest of the file with one message.
    pub(super) fn refuse_file(&mut self, reading: &mut Reading, message: String) {
        let name = reading.name.clone();
        self.refuse(&name, None, message);
        reading.buf = Vec::new();
        reading.mode = Mode::Skip;
    }

    /// The first bytes that are not white space say what the file is.
    pub(super) fn start(&mut self, reading: &mut Reading, chunk: &[u8], mut at: usize) -> usize {
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
    // Long, on purpose: one loop over the bytes whose states (between values, in a string, in
    // nesting) share the reading's locals; cut into functions, the size-tuned build would make a
    // call per byte of a 48 MB file.
    pub(super) fn documents(&mut self, reading: &mut Reading, chunk: &[u8], mut at: usize) -> usize {
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
    pub(super) fn lines(&mut self, reading: &mut Reading, chunk: &[u8], at: usize) -> usize {
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

    pub(super) fn line(&mut self, file: &str, bytes: &[u8], line: usize) {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.record(file, bytes, line);
    }

    pub(super) fn after_array(&mut self, reading: &mut Reading, chunk: &[u8], at: usize) -> usize {
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
}
