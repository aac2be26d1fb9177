//! The questionnaire as the author edits it: the instrument schema field by field, with every
//! number kept as the text typed, so a half-typed "4." or a stray letter stays on screen and is
//! reported by the core's own validation at its path instead of being lost.
//!
//! *API boundary*: [`Draft::to_json`] writes the instrument JSON the rest of the product reads
//! (`Instrument::from_json`); its paths are those of the core's diagnostics, and every form
//! control's id is made from the same path by [`field_id`], so a problem can move focus to
//! its field. [`Draft::from_json`] reads any document leniently (a file with mistakes still
//! opens, and the mistakes are listed); the core decides what is valid.

use std::collections::BTreeMap;

use partnerscope_core::instrument::{ItemKind, Mode, Tone};
use partnerscope_core::json::{self, Value, write_string};
use partnerscope_core::text::written;

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
    pub gap_threshold: String,
    pub balance: Option<Balance>,
    pub dimensions: Vec<Dimension>,
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

    /// Reads any instrument document. Returns the draft and the problems of reading it leniently
    /// (what could not be taken over); the core's validation lists the rest.
    pub fn from_json(text: &str) -> Result<(Draft, Vec<String>), String> {
        let value = json::parse(text).map_err(|d| d.to_string())?;
        let mut notes = Vec::new();
        let Value::Object(_) = &value else {
            return Err("the file is JSON but not a questionnaire (not an object)".into());
        };
        let o = Lenient { value: &value };
        let scale = o.get("scale");
        let scoring = o.get("scoring");
        let draft = Draft {
            id: o.str("id"),
            version: o.str("version"),
            locales: o.strs("locales"),
            title: o.text("title"),
            description: o.text("description"),
            audience: o.text("audience"),
            scale_min: scale.num_or("min", "1"),
            scale_max: scale.num_or("max", "5"),
            scale_labels: scale
                .get("labels")
                .members()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Lenient { value: v }.strs_self()))
                .collect(),
            not_applicable: scale.text("not_applicable"),
            groups: o
                .list("groups")
                .into_iter()
                .map(|g| Group { id: g.str("id"), label: g.text("label"), name: g.text("name") })
                .collect(),
            context: o
                .list("context")
                .into_iter()
                .map(|c| Context {
                    id: c.str("id"),
                    label: c.text("label"),
                    options: c
                        .list("options")
                        .into_iter()
                        .map(|x| Choice { id: x.str("id"), label: x.text("label") })
                        .collect(),
                })
                .collect(),
            mode: match scoring.str("mode").as_str() {
                "sum" => Mode::Sum,
                "stage" => Mode::Stage,
                _ => Mode::Mean,
            },
            bands: scoring.list("bands").into_iter().map(|b| b.band()).collect(),
            total_bands: scoring.list("total_bands").into_iter().map(|b| b.band()).collect(),
            stages: scoring
                .list("stages")
                .into_iter()
                .map(|s| Stage {
                    id: s.str("id"),
                    title: s.text("title"),
                    description: s.text("description"),
                    dimensions: s.strs("dimensions"),
                    threshold: s.num_or("threshold", ""),
                })
                .collect(),
            min_answered_share: o.num_or("min_answered_share", "0.5"),
            anonymity_k: o.num_or("anonymity_k", "5"),
            gap_threshold: o.num_or("gap_threshold", "0.5"),
            balance: o.has("balance").then(|| {
                let b = o.get("balance");
                Balance {
                    dimensions: b.strs("dimensions"),
                    penalty: b.num_or("penalty", "1"),
                    tolerance: b.num_or("tolerance", "1"),
                    advice: b.text("advice"),
                }
            }),
            dimensions: o
                .list("dimensions")
                .into_iter()
                .map(|d| Dimension {
                    id: d.str("id"),
                    title: d.text("title"),
                    description: d.text("description"),
                    weight: d.num_or("weight", "1"),
                    source: d.has("source").then(|| d.str("source")),
                    bands: d.has("bands").then(|| d.list("bands").into_iter().map(|b| b.band()).collect()),
                    items: d
                        .list("items")
                        .into_iter()
                        .map(|i| Item {
                            id: i.str("id"),
                            text: i.text("text"),
                            group_text: i
                                .get("group_text")
                                .members()
                                .into_iter()
                                .map(|(k, v)| (k.to_owned(), Lenient { value: v }.text_self()))
                                .collect(),
                            kind: if i.str("kind") == "comment" { ItemKind::Comment } else { ItemKind::Scale },
                            reverse: i.bool_or("reverse", false),
                            weight: i.num_or("weight", "1"),
                            not_applicable: i.bool_or("not_applicable", true),
                            required: i.bool_or("required", true),
                        })
                        .collect(),
                    recommendations: d
                        .list("recommendations")
                        .into_iter()
                        .map(|r| Advice {
                            bands: r.strs("bands"),
                            when: r.has("when").then(|| {
                                let w = r.get("when");
                                (w.str("question"), w.strs("options"))
                            }),
                            text: r.text("text"),
                        })
                        .collect(),
                })
                .collect(),
        };
        if o.get("schema").num_or("", "1") != "1" && o.has("schema") {
            notes.push("the file declares another schema version; it was read as version 1".to_owned());
        }
        Ok((draft, notes))
    }

    /// The instrument JSON. A number field holding something that is not a JSON number is
    /// written as a string, so the core reports it at its path ("expected a number").
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.open('{');
        w.key("schema");
        w.raw("1");
        w.key("id");
        w.string(&self.id);
        w.key("version");
        w.string(&self.version);
        w.key("locales");
        w.strings(&self.locales);
        w.key("title");
        w.text(&self.title);
        if !self.description.is_empty() {
            w.key("description");
            w.text(&self.description);
        }
        if !self.audience.is_empty() {
            w.key("audience");
            w.text(&self.audience);
        }
        w.key("scale");
        w.open('{');
        w.key("min");
        w.number(&self.scale_min);
        w.key("max");
        w.number(&self.scale_max);
        if !self.scale_labels.is_empty() {
            w.key("labels");
            w.open('{');
            for (lang, labels) in &self.scale_labels {
                w.key(lang);
                w.strings(labels);
            }
            w.close('}');
        }
        if !self.not_applicable.is_empty() {
            w.key("not_applicable");
            w.text(&self.not_applicable);
        }
        w.close('}');
        if !self.groups.is_empty() {
            w.key("groups");
            w.open('[');
            for g in &self.groups {
                w.open('{');
                w.key("id");
                w.string(&g.id);
                w.key("label");
                w.text(&g.label);
                if !g.name.is_empty() {
                    w.key("name");
                    w.text(&g.name);
                }
                w.close('}');
            }
            w.close(']');
        }
        if !self.context.is_empty() {
            w.key("context");
            w.open('[');
            for c in &self.context {
                w.open('{');
                w.key("id");
                w.string(&c.id);
                w.key("label");
                w.text(&c.label);
                w.key("options");
                w.open('[');
                for x in &c.options {
                    w.open('{');
                    w.key("id");
                    w.string(&x.id);
                    w.key("label");
                    w.text(&x.label);
                    w.close('}');
                }
                w.close(']');
                w.close('}');
            }
            w.close(']');
        }
        w.key("scoring");
        w.open('{');
        w.key("mode");
        w.string(mode_name(self.mode));
        w.key("bands");
        w.bands(&self.bands);
        if !self.total_bands.is_empty() {
            w.key("total_bands");
            w.bands(&self.total_bands);
        }
        if !self.stages.is_empty() {
            w.key("stages");
            w.open('[');
            for s in &self.stages {
                w.open('{');
                w.key("id");
                w.string(&s.id);
                w.key("title");
                w.text(&s.title);
                if !s.description.is_empty() {
                    w.key("description");
                    w.text(&s.description);
                }
                w.key("dimensions");
                w.strings(&s.dimensions);
                w.key("threshold");
                w.number(&s.threshold);
                w.close('}');
            }
            w.close(']');
        }
        w.close('}');
        w.key("min_answered_share");
        w.number(&self.min_answered_share);
        w.key("anonymity_k");
        w.number(&self.anonymity_k);
        w.key("gap_threshold");
        w.number(&self.gap_threshold);
        if let Some(b) = &self.balance {
            w.key("balance");
            w.open('{');
            w.key("dimensions");
            w.strings(&b.dimensions);
            w.key("penalty");
            w.number(&b.penalty);
            w.key("tolerance");
            w.number(&b.tolerance);
            if !b.advice.is_empty() {
                w.key("advice");
                w.text(&b.advice);
            }
            w.close('}');
        }
        w.key("dimensions");
        w.open('[');
        for d in &self.dimensions {
            w.open('{');
            w.key("id");
            w.string(&d.id);
            w.key("title");
            w.text(&d.title);
            if !d.description.is_empty() {
                w.key("description");
                w.text(&d.description);
            }
            w.key("weight");
            w.number(&d.weight);
            if let Some(source) = &d.source {
                w.key("source");
                w.string(source);
            }
            if let Some(bands) = &d.bands {
                w.key("bands");
                w.bands(bands);
            }
            w.key("items");
            w.open('[');
            for i in &d.items {
                w.open('{');
                w.key("id");
                w.string(&i.id);
                w.key("text");
                w.text(&i.text);
                if !i.group_text.is_empty() {
                    w.key("group_text");
                    w.open('{');
                    for (group, text) in &i.group_text {
                        w.key(group);
                        w.text(text);
                    }
                    w.close('}');
                }
                if i.kind == ItemKind::Comment {
                    w.key("kind");
                    w.string("comment");
                }
                if i.reverse {
                    w.key("reverse");
                    w.raw("true");
                }
                if i.weight.trim() != "1" {
                    w.key("weight");
                    w.number(&i.weight);
                }
                if !i.not_applicable {
                    w.key("not_applicable");
                    w.raw("false");
                }
                if !i.required {
                    w.key("required");
                    w.raw("false");
                }
                w.close('}');
            }
            w.close(']');
            if !d.recommendations.is_empty() {
                w.key("recommendations");
                w.open('[');
                for r in &d.recommendations {
                    w.open('{');
                    w.key("bands");
                    w.strings(&r.bands);
                    if let Some((question, options)) = &r.when {
                        w.key("when");
                        w.open('{');
                        w.key("question");
                        w.string(question);
                        w.key("options");
                        w.strings(options);
                        w.close('}');
                    }
                    w.key("text");
                    w.text(&r.text);
                    w.close('}');
                }
                w.close(']');
            }
            w.close('}');
        }
        w.close(']');
        w.close('}');
        w.out.push('\n');
        w.out
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
}

/// A pretty-enough JSON writer: one member per line at the top two levels is not needed, the
/// studio's file is read by machines and by the studio; strings through the core's escaper.
#[derive(Default)]
struct Writer {
    out: String,
    /// Whether the next value in the current container needs a comma before it.
    comma: Vec<bool>,
}

impl Writer {
    fn sep(&mut self) {
        if let Some(c) = self.comma.last_mut() {
            if *c {
                self.out.push(',');
            }
            *c = true;
        }
    }
    fn open(&mut self, c: char) {
        if !self.out.ends_with(':') {
            self.sep();
        }
        self.out.push(c);
        self.comma.push(false);
    }
    fn close(&mut self, c: char) {
        self.comma.pop();
        self.out.push(c);
    }
    fn key(&mut self, key: &str) {
        self.sep();
        write_string(&mut self.out, key);
        self.out.push(':');
    }
    fn value_start(&mut self) {
        if !self.out.ends_with(':') {
            self.sep();
        }
    }
    fn raw(&mut self, raw: &str) {
        self.value_start();
        self.out.push_str(raw);
    }
    fn string(&mut self, s: &str) {
        self.value_start();
        write_string(&mut self.out, s);
    }
    fn number(&mut self, s: &str) {
        let t = s.trim();
        if is_json_number(t) { self.raw(t) } else { self.string(s) }
    }
    fn strings(&mut self, list: &[String]) {
        self.open('[');
        for s in list {
            self.string(s);
        }
        self.close(']');
    }
    fn text(&mut self, text: &Text) {
        self.open('{');
        for (lang, s) in text {
            self.key(lang);
            self.string(s);
        }
        self.close('}');
    }
    fn bands(&mut self, bands: &[Band]) {
        self.open('[');
        for b in bands {
            self.open('{');
            self.key("id");
            self.string(&b.id);
            self.key("from");
            self.number(&b.from);
            self.key("label");
            self.text(&b.label);
            self.key("tone");
            self.string(tone_name(b.tone));
            self.close('}');
        }
        self.close(']');
    }
}

/// Whether `s` is a JSON number (RFC 8259's grammar).
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// A forgiving view of a JSON value: a missing or mistyped member reads as empty.
#[derive(Clone, Copy)]
struct Lenient<'v, 'a> {
    value: &'v Value<'a>,
}

static NULL: Value<'static> = Value::Null;

impl<'v, 'a> Lenient<'v, 'a> {
    fn get(&self, key: &str) -> Lenient<'v, 'a> {
        if let Value::Object(members) = self.value {
            for (k, v) in members {
                if k == key {
                    return Lenient { value: v };
                }
            }
        }
        Lenient { value: &NULL }
    }
    fn has(&self, key: &str) -> bool {
        !matches!(self.get(key).value, Value::Null)
    }
    fn members(&self) -> Vec<(&'v str, &'v Value<'a>)> {
        match self.value {
            Value::Object(members) => members.iter().map(|(k, v)| (k.as_ref(), v)).collect(),
            _ => Vec::new(),
        }
    }
    fn list(&self, key: &str) -> Vec<Lenient<'v, 'a>> {
        match self.get(key).value {
            Value::Array(values) => values.iter().map(|value| Lenient { value }).collect(),
            _ => Vec::new(),
        }
    }
    fn str(&self, key: &str) -> String {
        self.get(key).str_self()
    }
    fn str_self(&self) -> String {
        match self.value {
            Value::String(s) => s.to_string(),
            Value::Number(n) => written(*n),
            _ => String::new(),
        }
    }
    fn strs(&self, key: &str) -> Vec<String> {
        self.get(key).strs_self()
    }
    fn strs_self(&self) -> Vec<String> {
        match self.value {
            Value::Array(values) => values.iter().map(|value| Lenient { value }.str_self()).collect(),
            _ => Vec::new(),
        }
    }
    fn text(&self, key: &str) -> Text {
        self.get(key).text_self()
    }
    fn text_self(&self) -> Text {
        self.members().into_iter().map(|(k, v)| (k.to_owned(), Lenient { value: v }.str_self())).collect()
    }
    /// A number as text; `default` when the member is absent.
    fn num_or(&self, key: &str, default: &str) -> String {
        let v = if key.is_empty() { *self } else { self.get(key) };
        match v.value {
            Value::Null => default.to_owned(),
            _ => v.str_self(),
        }
    }
    fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.get(key).value {
            Value::Bool(b) => *b,
            _ => default,
        }
    }
    fn band(&self) -> Band {
        Band {
            id: self.str("id"),
            from: self.num_or("from", ""),
            label: self.text("label"),
            tone: match self.str("tone").as_str() {
                "strength" => Tone::Strength,
                "borderline" => Tone::Borderline,
                _ => Tone::Concern,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnerscope_core::Instrument;

    #[test]
    fn every_builtin_reads_and_writes_back_the_same_instrument() {
        for (id, json) in partnerscope_core::builtin::sources() {
            let (draft, notes) = Draft::from_json(&json).expect("a built-in parses");
            assert!(notes.is_empty(), "{notes:?}");
            let written = draft.to_json();
            let again = Instrument::from_json(&written).unwrap_or_else(|p| panic!("{}: {p:?}", id));
            let original = Instrument::from_json(&json).expect("a built-in is valid");
            assert_eq!(again.doc(), original.doc(), "{}", id);
            assert_eq!(Draft::from_json(&written).expect("parses").0, draft);
        }
    }

    #[test]
    fn a_number_typed_wrong_is_reported_by_the_core_at_its_path() {
        let mut draft = Draft::blank("en");
        draft.title.insert("en".into(), "T".into());
        draft.dimensions[0].title.insert("en".into(), "Area".into());
        draft.dimensions[0].items[0].text.insert("en".into(), "We meet.".into());
        for b in &mut draft.bands {
            b.label.insert("en".into(), "x".into());
        }
        assert!(Instrument::from_json(&draft.to_json()).is_ok(), "{}", draft.to_json());
        draft.dimensions[0].items[0].weight = "2,5".into();
        let problems = Instrument::from_json(&draft.to_json()).expect_err("refused");
        assert!(problems.iter().any(|p| p.path == "dimensions[0].items[0].weight"), "{problems:?}");
    }

    #[test]
    fn field_ids_follow_paths_and_json_numbers_are_recognised() {
        assert_eq!(field_id("dimensions[1].items[0].text.fr"), "f-dimensions-1-items-0-text-fr");
        for good in ["0", "-1", "4.5", "1e3", "0.25E-2"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["", "01", "4.", ".5", "1e", "abc", "2,5", "+1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
