//! Reading a response document with the core's own JSON parser (`crate::json`), straight from
//! the text: each field is read as its type says, and the first problem stops the reading with a
//! message in plain words and the place it was found ("near character 12": the characters before
//! it on the line).
//!
//! Why not serde_json, as before: its deserializer, the derived visitors and the float
//! formatting its messages reach (`<f64 as Display>`, 14 KB alone) were about a tenth of the
//! report's code (docs/benchmarks.md, "Size: code"). The rules are the ones the derived reader
//! had: unknown fields refused, a field given twice refused, `schema`, `id`, `instrument`,
//! `version` and `lang` required, `group` and `date` may be `null`, answers whole numbers or
//! `"na"`. A property test holds this reader to serde_json's acceptance (`tests` below).

use std::borrow::Cow;

use super::{Answer, ResponseRef as Doc};
use crate::diag::Diagnostic;
use crate::json::Parser;

/// The fields, in the order a missing one is named.
const FIELDS: [&str; 11] =
    ["schema", "id", "instrument", "version", "lang", "round", "group", "context", "answers", "comments", "date"];
/// How many of [`FIELDS`] must be given.
const REQUIRED: usize = 5;

/// Why reading stopped: the message is made once, by [`say`].
enum Stop {
    /// Not JSON, or a value of the wrong type; said with the place.
    Syntax,
    Expected(&'static str),
    /// A message of its own, said as is.
    Plain(String),
}

/// Reads `text` (one JSON object, checked to start with `{` by the caller). `max_pairs` bounds
/// each object's entries (the borrowed reader's guard); `None` reads any number.
pub(super) fn read(text: &str, max_pairs: Option<usize>) -> Result<Doc<'_>, Diagnostic> {
    let mut p = Parser::new(text);
    document(&mut p, max_pairs).map_err(|stop| say(&p, stop))
}

fn say(p: &Parser<'_>, stop: Stop) -> Diagnostic {
    let at = p.text.get(..p.at).map_or(p.at, |s| s.chars().count());
    let message = if p.at >= p.bytes.len() && !matches!(stop, Stop::Plain(_)) {
        "the text ends before the response is complete: it may have been cut off".to_owned()
    } else {
        match stop {
            Stop::Syntax => format!("this is not valid JSON (near character {at})"),
            Stop::Expected(what) => format!("a value has the wrong type (near character {at}): expected {what}"),
            Stop::Plain(message) => message,
        }
    };
    Diagnostic::new("", message)
}

fn document<'a>(p: &mut Parser<'a>, max_pairs: Option<usize>) -> Result<Doc<'a>, Stop> {
    let mut doc = Doc::default();
    let mut seen = [false; FIELDS.len()];
    p.space();
    if !p.eat(b'{') {
        return Err(Stop::Syntax);
    }
    p.space();
    if !p.eat(b'}') {
        loop {
            p.space();
            if p.bytes.get(p.at) != Some(&b'"') {
                return Err(Stop::Syntax);
            }
            let key = p.string().map_err(|_| Stop::Syntax)?;
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                return Err(Stop::Plain(format!("\"{key}\" is not a field of a response (check its spelling)")));
            };
            if seen[field] {
                return Err(Stop::Plain(format!("the field \"{key}\" appears twice")));
            }
            seen[field] = true;
            colon(p)?;
            match FIELDS[field] {
                "schema" => doc.schema = schema(p)?,
                "id" => doc.id = string(p)?,
                "instrument" => doc.instrument = string(p)?,
                "version" => doc.version = string(p)?,
                "lang" => doc.lang = string(p)?,
                "round" => doc.round = string(p)?,
                "group" => doc.group = nullable(p)?,
                "date" => doc.date = nullable(p)?,
                "context" => doc.context = object(p, max_pairs, string)?,
                "comments" => doc.comments = object(p, max_pairs, string)?,
                _ => doc.answers = object(p, max_pairs, answer)?,
            }
            if !next(p, b'}')? {
                break;
            }
        }
    }
    p.space();
    if p.at < p.bytes.len() {
        return Err(Stop::Syntax);
    }
    if let Some(missing) = (0..REQUIRED).find(|&f| !seen[f]) {
        return Err(Stop::Plain(format!("the field \"{}\" is missing", FIELDS[missing])));
    }
    Ok(doc)
}

const NUMBER: &str = "a whole number";
const ANSWER: &str = "a whole number on the scale or \"na\"";

fn colon(p: &mut Parser<'_>) -> Result<(), Stop> {
    p.space();
    if p.eat(b':') { Ok(()) } else { Err(Stop::Syntax) }
}

/// After an object's entry: `true` at a `,`, `false` at the `close`.
fn next(p: &mut Parser<'_>, close: u8) -> Result<bool, Stop> {
    p.space();
    if p.eat(b',') {
        Ok(true)
    } else if p.eat(close) {
        Ok(false)
    } else {
        Err(Stop::Syntax)
    }
}

/// The value's first byte, whitespace skipped; `at` stays on it.
fn peek(p: &mut Parser<'_>) -> Option<u8> {
    p.space();
    p.bytes.get(p.at).copied()
}

fn string<'a>(p: &mut Parser<'a>) -> Result<Cow<'a, str>, Stop> {
    match peek(p) {
        Some(b'"') => p.string().map_err(|_| Stop::Syntax),
        _ => Err(wrong(p, "a string")),
    }
}

fn nullable<'a>(p: &mut Parser<'a>) -> Result<Option<Cow<'a, str>>, Stop> {
    if peek(p) == Some(b'n') {
        return if p.bytes[p.at..].starts_with(b"null") {
            p.at += 4;
            Ok(None)
        } else {
            Err(Stop::Syntax)
        };
    }
    string(p).map(Some)
}

/// What a value of the wrong type stops with: a syntax error when it is not even a value (or
/// the text ends), else the type that was expected. `at` stays on the value.
fn wrong(p: &Parser<'_>, expected: &'static str) -> Stop {
    match p.bytes.get(p.at) {
        Some(b'{' | b'[' | b'"' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => Stop::Expected(expected),
        _ => Stop::Syntax,
    }
}

/// A JSON number with no fraction or exponent, as an `i64`; `None` (with `at` back on the value)
/// for anything else, or beyond an `i64`. A malformed number is a syntax error.
fn whole(p: &mut Parser<'_>) -> Option<i64> {
    peek(p);
    let start = p.at;
    let negative = p.eat(b'-');
    let digits = p.at;
    let mut value: i64 = 0;
    let mut fits = true;
    while let Some(&b @ b'0'..=b'9') = p.bytes.get(p.at) {
        let digit = i64::from(b - b'0');
        match value.checked_mul(10).and_then(|v| if negative { v.checked_sub(digit) } else { v.checked_add(digit) }) {
            Some(v) => value = v,
            None => fits = false,
        }
        p.at += 1;
    }
    let count = p.at - digits;
    let leading_zero = count > 1 && p.bytes[digits] == b'0';
    let fraction = matches!(p.bytes.get(p.at), Some(b'.' | b'e' | b'E'));
    if count == 0 || leading_zero || fraction || !fits {
        p.at = start;
        return None;
    }
    Some(value)
}

fn schema(p: &mut Parser<'_>) -> Result<u32, Stop> {
    match peek(p) {
        Some(b'-' | b'0'..=b'9') => match (p.at, whole(p)) {
            (start, Some(n)) => u32::try_from(n).map_err(|_| {
                p.at = start;
                Stop::Expected(NUMBER)
            }),
            (_, None) => match number_stop(p) {
                Stop::Syntax => Err(Stop::Syntax),
                _ => Err(Stop::Expected(NUMBER)),
            },
        },
        _ => Err(wrong(p, NUMBER)),
    }
}

fn answer(p: &mut Parser<'_>) -> Result<Answer, Stop> {
    match peek(p) {
        Some(b'"') => {
            let text = p.string().map_err(|_| Stop::Syntax)?;
            if text == "na" {
                Ok(Answer::NotApplicable)
            } else {
                Err(Stop::Plain(format!("\"{text}\" is not an answer; use a number or \"na\"")))
            }
        }
        Some(b'-' | b'0'..=b'9') => match whole(p) {
            Some(n) => i32::try_from(n).map(Answer::Value).map_err(|_| far()),
            None => Err(number_stop(p)),
        },
        _ => Err(wrong(p, ANSWER)),
    }
}

fn far() -> Stop {
    Stop::Plain("the answer is far outside the scale".to_owned())
}

/// Why a number is not a whole number that fits: malformed (not JSON), a whole number beyond
/// any scale, or a fraction (the wrong type).
fn number_stop(p: &mut Parser<'_>) -> Stop {
    let start = p.at;
    let rest = &p.bytes[start..];
    let negative = rest.first() == Some(&b'-');
    let digits = rest[usize::from(negative)..].iter().take_while(|b| b.is_ascii_digit()).count();
    let after = rest.get(usize::from(negative) + digits);
    let leading_zero = digits > 1 && rest[usize::from(negative)] == b'0';
    if digits == 0 || leading_zero {
        p.at = start + usize::from(negative) + digits.min(1);
        return Stop::Syntax;
    }
    if !matches!(after, Some(b'.' | b'e' | b'E')) {
        return far();
    }
    // A fraction or an exponent: check it is a well-formed number before naming its type.
    let mut at = start + usize::from(negative) + digits;
    let well_formed = |at: &mut usize, bytes: &[u8]| -> bool {
        let run = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        if bytes.get(*at) == Some(&b'.') {
            *at += 1;
            if !run(at) {
                return false;
            }
        }
        if matches!(bytes.get(*at), Some(b'e' | b'E')) {
            *at += 1;
            if matches!(bytes.get(*at), Some(b'+' | b'-')) {
                *at += 1;
            }
            if !run(at) {
                return false;
            }
        }
        true
    };
    if well_formed(&mut at, p.bytes) {
        Stop::Expected(ANSWER)
    } else {
        p.at = at;
        Stop::Syntax
    }
}

/// An object of string keys to values read by `value`, at most `max_pairs` entries.
fn object<'a, V>(
    p: &mut Parser<'a>,
    max_pairs: Option<usize>,
    value: fn(&mut Parser<'a>) -> Result<V, Stop>,
) -> Result<Vec<(Cow<'a, str>, V)>, Stop> {
    if peek(p) != Some(b'{') {
        return Err(wrong(p, "an object"));
    }
    p.at += 1;
    let mut pairs = Vec::new();
    p.space();
    if p.eat(b'}') {
        return Ok(pairs);
    }
    loop {
        p.space();
        if p.bytes.get(p.at) != Some(&b'"') {
            return Err(Stop::Syntax);
        }
        if max_pairs.is_some_and(|max| pairs.len() >= max) {
            return Err(Stop::Plain("the object has too many entries".to_owned()));
        }
        let key = p.string().map_err(|_| Stop::Syntax)?;
        colon(p)?;
        pairs.push((key, value(p)?));
        if !next(p, b'}')? {
            return Ok(pairs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Response, ResponseFields, ResponseRef, object_text};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn response() -> String {
        let instrument = crate::builtin::demo();
        let lines = crate::synth::json_lines(&instrument, 1, 7);
        let line = lines.lines().next().unwrap_or_default().to_owned();
        // A comment, a group, a date and an escaped string, so every field is read.
        line.replacen('{', "{\"comments\":{\"c\\u00e9\":\"tr\\u00e8s \\\"bien\\\"\\n\"},\"date\":\"2026-12-03\",", 1)
    }

    fn message(text: &str) -> String {
        Response::from_json(text).map(|_| ()).unwrap_err().message
    }

    /// The same documents as when responses were read by serde_json, with the same messages
    /// (2026-12-03, `response/read.rs`); "not json" is refused before any reading.
    #[test]
    fn reading_errors_are_said_in_plain_words() {
        assert_eq!(
            message("{\"schema\":1,\"id\":"),
            "the text ends before the response is complete: it may have been cut off"
        );
        assert_eq!(message("not json"), "this is not a response: a response is a JSON object, in braces");
        assert_eq!(message("{\"schema\":1 x}"), "this is not valid JSON (near character 12)");
        assert_eq!(
            crate::Response::from_json("[1,2]").map(|_| ()).unwrap_err().message,
            "this is not a response: a response is a JSON object, in braces"
        );
        assert_eq!(message("{\"colour\":1}"), "\"colour\" is not a field of a response (check its spelling)");
        assert_eq!(message("{}"), "the field \"schema\" is missing");
        assert!(message("{\"schema\":\"one\"}").starts_with("a value has the wrong type"));
        assert_eq!(
            message("{\"schema\":[1]}"),
            "a value has the wrong type (near character 10): expected a whole number"
        );
        assert_eq!(message("{\"schema\":1,\"schema\":1}"), "the field \"schema\" appears twice");
        for text in
            ["{", "{\"answers\":[]}", "{\"schema\":1,\"schema\":1}", "{\"schema\":1,\"id\":[]}", "{\"schema\":[]}"]
        {
            let m = message(text);
            assert!(
                !m.contains("struct")
                    && !m.contains("ident")
                    && !m.contains("Ref")
                    && !m.contains("line 1")
                    && !m.contains("u32"),
                "{text}: {m}"
            );
        }
    }

    #[test]
    fn reads_every_field_and_agrees_with_the_borrowed_form() {
        let text = response();
        let owned = Response::from_json(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let borrowed = ResponseRef::from_json(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(owned.comments.get("cé").map(String::as_str), Some("très \"bien\"\n"));
        assert_eq!(owned.date.as_deref(), Some("2026-12-03"));
        assert!(!owned.answers.is_empty());
        assert_eq!(Response::from_json(&owned.to_json()).as_ref(), Ok(&owned));
        assert_eq!(
            (borrowed.schema(), borrowed.id(), borrowed.instrument(), borrowed.version(), borrowed.round()),
            (owned.schema, owned.id.as_str(), owned.instrument.as_str(), owned.version.as_str(), owned.round.as_str())
        );
        assert_eq!(
            (borrowed.group(), borrowed.lang(), borrowed.date()),
            (owned.group.as_deref(), "en", Some("2026-12-03"))
        );
        assert!(borrowed.answers().eq(owned.answers.iter().map(|(k, a)| (k.as_str(), *a))));
        assert!(borrowed.context().eq(owned.context.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        assert!(borrowed.comments().eq(owned.comments.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
    }

    #[test]
    fn answers_are_whole_numbers_or_na_and_nothing_else() {
        let with = |answer: &str| {
            format!(
                "{{\"schema\":1,\"id\":\"a\",\"instrument\":\"i\",\"version\":\"1\",\"lang\":\"en\",\"answers\":{{\"q\":{answer}}}}}"
            )
        };
        assert!(Response::from_json(&with("3")).is_ok());
        assert!(Response::from_json(&with("-0")).is_ok());
        assert!(Response::from_json(&with("\"na\"")).is_ok());
        assert!(Response::from_json(&with("\"n\\u0061\"")).is_ok());
        assert_eq!(message(&with("\"maybe\"")), "\"maybe\" is not an answer; use a number or \"na\"");
        assert_eq!(message(&with("99999999999")), "the answer is far outside the scale");
        assert_eq!(message(&with("99999999999999999999999")), "the answer is far outside the scale");
        for float in ["3.0", "3e0", "-1.5E+2"] {
            assert!(message(&with(float)).starts_with("a value has the wrong type"), "{float}");
            assert!(message(&with(float)).ends_with("expected a whole number on the scale or \"na\""), "{float}");
        }
        for broken in ["03", "-", "3.", "3e", "--3", "+3", "3.x", "x"] {
            assert!(
                message(&with(broken)).starts_with("this is not valid JSON"),
                "{broken}: {}",
                message(&with(broken))
            );
        }
        assert!(message(&with("[3]")).ends_with("expected a whole number on the scale or \"na\""));
        assert_eq!(message(&with("3,\"q\":4")), "\"q\" is given twice");
    }

    #[test]
    fn hostile_documents_are_refused_in_plain_words_without_a_panic() {
        let deep = format!("{{\"schema\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(message(&deep).starts_with("a value has the wrong type"));
        let many: String = (0..20_000).map(|i| format!("\"k{i}\":1,")).collect();
        let many = format!("{{\"answers\":{{{}\"last\":1}}}}", many);
        assert_eq!(ResponseRef::from_json(&many).unwrap_err().message, "the object has too many entries");
        assert_eq!(message(&many), "the field \"schema\" is missing");
        assert_eq!(message("{\"schema\":1}  {}"), "this is not valid JSON (near character 14)");
        assert_eq!(message("{\"schema\":1,}"), "this is not valid JSON (near character 12)");
        assert_eq!(
            message("{\"schema\":4294967296}"),
            "a value has the wrong type (near character 10): expected a whole number"
        );
        assert_eq!(
            message("{\"schema\":-1}"),
            "a value has the wrong type (near character 10): expected a whole number"
        );
        assert_eq!(message("{\"schema\":1,\"group\":nul}"), "this is not valid JSON (near character 20)");
        assert_eq!(
            message("{\"schema\":1,\"round\":null}"),
            "a value has the wrong type (near character 20): expected a string"
        );
        assert_eq!(message("{\"schema\":1,\"id\":\"a\u{1}\"}"), "this is not valid JSON (near character 19)");
        assert_eq!(message("{\"schema\":1,\"id\":\"\\ud800\"}"), "this is not valid JSON (near character 23)");
        assert_eq!(
            message("{\"schema\":1,\"context\":{\"q\":2}}"),
            "a value has the wrong type (near character 27): expected a string"
        );
        // Every prefix of a valid response: refused (the text ends early), never a panic.
        let text = response();
        for end in (0..text.len()).filter(|&e| text.is_char_boundary(e)) {
            let cut = &text[..end];
            if object_text(cut).is_ok() {
                assert!(Response::from_json(cut).is_err() && ResponseRef::from_json(cut).is_err(), "{cut}");
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod agree {
        use proptest::prelude::*;

        use super::super::super::{Response, object_text};

        /// serde_json's reading of the same document (the reader this one replaced).
        fn serde(text: &str) -> Option<Response> {
            object_text(text).ok().and_then(|t| serde_json::from_str(t).ok())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]
            /// A valid response with bytes replaced, inserted or removed: this reader accepts
            /// exactly what serde_json accepted, and reads the same response.
            #[test]
            fn accepts_exactly_what_serde_json_accepted(
                edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..3, proptest::sample::select(
                    b"{}[]\":,0123456789-+.eE \\nulatrfsx\x01".to_vec())), 1..4),
            ) {
                let mut bytes = super::response().into_bytes();
                for (at, kind, byte) in edits {
                    let at = at.index(bytes.len() + 1);
                    match kind {
                        0 if at < bytes.len() => bytes[at] = byte,
                        1 if at < bytes.len() => { bytes.remove(at); }
                        _ => bytes.insert(at, byte),
                    }
                }
                let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
                prop_assert_eq!(Response::from_json(&text).ok(), serde(&text), "{}", text);
            }
        }
    }
}
