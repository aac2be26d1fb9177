//! The plain functions of delivery: how an endpoint's status is taken, how long to wait before
//! trying again, and what the server said.

use super::{FIRST_DELAY_MS, MAX_DELAY_MS, MAX_REASON_CHARS};
use crate::json::{self, Value};

/// How an endpoint's HTTP status is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Stored,
    Refused,
    Retry,
}

/// `2xx` is stored; `4xx` is refused except 408 (timeout), 425 (too early) and 429 (slow down),
/// which are tried again like `5xx` and everything else. A `409` is a refusal: the endpoint holds
/// a *different* response under this id, so this one was not stored.
pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Stored,
        408 | 425 | 429 => Verdict::Retry,
        400..=499 => Verdict::Refused,
        _ => Verdict::Retry,
    }
}

/// The wait before the next round after `failures` failed rounds in a row: 1 s, doubling, at
/// most 5 minutes; 0 before any failure.
pub fn backoff(failures: u32) -> u64 {
    match failures {
        0 => 0,
        n => (FIRST_DELAY_MS << (n - 1).min(20)).min(MAX_DELAY_MS),
    }
}

/// `delay` moved by up to a fifth either way, by `random` (uniform over `u32`), so that many
/// devices coming back at once do not arrive together: from `0.8 × delay` up to (not
/// including) `1.2 × delay`.
pub fn jitter(delay: u64, random: u32) -> u64 {
    // In u64, not u128 (whose division costs a kilobyte of wasm): delays are at most minutes.
    let delay = delay.min(MAX_DELAY_MS);
    delay * 4 / 5 + ((delay * 2 / 5 * u64::from(random)) >> 32)
}

/// The server's reason for a refusal: the `reason`, `message` or `error` member of a JSON body,
/// else the body's text, else the status text; on one line, at most [`MAX_REASON_CHARS`].
pub fn reason_of(body: &str, status_text: &str) -> String {
    let from_json = json::parse(body).ok().and_then(|value| match &value {
        Value::Object(members) => ["reason", "message", "error"].iter().find_map(|key| {
            members.iter().find(|(k, _)| k == key).and_then(|(_, v)| match v {
                Value::String(s) => Some(s.to_string()),
                _ => None,
            })
        }),
        _ => None,
    });
    let text = from_json.unwrap_or_else(|| {
        let plain = body.trim();
        // An HTML error page says nothing a respondent can read.
        if plain.is_empty() || plain.starts_with('<') { status_text.to_owned() } else { plain.to_owned() }
    });
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX_REASON_CHARS {
        let mut short: String = text.chars().take(MAX_REASON_CHARS).collect();
        short.push('…');
        short
    } else {
        text
    }
}

/// The server's machine code for a refusal: the `code` member of a JSON body (the collector's
/// `not-open`, `invitation-mistyped`, …), or empty. Only a short run of lowercase letters,
/// digits and `-` is taken: anything else is no code the widget could know.
pub fn code_of(body: &str) -> String {
    match json::parse(body) {
        Ok(Value::Object(members)) => members
            .iter()
            .find(|(k, _)| k == "code")
            .and_then(|(_, v)| match v {
                Value::String(s) => Some(clean_code(s)),
                _ => None,
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// `code` if it looks like one (at most 40 lowercase letters, digits and `-`), else empty.
pub(crate) fn clean_code(code: &str) -> String {
    let fits = code.len() <= 40 && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if fits { code.to_owned() } else { String::new() }
}
