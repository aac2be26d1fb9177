//! How the built-in questionnaires are stored in the wasm: the one definition, shared by
//! `build.rs` (which packs them; it includes this file with `#[path]`), `builtin` (which unpacks
//! them at run time) and `cargo xtask dist` (which serves the same minified JSON to the embed).
//!
//! A questionnaire's JSON interleaves its languages: `{"en":"…","fr":"…","es":"…",…}` for every
//! text. Compressed so, each sentence sits among sentences of four other languages, and LZMA's
//! matches and literal contexts serve one language badly. Packed, every text of a language is in
//! one table (all questionnaires' English, then all French, …), and what is left of the JSON (its
//! *skeleton*) holds a one-byte mark where each text was. In its table, a text is written one
//! byte a character in the language's own 128-character block (Latin-1 for English, French,
//! Spanish and Portuguese, U+0600 to U+067F for Arabic, whose letters take two bytes in UTF-8),
//! and anything outside the block as an escape byte and its UTF-8. Measured on the five
//! questionnaires in five languages (2026-12-02), bytes of LZMA: 60,683 interleaved; 55,480
//! packed; 54,141 of it the tables in UTF-8, 52,779 in their blocks.
//!
//! Unpacking gives back the minified JSON byte for byte (`build.rs` checks it for every built-in
//! file), which is then read and validated like any other questionnaire.
//!
//! Plain `std` only, no other module of the crate: `build.rs` compiles this file on its own.

/// The languages whose texts go to tables, in table order. A text in any other language stays in
/// the skeleton, where it still reads correctly.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "es", "ar", "pt"];

/// Per language, the first of the 128 characters its table writes as one byte each, `0x80` to
/// `0xFF`.
const BLOCKS: [u32; 5] = [0x80, 0x80, 0x80, 0x600, 0x80];

/// Before a character outside its language's block: its UTF-8 follows.
const ESCAPE: u8 = 2;

/// The skeleton's mark for a text of `LANGUAGES[i]` is the byte `FIRST_MARK + i`: a control
/// character, which valid JSON never holds unescaped, so it cannot be mistaken for text.
const FIRST_MARK: u8 = 1;

/// Ends each text in a table (a control character, so never part of a JSON string either).
const END: u8 = 0;

/// JSON without the white space outside strings.
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Splits minified JSON into its skeleton and, per language of [`LANGUAGES`], its texts in order,
/// each ended by a zero byte (still escaped as in the JSON, without their quotes; see [`BLOCKS`]
/// for the characters). A text is a string
/// value whose member's name is one of the languages, directly or in an array
/// (`"labels":{"en":["…","…"]}`).
pub fn split(json: &str) -> (String, [Vec<u8>; 5]) {
    let mut skeleton = String::with_capacity(json.len() / 4);
    let mut tables: [Vec<u8>; 5] = Default::default();
    // Each open object or array, with the language of the member it is the value of: the values
    // of an array are texts of its member's language (`"labels":{"en":["…","…"]}`).
    let mut open: Vec<(char, Option<usize>)> = Vec::new();
    // In the innermost object: whether the next string is a member's name, and the language the
    // current member's name is.
    let (mut expecting_name, mut member) = (false, None);
    let mut rest = json;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = string_end(rest);
            let (literal, after) = rest.split_at(end);
            rest = after;
            let inner = &literal[1..literal.len().max(2) - 1];
            let language = match open.last() {
                _ if expecting_name => {
                    member = LANGUAGES.iter().position(|l| *l == inner);
                    None
                }
                Some(('[', language)) => *language,
                _ => member,
            };
            match language {
                Some(l) if !expecting_name => {
                    skeleton.push(char::from(FIRST_MARK + l as u8));
                    for c in inner.chars() {
                        let offset = u32::from(c).wrapping_sub(BLOCKS[l]);
                        if c.is_ascii() && c as u8 != ESCAPE {
                            tables[l].push(c as u8);
                        } else if offset < 0x80 {
                            tables[l].push(0x80 | offset as u8);
                        } else {
                            tables[l].push(ESCAPE);
                            tables[l].extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                    }
                    tables[l].push(END);
                }
                _ => skeleton.push_str(literal),
            }
            expecting_name = false;
            continue;
        }
        match c {
            '{' | '[' => {
                let language = match open.last() {
                    Some(('[', language)) => *language,
                    _ => member,
                };
                open.push((c, language));
                expecting_name = c == '{';
                member = None;
            }
            '}' | ']' => {
                open.pop();
                member = None;
            }
            ',' => expecting_name = matches!(open.last(), Some(('{', _))),
            _ => {}
        }
        skeleton.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (skeleton, tables)
}

/// The byte length of the string literal at the start of `text` (which starts with `"`),
/// quotes included.
fn string_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 1;
    while at < bytes.len() && bytes[at] != b'"' {
        at += if bytes[at] == b'\\' { 2 } else { 1 };
    }
    (at + 1).min(bytes.len())
}

/// The minified JSON back from its skeleton and its part of each language's table (`tables[i]`
/// starts at its first text of `LANGUAGES[i]`; what follows its last is not read).
pub fn join(skeleton: &str, tables: [&[u8]; 5]) -> String {
    let mut out = String::with_capacity(skeleton.len() * 10);
    let mut rest = tables;
    let mut copied = 0;
    for (at, byte) in skeleton.bytes().enumerate() {
        let l = usize::from(byte.wrapping_sub(FIRST_MARK));
        if l < LANGUAGES.len() {
            out.push_str(&skeleton[copied..at]);
            out.push('"');
            let table = &mut rest[l];
            let mut i = 0;
            while let Some(&b) = table.get(i) {
                i += 1;
                match b {
                    END => break,
                    ESCAPE => {
                        // The UTF-8 of one character; its first byte says how long it is.
                        let len = table.get(i).map_or(1, |lead| lead.leading_ones().max(1) as usize);
                        let bytes = table.get(i..i + len).unwrap_or_default();
                        out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
                        i += len;
                    }
                    0x80.. => out.push(char::from_u32(BLOCKS[l] + u32::from(b & 0x7F)).unwrap_or_default()),
                    _ => out.push(char::from(b)),
                }
            }
            *table = table.get(i..).unwrap_or_default();
            out.push('"');
            copied = at + 1;
        }
    }
    out.push_str(&skeleton[copied..]);
    out
}
