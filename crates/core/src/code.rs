//! The response code: one response as short, URL-safe, checksummed text that a respondent can
//! paste into a chat or an e-mail, and a facilitator can paste back in, many at a time.
//!
//! Layout (all integers are LEB128 varints, strings are a varint length then UTF-8):
//!
//! ```text
//! "PS1." base64url( version=1 | instrument | instrument version | id | round | lang | date
//!                   | group+1 (0 = none) | context count | option+1 per question
//!                   | item count | answers, two per byte (0 blank, 1 n/a, 2.. = point - min + 2)
//!                   | comment count | (item index, text) per comment | CRC-32 of all before )
//! ```
//!
//! Items are stored by position, so decoding needs the instrument; the instrument id and version
//! inside the code make a code for another instrument fail with a clear message, and the CRC-32
//! catches every mistyped or truncated code (any error burst up to 32 bits, and all but one in
//! four billion others).

use crate::diag::Diagnostic;
use crate::instrument::Instrument;
use crate::response::{Answer, RESPONSE_SCHEMA, Response, Sheet};

/// Every code starts with this; it also tells a code from other text.
pub const PREFIX: &str = "PS1.";
const FORMAT: u8 = 1;
/// Longest code accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64 * 1024;
/// Most codes one paste may hold.
pub const MAX_CODES: usize = 100_000;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be padding zeros, and a single leftover character is never valid.
    (acc == 0 && text.len() % 4 != 1).then_some(out)
}

/// CRC-32 (IEEE), bit by bit: codes are short, and a table would cost 1 KiB of wasm.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Encodes a checked response.
pub fn encode(instrument: &Instrument, sheet: &Sheet) -> String {
    let doc = instrument.doc();
    let mut out = vec![FORMAT];
    put_str(&mut out, &doc.id);
    put_str(&mut out, &doc.version);
    put_str(&mut out, &sheet.id);
    put_str(&mut out, &sheet.round);
    put_str(&mut out, &sheet.lang);
    put_str(&mut out, sheet.date.as_deref().unwrap_or(""));
    put_varint(&mut out, sheet.group.map_or(0, |g| g as u64 + 1));
    put_varint(&mut out, sheet.context.len() as u64);
    for option in &sheet.context {
        put_varint(&mut out, option.map_or(0, |o| o as u64 + 1));
    }
    put_varint(&mut out, sheet.answers.len() as u64);
    let nibble = |a: &Option<Answer>| -> u8 {
        match a {
            None => 0,
            Some(Answer::NotApplicable) => 1,
            Some(Answer::Value(v)) => (v - instrument.scale_min() + 2) as u8,
        }
    };
    for pair in sheet.answers.chunks(2) {
        out.push(nibble(&pair[0]) | (pair.get(1).map_or(0, nibble) << 4));
    }
    put_varint(&mut out, sheet.comments.len() as u64);
    for (item, text) in &sheet.comments {
        put_varint(&mut out, *item as u64);
        put_str(&mut out, text);
    }
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    format!("{PREFIX}{}", base64url_encode(&out))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn small(&mut self, limit: usize) -> Option<usize> {
        usize::try_from(self.varint()?).ok().filter(|v| *v <= limit)
    }
    fn string(&mut self) -> Option<String> {
        let len = self.small(self.bytes.len())?;
        let s = self.bytes.get(self.at..self.at + len)?;
        self.at += len;
        String::from_utf8(s.to_vec()).ok()
    }
}

fn problem(message: impl Into<String>) -> Diagnostic {
    Diagnostic::new("code", message)
}

/// Decodes one code into the response it carries, checked against `instrument`.
pub fn decode(instrument: &Instrument, code: &str) -> Result<Response, Diagnostic> {
    decode_checked(instrument, code).map(|(response, _)| response).map_err(|refusal| match refusal {
        Refusal::OtherInstrument(d) | Refusal::Invalid(d) => d,
    })
}

/// Why a code was refused, told apart for callers that treat the two differently (a saved draft
/// made for another version of the questionnaire is outdated, not damaged).
pub(crate) enum Refusal {
    /// An intact code for another instrument or another version of it.
    OtherInstrument(Diagnostic),
    Invalid(Diagnostic),
}

impl From<Diagnostic> for Refusal {
    fn from(d: Diagnostic) -> Self {
        Refusal::Invalid(d)
    }
}

/// [`decode`], also returning the response already checked into a [`Sheet`].
// Long because the code's fields are read in the order they are packed, each refusal worded where
// its field is found.
pub(crate) fn decode_checked(instrument: &Instrument, code: &str) -> Result<(Response, Sheet), Refusal> {
    let code = code.trim();
    if code.len() > MAX_CODE_CHARS && code.chars().count() > MAX_CODE_CHARS {
        return Err(problem(format!("the code is longer than {MAX_CODE_CHARS} characters")).into());
    }
    let Some(body) = code.strip_prefix(PREFIX) else {
        return Err(problem(format!("a response code starts with \"{PREFIX}\"; this text does not")).into());
    };
    let bytes = base64url_decode(body).ok_or_else(|| {
        if body.bytes().all(|c| ALPHABET.contains(&c)) {
            // Every character belongs, but they do not make whole bytes: part of it is missing.
            problem("the code is incomplete: its end is missing; copy it again in full")
        } else {
            problem("the code contains characters that cannot be in a response code; copy it again in full")
        }
    })?;
    let (payload, check) = match bytes.len().checked_sub(4) {
        Some(split) if split > 0 => bytes.split_at(split),
        _ => {
            return Err(problem("the code is too short; it may have been cut off when copied").into());
        }
    };
    if crc32(payload).to_be_bytes() != check {
        return Err(problem(
            "the code is damaged or incomplete (its checksum does not match): a character was changed or lost, or its end is missing; copy it again in full",
        )
        .into());
    }
    let malformed = || problem("the code's checksum is right but its content is not a response this version can read");
    let mut r = Reader { bytes: payload, at: 0 };
    if r.byte() != Some(FORMAT) {
        return Err(problem("the code was made by a newer version of Partnerscope").into());
    }
    let instrument_id = r.string().ok_or_else(malformed)?;
    let version = r.string().ok_or_else(malformed)?;
    let doc = instrument.doc();
    if instrument_id != doc.id || version != doc.version {
        return Err(Refusal::OtherInstrument(problem(format!(
            "this code is for \"{instrument_id}\" version {version}; the loaded questionnaire is \"{}\" version {}",
            doc.id, doc.version
        ))));
    }
    let id = r.string().ok_or_else(malformed)?;
    let round = r.string().ok_or_else(malformed)?;
    let lang = r.string().ok_or_else(malformed)?;
    let date = r.string().ok_or_else(malformed)?;
    let group = r.small(doc.groups.len()).ok_or_else(malformed)?;
    let context_count = r.small(doc.context.len()).ok_or_else(malformed)?;
    let mut context = crate::map::Map::new();
    for q in 0..context_count {
        let option = r.small(doc.context[q].options.len()).ok_or_else(malformed)?;
        if option > 0 {
            context.insert(doc.context[q].id.clone(), doc.context[q].options[option - 1].id.clone());
        }
    }
    let item_count = r.small(instrument.item_count()).ok_or_else(malformed)?;
    if item_count != instrument.item_count() {
        return Err(malformed().into());
    }
    let mut answers = crate::map::Map::new();
    for pair in 0..item_count.div_ceil(2) {
        let byte = r.byte().ok_or_else(malformed)?;
        for (half, nibble) in [(0, byte & 0x0f), (1, byte >> 4)] {
            let item = pair * 2 + half;
            if item >= item_count {
                if nibble != 0 {
                    return Err(malformed().into());
                }
                continue;
            }
            let answer = match nibble {
                0 => continue,
                1 => Answer::NotApplicable,
                n => Answer::Value(i32::from(n) - 2 + instrument.scale_min()),
            };
            answers.insert(instrument.item(item).id.clone(), answer);
        }
    }
    let comment_count = r.small(instrument.item_count()).ok_or_else(malformed)?;
    let mut comments = crate::map::Map::new();
    for _ in 0..comment_count {
        let item = r.small(instrument.item_count().saturating_sub(1)).ok_or_else(malformed)?;
        comments.insert(instrument.item(item).id.clone(), r.string().ok_or_else(malformed)?);
    }
    if r.at != payload.len() {
        return Err(malformed().into());
    }
    let response = Response {
        schema: RESPONSE_SCHEMA,
        id,
        instrument: instrument_id,
        version,
        round,
        group: group.checked_sub(1).map(|g| doc.groups[g].id.clone()),
        context,
        answers,
        comments,
        lang,
        date: (!date.is_empty()).then_some(date),
    };
    // The checksum proves the code is intact, not that it was made honestly: check the content.
    let sheet = Sheet::check(instrument, &response)
        .map_err(|d| problem(format!("the code's content is not valid: {}", d[0])))?;
    Ok((response, sheet))
}

/// The questionnaire a code is for, `(id, version)`, read without the questionnaire itself so a
/// facilitator's pasted codes can be sorted by instrument first. `None` for anything that is not
/// an intact code (decoding it against its instrument then says exactly why).
pub fn peek(code: &str) -> Option<(String, String)> {
    let body = code.trim().strip_prefix(PREFIX)?;
    if body.len() > MAX_CODE_CHARS {
        return None;
    }
    let bytes = base64url_decode(body)?;
    let (payload, check) = bytes.split_at(bytes.len().checked_sub(4).filter(|n| *n > 0)?);
    if crc32(payload).to_be_bytes() != check {
        return None;
    }
    let mut r = Reader { bytes: payload, at: 0 };
    if r.byte() != Some(FORMAT) {
        return None;
    }
    Some((r.string()?, r.string()?))
}

/// Splits pasted text into codes. Codes are separated by white space, commas or semicolons; a
/// code that a mail program wrapped across lines is joined back together, since every code
/// starts with [`PREFIX`] and no code contains white space.
pub fn split_codes(text: &str) -> Result<Vec<String>, Diagnostic> {
    let mut codes: Vec<String> = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|t| !t.is_empty()) {
        match codes.last_mut() {
            Some(last) if !token.starts_with(PREFIX) => last.push_str(token),
            _ => {
                if codes.len() >= MAX_CODES {
                    return Err(problem(format!("at most {MAX_CODES} codes can be pasted at once")));
                }
                codes.push(token.to_owned());
            }
        }
    }
    Ok(codes)
}
