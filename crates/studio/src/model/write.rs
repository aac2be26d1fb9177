//! Writing a [`Draft`] as the instrument JSON the rest of the product reads, one function per
//! part of the document, in the document's order. Empty optional parts are left out, as the
//! schema leaves them; a number field is written by [`Writer::number`] (a string when it is not
//! a JSON number, so the core reports it at its path).

use std::collections::BTreeMap;

use partnerscope_core::instrument::ItemKind;

use super::writer::Writer;
use super::{Advice, Balance, Context, Dimension, Draft, Group, Item, Stage, Text, mode_name};

impl Draft {
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
        optional_text(&mut w, "description", &self.description);
        optional_text(&mut w, "audience", &self.audience);
        scale(&mut w, self);
        groups(&mut w, &self.groups);
        context(&mut w, &self.context);
        scoring(&mut w, self);
        settings(&mut w, self);
        w.key("dimensions");
        w.list(&self.dimensions, dimension);
        interface(&mut w, &self.interface);
        w.close('}');
        w.out.push('\n');
        w.out
    }

    /// [`Draft::translated_from`] as JSON, for keeping beside the draft on the device.
    pub fn translated_from_json(&self) -> String {
        let mut w = Writer::default();
        w.open('{');
        for (key, prints) in &self.translated_from {
            w.key(key);
            w.text(prints);
        }
        w.close('}');
        w.out
    }
}

/// `key` and its text, unless the text is empty in every language.
fn optional_text(w: &mut Writer, key: &str, text: &Text) {
    if !text.is_empty() {
        w.key(key);
        w.text(text);
    }
}

/// `scale`: its ends, its labels per language and the "not applicable" choice's text.
fn scale(w: &mut Writer, d: &Draft) {
    w.key("scale");
    w.open('{');
    w.key("min");
    w.number(&d.scale_min);
    w.key("max");
    w.number(&d.scale_max);
    if !d.scale_labels.is_empty() {
        w.key("labels");
        w.open('{');
        for (lang, labels) in &d.scale_labels {
            w.key(lang);
            w.strings(labels);
        }
        w.close('}');
    }
    optional_text(w, "not_applicable", &d.not_applicable);
    w.close('}');
}

fn groups(w: &mut Writer, groups: &[Group]) {
    w.optional_list("groups", groups, |w, g| {
        w.open('{');
        w.key("id");
        w.string(&g.id);
        w.key("label");
        w.text(&g.label);
        optional_text(w, "name", &g.name);
        w.close('}');
    });
}

/// `context`: the context questions, each with its answers.
fn context(w: &mut Writer, context: &[Context]) {
    w.optional_list("context", context, |w, c| {
        w.open('{');
        w.key("id");
        w.string(&c.id);
        w.key("label");
        w.text(&c.label);
        w.key("options");
        w.list(&c.options, |w, x| {
            w.open('{');
            w.key("id");
            w.string(&x.id);
            w.key("label");
            w.text(&x.label);
            w.close('}');
        });
        w.close('}');
    });
}

/// `scoring`: the mode, the bands, the total's bands and the stages.
fn scoring(w: &mut Writer, d: &Draft) {
    w.key("scoring");
    w.open('{');
    w.key("mode");
    w.string(mode_name(d.mode));
    w.key("bands");
    w.bands(&d.bands);
    if !d.total_bands.is_empty() {
        w.key("total_bands");
        w.bands(&d.total_bands);
    }
    w.optional_list("stages", &d.stages, stage);
    w.close('}');
}

fn stage(w: &mut Writer, s: &Stage) {
    w.open('{');
    w.key("id");
    w.string(&s.id);
    w.key("title");
    w.text(&s.title);
    optional_text(w, "description", &s.description);
    w.key("dimensions");
    w.strings(&s.dimensions);
    w.key("threshold");
    w.number(&s.threshold);
    w.close('}');
}

/// The report's settings at the top level: the answered share, `k`, the comments' `k`, the gap
/// threshold and the balance.
fn settings(w: &mut Writer, d: &Draft) {
    w.key("min_answered_share");
    w.number(&d.min_answered_share);
    w.key("anonymity_k");
    w.number(&d.anonymity_k);
    if !d.comment_k.trim().is_empty() {
        w.key("comment_k");
        w.number(&d.comment_k);
    }
    w.key("gap_threshold");
    w.number(&d.gap_threshold);
    if let Some(b) = &d.balance {
        balance(w, b);
    }
}

fn balance(w: &mut Writer, b: &Balance) {
    w.key("balance");
    w.open('{');
    w.key("dimensions");
    w.strings(&b.dimensions);
    w.key("penalty");
    w.number(&b.penalty);
    w.key("tolerance");
    w.number(&b.tolerance);
    optional_text(w, "advice", &b.advice);
    w.close('}');
}

/// One area: its texts, weight, source and own bands, its statements and its advice.
fn dimension(w: &mut Writer, d: &Dimension) {
    w.open('{');
    w.key("id");
    w.string(&d.id);
    w.key("title");
    w.text(&d.title);
    optional_text(w, "description", &d.description);
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
    w.list(&d.items, item);
    w.optional_list("recommendations", &d.recommendations, advice);
    w.close('}');
}

/// One statement; what the schema's defaults already say (a scale item, not reversed, weight
/// 1, "not applicable" offered, required) is left out.
fn item(w: &mut Writer, i: &Item) {
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

fn advice(w: &mut Writer, r: &Advice) {
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

/// `interface`, turned back: per language, its interface strings (empty ones left out).
fn interface(w: &mut Writer, interface: &BTreeMap<String, Text>) {
    let mut by_lang: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (key, text) in interface {
        for (lang, value) in text.iter().filter(|(_, v)| !v.trim().is_empty()) {
            by_lang.entry(lang.as_str()).or_default().push((key.as_str(), value.as_str()));
        }
    }
    if by_lang.is_empty() {
        return;
    }
    w.key("interface");
    w.open('{');
    for (lang, strings) in by_lang {
        w.key(lang);
        w.open('{');
        for (key, value) in strings {
            w.key(key);
            w.string(value);
        }
        w.close('}');
    }
    w.close('}');
}
