//! A forgiving reading of any JSON document: a missing or mistyped member reads as empty, so a
//! file with mistakes still opens and the core lists them.

use partnerscope_core::json::Value;

use partnerscope_core::instrument::Tone;
use partnerscope_core::text::written;

use super::{Band, Text};

/// A forgiving view of a JSON value: a missing or mistyped member reads as empty.
#[derive(Clone, Copy)]
pub(super) struct Lenient<'v, 'a> {
    pub(super) value: &'v Value<'a>,
}

static NULL: Value<'static> = Value::Null;

impl<'v, 'a> Lenient<'v, 'a> {
    pub(super) fn get(&self, key: &str) -> Lenient<'v, 'a> {
        if let Value::Object(members) = self.value {
            for (k, v) in members {
                if k == key {
                    return Lenient { value: v };
                }
            }
        }
        Lenient { value: &NULL }
    }
    pub(super) fn has(&self, key: &str) -> bool {
        !matches!(self.get(key).value, Value::Null)
    }
    pub(super) fn members(&self) -> Vec<(&'v str, &'v Value<'a>)> {
        match self.value {
            Value::Object(members) => members.iter().map(|(k, v)| (k.as_ref(), v)).collect(),
            _ => Vec::new(),
        }
    }
    pub(super) fn list(&self, key: &str) -> Vec<Lenient<'v, 'a>> {
        match self.get(key).value {
            Value::Array(values) => values.iter().map(|value| Lenient { value }).collect(),
            _ => Vec::new(),
        }
    }
    pub(super) fn str(&self, key: &str) -> String {
        self.get(key).str_self()
    }
    pub(super) fn str_self(&self) -> String {
        match self.value {
            Value::String(s) => s.to_string(),
            Value::Number(n) => written(*n),
            _ => String::new(),
        }
    }
    pub(super) fn strs(&self, key: &str) -> Vec<String> {
        self.get(key).strs_self()
    }
    pub(super) fn strs_self(&self) -> Vec<String> {
        match self.value {
            Value::Array(values) => values.iter().map(|value| Lenient { value }.str_self()).collect(),
            _ => Vec::new(),
        }
    }
    pub(super) fn text(&self, key: &str) -> Text {
        self.get(key).text_self()
    }
    pub(super) fn text_self(&self) -> Text {
        self.members().into_iter().map(|(k, v)| (k.to_owned(), Lenient { value: v }.str_self())).collect()
    }
    /// A number as text; `default` when the member is absent.
    pub(super) fn num_or(&self, key: &str, default: &str) -> String {
        let v = if key.is_empty() { *self } else { self.get(key) };
        match v.value {
            Value::Null => default.to_owned(),
            _ => v.str_self(),
        }
    }
    pub(super) fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.get(key).value {
            Value::Bool(b) => *b,
            _ => default,
        }
    }
    pub(super) fn band(&self) -> Band {
        Band {
            id: self.str("id"),
            from: self.num_or("from", ""),
            label: self.text("label"),
            tone: match self.str("tone").as_str() {
                "strength" => Tone::Strength,
                "borderline" => Tone::Borderline,
                _ => Tone::Concern,
            },
        }
    }
}
