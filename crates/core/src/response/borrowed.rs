//! The response borrowed from its text: [`ResponseRef`], read by `read.rs` without copying its
//! strings, so that an import of a hundred thousand lines allocates almost nothing.

use std::borrow::Cow;

use super::{Answer, ResponseFields, object_text, read};
use crate::diag::Diagnostic;

/// Most entries in one object of a [`ResponseRef`]; more than any instrument has items.
const MAX_PAIRS: usize = 1_000;

/// The same document as [`Response`](super::Response), borrowed from the text it was parsed
/// from: strings without escapes are not copied, and each object is a list of pairs in document
/// order (no map to build; a key given twice is refused by [`Sheet::check`](super::Sheet)).
/// Importing 100,000 JSON lines through this form avoids about forty allocations per line.
#[derive(Debug, Default)]
pub struct ResponseRef<'a> {
    pub(super) schema: u32,
    pub(super) id: Cow<'a, str>,
    pub(super) instrument: Cow<'a, str>,
    pub(super) version: Cow<'a, str>,
    pub(super) round: Cow<'a, str>,
    pub(super) group: Option<Cow<'a, str>>,
    pub(super) context: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(super) answers: Vec<(Cow<'a, str>, Answer)>,
    pub(super) comments: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(super) lang: Cow<'a, str>,
    pub(super) date: Option<Cow<'a, str>>,
}

impl<'a> ResponseRef<'a> {
    /// Parses one response document without copying its strings.
    pub fn from_json(text: &'a str) -> Result<ResponseRef<'a>, Diagnostic> {
        read::read(object_text(text)?, Some(MAX_PAIRS))
    }
}

impl ResponseFields for ResponseRef<'_> {
    plain_fields!();
    fn context(&self) -> impl Iterator<Item = (&str, &str)> {
        self.context.iter().map(|(q, o)| (q.as_ref(), o.as_ref()))
    }
    fn answers(&self) -> impl Iterator<Item = (&str, Answer)> {
        self.answers.iter().map(|(id, a)| (id.as_ref(), *a))
    }
    fn comments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.comments.iter().map(|(id, t)| (id.as_ref(), t.as_ref()))
    }
}
