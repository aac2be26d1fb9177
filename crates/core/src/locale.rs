//! Rules of writing that depend on the language, shared by the survey and the report.

/// The primary subtag of a language tag (`pt` of `pt-BR`), as written.
fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// The decimal separator of language `lang` (`en`, `fr`, `pt-BR`): a point in English and in
/// Arabic, a comma in the product's other languages (French, Spanish and Portuguese write
/// `3,25`). The one rule: the survey and the report both ask here.
///
/// Arabic is written with Western digits and a point (`3.25`, CLDR's Arabic with Latin
/// digits): the questionnaires' own Arabic text writes its figures in Western digits
/// ("6 دقائق", "المرحلة 1"), and one screen should not mix them with Eastern Arabic digits
/// (٣٫٢٥). See `docs/languages.md`.
pub fn decimal_separator(lang: &str) -> char {
    let p = primary(lang);
    if p.eq_ignore_ascii_case("en") || p.eq_ignore_ascii_case("ar") { '.' } else { ',' }
}

/// The writing direction of `lang`: `"rtl"` for the languages written right to left (Arabic,
/// Persian, Hebrew, Urdu, Pashto, Sindhi, Uyghur, Yiddish, Dhivehi, Central Kurdish), else
/// `"ltr"`. For the `dir` attribute, so a questionnaire in a language the product does not
/// ship is laid out the right way too.
pub fn direction(lang: &str) -> &'static str {
    const RTL: &[&str] = &["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];
    let p = primary(lang);
    if RTL.iter().any(|r| r.eq_ignore_ascii_case(p)) { "rtl" } else { "ltr" }
}

/// The languages the product ships its own words in, in the order of every table of them (the
/// built-ins' packed texts, and each app's words).
pub const SHIPPED: [&str; 5] = crate::pack::LANGUAGES;

/// Each [`SHIPPED`] language with its name in that language, for the language pickers.
pub const SHIPPED_NAMES: [(&str, &str); 5] =
    [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية"), ("pt", "Português")];

/// `lang`'s table among `tables`, one per [`SHIPPED`] language in that order; English's for a
/// language the product does not ship (the survey, the report and the studio each ask here
/// for their words).
pub fn shipped_table<T: ?Sized>(lang: &str, tables: [&'static T; 5]) -> &'static T {
    SHIPPED.iter().position(|l| *l == lang).map_or(tables[0], |i| tables[i])
}

/// The first of `offered` that the reader's `wanted` languages (best first, as the browser's
/// `navigator.languages` or a page's `lang`) ask for: an exact match of a wanted tag first,
/// then the same primary language (`pt-PT` and `pt-BR` find `pt`; `pt` finds `pt-BR`), before
/// trying the next wanted tag. Case does not matter. `None` when nothing fits.
pub fn negotiate<'a>(wanted: &[String], offered: &[&'a str]) -> Option<&'a str> {
    wanted.iter().find_map(|w| {
        offered
            .iter()
            .find(|o| o.eq_ignore_ascii_case(w))
            .or_else(|| offered.iter().find(|o| primary(o).eq_ignore_ascii_case(primary(w))))
            .copied()
    })
}

/// Whether `s` is a locale code as instruments and responses write them (`en`, `fr`, `pt-BR`):
/// the one definition, for both (here, below both, so neither module needs the other for it).
pub fn valid_locale_tag(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn english_and_arabic_write_a_point_and_the_other_languages_a_comma() {
        for (lang, separator) in [
            ("en", '.'),
            ("en-GB", '.'),
            ("EN", '.'),
            ("ar", '.'),
            ("ar-EG", '.'),
            ("fr", ','),
            ("es", ','),
            ("pt-BR", ','),
            ("pt", ','),
            ("eng", ','),
        ] {
            assert_eq!(decimal_separator(lang), separator, "{lang}");
        }
    }

    #[test]
    fn arabic_and_the_other_right_to_left_languages_are_right_to_left() {
        for (lang, dir) in [("ar", "rtl"), ("ar-MA", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("en", "ltr"), ("pt", "ltr")]
        {
            assert_eq!(direction(lang), dir, "{lang}");
        }
    }

    #[test]
    fn the_shipped_tables_are_in_one_order_with_english_first() {
        assert_eq!(SHIPPED[0], "en", "shipped_table falls back to the first table");
        assert_eq!(SHIPPED_NAMES.map(|(code, _)| code), SHIPPED);
        static TABLES: [&str; 5] = ["EN", "FR", "ES", "AR", "PT"];
        let tables = [&TABLES[0], &TABLES[1], &TABLES[2], &TABLES[3], &TABLES[4]];
        assert_eq!(SHIPPED.map(|lang| *shipped_table(lang, tables)), TABLES);
        assert_eq!(*shipped_table("de", tables), "EN");
        assert_eq!(*shipped_table("", tables), "EN");
    }

    #[test]
    fn a_regional_browser_language_finds_the_language_and_order_is_kept() {
        let offered = ["en", "fr", "es", "ar", "pt"];
        let wanted = |tags: &[&str]| tags.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(negotiate(&wanted(&["pt-PT", "en"]), &offered), Some("pt"));
        assert_eq!(negotiate(&wanted(&["pt-BR"]), &offered), Some("pt"));
        assert_eq!(negotiate(&wanted(&["AR"]), &offered), Some("ar"));
        assert_eq!(negotiate(&wanted(&["de-DE", "fr-CA", "en"]), &offered), Some("fr"));
        assert_eq!(negotiate(&wanted(&["de"]), &offered), None);
        assert_eq!(negotiate(&wanted(&["pt"]), &["en", "pt-BR"]), Some("pt-BR"));
        assert_eq!(negotiate(&wanted(&["pt-BR"]), &["pt-PT", "pt-BR"]), Some("pt-BR"));
        assert_eq!(negotiate(&[], &offered), None);
    }
}
