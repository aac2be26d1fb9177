//! Responses: the versioned JSON form one respondent produces, and [`Sheet`], the same response
//! checked against its instrument and indexed by position for scoring.
//!
//! The rooms: here the owned [`Response`], the [`ResponseFields`] both forms answer to and the
//! rules for a field's value; `borrowed.rs`, the same document borrowed from its text
//! ([`ResponseRef`], for fast imports); `sheet.rs`, [`Sheet`] and its one checker.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::Diagnostic;
use crate::map::Map;

pub use borrowed::ResponseRef;
pub use sheet::Sheet;

/// The only response schema version this build reads.
pub const RESPONSE_SCHEMA: u32 = 1;
/// Largest single response document accepted, in bytes.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;
/// Longest open comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 4_000;

/// One answer to a scored item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A point on the instrument's scale, as the respondent chose it (before reverse-coding).
    Value(i32),
    /// "Don't know / not applicable": excluded from scores, counted separately.
    NotApplicable,
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Value(v) => s.serialize_i32(*v),
            Answer::NotApplicable => s.serialize_str("na"),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number on the scale or \"na\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
                i32::try_from(v).map(Answer::Value).map_err(|_| E::custom("the answer is far outside the scale"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
                i32::try_from(v).map(Answer::Value).map_err(|_| E::custom("the answer is far outside the scale"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                if v == "na" {
                    Ok(Answer::NotApplicable)
                } else {
                    Err(E::custom(format!("\"{v}\" is not an answer; use a number or \"na\"")))
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A response as stored and exchanged (JSON). It carries no identity: `id` is a random value
/// supplied by the caller for de-duplication only, and `date` is a day at most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub schema: u32,
    pub id: String,
    pub instrument: String,
    pub version: String,
    #[serde(default)]
    pub round: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Context question id to option id.
    #[serde(default, deserialize_with = "unique")]
    pub context: Map<String, String>,
    /// Item id to answer; unanswered items are absent.
    #[serde(default, deserialize_with = "unique")]
    pub answers: Map<String, Answer>,
    /// Comment item id to text.
    #[serde(default, skip_serializing_if = "Map::is_empty", deserialize_with = "unique")]
    pub comments: Map<String, String>,
    pub lang: String,
    /// `YYYY-MM-DD`, never a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// An object read into a map, refusing a key given twice (JSON allows it; a response that answers
/// one item twice is ambiguous, and every reader of responses refuses it alike).
fn unique<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<Map<String, V>, D::Error> {
    struct Visitor<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
        type Value = Map<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("\"{key}\" is given twice")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visitor(std::marker::PhantomData))
}

/// The pairs of an object as a map, refusing a key given twice.
/// Sorted once (not inserted one by one, which is quadratic for a hostile document of many keys);
/// of several keys given twice, the first in key order is named.
fn unique_map<'a, V>(pairs: impl Iterator<Item = (Cow<'a, str>, V)>) -> Result<Map<String, V>, Diagnostic> {
    let mut pairs: Vec<(String, V)> = pairs.map(|(k, v)| (k.into_owned(), v)).collect();
    crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
    if let Some(twice) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Diagnostic::new("", format!("\"{}\" is given twice", twice[0].0)));
    }
    Ok(pairs.into_iter().collect())
}

impl Response {
    /// Parses one response document (limits and syntax only; see [`Sheet::check`] for meaning).
    pub fn from_json(text: &str) -> Result<Response, Diagnostic> {
        let doc = read::read(object_text(text)?, None)?;
        let owned = |s: Cow<'_, str>| s.into_owned();
        Ok(Response {
            schema: doc.schema,
            id: owned(doc.id),
            instrument: owned(doc.instrument),
            version: owned(doc.version),
            round: owned(doc.round),
            group: doc.group.map(owned),
            context: unique_map(doc.context.into_iter().map(|(k, v)| (k, v.into_owned())))?,
            answers: unique_map(doc.answers.into_iter())?,
            comments: unique_map(doc.comments.into_iter().map(|(k, v)| (k, v.into_owned())))?,
            lang: owned(doc.lang),
            date: doc.date.map(owned),
        })
    }

    /// Serialises to compact JSON: the same text serde_json writes for this struct (a test
    /// holds them equal), written by hand because serde's serializer costs the widget's wasm
    /// several kilobytes for this one document.
    pub fn to_json(&self) -> String {
        use crate::json::write_string;
        let mut out = String::with_capacity(64 + 16 * self.answers.len());
        out.push_str("{\"schema\":");
        out.push_str(&self.schema.to_string());
        for (key, value) in
            [("id", &self.id), ("instrument", &self.instrument), ("version", &self.version), ("round", &self.round)]
        {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            write_string(&mut out, value);
        }
        if let Some(group) = &self.group {
            out.push_str(",\"group\":");
            write_string(&mut out, group);
        }
        let map = |out: &mut String, key: &str, pairs: &mut dyn Iterator<Item = (&String, String)>| {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":{");
            for (i, (k, v)) in pairs.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                out.push_str(&v);
            }
            out.push('}');
        };
        let quoted = |text: &str| {
            let mut s = String::new();
            write_string(&mut s, text);
            s
        };
        map(&mut out, "context", &mut self.context.iter().map(|(k, v)| (k, quoted(v))));
        map(
            &mut out,
            "answers",
            &mut self.answers.iter().map(|(k, a)| {
                (
                    k,
                    match a {
                        Answer::Value(v) => v.to_string(),
                        Answer::NotApplicable => "\"na\"".to_owned(),
                    },
                )
            }),
        );
        if !self.comments.is_empty() {
            map(&mut out, "comments", &mut self.comments.iter().map(|(k, v)| (k, quoted(v))));
        }
        out.push_str(",\"lang\":");
        write_string(&mut out, &self.lang);
        if let Some(date) = &self.date {
            out.push_str(",\"date\":");
            write_string(&mut out, date);
        }
        out.push('}');
        out
    }
}

/// `text` without a leading byte-order mark (Windows editors write one), if it is a JSON object
/// of at most [`MAX_RESPONSE_BYTES`]; anything else is refused in plain words before the parser
/// would describe it in its own. The one gate of both readers, owned and borrowed.
fn object_text(text: &str) -> Result<&str, Diagnostic> {
    if text.len() > MAX_RESPONSE_BYTES {
        return Err(Diagnostic::new(
            "",
            format!("the response is {} bytes; the limit is {MAX_RESPONSE_BYTES} bytes", text.len()),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        Ok(text)
    } else {
        Err(Diagnostic::new("", "this is not a response: a response is a JSON object, in braces"))
    }
}

/// Read access to a response's fields, so that one checker serves both the owned [`Response`]
/// and the borrowed form used for fast imports ([`ResponseRef`]).
pub trait ResponseFields {
    fn schema(&self) -> u32;
    fn id(&self) -> &str;
    fn instrument(&self) -> &str;
    fn version(&self) -> &str;
    fn round(&self) -> &str;
    fn group(&self) -> Option<&str>;
    fn lang(&self) -> &str;
    fn date(&self) -> Option<&str>;
    fn context(&self) -> impl Iterator<Item = (&str, &str)>;
    /// Answers by item id; sorted by id when they come from a map, in document order otherwise.
    fn answers(&self) -> impl Iterator<Item = (&str, Answer)>;
    fn comments(&self) -> impl Iterator<Item = (&str, &str)>;
}

/// The accessors the owned and the borrowed response spell alike: their fields have the same
/// names and read the same way. Written once, used by both implementations.
macro_rules! plain_fields {
    () => {
        fn schema(&self) -> u32 {
            self.schema
        }
        fn id(&self) -> &str {
            &self.id
        }
        fn instrument(&self) -> &str {
            &self.instrument
        }
        fn version(&self) -> &str {
            &self.version
        }
        fn round(&self) -> &str {
            &self.round
        }
        fn group(&self) -> Option<&str> {
            self.group.as_deref()
        }
        fn lang(&self) -> &str {
            &self.lang
        }
        fn date(&self) -> Option<&str> {
            self.date.as_deref()
        }
    };
}

impl ResponseFields for Response {
    plain_fields!();
    fn context(&self) -> impl Iterator<Item = (&str, &str)> {
        self.context.iter().map(|(q, o)| (q.as_str(), o.as_str()))
    }
    fn answers(&self) -> impl Iterator<Item = (&str, Answer)> {
        self.answers.iter().map(|(id, a)| (id.as_str(), *a))
    }
    fn comments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.comments.iter().map(|(id, t)| (id.as_str(), t.as_str()))
    }
}

/// Whether `s` is a random id we accept: 1 to 64 characters from the URL-safe alphabet.
pub fn valid_response_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a round label may be, in words, for messages.
pub const ROUND_RULE: &str = "the round label must be at most 64 characters, with no control characters";

/// Whether `s` is an acceptable round label ("2026", "spring review"): at most 64 characters,
/// no control characters. Empty means "no round".
pub fn valid_round(s: &str) -> bool {
    s.chars().count() <= 64 && !s.chars().any(char::is_control)
}

/// Whether `s` is a plausible calendar date `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit())).and_then(|p| p.parse().ok())
    };
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize] && (1900..=9999).contains(&y)
        }
        _ => false,
    }
}

// Declared after `plain_fields!`, which they use: a macro is seen only below its definition.
mod borrowed;
mod read;
mod sheet;
