//! The instrument: a versioned questionnaire definition, its JSON schema and its validation.
//!
//! *API boundary*: [`InstrumentDoc`] is what an author writes (read by hand with `crate::json`,
//! unknown fields refused);
//! [`Instrument`] is what the rest of the crate scores with. Only [`Instrument::from_doc`] and
//! [`Instrument::from_json`] build an `Instrument`, and they run every check first, so code that
//! holds an `Instrument` never has to handle a dangling id, an empty dimension or a band out of order.
//!
//! The rooms: `schema.rs` (the document's types and defaults), `read.rs` (reading them from JSON,
//! every problem at its path), `check.rs` (every rule, every problem at once), and here the
//! validated [`Instrument`] with its look-ups.

use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::json::Reader;
use crate::map::Map;
use crate::text::Text;

mod check;
pub mod interface;
mod read;
mod schema;

use read::AsWritten;
use schema::default_na_label;
pub use schema::{
    BalanceDoc, BandDoc, ContextCondition, ContextDoc, DEFAULT_ANONYMITY_K, DimensionDoc, GroupDoc, InstrumentDoc,
    ItemDoc, ItemKind, Mode, OptionDoc, RecommendationDoc, ScaleDoc, ScoringDoc, StageDoc, Tone, default_labels,
};

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

/// A validated instrument. Build one with [`Instrument::from_json`] or [`Instrument::from_doc`].
#[derive(Clone, Debug, PartialEq)]
pub struct Instrument {
    doc: InstrumentDoc,
    /// Every item in instrument order: `(dimension index, index within the dimension)`.
    items: Vec<(usize, usize)>,
    item_index: Map<String, usize>,
    /// For each dimension, its range in `items`.
    dim_ranges: Vec<Range<usize>>,
    /// Scale labels per locale, defaults filled in.
    scale_labels: Map<String, Vec<String>>,
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
        let (doc, as_written) = read::document(&mut reader, &value);
        Instrument::build(reader.finish(doc)?, &as_written)
    }

    /// Validates a parsed document.
    pub fn from_doc(doc: InstrumentDoc) -> Result<Instrument, Vec<Diagnostic>> {
        let as_written = AsWritten::of(&doc);
        Instrument::build(doc, &as_written)
    }

    /// Validates `doc` (naming values as the document wrote them) and works out the look-ups.
    #[inline(never)]
    fn build(doc: InstrumentDoc, as_written: &AsWritten) -> Result<Instrument, Vec<Diagnostic>> {
        let mut diags = Diagnostics::default();
        check::validate(&doc, as_written, &mut diags);
        if !diags.0.is_empty() {
            return Err(diags.0);
        }
        let mut items = Vec::new();
        let mut item_index = Map::new();
        let mut dim_ranges = Vec::new();
        for (d, dim) in doc.dimensions.iter().enumerate() {
            let start = items.len();
            for (i, item) in dim.items.iter().enumerate() {
                item_index.insert(item.id.clone(), items.len());
                items.push((d, i));
            }
            dim_ranges.push(start..items.len());
        }
        let mut scale_labels = Map::new();
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
    /// The questionnaire's own interface string `key` in `locale`, if it carries one.
    pub fn interface(&self, locale: &str, key: &str) -> Option<&str> {
        self.doc.interface.get(locale)?.get(key).map(String::as_str)
    }
    /// The interface keys `locale` has no string for, from the questionnaire or from `shipped`
    /// (the keys the app itself has in that language: none for a language it does not ship).
    /// Each is shown in the questionnaire's first language instead; the app tells the author.
    pub fn interface_missing(&self, locale: &str, shipped: &[&str]) -> Vec<&'static str> {
        self.missing_of(interface::KEYS, locale, shipped)
    }
    /// The same for the facilitator's report's strings ([`interface::REPORT_KEYS`]); a count's
    /// forms that fall back to its `other` form are never missing.
    pub fn report_interface_missing(&self, locale: &str, shipped: &[&str]) -> Vec<&'static str> {
        self.missing_of(interface::REPORT_KEYS, locale, shipped)
    }
    fn missing_of(&self, keys: &[&'static str], locale: &str, shipped: &[&str]) -> Vec<&'static str> {
        keys.iter()
            .copied()
            .filter(|key| !interface::optional(key) && !shipped.contains(key) && self.interface(locale, key).is_none())
            .collect()
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
