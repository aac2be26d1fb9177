//! Which translations may be out of date: a fingerprint of the first language's text as it
//! was when each translation was written (`Draft::translated_from`), compared with the text as
//! it is now, and kept up to date by [`track`] on every edit.

use std::collections::BTreeMap;

use super::{Slot, counts, slots};
use crate::model::{Draft, Text};

/// The fingerprint of a first-language text kept in `Draft::translated_from` (no clock, no
/// randomness: the same text gives the same print on every device).
pub(super) fn source_print(text: &str) -> String {
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
