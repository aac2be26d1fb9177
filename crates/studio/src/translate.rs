//! Every translatable string of a draft, addressed one way for the forms, the translations table
//! and the translator's CSV: a [`Slot`] names one text (the title, statement `q3`, the label of
//! scale point 2…), gives its stable key (by ids, so reordering between export and import does
//! not mix rows up), its JSON path (for the field's id) and reads or writes it per language.

use std::collections::BTreeMap;

use partnerscope_core::csv::{cell, parse_rows_separated, separator};

use crate::model::{Band, Draft, Text};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    Title,
    Description,
    Audience,
    NotApplicable,
    /// Scale point `n` (0 = the lowest).
    ScaleLabel(usize),
    GroupLabel(usize),
    GroupName(usize),
    ContextLabel(usize),
    OptionLabel(usize, usize),
    Band(usize),
    TotalBand(usize),
    StageTitle(usize),
    StageDescription(usize),
    BalanceAdvice,
    AreaTitle(usize),
    AreaDescription(usize),
    AreaBand(usize, usize),
    Item(usize, usize),
    /// Wording of item `(d, i)` for group id.
    GroupText(usize, usize, String),
    Advice(usize, usize),
    /// One of the questionnaire's interface strings (the survey's or the report's), by key.
    Interface(String),
}

/// Whether the product ships its own interface text in `lang` (then a questionnaire's
/// interface strings only reword it, and none is missing).
pub fn ships(lang: &str) -> bool {
    partnerscope_core::pack::LANGUAGES.contains(&lang)
}

impl Slot {
    fn text<'d>(&self, d: &'d Draft) -> Option<&'d Text> {
        Some(match self {
            Slot::Title => &d.title,
            Slot::Description => &d.description,
            Slot::Audience => &d.audience,
            Slot::NotApplicable => &d.not_applicable,
            Slot::ScaleLabel(_) => return None,
            Slot::GroupLabel(g) => &d.groups.get(*g)?.label,
            Slot::GroupName(g) => &d.groups.get(*g)?.name,
            Slot::ContextLabel(c) => &d.context.get(*c)?.label,
            Slot::OptionLabel(c, o) => &d.context.get(*c)?.options.get(*o)?.label,
            Slot::Band(b) => &d.bands.get(*b)?.label,
            Slot::TotalBand(b) => &d.total_bands.get(*b)?.label,
            Slot::StageTitle(s) => &d.stages.get(*s)?.title,
            Slot::StageDescription(s) => &d.stages.get(*s)?.description,
            Slot::BalanceAdvice => &d.balance.as_ref()?.advice,
            Slot::AreaTitle(a) => &d.dimensions.get(*a)?.title,
            Slot::AreaDescription(a) => &d.dimensions.get(*a)?.description,
            Slot::AreaBand(a, b) => &d.dimensions.get(*a)?.bands.as_ref()?.get(*b)?.label,
            Slot::Item(a, i) => &d.dimensions.get(*a)?.items.get(*i)?.text,
            Slot::GroupText(a, i, g) => d.dimensions.get(*a)?.items.get(*i)?.group_text.get(g)?,
            Slot::Advice(a, r) => &d.dimensions.get(*a)?.recommendations.get(*r)?.text,
            Slot::Interface(key) => d.interface.get(key)?,
        })
    }

    fn text_mut<'d>(&self, d: &'d mut Draft) -> Option<&'d mut Text> {
        Some(match self {
            Slot::Title => &mut d.title,
            Slot::Description => &mut d.description,
            Slot::Audience => &mut d.audience,
            Slot::NotApplicable => &mut d.not_applicable,
            Slot::ScaleLabel(_) => return None,
            Slot::GroupLabel(g) => &mut d.groups.get_mut(*g)?.label,
            Slot::GroupName(g) => &mut d.groups.get_mut(*g)?.name,
            Slot::ContextLabel(c) => &mut d.context.get_mut(*c)?.label,
            Slot::OptionLabel(c, o) => &mut d.context.get_mut(*c)?.options.get_mut(*o)?.label,
            Slot::Band(b) => &mut d.bands.get_mut(*b)?.label,
            Slot::TotalBand(b) => &mut d.total_bands.get_mut(*b)?.label,
            Slot::StageTitle(s) => &mut d.stages.get_mut(*s)?.title,
            Slot::StageDescription(s) => &mut d.stages.get_mut(*s)?.description,
            Slot::BalanceAdvice => &mut d.balance.as_mut()?.advice,
            Slot::AreaTitle(a) => &mut d.dimensions.get_mut(*a)?.title,
            Slot::AreaDescription(a) => &mut d.dimensions.get_mut(*a)?.description,
            Slot::AreaBand(a, b) => &mut d.dimensions.get_mut(*a)?.bands.as_mut()?.get_mut(*b)?.label,
            Slot::Item(a, i) => &mut d.dimensions.get_mut(*a)?.items.get_mut(*i)?.text,
            Slot::GroupText(a, i, g) => {
                d.dimensions.get_mut(*a)?.items.get_mut(*i)?.group_text.entry(g.clone()).or_default()
            }
            Slot::Advice(a, r) => &mut d.dimensions.get_mut(*a)?.recommendations.get_mut(*r)?.text,
            Slot::Interface(key) => d.interface.entry(key.clone()).or_default(),
        })
    }

    /// The text in `lang` ("" when there is none).
    pub fn get(&self, d: &Draft, lang: &str) -> String {
        match self {
            Slot::ScaleLabel(p) => d.scale_labels.get(lang).and_then(|l| l.get(*p)).cloned().unwrap_or_default(),
            _ => self.text(d).and_then(|t| t.get(lang)).cloned().unwrap_or_default(),
        }
    }

    /// Sets the text in `lang`; an emptied text is removed, so optional texts left blank in
    /// every language are left out of the JSON.
    pub fn set(&self, d: &mut Draft, lang: &str, value: &str) {
        if let Slot::ScaleLabel(p) = self {
            let points = d.scale_points().unwrap_or(p + 1).max(p + 1);
            let labels = d.scale_labels.entry(lang.to_owned()).or_default();
            labels.resize(points.max(labels.len()), String::new());
            labels[*p] = value.to_owned();
            if labels.iter().all(|l| l.is_empty()) {
                d.scale_labels.remove(lang);
            }
            return;
        }
        if let Some(text) = self.text_mut(d) {
            if value.is_empty() {
                text.remove(lang);
            } else {
                text.insert(lang.to_owned(), value.to_owned());
            }
        }
        if let Slot::Interface(key) = self
            && d.interface.get(key).is_some_and(Text::is_empty)
        {
            d.interface.remove(key);
        }
    }

    /// The JSON path of the text in `lang`, as the core's diagnostics write it.
    pub fn path(&self, d: &Draft, lang: &str) -> String {
        let base = match self {
            Slot::Title => "title".to_owned(),
            Slot::Description => "description".to_owned(),
            Slot::Audience => "audience".to_owned(),
            Slot::NotApplicable => "scale.not_applicable".to_owned(),
            Slot::ScaleLabel(p) => return format!("scale.labels.{lang}[{p}]"),
            Slot::Interface(key) => return format!("interface.{lang}.{key}"),
            Slot::GroupLabel(g) => format!("groups[{g}].label"),
            Slot::GroupName(g) => format!("groups[{g}].name"),
            Slot::ContextLabel(c) => format!("context[{c}].label"),
            Slot::OptionLabel(c, o) => format!("context[{c}].options[{o}].label"),
            Slot::Band(b) => format!("scoring.bands[{b}].label"),
            Slot::TotalBand(b) => format!("scoring.total_bands[{b}].label"),
            Slot::StageTitle(s) => format!("scoring.stages[{s}].title"),
            Slot::StageDescription(s) => format!("scoring.stages[{s}].description"),
            Slot::BalanceAdvice => "balance.advice".to_owned(),
            Slot::AreaTitle(a) => format!("dimensions[{a}].title"),
            Slot::AreaDescription(a) => format!("dimensions[{a}].description"),
            Slot::AreaBand(a, b) => format!("dimensions[{a}].bands[{b}].label"),
            Slot::Item(a, i) => format!("dimensions[{a}].items[{i}].text"),
            Slot::GroupText(a, i, g) => format!("dimensions[{a}].items[{i}].group_text.{g}"),
            Slot::Advice(a, r) => format!("dimensions[{a}].recommendations[{r}].text"),
        };
        let _ = d;
        format!("{base}.{lang}")
    }

    /// The stable key of this text in the translator's CSV: ids, not positions.
    pub fn key(&self, d: &Draft) -> String {
        let area = |a: &usize| d.dimensions.get(*a).map_or("", |x| x.id.as_str());
        let item =
            |a: &usize, i: &usize| d.dimensions.get(*a).and_then(|x| x.items.get(*i)).map_or("", |x| x.id.as_str());
        let band_id = |bands: &[Band], b: &usize| bands.get(*b).map_or(String::new(), |x| x.id.clone());
        match self {
            Slot::Title => "title".into(),
            Slot::Description => "description".into(),
            Slot::Audience => "audience".into(),
            Slot::NotApplicable => "scale.not_applicable".into(),
            Slot::ScaleLabel(p) => format!("scale.point.{}", p + 1),
            Slot::GroupLabel(g) => format!("group.{}.label", d.groups.get(*g).map_or("", |x| &x.id)),
            Slot::GroupName(g) => format!("group.{}.name", d.groups.get(*g).map_or("", |x| &x.id)),
            Slot::ContextLabel(c) => format!("context.{}.label", d.context.get(*c).map_or("", |x| &x.id)),
            Slot::OptionLabel(c, o) => {
                let q = d.context.get(*c);
                format!(
                    "context.{}.option.{}",
                    q.map_or("", |x| &x.id),
                    q.and_then(|x| x.options.get(*o)).map_or("", |x| &x.id)
                )
            }
            Slot::Band(b) => format!("band.{}", band_id(&d.bands, b)),
            Slot::TotalBand(b) => format!("total_band.{}", band_id(&d.total_bands, b)),
            Slot::StageTitle(s) => format!("stage.{}.title", d.stages.get(*s).map_or("", |x| &x.id)),
            Slot::StageDescription(s) => format!("stage.{}.description", d.stages.get(*s).map_or("", |x| &x.id)),
            Slot::BalanceAdvice => "balance.advice".into(),
            Slot::AreaTitle(a) => format!("area.{}.title", area(a)),
            Slot::AreaDescription(a) => format!("area.{}.description", area(a)),
            Slot::AreaBand(a, b) => format!(
                "area.{}.band.{}",
                area(a),
                d.dimensions.get(*a).and_then(|x| x.bands.as_ref()).map_or(String::new(), |x| band_id(x, b))
            ),
            Slot::Item(a, i) => format!("statement.{}", item(a, i)),
            Slot::GroupText(a, i, g) => format!("statement.{}.for.{g}", item(a, i)),
            Slot::Advice(a, r) => format!("area.{}.advice.{}", area(a), r + 1),
            Slot::Interface(key) => format!("interface.{key}"),
        }
    }

    /// Whether the core requires this text in every language when it is present at all.
    fn optional(&self) -> bool {
        matches!(
            self,
            Slot::Description
                | Slot::Audience
                | Slot::NotApplicable
                | Slot::GroupName(_)
                | Slot::StageDescription(_)
                | Slot::BalanceAdvice
                | Slot::AreaDescription(_)
                | Slot::GroupText(..)
        )
    }
}

/// Every text of the draft, in the order of the form.
pub fn slots(d: &Draft) -> Vec<Slot> {
    let mut out = vec![Slot::Title, Slot::Description, Slot::Audience];
    out.extend((0..d.scale_points().unwrap_or(0)).map(Slot::ScaleLabel));
    out.push(Slot::NotApplicable);
    for (g, _) in d.groups.iter().enumerate() {
        out.push(Slot::GroupLabel(g));
        out.push(Slot::GroupName(g));
    }
    for (c, q) in d.context.iter().enumerate() {
        out.push(Slot::ContextLabel(c));
        out.extend((0..q.options.len()).map(|o| Slot::OptionLabel(c, o)));
    }
    out.extend((0..d.bands.len()).map(Slot::Band));
    out.extend((0..d.total_bands.len()).map(Slot::TotalBand));
    for s in 0..d.stages.len() {
        out.push(Slot::StageTitle(s));
        out.push(Slot::StageDescription(s));
    }
    if d.balance.is_some() {
        out.push(Slot::BalanceAdvice);
    }
    for (a, dim) in d.dimensions.iter().enumerate() {
        out.push(Slot::AreaTitle(a));
        out.push(Slot::AreaDescription(a));
        if let Some(bands) = &dim.bands {
            out.extend((0..bands.len()).map(|b| Slot::AreaBand(a, b)));
        }
        for (i, item) in dim.items.iter().enumerate() {
            out.push(Slot::Item(a, i));
            out.extend(item.group_text.keys().map(|g| Slot::GroupText(a, i, g.clone())));
        }
        out.extend((0..dim.recommendations.len()).map(|r| Slot::Advice(a, r)));
    }
    out.extend(interface_keys(d).into_iter().map(Slot::Interface));
    out
}

/// Takes `lang` out of the questionnaire: from its languages and from every text, so that no
/// text is left in a language the questionnaire no longer declares (the core refuses those, one
/// problem per text). Undo brings it all back.
pub fn remove_language(d: &mut Draft, lang: &str) {
    d.locales.retain(|l| l != lang);
    d.scale_labels.remove(lang);
    // `slots` lists every interface key the questionnaire carries, whichever its languages.
    for slot in slots(d) {
        if !matches!(slot, Slot::ScaleLabel(_)) && !slot.get(d, lang).is_empty() {
            slot.set(d, lang, "");
        }
    }
}

/// The interface strings the table lists: every one the questionnaire carries, and when one of
/// its languages is not shipped, every key of the survey and the report (that language needs
/// them all, or shows the first language's).
fn interface_keys(d: &Draft) -> Vec<String> {
    use partnerscope_core::instrument::interface::{KEYS, REPORT_KEYS, is_key};
    if !d.locales.iter().any(|l| !ships(l)) {
        return d.interface.keys().cloned().collect();
    }
    // Every key, then those the questionnaire carries that are none (the core reports them).
    let all = KEYS.iter().chain(REPORT_KEYS).map(|k| (*k).to_owned());
    all.chain(d.interface.keys().filter(|k| !is_key(k)).cloned()).collect()
}

/// Whether `slot` in `lang` must be written: an interface string only in a language the product
/// does not ship, and not a count's form that falls back to another or the picker's name.
fn needed_in(slot: &Slot, lang: &str) -> bool {
    match slot {
        Slot::Interface(key) => !ships(lang) && !partnerscope_core::instrument::interface::optional(key),
        _ => true,
    }
}

/// The standard label of scale point `point` in `lang`, when the questionnaire gives that
/// language no labels of its own and the core has standard ones (a 1-5 scale in a shipped
/// language): what a respondent will read there.
pub fn standard_label(d: &Draft, point: usize, lang: &str) -> Option<&'static str> {
    if d.scale_labels.contains_key(lang) {
        return None;
    }
    let (min, max) = (d.scale_min.trim().parse().ok()?, d.scale_max.trim().parse().ok()?);
    partnerscope_core::instrument::default_labels(lang, min, max)?.get(point).copied()
}

/// Whether `slot` is a text a respondent or reader will see in every language: required ones
/// always, optional ones once any language has them. The scale's labels are rows only when the
/// questionnaire writes labels of its own or one of its languages has no standard ones: a
/// built-in copy (standard labels in all five languages) has no scale text to translate, and
/// its CSV had five rows of empty cells.
pub fn counts(d: &Draft, slot: &Slot) -> bool {
    match slot {
        Slot::ScaleLabel(p) => {
            d.locales.iter().any(|l| d.scale_labels.contains_key(l) || standard_label(d, *p, l).is_none())
        }
        Slot::Interface(_) => d.locales.iter().any(|l| needed_in(slot, l) || !slot.get(d, l).trim().is_empty()),
        _ => !slot.optional() || d.locales.iter().any(|l| !slot.get(d, l).trim().is_empty()),
    }
}

/// For each language of the draft, how many of its texts are still empty.
pub fn missing_per_language(d: &Draft) -> Vec<(String, usize)> {
    let slots: Vec<Slot> = slots(d).into_iter().filter(|s| counts(d, s)).collect();
    let scale_defaults = |lang: &str| {
        let (min, max) = (d.scale_min.trim().parse().unwrap_or(1), d.scale_max.trim().parse().unwrap_or(5));
        !d.scale_labels.contains_key(lang) && partnerscope_core::instrument::default_labels(lang, min, max).is_some()
    };
    d.locales
        .iter()
        .map(|lang| {
            let n = slots
                .iter()
                .filter(|s| !(matches!(s, Slot::ScaleLabel(_)) && scale_defaults(lang)))
                .filter(|s| needed_in(s, lang))
                .filter(|s| s.get(d, lang).trim().is_empty())
                .count();
            (lang.clone(), n)
        })
        .collect()
}

/// The fingerprint of a first-language text kept in `Draft::translated_from` (no clock, no
/// randomness: the same text gives the same print on every device).
fn source_print(text: &str) -> String {
    crate::state::fingerprint(text.trim())
}

/// The questionnaire's first language: the one its other languages are translated from.
pub fn source_language(d: &Draft) -> Option<&str> {
    d.locales.first().map(String::as_str)
}

/// Whether the `lang` text of `slot` (whose key is `key`) may be out of date: it was written
/// when the first language's text was different from what it is now.
fn stale_at(d: &Draft, slot: &Slot, key: &str, lang: &str) -> bool {
    let Some(source) = source_language(d) else { return false };
    if lang == source {
        return false;
    }
    let Some(print) = d.translated_from.get(key).and_then(|p| p.get(lang)) else { return false };
    let source_text = slot.get(d, source);
    !source_text.trim().is_empty() && !slot.get(d, lang).trim().is_empty() && *print != source_print(&source_text)
}

/// Every translation that may be out of date, `(slot, key, language)`, in the table's order.
pub fn stale(d: &Draft) -> Vec<(Slot, String, String)> {
    if d.translated_from.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for slot in slots(d).into_iter().filter(|s| counts(d, s)) {
        let key = slot.key(d);
        if !d.translated_from.contains_key(&key) {
            continue;
        }
        for lang in &d.locales {
            if stale_at(d, &slot, &key, lang) {
                out.push((slot.clone(), key.clone(), lang.clone()));
            }
        }
    }
    out
}

/// For each language of the draft, how many of its texts may be out of date.
pub fn stale_per_language(d: &Draft) -> Vec<(String, usize)> {
    let stale = stale(d);
    d.locales.iter().map(|lang| (lang.clone(), stale.iter().filter(|(_, _, l)| l == lang).count())).collect()
}

/// "Still right": the `lang` text of `key` is current again, as if written just now.
pub fn keep(d: &mut Draft, key: &str, lang: &str) {
    if let Some(prints) = d.translated_from.get_mut(key) {
        prints.remove(lang);
        if prints.is_empty() {
            d.translated_from.remove(key);
        }
    }
}

/// Brings `new.translated_from` up to date after an edit from `old`: a translation written in
/// this edit (typed, imported) is current; a first-language text changed in this edit leaves
/// the other languages' texts that were not rewritten with the fingerprint of the text they
/// were written for (unless they already had one: a text reworded twice, or reworded back,
/// keeps the first); entries that say "current" or name a text or language no longer there are
/// dropped. A change of the first language makes every translation current (they were
/// translations of another text). Pure and run by the reducer on every edit, so undo and redo
/// carry the marks with the texts.
pub fn track(old: &Draft, new: &mut Draft) {
    let Some(source) = source_language(new).map(str::to_owned) else {
        new.translated_from.clear();
        return;
    };
    if source_language(old) != Some(source.as_str()) {
        new.translated_from.clear();
        return;
    }
    let old_slots = slots(old);
    let new_slots = slots(new);
    // The same shape: a slot is the same text at the same place, even when an id (part of the
    // key) was renamed in this edit. Else texts are matched by key.
    let same_shape = old_slots == new_slots;
    // Filled by inserting, not `collect`: a collected map sorts first, and every sort's
    // monomorphisation is kilobytes of wasm.
    let mut old_by_key: BTreeMap<String, &Slot> = BTreeMap::new();
    if !same_shape {
        for s in &old_slots {
            old_by_key.insert(s.key(old), s);
        }
    }
    let mut prints = std::mem::take(&mut new.translated_from);
    let mut kept: BTreeMap<String, Text> = BTreeMap::new();
    for (n, slot) in new_slots.iter().enumerate() {
        let key = slot.key(new);
        let before = if same_shape { old_slots.get(n) } else { old_by_key.get(&key).copied() };
        let old_key = before.filter(|_| same_shape).map(|s| s.key(old));
        let mut entry = prints.remove(old_key.as_deref().unwrap_or(&key)).unwrap_or_default();
        let new_source = slot.get(new, &source);
        let old_source = before.map(|s| s.get(old, &source)).unwrap_or_default();
        for lang in new.locales.iter().filter(|l| **l != source) {
            let text = slot.get(new, lang);
            let was = before.map(|s| s.get(old, lang));
            if was.as_deref() != Some(text.as_str()) || text.trim().is_empty() {
                // Written (or emptied) in this edit: current.
                entry.remove(lang);
            } else if old_source != new_source && !old_source.trim().is_empty() && !entry.contains_key(lang) {
                entry.insert(lang.clone(), source_print(&old_source));
            }
        }
        let now = source_print(&new_source);
        entry.retain(|lang, print| *print != now && new.locales.contains(lang) && *lang != source);
        if !entry.is_empty() {
            kept.insert(key, entry);
        }
    }
    new.translated_from = kept;
}

/// The translator's CSV: `key, context, <lang>…`, a row per text; the context is the text in
/// the first language, so a translator sees what each row is about in any spreadsheet.
///
/// When translations may be out of date, a last column, [`STALE_COLUMN`], lists on each row the
/// languages whose text was written for an earlier first-language text, so the translator can
/// find and check them (sorting or filtering by that column). Deleting a language from it says
/// "still right": on import, a text in a language the row's cell no longer lists counts as
/// current even when unchanged.
pub fn export_csv(d: &Draft) -> String {
    let stale = stale(d);
    let mut out = String::from("\u{feff}key,context");
    for lang in &d.locales {
        out.push(',');
        out.push_str(&cell(lang));
    }
    if !stale.is_empty() {
        out.push(',');
        out.push_str(STALE_COLUMN);
    }
    out.push_str("\r\n");
    for slot in slots(d) {
        if !counts(d, &slot) {
            continue;
        }
        let key = slot.key(d);
        out.push_str(&cell(&key));
        out.push(',');
        out.push_str(&cell(&context_of(&slot, d)));
        for lang in &d.locales {
            out.push(',');
            out.push_str(&cell(&slot.get(d, lang)));
        }
        if !stale.is_empty() {
            let langs: Vec<&str> = stale.iter().filter(|(_, k, _)| *k == key).map(|(_, _, l)| l.as_str()).collect();
            out.push(',');
            out.push_str(&cell(&langs.join(" ")));
        }
        out.push_str("\r\n");
    }
    out
}

/// The CSV's column of translations that may be out of date (English, like `key` and `context`).
pub const STALE_COLUMN: &str = "may_be_out_of_date";

/// What a row is, in English, for the translator (the studio's interface language is not the
/// translator's; English is the CSV's lingua franca, like its keys). An area is named as the
/// questionnaire's first language writes it: that is the text the translator works from, and
/// the one the row's first language column shows (the first of the title's languages in
/// alphabetical order named the health check's areas in Arabic).
fn context_of(slot: &Slot, d: &Draft) -> String {
    let source = d.locales.first().map_or("", String::as_str);
    let area = |a: &usize| d.dimensions.get(*a).map(|x| x.title.get(source).cloned().unwrap_or_default());
    match slot {
        Slot::Title => "Questionnaire title".into(),
        Slot::Description => "Introduction on the start page".into(),
        Slot::Audience => "Who answers and how long it takes".into(),
        Slot::NotApplicable => "The 'don't know / not applicable' choice".into(),
        Slot::ScaleLabel(p) => {
            let points = d.scale_points().unwrap_or(p + 1);
            let mut context = format!("Scale point {} of {points} (1 is the lowest)", p + 1);
            // A language with the standard labels has an empty cell: say what the respondent reads.
            if let Some(label) = d.locales.first().and_then(|l| standard_label(d, *p, l)) {
                context.push_str(&format!("; the standard label in {} is \"{label}\"", d.locales[0]));
            }
            let standard: Vec<&str> =
                d.locales.iter().filter(|l| standard_label(d, *p, l).is_some()).map(String::as_str).collect();
            if !standard.is_empty() {
                context.push_str(&format!("; leave {} empty to keep the standard labels", standard.join(", ")));
            }
            context
        }
        Slot::GroupLabel(_) => "How a respondent picks their group".into(),
        Slot::GroupName(_) => "The group's short name in reports".into(),
        Slot::ContextLabel(_) => "A context question".into(),
        Slot::OptionLabel(..) => "An answer to a context question".into(),
        Slot::Band(_) | Slot::TotalBand(_) | Slot::AreaBand(..) => "Name of a score band".into(),
        Slot::StageTitle(_) => "Name of a stage".into(),
        Slot::StageDescription(_) => "Description of a stage".into(),
        Slot::BalanceAdvice => "Advice when the areas are out of balance".into(),
        Slot::AreaTitle(_) => "Name of an area".into(),
        Slot::AreaDescription(a) => format!("Description of the area {}", area(a).unwrap_or_default()),
        Slot::Item(a, _) => format!("Statement in the area {}", area(a).unwrap_or_default()),
        Slot::GroupText(a, _, g) => {
            format!("Statement in the area {}, wording for the group {g}", area(a).unwrap_or_default())
        }
        Slot::Advice(a, _) => format!("Advice for the area {}", area(a).unwrap_or_default()),
        Slot::Interface(key) => match key.strip_prefix("report.") {
            Some(field) => format!("The facilitator's report's own words: {field} (see docs/instruments.md)"),
            None => format!("The survey's own words: {key} (see docs/instruments.md)"),
        },
    }
}

/// What importing a translated CSV did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Keys whose text changed, with the languages changed.
    pub changed: Vec<String>,
    /// Keys in the file the questionnaire does not have, with their line numbers.
    pub unknown: Vec<(String, usize)>,
    /// Keys of the questionnaire the file lacks.
    pub missing: Vec<String>,
    /// Languages the file added to the questionnaire.
    pub added_languages: Vec<String>,
    /// Rows or columns that could not be read.
    pub problems: Vec<String>,
}

fn is_language_tag(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// Reads a translated CSV back into `d`, matching rows by key. Empty cells leave a text alone.
pub fn import_csv(d: &mut Draft, text: &str) -> Result<Imported, String> {
    // A spreadsheet set up for a language whose decimal sign is a comma saves with semicolons.
    let rows = parse_rows_separated(text, separator(text)).map_err(|p| p.to_string())?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err("the file is empty".into());
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let Some(key_col) = header.iter().position(|h| h.eq_ignore_ascii_case("key")) else {
        return Err(
            "the first row has no \"key\" column; export the translations from the studio to get the layout".into()
        );
    };
    let mut result = Imported::default();
    let mut langs = Vec::new();
    let stale_col = header.iter().position(|h| h.eq_ignore_ascii_case(STALE_COLUMN));
    for (c, h) in header.iter().enumerate() {
        if c == key_col || Some(c) == stale_col || h.eq_ignore_ascii_case("context") || h.is_empty() {
            continue;
        }
        if is_language_tag(h) {
            langs.push((c, h.clone()));
        } else {
            result.problems.push(format!("column {} (\"{h}\") is not a language tag and was not read", c + 1));
        }
    }
    for (_, lang) in &langs {
        if !d.locales.contains(lang) {
            d.locales.push(lang.clone());
            result.added_languages.push(lang.clone());
        }
    }
    let by_key: BTreeMap<String, Slot> = slots(d).into_iter().map(|s| (s.key(d), s)).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (line, row) in rows {
        let key = row.get(key_col).map(|k| k.trim()).unwrap_or("");
        if key.is_empty() && row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(slot) = by_key.get(key) else {
            result.unknown.push((key.to_owned(), line));
            continue;
        };
        seen.insert(key.to_owned());
        let mut changed = Vec::new();
        for (c, lang) in &langs {
            let raw = row.get(*c).map_or("", String::as_str);
            let value = unneutralise(raw).trim();
            if value.is_empty() || value == slot.get(d, lang) {
                continue;
            }
            slot.set(d, lang, value);
            changed.push(lang.as_str());
        }
        if !changed.is_empty() {
            result.changed.push(format!("{key} ({})", changed.join(", ")));
        }
        // A translator who leaves a text as it was and takes its language off the row's
        // "may be out of date" cell says it is still right (`track` makes changed ones current).
        if let (Some(c), Some(source)) = (stale_col, source_language(d).map(str::to_owned)) {
            let listed: Vec<&str> = row.get(c).map_or("", String::as_str).split([' ', ',', ';']).collect();
            let print = source_print(&slot.get(d, &source));
            for (col, lang) in &langs {
                let written = row.get(*col).is_some_and(|v| !unneutralise(v).trim().is_empty());
                if written && *lang != source && !listed.contains(&lang.as_str()) {
                    d.translated_from.entry(key.to_owned()).or_default().insert(lang.clone(), print.clone());
                }
            }
        }
    }
    for (key, slot) in &by_key {
        if !seen.contains(key) && counts(d, slot) {
            result.missing.push(key.clone());
        }
    }
    Ok(result)
}

/// The core's CSV export puts `'` before a cell a spreadsheet would read as a formula; one such
/// prefix is removed again (the same rule as `partnerscope_core::csv`).
fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found walking through the README as a facilitator: removing three of a copy's five
    /// languages left their texts behind, and the checks listed a problem for each of them.
    #[test]
    fn removing_a_language_removes_its_texts_and_leaves_a_valid_questionnaire() {
        for (id, json) in partnerscope_core::builtin::sources() {
            let (mut d, _) = Draft::from_json(&json).expect("reads");
            let mut kept = d.locales.clone();
            kept.retain(|l| !["fr", "es", "ar"].contains(&l.as_str()));
            for lang in ["fr", "es", "ar"] {
                remove_language(&mut d, lang);
            }
            assert_eq!(d.locales, kept, "{id}");
            let json = d.to_json();
            assert!(!json.contains("\"fr\"") && !json.contains("\"ar\""), "{id}: {json}");
            if let Err(problems) = partnerscope_core::Instrument::from_json(&json) {
                panic!("{id}: {problems:?}");
            }
        }
    }

    #[test]
    fn a_translated_csv_comes_back_by_key_with_unknown_and_missing_listed() {
        let (mut d, _) = Draft::from_json(&partnerscope_core::builtin::source("demo").expect("demo")).expect("reads");
        let csv = export_csv(&d);
        assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("title,")), "{csv}");
        // A translator adds German for the title, changes nothing else, drops a row, adds one.
        let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
        lines[0].push_str(",de");
        lines[1].push_str(",Titel");
        lines.remove(2);
        lines.push("statement.nope,Statement,x".into());
        let back = import_csv(&mut d, &lines.join("\r\n")).expect("reads");
        assert_eq!(back.added_languages, vec!["de".to_owned()]);
        assert_eq!(back.changed, vec!["title (de)".to_owned()]);
        assert!(back.unknown.iter().any(|(k, _)| k == "statement.nope"), "{back:?}");
        // The dropped row; and, German not being shipped, every interface string and scale
        // label the file did not carry (they were not rows when it was exported: the demo's
        // languages all have the standard labels).
        let (interface, own): (Vec<&String>, Vec<&String>) =
            back.missing.iter().partition(|k| k.starts_with("interface.") || k.starts_with("scale.point."));
        assert_eq!(own.len(), 1, "{back:?}");
        assert!(
            interface.iter().any(|k| *k == "interface.next")
                && interface.iter().any(|k| *k == "interface.report.title")
        );
        assert_eq!(d.title["de"], "Titel");
    }

    /// Excel set up for French, Spanish or Portuguese saves a CSV with semicolons (the comma is
    /// their decimal sign), and some tools save tabs: each reads back the same, by key.
    #[test]
    fn a_csv_saved_with_semicolons_or_tabs_reads_back_like_a_comma_one() {
        let source = partnerscope_core::builtin::source("demo").expect("demo");
        let (base, _) = Draft::from_json(&source).expect("reads");
        let mut rows = parse_rows_separated(&export_csv(&base), ',').expect("parses");
        rows[1].1[2] = "Pulso; da parceria, \"já\"".into();
        let lang = rows[0].1[2].clone();
        for sep in [';', '\t', ','] {
            let text: String = rows
                .iter()
                .map(|(_, cells)| {
                    // Every cell quoted, as a spreadsheet does where a cell holds its separator.
                    let cells: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                    cells.join(&sep.to_string()) + "\r\n"
                })
                .collect();
            let mut d = base.clone();
            let back = import_csv(&mut d, &text).unwrap_or_else(|e| panic!("{sep:?}: {e}"));
            assert!(
                back.problems.is_empty() && back.unknown.is_empty() && back.missing.is_empty(),
                "{sep:?}: {back:?}"
            );
            assert_eq!(back.changed.len(), 1, "{sep:?}: {back:?}");
            assert_eq!(d.title[lang.as_str()], "Pulso; da parceria, \"já\"", "{sep:?}");
        }
    }

    #[test]
    fn interface_strings_are_rows_for_a_language_not_shipped_and_count_as_missing_only_there() {
        let mut d = Draft::blank("en");
        // A shipped language: no interface rows until the questionnaire carries one.
        assert!(!slots(&d).iter().any(|s| matches!(s, Slot::Interface(_))));
        Slot::Interface("next".into()).set(&mut d, "en", "Onwards");
        assert!(slots(&d).contains(&Slot::Interface("next".into())));
        let en_missing = missing_per_language(&d)[0].1;
        // German: every key is a row, and the needed ones are missing in German, never in English.
        d.locales.push("de".into());
        let all = slots(&d).iter().filter(|s| matches!(s, Slot::Interface(_))).count();
        let total = partnerscope_core::instrument::interface::KEYS.len()
            + partnerscope_core::instrument::interface::REPORT_KEYS.len();
        assert_eq!(all, total);
        let missing = missing_per_language(&d);
        assert_eq!(missing[0].1, en_missing);
        assert!(missing[1].1 > en_missing + 250, "{missing:?}");
        // A count's optional forms and the picker's name are not needed.
        assert!(!needed_in(&Slot::Interface("report.responses.few".into()), "de"));
        assert!(needed_in(&Slot::Interface("report.responses.other".into()), "de"));
        // The CSV carries them, and brings a German string back into the JSON's `interface`.
        let csv = export_csv(&d).replace(
            "interface.next,The survey's own words: next (see docs/instruments.md),Onwards,",
            "interface.next,x,Onwards,Weiter",
        );
        let csv = if csv.contains("Weiter") { csv } else { panic!("no interface.next row: {csv}") };
        import_csv(&mut d, &csv).expect("reads");
        assert_eq!(d.interface["next"]["de"], "Weiter");
        assert!(
            d.to_json().contains("\"interface\":{\"de\":{\"next\":\"Weiter\"},\"en\":{\"next\":\"Onwards\"}}"),
            "{}",
            d.to_json()
        );
        assert_eq!(Slot::Interface("next".into()).path(&d, "de"), "interface.de.next");
    }

    /// Found in the walk-through: the health check's CSV said "Statement in the area القوة",
    /// its last language alphabetically, to a translator working from English.
    #[test]
    fn the_context_names_an_area_in_the_questionnaires_first_language() {
        let d = Draft::copy_of_builtin("health-check").expect("health check");
        assert_eq!(d.locales.first().map(String::as_str), Some("en"));
        let area = &d.dimensions[0].title["en"];
        let csv = export_csv(&d);
        let row = csv.lines().find(|l| l.starts_with("statement.pw1,")).expect("a row for pw1");
        assert!(row.contains(&format!("Statement in the area {area}")), "{row}");
        assert!(!row.contains(&format!("area {}", d.dimensions[0].title["ar"])), "{row}");
        // A questionnaire whose first language is French names its areas in French.
        let mut fr = d.clone();
        fr.locales.retain(|l| l != "fr");
        fr.locales.insert(0, "fr".into());
        let csv = export_csv(&fr);
        let row = csv.lines().find(|l| l.starts_with("statement.pw1,")).expect("a row for pw1");
        assert!(row.contains(&format!("Statement in the area {}", d.dimensions[0].title["fr"])), "{row}");
    }

    /// Found in the walk-through: every built-in's CSV had five rows for the scale's points with
    /// every cell empty (the built-ins use the standard labels, which are no text of theirs).
    #[test]
    fn scale_points_are_rows_only_where_the_questionnaire_has_scale_text() {
        let rows = |d: &Draft| -> Vec<String> {
            export_csv(d).lines().filter(|l| l.starts_with("scale.point.")).map(str::to_owned).collect()
        };
        let mut d = Draft::copy_of_builtin("health-check").expect("health check");
        assert_eq!(rows(&d), Vec::<String>::new(), "standard labels in every language: no rows");
        // German has no standard labels: a row per point, saying which point and what English reads.
        d.locales.push("de".into());
        let with_german = rows(&d);
        assert_eq!(with_german.len(), 5, "{with_german:?}");
        assert!(
            with_german[2].starts_with(
                "scale.point.3,\"Scale point 3 of 5 (1 is the lowest); the standard label in en is \"\"Neither agree nor disagree\"\"; leave en, fr, es, ar, pt empty"
            ),
            "{with_german:?}"
        );
        assert!(missing_per_language(&d).last().is_some_and(|(_, n)| *n >= 5));
        // Labels written for English only: rows with the English labels, French left to its standard.
        let mut d = Draft::blank("en");
        d.locales.push("fr".into());
        assert_eq!(rows(&d), Vec::<String>::new());
        for (p, label) in ["Never", "Rarely", "Sometimes", "Often", "Always"].iter().enumerate() {
            Slot::ScaleLabel(p).set(&mut d, "en", label);
        }
        let labelled = rows(&d);
        assert_eq!(labelled.len(), 5);
        assert!(labelled[0].starts_with("scale.point.1,"), "{labelled:?}");
        assert!(labelled[0].ends_with(",Never,"), "{labelled:?}");
        assert!(labelled[0].contains("leave fr empty"), "{labelled:?}");
    }

    /// A statement of the health check reworded in English after its four translations were
    /// written: its other four texts are marked (and counted per language) until each is edited,
    /// kept, or confirmed by a translator in the CSV; a renamed id keeps the mark.
    #[test]
    fn reworded_texts_mark_their_translations_in_the_table_the_csv_and_storage() {
        let loaded = Draft::copy_of_builtin("health-check").expect("health check");
        let mut d = loaded.clone();
        Slot::Item(0, 0).set(&mut d, "en", "Everyone can see how decisions are made.");
        track(&loaded, &mut d);
        let marked: Vec<String> = stale(&d).into_iter().map(|(_, k, l)| format!("{k} {l}")).collect();
        assert_eq!(marked, ["statement.pw1 fr", "statement.pw1 es", "statement.pw1 ar", "statement.pw1 pt"]);
        assert_eq!(stale_per_language(&d).iter().map(|(_, n)| *n).collect::<Vec<_>>(), [0, 1, 1, 1, 1]);
        // Renaming the statement's id keeps the mark (the key follows the id).
        let before = d.clone();
        d.dimensions[0].items[0].id = "power-1".into();
        track(&before, &mut d);
        assert_eq!(stale(&d).len(), 4);
        assert!(d.translated_from.contains_key("statement.power-1"));
        // Saved beside the draft and read back; a draft saved before the marks existed has none.
        let stored = d.translated_from_json();
        assert_eq!(Draft::read_translated_from(&stored), d.translated_from);
        assert!(Draft::read_translated_from("").is_empty() && Draft::read_translated_from("[1").is_empty());
        // The CSV marks the row in its last column; a translator rewrites French, confirms
        // Spanish (takes "es" off the row) and leaves Arabic and Portuguese listed.
        let csv = export_csv(&d);
        let header = csv.lines().next().expect("a header");
        assert!(header.ends_with(",en,fr,es,ar,pt,may_be_out_of_date"), "{header}");
        let row = csv.lines().find(|l| l.starts_with("statement.power-1,")).expect("the row");
        assert!(row.ends_with(",fr es ar pt"), "{row}");
        assert!(csv.lines().filter(|l| l.ends_with(',')).count() > 10, "other rows have an empty mark");
        let mut rows = parse_rows_separated(&csv, ',').expect("parses");
        for (_, row) in &mut rows {
            if row[0] == "statement.power-1" {
                row[3] = "Tout le monde voit comment les décisions sont prises.".into();
                row[7] = "ar pt".into();
            }
        }
        let back: Vec<String> =
            rows.iter().map(|(_, row)| row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",")).collect();
        let before = d.clone();
        let result = import_csv(&mut d, &back.join("\r\n")).expect("reads");
        track(&before, &mut d);
        assert!(result.problems.is_empty(), "{result:?}");
        let marked: Vec<String> = stale(&d).into_iter().map(|(_, k, l)| format!("{k} {l}")).collect();
        assert_eq!(marked, ["statement.power-1 ar", "statement.power-1 pt"]);
        // "Still right" for Arabic; Portuguese edited in the form.
        keep(&mut d, "statement.power-1", "ar");
        let before = d.clone();
        Slot::Item(0, 0).set(&mut d, "pt", "Todos veem como as decisões são tomadas.");
        track(&before, &mut d);
        assert!(stale(&d).is_empty());
        assert!(d.translated_from.is_empty(), "nothing left to remember");
        assert!(!export_csv(&d).contains(STALE_COLUMN), "no column when nothing may be out of date");
    }

    #[test]
    fn a_formula_looking_text_survives_the_round_trip() {
        let mut d = Draft::blank("en");
        d.title.insert("en".into(), "=1+1 and more".into());
        let csv = export_csv(&d);
        let mut d2 = Draft::blank("en");
        import_csv(&mut d2, &csv).expect("reads");
        assert_eq!(d2.title["en"], "=1+1 and more");
    }
}
