//! The log: one line per event on standard error, with the collector's own words only. Nothing
//! about a client is ever passed here (no address, user agent, cookie or time of a request).
//!
//! Text that came from outside (a refusal's reason quotes ids and values from the body; a
//! database error; a file name) can hold a newline that would forge a line of its own, or a
//! terminal escape that reaches the operator's screen. So every line is escaped here, the one
//! place that writes: control characters, the Unicode line and paragraph separators and the
//! invisible direction and width marks become `\n`, `\x1b`, `\u{202e}` and the like, and a
//! backslash is doubled so an escape can be told from text that only looks like one. An event is
//! always exactly one line.
//!
//! The log also keeps the counts said every [`SUMMARY_EVERY`] and limits how much a burst can
//! write: at most [`REFUSALS_LOGGED`] refusals one by one per period, and the first failure of the
//! database per period (the rest are counted in the summary), so a full disk writes a few lines,
//! not one per response.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often the counts are said (when something happened).
pub const SUMMARY_EVERY: Duration = Duration::from_secs(10);
/// Refusals logged one by one per summary period; the rest are only counted.
pub const REFUSALS_LOGGED: u64 = 20;

/// Writes one line, escaped.
pub fn line(text: &str) {
    eprintln!("partnerscope-collect: {}", escape(text));
}

/// Writes a message of several lines that the collector composed (a command-line mistake and
/// the usage, a questionnaire's problems one per line): each line is escaped on its own, its
/// backslashes left as they are. Text from outside is passed through [`escape`] where it is
/// put in the message, so it cannot add a line of its own.
pub fn lines(text: &str) {
    for part in text.split('\n') {
        eprintln!("partnerscope-collect: {}", escape_with(part, false));
    }
}

/// `text` with every character that could forge a line or steer a terminal written as an escape.
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

fn escape_with(text: &str, backslash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' if backslash => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() || invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Format characters a terminal or a log viewer acts on without showing: line and paragraph
/// separators, direction overrides and isolates (text shown in another order than it is), zero
/// widths and the byte-order mark.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{ad}')
}

/// Something counted for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A new response stored.
    Stored,
    /// A response already stored, sent again.
    Repeated,
    /// A request refused (any 4xx but 429).
    Refused,
    /// A request asked to slow down (429).
    Throttled,
    /// A response the database did not take (5xx).
    NotStored,
    /// A connection turned away at the connection limit.
    TurnedAway,
    /// A connection closed by a timeout (header, body or idle).
    TimedOut,
    /// A response delivered to the webhook.
    Forwarded,
}

const EVENTS: usize = 8;

static COUNTS: [AtomicU64; EVENTS] = [const { AtomicU64::new(0) }; EVENTS];
static REFUSALS_THIS_PERIOD: AtomicU64 = AtomicU64::new(0);

/// Counts one event.
pub fn count(event: Event) {
    COUNTS[event as usize].fetch_add(1, Ordering::Relaxed);
}

/// A refusal with its status and reason: counted, and logged while this period's allowance lasts.
/// Throttling (429) is only counted; the collector's own failures (5xx) are counted and logged
/// where they happen, with their cause.
pub fn refusal(status: u16, reason: &str) {
    match status {
        429 => count(Event::Throttled),
        500.. => {}
        _ => {
            count(Event::Refused);
            if REFUSALS_THIS_PERIOD.fetch_add(1, Ordering::Relaxed) < REFUSALS_LOGGED {
                line(&format!("refused ({status}): {reason}"));
            }
        }
    }
}

/// A failure that can repeat thousands of times a second (a full disk, no file left to accept
/// a connection with): said at once the first time in a period, then only counted, and the
/// summary says how many and the last reason.
pub struct Failures {
    what: &'static str,
    this_period: AtomicU64,
    last: Mutex<String>,
}

impl Failures {
    const fn new(what: &'static str) -> Failures {
        Failures { what, this_period: AtomicU64::new(0), last: Mutex::new(String::new()) }
    }

    pub fn note(&self, reason: &str) {
        if self.this_period.fetch_add(1, Ordering::Relaxed) == 0 {
            line(&format!("{}: {reason}", self.what));
        } else {
            let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            last.clear();
            last.push_str(reason);
        }
    }

    /// This period's repeats, said in the summary; resets.
    fn take(&self) -> Option<String> {
        let times = self.this_period.swap(0, Ordering::Relaxed);
        let last = std::mem::take(&mut *self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        (times > 1).then(|| format!("{} {times} times, the last: {last}", self.what))
    }
}

/// The database failed to commit.
pub static STORE_FAILED: Failures = Failures::new("the database did not take responses");
/// A connection could not be accepted.
pub static ACCEPT_FAILED: Failures = Failures::new("a connection could not be accepted");
/// A response to a questionnaire not registered (answered 503: the widget sends it again).
pub static NOT_OPEN: Failures = Failures::new("kept waiting (503)");
/// A webhook delivery failed (it is tried again).
pub static WEBHOOK_FAILED: Failures = Failures::new("a webhook delivery failed and is tried again");

/// The summary of one period, or `None` when nothing happened; resets the counts.
pub fn take_summary() -> Option<String> {
    let take = |e: Event| COUNTS[e as usize].swap(0, Ordering::Relaxed);
    let forwarded = take(Event::Forwarded);
    let (stored, repeated, refused, throttled, not_stored, turned_away, too_slow) = (
        take(Event::Stored),
        take(Event::Repeated),
        take(Event::Refused),
        take(Event::Throttled),
        take(Event::NotStored),
        take(Event::TurnedAway),
        take(Event::TimedOut),
    );
    REFUSALS_THIS_PERIOD.store(0, Ordering::Relaxed);
    let repeats: Vec<String> =
        [&STORE_FAILED, &ACCEPT_FAILED, &WEBHOOK_FAILED, &NOT_OPEN].iter().filter_map(|f| f.take()).collect();
    if stored + repeated + refused + throttled + not_stored + turned_away + too_slow + forwarded == 0
        && repeats.is_empty()
    {
        return None;
    }
    let mut text = format!(
        "in the last {} s: {stored} stored, {repeated} sent again (already stored), {refused} refused, {throttled} asked to slow down",
        SUMMARY_EVERY.as_secs()
    );
    if not_stored > 0 {
        let _ = write!(text, ", {not_stored} not stored (the database failed)");
    }
    if turned_away > 0 {
        let _ = write!(text, ", {turned_away} connections turned away at the connection limit");
    }
    if forwarded > 0 {
        let _ = write!(text, ", {forwarded} delivered to the webhook");
    }
    if too_slow > 0 {
        let _ = write!(text, ", {too_slow} connections closed by a timeout (silent, idle or too slow)");
    }
    for repeat in repeats {
        let _ = write!(text, "; {repeat}");
    }
    Some(text)
}

/// Says the summary every [`SUMMARY_EVERY`] when something happened; runs until the runtime ends.
pub async fn summaries() {
    let mut tick = tokio::time::interval(SUMMARY_EVERY);
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Some(text) = take_summary() {
            line(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn nothing_logged_can_forge_a_line_or_reach_the_terminal() {
        assert_eq!(escape("plain words, état"), "plain words, état");
        assert_eq!(escape("a\nrefused (400): forged"), "a\\nrefused (400): forged");
        assert_eq!(escape("\u{1b}[31mred\u{7}"), "\\x1b[31mred\\x07");
        assert_eq!(escape("\r\t\0"), "\\r\\t\\x00");
        assert_eq!(escape("x\u{85}y\u{2028}z\u{202e}"), "x\\u{85}y\\u{2028}z\\u{202e}");
        assert_eq!(escape("\\n"), "\\\\n", "a backslash in the text is told from an escape");
        assert_eq!(escape("\u{7f}"), "\\x7f");
    }
}
