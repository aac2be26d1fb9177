//! Rules of writing that depend on the language, shared by the survey and the report.

/// The decimal separator of language `lang` (`en`, `fr`, `pt-BR`): a point in English, a comma
/// in the product's other languages (French, Spanish and Portuguese write `3,25`). The one
/// rule: the survey and the report both ask here.
pub fn decimal_separator(lang: &str) -> char {
    let english = lang.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en"))
        && matches!(lang.as_bytes().get(2), None | Some(b'-' | b'_'));
    if english { '.' } else { ',' }
}

/// Whether `s` is a locale code as instruments and responses write them (`en`, `fr`, `pt-BR`):
/// the one definition, for both (here, below both, so neither module needs the other for it).
pub(crate) fn valid_locale_tag(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn english_writes_a_point_and_the_other_languages_a_comma() {
        for (lang, separator) in [("en", '.'), ("en-GB", '.'), ("EN", '.'), ("fr", ','), ("es", ','), ("pt-BR", ',')] {
            assert_eq!(decimal_separator(lang), separator, "{lang}");
        }
    }
}
