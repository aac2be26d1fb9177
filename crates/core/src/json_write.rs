//! One small JSON writer for the JSON the product writes by hand (stored entries, drafts, the
//! host page's event details, responses and reports): members are added in order to an
//! [`Object`], strings are escaped by [`crate::json::write_string`], and nothing can produce
//! text that is not JSON (no stray comma, no unescaped quote, no unclosed brace).
//!
//! Why not serde_json's serializer: the widget does without serde on its paths (see `json.rs`),
//! and this writer is a few hundred bytes of wasm with no generic code: every method takes
//! plain values, so it is compiled once however many modules use it.
//!
//! ```
//! use partnerscope_core::json_write::Object;
//!
//! let mut scores = Object::new();
//! scores.uint("n", 3);
//! let mut o = Object::new();
//! o.str("id", "r-\"1\"").uint("status", 201).bool("resumed", false).raw("scores", &scores.finish());
//! o.strs("problems", ["a", "b"].into_iter());
//! assert_eq!(o.finish(), r#"{"id":"r-\"1\"","status":201,"resumed":false,"scores":{"n":3},"problems":["a","b"]}"#);
//! ```

use crate::json::write_string;

/// A JSON object being written: `{`, then members in the order they are added, then `}` from
/// [`Object::finish`].
#[derive(Debug)]
pub struct Object {
    out: String,
}

impl Default for Object {
    fn default() -> Object {
        Object::new()
    }
}

impl Object {
    pub fn new() -> Object {
        Object { out: String::from("{") }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_string(&mut self.out, key);
        self.out.push(':');
        &mut self.out
    }

    /// A string member.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Object {
        write_string(self.key(key), value);
        self
    }

    /// A string member when there is a value; nothing otherwise.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Object {
        if let Some(value) = value {
            self.str(key, value);
        }
        self
    }

    /// A whole number (no float formatting: see `text::fixed` for decimals).
    pub fn uint(&mut self, key: &str, value: u64) -> &mut Object {
        let out = self.key(key);
        push_uint(out, value);
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Object {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// A member whose value is JSON text already (another object, a number written by
    /// `text::fixed`); the caller vouches that it is JSON.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Object {
        self.key(key).push_str(json);
        self
    }

    /// A number with at most `decimals` decimals, trailing zeros dropped (`3.25`, `4`), or
    /// `null` when it is not finite. Written by `text::fixed`, never by float formatting.
    pub fn num(&mut self, key: &str, value: f64, decimals: u32) -> &mut Object {
        let text = crate::text::fixed(value, decimals, '.');
        let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
        self.key(key).push_str(if text == "?" { "null" } else { text });
        self
    }

    /// `null`.
    pub fn null(&mut self, key: &str) -> &mut Object {
        self.key(key).push_str("null");
        self
    }

    /// A list of values that are JSON text already (objects from other writers).
    pub fn raws(&mut self, key: &str, values: impl Iterator<Item = String>) -> &mut Object {
        let out = self.key(key);
        out.push('[');
        for (i, value) in values.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&value);
        }
        out.push(']');
        self
    }

    /// A list of strings.
    pub fn strs<'s>(&mut self, key: &str, values: impl Iterator<Item = &'s str>) -> &mut Object {
        let out = self.key(key);
        out.push('[');
        for (i, value) in values.enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, value);
        }
        out.push(']');
        self
    }

    /// The object's text.
    pub fn finish(&mut self) -> String {
        let mut out = std::mem::replace(&mut self.out, String::from("{"));
        out.push('}');
        out
    }
}

/// `value` in decimal, without `format!` (whose machinery is larger than this).
fn push_uint(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn written_objects_are_read_back_by_the_reader_and_by_serde_json() {
        let mut inner = Object::new();
        inner.uint("zero", 0).uint("max", u64::MAX);
        let mut o = Object::new();
        o.str("text", "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀")
            .opt_str("absent", None)
            .opt_str("present", Some(""))
            .bool("yes", true)
            .bool("no", false)
            .raw("inner", &inner.finish())
            .strs("list", ["", "a,b", "]"].into_iter())
            .strs("empty", std::iter::empty());
        let text = o.finish();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(value["text"], "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀");
        assert!(value.get("absent").is_none());
        assert_eq!(value["present"], "");
        assert_eq!(value["inner"]["max"], u64::MAX);
        assert_eq!(value["inner"]["zero"], 0);
        assert_eq!(value["list"][1], "a,b");
        assert_eq!(value["empty"].as_array().map(Vec::len), Some(0));
        // The product's own reader takes it too (it refuses numbers beyond 15 digits, so
        // without the largest one).
        let readable = text.replace(&u64::MAX.to_string(), "1");
        assert!(crate::json::parse(&readable).is_ok(), "{readable}");
        // An empty object, and a writer used again after finishing.
        assert_eq!(Object::new().finish(), "{}");
        let mut twice = Object::new();
        twice.uint("a", 1);
        assert_eq!(twice.finish(), "{\"a\":1}");
        twice.uint("b", 2);
        assert_eq!(twice.finish(), "{\"b\":2}");
        let mut numbers = Object::new();
        numbers
            .num("a", 3.25, 6)
            .num("b", 4.0, 6)
            .num("c", f64::NAN, 2)
            .null("d")
            .raws("e", ["1".to_owned(), "{}".to_owned()].into_iter());
        assert_eq!(numbers.finish(), r#"{"a":3.25,"b":4,"c":null,"d":null,"e":[1,{}]}"#);
    }

    #[test]
    fn whole_numbers_are_written_as_decimal() {
        for n in [0u64, 7, 10, 409, 1_000_000, u64::MAX] {
            let mut out = String::new();
            push_uint(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
