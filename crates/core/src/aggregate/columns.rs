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
        let min = instrument.scale_min();
        self.codes.extend((0..self.item_count).map(|i| match sheet.answers.get(i).copied().flatten() {
            Some(Answer::Value(v)) => (v - min) as u8,
            Some(Answer::NotApplicable) => self.points as u8,
            None => self.points as u8 + 1,
        }));
        let row = self.segments.len() as u32;
        for (&item, text) in sheet.comments() {
            if !text.trim().is_empty() {
                self.comments.push((row, item as u32, text.clone()));
            }
        }
        self.segments.push(self.segment_of(sheet.group));
        self.rounds.push(round);
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

    /// The responses of round `round` (an index), in the same order.
    pub(super) fn of_round(&self, round: u32) -> Columns {
        let mut picked =
            Columns { item_count: self.item_count, points: self.points, groups: self.groups, ..Columns::default() };
        // Each response's row in the round's columns, for its comments.
        let mut row_in_round = vec![u32::MAX; self.rounds.len()];
        for (r, &this) in self.rounds.iter().enumerate() {
            if this == round {
                row_in_round[r] = picked.segments.len() as u32;
                picked.codes.extend_from_slice(&self.codes[r * self.item_count..(r + 1) * self.item_count]);
                picked.segments.push(self.segments[r]);
                picked.rounds.push(this);
            }
        }
        for (row, item, text) in &self.comments {
            let new_row = row_in_round[*row as usize];
            if new_row != u32::MAX {
                picked.comments.push((new_row, *item, text.clone()));
            }
        }
        picked
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
}
