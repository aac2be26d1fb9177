//! Differences between shown figures: perception gaps between groups of one round, and changes
//! of one segment between rounds. Both read figures only through the report's accessors, so a
//! difference can only ever be taken between two figures that were themselves shown.

use super::disclose::{Report, Segment, SegmentFigures, Summary};
use crate::instrument::{Instrument, Mode};
use crate::score::shown;
use crate::stats::welch_ci95;
use crate::text::settle;

/// A difference between two groups on one dimension: `mean(later) - mean(earlier)`, where
/// earlier and later follow the instrument's order of groups (e.g. partners minus staff).
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    dimension: usize,
    earlier: usize,
    later: usize,
    difference: f64,
    ci95: Option<(f64, f64)>,
    flagged: bool,
}

impl Gap {
    pub fn dimension(&self) -> usize {
        self.dimension
    }
    /// The earlier group in the instrument's order (the one subtracted).
    pub fn earlier(&self) -> usize {
        self.earlier
    }
    pub fn later(&self) -> usize {
        self.later
    }
    pub fn difference(&self) -> f64 {
        self.difference
    }
    /// The difference's 95% interval (Welch).
    pub fn ci95(&self) -> Option<(f64, f64)> {
        self.ci95
    }
    /// The difference as shown is at least `gap_threshold` *and* its interval excludes zero.
    pub fn flagged(&self) -> bool {
        self.flagged
    }
}

/// What changed on one dimension (or overall when `dimension` is `None`) between two rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    segment: Segment,
    dimension: Option<usize>,
    previous: f64,
    current: f64,
    ci95: Option<(f64, f64)>,
    flagged: bool,
}

impl Change {
    pub fn segment(&self) -> Segment {
        self.segment
    }
    /// The dimension, or `None` for the overall score.
    pub fn dimension(&self) -> Option<usize> {
        self.dimension
    }
    pub fn previous(&self) -> f64 {
        self.previous
    }
    pub fn current(&self) -> f64 {
        self.current
    }
    pub fn difference(&self) -> f64 {
        self.current - self.previous
    }
    /// The 95% interval of `current - previous` (Welch: the rounds' respondents are taken as
    /// independent samples, since responses are anonymous and cannot be paired).
    pub fn ci95(&self) -> Option<(f64, f64)> {
        self.ci95
    }
    /// The change as shown is at least the threshold *and* its interval excludes zero.
    pub fn flagged(&self) -> bool {
        self.flagged
    }
}

/// Whether a difference is flagged: at least `threshold` as shown, and an interval that
/// excludes zero (no interval, no flag).
fn flag(difference: f64, ci95: Option<(f64, f64)>, threshold: f64) -> bool {
    shown(difference).abs() >= threshold && ci95.is_some_and(|(lo, hi)| settle(lo) > 0.0 || settle(hi) < 0.0)
}

fn moments_of(s: &Summary) -> (u64, f64, f64) {
    (s.n(), s.mean(), s.sd().unwrap_or(0.0))
}

/// The gaps between every pair of shown groups (in the instrument's order) on every dimension
/// shown in both.
pub(super) fn gaps(instrument: &Instrument, groups: &[(usize, &SegmentFigures)]) -> Vec<Gap> {
    let threshold = instrument.doc().gap_threshold;
    let mut gaps = Vec::new();
    for (a, (earlier, fa)) in groups.iter().enumerate() {
        for (later, fb) in &groups[a + 1..] {
            for dimension in 0..fa.dimension_count() {
                if let (Ok(x), Ok(y)) = (fa.dimension(dimension), fb.dimension(dimension)) {
                    let difference = y.summary().mean() - x.summary().mean();
                    let ci95 = welch_ci95(moments_of(x.summary()), moments_of(y.summary()));
                    gaps.push(Gap {
                        dimension,
                        earlier: *earlier,
                        later: *later,
                        difference,
                        ci95,
                        flagged: flag(difference, ci95, threshold),
                    });
                }
            }
        }
    }
    gaps
}

/// Changes between two rounds' reports of the same instrument, from shown figures only.
pub fn compare(instrument: &Instrument, previous: &Report, current: &Report) -> Vec<Change> {
    let threshold = instrument.doc().gap_threshold;
    // The overall score's threshold is in its own units: scale points for a mean, and for a
    // total (`sum` mode) scale points times the items' total weight.
    let overall_threshold = match instrument.mode() {
        Mode::Sum => threshold * instrument.scored_weight(),
        _ => threshold,
    };
    let change = |segment: Segment, dimension: Option<usize>, p: &Summary, c: &Summary, threshold: f64| {
        let ci95 = welch_ci95(moments_of(p), moments_of(c));
        Change {
            segment,
            dimension,
            previous: p.mean(),
            current: c.mean(),
            ci95,
            flagged: flag(c.mean() - p.mean(), ci95, threshold),
        }
    };
    let mut changes = Vec::new();
    for now in current.segments() {
        let (Ok(cur), Some(prev)) = (now.figures(), previous.figures(now.segment())) else {
            continue;
        };
        if let (Ok(p), Ok(c)) = (prev.overall(), cur.overall()) {
            changes.push(change(now.segment(), None, p, c, overall_threshold));
        }
        for d in 0..cur.dimension_count() {
            if let (Ok(p), Ok(c)) = (prev.dimension(d), cur.dimension(d)) {
                changes.push(change(now.segment(), Some(d), p.summary(), c.summary(), threshold));
            }
        }
    }
    changes
}
