//! The report's types. Every field is private and only the rule ([`super`]) builds them, so a
//! figure that is not shown cannot be read or made anywhere else: a withheld figure is a
//! [`Withheld`] reason in place of the figure, never a number beside a flag.

use crate::aggregate::differences::Gap;
use crate::comments::Comment;

/// Which respondents a block of figures describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// Everyone in the report.
    All,
    /// One respondent group of the instrument, by index.
    Group(usize),
    /// Responses that did not say which group they belong to.
    Ungrouped,
}

/// Why a block or a figure is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Withheld {
    /// It would describe some, but fewer than k, responses.
    FewerThanK,
    /// For all respondents: with the groups' figures shown, subtraction would reveal what fewer
    /// than k responses hold.
    WouldRevealSmallGroup,
    /// Beside the other figures shown, a weighted combination of them (whatever their kinds)
    /// would single out what fewer than k responses hold.
    WouldRevealByCombination,
    /// Comments: fewer than the comment threshold wrote one here (or, for all respondents, the
    /// groups' lists shown would leave fewer than that to be told apart).
    FewerThanCommentThreshold,
}

/// A figure as disclosed: the figure, or why it is withheld.
pub type Disclosed<T> = Result<T, Withheld>;

/// One kind of figure of a segment. The anonymity rule decides each on its own, since each sums
/// over its own set of respondents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// How many responses the segment holds.
    Respondents,
    /// The overall score: over those with an overall score.
    Overall,
    /// A dimension's mean, spread and histogram: over those who answered enough of it.
    Dimension(usize),
    /// A dimension's internal consistency: over its complete cases (every scored item on the scale).
    Consistency(usize),
    /// An item's answer counts: over its dimension's complete cases.
    Item(usize),
}

/// Mean, spread and distribution of one score over a segment.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub(super) n: u64,
    pub(super) mean: f64,
    pub(super) sd: Option<f64>,
    pub(super) ci95: Option<(f64, f64)>,
    pub(super) histogram: Vec<u64>,
}

impl Summary {
    /// How many responses the figure sums over (at least k).
    pub fn n(&self) -> u64 {
        self.n
    }
    pub fn mean(&self) -> f64 {
        self.mean
    }
    /// Sample standard deviation (k is at least 3, so there are always two values or more).
    pub fn sd(&self) -> Option<f64> {
        self.sd
    }
    pub fn ci95(&self) -> Option<(f64, f64)> {
        self.ci95
    }
    /// Responses per scale point, after rounding each score to the nearest point (halves up);
    /// lowest point first. Empty for totals.
    pub fn histogram(&self) -> &[u64] {
        &self.histogram
    }
}

/// Internal consistency of a dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alpha {
    Value(f64),
    /// A dimension with one scored item has no internal consistency to measure.
    SingleItem,
    /// The totals do not vary, so alpha is undefined.
    NoVariance,
}

/// A dimension's internal consistency and the complete cases it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Consistency {
    pub(super) alpha: Alpha,
    pub(super) complete: u64,
}

impl Consistency {
    pub fn alpha(&self) -> Alpha {
        self.alpha
    }
    /// Complete cases (every scored item of the dimension answered on the scale).
    pub fn complete(&self) -> u64 {
        self.complete
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DimensionFigures {
    pub(super) summary: Summary,
    pub(super) consistency: Disclosed<Consistency>,
}

impl DimensionFigures {
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
    pub fn consistency(&self) -> Disclosed<&Consistency> {
        self.consistency.as_ref().map_err(|why| *why)
    }
}

/// Answers to one item over a segment: counted over the complete cases of its dimension (those
/// who answered every statement of it on the scale), the same responses its consistency rests
/// on, so that a statement's answers can never be set against the dimension's mean.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFigures {
    pub(super) counts: Vec<u64>,
}

impl ItemFigures {
    /// Count per scale point as chosen (before reverse-coding), lowest first.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
    /// How many the counts are over: the dimension's complete cases.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// Everything shown for one segment.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentFigures {
    pub(super) n: u64,
    pub(super) overall: Disclosed<Summary>,
    pub(super) dimensions: Vec<Disclosed<DimensionFigures>>,
    /// `None` for comment items, which have no answer counts.
    pub(super) items: Vec<Option<Disclosed<ItemFigures>>>,
}

impl SegmentFigures {
    /// How many responses the segment holds (at least k).
    pub fn n(&self) -> u64 {
        self.n
    }
    pub fn overall(&self) -> Disclosed<&Summary> {
        self.overall.as_ref().map_err(|why| *why)
    }
    pub fn dimension(&self, d: usize) -> Disclosed<&DimensionFigures> {
        self.dimensions[d].as_ref().map_err(|why| *why)
    }
    pub fn dimension_count(&self) -> usize {
        self.dimensions.len()
    }
    /// An item's answer counts; `None` for a comment item.
    pub fn item(&self, i: usize) -> Option<Disclosed<&ItemFigures>> {
        self.items[i].as_ref().map(|f| f.as_ref().map_err(|why| *why))
    }
    /// Why `figure` is not shown in this segment, if it is not.
    pub fn why_withheld(&self, figure: Figure) -> Option<Withheld> {
        match figure {
            Figure::Respondents => None,
            Figure::Overall => self.overall().err(),
            Figure::Dimension(d) => self.dimension(d).err(),
            Figure::Consistency(d) => match self.dimension(d) {
                Ok(f) => f.consistency().err(),
                Err(why) => Some(why),
            },
            Figure::Item(i) => self.item(i).and_then(Result::err),
        }
    }
}

/// One segment of a report: its figures, or why it is withheld whole (never how many it holds).
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentReport {
    pub(super) segment: Segment,
    pub(super) figures: Disclosed<SegmentFigures>,
}

impl SegmentReport {
    pub fn segment(&self) -> Segment {
        self.segment
    }
    pub fn figures(&self) -> Disclosed<&SegmentFigures> {
        self.figures.as_ref().map_err(|why| *why)
    }
}

/// The open comments of one comment item: per segment, the comments (redacted, in no order that
/// says anything: sorted by their text, for the reader to shuffle), or why they are withheld.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentFigures {
    pub(super) item: usize,
    pub(super) lists: Vec<(Segment, Disclosed<Vec<Comment>>)>,
}

impl CommentFigures {
    /// The comment item (an index among the instrument's items).
    pub fn item(&self) -> usize {
        self.item
    }
    /// Every segment listed in the report, with its comments or why they are not shown.
    pub fn lists(&self) -> &[(Segment, Disclosed<Vec<Comment>>)] {
        &self.lists
    }
    /// The comments of `segment`, if shown.
    pub fn of(&self, segment: Segment) -> Option<&[Comment]> {
        self.lists.iter().find(|(s, _)| *s == segment).and_then(|(_, c)| c.as_ref().ok()).map(Vec::as_slice)
    }
}

/// The group report of one round. Segments, in order: all respondents, each group of the
/// instrument that has responses, then responses without a group if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub(super) k: u32,
    pub(super) segments: Vec<SegmentReport>,
    pub(super) gaps: Vec<Gap>,
    pub(super) comments: Vec<CommentFigures>,
    pub(super) comment_k: u32,
}

impl Report {
    /// The anonymity threshold the report was made under.
    pub fn k(&self) -> u32 {
        self.k
    }
    pub fn segments(&self) -> &[SegmentReport] {
        &self.segments
    }
    /// The figures of a segment, if it is listed and shown.
    pub fn figures(&self, segment: Segment) -> Option<&SegmentFigures> {
        self.segments.iter().find(|s| s.segment == segment).and_then(|s| s.figures.as_ref().ok())
    }
    /// The perception gaps between shown groups, from shown figures only.
    pub fn gaps(&self) -> &[Gap] {
        &self.gaps
    }
    /// The open comments, per comment item of the instrument.
    pub fn comments(&self) -> &[CommentFigures] {
        &self.comments
    }
    /// The fewest comments a list may hold to be shown.
    pub fn comment_k(&self) -> u32 {
        self.comment_k
    }
}
