//! The instrument: a versioned questionnaire definition, its JSON schema and its validation.
//!
//! *API boundary*: [`InstrumentDoc`] is what an author writes (read by hand with `crate::json`,
//! unknown fields refused);
//! [`Instrument`] is what the rest of the crate scores with. Only [`Instrument::from_doc`] and
//! [`Instrument::from_json`] build an `Instrument`, and they run every check first, so code that
//! holds an `Instrument` never has to handle a dangling id, an empty dimension or a band out of order.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::json::{FromJson, Reader, Value, one_of};
use crate::text::{Text, written};

/// The only instrument schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;
/// Largest instrument document accepted, in bytes. The built-in ones are about a tenth of this.
pub const MAX_INSTRUMENT_BYTES: usize = 1024 * 1024;
/// Most items an instrument may have. Keeps every per-response array small and bounded.
pub const MAX_ITEMS: usize = 400;
/// Most dimensions an instrument may have.
pub const MAX_DIMENSIONS: usize = 64;
/// Longest piece of text (in characters) in any locale.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The anonymity threshold can never be set below this.
pub const MIN_ANONYMITY_K: u32 = 3;

/// An instrument as written in JSON. See `docs/scoring.md` for the meaning of every field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstrumentDoc {
    /// Must equal [`SCHEMA_VERSION`].
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
    /// `anonymity_k` as the document wrote it, for the message when it is not a whole number
    /// in range.
    anonymity_k_written: f64,
    /// A perception gap between two groups is flagged at or beyond this many scale points.
    pub gap_threshold: f64,
    pub balance: Option<BalanceDoc>,
    pub dimensions: Vec<DimensionDoc>,
}

/// What a document that leaves a setting out gets (docs/instruments.md lists them).
const DEFAULT_MIN_ANSWERED_SHARE: f64 = 0.5;
pub const DEFAULT_ANONYMITY_K: u32 = 5;
const DEFAULT_GAP_THRESHOLD: f64 = 0.5;
const DEFAULT_WEIGHT: f64 = 1.0;

/// The answer scale shared by every scored item of the instrument.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDoc {
    pub min: i32,
    pub max: i32,
    /// One label per scale point, lowest first, per locale. May be left out for a 1-5 scale in
    /// English, French or Spanish: the standard agreement labels are then used.
    pub labels: BTreeMap<String, Vec<String>>,
    /// The label of the "don't know / not applicable" choice.
    pub not_applicable: Text,
}

impl Default for ScaleDoc {
    fn default() -> Self {
        ScaleDoc { min: 1, max: 5, labels: BTreeMap::new(), not_applicable: Text::default() }
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

const DEFAULT_PENALTY: f64 = 1.0;
const DEFAULT_TOLERANCE: f64 = 1.0;

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
    pub group_text: BTreeMap<String, Text>,
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

// Reading the schema from JSON. Defaults are those documented in `docs/scoring.md`; every member
// not read here is reported as unknown by `Obj::finish`.

impl FromJson for InstrumentDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        let mut doc = r.fields(value, path, |o, r| InstrumentDoc {
            schema: o.req(r, "schema"),
            id: o.req(r, "id"),
            version: o.req(r, "version"),
            locales: o.req(r, "locales"),
            title: o.req(r, "title"),
            description: o.or(r, "description", Text::default()),
            audience: o.or(r, "audience", Text::default()),
            scale: o.or(r, "scale", ScaleDoc::default()),
            groups: o.or(r, "groups", Vec::new()),
            context: o.or(r, "context", Vec::new()),
            scoring: o.req(r, "scoring"),
            min_answered_share: o.or(r, "min_answered_share", DEFAULT_MIN_ANSWERED_SHARE),
            anonymity_k_written: o.or(r, "anonymity_k", f64::from(DEFAULT_ANONYMITY_K)),
            anonymity_k: 0,
            gap_threshold: o.or(r, "gap_threshold", DEFAULT_GAP_THRESHOLD),
            balance: o.opt(r, "balance"),
            dimensions: o.req(r, "dimensions"),
        });
        // Read as a number, checked with its real range in validation (the reader for `u32`
        // would name the range of a `u32`, which is no help).
        let k = doc.anonymity_k_written;
        doc.anonymity_k = if k.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&k) { k as u32 } else { 0 };
        doc
    }
}

impl FromJson for ScaleDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ScaleDoc {
            min: o.req(r, "min"),
            max: o.req(r, "max"),
            labels: o.or(r, "labels", BTreeMap::new()),
            not_applicable: o.or(r, "not_applicable", Text::default()),
        })
    }
}

impl FromJson for GroupDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| GroupDoc {
            id: o.req(r, "id"),
            label: o.req(r, "label"),
            name: o.or(r, "name", Text::default()),
        })
    }
}

impl FromJson for ContextDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ContextDoc {
            id: o.req(r, "id"),
            label: o.req(r, "label"),
            options: o.req(r, "options"),
        })
    }
}

impl FromJson for OptionDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| OptionDoc { id: o.req(r, "id"), label: o.req(r, "label") })
    }
}

impl FromJson for Mode {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(r, value, path, &[("mean", Mode::Mean), ("sum", Mode::Sum), ("stage", Mode::Stage)])
    }
}

impl FromJson for Tone {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(
            r,
            value,
            path,
            &[("concern", Tone::Concern), ("borderline", Tone::Borderline), ("strength", Tone::Strength)],
        )
    }
}

impl FromJson for ItemKind {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        one_of(r, value, path, &[("scale", ItemKind::Scale), ("comment", ItemKind::Comment)])
    }
}

impl FromJson for ScoringDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ScoringDoc {
            mode: o.req(r, "mode"),
            bands: o.req(r, "bands"),
            total_bands: o.or(r, "total_bands", Vec::new()),
            stages: o.or(r, "stages", Vec::new()),
        })
    }
}

impl FromJson for BandDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        let mut o = r.object(value, path);
        let band =
            BandDoc { id: o.req(r, "id"), from: o.req(r, "from"), label: o.req(r, "label"), tone: o.req(r, "tone") };
        o.finish(r);
        band
    }
}

impl FromJson for StageDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| StageDoc {
            id: o.req(r, "id"),
            title: o.req(r, "title"),
            description: o.or(r, "description", Text::default()),
            dimensions: o.req(r, "dimensions"),
            threshold: o.req(r, "threshold"),
        })
    }
}

impl FromJson for BalanceDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| BalanceDoc {
            dimensions: o.req(r, "dimensions"),
            penalty: o.or(r, "penalty", DEFAULT_PENALTY),
            tolerance: o.or(r, "tolerance", DEFAULT_TOLERANCE),
            advice: o.or(r, "advice", Text::default()),
        })
    }
}

impl FromJson for DimensionDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| DimensionDoc {
            id: o.req(r, "id"),
            title: o.req(r, "title"),
            description: o.or(r, "description", Text::default()),
            weight: o.or(r, "weight", DEFAULT_WEIGHT),
            source: o.opt(r, "source"),
            bands: o.opt(r, "bands"),
            items: o.req(r, "items"),
            recommendations: o.or(r, "recommendations", Vec::new()),
        })
    }
}

impl FromJson for ItemDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ItemDoc {
            id: o.req(r, "id"),
            text: o.req(r, "text"),
            group_text: o.or(r, "group_text", BTreeMap::new()),
            kind: o.or(r, "kind", ItemKind::Scale),
            reverse: o.or(r, "reverse", false),
            weight: o.or(r, "weight", DEFAULT_WEIGHT),
            not_applicable: o.or(r, "not_applicable", true),
            required: o.or(r, "required", true),
        })
    }
}

impl FromJson for RecommendationDoc {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| RecommendationDoc {
            bands: o.req(r, "bands"),
            when: o.opt(r, "when"),
            text: o.req(r, "text"),
        })
    }
}

impl FromJson for ContextCondition {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        r.fields(value, path, |o, r| ContextCondition { question: o.req(r, "question"), options: o.req(r, "options") })
    }
}

/// A validated instrument. Build one with [`Instrument::from_json`] or [`Instrument::from_doc`].
#[derive(Clone, Debug, PartialEq)]
pub struct Instrument {
    doc: InstrumentDoc,
    /// Every item in instrument order: `(dimension index, index within the dimension)`.
    items: Vec<(usize, usize)>,
    item_index: BTreeMap<String, usize>,
    /// For each dimension, its range in `items`.
    dim_ranges: Vec<Range<usize>>,
    /// Scale labels per locale, defaults filled in.
    scale_labels: BTreeMap<String, Vec<String>>,
    na_label: Text,
    /// Indices of the balance rule's dimensions, resolved once.
    balance_dims: Vec<usize>,
    /// Each dimension's scored items' total weight, and all of them together, worked out once:
    /// `sum` mode multiplies by them for every response.
    dim_weights: Vec<f64>,
    scored_weight: f64,
}

impl Instrument {
    /// Parses and validates an instrument, reporting every problem at once.
    // Never inlined: it is large and called from several places, and each inlined copy would
    // land in the wasm again.
    #[inline(never)]
    pub fn from_json(text: &str) -> Result<Instrument, Vec<Diagnostic>> {
        if text.len() > MAX_INSTRUMENT_BYTES {
            return Err(vec![Diagnostic::new(
                "",
                format!("the instrument file is {} bytes; the limit is {} bytes", text.len(), MAX_INSTRUMENT_BYTES),
            )]);
        }
        let value = crate::json::parse(text).map_err(|d| vec![d])?;
        let mut reader = Reader::default();
        let doc = InstrumentDoc::read(&mut reader, &value, "");
        Instrument::from_doc(reader.finish(doc)?)
    }

    /// Validates a parsed document.
    #[inline(never)]
    pub fn from_doc(doc: InstrumentDoc) -> Result<Instrument, Vec<Diagnostic>> {
        let mut diags = Diagnostics::default();
        validate(&doc, &mut diags);
        if !diags.0.is_empty() {
            return Err(diags.0);
        }
        let mut items = Vec::new();
        let mut item_index = BTreeMap::new();
        let mut dim_ranges = Vec::new();
        for (d, dim) in doc.dimensions.iter().enumerate() {
            let start = items.len();
            for (i, item) in dim.items.iter().enumerate() {
                item_index.insert(item.id.clone(), items.len());
                items.push((d, i));
            }
            dim_ranges.push(start..items.len());
        }
        let mut scale_labels = BTreeMap::new();
        let mut na_label = doc.scale.not_applicable.clone();
        for locale in &doc.locales {
            let labels = doc.scale.labels.get(locale).cloned().or_else(|| {
                default_labels(locale, doc.scale.min, doc.scale.max)
                    .map(|l| l.iter().map(|s| (*s).to_owned()).collect())
            });
            // Validation guarantees the labels exist for every declared locale.
            scale_labels.insert(locale.clone(), labels.unwrap_or_default());
            if !na_label.0.contains_key(locale) {
                na_label.0.insert(locale.clone(), default_na_label(locale).to_owned());
            }
        }
        let balance_dims = doc
            .balance
            .iter()
            .flat_map(|rule| &rule.dimensions)
            .filter_map(|id| doc.dimensions.iter().position(|d| &d.id == id))
            .collect();
        let dim_weights: Vec<f64> = doc
            .dimensions
            .iter()
            .map(|d| d.items.iter().filter(|i| i.kind == ItemKind::Scale).map(|i| i.weight).sum())
            .collect();
        let scored_weight = dim_weights.iter().sum();
        Ok(Instrument {
            doc,
            items,
            item_index,
            dim_ranges,
            scale_labels,
            na_label,
            balance_dims,
            dim_weights,
            scored_weight,
        })
    }

    pub fn doc(&self) -> &InstrumentDoc {
        &self.doc
    }
    pub fn id(&self) -> &str {
        &self.doc.id
    }
    pub fn version(&self) -> &str {
        &self.doc.version
    }
    pub fn mode(&self) -> Mode {
        self.doc.scoring.mode
    }
    pub fn scale_min(&self) -> i32 {
        self.doc.scale.min
    }
    pub fn scale_max(&self) -> i32 {
        self.doc.scale.max
    }
    /// Number of scale points.
    pub fn scale_points(&self) -> usize {
        (self.doc.scale.max - self.doc.scale.min + 1) as usize
    }
    pub fn dimensions(&self) -> &[DimensionDoc] {
        &self.doc.dimensions
    }
    /// Number of items, comments included.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }
    /// The item at flat index `idx` (instrument order).
    pub fn item(&self, idx: usize) -> &ItemDoc {
        let (d, i) = self.items[idx];
        &self.doc.dimensions[d].items[i]
    }
    /// The dimension that item `idx` belongs to.
    pub fn item_dimension(&self, idx: usize) -> usize {
        self.items[idx].0
    }
    /// Flat index of the item with this id.
    pub fn item_idx(&self, id: &str) -> Option<usize> {
        self.item_index.get(id).copied()
    }
    /// Every item id with its flat index, sorted by id.
    pub fn items_by_id(&self) -> impl Iterator<Item = (&String, usize)> {
        self.item_index.iter().map(|(id, idx)| (id, *idx))
    }
    /// Flat item indices of dimension `dim`.
    pub fn dimension_items(&self, dim: usize) -> Range<usize> {
        self.dim_ranges[dim].clone()
    }
    /// Scale labels in `locale`, lowest point first.
    pub fn scale_labels(&self, locale: &str) -> &[String] {
        self.scale_labels
            .get(locale)
            .or_else(|| self.scale_labels.get("en"))
            .or_else(|| self.scale_labels.values().next())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Label of the "not applicable" choice in `locale`.
    pub fn not_applicable_label(&self, locale: &str) -> &str {
        self.na_label.get(locale)
    }
    /// Text of item `idx` as seen by a respondent of `group` (falls back to the common wording).
    pub fn item_text(&self, idx: usize, group: Option<&str>, locale: &str) -> &str {
        let item = self.item(idx);
        match group.and_then(|g| item.group_text.get(g)) {
            Some(text) => text.get(locale),
            None => item.text.get(locale),
        }
    }
    /// Bands that apply to dimension `dim` (its own, or the instrument's).
    pub fn dimension_bands(&self, dim: usize) -> &[BandDoc] {
        self.doc.dimensions[dim].bands.as_deref().unwrap_or(&self.doc.scoring.bands)
    }
    /// Dimension indices of the balance rule, empty without one.
    pub fn balance_dimensions(&self) -> &[usize] {
        &self.balance_dims
    }
    /// Index of the group with this id.
    pub fn group_idx(&self, id: &str) -> Option<usize> {
        self.doc.groups.iter().position(|g| g.id == id)
    }
    /// Whether `locale` is declared.
    pub fn has_locale(&self, locale: &str) -> bool {
        self.doc.locales.iter().any(|l| l == locale)
    }
    /// Sum of the weights of dimension `dim`'s scored items.
    pub fn dimension_weight_total(&self, dim: usize) -> f64 {
        self.dim_weights[dim]
    }
    /// The total weight of every scored item: what turns scale points into total units.
    pub fn scored_weight(&self) -> f64 {
        self.scored_weight
    }
    /// Lowest and highest possible total in `sum` mode.
    pub fn total_range(&self) -> (f64, f64) {
        let w = self.scored_weight;
        (w * f64::from(self.doc.scale.min), w * f64::from(self.doc.scale.max))
    }
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
        _ => None,
    }
}

fn default_na_label(locale: &str) -> &'static str {
    match locale {
        "fr" => "Je ne sais pas / sans objet",
        "es" => "No sé / no aplica",
        _ => "Don't know / not applicable",
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Whether a text must be given in every locale, or may be left out altogether.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}

struct Checker<'a> {
    doc: &'a InstrumentDoc,
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn text(&mut self, path: &str, text: &Text, need: Need) {
        if need == Need::Optional && text.0.is_empty() {
            return;
        }
        for locale in &self.doc.locales {
            match text.0.get(locale) {
                Some(s) if !s.trim().is_empty() => {}
                _ => self.diags.push(path, format!("the text in locale \"{locale}\" is missing")),
            }
        }
        for (locale, s) in &text.0 {
            if !self.doc.locales.contains(locale) {
                self.diags
                    .push(format!("{path}.{locale}"), format!("locale \"{locale}\" is not declared in \"locales\""));
            }
            if s.chars().count() > MAX_TEXT_CHARS {
                self.diags
                    .push(format!("{path}.{locale}"), format!("the text is longer than {MAX_TEXT_CHARS} characters"));
            }
        }
    }

    fn id(&mut self, path: &str, id: &str, seen: &mut BTreeSet<String>) {
        if !valid_id(id) {
            self.diags
                .push(path, format!("\"{id}\" is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_'"));
        } else if !seen.insert(id.to_owned()) {
            self.diags.push(path, format!("the id \"{id}\" is used twice"));
        }
    }

    fn number(&mut self, path: &str, value: f64, lo: f64, hi: f64, what: &str) {
        if !value.is_finite() || value < lo || value > hi {
            let (lo, hi, value) = (written(lo), written(hi), written(value));
            self.diags.push(path, format!("{what} must be between {lo} and {hi}; it is {value}"));
        }
    }

    fn bands(&mut self, path: &str, bands: &[BandDoc], lo: f64, hi: f64) {
        // Settled, as scores are: a total range of 0.1 + 0.2 item weights starts at 0.3.
        let (lo, hi) = (crate::text::settle(lo), crate::text::settle(hi));
        if bands.is_empty() {
            self.diags.push(path, "at least one band is needed");
            return;
        }
        let mut seen = BTreeSet::new();
        for (b, band) in bands.iter().enumerate() {
            let bp = format!("{path}[{b}]");
            self.id(&format!("{bp}.id"), &band.id, &mut seen);
            self.text(&format!("{bp}.label"), &band.label, Need::Required);
            if !band.from.is_finite() || band.from < lo || band.from > hi {
                self.diags.push(
                    format!("{bp}.from"),
                    format!(
                        "a band must start inside the scale ({} to {}); it starts at {}",
                        written(lo),
                        written(hi),
                        written(band.from)
                    ),
                );
            }
            if b == 0 && band.from != lo {
                self.diags.push(
                    format!("{bp}.from"),
                    format!("the lowest band must start at the lowest possible score, {}", written(lo)),
                );
            }
            if b > 0 && band.from <= bands[b - 1].from {
                self.diags.push(
                    format!("{bp}.from"),
                    "bands must be listed lowest first, each starting above the one before",
                );
            }
        }
    }
}

#[inline(never)]
fn validate(doc: &InstrumentDoc, diags: &mut Diagnostics) {
    let mut c = Checker { doc, diags };
    c.identity();
    let scale_ok = c.scale();
    c.groups_and_context();
    let span = c.settings(scale_ok);
    c.dimensions();
    c.scoring(span);
}

/// The sections of [`validate`], each reporting into the same list.
impl Checker<'_> {
    /// Schema, id, version, locales and the instrument's own texts.
    fn identity(&mut self) {
        let doc = self.doc;
        if doc.schema != SCHEMA_VERSION {
            self.diags.push(
                "schema",
                format!("schema version {} is not supported; this build reads version {SCHEMA_VERSION}", doc.schema),
            );
        }
        self.id("id", &doc.id, &mut BTreeSet::new());
        if doc.version.trim().is_empty() || doc.version.chars().count() > 32 {
            self.diags.push("version", "the version must be 1 to 32 characters");
        }
        if doc.locales.is_empty() {
            self.diags.push("locales", "declare at least one locale, e.g. [\"en\"]");
        }
        let mut seen_locales = BTreeSet::new();
        for (l, locale) in doc.locales.iter().enumerate() {
            if !crate::response::valid_locale_tag(locale) {
                self.diags.push(format!("locales[{l}]"), format!("\"{locale}\" is not a locale code such as \"en\""));
            } else if !seen_locales.insert(locale) {
                self.diags.push(format!("locales[{l}]"), format!("locale \"{locale}\" is listed twice"));
            }
        }
        self.text("title", &doc.title, Need::Required);
        self.text("description", &doc.description, Need::Optional);
        self.text("audience", &doc.audience, Need::Optional);
    }

    /// The scale: two to eleven points, labels per locale. True when the scale itself is sound
    /// (labels and ranges that depend on it are checked only then).
    fn scale(&mut self) -> bool {
        let doc = self.doc;
        let (min, max) = (doc.scale.min, doc.scale.max);
        // In i64: the difference of two i32 overflows for a scale like -1 to 2147483647.
        let scale_ok = min < max && i64::from(max) - i64::from(min) <= 10 && min >= -10 && max <= 100;
        if !scale_ok {
            self.diags.push("scale", format!("the scale must run upwards over 2 to 11 points; it is {min} to {max}"));
        }
        if scale_ok {
            let points = (max - min + 1) as usize;
            for locale in &doc.locales {
                match doc.scale.labels.get(locale) {
                    Some(labels) => {
                        if labels.len() != points {
                            self.diags.push(
                                format!("scale.labels.{locale}"),
                                format!("give one label per scale point: {points} labels, not {}", labels.len()),
                            );
                        }
                        for (i, label) in labels.iter().enumerate() {
                            if label.trim().is_empty() || label.chars().count() > 200 {
                                self.diags
                                    .push(format!("scale.labels.{locale}[{i}]"), "a label must be 1 to 200 characters");
                            }
                        }
                    }
                    None if default_labels(locale, min, max).is_some() => {}
                    None => self.diags.push(
                        format!("scale.labels.{locale}"),
                        "labels are missing; only a 1-5 scale in en, fr or es has built-in labels",
                    ),
                }
            }
            for locale in doc.scale.labels.keys() {
                if !doc.locales.contains(locale) {
                    self.diags.push(format!("scale.labels.{locale}"), format!("locale \"{locale}\" is not declared"));
                }
            }
        }
        let needs_na_label = doc.locales.iter().any(|l| !matches!(l.as_str(), "en" | "fr" | "es"));
        let need = if needs_na_label { Need::Required } else { Need::Optional };
        self.text("scale.not_applicable", &doc.scale.not_applicable, need);
        scale_ok
    }

    /// Respondent groups and context questions.
    fn groups_and_context(&mut self) {
        let doc = self.doc;
        let mut group_ids = BTreeSet::new();
        for (g, group) in doc.groups.iter().enumerate() {
            self.id(&format!("groups[{g}].id"), &group.id, &mut group_ids);
            self.text(&format!("groups[{g}].label"), &group.label, Need::Required);
            self.text(&format!("groups[{g}].name"), &group.name, Need::Optional);
        }
        let mut context_ids = BTreeSet::new();
        for (q, question) in doc.context.iter().enumerate() {
            let qp = format!("context[{q}]");
            self.id(&format!("{qp}.id"), &question.id, &mut context_ids);
            self.text(&format!("{qp}.label"), &question.label, Need::Required);
            if question.options.len() < 2 || question.options.len() > 20 {
                self.diags.push(format!("{qp}.options"), "a context question needs 2 to 20 options");
            }
            let mut option_ids = BTreeSet::new();
            for (o, option) in question.options.iter().enumerate() {
                self.id(&format!("{qp}.options[{o}].id"), &option.id, &mut option_ids);
                self.text(&format!("{qp}.options[{o}].label"), &option.label, Need::Required);
            }
        }
    }

    /// The report's settings: minimum answered share, anonymity threshold, gap threshold.
    /// Returns the scale's span, the largest sensible threshold.
    fn settings(&mut self, scale_ok: bool) -> f64 {
        let doc = self.doc;
        let (min, max) = (doc.scale.min, doc.scale.max);
        self.number("min_answered_share", doc.min_answered_share, 0.01, 1.0, "the minimum answered share");
        let as_written = doc.anonymity_k_written;
        let written_whole = as_written.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&as_written);
        if !written_whole || doc.anonymity_k < MIN_ANONYMITY_K || doc.anonymity_k > 1000 {
            let it = if written_whole { doc.anonymity_k.to_string() } else { written(as_written) };
            self.diags.push(
                "anonymity_k",
                format!("the anonymity threshold must be a whole number from {MIN_ANONYMITY_K} to 1000; it is {it}"),
            );
        }
        let span = if scale_ok { f64::from(max - min) } else { 10.0 };
        self.number("gap_threshold", doc.gap_threshold, 0.01, span, "the gap threshold");
        span
    }

    /// Dimensions, their items and their recommendations.
    fn dimensions(&mut self) {
        let doc = self.doc;
        let (min, max) = (doc.scale.min, doc.scale.max);
        if doc.dimensions.is_empty() {
            self.diags.push("dimensions", "an instrument needs at least one dimension");
        }
        if doc.dimensions.len() > MAX_DIMENSIONS {
            self.diags.push("dimensions", format!("at most {MAX_DIMENSIONS} dimensions are allowed"));
        }
        let item_total: usize = doc.dimensions.iter().map(|d| d.items.len()).sum();
        if item_total > MAX_ITEMS {
            self.diags.push("dimensions", format!("at most {MAX_ITEMS} items are allowed; there are {item_total}"));
        }
        let (lo, hi) = (f64::from(min), f64::from(max));
        let mut dim_ids = BTreeSet::new();
        let mut item_ids = BTreeSet::new();
        for (d, dim) in doc.dimensions.iter().enumerate() {
            let dp = format!("dimensions[{d}]");
            self.id(&format!("{dp}.id"), &dim.id, &mut dim_ids);
            self.text(&format!("{dp}.title"), &dim.title, Need::Required);
            self.text(&format!("{dp}.description"), &dim.description, Need::Optional);
            if !(dim.weight.is_finite() && dim.weight > 0.0 && dim.weight <= 1000.0) {
                self.diags.push(
                    format!("{dp}.weight"),
                    format!("a weight must be above 0 and at most 1000; it is {}", written(dim.weight)),
                );
            }
            if let Some(bands) = &dim.bands {
                self.bands(&format!("{dp}.bands"), bands, lo, hi);
            }
            if dim.items.iter().all(|i| i.kind != ItemKind::Scale) {
                self.diags.push(format!("{dp}.items"), "a dimension needs at least one scored item");
            }
            for (i, item) in dim.items.iter().enumerate() {
                let ip = format!("{dp}.items[{i}]");
                self.id(&format!("{ip}.id"), &item.id, &mut item_ids);
                self.text(&format!("{ip}.text"), &item.text, Need::Required);
                for (group, text) in &item.group_text {
                    if !doc.groups.iter().any(|g| &g.id == group) {
                        self.diags.push(format!("{ip}.group_text.{group}"), format!("there is no group \"{group}\""));
                    }
                    self.text(&format!("{ip}.group_text.{group}"), text, Need::Required);
                }
                if !(item.weight.is_finite() && item.weight > 0.0 && item.weight <= 1000.0) {
                    self.diags.push(
                        format!("{ip}.weight"),
                        format!("a weight must be above 0 and at most 1000; it is {}", written(item.weight)),
                    );
                }
                if item.kind == ItemKind::Comment && item.reverse {
                    self.diags.push(format!("{ip}.reverse"), "a comment is not scored, so it cannot be reverse-worded");
                }
            }
            self.recommendations(&dp, dim);
        }
        for id in &dim_ids {
            if item_ids.contains(id) {
                self.diags.push(
                    "dimensions",
                    format!("\"{id}\" is both a dimension id and an item id; ids must be distinct"),
                );
            }
        }
    }

    /// One dimension's recommendations: bands that exist, context conditions that can hold.
    fn recommendations(&mut self, dp: &str, dim: &DimensionDoc) {
        let doc = self.doc;
        let band_ids: Vec<&str> =
            if let Some(b) = &dim.bands { b } else { &doc.scoring.bands }.iter().map(|b| b.id.as_str()).collect();
        for (r, rec) in dim.recommendations.iter().enumerate() {
            let rp = format!("{dp}.recommendations[{r}]");
            if rec.bands.is_empty() {
                self.diags.push(format!("{rp}.bands"), "name at least one band");
            }
            for (b, band) in rec.bands.iter().enumerate() {
                if !band_ids.contains(&band.as_str()) {
                    self.diags
                        .push(format!("{rp}.bands[{b}]"), format!("there is no band \"{band}\" for this dimension"));
                }
            }
            if let Some(when) = &rec.when {
                match doc.context.iter().find(|q| q.id == when.question) {
                    None => self.diags.push(
                        format!("{rp}.when.question"),
                        format!("there is no context question \"{}\"", when.question),
                    ),
                    Some(q) => {
                        for (o, option) in when.options.iter().enumerate() {
                            if !q.options.iter().any(|x| &x.id == option) {
                                self.diags.push(
                                    format!("{rp}.when.options[{o}]"),
                                    format!("question \"{}\" has no option \"{option}\"", q.id),
                                );
                            }
                        }
                    }
                }
                if when.options.is_empty() {
                    self.diags.push(format!("{rp}.when.options"), "name at least one option");
                }
            }
            self.text(&format!("{rp}.text"), &rec.text, Need::Required);
        }
    }

    /// Bands, totals, stages and the balance rule.
    fn scoring(&mut self, span: f64) {
        let doc = self.doc;
        let (lo, hi) = (f64::from(doc.scale.min), f64::from(doc.scale.max));
        self.bands("scoring.bands", &doc.scoring.bands, lo, hi);
        match doc.scoring.mode {
            Mode::Sum => {
                let w: f64 = doc
                    .dimensions
                    .iter()
                    .flat_map(|d| &d.items)
                    .filter(|i| i.kind == ItemKind::Scale)
                    .map(|i| i.weight)
                    .sum();
                self.bands("scoring.total_bands", &doc.scoring.total_bands, w * lo, w * hi);
            }
            _ if !doc.scoring.total_bands.is_empty() => {
                self.diags.push("scoring.total_bands", "total bands are used only in \"sum\" mode");
            }
            _ => {}
        }
        match doc.scoring.mode {
            Mode::Stage => {
                if doc.scoring.stages.is_empty() {
                    self.diags.push("scoring.stages", "\"stage\" mode needs at least one stage");
                }
                let mut stage_ids = BTreeSet::new();
                for (s, stage) in doc.scoring.stages.iter().enumerate() {
                    let sp = format!("scoring.stages[{s}]");
                    self.id(&format!("{sp}.id"), &stage.id, &mut stage_ids);
                    self.text(&format!("{sp}.title"), &stage.title, Need::Required);
                    self.text(&format!("{sp}.description"), &stage.description, Need::Optional);
                    self.number(&format!("{sp}.threshold"), stage.threshold, lo, hi, "a stage threshold");
                    if stage.dimensions.is_empty() {
                        self.diags.push(format!("{sp}.dimensions"), "a stage needs at least one dimension");
                    }
                    for (k, id) in stage.dimensions.iter().enumerate() {
                        if !doc.dimensions.iter().any(|d| &d.id == id) {
                            self.diags.push(format!("{sp}.dimensions[{k}]"), format!("there is no dimension \"{id}\""));
                        }
                    }
                }
            }
            _ if !doc.scoring.stages.is_empty() => {
                self.diags.push("scoring.stages", "stages are used only in \"stage\" mode");
            }
            _ => {}
        }
        if let Some(balance) = &doc.balance {
            if balance.dimensions.len() < 2 {
                self.diags.push("balance.dimensions", "balance needs at least two dimensions");
            }
            let mut seen = BTreeSet::new();
            for (k, id) in balance.dimensions.iter().enumerate() {
                if !doc.dimensions.iter().any(|d| &d.id == id) {
                    self.diags.push(format!("balance.dimensions[{k}]"), format!("there is no dimension \"{id}\""));
                } else if !seen.insert(id) {
                    self.diags.push(format!("balance.dimensions[{k}]"), format!("\"{id}\" is listed twice"));
                }
            }
            self.number("balance.penalty", balance.penalty, 0.0, 2.0, "the balance penalty");
            self.number("balance.tolerance", balance.tolerance, 0.01, span, "the balance tolerance");
            self.text("balance.advice", &balance.advice, Need::Optional);
        }
    }
}
