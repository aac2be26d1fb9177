//! The schema: what an author writes, field by field, and what a document that leaves a field
//! out gets. See `docs/scoring.md` for the meaning of every field; reading is `read.rs`,
//! checking `check.rs`.

use crate::map::Map;

use crate::text::Text;

/// An instrument as written in JSON. See `docs/scoring.md` for the meaning of every field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstrumentDoc {
    /// Must equal [`SCHEMA_VERSION`](super::SCHEMA_VERSION).
    pub schema: u32,
    /// Stable identifier, lower-case letters, digits, `-` and `_`.
    pub id: String,
    /// The instrument's own version; responses record it and are only pooled with the same one.
    pub version: String,
    /// Locales every text must be given in, e.g. `["en", "fr", "es"]`.
    pub locales: Vec<String>,
    pub title: Text,
    pub description: Text,
    /// Who answers and how long it takes, shown on the start screen.
    pub audience: Text,
    pub scale: ScaleDoc,
    /// Respondent groups (e.g. staff, partners). Empty means the group question is not asked.
    pub groups: Vec<GroupDoc>,
    /// Context questions: asked once, never scored; they choose recommendations and breakdowns.
    pub context: Vec<ContextDoc>,
    pub scoring: ScoringDoc,
    /// A dimension needs at least this share of its scored items answered (not "not applicable")
    /// to get a score.
    pub min_answered_share: f64,
    /// No figure of a group with fewer responses than this is ever shown.
    pub anonymity_k: u32,
    /// Open comments on an item are shown only where at least this many respondents of a segment
    /// wrote one (and never below `anonymity_k`): people are known by what they write. `None`: 10.
    pub comment_k: Option<u32>,
    /// A perception gap between two groups is flagged at or beyond this many scale points.
    pub gap_threshold: f64,
    pub balance: Option<BalanceDoc>,
    pub dimensions: Vec<DimensionDoc>,
    /// Interface strings per locale (`{"de": {"next": "Weiter", …}}`), for a language the
    /// product does not ship or to reword one it does; keys from
    /// [`interface::KEYS`](super::interface::KEYS). Empty when left out.
    pub interface: Map<String, Map<String, String>>,
}

/// What a document that leaves a setting out gets (docs/instruments.md lists them).
pub(super) const DEFAULT_MIN_ANSWERED_SHARE: f64 = 0.5;
pub const DEFAULT_ANONYMITY_K: u32 = 5;
pub(super) const DEFAULT_GAP_THRESHOLD: f64 = 0.5;
pub(super) const DEFAULT_WEIGHT: f64 = 1.0;

/// The answer scale shared by every scored item of the instrument.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDoc {
    pub min: i32,
    pub max: i32,
    /// One label per scale point, lowest first, per locale. May be left out for a 1-5 scale in
    /// English, French or Spanish: the standard agreement labels are then used.
    pub labels: Map<String, Vec<String>>,
    /// The label of the "don't know / not applicable" choice.
    pub not_applicable: Text,
}

impl Default for ScaleDoc {
    fn default() -> Self {
        ScaleDoc { min: 1, max: 5, labels: Map::new(), not_applicable: Text::default() }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupDoc {
    pub id: String,
    /// How the respondent picks the group ("I work for the organisation").
    pub label: Text,
    /// How reports name the group, a short noun without article ("Staff"); the label when absent.
    pub name: Text,
}

impl GroupDoc {
    /// The group's name in reports, in `lang`.
    pub fn name(&self, lang: &str) -> &str {
        if self.name.is_empty() { self.label.get(lang) } else { self.name.get(lang) }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextDoc {
    pub id: String,
    pub label: Text,
    pub options: Vec<OptionDoc>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptionDoc {
    pub id: String,
    pub label: Text,
}

/// How the overall result is formed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Dimension means with bands; the overall is the weighted mean of dimension means.
    #[default]
    Mean,
    /// The overall is a total of item scores with its own bands (`total_bands`).
    Sum,
    /// Dimension means, plus which of an ordered list of stages has been reached.
    Stage,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoringDoc {
    pub mode: Mode,
    /// Bands over the native scale for dimension means (and the overall mean), lowest first.
    pub bands: Vec<BandDoc>,
    /// Bands over the total, lowest first; required in `sum` mode only.
    pub total_bands: Vec<BandDoc>,
    /// Ordered stages; required in `stage` mode only.
    pub stages: Vec<StageDoc>,
}

/// A band starts at `from` (inclusive) and runs to the next band's `from`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BandDoc {
    pub id: String,
    pub from: f64,
    pub label: Text,
    pub tone: Tone,
}

/// How a band should be read; decides colour and icon, never the number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Concern,
    Borderline,
    Strength,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageDoc {
    pub id: String,
    pub title: Text,
    pub description: Text,
    /// The dimensions whose means decide whether this stage is reached.
    pub dimensions: Vec<String>,
    /// Every listed dimension must score at least this (native scale).
    pub threshold: f64,
}

/// Dimensions that must be in balance, e.g. Power, Trust and Impact.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BalanceDoc {
    pub dimensions: Vec<String>,
    /// How strongly imbalance lowers the overall: overall minus `penalty` times the mean absolute
    /// deviation of the balanced dimensions' means.
    pub penalty: f64,
    /// A spread (highest minus lowest mean) at or beyond this is named as an imbalance.
    pub tolerance: f64,
    /// Advice shown when the profile is out of balance.
    pub advice: Text,
}

pub(super) const DEFAULT_PENALTY: f64 = 1.0;
pub(super) const DEFAULT_TOLERANCE: f64 = 1.0;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DimensionDoc {
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub weight: f64,
    /// Where the concept comes from (seed file and concept): documentation for authors and
    /// tests, never shown (the built-in instruments are compiled in without it, see `build.rs`).
    pub source: Option<String>,
    /// Overrides the instrument's `scoring.bands` for this dimension.
    pub bands: Option<Vec<BandDoc>>,
    pub items: Vec<ItemDoc>,
    pub recommendations: Vec<RecommendationDoc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ItemKind {
    /// Answered on the instrument's scale and scored.
    #[default]
    Scale,
    /// An open comment: never scored, never required.
    Comment,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemDoc {
    pub id: String,
    pub text: Text,
    /// Wording for a particular respondent group (who "we" and "they" are); same construct.
    pub group_text: Map<String, Text>,
    pub kind: ItemKind,
    /// Agreement means *less* of the dimension; scored as `min + max - x`.
    pub reverse: bool,
    pub weight: f64,
    /// Whether "don't know / not applicable" is offered.
    pub not_applicable: bool,
    /// Whether the respondent must pick something (a scale point or "not applicable").
    pub required: bool,
}

/// Advice for a dimension in a band, optionally only when a context answer matches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecommendationDoc {
    /// Band ids this applies to.
    pub bands: Vec<String>,
    pub when: Option<ContextCondition>,
    pub text: Text,
}

/// Holds when the context question `question` was answered with one of `options`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextCondition {
    pub question: String,
    pub options: Vec<String>,
}

/// Standard agreement labels for a 1-5 scale.
pub fn default_labels(locale: &str, min: i32, max: i32) -> Option<[&'static str; 5]> {
    if (min, max) != (1, 5) {
        return None;
    }
    match locale {
        "en" => Some(["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]),
        "fr" => Some([
            "Pas du tout d'accord",
            "Plutôt pas d'accord",
            "Ni d'accord ni pas d'accord",
            "Plutôt d'accord",
            "Tout à fait d'accord",
        ]),
        "es" => Some([
            "Totalmente en desacuerdo",
            "En desacuerdo",
            "Ni de acuerdo ni en desacuerdo",
            "De acuerdo",
            "Totalmente de acuerdo",
        ]),
        "ar" => Some(["لا أوافق إطلاقًا", "لا أوافق", "لا أوافق ولا أعارض", "أوافق", "أوافق تمامًا"]),
        "pt" => {
            Some(["Discordo totalmente", "Discordo", "Não concordo nem discordo", "Concordo", "Concordo totalmente"])
        }
        _ => None,
    }
}

pub(super) fn default_na_label(locale: &str) -> &'static str {
    match locale {
        "fr" => "Je ne sais pas / sans objet",
        "es" => "No sé / no aplica",
        "ar" => "لا أعرف / لا ينطبق",
        "pt" => "Não sei / não se aplica",
        _ => "Don't know / not applicable",
    }
}
