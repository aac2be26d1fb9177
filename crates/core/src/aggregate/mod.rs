//! Group reports over many responses, with anonymity enforced in one module and nowhere else.
//!
//! The rooms, in the order data flows through them:
//!
//! - [`columns`]: responses as a matrix of one-byte answer codes ([`Columns`]);
//! - `tally`: one sweep over the codes into running sums per segment (nothing shown);
//! - [`disclose`]: **the anonymity rule**, the only code that turns sums into figures, and the
//!   only code that can build a [`Report`] (its types have private fields);
//! - [`differences`]: gaps between groups and changes between rounds, from shown figures only;
//! - [`dataset`]: responses gathered for one questionnaire, de-duplicated, and the sizes of a
//!   data set as far as the rule lets them be said.

pub mod columns;
pub mod dataset;
pub mod differences;
pub mod disclose;
mod tally;

pub use columns::Columns;
pub use dataset::{Dataset, Origin, round_label};
pub use differences::{Change, Gap, compare};
pub use disclose::{
    Alpha, CommentFigures, Consistency, DEFAULT_COMMENT_K, DimensionFigures, Disclosed, Figure, ItemFigures, Report,
    Segment, SegmentFigures, SegmentReport, Sizes, Summary, Withheld, comment_threshold,
};

use crate::instrument::Instrument;
use crate::response::Sheet;

/// Most responses one data set may hold.
pub const MAX_RESPONSES: usize = 500_000;
/// Largest import (JSON lines or CSV) accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;

/// Builds the group report for `sheets`, which must all be responses to `instrument` (of one
/// round: a report is always of one round).
pub fn aggregate(instrument: &Instrument, sheets: &[Sheet]) -> Report {
    aggregate_columns(instrument, &Columns::from_sheets(instrument, sheets))
}

/// Builds the group report from responses already in columns (see [`Dataset::columns`]).
pub fn aggregate_columns(instrument: &Instrument, columns: &Columns) -> Report {
    let layout = tally::Layout::new(instrument);
    let tallies = tally::count(instrument, &layout, columns);
    disclose::disclose(instrument, &layout, &tallies)
}
