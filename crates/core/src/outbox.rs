//! The outbox as a sans-IO state machine: completed responses on their way to the page's
//! endpoint, with no storage, network, clock or randomness of its own (quinn-proto's way).
//!
//! The browser shell (the widget's `outbox.rs`) feeds [`Outbox::handle`] what happened
//! ([`Event`]: a response completed, storage wrote or refused it, the endpoint answered, the
//! request failed, the browser went online, time passed, storage was read) together with the
//! time and a random number, and performs what the machine returns ([`Effect`]: store this
//! entry, delete it, post it, wake me at, tell the widgets and the page). Every decision is
//! here, so every path a response can take is tested natively with a simulated clock and
//! network (see the tests at the bottom), including the ones that must never drop it.
//!
//! The rules:
//!
//! - A completed response is offered to storage *before* it is posted ([`Effect::Store`], then
//!   [`Event::Stored`], then [`Effect::Post`]). If storage refuses, it is posted from memory and
//!   every status says `kept: false`: the respondent is never told it was saved.
//! - `2xx`: delivered. The entry is deleted, whole: nothing of a delivered response stays on
//!   the device (on `file://` every local file shares the store, and a response id left behind
//!   would tie this device to a row of the collector's export).
//! - `4xx` other than 408, 425 and 429 (a `409` included: a different response is stored under
//!   this id): refused. Kept with the server's reason, never retried on its own, and removed only
//!   when the respondent asks ([`Event::Remove`]), after downloading it.
//! - Anything else (no answer, a timeout, `5xx`, 408, 425, 429): tried again after
//!   [`backoff`] with [`jitter`], at once when the browser comes back online, and on the next
//!   load.
//! - A response waiting to be sent is never removed by anything but its `2xx`.
//!
//! Other tabs share the store: before each round of attempts the shell reads it again
//! ([`Event::Loaded`]), which takes in entries written elsewhere and lets go of those another tab
//! delivered or removed (their widgets are told [`Status::Gone`]).

use crate::json::{self, Reader, Value};
use crate::json_write::Object;

/// How long one attempt may take before it counts as failed (the shell aborts it then).
pub const TIMEOUT_MS: u32 = 20_000;
/// The first retry delay; it doubles after each failed round up to [`MAX_DELAY_MS`].
pub const FIRST_DELAY_MS: u64 = 1_000;
pub const MAX_DELAY_MS: u64 = 300_000;
/// Longest server reason kept and shown, in characters.
pub const MAX_REASON_CHARS: usize = 300;
/// The stored entry's format (`"outbox": 1`).
pub const FORMAT: u32 = 1;
/// Storage keys of entries: `partnerscope:v1:outbox:<response id>`.
pub const KEY_PREFIX: &str = "partnerscope:v1:outbox:";

/// Whether the request may carry the browser's cookies and HTTP authentication. The one place
/// where the names the page writes (`submit-credentials`) and the stored entry keeps are spelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// Never (the default): nothing identifies the respondent to the endpoint.
    #[default]
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    pub const ALL: [Credentials; 3] = [Credentials::Omit, Credentials::SameOrigin, Credentials::Include];

    /// The name as the page writes it and `fetch` reads it.
    pub fn name(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }

    /// The setting called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Credentials> {
        Credentials::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Where a stored entry stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum State {
    #[default]
    Pending,
    Refused {
        status: u16,
        reason: String,
    },
}

/// One response in the outbox, as stored under `partnerscope:v1:outbox:<id>`:
/// `{"outbox":1,"id","instrument","url","credentials","body","state":"pending"|"refused",
/// "status","reason","draft_key","draft","invitation"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub instrument: String,
    /// Absolute URL of the endpoint.
    pub url: String,
    pub credentials: Credentials,
    /// The response JSON, exactly as posted.
    pub body: String,
    pub state: State,
    /// The widget's draft key the response was completed under, and its completed draft: the
    /// widget's draft is removed once this entry is stored, and the widget shows the results
    /// and where delivery stands from here after a reload. Empty when not linked (another
    /// response was completed since under the same key).
    pub draft_key: String,
    pub draft: String,
    /// The invitation code the response is sent with (the `Partnerscope-Invitation` header),
    /// empty when none: kept with the entry so that every retry carries it.
    pub invitation: String,
}

impl Entry {
    /// The storage key of entry `id`.
    pub fn key(id: &str) -> String {
        format!("{KEY_PREFIX}{id}")
    }

    pub fn to_json(&self) -> String {
        let mut o = Object::new();
        o.uint("outbox", u64::from(FORMAT))
            .str("id", &self.id)
            .str("instrument", &self.instrument)
            .str("url", &self.url)
            .str("credentials", self.credentials.name())
            .str("body", &self.body);
        match &self.state {
            State::Pending => o.str("state", "pending"),
            State::Refused { status, reason } => {
                o.str("state", "refused").uint("status", u64::from(*status)).str("reason", reason)
            }
        };
        if !self.draft_key.is_empty() {
            o.str("draft_key", &self.draft_key).str("draft", &self.draft);
        }
        if !self.invitation.is_empty() {
            o.str("invitation", &self.invitation);
        }
        o.finish()
    }

    /// Reads what is stored under an entry's key.
    pub fn from_json(text: &str) -> Stored {
        let Ok(value) = json::parse(text) else {
            return Stored::Damaged;
        };
        let mut r = Reader::default();
        let read = r.fields(&value, "", |o, r| {
            let format: u32 = o.req(r, "outbox");
            let state: String = o.req(r, "state");
            let status: u32 = o.or(r, "status", 0);
            let reason: String = o.or(r, "reason", String::new());
            let credentials: String = o.req(r, "credentials");
            let entry = Entry {
                id: o.req(r, "id"),
                instrument: o.req(r, "instrument"),
                url: o.req(r, "url"),
                body: o.req(r, "body"),
                credentials: Credentials::from_name(&credentials).unwrap_or_default(),
                state: State::Refused { status: u16::try_from(status).unwrap_or(0), reason },
                draft_key: o.or(r, "draft_key", String::new()),
                draft: o.or(r, "draft", String::new()),
                invitation: o.or(r, "invitation", String::new()),
            };
            match state.as_str() {
                _ if format != FORMAT => Stored::Damaged,
                "sent" => Stored::Delivered,
                "pending" => Stored::Entry(Entry { state: State::Pending, ..entry }),
                "refused" => Stored::Entry(entry),
                _ => Stored::Damaged,
            }
        });
        r.finish(read).unwrap_or(Stored::Damaged)
    }
}

/// What is stored under an entry's key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "read once per stored entry at load, then moved into its slot")]
pub enum Stored {
    Entry(Entry),
    /// The record a delivered response left behind in earlier versions (`"state":"sent"`, no
    /// body): to be deleted.
    Delivered,
    /// Damaged or foreign text: left alone, never sent.
    Damaged,
}

/// Where one response stands, as the respondent is told. `kept` says whether it is stored on
/// this device (false: storage refused it, and it lives only in this page's memory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// An attempt is on its way.
    Sending { kept: bool },
    /// Waiting for the next attempt: the browser is offline, or the last attempt failed.
    Waiting { offline: bool, kept: bool },
    /// The endpoint stored it; nothing of it is left on the device.
    Sent,
    /// The endpoint refused it; it waits for the respondent to download it.
    Refused { status: u16, reason: String, kept: bool },
    /// Another response with the same id but other answers is already in the outbox: this one
    /// was not taken in (the widget gives every response a fresh id, so this means two tabs
    /// shared one; the respondent must keep these answers by hand).
    Conflict,
    /// No longer in the outbox, though this page did not deliver it: another tab sent it or the
    /// respondent removed it there.
    Gone,
}

impl Status {
    /// Whether the response is safely stored on the device, or needs no storing any more.
    pub fn settled(&self) -> bool {
        match self {
            Status::Sending { kept } | Status::Waiting { kept, .. } | Status::Refused { kept, .. } => *kept,
            Status::Sent | Status::Gone => true,
            Status::Conflict => false,
        }
    }
}

/// What the page hears about, besides the status (`partnerscope-delivered` and
/// `partnerscope-error` events).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum News {
    Delivered {
        status: u16,
    },
    Refused {
        status: u16,
        reason: String,
    },
    /// The attempt failed; another follows.
    Failed {
        why: String,
    },
    /// Storage refused the entry: it is sent from memory while the page stays open.
    NotStored,
    Conflict,
}

/// News about one response, for the widgets and the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub id: String,
    pub instrument: String,
    pub status: Status,
    pub news: Option<News>,
}

/// A refused response, kept for the respondent to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub id: String,
    pub instrument: String,
    /// The response JSON.
    pub body: String,
    pub status: u16,
    pub reason: String,
}

/// What happened, as the shell tells it.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// What storage holds now (every readable entry): at start, and before each round of
    /// attempts, so entries of other tabs are taken in and those another tab settled let go.
    /// `stale` lists keys that hold records delivered responses left in earlier versions.
    Loaded { entries: Vec<Entry>, stale: Vec<String> },
    /// The respondent completed a response.
    Completed(Entry),
    /// The shell wrote entry `id` (`ok`) or storage refused it.
    Stored { id: String, ok: bool },
    /// The endpoint answered `status` with `body` (its text, for a refusal's reason) and
    /// `status_text`.
    Answered { id: String, status: u16, body: String, status_text: String },
    /// No answer: a network error, the timeout, or a URL the browser would not use.
    Failed { id: String, why: String },
    /// The browser says it is online (`true`) or offline.
    Online(bool),
    /// A wake-up the machine asked for ([`Effect::WakeAt`]) is due.
    Tick,
    /// The respondent removes a refused response (after downloading it).
    Remove { id: String },
}

/// What the shell must do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write `entry` under [`Entry::key`], then answer with [`Event::Stored`].
    Store(Entry),
    /// Remove what is stored under this key (an entry's [`Entry::key`], or a stale record's).
    Delete(String),
    /// POST the entry's body to its URL with its id as `Idempotency-Key`; answer with
    /// [`Event::Answered`] or [`Event::Failed`].
    Post(Entry),
    /// Call `handle(Event::Tick)` at or after this time (replaces any earlier wake-up).
    WakeAt(u64),
    /// Tell the widgets (and, for [`Update::news`], the page).
    Tell(Update),
}

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

#[derive(Clone, Debug)]
struct Slot {
    entry: Entry,
    /// Stored on the device (false: storage refused it; it lives in this page only).
    kept: bool,
    /// An attempt is on its way.
    posting: bool,
}

/// Every response this page knows to be on its way, and when to try again.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    slots: Vec<Slot>,
    offline: bool,
    /// Failed rounds in a row, for the back-off.
    failures: u32,
    /// When the next round is due, while backing off.
    wake_at: Option<u64>,
}

impl Outbox {
    /// An empty outbox; `offline` is what the browser says now.
    pub fn new(offline: bool) -> Outbox {
        Outbox { offline, ..Outbox::default() }
    }

    /// Where response `id` stands, if it is in the outbox.
    pub fn status(&self, id: &str) -> Option<Status> {
        self.slot(id).map(|s| self.status_of(s))
    }

    /// Refused responses to `instrument`, kept for the respondent.
    pub fn held(&self, instrument: &str) -> Vec<Held> {
        self.slots
            .iter()
            .filter(|s| s.entry.instrument == instrument)
            .filter_map(|s| match &s.entry.state {
                State::Refused { status, reason } => Some(Held {
                    id: s.entry.id.clone(),
                    instrument: s.entry.instrument.clone(),
                    body: s.entry.body.clone(),
                    status: *status,
                    reason: reason.clone(),
                }),
                State::Pending => None,
            })
            .collect()
    }

    /// The completed draft of the response last completed under `draft_key` and still in the
    /// outbox, for the widget to show again after a reload.
    pub fn resumable(&self, draft_key: &str) -> Option<&str> {
        self.slots
            .iter()
            .find(|s| !draft_key.is_empty() && s.entry.draft_key == draft_key)
            .map(|s| s.entry.draft.as_str())
    }

    /// When the machine wants to be woken, if it does.
    pub fn wake_at(&self) -> Option<u64> {
        self.wake_at
    }

    fn slot(&self, id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.entry.id == id)
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.entry.id == id)
    }

    fn status_of(&self, slot: &Slot) -> Status {
        let kept = slot.kept;
        match &slot.entry.state {
            State::Refused { status, reason } => Status::Refused { status: *status, reason: reason.clone(), kept },
            State::Pending if slot.posting => Status::Sending { kept },
            State::Pending => Status::Waiting { offline: self.offline, kept },
        }
    }

    fn tell(&self, i: usize, news: Option<News>) -> Effect {
        let slot = &self.slots[i];
        Effect::Tell(Update {
            id: slot.entry.id.clone(),
            instrument: slot.entry.instrument.clone(),
            status: self.status_of(slot),
            news,
        })
    }

    fn gone(entry: &Entry, status: Status, news: Option<News>) -> Effect {
        Effect::Tell(Update { id: entry.id.clone(), instrument: entry.instrument.clone(), status, news })
    }

    /// Starts an attempt for slot `i`, or says it waits for the connection.
    fn attempt(&mut self, i: usize, out: &mut Vec<Effect>) {
        if self.offline {
            out.push(self.tell(i, None));
            return;
        }
        self.slots[i].posting = true;
        out.push(self.tell(i, None));
        out.push(Effect::Post(self.slots[i].entry.clone()));
    }

    /// A round: every waiting response not already on its way.
    fn round(&mut self, out: &mut Vec<Effect>) {
        for i in 0..self.slots.len() {
            if self.slots[i].entry.state == State::Pending && !self.slots[i].posting {
                self.attempt(i, out);
            }
        }
    }

    /// A failed attempt: the response waits; the first failure of a round sets the next one.
    fn failed(&mut self, i: usize, why: String, now: u64, random: u32, out: &mut Vec<Effect>) {
        self.slots[i].posting = false;
        out.push(self.tell(i, Some(News::Failed { why })));
        if self.wake_at.is_none() {
            self.failures = self.failures.saturating_add(1);
            let at = now.saturating_add(jitter(backoff(self.failures), random));
            self.wake_at = Some(at);
            out.push(Effect::WakeAt(at));
        }
    }

    /// Takes in `event` at time `now` (milliseconds, any fixed origin) with `random` (uniform
    /// over `u32`, for the jitter), and returns what the shell must do, in order.
    pub fn handle(&mut self, event: Event, now: u64, random: u32) -> Vec<Effect> {
        let mut out = Vec::new();
        match event {
            Event::Loaded { entries, stale } => {
                out.extend(stale.into_iter().map(Effect::Delete));
                // Entries another tab settled: let go (an attempt on its way finishes first).
                let mut i = 0;
                while i < self.slots.len() {
                    let slot = &self.slots[i];
                    if slot.kept && !slot.posting && !entries.iter().any(|e| e.id == slot.entry.id) {
                        let slot = self.slots.remove(i);
                        out.push(Outbox::gone(&slot.entry, Status::Gone, None));
                    } else {
                        i += 1;
                    }
                }
                let backing_off = self.wake_at.is_some();
                for entry in entries {
                    match self.index(&entry.id) {
                        Some(i) if self.slots[i].posting => self.slots[i].kept = true,
                        Some(i) => {
                            let changed = self.slots[i].entry != entry || !self.slots[i].kept;
                            self.slots[i].entry = entry;
                            self.slots[i].kept = true;
                            if changed {
                                out.push(self.tell(i, None));
                            }
                        }
                        None => {
                            self.slots.push(Slot { entry, kept: true, posting: false });
                            out.push(self.tell(self.slots.len() - 1, None));
                        }
                    }
                }
                if !backing_off {
                    self.round(&mut out);
                }
            }
            Event::Completed(entry) => match self.index(&entry.id) {
                // The same response handed over twice is one response.
                Some(i) if self.slots[i].entry.body == entry.body => out.push(self.tell(i, None)),
                Some(_) => out.push(Outbox::gone(&entry, Status::Conflict, Some(News::Conflict))),
                None => {
                    // One response per draft key is shown again after a reload: the newest.
                    for i in 0..self.slots.len() {
                        if !entry.draft_key.is_empty() && self.slots[i].entry.draft_key == entry.draft_key {
                            self.slots[i].entry.draft_key.clear();
                            self.slots[i].entry.draft.clear();
                            if self.slots[i].kept {
                                out.push(Effect::Store(self.slots[i].entry.clone()));
                            }
                        }
                    }
                    // Stored first; posted once storage has answered.
                    out.push(Effect::Store(entry.clone()));
                    self.slots.push(Slot { entry, kept: false, posting: false });
                }
            },
            Event::Stored { id, ok } => {
                if let Some(i) = self.index(&id) {
                    let first = !self.slots[i].kept && !self.slots[i].posting;
                    // A rewrite that fails leaves the earlier copy stored.
                    self.slots[i].kept |= ok;
                    if first && self.slots[i].entry.state == State::Pending {
                        if !ok {
                            out.push(self.tell(i, Some(News::NotStored)));
                        }
                        self.attempt(i, &mut out);
                    } else if !ok && !self.slots[i].kept {
                        out.push(self.tell(i, Some(News::NotStored)));
                    }
                }
            }
            Event::Answered { id, status, body, status_text } => {
                let Some(i) = self.index(&id) else {
                    return out;
                };
                match verdict(status) {
                    Verdict::Stored => {
                        let slot = self.slots.remove(i);
                        if slot.kept {
                            out.push(Effect::Delete(Entry::key(&slot.entry.id)));
                        }
                        self.failures = 0;
                        out.push(Outbox::gone(&slot.entry, Status::Sent, Some(News::Delivered { status })));
                    }
                    Verdict::Refused => {
                        let reason = reason_of(&body, &status_text);
                        let slot = &mut self.slots[i];
                        slot.posting = false;
                        slot.entry.state = State::Refused { status, reason: reason.clone() };
                        if slot.kept {
                            out.push(Effect::Store(slot.entry.clone()));
                        }
                        out.push(self.tell(i, Some(News::Refused { status, reason })));
                    }
                    Verdict::Retry => {
                        self.failed(i, format!("the server answered {status}"), now, random, &mut out);
                    }
                }
            }
            Event::Failed { id, why } => {
                if let Some(i) = self.index(&id) {
                    self.failed(i, why, now, random, &mut out);
                }
            }
            Event::Online(true) => {
                // Back online: every waiting response is tried now; the back-off starts over.
                self.offline = false;
                self.failures = 0;
                self.wake_at = None;
                self.round(&mut out);
            }
            Event::Online(false) => {
                self.offline = true;
                for i in 0..self.slots.len() {
                    if self.slots[i].entry.state == State::Pending && !self.slots[i].posting {
                        out.push(self.tell(i, None));
                    }
                }
            }
            Event::Tick => match self.wake_at {
                Some(at) if now >= at => {
                    self.wake_at = None;
                    self.round(&mut out);
                }
                // Early (or a wake-up asked for before a reset): ask again.
                Some(at) => out.push(Effect::WakeAt(at)),
                None => {}
            },
            Event::Remove { id } => {
                // Only a refused response; one waiting to be sent is never removed.
                if let Some(i) = self.index(&id)
                    && matches!(self.slots[i].entry.state, State::Refused { .. })
                {
                    let slot = self.slots.remove(i);
                    if slot.kept {
                        out.push(Effect::Delete(Entry::key(&slot.entry.id)));
                    }
                    out.push(Outbox::gone(&slot.entry, Status::Gone, None));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn entry(id: &str) -> Entry {
        Entry {
            id: id.into(),
            instrument: "demo".into(),
            url: "https://example.org/r".into(),
            credentials: Credentials::Omit,
            body: format!("{{\"id\":\"{id}\"}}"),
            state: State::Pending,
            draft_key: format!("partnerscope:v1:demo:draft:{id}"),
            draft: "{\"draft\":2}".into(),
            invitation: String::new(),
        }
    }

    fn posts(effects: &[Effect]) -> Vec<String> {
        effects.iter().filter_map(|e| if let Effect::Post(e) = e { Some(e.id.clone()) } else { None }).collect()
    }

    fn told(effects: &[Effect]) -> Vec<Status> {
        effects.iter().filter_map(|e| if let Effect::Tell(u) = e { Some(u.status.clone()) } else { None }).collect()
    }

    fn wake(effects: &[Effect]) -> Option<u64> {
        effects.iter().find_map(|e| if let Effect::WakeAt(t) = e { Some(*t) } else { None })
    }

    fn answered(id: &str, status: u16, body: &str) -> Event {
        Event::Answered { id: id.into(), status, body: body.into(), status_text: String::new() }
    }

    /// A completed response stored (or not), as the shell reports it.
    fn completed(outbox: &mut Outbox, id: &str, stored: bool) -> Vec<Effect> {
        let first = outbox.handle(Event::Completed(entry(id)), 0, 0);
        assert_eq!(first, vec![Effect::Store(entry(id))], "stored before anything else");
        outbox.handle(Event::Stored { id: id.into(), ok: stored }, 0, 0)
    }

    #[test]
    fn entries_round_trip_through_their_stored_form() {
        let mut refused = entry("abc");
        refused.url = "https://example.org/r?a=\"1\"".into();
        refused.credentials = Credentials::Include;
        refused.body = "{\"answers\":{\"p1\":4}}\n".into();
        refused.state = State::Refused { status: 422, reason: "the \"p9\" answer is out of range".into() };
        assert_eq!(Entry::from_json(&refused.to_json()), Stored::Entry(refused.clone()));
        let unlinked = Entry { draft_key: String::new(), draft: String::new(), state: State::Pending, ..refused };
        assert_eq!(Entry::from_json(&unlinked.to_json()), Stored::Entry(unlinked.clone()));
        let invited = Entry { invitation: "K3MQ-8R2X-D4FA-NW7T".into(), ..unlinked };
        assert_eq!(Entry::from_json(&invited.to_json()), Stored::Entry(invited));
        // The record a delivered response left in earlier versions is recognised, to be deleted.
        let old = r#"{"outbox":1,"id":"x","instrument":"demo","url":"u","credentials":"omit","body":"","state":"sent","status":201}"#;
        assert_eq!(Entry::from_json(old), Stored::Delivered);
        // Damaged or foreign text is not an entry.
        assert_eq!(Entry::from_json("{\"outbox\":2,\"id\":\"x\"}"), Stored::Damaged);
        assert_eq!(Entry::from_json("not json"), Stored::Damaged);
    }

    #[test]
    fn credentials_names_are_spelled_once_and_read_back() {
        for c in Credentials::ALL {
            assert_eq!(Credentials::from_name(c.name()), Some(c));
        }
        assert_eq!(Credentials::from_name("cookies"), None);
        assert_eq!(Credentials::default().name(), "omit");
    }

    #[test]
    fn reasons_are_read_from_json_or_text_and_shortened() {
        assert_eq!(
            reason_of("{\"error\":\"bad\",\"reason\":\"answer out of range\"}", "Unprocessable"),
            "answer out of range"
        );
        assert_eq!(reason_of("  too\nlarge  ", "Payload Too Large"), "too large");
        assert_eq!(reason_of("<html><body>Error</body></html>", "Forbidden"), "Forbidden");
        assert_eq!(reason_of(&"x".repeat(1000), "").chars().count(), MAX_REASON_CHARS + 1);
    }

    #[test]
    fn statuses_are_taken_as_stored_refused_or_retried() {
        for s in [200, 201, 204, 299] {
            assert_eq!(verdict(s), Verdict::Stored, "{s}");
        }
        for s in [400, 403, 404, 409, 413, 422, 499] {
            assert_eq!(verdict(s), Verdict::Refused, "{s}");
        }
        for s in [0, 100, 302, 408, 425, 429, 500, 503, 599] {
            assert_eq!(verdict(s), Verdict::Retry, "{s}");
        }
    }

    #[test]
    fn back_off_doubles_from_one_second_to_five_minutes_and_jitter_stays_within_a_fifth() {
        let delays: Vec<u64> = (0..12).map(backoff).collect();
        assert_eq!(delays, [0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]);
        assert_eq!(backoff(u32::MAX), MAX_DELAY_MS);
        assert_eq!(jitter(1_000, 0), 800);
        assert_eq!(jitter(1_000, u32::MAX), 1_199);
        assert_eq!(jitter(1_000, 1 << 31), 1_000);
        for delay in [1_000, 300_000] {
            for random in [0, 1, 12_345, u32::MAX / 3, u32::MAX - 1, u32::MAX] {
                let moved = jitter(delay, random);
                assert!(moved >= delay * 4 / 5 && moved < delay * 6 / 5, "{delay} {random} {moved}");
            }
        }
    }

    #[test]
    fn a_completed_response_is_stored_before_it_is_posted_and_deleted_only_after_a_2xx() {
        let mut outbox = Outbox::new(false);
        let effects = completed(&mut outbox, "a", true);
        assert_eq!(posts(&effects), ["a"]);
        assert_eq!(told(&effects), [Status::Sending { kept: true }]);
        assert_eq!(outbox.status("a"), Some(Status::Sending { kept: true }));
        let effects = outbox.handle(answered("a", 201, "{}"), 10, 0);
        assert_eq!(effects[0], Effect::Delete(Entry::key("a")));
        assert_eq!(told(&effects), [Status::Sent]);
        assert_eq!(outbox.status("a"), None, "nothing of a delivered response is kept");
    }

    #[test]
    fn storage_full_at_completion_is_said_and_the_response_is_still_sent_from_memory() {
        let mut outbox = Outbox::new(false);
        let effects = completed(&mut outbox, "a", false);
        let news: Vec<&News> =
            effects.iter().filter_map(|e| if let Effect::Tell(u) = e { u.news.as_ref() } else { None }).collect();
        assert_eq!(news, [&News::NotStored]);
        assert_eq!(posts(&effects), ["a"]);
        // Every status of an unstored response says so, whatever happens next.
        let effects = outbox.handle(Event::Failed { id: "a".into(), why: "no answer".into() }, 5, 0);
        assert_eq!(told(&effects), [Status::Waiting { offline: false, kept: false }]);
        assert!(!outbox.status("a").is_some_and(|s| s.settled()));
        let effects = outbox.handle(Event::Online(false), 6, 0);
        assert_eq!(told(&effects), [Status::Waiting { offline: true, kept: false }]);
        let effects = outbox.handle(Event::Online(true), 7, 0);
        assert_eq!(told(&effects), [Status::Sending { kept: false }]);
        // Not on the device, so nothing to delete when it arrives.
        let effects = outbox.handle(answered("a", 200, ""), 8, 0);
        assert_eq!(
            effects,
            vec![Effect::Tell(Update {
                id: "a".into(),
                instrument: "demo".into(),
                status: Status::Sent,
                news: Some(News::Delivered { status: 200 }),
            })]
        );
        // Refused while unstored: kept in memory, said so.
        let mut outbox = Outbox::new(false);
        completed(&mut outbox, "b", false);
        let effects = outbox.handle(answered("b", 422, "{\"reason\":\"no\"}"), 1, 0);
        assert!(!effects.iter().any(|e| matches!(e, Effect::Store(_) | Effect::Delete(_))));
        assert_eq!(outbox.status("b"), Some(Status::Refused { status: 422, reason: "no".into(), kept: false }));
        assert_eq!(outbox.held("demo").len(), 1, "offered for download");
    }

    #[test]
    fn a_409_is_a_refusal_never_a_delivery() {
        let mut outbox = Outbox::new(false);
        completed(&mut outbox, "a", true);
        let body = "{\"reason\":\"a different response is already stored under this id; it was not replaced\"}";
        let effects = outbox.handle(answered("a", 409, body), 1, 0);
        assert!(!effects.contains(&Effect::Delete(Entry::key("a"))));
        assert!(!told(&effects).contains(&Status::Sent));
        assert!(matches!(outbox.status("a"), Some(Status::Refused { status: 409, kept: true, .. })));
        // Kept with its reason, and not tried again on its own.
        assert!(matches!(&effects[0], Effect::Store(Entry { state: State::Refused { status: 409, .. }, .. })));
        assert!(posts(&outbox.handle(Event::Online(true), 2, 0)).is_empty());
        assert!(posts(&outbox.handle(Event::Tick, 1_000_000, 0)).is_empty());
    }

    #[test]
    fn the_same_response_twice_is_one_and_another_under_its_id_is_not_taken_in_silently() {
        let mut outbox = Outbox::new(true);
        completed(&mut outbox, "a", true);
        let again = outbox.handle(Event::Completed(entry("a")), 1, 0);
        assert_eq!(told(&again), [Status::Waiting { offline: true, kept: true }]);
        let other = Entry { body: "{\"other\":1}".into(), ..entry("a") };
        let effects = outbox.handle(Event::Completed(other), 2, 0);
        assert_eq!(told(&effects), [Status::Conflict]);
        assert!(!Status::Conflict.settled(), "the respondent must keep these answers by hand");
        assert_eq!(outbox.slots.len(), 1);
        assert_eq!(outbox.slots[0].entry.body, entry("a").body, "the first is untouched");
    }

    #[test]
    fn failures_back_off_with_jitter_and_the_wake_up_retries_every_waiting_response() {
        let mut outbox = Outbox::new(false);
        completed(&mut outbox, "a", true);
        completed(&mut outbox, "b", true);
        let mut now = 0;
        let mut expected = Vec::new();
        for round in 1..=11 {
            let first = outbox.handle(answered("a", 503, "busy"), now, u32::MAX / 2);
            let second = outbox.handle(Event::Failed { id: "b".into(), why: "no answer".into() }, now, 7);
            // Two failures in one round count as one.
            assert_eq!(wake(&second), None);
            let at = wake(&first).expect("a wake-up is asked for");
            expected.push(at - now);
            // Early: nothing is tried, the wake-up is asked for again.
            assert_eq!(outbox.handle(Event::Tick, at - 1, 0), vec![Effect::WakeAt(at)]);
            now = at;
            let effects = outbox.handle(Event::Tick, now, 0);
            assert_eq!(posts(&effects), ["a", "b"], "round {round}");
        }
        let plain: Vec<u64> = (1..=11).map(|n| jitter(backoff(n), u32::MAX / 2)).collect();
        assert_eq!(expected, plain);
        // A delivery resets the back-off.
        outbox.handle(answered("a", 201, ""), now, 0);
        let effects = outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, now, 0);
        assert_eq!(wake(&effects), Some(now + jitter(FIRST_DELAY_MS, 0)));
    }

    #[test]
    fn offline_nothing_is_posted_and_online_everything_waiting_is_at_once() {
        let mut outbox = Outbox::new(true);
        let effects = completed(&mut outbox, "a", true);
        assert!(posts(&effects).is_empty());
        assert_eq!(told(&effects), [Status::Waiting { offline: true, kept: true }]);
        completed(&mut outbox, "b", true);
        // Online while backing off: the back-off is dropped.
        let effects = outbox.handle(Event::Online(true), 1, 0);
        assert_eq!(posts(&effects), ["a", "b"]);
        outbox.handle(Event::Failed { id: "a".into(), why: "x".into() }, 2, 0);
        assert!(outbox.wake_at().is_some());
        outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, 2, 0);
        let effects = outbox.handle(Event::Online(true), 3, 0);
        assert_eq!(posts(&effects), ["a", "b"]);
        assert_eq!(outbox.wake_at(), None);
        // A stale wake-up after that does nothing.
        assert!(outbox.handle(Event::Tick, 10_000_000, 0).is_empty());
    }

    #[test]
    fn a_refused_response_is_kept_until_the_respondent_removes_it_and_a_waiting_one_never_is() {
        let mut outbox = Outbox::new(false);
        completed(&mut outbox, "a", true);
        completed(&mut outbox, "b", true);
        outbox.handle(answered("a", 422, "{\"reason\":\"answer p1 is out of range\"}"), 1, 0);
        let held = outbox.held("demo");
        assert_eq!(held.len(), 1);
        assert_eq!(
            (held[0].id.as_str(), held[0].status, held[0].reason.as_str()),
            ("a", 422, "answer p1 is out of range")
        );
        assert!(outbox.held("other").is_empty());
        // A waiting response cannot be removed.
        assert!(outbox.handle(Event::Remove { id: "b".into() }, 2, 0).is_empty());
        assert!(outbox.status("b").is_some());
        let effects = outbox.handle(Event::Remove { id: "a".into() }, 3, 0);
        assert_eq!(effects[0], Effect::Delete(Entry::key("a")));
        assert_eq!(told(&effects), [Status::Gone]);
        assert!(outbox.held("demo").is_empty());
    }

    #[test]
    fn loading_takes_in_other_tabs_entries_lets_go_of_settled_ones_and_deletes_old_sent_records() {
        let mut outbox = Outbox::new(false);
        let effects = outbox.handle(
            Event::Loaded { entries: vec![entry("a"), entry("b")], stale: vec![Entry::key("old")] },
            0,
            0,
        );
        assert_eq!(effects[0], Effect::Delete(Entry::key("old")));
        assert_eq!(posts(&effects), ["a", "b"]);
        outbox.handle(Event::Failed { id: "a".into(), why: "x".into() }, 1, 0);
        outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, 1, 0);
        // Another tab delivered "a" and completed "c"; backing off, nothing is tried yet.
        let effects = outbox.handle(Event::Loaded { entries: vec![entry("b"), entry("c")], stale: vec![] }, 2, 0);
        assert!(posts(&effects).is_empty());
        assert_eq!(told(&effects), [Status::Gone, Status::Waiting { offline: false, kept: true }]);
        assert_eq!(outbox.status("a"), None);
        // An attempt on its way is not let go: its answer decides.
        let at = outbox.wake_at().unwrap_or(0);
        assert_eq!(posts(&outbox.handle(Event::Tick, at, 0)), ["b", "c"]);
        outbox.handle(Event::Loaded { entries: vec![], stale: vec![] }, at, 0);
        assert!(outbox.status("b").is_some());
        // An unstored response is not on the device to be found: it stays.
        completed(&mut outbox, "m", false);
        outbox.handle(Event::Failed { id: "m".into(), why: "x".into() }, at + 1, 0);
        outbox.handle(Event::Loaded { entries: vec![], stale: vec![] }, at + 2, 0);
        assert!(outbox.status("m").is_some());
    }

    #[test]
    fn only_the_newest_response_of_a_widget_is_shown_again_after_a_reload() {
        let mut outbox = Outbox::new(true);
        let key = "partnerscope:v1:demo:draft";
        outbox.handle(Event::Completed(Entry { draft_key: key.into(), ..entry("a") }), 0, 0);
        outbox.handle(Event::Stored { id: "a".into(), ok: true }, 0, 0);
        assert_eq!(outbox.resumable(key), Some("{\"draft\":2}"));
        let second = Entry { draft_key: key.into(), draft: "{\"second\":1}".into(), ..entry("b") };
        let first = outbox.handle(Event::Completed(second), 1, 0);
        // "a" is stored again without its link, then "b" is stored.
        assert!(matches!(&first[0], Effect::Store(e) if e.id == "a" && e.draft_key.is_empty()));
        assert!(matches!(&first[1], Effect::Store(e) if e.id == "b"));
        assert_eq!(outbox.resumable(key), Some("{\"second\":1}"));
        assert_eq!(outbox.resumable(""), None);
    }

    /// A deterministic generator for the simulation (xorshift).
    struct Dice(u64);
    impl Dice {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 16) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
    }

    /// The shell, simulated: a store that sometimes refuses, a network that fails, answers late
    /// or refuses, a connection that comes and goes, page reloads (a new machine over the same
    /// store) and a clock. At every step each completed response is delivered, or refused and
    /// kept for the respondent, or waiting in the store or in this page's memory; it is
    /// deleted from the store only after its 2xx, and a response only in memory is said to be
    /// unstored. Many seeds, thousands of steps each.
    #[test]
    fn simulated_days_of_flaky_storage_network_and_reloads_never_drop_a_response() {
        use std::collections::BTreeMap;
        for seed in 1..=60u64 {
            let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut store: BTreeMap<String, Entry> = BTreeMap::new();
            let mut outbox = Outbox::new(false);
            let mut now = 0u64;
            let mut online = true;
            let mut in_flight: Vec<(String, u64)> = Vec::new();
            let mut wake: Option<u64> = None;
            let mut delivered: BTreeMap<String, u32> = BTreeMap::new();
            // Responses the endpoint answered 2xx (their answer may still be on its way in).
            let mut granted: Vec<String> = Vec::new();
            // Refused responses the respondent removed.
            let mut removed: Vec<String> = Vec::new();
            let mut refused: Vec<String> = Vec::new();
            let mut completed_ids: Vec<String> = Vec::new();
            let mut memory_only: Vec<String> = Vec::new();
            let mut queue: Vec<Event> = vec![Event::Loaded { entries: vec![], stale: vec![] }];
            for step in 0..3_000 {
                // Perform what the machine asked for, feeding back what storage says at once.
                while let Some(event) = (!queue.is_empty()).then(|| queue.remove(0)) {
                    let random = dice.next();
                    for effect in outbox.handle(event, now, random) {
                        match effect {
                            Effect::Store(entry) => {
                                let ok = dice.below(6) != 0;
                                if ok {
                                    store.insert(entry.id.clone(), entry.clone());
                                    memory_only.retain(|x| *x != entry.id);
                                } else if !store.contains_key(&entry.id) {
                                    memory_only.push(entry.id.clone());
                                }
                                queue.push(Event::Stored { id: entry.id, ok });
                            }
                            Effect::Delete(key) => {
                                let id = key.strip_prefix(KEY_PREFIX).unwrap_or(&key).to_owned();
                                assert!(
                                    granted.contains(&id) || removed.contains(&id),
                                    "seed {seed}: {id} deleted before its 2xx"
                                );
                                store.remove(&id);
                            }
                            Effect::Post(entry) => {
                                assert!(online, "seed {seed}: posted while offline");
                                in_flight.push((entry.id, now + u64::from(dice.below(30_000))));
                            }
                            Effect::WakeAt(t) => wake = Some(t),
                            Effect::Tell(update) => {
                                let kept_claim = !matches!(update.status, Status::Sent | Status::Gone);
                                if memory_only.contains(&update.id) && kept_claim {
                                    assert!(
                                        !update.status.settled(),
                                        "seed {seed}: an unstored response said to be kept: {update:?}"
                                    );
                                }
                                if update.status == Status::Sent {
                                    memory_only.retain(|x| *x != update.id);
                                    *delivered.entry(update.id.clone()).or_default() += 1;
                                }
                            }
                        }
                    }
                }
                // Invariant: every completed response is delivered, held for the respondent, or
                // still on its way (in the store or in this page's memory).
                for id in &completed_ids {
                    let accounted = delivered.contains_key(id) || store.contains_key(id) || outbox.status(id).is_some();
                    assert!(accounted, "seed {seed}, step {step}: {id} was dropped");
                }
                // The world moves on.
                now += u64::from(dice.below(2_000));
                match dice.below(100) {
                    0..=9 if completed_ids.len() < 40 => {
                        let id = format!("r{}", completed_ids.len());
                        completed_ids.push(id.clone());
                        queue.push(Event::Completed(Entry { body: id.clone(), ..entry(&id) }));
                    }
                    10..=13 => {
                        online = !online;
                        if online {
                            let entries = store.values().cloned().collect();
                            queue.push(Event::Loaded { entries, stale: vec![] });
                        }
                        queue.push(Event::Online(online));
                    }
                    14 => {
                        // A reload: the page's memory is gone, and what was only there with it,
                        // except what the respondent keeps by hand (the widget offers the code and
                        // the download at once; the earlier draft stays on the device).
                        completed_ids.retain(|id| !memory_only.contains(id) || delivered.contains_key(id));
                        memory_only.clear();
                        in_flight.clear();
                        wake = None;
                        outbox = Outbox::new(!online);
                        queue.push(Event::Loaded { entries: store.values().cloned().collect(), stale: vec![] });
                    }
                    15 => {
                        if let Some(id) = refused.iter().find(|id| outbox.status(id).is_some()).cloned() {
                            queue.push(Event::Remove { id: id.clone() });
                            completed_ids.retain(|x| *x != id);
                            refused.retain(|x| *x != id);
                            removed.push(id);
                        }
                    }
                    _ => {}
                }
                if let Some(t) = wake.filter(|t| now >= *t) {
                    let _ = t;
                    wake = None;
                    queue.push(Event::Loaded { entries: store.values().cloned().collect(), stale: vec![] });
                    queue.push(Event::Tick);
                }
                let (due, later): (Vec<_>, Vec<_>) = in_flight.drain(..).partition(|(_, at)| *at <= now);
                in_flight = later;
                for (id, _) in due {
                    if !online {
                        queue.push(Event::Failed { id, why: "offline".into() });
                        continue;
                    }
                    match dice.below(10) {
                        0..=3 => queue.push(Event::Failed { id, why: "no answer".into() }),
                        4 => queue.push(answered(&id, [500, 503, 408, 429][dice.below(4) as usize], "busy")),
                        5 => {
                            refused.push(id.clone());
                            queue.push(answered(&id, [409, 422][dice.below(2) as usize], "{\"reason\":\"no\"}"));
                        }
                        _ => {
                            // Delivered; a repeat answers 200 as the collector does.
                            let status = if granted.contains(&id) { 200 } else { 201 };
                            granted.push(id.clone());
                            queue.push(answered(&id, status, "{}"));
                        }
                    }
                }
            }
            assert!(
                delivered.len() > 5 && refused.len() + removed.len() > 0,
                "seed {seed}: the simulation exercised too little: {} delivered, {} refused, {} completed",
                delivered.len(),
                refused.len(),
                completed_ids.len()
            );
            // Refused responses are still offered for download (or were delivered after all: a
            // refusal storage would not record leaves the pending copy, which is tried again).
            for id in &refused {
                if completed_ids.contains(id) && !delivered.contains_key(id) {
                    assert!(outbox.status(id).is_some() || store.contains_key(id), "seed {seed}: refused {id} lost");
                }
            }
        }
    }
}
