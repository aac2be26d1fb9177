//! A questionnaire's own interface strings laid over one of the apps' tables (the survey's or
//! the report's): the same rule for both, written once.

use std::any::Any;
use std::cell::RefCell;

use partnerscope_core::Instrument;

thread_local! {
    /// The tables made, by table, questionnaire (id, version, size) and language: made once
    /// each, kept for the page's life (a few kilobytes each).
    static MADE: RefCell<Vec<(String, &'static dyn Any)>> = const { RefCell::new(Vec::new()) };
}

/// How one app's table takes a questionnaire's strings.
pub struct Table<'a, T> {
    /// Names the table in the key and in the console ("interface", "report").
    pub what: &'static str,
    /// Whether the app ships the language asked for.
    pub ships: bool,
    /// The app's table in that language, or in the questionnaire's first language when the app
    /// does not ship it.
    pub base: &'a T,
    /// Sets the table's language code.
    pub code: fn(&mut T, &'static str),
    /// Sets the string a key names; a key that is not the table's is passed over.
    pub set: fn(&mut T, &str, &'static str),
    /// The keys the questionnaire leaves out in that language: asked only when the table is
    /// made for a language the app does not ship (for one it ships, its own table has them all).
    pub missing: fn(&Instrument, &str) -> Vec<&'static str>,
}

/// `table.base` with the questionnaire's strings for `lang` laid over it, and for a language
/// the app does not ship, first those of the questionnaire's first language: a string left out
/// is visibly another language, never blank, and the ones left out are counted in the browser's
/// console for the author.
pub fn overlay<T: Clone + 'static>(instrument: &Instrument, lang: &str, table: Table<'_, T>) -> &'static T {
    let doc = instrument.doc();
    let key = format!("{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{lang}", table.what, doc.id, doc.version, doc.interface.len());
    let made = MADE.with(|m| m.borrow().iter().find(|(k, _)| *k == key).and_then(|(_, t)| t.downcast_ref::<T>()));
    if let Some(made) = made {
        return made;
    }
    let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
    let first = doc.locales.first().map_or("en", String::as_str);
    let mut text = table.base.clone();
    (table.code)(&mut text, leak(lang));
    let mut apply = |locale: &str| {
        for (k, v) in doc.interface.get(locale).into_iter().flatten() {
            (table.set)(&mut text, k, leak(v));
        }
    };
    if !table.ships && first != lang {
        apply(first);
    }
    apply(lang);
    let missing = if table.ships { Vec::new() } else { (table.missing)(instrument, lang) };
    if !missing.is_empty() {
        crate::warn(&format!(
            "Partnerscope: \"{}\" has no {} text in \"{lang}\" for {} strings, shown in \"{first}\": {}.",
            doc.id,
            table.what,
            missing.len(),
            missing.join(", ")
        ));
    }
    let made: &'static T = Box::leak(Box::new(text));
    MADE.with(|m| m.borrow_mut().push((key, made)));
    made
}
