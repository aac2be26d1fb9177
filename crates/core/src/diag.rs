//! Problems found in user-supplied data, each with the path of the offending field.

use std::fmt;

/// One problem in an instrument, a response or an import, located by a JSON-style path
/// (`dimensions[2].items[4].reverse`) or, for CSV, by `row 7, column "q3"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is. Empty when it concerns the whole document.
    pub path: String,
    /// What is wrong and, where it helps, what to do about it (in English).
    pub message: String,
    /// What kind of problem it is, for a caller that words it in another language (the
    /// studio); [`Problem::Other`] when only `message` says it. `message` is always the kind's
    /// English (`Display`).
    pub problem: Problem,
}

impl Diagnostic {
    /// A problem at `path`, of no kind but its message.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), message: message.into(), problem: Problem::Other }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

impl std::error::Error for Diagnostic {}

/// A number the instrument's checks hold to a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    MinAnsweredShare,
    GapThreshold,
    StageThreshold,
    BalancePenalty,
    BalanceTolerance,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Quantity::MinAnsweredShare => "the minimum answered share",
            Quantity::GapThreshold => "the gap threshold",
            Quantity::StageThreshold => "a stage threshold",
            Quantity::BalancePenalty => "the balance penalty",
            Quantity::BalanceTolerance => "the balance tolerance",
        })
    }
}

/// The kinds of problem an instrument's checks find that an author can make in the studio's
/// forms, with what each message names (a language tag, an id, counts and limits; numbers as
/// the checks write them). `Display` is the English message, exactly as `message` holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A text left empty in one of the questionnaire's languages.
    Missing {
        lang: Box<str>,
    },
    /// A text or labels in a language the questionnaire does not list.
    NotDeclared {
        lang: Box<str>,
    },
    TooLong {
        max: usize,
    },
    InvalidId {
        id: Box<str>,
    },
    DuplicateId {
        id: Box<str>,
    },
    /// `lo`, `hi` and `value` as the checks write numbers.
    OutOfRange {
        what: Quantity,
        lo: Box<str>,
        hi: Box<str>,
        value: Box<str>,
    },
    NoBands,
    BandOutside {
        lo: Box<str>,
        hi: Box<str>,
        from: Box<str>,
    },
    LowestBand {
        lo: Box<str>,
    },
    BandOrder,
    InterfaceEmpty,
    VersionLength,
    NoLanguages,
    BadTag {
        tag: Box<str>,
    },
    TagTwice {
        tag: Box<str>,
    },
    Scale {
        min: i32,
        max: i32,
    },
    LabelCount {
        points: usize,
        labels: usize,
    },
    LabelLength,
    LabelsMissing,
    OptionCount,
    AnonymityK {
        min: u32,
        value: Box<str>,
    },
    CommentK {
        anonymity_k: u32,
        value: u32,
    },
    NoDimensions,
    TooManyDimensions {
        max: usize,
    },
    TooManyItems {
        max: usize,
        items: usize,
    },
    Weight {
        value: Box<str>,
    },
    NoScoredItem,
    NoSuchGroup {
        group: Box<str>,
    },
    CommentReverse,
    DimensionItemClash {
        id: Box<str>,
    },
    NoBandNamed,
    NoSuchBand {
        band: Box<str>,
    },
    NoSuchQuestion {
        question: Box<str>,
    },
    NoSuchOption {
        question: Box<str>,
        option: Box<str>,
    },
    NoOptionNamed,
    TotalBandsMode,
    NoStages,
    StageNoDimension,
    NoSuchDimension {
        id: Box<str>,
    },
    StagesMode,
    BalanceTwo,
    ListedTwice {
        id: Box<str>,
    },
    /// Anything else (a document the studio never writes): `message` says it.
    Other,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            Missing { lang } => write!(f, "the text in the language \"{lang}\" is missing"),
            NotDeclared { lang } => write!(
                f,
                "the language \"{lang}\" is not one of the questionnaire's languages: add it to \"locales\" or remove its texts"
            ),
            TooLong { max } => write!(f, "the text is longer than {max} characters"),
            InvalidId { id } => {
                write!(f, "\"{id}\" is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_'")
            }
            DuplicateId { id } => write!(f, "the id \"{id}\" is used twice"),
            OutOfRange { what, lo, hi, value } => write!(f, "{what} must be between {lo} and {hi}; it is {value}"),
            NoBands => f.write_str("at least one band is needed"),
            BandOutside { lo, hi, from } => {
                write!(f, "a band must start inside the scale ({lo} to {hi}); it starts at {from}")
            }
            LowestBand { lo } => write!(f, "the lowest band must start at the lowest possible score, {lo}"),
            BandOrder => f.write_str("bands must be listed lowest first, each starting above the one before"),
            InterfaceEmpty => f.write_str("the text is empty: leave the key out to use the first language's"),
            VersionLength => f.write_str("the version must be 1 to 32 characters"),
            NoLanguages => f.write_str(
                "give the questionnaire at least one language: a language tag such as \"en\" in \"locales\"",
            ),
            BadTag { tag } => write!(f, "\"{tag}\" is not a language tag such as \"en\" or \"pt-BR\""),
            TagTwice { tag } => write!(f, "the language \"{tag}\" is listed twice"),
            Scale { min, max } => write!(f, "the scale must run upwards over 2 to 11 points; it is {min} to {max}"),
            LabelCount { points, labels } => {
                write!(f, "give one label per scale point: {points} labels, not {labels}")
            }
            LabelLength => f.write_str("a label must be 1 to 200 characters"),
            LabelsMissing => {
                f.write_str("labels are missing; only a 1-5 scale in en, fr, es, ar or pt has built-in labels")
            }
            OptionCount => f.write_str("a context question needs 2 to 20 options"),
            AnonymityK { min, value } => {
                write!(f, "the anonymity threshold must be a whole number from {min} to 1000; it is {value}")
            }
            CommentK { anonymity_k, value } => write!(
                f,
                "the comment threshold must be a whole number from the anonymity threshold ({anonymity_k}) to 1000; it is {value}"
            ),
            NoDimensions => f.write_str("an instrument needs at least one dimension"),
            TooManyDimensions { max } => write!(f, "at most {max} dimensions are allowed"),
            TooManyItems { max, items } => write!(f, "at most {max} items are allowed; there are {items}"),
            Weight { value } => write!(f, "a weight must be above 0 and at most 1000; it is {value}"),
            NoScoredItem => f.write_str("a dimension needs at least one scored item"),
            NoSuchGroup { group } => write!(f, "there is no group \"{group}\""),
            CommentReverse => f.write_str("a comment is not scored, so it cannot be reverse-worded"),
            DimensionItemClash { id } => {
                write!(f, "\"{id}\" is both a dimension id and an item id; ids must be distinct")
            }
            NoBandNamed => f.write_str("name at least one band"),
            NoSuchBand { band } => write!(f, "there is no band \"{band}\" for this dimension"),
            NoSuchQuestion { question } => write!(f, "there is no context question \"{question}\""),
            NoSuchOption { question, option } => write!(f, "question \"{question}\" has no option \"{option}\""),
            NoOptionNamed => f.write_str("name at least one option"),
            TotalBandsMode => f.write_str("total bands are used only in \"sum\" mode"),
            NoStages => f.write_str("\"stage\" mode needs at least one stage"),
            StageNoDimension => f.write_str("a stage needs at least one dimension"),
            NoSuchDimension { id } => write!(f, "there is no dimension \"{id}\""),
            StagesMode => f.write_str("stages are used only in \"stage\" mode"),
            BalanceTwo => f.write_str("balance needs at least two dimensions"),
            ListedTwice { id } => write!(f, "\"{id}\" is listed twice"),
            Other => Ok(()),
        }
    }
}

/// Collects diagnostics while walking a document, so that every problem is reported at once.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(pub(crate) Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic::new(path, message));
    }

    /// A problem of a kind, its message the kind's English.
    #[inline(never)]
    pub(crate) fn problem(&mut self, path: impl Into<String>, problem: Problem) {
        self.0.push(Diagnostic { path: path.into(), message: problem.to_string(), problem });
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::Problem::*;
    use super::*;

    /// Each kind's English is the message the checks wrote before there were kinds, word for
    /// word: the widget, the report, the collector and every test read the same text. Long
    /// because it is one table, a row per kind.
    #[test]
    fn each_kind_says_what_the_checks_said_before() {
        let s = |x: &str| -> Box<str> { x.into() };
        let cases: Vec<(Problem, &str)> = vec![
            (Missing { lang: s("ar") }, "the text in the language \"ar\" is missing"),
            (
                NotDeclared { lang: s("de") },
                "the language \"de\" is not one of the questionnaire's languages: add it to \"locales\" or remove its texts",
            ),
            (TooLong { max: 2000 }, "the text is longer than 2000 characters"),
            (
                InvalidId { id: s("A b") },
                "\"A b\" is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_'",
            ),
            (DuplicateId { id: s("q1") }, "the id \"q1\" is used twice"),
            (
                OutOfRange { what: Quantity::MinAnsweredShare, lo: s("0.01"), hi: s("1"), value: s("2") },
                "the minimum answered share must be between 0.01 and 1; it is 2",
            ),
            (
                OutOfRange { what: Quantity::GapThreshold, lo: s("0.01"), hi: s("4"), value: s("9") },
                "the gap threshold must be between 0.01 and 4; it is 9",
            ),
            (
                OutOfRange { what: Quantity::StageThreshold, lo: s("1"), hi: s("5"), value: s("0") },
                "a stage threshold must be between 1 and 5; it is 0",
            ),
            (
                OutOfRange { what: Quantity::BalancePenalty, lo: s("0"), hi: s("2"), value: s("3") },
                "the balance penalty must be between 0 and 2; it is 3",
            ),
            (
                OutOfRange { what: Quantity::BalanceTolerance, lo: s("0.01"), hi: s("4"), value: s("?") },
                "the balance tolerance must be between 0.01 and 4; it is ?",
            ),
            (NoBands, "at least one band is needed"),
            (
                BandOutside { lo: s("1"), hi: s("5"), from: s("7") },
                "a band must start inside the scale (1 to 5); it starts at 7",
            ),
            (LowestBand { lo: s("1") }, "the lowest band must start at the lowest possible score, 1"),
            (BandOrder, "bands must be listed lowest first, each starting above the one before"),
            (InterfaceEmpty, "the text is empty: leave the key out to use the first language's"),
            (VersionLength, "the version must be 1 to 32 characters"),
            (NoLanguages, "give the questionnaire at least one language: a language tag such as \"en\" in \"locales\""),
            (BadTag { tag: s("xx_1") }, "\"xx_1\" is not a language tag such as \"en\" or \"pt-BR\""),
            (TagTwice { tag: s("fr") }, "the language \"fr\" is listed twice"),
            (Scale { min: 5, max: 1 }, "the scale must run upwards over 2 to 11 points; it is 5 to 1"),
            (LabelCount { points: 5, labels: 11 }, "give one label per scale point: 5 labels, not 11"),
            (LabelLength, "a label must be 1 to 200 characters"),
            (LabelsMissing, "labels are missing; only a 1-5 scale in en, fr, es, ar or pt has built-in labels"),
            (OptionCount, "a context question needs 2 to 20 options"),
            (
                AnonymityK { min: 3, value: s("3.5") },
                "the anonymity threshold must be a whole number from 3 to 1000; it is 3.5",
            ),
            (
                CommentK { anonymity_k: 5, value: 4 },
                "the comment threshold must be a whole number from the anonymity threshold (5) to 1000; it is 4",
            ),
            (NoDimensions, "an instrument needs at least one dimension"),
            (TooManyDimensions { max: 32 }, "at most 32 dimensions are allowed"),
            (TooManyItems { max: 200, items: 201 }, "at most 200 items are allowed; there are 201"),
            (Weight { value: s("0") }, "a weight must be above 0 and at most 1000; it is 0"),
            (NoScoredItem, "a dimension needs at least one scored item"),
            (NoSuchGroup { group: s("staff") }, "there is no group \"staff\""),
            (CommentReverse, "a comment is not scored, so it cannot be reverse-worded"),
            (
                DimensionItemClash { id: s("trust") },
                "\"trust\" is both a dimension id and an item id; ids must be distinct",
            ),
            (NoBandNamed, "name at least one band"),
            (NoSuchBand { band: s("low") }, "there is no band \"low\" for this dimension"),
            (NoSuchQuestion { question: s("size") }, "there is no context question \"size\""),
            (NoSuchOption { question: s("size"), option: s("xl") }, "question \"size\" has no option \"xl\""),
            (NoOptionNamed, "name at least one option"),
            (TotalBandsMode, "total bands are used only in \"sum\" mode"),
            (NoStages, "\"stage\" mode needs at least one stage"),
            (StageNoDimension, "a stage needs at least one dimension"),
            (NoSuchDimension { id: s("trust") }, "there is no dimension \"trust\""),
            (StagesMode, "stages are used only in \"stage\" mode"),
            (BalanceTwo, "balance needs at least two dimensions"),
            (ListedTwice { id: s("trust") }, "\"trust\" is listed twice"),
        ];
        for (problem, old) in cases {
            assert_eq!(problem.to_string(), old);
            let mut diags = Diagnostics::default();
            diags.problem("p", problem.clone());
            assert_eq!(diags.0[0], Diagnostic { path: "p".into(), message: old.into(), problem });
        }
    }
}
