//! Exports for the facilitator: JSON lines (every questionnaire, or one) and CSV (one
//! questionnaire version), in the formats the facilitator's report reads as they are. Both
//! stream: rows are read one at a time and handed on in blocks of [`BLOCK`] bytes, so memory
//! stays the same for any number of responses.

use partnerscope_core::{Instrument, Response, Sheet, csv};

use crate::check::Registry;
use crate::store::Filter;

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

/// Checks before anything is sent that the export can be made; for CSV, settles the version
/// from `stored_versions` (the versions stored for the questionnaire, asked of the store only for
/// a CSV export that names no version).
pub fn plan(
    registry: &Registry,
    format: Format,
    filter: &Filter,
    stored_versions: Vec<String>,
) -> Result<Filter, String> {
    let mut filter = filter.clone();
    if format == Format::Csv {
        let Some(id) = filter.instrument.clone() else {
            return Err("a CSV export is for one questionnaire: name it with instrument=ID in the address, or --instrument ID with the export command".into());
        };
        if filter.version.is_none() {
            match stored_versions.len() {
                0 | 1 => filter.version = stored_versions.into_iter().next(),
                _ => {
                    return Err(format!(
                        "responses to \"{id}\" are stored in versions {}; name one with version=V in the address, or --version V with the export command",
                        stored_versions.join(", ")
                    ));
                }
            }
        }
        registry.find(&id, filter.version.as_deref()).map_err(|r| r.reason)?;
    }
    Ok(filter)
}

/// The export's bytes as the stored bodies come, one at a time, in blocks of about [`BLOCK`]
/// bytes: the same for either store. `filter` comes from [`plan`].
pub struct Blocks<'a> {
    instrument: Option<&'a Instrument>,
    block: Vec<u8>,
}

impl<'a> Blocks<'a> {
    pub fn new(registry: &'a Registry, format: Format, filter: &Filter) -> Result<Blocks<'a>, String> {
        let instrument = match (format, &filter.instrument) {
            (Format::Csv, Some(id)) => Some(registry.find(id, filter.version.as_deref()).map_err(|r| r.reason)?),
            _ => None,
        };
        let mut block = Vec::with_capacity(BLOCK + 4096);
        if let Some(instrument) = instrument {
            block.extend_from_slice(csv::header_line(instrument).as_bytes());
        }
        Ok(Blocks { instrument, block })
    }

    /// Adds one stored body; a full block when there is one to hand on.
    pub fn add(&mut self, body: &str) -> Result<Option<Vec<u8>>, String> {
        match self.instrument {
            None => {
                self.block.extend_from_slice(body.as_bytes());
                self.block.push(b'\n');
            }
            Some(instrument) => {
                let sheet = Response::from_json(body)
                    .map_err(|d| vec![d])
                    .and_then(|response| Sheet::check(instrument, &response));
                match sheet {
                    Ok(sheet) => self.block.extend_from_slice(csv::row_line(instrument, &sheet).as_bytes()),
                    Err(diags) => {
                        return Err(format!(
                            "a stored response no longer matches the questionnaire it was checked against ({}); \
                             export it as JSON lines instead",
                            diags.first().map(ToString::to_string).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        Ok((self.block.len() >= BLOCK).then(|| std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK + 4096))))
    }

    /// The last block, if anything is left.
    pub fn finish(self) -> Option<Vec<u8>> {
        (!self.block.is_empty()).then_some(self.block)
    }
}
