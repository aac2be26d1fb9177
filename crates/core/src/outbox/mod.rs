//! The outbox as a sans-IO state machine: completed responses on their way to the page's
//! endpoint, with no storage, network, clock or randomness of its own (quinn-proto's way).
//!
//! The browser shell (the widget's `outbox.rs`) feeds [`Outbox::handle`] what happened
//! ([`Event`]: a response completed, storage wrote or refused it, the endpoint answered, the
//! request failed, the browser went online, time passed, storage was read) together with the
//! time and a random number, and performs what the machine returns ([`Effect`]: store this
//! entry, delete it, post it, wake me at, tell the widgets and the page). Every decision is
//! here, so every path a response can take is tested natively with a simulated clock and
//! network (`tests.rs`), including the ones that must never drop it.
//!
//! The rooms: `entry.rs`, the stored entry's format (and `Credentials`, its names spelled once);
//! `policy.rs`, the plain functions of delivery (how a status is taken, back-off, jitter, the
//! server's reason); here, the events, effects and statuses, and the machine.
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

mod entry;
mod policy;
#[cfg(test)]
mod tests;

pub use entry::{Credentials, Entry, State, Stored};
pub use policy::{Verdict, backoff, code_of, jitter, reason_of, verdict};

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

/// Where one response stands, as the respondent is told. `kept` says whether it is stored on
/// this device (false: storage refused it, and it lives only in this page's memory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// An attempt is on its way.
    Sending { kept: bool },
    /// Waiting for the next attempt: the browser is offline, or the last attempt failed.
    /// `code` is the machine code of the server's last answer when it gave one (`not-open`: the
    /// collector does not take this questionnaire yet), else empty.
    Waiting { offline: bool, kept: bool, code: String },
    /// The endpoint stored it; nothing of it is left on the device.
    Sent,
    /// The endpoint refused it; it waits for the respondent to download it.
    /// `code` is the server's machine code for it (empty when none).
    Refused { status: u16, reason: String, code: String, kept: bool },
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
    /// The server's machine code for the refusal, empty when none.
    pub code: String,
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

#[derive(Clone, Debug)]
struct Slot {
    entry: Entry,
    /// Stored on the device (false: storage refused it; it lives in this page only).
    kept: bool,
    /// An attempt is on its way.
    posting: bool,
    /// The machine code of the server's last answer that was not a refusal (a `503` saying the
    /// questionnaire is not open yet), for the status; empty when none.
    code: String,
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
                State::Refused { status, reason, code } => Some(Held {
                    id: s.entry.id.clone(),
                    instrument: s.entry.instrument.clone(),
                    body: s.entry.body.clone(),
                    status: *status,
                    reason: reason.clone(),
                    code: code.clone(),
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
            State::Refused { status, reason, code } => {
                Status::Refused { status: *status, reason: reason.clone(), code: code.clone(), kept }
            }
            State::Pending if slot.posting => Status::Sending { kept },
            State::Pending => Status::Waiting { offline: self.offline, kept, code: slot.code.clone() },
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
    // Long because it is one `match` with an arm per event: every transition of the machine reads
    // in one place, in the order of `Event`.
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
                            self.slots.push(Slot { entry, kept: true, posting: false, code: String::new() });
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
                    self.slots.push(Slot { entry, kept: false, posting: false, code: String::new() });
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
                        slot.entry.state = State::Refused { status, reason: reason.clone(), code: code_of(&body) };
                        if slot.kept {
                            out.push(Effect::Store(slot.entry.clone()));
                        }
                        out.push(self.tell(i, Some(News::Refused { status, reason })));
                    }
                    Verdict::Retry => {
                        self.slots[i].code = code_of(&body);
                        self.failed(i, format!("the server answered {status}"), now, random, &mut out);
                    }
                }
            }
            Event::Failed { id, why } => {
                if let Some(i) = self.index(&id) {
                    // No answer: what the server said before no longer stands.
                    self.slots[i].code.clear();
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
