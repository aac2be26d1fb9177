//! Localised text: one string per locale code (`"en"`, `"fr"`, `"es"`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A piece of instrument text in every declared locale.
///
/// Kept as an ordered map so that serialising an instrument is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `locale`, falling back to English and then to any locale present, so that a
    /// validated instrument never shows an empty label even for a locale it does not declare.
    pub fn get(&self, locale: &str) -> &str {
        self.0
            .get(locale)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// True when no locale has any text.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|s| s.trim().is_empty())
    }

    /// Builds a text from `(locale, text)` pairs; handy in tests and built-in defaults.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Text(pairs.iter().map(|(l, t)| ((*l).to_owned(), (*t).to_owned())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn falls_back_to_english_then_any() {
        let t = Text::from_pairs(&[("en", "Hello"), ("fr", "Bonjour")]);
        assert_eq!(t.get("fr"), "Bonjour");
        assert_eq!(t.get("es"), "Hello");
        let only_fr = Text::from_pairs(&[("fr", "Bonjour")]);
        assert_eq!(only_fr.get("es"), "Bonjour");
        assert_eq!(Text::default().get("en"), "");
    }
}
