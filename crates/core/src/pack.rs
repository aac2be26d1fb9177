//! How the built-in questionnaires are stored in the wasm: the one definition, shared by
//! `build.rs` (which packs them; it includes this file with `#[path]`), `builtin` (which unpacks
//! them at run time) and `cargo xtask dist` (which serves the same minified JSON to the embed).
//!
//! A questionnaire's JSON interleaves its languages: `{"en":"…","fr":"…","es":"…",…}` for every
//! text. Compressed so, each sentence sits among sentences of four other languages, and LZMA's
//! matches and literal contexts serve one language badly. Packed, every text of a language is in
//! one table (all questionnaires' English, then all French, …), and what is left of the JSON (its
//! *skeleton*) holds a one-byte mark where each text was. Measured on the five questionnaires in
//! five languages (2026-12-02): 60,683 bytes of LZMA interleaved, 55,480 packed.
//!
//! Unpacking gives back the minified JSON byte for byte (`build.rs` checks it for every built-in
//! file), which is then read and validated like any other questionnaire.
//!
//! Plain `std` only, no other module of the crate: `build.rs` compiles this file on its own.

/// The languages whose texts go to tables, in table order. A text in any other language stays in
/// the skeleton, where it still reads correctly.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "es", "ar", "pt"];

/// The skeleton's mark for a text of `LANGUAGES[i]` is the byte `FIRST_MARK + i`: a control
/// character, which valid JSON never holds unescaped, so it cannot be mistaken for text.
const FIRST_MARK: u8 = 1;

/// Ends each text in a table (a control character, so never part of a JSON string either).
const END: char = '\0';

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
/// each ended by `\0` (still escaped as in the JSON, without their quotes). A text is a string
/// value whose member's name is one of the languages, directly or in an array
/// (`"labels":{"en":["…","…"]}`).
pub fn split(json: &str) -> (String, [String; 5]) {
    let mut skeleton = String::with_capacity(json.len() / 4);
    let mut tables: [String; 5] = Default::default();
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
                    tables[l].push_str(inner);
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
pub fn join(skeleton: &str, tables: [&str; 5]) -> String {
    let extra: usize = tables.iter().map(|t| t.len()).sum::<usize>().min(1 << 20);
    let mut out = String::with_capacity(skeleton.len() + extra);
    let mut rest = tables;
    let mut copied = 0;
    for (at, byte) in skeleton.bytes().enumerate() {
        let mark = byte.wrapping_sub(FIRST_MARK);
        if usize::from(mark) < LANGUAGES.len() {
            out.push_str(&skeleton[copied..at]);
            let table = &mut rest[usize::from(mark)];
            let (text, after) = table.split_once(END).unwrap_or((table, ""));
            out.push('"');
            out.push_str(text);
            out.push('"');
            *table = after;
            copied = at + 1;
        }
    }
    out.push_str(&skeleton[copied..]);
    out
}
