//! Localised text: one string per locale code (`"en"`, `"fr"`, `"es"`).

use std::collections::BTreeMap;

use crate::json::{FromJson, Reader, Value};

/// A piece of instrument text in every declared locale, as an object `{"en": "...", "fr": "..."}`.
///
/// Kept as an ordered map so that iteration (and any output built from it) is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub BTreeMap<String, String>);

impl FromJson for Text {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        Text(BTreeMap::read(r, value, path))
    }
}

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

/// `value` with exactly `decimals` digits after `separator`, rounded half away from zero.
///
/// Written out by hand rather than with `format!("{:.2}")`: the standard float formatting
/// brings about 15 KB of code into the wasm, and this is all the product needs.
pub fn fixed(value: f64, decimals: u32, separator: char) -> String {
    if !value.is_finite() {
        return "?".to_owned();
    }
    let scale = 10u64.pow(decimals.min(9));
    let scaled = scaled(value, scale);
    let mut out = String::new();
    if value < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&(scaled / scale).to_string());
    if decimals > 0 {
        out.push(separator);
        let fraction = (scaled % scale).to_string();
        out.extend(std::iter::repeat_n('0', decimals.min(9) as usize - fraction.len()));
        out.push_str(&fraction);
    }
    out
}

/// The one tolerance for floating-point noise: a computed score is taken to the nearest
/// multiple of 10⁻⁹ before it is rounded for display or compared with a threshold, so a mean
/// that is exactly 3 in decimal arithmetic (weights 0.1 and 0.7, answers 3: 2.9999999999999996
/// in binary) is 3. Values beyond a million are left as they are.
pub fn settle(value: f64) -> f64 {
    if value.abs() < 1e6 { (value * 1e9).round_ties_even() / 1e9 } else { value }
}

/// `|value| · scale`, settled and rounded to a whole number, halves away from zero: the digits
/// [`fixed`] writes.
fn scaled(value: f64, scale: u64) -> u64 {
    (settle(value).abs() * scale as f64).round() as u64
}

/// `value` rounded to `decimals` decimals exactly as [`fixed`] writes it: the number a reader
/// sees, and the one every decision (band, stage, flag, order) is taken on.
pub fn rounded(value: f64, decimals: u32) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let scale = 10u64.pow(decimals.min(9));
    let magnitude = scaled(value, scale) as f64 / scale as f64;
    if value < 0.0 { -magnitude } else { magnitude }
}

/// Replaces each `{name}` placeholder of `template` with its value: the interfaces' strings in
/// every language are templates ("{dim} has too few answers").
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in pairs {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// `value` as short as it can be written with up to four decimals (`3`, `3.5`, `0.125`), for
/// messages about instrument settings.
pub fn short(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && value != 0.0 && !(1e-4..1e11).contains(&magnitude) {
        // Far from the usual range: as a person writes it, `1.8e16` or `2.5e-7`.
        let (mut mantissa, mut exponent) = (magnitude, 0i32);
        while mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        while mantissa < 1.0 {
            mantissa *= 10.0;
            exponent -= 1;
        }
        let sign = if value < 0.0 { "-" } else { "" };
        return format!("{sign}{}e{exponent}", short(mantissa));
    }
    let text = fixed(value, 4, '.');
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn numbers_are_written_without_float_formatting() {
        assert_eq!(fixed(4.1666, 2, '.'), "4.17");
        assert_eq!(fixed(2.8611, 2, ','), "2,86");
        assert_eq!(fixed(3.0, 2, '.'), "3.00");
        assert_eq!(fixed(0.05, 1, '.'), "0.1");
        assert_eq!(fixed(-0.004, 2, '.'), "0.00");
        assert_eq!(fixed(-1.5, 0, '.'), "-2");
        assert_eq!(fixed(62.5, 1, '.'), "62.5");
        assert_eq!(fixed(f64::NAN, 2, '.'), "?");
        assert_eq!(short(3.0), "3");
        assert_eq!(short(0.125), "0.125");
        assert_eq!(short(-2.5), "-2.5");
        assert_eq!(short(1000.0), "1000");
        assert_eq!(short(1.8e16), "1.8e16");
        assert_eq!(short(-2.5e-7), "-2.5e-7");
        assert_eq!(short(0.1 + 0.2), "0.3");
    }

    #[test]
    fn noise_is_settled_before_rounding_and_the_rounded_value_is_what_is_written() {
        // Weights 0.1 and 0.7, answers 3: exactly 3, computed 2.9999999999999996.
        let three = (0.1 * 3.0 + 0.7 * 3.0) / (0.1 + 0.7);
        assert_ne!(three, 3.0);
        assert_eq!(settle(three), 3.0);
        // Weights 0.1 and 0.1, answers 2 and 5: exactly 3.5.
        let half = (0.1 * 2.0 + 0.1 * 5.0) / (0.1 + 0.1);
        assert_eq!(settle(half), 3.5);
        // 3.125 computed a hair low still rounds as 3.125 does.
        assert_eq!(fixed(3.124_999_999_999_999_6, 2, '.'), "3.13");
        assert_eq!(rounded(3.124_999_999_999_999_6, 2), 3.13);
        for (value, decimals) in [(3.995, 2), (84.5, 0), (-1.5, 0), (3.333_333, 2), (4.0, 1), (-0.004, 2)] {
            assert_eq!(fixed(rounded(value, decimals), decimals, '.'), fixed(value, decimals, '.'), "{value}");
        }
        assert_eq!(rounded(84.5, 0), 85.0);
        assert_eq!(settle(2.0e7 + 0.1), 2.0e7 + 0.1);
    }

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
