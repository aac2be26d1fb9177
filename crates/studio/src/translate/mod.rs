//! Every translatable string of a draft, addressed one way for the forms, the translations table
//! and the translator's CSV: a [`Slot`] names one text (the title, statement `q3`, the label of
//! scale point 2…), gives its stable key (by ids, so reordering between export and import does
//! not mix rows up), its JSON path (for the field's id) and reads or writes it per language.
//!
//! Its rooms: this file (the slots, which of them count, what is missing), `stale.rs` (which
//! translations may be out of date, kept up to date on every edit), `csv.rs` (the translator's
//! CSV out and back).

use crate::model::{Band, Draft, Text};

mod csv;
mod stale;
#[cfg(test)]
mod tests;

pub use csv::{Imported, STALE_COLUMN, export_csv, import_csv};
pub use stale::{keep, source_language, stale, stale_per_language, track};

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
