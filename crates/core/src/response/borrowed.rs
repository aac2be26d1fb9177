//! The response borrowed from its text: [`ResponseRef`], read with serde_json's borrowing
//! deserializer so that an import of a hundred thousand lines allocates almost nothing.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};

use super::{Answer, ResponseFields, object_text};
use crate::diag::{Diagnostic, json_error};

/// A JSON object read as a list of pairs, keys borrowed from the input where possible: no map to
/// build and no key to allocate. Used only by [`ResponseRef`].
#[derive(Debug)]
pub struct Pairs<'a, V>(pub Vec<(Cow<'a, str>, V)>);

// Not derived: a derive would demand `V: Default`, which an empty list does not need.
impl<V> Default for Pairs<'_, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de: 'a, 'a, V: Deserialize<'de>> Deserialize<'de> for Pairs<'a, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<'a, V>(std::marker::PhantomData<(&'a (), V)>);
        impl<'de: 'a, 'a, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<'a, V> {
            type Value = Pairs<'a, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                // JSON gives no size hint; starting at 64 spares the four or five regrowths a typical
                // answers object would cost (allocation is slow in wasm).
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(64).min(MAX_PAIRS));
                while let Some(Borrowed(key)) = map.next_key::<Borrowed<'de>>()? {
                    if pairs.len() >= MAX_PAIRS {
                        return Err(serde::de::Error::custom("the object has too many entries"));
                    }
                    pairs.push((key, map.next_value()?));
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// A string borrowed from the input when it has no escapes. serde's own `Cow<str>` always
/// copies unless it is a struct field marked `borrow`, which a map key cannot be.
#[derive(Debug)]
pub struct Borrowed<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// Most entries in one object of a [`ResponseRef`]; more than any instrument has items.
const MAX_PAIRS: usize = 1_000;

/// The same document as [`Response`], borrowed from the text it was parsed from. Importing
/// 100,000 JSON lines through this form avoids about forty allocations per line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseRef<'a> {
    schema: u32,
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    instrument: Cow<'a, str>,
    #[serde(borrow)]
    version: Cow<'a, str>,
    #[serde(default, borrow)]
    round: Cow<'a, str>,
    #[serde(default, borrow)]
    group: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    context: Pairs<'a, Borrowed<'a>>,
    #[serde(default, borrow)]
    answers: Pairs<'a, Answer>,
    #[serde(default, borrow)]
    comments: Pairs<'a, Borrowed<'a>>,
    #[serde(borrow)]
    lang: Cow<'a, str>,
    #[serde(default, borrow)]
    date: Option<Cow<'a, str>>,
}

impl<'a> ResponseRef<'a> {
    /// Parses one response document without copying its strings.
    pub fn from_json(text: &'a str) -> Result<ResponseRef<'a>, Diagnostic> {
        let text = object_text(text)?;
        serde_json::from_str(text).map_err(|e| json_error(&e))
    }
}

impl ResponseFields for ResponseRef<'_> {
    plain_fields!();
    fn context(&self) -> impl Iterator<Item = (&str, &str)> {
        self.context.0.iter().map(|(q, o)| (q.as_ref(), o.0.as_ref()))
    }
    fn answers(&self) -> impl Iterator<Item = (&str, Answer)> {
        self.answers.0.iter().map(|(id, a)| (id.as_ref(), *a))
    }
    fn comments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.comments.0.iter().map(|(id, t)| (id.as_ref(), t.0.as_ref()))
    }
}
