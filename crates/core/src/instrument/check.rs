//! Checking a document: every rule an instrument must keep before it can be scored, each problem
//! reported with its JSON path, all of them at once. `validate` is a list of `Checker` sections
//! (identity, scale, groups and context, settings, dimensions, recommendations, scoring).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::read::AsWritten;
use super::schema::{BandDoc, DimensionDoc, InstrumentDoc, ItemKind, Mode, default_labels};
use super::{MAX_DIMENSIONS, MAX_ITEMS, MAX_TEXT_CHARS, MIN_ANONYMITY_K, SCHEMA_VERSION};
use crate::diag::{Diagnostics, Problem, Quantity};
use crate::locale::valid_locale_tag;
use crate::text::{Text, written};

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
    as_written: &'a AsWritten,
    diags: &'a mut Diagnostics,
}

/// A text or labels in a language the questionnaire does not list: said in plain words (the
/// studio words these problems for a facilitator, who need not know the word "locale").
fn not_declared(locale: &str) -> Problem {
    Problem::NotDeclared { lang: locale.into() }
}

impl Checker<'_> {
    fn text(&mut self, path: &str, text: &Text, need: Need) {
        if need == Need::Optional && text.0.is_empty() {
            return;
        }
        for locale in &self.doc.locales {
            match text.0.get(locale) {
                Some(s) if !s.trim().is_empty() => {}
                _ => self.diags.problem(path, Problem::Missing { lang: locale.as_str().into() }),
            }
        }
        for (locale, s) in &text.0 {
            if !self.doc.locales.contains(locale) {
                self.diags.problem(format!("{path}.{locale}"), not_declared(locale));
            }
            if s.chars().count() > MAX_TEXT_CHARS {
                self.diags.problem(format!("{path}.{locale}"), Problem::TooLong { max: MAX_TEXT_CHARS });
            }
        }
    }

    /// `seen` holds `Cow`s, as the JSON parser's key set does: one set type, so one copy of the
    /// tree's code in the wasm.
    fn id<'d>(&mut self, path: &str, id: &'d str, seen: &mut BTreeSet<Cow<'d, str>>) {
        if !valid_id(id) {
            self.diags.problem(path, Problem::InvalidId { id: id.into() });
        } else if !seen.insert(Cow::Borrowed(id)) {
            self.diags.problem(path, Problem::DuplicateId { id: id.into() });
        }
    }

    fn number(&mut self, path: &str, value: f64, lo: f64, hi: f64, what: Quantity) {
        if !value.is_finite() || value < lo || value > hi {
            let (lo, hi, value) = (written(lo), written(hi), written(value));
            self.diags.problem(path, Problem::OutOfRange { what, lo: lo.into(), hi: hi.into(), value: value.into() });
        }
    }

    fn bands(&mut self, path: &str, bands: &[BandDoc], lo: f64, hi: f64) {
        // Settled, as scores are: a total range of 0.1 + 0.2 item weights starts at 0.3.
        let (lo, hi) = (crate::text::settle(lo), crate::text::settle(hi));
        if bands.is_empty() {
            self.diags.problem(path, Problem::NoBands);
            return;
        }
        let mut seen = BTreeSet::new();
        for (b, band) in bands.iter().enumerate() {
            let bp = format!("{path}[{b}]");
            self.id(&format!("{bp}.id"), &band.id, &mut seen);
            self.text(&format!("{bp}.label"), &band.label, Need::Required);
            if !band.from.is_finite() || band.from < lo || band.from > hi {
                self.diags.problem(
                    format!("{bp}.from"),
                    Problem::BandOutside {
                        lo: written(lo).into(),
                        hi: written(hi).into(),
                        from: written(band.from).into(),
                    },
                );
            }
            if b == 0 && band.from != lo {
                self.diags.problem(format!("{bp}.from"), Problem::LowestBand { lo: written(lo).into() });
            }
            if b > 0 && band.from <= bands[b - 1].from {
                self.diags.problem(format!("{bp}.from"), Problem::BandOrder);
            }
        }
    }
}

#[inline(never)]
pub(super) fn validate(doc: &InstrumentDoc, as_written: &AsWritten, diags: &mut Diagnostics) {
    let mut c = Checker { doc, as_written, diags };
    c.identity();
    let scale_ok = c.scale();
    c.groups_and_context();
    let span = c.settings(scale_ok);
    c.dimensions();
    c.scoring(span);
    c.interface();
}

/// The sections of [`validate`], each reporting into the same list.
impl Checker<'_> {
    /// Interface strings: for declared locales only, known keys only, each a non-empty text.
    fn interface(&mut self) {
        for (locale, strings) in &self.doc.interface {
            if !self.doc.locales.contains(locale) {
                self.diags.problem(format!("interface.{locale}"), not_declared(locale));
            }
            for (key, text) in strings {
                let path = format!("interface.{locale}.{key}");
                if !super::interface::is_key(key) {
                    self.diags.push(
                        path,
                        format!("\"{key}\" is not an interface string; see docs/languages.md for the keys"),
                    );
                } else if text.trim().is_empty() {
                    self.diags.problem(path, Problem::InterfaceEmpty);
                } else if text.chars().count() > MAX_TEXT_CHARS {
                    self.diags.problem(path, Problem::TooLong { max: MAX_TEXT_CHARS });
                }
            }
        }
    }

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
            self.diags.problem("version", Problem::VersionLength);
        }
        if doc.locales.is_empty() {
            self.diags.problem("locales", Problem::NoLanguages);
        }
        let mut seen_locales = BTreeSet::new();
        for (l, locale) in doc.locales.iter().enumerate() {
            if !valid_locale_tag(locale) {
                self.diags.problem(format!("locales[{l}]"), Problem::BadTag { tag: locale.as_str().into() });
            } else if !seen_locales.insert(Cow::Borrowed(locale.as_str())) {
                self.diags.problem(format!("locales[{l}]"), Problem::TagTwice { tag: locale.as_str().into() });
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
            self.diags.problem("scale", Problem::Scale { min, max });
        }
        if scale_ok {
            let points = (max - min + 1) as usize;
            for locale in &doc.locales {
                match doc.scale.labels.get(locale) {
                    Some(labels) => {
                        if labels.len() != points {
                            self.diags.problem(
                                format!("scale.labels.{locale}"),
                                Problem::LabelCount { points, labels: labels.len() },
                            );
                        }
                        for (i, label) in labels.iter().enumerate() {
                            if label.trim().is_empty() || label.chars().count() > 200 {
                                self.diags.problem(format!("scale.labels.{locale}[{i}]"), Problem::LabelLength);
                            }
                        }
                    }
                    None if default_labels(locale, min, max).is_some() => {}
                    None => self.diags.problem(format!("scale.labels.{locale}"), Problem::LabelsMissing),
                }
            }
            for locale in doc.scale.labels.keys() {
                if !doc.locales.contains(locale) {
                    self.diags.problem(format!("scale.labels.{locale}"), not_declared(locale));
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
                self.diags.problem(format!("{qp}.options"), Problem::OptionCount);
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
        self.number("min_answered_share", doc.min_answered_share, 0.01, 1.0, Quantity::MinAnsweredShare);
        let as_written = self.as_written.anonymity_k;
        let written_whole = as_written.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&as_written);
        if !written_whole || doc.anonymity_k < MIN_ANONYMITY_K || doc.anonymity_k > 1000 {
            let it = if written_whole { doc.anonymity_k.to_string() } else { written(as_written) };
            self.diags.problem("anonymity_k", Problem::AnonymityK { min: MIN_ANONYMITY_K, value: it.into() });
        }
        if let Some(c) = doc.comment_k
            && (c < doc.anonymity_k.max(MIN_ANONYMITY_K) || c > 1000)
        {
            self.diags.problem("comment_k", Problem::CommentK { anonymity_k: doc.anonymity_k, value: c });
        }
        let span = if scale_ok { f64::from(max - min) } else { 10.0 };
        self.number("gap_threshold", doc.gap_threshold, 0.01, span, Quantity::GapThreshold);
        span
    }

    /// Dimensions, their items and their recommendations.
    fn dimensions(&mut self) {
        let doc = self.doc;
        let (min, max) = (doc.scale.min, doc.scale.max);
        if doc.dimensions.is_empty() {
            self.diags.problem("dimensions", Problem::NoDimensions);
        }
        if doc.dimensions.len() > MAX_DIMENSIONS {
            self.diags.problem("dimensions", Problem::TooManyDimensions { max: MAX_DIMENSIONS });
        }
        let item_total: usize = doc.dimensions.iter().map(|d| d.items.len()).sum();
        if item_total > MAX_ITEMS {
            self.diags.problem("dimensions", Problem::TooManyItems { max: MAX_ITEMS, items: item_total });
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
                self.diags.problem(format!("{dp}.weight"), Problem::Weight { value: written(dim.weight).into() });
            }
            if let Some(bands) = &dim.bands {
                self.bands(&format!("{dp}.bands"), bands, lo, hi);
            }
            if dim.items.iter().all(|i| i.kind != ItemKind::Scale) {
                self.diags.problem(format!("{dp}.items"), Problem::NoScoredItem);
            }
            for (i, item) in dim.items.iter().enumerate() {
                let ip = format!("{dp}.items[{i}]");
                self.id(&format!("{ip}.id"), &item.id, &mut item_ids);
                self.text(&format!("{ip}.text"), &item.text, Need::Required);
                for (group, text) in &item.group_text {
                    if !doc.groups.iter().any(|g| &g.id == group) {
                        self.diags.problem(
                            format!("{ip}.group_text.{group}"),
                            Problem::NoSuchGroup { group: group.as_str().into() },
                        );
                    }
                    self.text(&format!("{ip}.group_text.{group}"), text, Need::Required);
                }
                if !(item.weight.is_finite() && item.weight > 0.0 && item.weight <= 1000.0) {
                    self.diags.problem(format!("{ip}.weight"), Problem::Weight { value: written(item.weight).into() });
                }
                if item.kind == ItemKind::Comment && item.reverse {
                    self.diags.problem(format!("{ip}.reverse"), Problem::CommentReverse);
                }
            }
            self.recommendations(&dp, dim);
        }
        for id in &dim_ids {
            if item_ids.contains(id) {
                self.diags.problem("dimensions", Problem::DimensionItemClash { id: id.as_ref().into() });
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
                self.diags.problem(format!("{rp}.bands"), Problem::NoBandNamed);
            }
            for (b, band) in rec.bands.iter().enumerate() {
                if !band_ids.contains(&band.as_str()) {
                    self.diags.problem(format!("{rp}.bands[{b}]"), Problem::NoSuchBand { band: band.as_str().into() });
                }
            }
            if let Some(when) = &rec.when {
                match doc.context.iter().find(|q| q.id == when.question) {
                    None => self.diags.problem(
                        format!("{rp}.when.question"),
                        Problem::NoSuchQuestion { question: when.question.as_str().into() },
                    ),
                    Some(q) => {
                        for (o, option) in when.options.iter().enumerate() {
                            if !q.options.iter().any(|x| &x.id == option) {
                                self.diags.problem(
                                    format!("{rp}.when.options[{o}]"),
                                    Problem::NoSuchOption {
                                        question: q.id.as_str().into(),
                                        option: option.as_str().into(),
                                    },
                                );
                            }
                        }
                    }
                }
                if when.options.is_empty() {
                    self.diags.problem(format!("{rp}.when.options"), Problem::NoOptionNamed);
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
                self.diags.problem("scoring.total_bands", Problem::TotalBandsMode);
            }
            _ => {}
        }
        match doc.scoring.mode {
            Mode::Stage => {
                if doc.scoring.stages.is_empty() {
                    self.diags.problem("scoring.stages", Problem::NoStages);
                }
                let mut stage_ids = BTreeSet::new();
                for (s, stage) in doc.scoring.stages.iter().enumerate() {
                    let sp = format!("scoring.stages[{s}]");
                    self.id(&format!("{sp}.id"), &stage.id, &mut stage_ids);
                    self.text(&format!("{sp}.title"), &stage.title, Need::Required);
                    self.text(&format!("{sp}.description"), &stage.description, Need::Optional);
                    self.number(&format!("{sp}.threshold"), stage.threshold, lo, hi, Quantity::StageThreshold);
                    if stage.dimensions.is_empty() {
                        self.diags.problem(format!("{sp}.dimensions"), Problem::StageNoDimension);
                    }
                    for (k, id) in stage.dimensions.iter().enumerate() {
                        if !doc.dimensions.iter().any(|d| &d.id == id) {
                            self.diags.problem(
                                format!("{sp}.dimensions[{k}]"),
                                Problem::NoSuchDimension { id: id.as_str().into() },
                            );
                        }
                    }
                }
            }
            _ if !doc.scoring.stages.is_empty() => {
                self.diags.problem("scoring.stages", Problem::StagesMode);
            }
            _ => {}
        }
        if let Some(balance) = &doc.balance {
            if balance.dimensions.len() < 2 {
                self.diags.problem("balance.dimensions", Problem::BalanceTwo);
            }
            let mut seen = BTreeSet::new();
            for (k, id) in balance.dimensions.iter().enumerate() {
                if !doc.dimensions.iter().any(|d| &d.id == id) {
                    self.diags.problem(
                        format!("balance.dimensions[{k}]"),
                        Problem::NoSuchDimension { id: id.as_str().into() },
                    );
                } else if !seen.insert(Cow::Borrowed(id.as_str())) {
                    self.diags
                        .problem(format!("balance.dimensions[{k}]"), Problem::ListedTwice { id: id.as_str().into() });
                }
            }
            self.number("balance.penalty", balance.penalty, 0.0, 2.0, Quantity::BalancePenalty);
            self.number("balance.tolerance", balance.tolerance, 0.01, span, Quantity::BalanceTolerance);
            self.text("balance.advice", &balance.advice, Need::Optional);
        }
    }
}
