//! Responses: the versioned JSON form one respondent produces, and [`Sheet`], the same response
//! checked against its instrument and indexed by position for scoring.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::{Diagnostic, Diagnostics, json_error};
use crate::instrument::{Instrument, ItemKind};
use crate::locale::valid_locale_tag;

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
    pub context: BTreeMap<String, String>,
    /// Item id to answer; unanswered items are absent.
    #[serde(default, deserialize_with = "unique")]
    pub answers: BTreeMap<String, Answer>,
    /// Comment item id to text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "unique")]
    pub comments: BTreeMap<String, String>,
    pub lang: String,
    /// `YYYY-MM-DD`, never a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// An object read into a map, refusing a key given twice (JSON allows it; a response that answers
/// one item twice is ambiguous, and every reader of responses refuses it alike).
fn unique<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<BTreeMap<String, V>, D::Error> {
    struct Visitor<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
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

impl Response {
    /// Parses one response document (limits and syntax only; see [`Sheet::check`] for meaning).
    pub fn from_json(text: &str) -> Result<Response, Diagnostic> {
        if text.len() > MAX_RESPONSE_BYTES {
            return Err(Diagnostic::new(
                "",
                format!("the response is {} bytes; the limit is {MAX_RESPONSE_BYTES} bytes", text.len()),
            ));
        }
        let text = object_text(text)?;
        serde_json::from_str(text).map_err(|e| json_error(&e))
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

/// `text` without a leading byte-order mark (Windows editors write one), if it is a JSON object;
/// anything else is refused in plain words before the parser would describe it in its own.
fn object_text(text: &str) -> Result<&str, Diagnostic> {
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
        if text.len() > MAX_RESPONSE_BYTES {
            return Err(Diagnostic::new(
                "",
                format!("the response is {} bytes; the limit is {MAX_RESPONSE_BYTES} bytes", text.len()),
            ));
        }
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

/// A response checked against its instrument: every index is in range, every answer on the scale.
///
/// The fields are private so that this holds: a sheet is made by [`Sheet::check`] or
/// [`Sheet::empty`], and changed only through the checked setters below (or the core's own
/// `Flow`), so scoring and [`Sheet::to_response`] never meet an index out of range.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub(crate) id: String,
    pub(crate) round: String,
    pub(crate) group: Option<usize>,
    /// One entry per context question: the chosen option's index.
    pub(crate) context: Vec<Option<usize>>,
    /// One entry per item in instrument order; `None` is unanswered (and always `None` for comments).
    pub(crate) answers: Vec<Option<Answer>>,
    /// Comment texts by item index.
    pub(crate) comments: BTreeMap<usize, String>,
    pub(crate) lang: String,
    pub(crate) date: Option<String>,
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

impl Sheet {
    /// An empty sheet for `instrument`.
    pub fn empty(instrument: &Instrument, id: &str, lang: &str) -> Sheet {
        Sheet {
            id: id.to_owned(),
            round: String::new(),
            group: None,
            context: vec![None; instrument.doc().context.len()],
            answers: vec![None; instrument.item_count()],
            comments: BTreeMap::new(),
            lang: lang.to_owned(),
            date: None,
        }
    }

    /// Checks a response against `instrument`, reporting every problem at once.
    pub fn check(instrument: &Instrument, response: &impl ResponseFields) -> Result<Sheet, Vec<Diagnostic>> {
        let mut diags = Diagnostics::default();
        let doc = instrument.doc();
        if response.schema() != RESPONSE_SCHEMA {
            diags.push(
                "schema",
                format!("response schema {} is not supported; this build reads {RESPONSE_SCHEMA}", response.schema()),
            );
        }
        // A response to another instrument or version is refused as a whole: its items would be
        // read against the wrong questions, so item-level messages would only mislead.
        if response.instrument() != doc.id {
            diags.push(
                "instrument",
                format!("this response is for instrument \"{}\", not \"{}\"", response.instrument(), doc.id),
            );
            return Err(diags.0);
        }
        if response.version() != doc.version {
            diags.push(
                "version",
                format!(
                    "this response is for version {} of the instrument; the loaded one is version {}",
                    response.version(),
                    doc.version
                ),
            );
            return Err(diags.0);
        }
        if !valid_response_id(response.id()) {
            diags.push("id", "the response id must be 1 to 64 letters, digits, '-' or '_'");
        }
        let round = response.round();
        if !valid_round(round) {
            diags.push("round", ROUND_RULE);
        }
        if !valid_locale_tag(response.lang()) {
            diags.push("lang", format!("\"{}\" is not a language code", response.lang()));
        }
        if let Some(date) = response.date().filter(|d| !valid_date(d)) {
            diags.push("date", format!("\"{date}\" is not a date of the form YYYY-MM-DD"));
        }
        let group = match response.group() {
            None => None,
            Some(g) => match instrument.group_idx(g) {
                Some(i) => Some(i),
                None => {
                    diags.push("group", format!("the instrument has no respondent group \"{g}\""));
                    None
                }
            },
        };
        let mut context = vec![None; doc.context.len()];
        for (q, o) in response.context() {
            match doc.context.iter().position(|x| x.id == q) {
                None => diags.push(format!("context.{q}"), format!("the instrument has no context question \"{q}\"")),
                Some(qi) => match doc.context[qi].options.iter().position(|x| x.id == o) {
                    None => diags.push(format!("context.{q}"), format!("question \"{q}\" has no option \"{o}\"")),
                    Some(oi) => context[qi] = Some(oi),
                },
            }
        }
        let mut answers = vec![None; instrument.item_count()];
        let (min, max) = (instrument.scale_min(), instrument.scale_max());
        // Answers usually arrive sorted by id (every map we write is sorted), and so are the
        // instrument's ids, so a merge walk resolves most ids with a comparison or two; an id out
        // of order falls back to a look-up. This runs for every imported line.
        let mut ids = instrument.items_by_id().peekable();
        for (id, answer) in response.answers() {
            let walked = loop {
                match ids.peek() {
                    Some((known, _)) if known.as_str() < id => {
                        ids.next();
                    }
                    Some((known, idx)) if known.as_str() == id => break Some(*idx),
                    _ => break None,
                }
            };
            let path = || format!("answers.{id}");
            let Some(idx) = walked.or_else(|| instrument.item_idx(id)) else {
                diags.push(path(), format!("the instrument has no item \"{id}\""));
                continue;
            };
            let item = instrument.item(idx);
            if item.kind == ItemKind::Comment {
                diags.push(path(), "this item is an open comment; put its text in \"comments\"");
                continue;
            }
            if answers[idx].is_some() {
                diags.push(path(), "the item is answered twice");
                continue;
            }
            match answer {
                Answer::Value(v) if v < min || v > max => {
                    diags.push(path(), format!("{v} is outside the scale {min} to {max}"));
                }
                Answer::NotApplicable if !item.not_applicable => {
                    diags.push(path(), "\"not applicable\" is not offered for this item");
                }
                a => answers[idx] = Some(a),
            }
        }
        let mut comments = BTreeMap::new();
        for (id, text) in response.comments() {
            let path = format!("comments.{id}");
            match instrument.item_idx(id) {
                Some(idx) if instrument.item(idx).kind == ItemKind::Comment => {
                    if text.chars().count() > MAX_COMMENT_CHARS {
                        diags.push(path, format!("a comment may be at most {MAX_COMMENT_CHARS} characters"));
                    } else if !text.trim().is_empty() {
                        comments.insert(idx, text.to_owned());
                    }
                }
                Some(_) => diags.push(path, "this item is scored, not a comment"),
                None => diags.push(path, format!("the instrument has no item \"{id}\"")),
            }
        }
        let sheet = Sheet {
            id: response.id().to_owned(),
            round: round.to_owned(),
            group,
            context,
            answers,
            comments,
            lang: response.lang().to_owned(),
            date: response.date().map(str::to_owned),
        };
        diags.into_result(sheet)
    }

    /// The response document for this sheet.
    pub fn to_response(&self, instrument: &Instrument) -> Response {
        let doc = instrument.doc();
        Response {
            schema: RESPONSE_SCHEMA,
            id: self.id.clone(),
            instrument: doc.id.clone(),
            version: doc.version.clone(),
            round: self.round.clone(),
            group: self.group.map(|g| doc.groups[g].id.clone()),
            context: crate::map_of(
                self.context
                    .iter()
                    .enumerate()
                    .filter_map(|(q, o)| o.map(|o| (doc.context[q].id.clone(), doc.context[q].options[o].id.clone()))),
            ),
            answers: crate::map_of(
                self.answers.iter().enumerate().filter_map(|(i, a)| a.map(|a| (instrument.item(i).id.clone(), a))),
            ),
            comments: crate::map_of(self.comments.iter().map(|(i, t)| (instrument.item(*i).id.clone(), t.clone()))),
            lang: self.lang.clone(),
            date: self.date.clone(),
        }
    }

    /// The response's random id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The round label ("" for none).
    pub fn round(&self) -> &str {
        &self.round
    }

    /// The respondent group, as an index into the instrument's groups.
    pub fn group(&self) -> Option<usize> {
        self.group
    }

    /// One entry per context question: the chosen option's index.
    pub fn context(&self) -> &[Option<usize>] {
        &self.context
    }

    /// One entry per item in instrument order; `None` is unanswered (always for comments).
    pub fn answers(&self) -> &[Option<Answer>] {
        &self.answers
    }

    /// Comment texts by item index.
    pub fn comments(&self) -> &BTreeMap<usize, String> {
        &self.comments
    }

    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The day the response was finished (`YYYY-MM-DD`), never a time.
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// Answers item `item` (an index into the instrument's items): a point of the scale, "not
    /// applicable" where the item allows it, or `None` to clear it. Refused with a reason
    /// otherwise, and the sheet is unchanged.
    pub fn set_answer(
        &mut self,
        instrument: &Instrument,
        item: usize,
        answer: Option<Answer>,
    ) -> Result<(), Diagnostic> {
        let path = || format!("answers[{item}]");
        if item >= self.answers.len() {
            return Err(Diagnostic::new(path(), format!("the instrument has {} items", self.answers.len())));
        }
        let spec = instrument.item(item);
        match answer {
            Some(_) if spec.kind != ItemKind::Scale => {
                return Err(Diagnostic::new(path(), "a comment takes text, not an answer on the scale"));
            }
            Some(Answer::Value(v)) if !(instrument.scale_min()..=instrument.scale_max()).contains(&v) => {
                return Err(Diagnostic::new(
                    path(),
                    format!("{v} is outside the scale {} to {}", instrument.scale_min(), instrument.scale_max()),
                ));
            }
            Some(Answer::NotApplicable) if !spec.not_applicable => {
                return Err(Diagnostic::new(path(), "this item does not offer \"not applicable\""));
            }
            _ => {}
        }
        self.answers[item] = answer;
        Ok(())
    }

    /// Sets the respondent group (an index into the instrument's groups), or none.
    pub fn set_group(&mut self, instrument: &Instrument, group: Option<usize>) -> Result<(), Diagnostic> {
        let groups = instrument.doc().groups.len();
        if group.is_some_and(|g| g >= groups) {
            return Err(Diagnostic::new("group", format!("the instrument has {groups} groups")));
        }
        self.group = group;
        Ok(())
    }

    /// Answers context question `q` with option `option` (indices), or clears it.
    pub fn set_context(&mut self, instrument: &Instrument, q: usize, option: Option<usize>) -> Result<(), Diagnostic> {
        let Some(question) = instrument.doc().context.get(q) else {
            return Err(Diagnostic::new(format!("context[{q}]"), "there is no such context question"));
        };
        if option.is_some_and(|o| o >= question.options.len()) {
            return Err(Diagnostic::new(format!("context[{q}]"), "there is no such option"));
        }
        self.context[q] = option;
        Ok(())
    }

    /// Sets the comment of comment item `item` (empty text removes it).
    pub fn set_comment(&mut self, instrument: &Instrument, item: usize, text: &str) -> Result<(), Diagnostic> {
        if item >= self.answers.len() || instrument.item(item).kind != ItemKind::Comment {
            return Err(Diagnostic::new(format!("comments[{item}]"), "this is not a comment item"));
        }
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(Diagnostic::new(
                format!("comments[{item}]"),
                format!("a comment may be at most {MAX_COMMENT_CHARS} characters"),
            ));
        }
        if text.trim().is_empty() {
            self.comments.remove(&item);
        } else {
            self.comments.insert(item, text.to_owned());
        }
        Ok(())
    }

    /// Sets the response's random id (1 to 64 characters: letters, digits, `-`, `_`).
    pub fn set_id(&mut self, id: &str) -> Result<(), Diagnostic> {
        if !valid_response_id(id) {
            return Err(Diagnostic::new("id", "an id is 1 to 64 letters, digits, '-' or '_'"));
        }
        id.clone_into(&mut self.id);
        Ok(())
    }

    /// Sets the round label (see [`ROUND_RULE`]).
    pub fn set_round(&mut self, round: &str) -> Result<(), Diagnostic> {
        if !valid_round(round) {
            return Err(Diagnostic::new("round", ROUND_RULE));
        }
        round.clone_into(&mut self.round);
        Ok(())
    }

    /// Sets the day the response was finished (`YYYY-MM-DD`), or none.
    pub fn set_date(&mut self, date: Option<&str>) -> Result<(), Diagnostic> {
        if date.is_some_and(|d| !valid_date(d)) {
            return Err(Diagnostic::new("date", "a date is YYYY-MM-DD"));
        }
        self.date = date.map(str::to_owned);
        Ok(())
    }

    /// Number of scored items with any answer (a scale point or "not applicable").
    pub fn answered_count(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }
}
