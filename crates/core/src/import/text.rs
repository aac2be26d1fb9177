//! Text read whole: pasted or saved response codes, and CSV exports.

use super::{Import, Kind, in_file};
use crate::aggregate::Origin;

impl Import {
    /// A text file or paste: response codes, or CSV.
    pub(super) fn text(&mut self, file: &str, bytes: &[u8]) {
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

    pub(super) fn codes(&mut self, file: &str, text: &str) {
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
    pub(super) fn csv(&mut self, file: &str, text: &str) {
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
}
