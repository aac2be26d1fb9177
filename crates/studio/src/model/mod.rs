//! The questionnaire as the author edits it: the instrument schema field by field, with every
//! number kept as the text typed, so a half-typed "4." or a stray letter stays on screen and is
//! reported by the core's own validation at its path instead of being lost.
//!
//! *API boundary*: [`Draft::to_json`] writes the instrument JSON the rest of the product reads
//! (`Instrument::from_json`); its paths are those of the core's diagnostics, and every form
//! control's id is made from the same path by [`field_id`], so a problem can move focus to
//! its field. [`Draft::from_json`] reads any document leniently (a file with mistakes still
//! opens, and the mistakes are listed); the core decides what is valid.
//!
//! Its rooms: this file (the types, ids and the edits that add entries), `write.rs` (the
//! JSON written, through `writer.rs`), `read.rs` (the JSON read, through `lenient.rs`).

use std::collections::BTreeMap;

use partnerscope_core::instrument::{ItemKind, Mode, Tone};

mod lenient;
mod read;
#[cfg(test)]
mod tests;
mod write;
mod writer;

pub use writer::is_json_number;

/// Text per language, `{"en": …, "fr": …}`.
pub type Text = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Draft {
    pub id: String,
    pub version: String,
    pub locales: Vec<String>,
    pub title: Text,
    pub description: Text,
    pub audience: Text,
    pub scale_min: String,
    pub scale_max: String,
    /// One label per scale point, lowest first, per language.
    pub scale_labels: BTreeMap<String, Vec<String>>,
    pub not_applicable: Text,
    pub groups: Vec<Group>,
    pub context: Vec<Context>,
    pub mode: Mode,
    pub bands: Vec<Band>,
    pub total_bands: Vec<Band>,
    pub stages: Vec<Stage>,
    pub min_answered_share: String,
    pub anonymity_k: String,
    /// The fewest comments shown for one comment question; empty for the product's default.
    pub comment_k: String,
    pub gap_threshold: String,
    pub balance: Option<Balance>,
    pub dimensions: Vec<Dimension>,
    /// The questionnaire's own interface strings, by key (the core's `interface::KEYS` and
    /// `REPORT_KEYS`), each per language: the JSON's `interface` turned round, so that a key
    /// is a text like any other in the translations table.
    pub interface: BTreeMap<String, Text>,
    /// The studio's own memory, never part of the instrument JSON: per text key
    /// (`translate::Slot::key`) and language, a fingerprint of the first language's text as it
    /// was when that translation was last written. A translation with no entry, or whose entry
    /// is the first language's text as it is now, is current; any other "may be out of date"
    /// (`translate::stale`). Kept up to date by `translate::track` on every edit; empty when a
    /// questionnaire is opened, copied or restored from a draft saved before it existed (every
    /// translation then counts as current).
    pub translated_from: BTreeMap<String, Text>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Group {
    pub id: String,
    pub label: Text,
    pub name: Text,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Context {
    pub id: String,
    pub label: Text,
    pub options: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Band {
    pub id: String,
    pub from: String,
    pub label: Text,
    pub tone: Tone,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Stage {
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub dimensions: Vec<String>,
    pub threshold: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Balance {
    pub dimensions: Vec<String>,
    pub penalty: String,
    pub tolerance: String,
    pub advice: Text,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dimension {
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub weight: String,
    pub source: Option<String>,
    pub bands: Option<Vec<Band>>,
    pub items: Vec<Item>,
    pub recommendations: Vec<Advice>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub text: Text,
    pub group_text: BTreeMap<String, Text>,
    pub kind: ItemKind,
    pub reverse: bool,
    pub weight: String,
    pub not_applicable: bool,
    pub required: bool,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            id: String::new(),
            text: Text::new(),
            group_text: BTreeMap::new(),
            kind: ItemKind::Scale,
            reverse: false,
            weight: "1".into(),
            not_applicable: true,
            required: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Advice {
    pub bands: Vec<String>,
    /// The context question and the answers it applies to, when it is chosen by context.
    pub when: Option<(String, Vec<String>)>,
    pub text: Text,
}

/// The element id of the form control for the JSON path `path` (`dimensions[1].items[0].text.fr`
/// gives `f-dimensions-1-items-0-text-fr`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => id.push(c),
            _ => id.push('_'),
        }
    }
    id
}

pub const TONES: [(Tone, &str); 3] =
    [(Tone::Concern, "concern"), (Tone::Borderline, "borderline"), (Tone::Strength, "strength")];
pub const MODES: [(Mode, &str); 3] = [(Mode::Mean, "mean"), (Mode::Sum, "sum"), (Mode::Stage, "stage")];

pub fn tone_name(tone: Tone) -> &'static str {
    TONES.iter().find(|(t, _)| *t == tone).map_or("concern", |(_, n)| n)
}

pub fn mode_name(mode: Mode) -> &'static str {
    MODES.iter().find(|(m, _)| *m == mode).map_or("mean", |(_, n)| n)
}

impl Draft {
    /// What to call an item (an area, a band, an answer, a group) in the interface: its `text`
    /// in the interface language `ui` when the questionnaire has that language and the text is
    /// written, else in the questionnaire's first language, else its `id`. With the language
    /// the name is in (`None` for the id).
    pub fn name_of(&self, text: &Text, id: &str, ui: &str) -> (Option<String>, String) {
        let first = self.locales.first().map(String::as_str);
        let written = |lang: &str| text.get(lang).map(|s| s.trim()).filter(|s| !s.is_empty());
        [Some(ui).filter(|l| self.locales.iter().any(|x| x == l)), first]
            .into_iter()
            .flatten()
            .find_map(|lang| written(lang).map(|s| (Some(lang.to_owned()), s.to_owned())))
            .unwrap_or_else(|| (None, id.to_owned()))
    }

    /// A new questionnaire with one area and one statement, in `lang`, on the standard 1-5 scale.
    pub fn blank(lang: &str) -> Draft {
        let text = |s: &str| Text::from([(lang.to_owned(), s.to_owned())]);
        Draft {
            id: "my-questionnaire".into(),
            version: "1".into(),
            locales: vec![lang.to_owned()],
            title: Text::new(),
            scale_min: "1".into(),
            scale_max: "5".into(),
            mode: Mode::Mean,
            bands: vec![
                Band { id: "concern".into(), from: "1".into(), label: text(""), tone: Tone::Concern },
                Band { id: "borderline".into(), from: "3".into(), label: text(""), tone: Tone::Borderline },
                Band { id: "strength".into(), from: "4".into(), label: text(""), tone: Tone::Strength },
            ],
            min_answered_share: "0.5".into(),
            anonymity_k: "5".into(),
            gap_threshold: "0.5".into(),
            dimensions: vec![Dimension {
                id: "area-1".into(),
                weight: "1".into(),
                items: vec![Item { id: "q1".into(), ..Item::default() }],
                ..Dimension::default()
            }],
            ..Draft::default()
        }
    }

    /// The built-in questionnaire `id`, as a copy to adapt: a new id, version 1, "(copy)" in
    /// the title is left to the author.
    pub fn copy_of_builtin(id: &str) -> Option<Draft> {
        let source = partnerscope_core::builtin::source(id)?;
        let (mut draft, _) = Draft::from_json(&source).ok()?;
        draft.id = format!("{id}-copy");
        draft.version = "1".into();
        Some(draft)
    }

    /// Every scored statement, with its area: `(area index, item index)`.
    pub fn statements(&self) -> impl Iterator<Item = (usize, usize, &Item)> {
        self.dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| dim.items.iter().enumerate().map(move |(i, it)| (d, i, it)))
    }

    /// The number of points on the scale, when its ends are whole numbers in order.
    pub fn scale_points(&self) -> Option<usize> {
        let min: i32 = self.scale_min.trim().parse().ok()?;
        let max: i32 = self.scale_max.trim().parse().ok()?;
        (max > min && max - min < 20).then(|| (max - min + 1) as usize)
    }

    /// An id not yet used among `taken`, `prefix` and a number.
    pub fn fresh_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
        let taken: Vec<&str> = taken.collect();
        (1..).map(|n| format!("{prefix}{n}")).find(|id| !taken.contains(&id.as_str())).unwrap_or_default()
    }

    /// The id of a new entry beside `siblings`: when most of them are a common stem and a number
    /// (`t1, t2, t3`), the next number with that stem (`t4`; `pw09` gives `pw10`, `s01` gives
    /// `s02`), else `fallback` and the first free number. Never one of `taken` (every id of that
    /// kind in the questionnaire, which the core wants unique).
    pub fn next_id(siblings: &[&str], taken: &[&str], fallback: &str) -> String {
        let numbered: Vec<(&str, &str)> = siblings
            .iter()
            .filter_map(|id| {
                let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
                (!stem.is_empty() && stem.len() < id.len()).then(|| (stem, &id[stem.len()..]))
            })
            .collect();
        let stem = numbered
            .iter()
            .map(|(stem, _)| *stem)
            .find(|stem| numbered.iter().filter(|(s, _)| s == stem).count() * 2 > siblings.len());
        let Some(stem) = stem else {
            return Draft::fresh_id(fallback, taken.iter().copied());
        };
        let (mut n, width) = numbered
            .iter()
            .filter(|(s, _)| *s == stem)
            .filter_map(|(_, digits)| Some((digits.parse::<u64>().ok()?, digits.len())))
            .max()
            .unwrap_or((0, 1));
        loop {
            n += 1;
            let id = format!("{stem}{n:0width$}");
            if !taken.contains(&id.as_str()) {
                return id;
            }
        }
    }

    /// Adds a statement to area `a`, its id following the area's (see [`Draft::next_id`]);
    /// returns its index in the area.
    pub fn add_statement(&mut self, a: usize) -> Option<usize> {
        let taken: Vec<String> = self.statements().map(|(_, _, i)| i.id.clone()).collect();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let dim = self.dimensions.get_mut(a)?;
        let siblings: Vec<&str> = dim.items.iter().map(|i| i.id.as_str()).collect();
        let id = Draft::next_id(&siblings, &taken, "q");
        dim.items.push(Item { id, ..Item::default() });
        Some(dim.items.len() - 1)
    }

    /// Adds an area with one statement: the area's id follows the other areas', the statement's
    /// the questionnaire's statements when they share one stem (a blank questionnaire's `q1, q2`),
    /// else `q` and the first free number.
    pub fn add_area(&mut self) {
        let areas: Vec<&str> = self.dimensions.iter().map(|x| x.id.as_str()).collect();
        let id = Draft::next_id(&areas, &areas, "area-");
        let statements: Vec<&str> = self.statements().map(|(_, _, i)| i.id.as_str()).collect();
        let item = Draft::next_id(&statements, &statements, "q");
        self.dimensions.push(Dimension {
            id,
            weight: "1".into(),
            items: vec![Item { id: item, ..Item::default() }],
            ..Dimension::default()
        });
    }

    pub fn add_group(&mut self) {
        let ids: Vec<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        let id = Draft::next_id(&ids, &ids, "group-");
        self.groups.push(Group { id, ..Group::default() });
    }

    pub fn add_context(&mut self) {
        let ids: Vec<&str> = self.context.iter().map(|g| g.id.as_str()).collect();
        let id = Draft::next_id(&ids, &ids, "question-");
        self.context.push(Context { id, ..Context::default() });
    }

    /// Adds an answer to context question `c`.
    pub fn add_option(&mut self, c: usize) {
        if let Some(q) = self.context.get_mut(c) {
            let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
            let id = Draft::next_id(&ids, &ids, "option-");
            q.options.push(Choice { id, ..Choice::default() });
        }
    }

    pub fn add_stage(&mut self) {
        let ids: Vec<&str> = self.stages.iter().map(|s| s.id.as_str()).collect();
        let id = Draft::next_id(&ids, &ids, "stage-");
        self.stages.push(Stage { id, ..Stage::default() });
    }
}

/// Adds a band to a list of bands (the scoring's, the total's or an area's own).
pub fn add_band(bands: &mut Vec<Band>) {
    let ids: Vec<&str> = bands.iter().map(|b| b.id.as_str()).collect();
    let id = Draft::next_id(&ids, &ids, "band-");
    bands.push(Band { id, ..Band::default() });
}
