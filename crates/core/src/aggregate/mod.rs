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
    let mut aggregation = Aggregation::new(instrument, columns, None);
    loop {
        if let Step::Done(report) = aggregation.step(instrument, columns, usize::MAX) {
            return report;
        }
    }
}

/// A group report worked out a slice at a time, so that a page can draw between the slices: in
/// a browser the report of 100,000 responses is a quarter of a second's work, too long for one
/// task. Begun and stepped through [`Dataset::aggregation`] and [`Dataset::step`] (a report is
/// always of one round). Each step looks at a number of rows; the last applies the anonymity
/// rule. The result is the same report as [`aggregate_columns`] (which is these steps in one go)
/// for any size of step.
pub struct Aggregation {
    layout: tally::Layout,
    /// How many rows the columns had when the work began.
    rows: usize,
    phase: Phase,
}

enum Phase {
    Counting(tally::Counting),
    /// Everything counted: the next step applies the rule.
    Ruling(Vec<tally::Tally>),
    /// The report has been given, or the columns changed under the steps.
    Over,
}

/// What a step of an [`Aggregation`] came to.
pub enum Step {
    /// More steps are needed.
    Working,
    /// The report, given once.
    Done(Report),
    /// The columns are not those the aggregation began with (their number of rows changed): the
    /// work is given up, and a new aggregation must begin.
    Stale,
}

impl Aggregation {
    /// Begins the report of `columns` (responses to `instrument`), of the rows of round `round`
    /// (an index into the data set's round labels) or of every row.
    pub(crate) fn new(instrument: &Instrument, columns: &Columns, round: Option<u32>) -> Aggregation {
        let layout = tally::Layout::new(instrument);
        let counting = tally::Counting::new(instrument, &layout, round);
        Aggregation { layout, rows: columns.len(), phase: Phase::Counting(counting) }
    }

    /// Looks at up to `work` more rows (at least one), or applies the rule once every row has
    /// been looked at (a step of its own).
    /// `instrument` and `columns` must be those the aggregation began with.
    pub(crate) fn step(&mut self, instrument: &Instrument, columns: &Columns, work: usize) -> Step {
        let work = work.max(1);
        if columns.len() != self.rows {
            self.phase = Phase::Over;
            return Step::Stale;
        }
        match std::mem::replace(&mut self.phase, Phase::Over) {
            Phase::Counting(mut counting) => {
                self.phase = if counting.step(instrument, &self.layout, columns, work) {
                    Phase::Ruling(counting.finish(&self.layout, columns))
                } else {
                    Phase::Counting(counting)
                };
                Step::Working
            }
            Phase::Ruling(tallies) => Step::Done(disclose::disclose(instrument, &self.layout, &tallies)),
            Phase::Over => Step::Stale,
        }
    }
}
