//! A reader for one response line in exactly the form every Partnerscope program writes
//! ([`crate::Response::to_json`]: compact, members in their fixed order, answers sorted by id,
//! strings without escapes), straight into one-byte answer codes, with no allocation.
//!
//! It is only ever a shortcut: on anything it does not recognise, or anything the full checker
//! ([`crate::Sheet::check`]) would refuse, it says `None` and the line goes the long way, which
//! accepts or explains it. So it can only accept what the long way accepts, with the same codes;
//! a property test holds the two equal over random and damaged lines.
//!
//! Measured (`cargo xtask bench`, 100,000 responses of 40 items, 48 MB, in Chromium): see
//! docs/benchmarks.md.

use crate::instrument::{Instrument, ItemKind};
use crate::locale::valid_locale_tag;
use crate::response::{RESPONSE_SCHEMA, valid_date, valid_response_id, valid_round};

/// The start every written response has: the schema this build reads, then the id's key.
const START: &[u8] = b"{\"schema\":1,\"id\":";

/// The first members of a line: enough to know which questionnaire it answers.
pub(crate) struct Head<'a> {
    pub id: &'a str,
    pub instrument: &'a str,
    pub version: &'a str,
    rest: &'a [u8],
}

/// One item as the answers object names it, in the order of ids (as a written response sorts
/// them): worked out once per questionnaire, so reading a line looks nothing up.
#[derive(Clone, Debug)]
pub(crate) struct LineItem {
    id: Vec<u8>,
    idx: usize,
    scale: bool,
    not_applicable: bool,
}

/// `instrument`'s items as the line reader walks them, sorted by id.
pub(crate) fn line_items(instrument: &Instrument) -> Vec<LineItem> {
    instrument
        .items_by_id()
        .map(|(id, idx)| {
            let item = instrument.item(idx);
            LineItem {
                id: id.as_bytes().to_vec(),
                idx,
                scale: item.kind == ItemKind::Scale,
                not_applicable: item.not_applicable,
            }
        })
        .collect()
}

/// What the rest of a line says, besides its answers (written into the caller's codes).
pub(crate) struct Body<'a> {
    pub round: &'a str,
    pub group: Option<usize>,
}

/// `bytes` without the literal `lit` at its start. A loop, not `strip_prefix`: in the size-tuned
/// release build that would call `memcmp` for every few bytes (measured: a quarter of the time).
#[inline(always)]
fn lit<'a>(bytes: &'a [u8], lit: &[u8]) -> Option<&'a [u8]> {
    if bytes.len() < lit.len() {
        return None;
    }
    let mut i = 0;
    while i < lit.len() {
        if bytes[i] != lit[i] {
            return None;
        }
        i += 1;
    }
    Some(&bytes[lit.len()..])
}

/// Whether two byte strings are equal, by the same kind of loop.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && lit(a, b).is_some()
}

/// Reads `"..."` at the start of `bytes`: a string with no escape and no control character.
#[inline(always)]
fn string(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let (text, rest) = raw_string(bytes)?;
    Some((std::str::from_utf8(text).ok()?, rest))
}

/// The same, as bytes not yet known to be UTF-8: for an answer's key, which only counts if it
/// equals one of the instrument's ids (and then it is that valid text).
#[inline(always)]
fn raw_string(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let bytes = lit(bytes, b"\"")?;
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        end += 1;
    }
    if bytes.get(end) != Some(&b'"') {
        return None;
    }
    Some((&bytes[..end], &bytes[end + 1..]))
}

/// After one member of an object: `,` (more follow) or `}` (it was the last). The rest, and
/// whether the object ended.
#[inline(always)]
fn member_end(after: &[u8]) -> Option<(&[u8], bool)> {
    match after.first()? {
        b',' => Some((&after[1..], false)),
        b'}' => Some((&after[1..], true)),
        _ => None,
    }
}

/// `,"key":` at the start of `bytes`.
#[inline(always)]
fn key<'a>(bytes: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    lit(lit(lit(bytes, b",\"")?, name)?, b"\":")
}

/// The line's schema, id, questionnaire and version, if it starts as a written response does.
pub(crate) fn head(line: &[u8]) -> Option<Head<'_>> {
    debug_assert_eq!(RESPONSE_SCHEMA, 1, "START names schema 1");
    let (id, rest) = string(lit(line, START)?)?;
    let (instrument, rest) = string(key(rest, b"instrument")?)?;
    let (version, rest) = string(key(rest, b"version")?)?;
    Some(Head { id, instrument, version, rest })
}

/// Reads the rest of `head`'s line against `instrument` (the one it names), writing each item's
/// answer code into `codes` (`points + 1` for blank). `None` when the line is not in the
/// written form or anything in it would be refused.
// Long because it is one pass over the line's bytes with no allocation: each field is read where
// it stands, in the order the product writes them, and any surprise gives up at once.
pub(crate) fn body<'a>(
    instrument: &Instrument,
    items: &[LineItem],
    head: &Head<'a>,
    codes: &mut [u8],
) -> Option<Body<'a>> {
    let doc = instrument.doc();
    if head.instrument != doc.id || head.version != doc.version || !valid_response_id(head.id) {
        return None;
    }
    let (round, rest) = string(key(head.rest, b"round")?)?;
    if !valid_round(round) {
        return None;
    }
    let (group, rest) = match key(rest, b"group") {
        Some(value) => {
            let (id, rest) = string(value)?;
            (Some(instrument.group_idx(id)?), rest)
        }
        None => (None, rest),
    };
    // Context: each question once, with one of its options; they are not scored, only checked.
    let mut rest = lit(key(rest, b"context")?, b"{")?;
    let mut seen_questions: u64 = 0;
    if let Some(after) = lit(rest, b"}") {
        rest = after;
    } else {
        loop {
            let (question, after) = string(rest)?;
            let (option, after) = string(lit(after, b":")?)?;
            let q = doc.context.iter().position(|c| c.id == question)?;
            if q >= 64 || seen_questions & (1 << q) != 0 || !doc.context[q].options.iter().any(|o| o.id == option) {
                return None;
            }
            seen_questions |= 1 << q;
            let (next, last) = member_end(after)?;
            rest = next;
            if last {
                break;
            }
        }
    }
    // Answers: ids strictly increasing (as written, sorted), each a scored item of this
    // questionnaire, each value on the scale or "na" where offered.
    let (min, max, points) = (instrument.scale_min(), instrument.scale_max(), instrument.scale_points());
    codes.fill(points as u8 + 1);
    let mut rest = lit(key(rest, b"answers")?, b"{")?;
    let mut ids = items.iter();
    if let Some(after) = lit(rest, b"}") {
        rest = after;
    } else {
        loop {
            let (id, after) = raw_string(rest)?;
            let after = lit(after, b":")?;
            // The instrument's ids are sorted too: walk them alongside.
            let item = loop {
                let item = ids.next()?;
                if same(&item.id, id) {
                    break item;
                }
                if item.id.as_slice() > id {
                    return None;
                }
            };
            if !item.scale {
                return None;
            }
            let idx = item.idx;
            let (code, after) = if let Some(after) = lit(after, b"\"na\"") {
                if !item.not_applicable {
                    return None;
                }
                (points as u8, after)
            } else {
                let negative = after.first() == Some(&b'-');
                let digits = &after[usize::from(negative)..];
                let mut len = 0;
                while len < digits.len() && digits[len].is_ascii_digit() {
                    len += 1;
                }
                // One to three digits, no leading zero (as a JSON number is written).
                if len == 0 || len > 3 || (len > 1 && digits[0] == b'0') {
                    return None;
                }
                let mut magnitude = 0i32;
                for &b in &digits[..len] {
                    magnitude = magnitude * 10 + i32::from(b - b'0');
                }
                let value = if negative { -magnitude } else { magnitude };
                if value < min || value > max || (negative && magnitude == 0) {
                    return None;
                }
                ((value - min) as u8, &digits[len..])
            };
            codes[idx] = code;
            let (next, last) = member_end(after)?;
            rest = next;
            if last {
                break;
            }
        }
    }
    // Comments take the long way (they are rare, and their text needs unescaping).
    let (lang, rest) = string(key(rest, b"lang")?)?;
    if !valid_locale_tag(lang) {
        return None;
    }
    let rest = match key(rest, b"date") {
        Some(value) => {
            let (date, rest) = string(value)?;
            if !valid_date(date) {
                return None;
            }
            rest
        }
        None => rest,
    };
    (rest == b"}").then_some(Body { round, group })
}

/// The whole shortcut on one line, for tests: the response's id, round, group and answer codes,
/// or `None` where the long way must decide.
pub fn read(instrument: &Instrument, line: &[u8]) -> Option<(String, String, Option<usize>, Vec<u8>)> {
    let head = head(line)?;
    let mut codes = vec![0; instrument.item_count()];
    let body = body(instrument, &line_items(instrument), &head, &mut codes)?;
    Some((head.id.to_owned(), body.round.to_owned(), body.group, codes))
}
