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
use crate::response::{RESPONSE_SCHEMA, valid_date, valid_locale_tag, valid_response_id, valid_round};

/// The start every written response has: the schema this build reads, then the id's key.
const START: &[u8] = b"{\"schema\":1,\"id\":";

/// The first members of a line: enough to know which questionnaire it answers.
pub(crate) struct Head<'a> {
    pub id: &'a str,
    pub instrument: &'a str,
    pub version: &'a str,
    rest: &'a [u8],
}

/// What the rest of a line says, besides its answers (written into the caller's codes).
pub(crate) struct Body<'a> {
    pub round: &'a str,
    pub group: Option<usize>,
}

/// Reads `"..."` at the start of `bytes`: a string with no escape and no control character.
fn string(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let bytes = bytes.strip_prefix(b"\"")?;
    let end = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    if bytes[end] != b'"' {
        return None;
    }
    Some((std::str::from_utf8(&bytes[..end]).ok()?, &bytes[end + 1..]))
}

/// `,"key":` at the start of `bytes`.
fn key<'a>(bytes: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let bytes = bytes.strip_prefix(b",\"")?.strip_prefix(name)?;
    bytes.strip_prefix(b"\":")
}

/// The line's schema, id, questionnaire and version, if it starts as a written response does.
pub(crate) fn head(line: &[u8]) -> Option<Head<'_>> {
    debug_assert_eq!(RESPONSE_SCHEMA, 1, "START names schema 1");
    let (id, rest) = string(line.strip_prefix(START)?)?;
    let (instrument, rest) = string(key(rest, b"instrument")?)?;
    let (version, rest) = string(key(rest, b"version")?)?;
    Some(Head { id, instrument, version, rest })
}

/// Reads the rest of `head`'s line against `instrument` (the one it names), writing each item's
/// answer code into `codes` (`points + 1` for blank). `None` when the line is not in the
/// written form or anything in it would be refused.
pub(crate) fn body<'a>(instrument: &Instrument, head: &Head<'a>, codes: &mut [u8]) -> Option<Body<'a>> {
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
    let mut rest = key(rest, b"context")?.strip_prefix(b"{")?;
    let mut seen_questions: u64 = 0;
    if let Some(after) = rest.strip_prefix(b"}") {
        rest = after;
    } else {
        loop {
            let (question, after) = string(rest)?;
            let (option, after) = string(after.strip_prefix(b":")?)?;
            let q = doc.context.iter().position(|c| c.id == question)?;
            if q >= 64 || seen_questions & (1 << q) != 0 || !doc.context[q].options.iter().any(|o| o.id == option) {
                return None;
            }
            seen_questions |= 1 << q;
            match after.first()? {
                b',' => rest = &after[1..],
                b'}' => {
                    rest = &after[1..];
                    break;
                }
                _ => return None,
            }
        }
    }
    // Answers: ids strictly increasing (as written, sorted), each a scored item of this
    // questionnaire, each value on the scale or "na" where offered.
    let (min, max, points) = (instrument.scale_min(), instrument.scale_max(), instrument.scale_points());
    codes.fill(points as u8 + 1);
    let mut rest = key(rest, b"answers")?.strip_prefix(b"{")?;
    let mut ids = instrument.items_by_id().peekable();
    if let Some(after) = rest.strip_prefix(b"}") {
        rest = after;
    } else {
        loop {
            let (id, after) = string(rest)?;
            let after = after.strip_prefix(b":")?;
            // The instrument's ids are sorted too: walk them alongside.
            let idx = loop {
                let (known, idx) = ids.next()?;
                if known.as_str() == id {
                    break idx;
                }
                if known.as_str() > id {
                    return None;
                }
            };
            let item = instrument.item(idx);
            if item.kind != ItemKind::Scale {
                return None;
            }
            let (code, after) = if let Some(after) = after.strip_prefix(b"\"na\"") {
                if !item.not_applicable {
                    return None;
                }
                (points as u8, after)
            } else {
                let negative = after.first() == Some(&b'-');
                let digits = &after[usize::from(negative)..];
                let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
                // One to three digits, no leading zero (as a JSON number is written).
                if len == 0 || len > 3 || (len > 1 && digits[0] == b'0') {
                    return None;
                }
                let magnitude = digits[..len].iter().fold(0i32, |v, b| v * 10 + i32::from(b - b'0'));
                let value = if negative { -magnitude } else { magnitude };
                if value < min || value > max || (negative && magnitude == 0) {
                    return None;
                }
                ((value - min) as u8, &digits[len..])
            };
            codes[idx] = code;
            match after.first()? {
                b',' => rest = &after[1..],
                b'}' => {
                    rest = &after[1..];
                    break;
                }
                _ => return None,
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
    let body = body(instrument, &head, &mut codes)?;
    Some((head.id.to_owned(), body.round.to_owned(), body.group, codes))
}
