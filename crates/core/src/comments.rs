//! Open comments as a report may show them: contact details taken out, and an order that carries
//! no information. What may be shown at all is decided with every other figure, in
//! `aggregate::disclose`; this module only prepares the text.
//!
//! People are identified by what they write: an e-mail address, a phone number or a link in a
//! comment names its author (or someone else) outright, so each is replaced by a marked gap before
//! the comment leaves the core. The detection is generous (it would rather take out a long number
//! that was not a phone than leave one that was) and sees through the tricks text allows: invisible
//! format characters between letters, full-width "＠" and dots, digits of other scripts, a number
//! split by spaces, dashes or dots.

/// What a redaction took out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Removed {
    Email,
    Phone,
    Link,
}

/// One piece of a comment as shown: its own words, or a marked gap.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    Text(String),
    Removed(Removed),
}

/// A comment ready to be shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Comment {
    pieces: Vec<Piece>,
}

impl Comment {
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// How many gaps redaction left.
    pub fn removed(&self) -> usize {
        self.pieces.iter().filter(|p| matches!(p, Piece::Removed(_))).count()
    }

    /// The comment as plain text, each gap written as `gap(kind)` (the report writes them in its
    /// language, e.g. "[e-mail removed]").
    pub fn text(&self, gap: impl Fn(Removed) -> String) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Removed(r) => gap(*r),
            })
            .collect()
    }
}

/// Characters that show nothing (zero-width spaces and joiners, direction marks and isolates,
/// soft hyphens, the byte-order mark): dropped before anything is looked for, so that
/// `ana@exa\u{200B}mple.org` is found.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `c` folded for matching: full-width ASCII to ASCII (`＠` to `@`), the other scripts' decimal
/// digits (Arabic-Indic, Eastern Arabic-Indic, Devanagari, full-width) to ASCII digits.
fn fold(c: char) -> char {
    let code = c as u32;
    let digit = |zero: u32| char::from_digit(code - zero, 10).unwrap_or(c);
    match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x0660..=0x0669 => digit(0x0660),
        0x06F0..=0x06F9 => digit(0x06F0),
        0x0966..=0x096F => digit(0x0966),
        _ => c,
    }
}

fn is_email_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-".contains(c)
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.'
}

/// Whether `text[at..]` starts a link: a scheme (`http://`, `https://`, `ftp://`), `www.`, or a
/// bare domain with a known ending followed by a slash.
fn link_at(folded: &[char], at: usize) -> Option<usize> {
    // ASCII case only: the schemes are ASCII, and no other character lowercases to one of their
    // letters (`fold` has already made full-width letters ASCII). Unicode's `to_lowercase` would
    // link its case tables (about 12 KB) into the report for nothing.
    let rest: String = folded[at..folded.len().min(at + 12)].iter().map(char::to_ascii_lowercase).collect();
    let starts_word = at == 0 || !folded[at - 1].is_alphanumeric();
    if !starts_word {
        return None;
    }
    let scheme = ["https://", "http://", "ftp://", "www."].iter().find(|s| rest.starts_with(**s))?;
    let mut end = at + scheme.chars().count();
    while end < folded.len() && !folded[end].is_whitespace() && !"<>\"'()[]{}".contains(folded[end]) {
        end += 1;
    }
    // A sentence's full stop or comma after a link is not part of it.
    while end > at && ".,;:!?".contains(folded[end - 1]) {
        end -= 1;
    }
    (end > at + scheme.chars().count()).then_some(end)
}

/// The span of an e-mail address around the `@` at `at`, if it is one: a local part and a
/// domain with a dot. Spaces around the `@` are allowed (`ana @ example.org`).
fn email_around(folded: &[char], at: usize) -> Option<(usize, usize)> {
    let mut start = at;
    while start > 0 && folded[start - 1] == ' ' {
        start -= 1;
    }
    let local_end = start;
    while start > 0 && is_email_local(folded[start - 1]) {
        start -= 1;
    }
    if start == local_end {
        return None;
    }
    let mut end = at + 1;
    while end < folded.len() && folded[end] == ' ' {
        end += 1;
    }
    let domain_start = end;
    let mut domain = String::new();
    loop {
        if end < folded.len() && is_domain(folded[end]) {
            domain.push(folded[end]);
            end += 1;
            continue;
        }
        // `example . org`: spaces around a dot inside the domain.
        let mut look = end;
        while look < folded.len() && folded[look] == ' ' {
            look += 1;
        }
        if look > end && look < folded.len() && folded[look] == '.' {
            let mut after = look + 1;
            while after < folded.len() && folded[after] == ' ' {
                after += 1;
            }
            if after < folded.len() && folded[after].is_alphanumeric() {
                domain.push('.');
                end = after;
                continue;
            }
        }
        break;
    }
    while end > domain_start && folded[end - 1] == '.' {
        end -= 1;
    }
    let domain = domain.trim_end_matches('.');
    let labels: Vec<&str> = domain.split('.').collect();
    (labels.len() >= 2 && labels.iter().all(|l| !l.is_empty())).then_some((start, end))
}

/// The span of a phone number starting at `at`: seven or more digits, possibly after a `+`,
/// with spaces, dashes, dots, slashes and brackets between them.
fn phone_at(folded: &[char], at: usize) -> Option<usize> {
    if at > 0 && (folded[at - 1].is_alphanumeric()) {
        return None;
    }
    let mut end = at;
    let mut digits = 0;
    let mut last_digit = at;
    if folded.get(end) == Some(&'+') {
        end += 1;
    }
    while end < folded.len() {
        let c = folded[end];
        if c.is_ascii_digit() {
            digits += 1;
            last_digit = end + 1;
        } else if !(c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
            break;
        }
        end += 1;
    }
    (digits >= 7 && !(last_digit < folded.len() && folded[last_digit].is_alphabetic())).then_some(last_digit)
}

/// The characters of `text` in the order a reader sees them: invisible ones dropped, and a
/// run forced right to left (U+202E up to U+202C) turned round, so `\u{202E}gro.elpmaxe@ana`,
/// shown as `ana@example.org`, is read as that.
fn as_read(text: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut forced: Option<Vec<char>> = None;
    for c in text.chars() {
        match (c, forced.as_mut()) {
            ('\u{202E}', None) => forced = Some(Vec::new()),
            ('\u{202C}', Some(run)) => {
                out.extend(run.iter().rev());
                forced = None;
            }
            (c, _) if invisible(c) => {}
            (c, Some(run)) => run.push(c),
            (c, None) => out.push(c),
        }
    }
    if let Some(run) = forced {
        out.extend(run.iter().rev());
    }
    out
}

/// `text` with every e-mail address, phone number and link taken out and marked.
pub fn redact(text: &str) -> Comment {
    // Everything is kept as written (in reading order), and matched as folded.
    let kept: Vec<char> = as_read(text);
    let folded: Vec<char> = kept.iter().map(|&c| fold(c)).collect();
    let mut spans: Vec<(usize, usize, Removed)> = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        if let Some(end) = link_at(&folded, at) {
            spans.push((at, end, Removed::Link));
            at = end;
            continue;
        }
        if folded[at] == '@'
            && let Some((start, end)) = email_around(&folded, at)
        {
            // The local part may already sit in the text piece before: cut it back.
            spans.retain(|s| s.1 <= start);
            spans.push((start, end, Removed::Email));
            at = end;
            continue;
        }
        if (folded[at].is_ascii_digit() || folded[at] == '+' || folded[at] == '(')
            && let Some(end) = phone_at(&folded, at)
        {
            spans.push((at, end, Removed::Phone));
            at = end;
            continue;
        }
        at += 1;
    }
    let mut pieces = Vec::new();
    let mut from = 0;
    for (start, end, kind) in spans {
        if start > from {
            pieces.push(Piece::Text(kept[from..start].iter().collect()));
        }
        pieces.push(Piece::Removed(kind));
        from = end;
    }
    if from < kept.len() {
        pieces.push(Piece::Text(kept[from..].iter().collect()));
    }
    Comment { pieces }
}

/// Puts `items` in an order drawn from `seed` (Fisher-Yates with a small xorshift generator):
/// the report draws a new seed each time it is opened, so the order says nothing about who wrote
/// what or when.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn shown(text: &str) -> String {
        redact(text).text(|r| format!("[{r:?}]"))
    }

    #[test]
    fn contact_details_are_taken_out_however_they_are_written() {
        for (text, expected) in [
            ("Write to ana.silva@example.org if needed.", "Write to [Email] if needed."),
            ("ana @ example . org", "[Email]"),
            ("ana@exa\u{200B}mple.org", "[Email]"),
            ("ana＠example．org", "[Email]"),
            ("Call +44 20 7946 0958 now", "Call [Phone] now"),
            ("tel: 020-7946-0958.", "tel: [Phone]."),
            ("(021) 555.01.23", "[Phone]"),
            ("رقمي ٠١٢٣٤٥٦٧٨٩ شكرا", "رقمي [Phone] شكرا"),
            ("See https://example.org/a?b=c, then", "See [Link], then"),
            ("www.partner.org.", "[Link]."),
            ("\u{202E}moc.elpmaxe@ana\u{202C} hidden", "[Email] hidden"),
            ("\u{202E}8590 6497 02 44+\u{202C}", "[Phone]"),
            ("<script>alert('x@y.io')</script>", "<script>alert('[Email]')</script>"),
        ] {
            assert_eq!(shown(text), expected, "{text:?}");
        }
    }

    #[test]
    fn ordinary_numbers_and_words_stay() {
        for text in [
            "We met 3 times in 2025 and agreed 12 actions.",
            "Scores went from 3.5 to 4.2 (a 20% rise).",
            "Reach out at the next meeting.",
            "Budget: 150 000 euros",
        ] {
            assert_eq!(shown(text), text, "{text:?}");
        }
        assert_eq!(redact("plain").removed(), 0);
        assert_eq!(redact("a@b.co and c@d.co").removed(), 2);
    }

    #[test]
    fn the_order_depends_on_the_seed_only() {
        let arrival: Vec<u32> = (0..200).collect();
        let (mut a, mut b, mut c) = (arrival.clone(), arrival.clone(), arrival.clone());
        shuffle(&mut a, 1);
        shuffle(&mut b, 2);
        shuffle(&mut c, 1);
        assert_ne!(a, arrival);
        assert_ne!(a, b);
        assert_eq!(a, c);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, arrival, "nothing lost or repeated");
    }
}
