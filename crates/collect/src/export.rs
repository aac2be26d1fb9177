//! Exports for the facilitator: JSON lines (every questionnaire, or one) and CSV (one
//! questionnaire version), in the formats the facilitator's report reads as they are. Both
//! stream: rows are read one at a time and handed on in blocks of [`BLOCK`] bytes, so memory
//! stays the same for any number of responses.

use partnerscope_core::{Response, Sheet, csv};
use rusqlite::Connection;

use crate::check::Registry;
use crate::store::{self, Filter};

/// Bytes handed on at a time.
pub const BLOCK: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    Csv,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::JsonLines => "application/jsonl; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Checks before anything is sent that the export can be made; for CSV, settles the version.
pub fn plan(conn: &Connection, registry: &Registry, format: Format, filter: &Filter) -> Result<Filter, String> {
    let mut filter = filter.clone();
    if format == Format::Csv {
        let Some(id) = filter.instrument.clone() else {
            return Err("a CSV export is for one questionnaire: name it with instrument=ID in the address, or --instrument ID with the export command".into());
        };
        if filter.version.is_none() {
            let stored = store::versions(conn, &id).map_err(|e| e.to_string())?;
            match stored.len() {
                0 | 1 => filter.version = stored.into_iter().next(),
                _ => {
                    return Err(format!(
                        "responses to \"{id}\" are stored in versions {}; name one with version=V in the address, or --version V with the export command",
                        stored.join(", ")
                    ));
                }
            }
        }
        registry.find(&id, filter.version.as_deref()).map_err(|r| r.reason)?;
    }
    Ok(filter)
}

/// Writes the export to `sink` block by block; stops when `sink` returns false (the reader went
/// away). `filter` comes from [`plan`].
pub fn write(
    conn: &Connection,
    registry: &Registry,
    format: Format,
    filter: &Filter,
    mut sink: impl FnMut(Vec<u8>) -> bool,
) -> Result<(), String> {
    let mut block = Vec::with_capacity(BLOCK + 4096);
    let mut open = true;
    let mut problem = None;
    let instrument = match (format, &filter.instrument) {
        (Format::Csv, Some(id)) => Some(registry.find(id, filter.version.as_deref()).map_err(|r| r.reason)?),
        _ => None,
    };
    if let Some(instrument) = instrument {
        block.extend_from_slice(csv::header_line(instrument).as_bytes());
    }
    store::each_body(conn, filter, |body| {
        match instrument {
            None => {
                block.extend_from_slice(body.as_bytes());
                block.push(b'\n');
            }
            Some(instrument) => {
                let sheet = Response::from_json(body)
                    .map_err(|d| vec![d])
                    .and_then(|response| Sheet::check(instrument, &response));
                match sheet {
                    Ok(sheet) => block.extend_from_slice(csv::row_line(instrument, &sheet).as_bytes()),
                    Err(diags) => {
                        problem = Some(format!(
                            "a stored response no longer matches the questionnaire it was checked against ({}); \
                             export it as JSON lines instead",
                            diags.first().map(ToString::to_string).unwrap_or_default()
                        ));
                        return false;
                    }
                }
            }
        }
        if block.len() >= BLOCK {
            open = sink(std::mem::replace(&mut block, Vec::with_capacity(BLOCK + 4096)));
        }
        open
    })
    .map_err(|e| e.to_string())?;
    if let Some(problem) = problem {
        return Err(problem);
    }
    if open && !block.is_empty() {
        sink(block);
    }
    Ok(())
}
