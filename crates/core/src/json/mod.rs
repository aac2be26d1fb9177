//! A small JSON reader: text to a [`Value`] tree, then typed reading with [`Reader`] and [`Obj`]
//! that reports *every* problem at once, each at its JSON path (`dimensions[2].items[0].weight`),
//! the same paths validation uses.
//!
//! Why not serde_json for this: reading the instrument schema through serde's derived visitors
//! put about 55 KB of code into the wasm (a fifth of the widget), all to read six compiled-in
//! documents and the occasional custom one. This reader is a few kilobytes, strict (RFC 8259, no
//! duplicate keys, no trailing commas, bounded nesting) and gives better messages. It reads
//! instruments and drafts; responses are read with its [`Parser`] by `response/read.rs` (serde_json
//! and its float formatting left the report with that). It is the one to extend when the apps read
//! more JSON.
//!
//! The rooms: here the parser (text to [`Value`]) and the string writer; `read.rs`, typed reading.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::diag::Diagnostic;

mod read;

pub use read::{FromJson, Obj, Reader, one_of};

/// Deepest nesting of arrays and objects accepted; instruments need 6.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Strings without escapes borrow from the text.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in document order; keys are unique (the parser refuses duplicates).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl Value<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// Parses one JSON document. The error's path is `line L, column C` of the problem.
pub fn parse(text: &str) -> Result<Value<'_>, Diagnostic> {
    // A byte-order mark, as some Windows editors write, is ignored (RFC 8259 allows it).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser::new(text);
    let value = p.value(0)?;
    p.space();
    if p.at < p.bytes.len() { Err(p.error("unexpected text after the end of the document")) } else { Ok(value) }
}

/// The parser's cursor. Also used by the response reader (`response/read.rs`), which reads its
/// one kind of document straight from the text with these same rules.
pub(crate) struct Parser<'a> {
    pub(crate) text: &'a str,
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Parser { text, bytes: text.as_bytes(), at: 0 }
    }

    fn error(&self, message: &str) -> Diagnostic {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = self.text.get(line_start..self.at).map_or(self.at - line_start, |s| s.chars().count()) + 1;
        Diagnostic::new(format!("line {line}, column {column}"), message)
    }

    pub(crate) fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Diagnostic> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value (a string, number, object, list, true, false or null)"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Diagnostic> {
        self.space();
        match self.bytes.get(self.at) {
            None => Err(self.error("the document ends where a value was expected")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value (a string, number, object, list, true, false or null)")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.error("the document is nested too deeply"));
        }
        self.at += 1;
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        // Keys seen so far, for the duplicate check: a scan of `members` would make a hostile
        // object of 85,000 keys take 16 s to refuse.
        let mut keys: BTreeSet<Cow<'a, str>> = BTreeSet::new();
        self.space();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key_at = self.at;
            let key = self.string()?;
            if !keys.insert(key.clone()) {
                self.at = key_at;
                return Err(self.error(&format!("the key \"{key}\" appears twice in the same object")));
            }
            self.space();
            if !self.eat(b':') {
                return Err(self.error("expected ':' after the key"));
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.space();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            return Err(self.error("expected ',' or '}'"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.error("the document is nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            return Err(self.error("expected ',' or ']'"));
        }
    }

    /// A string; `at` is on its opening quote.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, Diagnostic> {
        self.at += 1;
        let start = self.at;
        // The common case: no escapes, borrowed as is.
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("a string is never closed")),
                Some(b'"') => {
                    let s = &self.text[start..self.at];
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..0x20) => return Err(self.error("a control character must be escaped inside a string")),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("a string is never closed")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("unknown escape sequence in a string")),
                    };
                    out.push(c);
                    self.at += 1;
                }
                Some(0..0x20) => return Err(self.error("a control character must be escaped inside a string")),
                Some(_) => {
                    // Copy up to the next quote or backslash in one go (always a char boundary).
                    let run = self.bytes[self.at..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                    let end = run.map_or(self.bytes.len(), |n| self.at + n);
                    out.push_str(&self.text[self.at..end]);
                    self.at = end;
                }
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair; leaves `at` on the last digit.
    fn unicode_escape(&mut self) -> Result<char, Diagnostic> {
        let first = self.hex4(self.at + 1)?;
        self.at += 4;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.at + 1..self.at + 3) != Some(b"\\u") {
                return Err(self.error("a \\u escape names half of a character (a lone surrogate)"));
            }
            let second = self.hex4(self.at + 3)?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a \\u escape names half of a character (a lone surrogate)"));
            }
            self.at += 6;
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a \\u escape names half of a character (a lone surrogate)"))
    }

    fn hex4(&self, at: usize) -> Result<u32, Diagnostic> {
        let digits = self.bytes.get(at..at + 4).ok_or_else(|| self.error("a \\u escape needs four hex digits"))?;
        digits.iter().try_fold(0u32, |acc, &b| {
            let d = (b as char).to_digit(16).ok_or_else(|| self.error("a \\u escape needs four hex digits"))?;
            Ok(acc * 16 + d)
        })
    }

    fn number(&mut self) -> Result<Value<'a>, Diagnostic> {
        let start = self.at;
        let negative = self.eat(b'-');
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at - from
        };
        let int_start = self.at;
        let int_len = digits(self);
        if int_len == 0 || (int_len > 1 && self.bytes[int_start] == b'0') {
            self.at = start;
            return Err(self.error("a number must start with a digit, and only 0 itself may start with 0"));
        }
        let mut frac = (0, 0);
        if self.eat(b'.') {
            let from = self.at;
            if digits(self) == 0 {
                return Err(self.error("a decimal point must be followed by digits"));
            }
            frac = (from, self.at);
        }
        let mut exponent: i64 = 0;
        if self.eat(b'e') || self.eat(b'E') {
            let minus = self.eat(b'-');
            if !minus {
                self.eat(b'+');
            }
            let from = self.at;
            if digits(self) == 0 {
                return Err(self.error("an exponent must have digits"));
            }
            for &b in &self.bytes[from..self.at] {
                exponent = (exponent * 10 + i64::from(b - b'0')).min(100_000);
            }
            if minus {
                exponent = -exponent;
            }
        }
        // Exact and correctly rounded when the digits fit in 2^53 and the power of ten is exact
        // (at most 10^22): then one IEEE multiplication or division rounds once. Anything else
        // (more than 15 significant digits, or a power of ten beyond 10^22) is refused with a
        // plain message: no setting of an instrument needs it, and the standard library's parser
        // that could read it costs the widget about 5 KB.
        // Significant digits are counted from the first non-zero digit, trailing zeros included
        // (`1000` has four, `0.0125` three): at most 15, the most an `f64` holds for every
        // decimal, so a number read is always the nearest `f64` to exactly what was written and
        // two different numbers written never read as one.
        let mut mantissa: u64 = 0;
        let mut significant = 0usize;
        let frac_digits = &self.bytes[frac.0..frac.1];
        for &b in self.bytes[int_start..int_start + int_len].iter().chain(frac_digits) {
            if significant > 0 || b != b'0' {
                significant += 1;
            }
            if significant <= 15 {
                mantissa = mantissa * 10 + u64::from(b - b'0');
            }
        }
        let exact = significant <= 15;
        let scale = exponent - frac_digits.len() as i64;
        let value = if exact && scale.abs() <= 22 {
            let power = POWERS_OF_TEN[scale.unsigned_abs() as usize];
            let m = mantissa as f64;
            if scale < 0 { m / power } else { m * power }
        } else {
            let text = &self.text[start..self.at];
            self.at = start;
            return Err(self.error(&format!(
                "the number {text} cannot be read exactly: write it with at most 15 significant digits and an exponent from -22 to 22"
            )));
        };
        Ok(Value::Number(if negative { -value } else { value }))
    }
}

const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Writes `text` as a JSON string literal (quotes included).
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(HEX[n >> 4] as char);
                out.push(HEX[n & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ok(text: &str) -> Value<'_> {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> Diagnostic {
        parse(text).expect_err(text)
    }

    #[test]
    fn reads_every_kind_of_value() {
        assert_eq!(ok(" null "), Value::Null);
        assert_eq!(ok("\u{feff}[]"), Value::Array(vec![]));
        assert_eq!(ok("true"), Value::Bool(true));
        assert_eq!(
            ok("[1, -2.5, 3e2, 0.1]"),
            Value::Array(vec![Value::Number(1.0), Value::Number(-2.5), Value::Number(300.0), Value::Number(0.1)])
        );
        assert_eq!(
            ok(r#"{"a": {"b": []}}"#),
            Value::Object(vec![("a".into(), Value::Object(vec![("b".into(), Value::Array(vec![]))]))])
        );
        assert_eq!(ok(r#""é\n\u00e9\ud83d\ude00\"\\\/""#), Value::String("é\né😀\"\\/".into()));
    }

    #[test]
    fn numbers_agree_with_the_standard_parser_or_are_refused_with_a_message() {
        for text in
            // Sixteen significant digits are refused as the message says, even where they fit in
            // 2^53 (issue 16: -86.86499999999999 was read and shown as -86.865).
            [
                "9007199254740993",
                "1e23",
                "2.2250738585072014e-308",
                "17976931348623157e292",
                "0.30000000000000004",
                "-86.86499999999999",
                "9007199254740991",
                "1000000000000000.0",
            ]
        {
            let refusal = err(text);
            assert!(refusal.message.contains(&format!("the number {text} cannot be read exactly")), "{refusal}");
            assert_eq!(refusal.path, "line 1, column 1");
        }
        for text in [
            "0",
            "-0",
            "1",
            "0.1",
            "0.2",
            "0.3",
            "4.05",
            "3.9999",
            "123456789012345",
            "0.000000000000000000001",
            "-86.8650000000001",
            "1e22",
            "1.5e-7",
            "1.8e16",
            "-12.75",
            "1E5",
            "5e+2",
        ] {
            let Value::Number(n) = ok(text) else { panic!("{text}") };
            assert_eq!(n.to_bits(), text.parse::<f64>().unwrap_or(f64::NAN).to_bits(), "{text}");
        }
    }

    #[test]
    fn refuses_malformed_documents_with_a_position() {
        for (text, at) in [
            ("", "line 1, column 1"),
            ("{", "line 1, column 2"),
            ("[1,]", "line 1, column 4"),
            ("{\"a\":1,}", "line 1, column 8"),
            ("{\n  \"a\": 1,\n  \"a\": 2\n}", "line 3, column 3"),
            ("[01]", "line 1, column 2"),
            ("[1.]", "line 1, column 4"),
            ("\"a\u{1}\"", "line 1, column 3"),
            ("\"\\x\"", "line 1, column 3"),
            ("\"\\ud800\"", "line 1, column 7"),
            ("nul", "line 1, column 1"),
            ("1 2", "line 1, column 3"),
            ("1e999", "line 1, column 1"),
            ("'a'", "line 1, column 1"),
            ("\"never closed", "line 1, column 14"),
        ] {
            assert_eq!(err(text).path, at, "{text:?}: {}", err(text));
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert!(err(&deep).message.contains("nested too deeply"));
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn typed_reading_reports_every_problem_at_its_path() {
        let v = ok(r#"{"name": 3, "count": 1.5, "list": [true, "x"], "extra": null}"#);
        let mut r = Reader::default();
        let mut o = r.object(&v, "");
        let _: String = o.req(&mut r, "name");
        let _: u32 = o.req(&mut r, "count");
        let _: Vec<bool> = o.req(&mut r, "list");
        let _: String = o.req(&mut r, "missing");
        o.finish(&mut r);
        let problems = r.finish(()).expect_err("problems");
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["name", "count", "list[1]", "", "extra"]);
        assert!(problems[3].message.contains("\"missing\""));
    }

    #[test]
    fn strings_written_read_back_unchanged() {
        for s in ["", "plain", "quote \" and \\ back", "line\nbreak\ttab\r", "\u{1}\u{1f}", "é😀"] {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(ok(&out), Value::String(s.into()), "{out}");
        }
    }
}
