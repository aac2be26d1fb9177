//! Localised text: one string per locale code (`"en"`, `"fr"`, `"es"`).

use crate::json::{FromJson, Reader, Value};
use crate::map::Map;

/// A piece of instrument text in every declared locale, as an object `{"en": "...", "fr": "..."}`.
///
/// Kept as an ordered map so that iteration (and any output built from it) is deterministic: a
/// sorted list ([`Map`]), as a text has a handful of languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub Map<String, String>);

impl FromJson for Text {
    fn read(r: &mut Reader, value: &Value<'_>, path: &str) -> Self {
        Text(Map::read(r, value, path))
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

/// `value` with exactly `decimals` digits after `separator`: the exact decimal rounding of the
/// settled value, halves away from zero (see [`units`]). Never `-0.00`: a value that rounds to
/// zero is written without a sign.
///
/// Written out by hand rather than with `format!("{:.2}")`: the standard float formatting
/// brings about 15 KB of code into the wasm, and this is all the product needs.
pub fn fixed(value: f64, decimals: u32, separator: char) -> String {
    if !value.is_finite() {
        return "?".to_owned();
    }
    let decimals = decimals.min(9);
    let units = units(value, decimals);
    let scale = 10u64.pow(decimals);
    let magnitude = units.unsigned_abs();
    let mut out = String::new();
    if units < 0 {
        out.push('-');
    }
    out.push_str(&(magnitude / scale).to_string());
    if decimals > 0 {
        out.push(separator);
        let fraction = (magnitude % scale).to_string();
        out.extend(std::iter::repeat_n('0', decimals as usize - fraction.len()));
        out.push_str(&fraction);
    }
    out
}

/// `a · b` as the rounded product and its exact error (Dekker's two-product with Veltkamp's
/// splitting, no fused multiply-add, which wasm lacks): `a · b = product + error` exactly, for
/// any product far from overflow. Plain `f64` arithmetic: 128-bit integers would bring their
/// division routines into the wasm (measured: about 2 KB).
fn two_product(a: f64, b: f64) -> (f64, f64) {
    fn split(a: f64) -> (f64, f64) {
        let c = 134_217_729.0 * a; // 2^27 + 1
        let high = c - (c - a);
        (high, a - high)
    }
    let product = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    let error = ((ah * bh - product) + ah * bl + al * bh) + al * bl;
    (product, error)
}

/// The settled value of `value`, as a whole number of 10⁻⁹ (see [`settle`]): `value · 10⁹`
/// rounded halves to even, *exactly*. An `f64` is a ratio of integers, and the two-product gives
/// `value · 10⁹` as a rounded part and its exact error, so no floating-point step can push a true
/// half to either side (1.005 is stored as 1.00499999999999989…, and 1.005 · 10⁹ as 1.005 · 10⁹
/// minus a tiny error that decides). Saturates beyond ±9 · 10⁹, far above any score.
fn nanos(value: f64) -> i64 {
    if !value.is_finite() {
        return 0;
    }
    let (product, error) = two_product(value, 1e9);
    if product.abs() >= 9.2e18 {
        return if value < 0.0 { -i64::MAX } else { i64::MAX };
    }
    let nearest = product.round_ties_even();
    // The exact value is nearest + (product - nearest) + error, where product - nearest is
    // exact. The sign of a floating-point sum is always the sign of the exact sum, so these
    // comparisons with the halves are exact.
    let fraction = product - nearest;
    let above_half = (fraction - 0.5) + error;
    let below_half = (fraction + 0.5) + error;
    let n = nearest as i64;
    if above_half > 0.0 || (above_half == 0.0 && n % 2 != 0) {
        n + 1
    } else if below_half < 0.0 || (below_half == 0.0 && n % 2 != 0) {
        n - 1
    } else {
        n
    }
}

/// The one tolerance for floating-point noise: a computed score is taken to the nearest
/// multiple of 10⁻⁹ (exactly, halves to even) before it is rounded for display or compared with
/// a threshold, so a mean that is exactly 3 in decimal arithmetic (weights 0.1 and 0.7, answers 3:
/// 2.9999999999999996 in binary) is 3.
pub fn settle(value: f64) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let settled = nanos(value) as f64 / 1e9;
    // Never a negative zero: it would sort below zero.
    if settled == 0.0 { 0.0 } else { settled }
}

/// `value` as shown with `decimals` decimals, as a whole number of 10^-decimals: the settled
/// value (a whole number of 10⁻⁹) rounded exactly, halves away from zero. 1.005 is 101 at two
/// decimals although the nearest `f64` to it is below the half. `0` for a value that rounds to
/// zero from either side, so there is no negative zero to sort or print.
pub fn units(value: f64, decimals: u32) -> i64 {
    if !value.is_finite() {
        return 0;
    }
    let divisor = 10i64.pow(9 - decimals.min(9));
    let nanos = nanos(value);
    let (quotient, remainder) = (nanos.abs() / divisor, nanos.abs() % divisor);
    let magnitude = if 2 * remainder >= divisor { quotient + 1 } else { quotient };
    if nanos < 0 { -magnitude } else { magnitude }
}

/// `value` rounded to `decimals` decimals exactly as [`fixed`] writes it: the number a reader
/// sees, and the one every decision (band, stage, flag, order) is taken on. It is the `f64`
/// nearest to that decimal (one correctly rounded division), so comparing it with a threshold
/// read from an instrument (at most 15 significant digits, so also the nearest `f64` to its
/// decimal) orders the two exactly as the decimals are ordered. Never a negative zero.
pub fn rounded(value: f64, decimals: u32) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let shown = units(value, decimals) as f64 / 10f64.powi(decimals.min(9) as i32);
    if shown == 0.0 { 0.0 } else { shown }
}

/// `value` as an author wrote it in an instrument (which holds at most 15 significant digits):
/// fifteen significant digits give back exactly the decimal that was read, trailing zeros
/// dropped (`-86.8650000000001`, `4`, `0.125`, `1.8e16`). For messages that quote a setting.
pub fn written(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    // The power of ten of the first significant digit.
    let mut exponent = 0i32;
    let magnitude = value.abs();
    while 10f64.powi(exponent + 1) <= magnitude {
        exponent += 1;
    }
    while 10f64.powi(exponent) > magnitude {
        exponent -= 1;
    }
    // Fifteen significant digits as a whole number: |value| · 10^(14 - exponent).
    let shift = 14 - exponent;
    let digits = if shift >= 0 { magnitude * 10f64.powi(shift) } else { magnitude / 10f64.powi(-shift) };
    let mut digits = digits.round() as u64;
    if digits >= 1_000_000_000_000_000 {
        digits /= 10;
        exponent += 1;
    }
    let text = digits.to_string();
    let significant = text.trim_end_matches('0');
    let sign = if value < 0.0 { "-" } else { "" };
    if !(-5..=15).contains(&exponent) {
        let (first, rest) = significant.split_at(1);
        let rest = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        return format!("{sign}{first}{rest}e{exponent}");
    }
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("{sign}0.{zeros}{significant}");
    }
    let whole = (exponent + 1) as usize;
    if significant.len() <= whole {
        format!("{sign}{significant}{}", "0".repeat(whole - significant.len()))
    } else {
        format!("{sign}{}.{}", &significant[..whole], &significant[whole..])
    }
}

/// A plural category of the Unicode CLDR rules, for choosing the form of a word that follows a
/// count ("1 response", "2 responses"; Arabic has six forms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// The plural category of the whole number `n` in language `lang` (its primary subtag), by the
/// CLDR rules for the product's languages: English, Spanish and Portuguese say "one" for 1
/// only (Portuguese as in Portugal, which Brazilian readers also read naturally: "0 respostas");
/// French for 0 and 1 ("0 réponse", "1 réponse"); Arabic has zero, one, two, few (3 to 10,
/// by the last two digits), many (11 to 99) and other. Any other language: one for 1.
pub fn plural(lang: &str, n: u64) -> Plural {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    match primary {
        "fr" if n <= 1 => Plural::One,
        "ar" => match (n, n % 100) {
            (0, _) => Plural::Zero,
            (1, _) => Plural::One,
            (2, _) => Plural::Two,
            (_, 3..=10) => Plural::Few,
            (_, 11..=99) => Plural::Many,
            _ => Plural::Other,
        },
        _ if n == 1 => Plural::One,
        _ => Plural::Other,
    }
}

/// The form of `forms` for `n` in `lang`, forms in the order zero, one, two, few, many, other;
/// an empty form falls back to "other" (English needs only one and other).
pub fn pick<'a>(forms: &[&'a str; 6], lang: &str, n: u64) -> &'a str {
    let index = match plural(lang, n) {
        Plural::Zero => 0,
        Plural::One => 1,
        Plural::Two => 2,
        Plural::Few => 3,
        Plural::Many => 4,
        Plural::Other => 5,
    };
    if forms[index].is_empty() { forms[5] } else { forms[index] }
}

/// Replaces each `{name}` placeholder of `template` with its value: the interfaces' strings in
/// every language are templates ("{dim} has too few answers"). One pass over the template, so a
/// value is put in as written: a group, sheet or file named `{k}` is not read as a placeholder.
/// A `{name}` with no pair stays as it is.
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    pieces(
        template,
        |name| pairs.iter().position(|(k, _)| *k == name),
        |piece| match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Value(i) => out.push_str(pairs[i].1),
        },
    );
    out
}

/// A piece of a template as [`pieces`] walks it: text as written, or the placeholder of the
/// value at this index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Piece<'a> {
    Text(&'a str),
    Value(usize),
}

/// Walks `template` once, in order, handing `each` its text and, for each `{name}` that `index`
/// knows, that value's index: [`fill`]'s walk, for a caller that puts each value in an element of
/// its own (the studio's `<bdi>`s). An unknown `{name}` and a lone brace are text.
pub fn pieces<'a>(template: &'a str, index: impl Fn(&str) -> Option<usize>, mut each: impl FnMut(Piece<'a>)) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}').and_then(|end| index(&after[..end]).map(|i| (end, i))) {
            Some((end, i)) => {
                each(Piece::Text(&rest[..open]));
                each(Piece::Value(i));
                rest = &after[end + 1..];
            }
            None => {
                each(Piece::Text(&rest[..=open]));
                rest = after;
            }
        }
    }
    each(Piece::Text(rest));
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_template_is_filled_in_one_pass() {
        assert_eq!(fill("{a} and {b}, {a} again", &[("a", "x"), ("b", "y")]), "x and y, x again");
        // A value is put in as written, whatever it contains and whichever pair comes first.
        assert_eq!(fill("{group}: fewer than {k}", &[("group", "{k}"), ("k", "5")]), "{k}: fewer than 5");
        assert_eq!(fill("{k} in {group}", &[("k", "5"), ("group", "{group}")]), "5 in {group}");
        // Unknown names, lone and doubled braces stay; multi-byte text around them is kept.
        assert_eq!(fill("{unknown} {{a}} { a} {a", &[("a", "x")]), "{unknown} {x} { a} {a");
        assert_eq!(fill("«{a}» العربية {a}}", &[("a", "é")]), "«é» العربية é}");
        assert_eq!(fill("", &[("a", "x")]), "");
    }

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
        assert_eq!(written(3.0), "3");
        assert_eq!(written(0.125), "0.125");
        assert_eq!(written(-2.5), "-2.5");
        assert_eq!(written(1000.0), "1000");
        assert_eq!(written(1.8e16), "1.8e16");
        assert_eq!(written(-2.5e-7), "-2.5e-7");
        assert_eq!(written(0.1 + 0.2), "0.3");
        // Quoted as written, not rounded to four decimals (issue 16).
        assert_eq!(written(-86.8650000000001), "-86.8650000000001");
        assert_eq!(written(123456789012345.0), "123456789012345");
        assert_eq!(written(0.000123), "0.000123");
        assert_eq!(written(999999999999999.0), "999999999999999");
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
    fn plural_forms_follow_each_languages_rules() {
        let forms = ["", "{n} response", "", "", "", "{n} responses"];
        assert_eq!(pick(&forms, "en", 1), "{n} response");
        assert_eq!(pick(&forms, "en", 0), "{n} responses");
        assert_eq!(pick(&forms, "fr", 0), "{n} response");
        assert_eq!(pick(&forms, "fr-CA", 1), "{n} response");
        assert_eq!(pick(&forms, "fr", 2), "{n} responses");
        assert_eq!(pick(&forms, "es", 0), "{n} responses");
        assert_eq!(pick(&forms, "pt", 1), "{n} response");
        for (n, category) in [
            (0, Plural::Zero),
            (1, Plural::One),
            (2, Plural::Two),
            (3, Plural::Few),
            (10, Plural::Few),
            (11, Plural::Many),
            (99, Plural::Many),
            (100, Plural::Other),
            (103, Plural::Few),
            (111, Plural::Many),
        ] {
            assert_eq!(plural("ar", n), category, "{n}");
        }
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
