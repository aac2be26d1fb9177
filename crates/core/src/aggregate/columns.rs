//! Responses as a matrix of one-byte answer codes: the form group reports are counted from.

use crate::instrument::Instrument;
use crate::response::{Answer, Sheet};

/// Responses as a matrix of one-byte answer codes, the form group reports are computed from:
/// 100,000 responses of 40 items fit in 4 MB and are read in one sweep.
///
/// Code per answer: `0..points` a scale point (`value - min`), `points` not applicable,
/// `points + 1` blank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    pub(super) item_count: usize,
    pub(super) points: usize,
    pub(super) groups: usize,
    pub(super) codes: Vec<u8>,
    /// Per response: its segment's place among the tallies: 1 + its group index, or
    /// `groups + 1` for no group (0 is everyone, filled by merging).
    pub(super) segments: Vec<u32>,
    /// Per response: its round, as an index into the data set's round labels.
    pub(super) rounds: Vec<u32>,
    /// Open comments: `(response, item, text)`, the response as its row here.
    pub(super) comments: Vec<(u32, u32, String)>,
}

impl Columns {
    pub fn new(instrument: &Instrument) -> Columns {
        Columns {
            item_count: instrument.item_count(),
            points: instrument.scale_points(),
            groups: instrument.doc().groups.len(),
            codes: Vec::new(),
            segments: Vec::new(),
            rounds: Vec::new(),
            comments: Vec::new(),
        }
    }

    /// Columns holding `sheets`, which must be responses to `instrument`.
    pub fn from_sheets(instrument: &Instrument, sheets: &[Sheet]) -> Columns {
        let mut columns = Columns::new(instrument);
        columns.codes.reserve(sheets.len() * columns.item_count);
        for sheet in sheets {
            columns.push(instrument, sheet, 0);
        }
        columns
    }

    /// Adds one response; `round` is its round's index among the data set's round labels.
    pub fn push(&mut self, instrument: &Instrument, sheet: &Sheet, round: u32) {
        let codes = self.codes_of(instrument, sheet);
        self.codes.extend(codes);
        let row = self.segments.len() as u32;
        for (item, text) in kept_comments(sheet) {
            self.comments.push((row, item, text.to_owned()));
        }
        self.segments.push(self.segment_of(sheet.group));
        self.rounds.push(round);
    }

    /// The answer codes of `sheet`, one per item.
    fn codes_of<'s>(&self, instrument: &Instrument, sheet: &'s Sheet) -> impl Iterator<Item = u8> + 's {
        let (min, points) = (instrument.scale_min(), self.points as u8);
        (0..self.item_count).map(move |i| match sheet.answers.get(i).copied().flatten() {
            Some(Answer::Value(v)) => (v - min) as u8,
            Some(Answer::NotApplicable) => points,
            None => points + 1,
        })
    }

    /// Whether row `row` holds exactly what `sheet` would add in round `round`: the same answer
    /// codes, group and comments. How a repeated id is told from a conflicting one.
    pub(super) fn row_holds_sheet(&self, row: usize, instrument: &Instrument, sheet: &Sheet, round: u32) -> bool {
        let wanted: Vec<(u32, &str)> = kept_comments(sheet).collect();
        self.row_codes(row).iter().copied().eq(self.codes_of(instrument, sheet))
            && self.row_is(row, sheet.group, round, &wanted)
    }

    /// Whether row `row` holds exactly these answer codes (and no comments) in round `round`.
    pub(super) fn row_holds_codes(&self, row: usize, codes: &[u8], group: Option<usize>, round: u32) -> bool {
        self.row_codes(row) == codes && self.row_is(row, group, round, &[])
    }

    fn row_codes(&self, row: usize) -> &[u8] {
        &self.codes[row * self.item_count..(row + 1) * self.item_count]
    }

    fn row_is(&self, row: usize, group: Option<usize>, round: u32, comments: &[(u32, &str)]) -> bool {
        // Comments are pushed in row order, so a row's comments stand together.
        let start = self.comments.partition_point(|c| (c.0 as usize) < row);
        let end = self.comments.partition_point(|c| (c.0 as usize) <= row);
        self.segments[row] == self.segment_of(group)
            && self.rounds[row] == round
            && self.comments[start..end]
                .iter()
                .map(|(_, item, text)| (*item, text.as_str()))
                .eq(comments.iter().copied())
    }

    /// Adds one response given as answer codes (see [`Columns`]).
    pub(super) fn push_codes(&mut self, codes: &[u8], group: Option<usize>, round: u32) {
        self.codes.extend_from_slice(codes);
        self.segments.push(self.segment_of(group));
        self.rounds.push(round);
    }

    fn segment_of(&self, group: Option<usize>) -> u32 {
        group.map_or(self.groups as u32 + 1, |g| g as u32 + 1)
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
}

/// The comments of `sheet` that columns keep: every one not blank, by item.
fn kept_comments(sheet: &Sheet) -> impl Iterator<Item = (u32, &str)> {
    sheet
        .comments()
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(&item, text)| (item as u32, text.as_str()))
}
