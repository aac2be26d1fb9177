//! Checking a document: every rule an instrument must keep before it can be scored, each problem
//! reported with its JSON path, all of them at once. `validate` is a list of `Checker` sections
//! (identity, scale, groups and context, settings, dimensions, recommendations, scoring).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::read::AsWritten;
use super::schema::{BandDoc, DimensionDoc, InstrumentDoc, ItemKind, Mode, default_labels};
use super::{MAX_DIMENSIONS, MAX_ITEMS, MAX_TEXT_CHARS, MIN_ANONYMITY_K, SCHEMA_VERSION};
use crate::diag::Diagnostics;
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
/// studio shows these messages to a facilitator, who need not know the word "locale").
fn not_declared(locale: &str) -> String {
    format!(
        "the language \"{locale}\" is not one of the questionnaire's languages: add it to \"locales\" or remove its texts"
    )
}

impl Checker<'_> {
    fn text(&mut self, path: &str, text: &Text, need: Need) {
        if need == Need::Optional && text.0.is_empty() {
            return;
        }
        for locale in &self.doc.locales {
            match text.0.get(locale) {
                Some(s) if !s.trim().is_empty() => {}
                _ => self.diags.push(path, format!("the text in the language \"{locale}\" is missing")),
            }
        }
        for (locale, s) in &text.0 {
            if !self.doc.locales.contains(locale) {
                self.diags.push(format!("{path}.{locale}"), not_declared(locale));
            }
            if s.chars().count() > MAX_TEXT_CHARS {
                self.diags
                    .push(format!("{path}.{locale}"), format!("the text is longer than {MAX_TEXT_CHARS} characters"));
            }
        }
    }

    /// `seen` holds `Cow`s, as the JSON parser's key set does: one set type, so one copy of the
    /// tree's code in the wasm.
    fn id<'d>(&mut self, path: &str, id: &'d str, seen: &mut BTreeSet<Cow<'d, str>>) {
        if !valid_id(id) {
            self.diags
                .push(path, format!("\"{id}\" is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_'"));
        } else if !seen.insert(Cow::Borrowed(id)) {
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
                self.diags.push(format!("interface.{locale}"), not_declared(locale));
            }
            for (key, text) in strings {
                let path = format!("interface.{locale}.{key}");
                if !super::interface::is_key(key) {
                    self.diags.push(
                        path,
                        format!("\"{key}\" is not an interface string; see docs/languages.md for the keys"),
                    );
                } else if text.trim().is_empty() {
                    self.diags.push(path, "the text is empty: leave the key out to use the first language's");
                } else if text.chars().count() > MAX_TEXT_CHARS {
                    self.diags.push(path, format!("the text is longer than {MAX_TEXT_CHARS} characters"));
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
            self.diags.push("version", "the version must be 1 to 32 characters");
        }
        if doc.locales.is_empty() {
            self.diags.push(
                "locales",
                "give the questionnaire at least one language: a language tag such as \"en\" in \"locales\"",
            );
        }
        let mut seen_locales = BTreeSet::new();
        for (l, locale) in doc.locales.iter().enumerate() {
            if !valid_locale_tag(locale) {
                self.diags.push(
                    format!("locales[{l}]"),
                    format!("\"{locale}\" is not a language tag such as \"en\" or \"pt-BR\""),
                );
            } else if !seen_locales.insert(Cow::Borrowed(locale.as_str())) {
                self.diags.push(format!("locales[{l}]"), format!("the language \"{locale}\" is listed twice"));
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
                        "labels are missing; only a 1-5 scale in en, fr, es, ar or pt has built-in labels",
                    ),
                }
            }
            for locale in doc.scale.labels.keys() {
                if !doc.locales.contains(locale) {
                    self.diags.push(format!("scale.labels.{locale}"), not_declared(locale));
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
        let as_written = self.as_written.anonymity_k;
        let written_whole = as_written.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&as_written);
        if !written_whole || doc.anonymity_k < MIN_ANONYMITY_K || doc.anonymity_k > 1000 {
            let it = if written_whole { doc.anonymity_k.to_string() } else { written(as_written) };
            self.diags.push(
                "anonymity_k",
                format!("the anonymity threshold must be a whole number from {MIN_ANONYMITY_K} to 1000; it is {it}"),
            );
        }
        if let Some(c) = doc.comment_k
            && (c < doc.anonymity_k.max(MIN_ANONYMITY_K) || c > 1000)
        {
            self.diags.push(
                "comment_k",
                format!(
                    "the comment threshold must be a whole number from the anonymity threshold ({}) to 1000; it is {c}",
                    doc.anonymity_k
                ),
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
                } else if !seen.insert(Cow::Borrowed(id.as_str())) {
                    self.diags.push(format!("balance.dimensions[{k}]"), format!("\"{id}\" is listed twice"));
                }
            }
            self.number("balance.penalty", balance.penalty, 0.0, 2.0, "the balance penalty");
            self.number("balance.tolerance", balance.tolerance, 0.01, span, "the balance tolerance");
            self.text("balance.advice", &balance.advice, Need::Optional);
        }
    }
}
