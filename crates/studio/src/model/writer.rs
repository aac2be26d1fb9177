//! The studio's JSON writer (the instrument file it downloads) and the number grammar it checks.

use partnerscope_core::json::write_string;

use super::{Band, Text, tone_name};

/// A pretty-enough JSON writer: one member per line at the top two levels is not needed, the
/// studio's file is read by machines and by the studio; strings through the core's escaper.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) out: String,
    /// Whether the next value in the current container needs a comma before it.
    comma: Vec<bool>,
}

impl Writer {
    pub(super) fn sep(&mut self) {
        if let Some(c) = self.comma.last_mut() {
            if *c {
                self.out.push(',');
            }
            *c = true;
        }
    }
    pub(super) fn open(&mut self, c: char) {
        if !self.out.ends_with(':') {
            self.sep();
        }
        self.out.push(c);
        self.comma.push(false);
    }
    pub(super) fn close(&mut self, c: char) {
        self.comma.pop();
        self.out.push(c);
    }
    pub(super) fn key(&mut self, key: &str) {
        self.sep();
        write_string(&mut self.out, key);
        self.out.push(':');
    }
    pub(super) fn value_start(&mut self) {
        if !self.out.ends_with(':') {
            self.sep();
        }
    }
    pub(super) fn raw(&mut self, raw: &str) {
        self.value_start();
        self.out.push_str(raw);
    }
    pub(super) fn string(&mut self, s: &str) {
        self.value_start();
        write_string(&mut self.out, s);
    }
    pub(super) fn number(&mut self, s: &str) {
        let t = s.trim();
        if is_json_number(t) { self.raw(t) } else { self.string(s) }
    }
    /// An array of `items`, each written by `each`.
    pub(super) fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        self.open('[');
        for item in items {
            each(self, item);
        }
        self.close(']');
    }
    /// Member `key` as the array of `items`; left out when there are none, as the schema leaves
    /// an empty optional part out.
    pub(super) fn optional_list<T>(&mut self, key: &str, items: &[T], each: impl FnMut(&mut Writer, &T)) {
        if !items.is_empty() {
            self.key(key);
            self.list(items, each);
        }
    }
    pub(super) fn strings(&mut self, list: &[String]) {
        self.list(list, |w, s| w.string(s));
    }
    pub(super) fn text(&mut self, text: &Text) {
        self.open('{');
        for (lang, s) in text {
            self.key(lang);
            self.string(s);
        }
        self.close('}');
    }
    pub(super) fn bands(&mut self, bands: &[Band]) {
        self.list(bands, |w, b| {
            w.open('{');
            w.key("id");
            w.string(&b.id);
            w.key("from");
            w.number(&b.from);
            w.key("label");
            w.text(&b.label);
            w.key("tone");
            w.string(tone_name(b.tone));
            w.close('}');
        });
    }
}

/// Whether `s` is a JSON number (RFC 8259's grammar).
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}
