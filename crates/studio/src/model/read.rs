//! Reading any instrument document into a [`Draft`], leniently ([`Lenient`]): a field that is
//! missing or of the wrong type is read as empty or as the schema's default, so a file with
//! mistakes still opens and the core's validation lists them. One function per part of the
//! document.

use std::collections::BTreeMap;

use partnerscope_core::instrument::{ItemKind, Mode};
use partnerscope_core::json::{self, Value};

use super::lenient::Lenient;
use super::{Advice, Balance, Choice, Context, Dimension, Draft, Group, Item, Stage, Text};
use crate::notes::Note;

impl Draft {
    /// Reads any instrument document. Returns the draft and the notes of reading it leniently
    /// (what could not be taken over); the core's validation lists the rest.
    pub fn from_json(text: &str) -> Result<(Draft, Vec<Note>), String> {
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
            groups: o.list("groups").iter().map(group).collect(),
            context: o.list("context").iter().map(context).collect(),
            mode: match scoring.str("mode").as_str() {
                "sum" => Mode::Sum,
                "stage" => Mode::Stage,
                _ => Mode::Mean,
            },
            bands: scoring.list("bands").into_iter().map(|b| b.band()).collect(),
            total_bands: scoring.list("total_bands").into_iter().map(|b| b.band()).collect(),
            stages: scoring.list("stages").iter().map(stage).collect(),
            min_answered_share: o.num_or("min_answered_share", "0.5"),
            anonymity_k: o.num_or("anonymity_k", "5"),
            comment_k: o.num_or("comment_k", ""),
            gap_threshold: o.num_or("gap_threshold", "0.5"),
            balance: o.has("balance").then(|| balance(&o.get("balance"))),
            dimensions: o.list("dimensions").iter().map(dimension).collect(),
            interface: interface(&o.get("interface")),
            translated_from: BTreeMap::new(),
        };
        if o.get("schema").num_or("", "1") != "1" && o.has("schema") {
            notes.push(Note::SchemaVersion);
        }
        Ok((draft, notes))
    }

    /// Reads what [`Draft::translated_from_json`] wrote; anything else gives nothing (every
    /// translation current), so a damaged or missing record never stops a draft from loading.
    pub fn read_translated_from(text: &str) -> BTreeMap<String, Text> {
        let mut out = BTreeMap::new();
        let Ok(value) = json::parse(text) else { return out };
        for (key, prints) in (Lenient { value: &value }).members() {
            let prints = Lenient { value: prints }.text_self();
            if !prints.is_empty() {
                out.insert(key.to_owned(), prints);
            }
        }
        out
    }
}

fn group(g: &Lenient) -> Group {
    Group { id: g.str("id"), label: g.text("label"), name: g.text("name") }
}

fn context(c: &Lenient) -> Context {
    Context {
        id: c.str("id"),
        label: c.text("label"),
        options: c.list("options").into_iter().map(|x| Choice { id: x.str("id"), label: x.text("label") }).collect(),
    }
}

fn stage(s: &Lenient) -> Stage {
    Stage {
        id: s.str("id"),
        title: s.text("title"),
        description: s.text("description"),
        dimensions: s.strs("dimensions"),
        threshold: s.num_or("threshold", ""),
    }
}

fn balance(b: &Lenient) -> Balance {
    Balance {
        dimensions: b.strs("dimensions"),
        penalty: b.num_or("penalty", "1"),
        tolerance: b.num_or("tolerance", "1"),
        advice: b.text("advice"),
    }
}

fn dimension(d: &Lenient) -> Dimension {
    Dimension {
        id: d.str("id"),
        title: d.text("title"),
        description: d.text("description"),
        weight: d.num_or("weight", "1"),
        source: d.has("source").then(|| d.str("source")),
        bands: d.has("bands").then(|| d.list("bands").into_iter().map(|b| b.band()).collect()),
        items: d.list("items").iter().map(item).collect(),
        recommendations: d.list("recommendations").iter().map(advice).collect(),
    }
}

fn item(i: &Lenient) -> Item {
    Item {
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
    }
}

fn advice(r: &Lenient) -> Advice {
    Advice {
        bands: r.strs("bands"),
        when: r.has("when").then(|| {
            let w = r.get("when");
            (w.str("question"), w.strs("options"))
        }),
        text: r.text("text"),
    }
}

/// The document's `interface` (per language, its strings by key) turned round: per key, its
/// text in each language, as [`Draft::interface`] keeps it.
fn interface(by_lang: &Lenient) -> BTreeMap<String, Text> {
    let mut by_key: BTreeMap<String, Text> = BTreeMap::new();
    for (lang, strings) in by_lang.members() {
        for (key, text) in (Lenient { value: strings }).members() {
            by_key.entry(key.to_owned()).or_default().insert(lang.to_owned(), Lenient { value: text }.str_self());
        }
    }
    by_key
}
