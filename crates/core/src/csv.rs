//! CSV import and export: one row per response, item ids as columns.
//!
//! Columns: `response_id, instrument, version, round, group, lang, date`, then `context.<id>` per
//! context question, then one column per item (scale items hold a number, `NA` or nothing;
//! comment items hold their text). Import accepts the columns in any order, and any subset of
//! item columns.
//!
//! Exported cells that a spreadsheet could read as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return) are prefixed with `'`, as are cells already starting with `'`; import
//! removes one such prefix again, so a round trip is exact.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::map::Map;

use crate::aggregate::{Dataset, MAX_IMPORT_BYTES, Origin};
use crate::diag::Diagnostic;
use crate::instrument::{Instrument, ItemKind};
use crate::response::{Answer, RESPONSE_SCHEMA, Response, Sheet};

/// Most columns a CSV file may have.
pub const MAX_COLUMNS: usize = 2_000;
/// Longest single cell, in bytes.
pub const MAX_CELL_BYTES: usize = 16 * 1024;

const FIXED: [&str; 7] = ["response_id", "instrument", "version", "round", "group", "lang", "date"];

fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// One cell, neutralised against formula injection and quoted when needed.
pub fn cell(text: &str) -> String {
    // A cell that already starts with the escape character is escaped too, so that import can
    // always remove exactly one leading `'` and the round trip is exact.
    let safe = match text.chars().next() {
        Some(c) if is_formula_start(c) || c == '\'' => format!("'{text}"),
        _ => text.to_owned(),
    };
    if !safe.contains([',', '"', '\n', '\r']) {
        return safe;
    }
    // Written out rather than with `str::replace`, which would bring its own pattern code.
    let mut quoted = String::with_capacity(safe.len() + 2);
    quoted.push('"');
    for c in safe.chars() {
        if c == '"' {
            quoted.push('"');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| is_formula_start(c) || c == '\'') => rest,
        _ => text,
    }
}

/// The header row for `instrument`.
pub fn header(instrument: &Instrument) -> Vec<String> {
    let doc = instrument.doc();
    let mut columns: Vec<String> = FIXED.iter().map(|s| (*s).to_owned()).collect();
    columns.extend(doc.context.iter().map(|q| format!("context.{}", q.id)));
    columns.extend((0..instrument.item_count()).map(|i| instrument.item(i).id.clone()));
    columns
}

/// Writes sheets as CSV text (CRLF line ends, as RFC 4180 asks).
pub fn export(instrument: &Instrument, sheets: &[Sheet]) -> String {
    let mut out = header_line(instrument);
    for sheet in sheets {
        out.push_str(&row_line(instrument, sheet));
    }
    out
}

/// The header row of [`export`], with its line end: for writers that stream row by row.
pub fn header_line(instrument: &Instrument) -> String {
    line(&header(instrument))
}

/// One sheet's row of [`export`], with its line end.
pub fn row_line(instrument: &Instrument, sheet: &Sheet) -> String {
    let doc = instrument.doc();
    let mut row = vec![
        sheet.id.clone(),
        doc.id.clone(),
        doc.version.clone(),
        sheet.round.clone(),
        sheet.group.map(|g| doc.groups[g].id.clone()).unwrap_or_default(),
        sheet.lang.clone(),
        sheet.date.clone().unwrap_or_default(),
    ];
    for (q, option) in sheet.context.iter().enumerate() {
        row.push(option.map(|o| doc.context[q].options[o].id.clone()).unwrap_or_default());
    }
    for (i, answer) in sheet.answers.iter().enumerate() {
        row.push(match (instrument.item(i).kind, answer) {
            (ItemKind::Comment, _) => sheet.comments.get(&i).cloned().unwrap_or_default(),
            (_, Some(Answer::Value(v))) => v.to_string(),
            (_, Some(Answer::NotApplicable)) => "NA".into(),
            (_, None) => String::new(),
        });
    }
    line(&row)
}

fn line(cells: &[String]) -> String {
    let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    let mut out = row.join(",");
    out.push_str("\r\n");
    out
}

/// Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes and line
/// breaks). Returns the 1-based line where each row starts, for messages.
pub fn parse_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, Diagnostic> {
    parse_rows_separated(text, ',')
}

/// The separator a spreadsheet most likely saved `text` with: a comma, or a semicolon (what
/// Excel writes where the comma is the decimal sign: French, Spanish, Portuguese settings), or
/// a tab, whichever the first line holds most of outside quotes; a comma when none.
#[must_use]
pub fn separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { ',' } else { [',', ';', '\t'][best] }
}

/// [`parse_rows`] with `sep` between cells instead of a comma.
// Long because RFC 4180's quoting is one state machine over the characters, kept in one loop.
pub fn parse_rows_separated(text: &str, sep: char) -> Result<Vec<(usize, Vec<String>)>, Diagnostic> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Diagnostic::new(
            "",
            format!("the file is {} bytes; the limit is {MAX_IMPORT_BYTES} bytes", text.len()),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut row_line = 1usize;
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut quoted_field = false;
    while let Some(c) = chars.next() {
        if field.len() > MAX_CELL_BYTES {
            return Err(Diagnostic::new(
                format!("line {line}"),
                format!("a cell is longer than {MAX_CELL_BYTES} bytes"),
            ));
        }
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted_field => {
                in_quotes = true;
                quoted_field = true;
            }
            '"' => {
                return Err(Diagnostic::new(
                    format!("line {line}"),
                    "a quote appears inside an unquoted cell; wrap the cell in quotes and double the quote",
                ));
            }
            c if c == sep => {
                row.push(std::mem::take(&mut field));
                quoted_field = false;
                if row.len() > MAX_COLUMNS {
                    return Err(Diagnostic::new(format!("line {line}"), format!("more than {MAX_COLUMNS} columns")));
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                quoted_field = false;
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push((row_line, std::mem::take(&mut row)));
                } else {
                    row.clear();
                }
                line += 1;
                row_line = line;
            }
            _ if quoted_field => {
                return Err(Diagnostic::new(format!("line {line}"), "text follows a closing quote in the same cell"));
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(Diagnostic::new(format!("line {row_line}"), "a quoted cell is never closed"));
    }
    if !field.is_empty() || !row.is_empty() || quoted_field {
        row.push(field);
        rows.push((row_line, row));
    }
    Ok(rows)
}

/// Reads CSV text into `dataset`. A problem with the header stops the import (nothing is
/// added); a problem with a row rejects that row only, with its line number.
// Long because the header's columns are resolved once and then each row's cells are read and
// checked in column order, every problem with its line: one pass, one set of column indices.
pub fn import(instrument: &Instrument, text: &str, dataset: &mut Dataset) -> Result<(), Vec<Diagnostic>> {
    let rows = parse_rows(text).map_err(|d| vec![d])?;
    let Some(((_, header), body)) = rows.split_first() else {
        return Err(vec![Diagnostic::new("", "the file is empty")]);
    };
    let doc = instrument.doc();
    enum Column {
        Fixed(usize),
        Context(usize),
        Item(usize),
    }
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    // A set of `Cow`s, the one set type of the core (the JSON parser's): one copy of its code.
    let mut seen: BTreeSet<Cow<'_, str>> = BTreeSet::new();
    for (c, name) in header.iter().enumerate() {
        let name = name.trim();
        if !seen.insert(Cow::Borrowed(name)) {
            problems.push(Diagnostic::new(format!("column {}", c + 1), format!("the column \"{name}\" appears twice")));
        }
        let column = if let Some(f) = FIXED.iter().position(|f| *f == name) {
            Column::Fixed(f)
        } else if let Some(q) = name.strip_prefix("context.").and_then(|q| doc.context.iter().position(|x| x.id == q)) {
            Column::Context(q)
        } else if let Some(i) = instrument.item_idx(name) {
            Column::Item(i)
        } else {
            problems.push(Diagnostic::new(
                format!("column {}", c + 1),
                format!("\"{name}\" is not a column of this questionnaire's export"),
            ));
            continue;
        };
        columns.push((c, column));
    }
    for required in ["response_id", "instrument", "version", "lang"] {
        if !seen.contains(required) {
            problems.push(Diagnostic::new("header", format!("the column \"{required}\" is missing")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (line, row) in body {
        let origin = Origin::Line(*line);
        if row.len() != header.len() {
            dataset.rejected.push(Diagnostic::new(
                origin.to_string(),
                format!("the row has {} cells; the header has {}", row.len(), header.len()),
            ));
            continue;
        }
        let mut response = Response {
            schema: RESPONSE_SCHEMA,
            id: String::new(),
            instrument: String::new(),
            version: String::new(),
            round: String::new(),
            group: None,
            context: Map::new(),
            answers: Map::new(),
            comments: Map::new(),
            lang: String::new(),
            date: None,
        };
        let mut bad = None;
        for (c, column) in &columns {
            let value = unneutralise(row[*c].trim());
            match column {
                Column::Fixed(0) => response.id = value.to_owned(),
                Column::Fixed(1) => response.instrument = value.to_owned(),
                Column::Fixed(2) => response.version = value.to_owned(),
                Column::Fixed(3) => response.round = value.to_owned(),
                Column::Fixed(4) => response.group = (!value.is_empty()).then(|| value.to_owned()),
                Column::Fixed(5) => response.lang = value.to_owned(),
                Column::Fixed(_) => response.date = (!value.is_empty()).then(|| value.to_owned()),
                Column::Context(q) => {
                    if !value.is_empty() {
                        response.context.insert(doc.context[*q].id.clone(), value.to_owned());
                    }
                }
                Column::Item(i) => {
                    let id = instrument.item(*i).id.clone();
                    if instrument.item(*i).kind == ItemKind::Comment {
                        if !value.is_empty() {
                            response.comments.insert(id, unneutralise(&row[*c]).to_owned());
                        }
                    } else if value.eq_ignore_ascii_case("na") || value.eq_ignore_ascii_case("n/a") {
                        response.answers.insert(id, Answer::NotApplicable);
                    } else if !value.is_empty() {
                        match value.parse::<i32>() {
                            Ok(v) => {
                                response.answers.insert(id, Answer::Value(v));
                            }
                            Err(_) => {
                                bad = Some(format!("column \"{id}\": \"{value}\" is not a whole number or NA"));
                                break;
                            }
                        }
                    }
                }
            }
        }
        match bad {
            Some(message) => dataset.rejected.push(Diagnostic::new(origin.to_string(), message)),
            None => dataset.add(instrument, &response, origin),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_read_from_the_first_line_outside_quotes() {
        assert_eq!(separator("key,context,en\r\na;b;c;d;e,f,g"), ',');
        assert_eq!(separator("key;context;en;pt\r\nx,y"), ';');
        assert_eq!(separator("key\tcontext\ten\n"), '\t');
        assert_eq!(separator("\"a;b;c\",d\n"), ',');
        assert_eq!(separator("key\n"), ',');
        assert_eq!(separator(""), ',');
        let rows = parse_rows_separated("key;en\r\ntitle;\"a; b, \"\"c\"\"\"\r\n", ';').expect("parses");
        assert_eq!(rows[1].1, vec!["title".to_owned(), "a; b, \"c\"".to_owned()]);
        // A comma file is read as before: the semicolon is text there.
        let rows = parse_rows("key,en\r\ntitle,a; b\r\n").expect("parses");
        assert_eq!(rows[1].1, vec!["title".to_owned(), "a; b".to_owned()]);
    }
}
