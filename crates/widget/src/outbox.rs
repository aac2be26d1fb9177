//! The outbox: completed responses on their way to the page's endpoint (`submit-url`).
//!
//! A completed response is written to the device *before* it is sent, under
//! `partnerscope:v1:outbox:<response id>`, so that a failed request, a timeout, an offline
//! device, a reload or a closed tab loses nothing. It is sent as `POST` with
//! `Content-Type: application/json` and the response id in an `Idempotency-Key` header (the
//! endpoint stores each id once however often it arrives), and then:
//!
//! - `2xx`: stored. The entry shrinks to a small "sent" record (no answers) so the respondent can
//!   still be told it arrived after a reload; it goes when they start a new response.
//! - `4xx` other than 408, 425 and 429: refused. It is kept with the server's reason, never
//!   retried on its own, and offered for download until the respondent removes it.
//! - anything else (no answer, a timeout after 20 s, `5xx`, 408, 425, 429): tried again with
//!   back-off (1 s, 2 s, 4 s, … at most 5 minutes, with jitter), at once when the browser comes
//!   back online, and on the next load of any page of this origin with the widget.
//!
//! One outbox serves every widget on the page. Widgets [`subscribe`] to hear about every entry;
//! events go to the widget that owns the response, or for an entry from an earlier visit to a
//! widget with the same questionnaire, or else to the first widget.
//!
//! The request carries no cookie unless the page asked for it (`submit-credentials`), no
//! `Referer`, and nothing but the response itself.

use std::cell::RefCell;

use gloo_net::http::Request;
use partnerscope_core::json::{self, Reader, Value};
use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials};
use yew::Callback;

use crate::host::Host;
use crate::platform::{self, KEY_PREFIX};

/// How long one attempt may take before it counts as failed.
const TIMEOUT_MS: u32 = 20_000;
/// The first retry delay; it doubles after each failed attempt up to [`MAX_DELAY_MS`].
const FIRST_DELAY_MS: f64 = 1_000.0;
const MAX_DELAY_MS: f64 = 300_000.0;
/// Longest server reason kept and shown, in characters.
const MAX_REASON_CHARS: usize = 300;
const FORMAT: u32 = 1;

fn prefix() -> String {
    format!("{KEY_PREFIX}outbox:")
}

/// Where completed responses go, as the page configured it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Absolute URL.
    pub url: String,
    pub credentials: Credentials,
}

/// Whether the request may carry the browser's cookies and HTTP authentication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// Never (the default): nothing identifies the respondent to the endpoint.
    #[default]
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    fn name(self) -> &'static str {
        match self {
            Credentials::Omit => "omit",
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
        }
    }
}

/// Where one response stands, as the respondent is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Sending,
    Sent,
    /// Kept on the device and waiting; `offline` when the browser says it is offline, else the
    /// last attempt failed.
    Waiting {
        offline: bool,
    },
    /// The endpoint refused it; kept on the device.
    Refused {
        status: u16,
        reason: String,
    },
    /// The device would not store it: it is sent from memory while the page stays open.
    Unsaved,
}

/// News about one response in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub id: String,
    pub instrument: String,
    pub status: Status,
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum State {
    #[default]
    Pending,
    Refused {
        status: u16,
        reason: String,
    },
    Sent {
        status: u16,
    },
}

/// One stored entry: `{"outbox":1,"id","instrument","url","credentials","body","state",
/// "status","reason"}`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Entry {
    id: String,
    instrument: String,
    url: String,
    credentials: Credentials,
    body: String,
    state: State,
}

impl Entry {
    fn key(id: &str) -> String {
        format!("{}{id}", prefix())
    }

    fn to_json(&self) -> String {
        let mut out = format!("{{\"outbox\":{FORMAT}");
        for (name, value) in [
            ("id", self.id.as_str()),
            ("instrument", &self.instrument),
            ("url", &self.url),
            ("credentials", self.credentials.name()),
            ("body", &self.body),
            (
                "state",
                match self.state {
                    State::Pending => "pending",
                    State::Refused { .. } => "refused",
                    State::Sent { .. } => "sent",
                },
            ),
        ] {
            out.push_str(",\"");
            out.push_str(name);
            out.push_str("\":");
            json::write_string(&mut out, value);
        }
        match &self.state {
            State::Pending => {}
            State::Refused { status, reason } => {
                out.push_str(&format!(",\"status\":{status},\"reason\":"));
                json::write_string(&mut out, reason);
            }
            State::Sent { status } => out.push_str(&format!(",\"status\":{status}")),
        }
        out.push('}');
        out
    }

    /// Reads a stored entry; `None` for anything damaged (it is then left alone, not sent).
    fn from_json(text: &str) -> Option<Entry> {
        let value = json::parse(text).ok()?;
        let mut r = Reader::default();
        let entry = r.fields(&value, "", |o, r| {
            let format: u32 = o.req(r, "outbox");
            let state: String = o.req(r, "state");
            let status: u32 = o.or(r, "status", 0);
            let status = u16::try_from(status).unwrap_or(0);
            let reason: String = o.or(r, "reason", String::new());
            let credentials: String = o.req(r, "credentials");
            let entry = Entry {
                id: o.req(r, "id"),
                instrument: o.req(r, "instrument"),
                url: o.req(r, "url"),
                body: o.req(r, "body"),
                credentials: match credentials.as_str() {
                    "same-origin" => Credentials::SameOrigin,
                    "include" => Credentials::Include,
                    _ => Credentials::Omit,
                },
                state: match state.as_str() {
                    "refused" => State::Refused { status, reason },
                    "sent" => State::Sent { status },
                    _ => State::Pending,
                },
            };
            (format == FORMAT).then_some(entry)
        });
        r.finish(entry).ok().flatten()
    }

    fn status(&self) -> Status {
        match &self.state {
            State::Pending => Status::Waiting { offline: !platform::online() },
            State::Refused { status, reason } => Status::Refused { status: *status, reason: reason.clone() },
            State::Sent { .. } => Status::Sent,
        }
    }
}

struct Subscriber {
    token: u64,
    host: Host,
    instrument: String,
    response: String,
    on_update: Callback<Update>,
}

#[derive(Default)]
struct Service {
    subscribers: Vec<Subscriber>,
    next_token: u64,
    in_flight: Vec<String>,
    /// Entries the device would not store, kept while the page is open.
    memory: Vec<Entry>,
    /// Failed attempts in a row, for the back-off.
    failures: u32,
    /// A retry is waiting; `generation` tells a stale one (the browser came back online
    /// meanwhile and everything was retried already) from the current one.
    retry_pending: bool,
    generation: u64,
    online_listener: Option<gloo_events::EventListener>,
}

thread_local! {
    static SERVICE: RefCell<Service> = RefCell::new(Service::default());
}

/// Stops the widget's updates when dropped.
#[derive(Debug)]
pub struct Subscription(u64);

impl Drop for Subscription {
    fn drop(&mut self) {
        let token = self.0;
        SERVICE.with(|s| s.borrow_mut().subscribers.retain(|sub| sub.token != token));
    }
}

/// Registers a widget: `on_update` hears about every entry of the outbox, and the widget's host
/// receives the events about `response` (its current response) and, failing a better match,
/// about earlier responses to `instrument`. The first subscription on a page starts delivery.
pub fn subscribe(host: Host, instrument: &str, response: &str, on_update: Callback<Update>) -> Subscription {
    let (token, first) = SERVICE.with(|s| {
        let mut s = s.borrow_mut();
        s.next_token += 1;
        let token = s.next_token;
        s.subscribers.push(Subscriber {
            token,
            host,
            instrument: instrument.to_owned(),
            response: response.to_owned(),
            on_update,
        });
        let first = s.online_listener.is_none();
        if first && let Some(window) = web_sys::window() {
            s.online_listener = Some(gloo_events::EventListener::new(&window, "online", |_| {
                // Back online: every waiting response is tried now, and a pending retry is stale.
                SERVICE.with(|s| {
                    let mut s = s.borrow_mut();
                    s.generation += 1;
                    s.retry_pending = false;
                    s.failures = 0;
                });
                flush();
            }));
        }
        (token, first)
    });
    if first {
        // After this render, not during it: sending notifies widgets, which re-renders them.
        wasm_bindgen_futures::spawn_local(async { flush() });
    }
    Subscription(token)
}

/// Puts a completed response in the outbox and starts sending it. Adding the same response
/// twice changes nothing: the outbox is keyed by response id.
pub fn enqueue(endpoint: &Endpoint, instrument: &str, id: &str, body: String) -> Status {
    if let Some(existing) = stored(id) {
        return existing.status();
    }
    let entry = Entry {
        id: id.to_owned(),
        instrument: instrument.to_owned(),
        url: endpoint.url.clone(),
        credentials: endpoint.credentials,
        body,
        state: State::Pending,
    };
    let status = match platform::save(&Entry::key(id), &entry.to_json()) {
        Ok(()) => Status::Waiting { offline: !platform::online() },
        Err(_) => {
            SERVICE.with(|s| s.borrow_mut().memory.push(entry.clone()));
            with_host(&entry, |host| {
                host.error(
                    "storage",
                    "the completed response could not be saved on this device; it is sent from memory while the page stays open",
                    &id_member(id),
                )
            });
            Status::Unsaved
        }
    };
    flush();
    status
}

/// Where response `id` stands, if it is in the outbox.
pub fn status(id: &str) -> Option<Status> {
    let in_flight = SERVICE.with(|s| s.borrow().in_flight.iter().any(|x| x == id));
    if in_flight {
        return Some(Status::Sending);
    }
    if SERVICE.with(|s| s.borrow().memory.iter().any(|e| e.id == id)) {
        return Some(Status::Unsaved);
    }
    stored(id).map(|e| e.status())
}

/// Refused responses to `instrument`, kept for the respondent.
pub fn held(instrument: &str) -> Vec<Held> {
    entries()
        .into_iter()
        .filter(|e| e.instrument == instrument)
        .filter_map(|e| match e.state {
            State::Refused { status, reason } => {
                Some(Held { id: e.id, instrument: e.instrument, body: e.body, status, reason })
            }
            _ => None,
        })
        .collect()
}

/// Removes a refused response, when the respondent asks to after downloading it, or the record
/// that one was sent. A response still waiting to be sent is never removed.
pub fn remove(id: &str) {
    if stored(id).is_some_and(|e| e.state != State::Pending) {
        let _ = platform::remove(&Entry::key(id));
    }
}

/// Removes only the record that response `id` was sent (the respondent starts again or erases
/// their answers); a refused or waiting response stays until it is dealt with.
pub fn forget_sent(id: &str) {
    if stored(id).is_some_and(|e| matches!(e.state, State::Sent { .. })) {
        let _ = platform::remove(&Entry::key(id));
    }
}

fn stored(id: &str) -> Option<Entry> {
    platform::load(&Entry::key(id)).ok().flatten().and_then(|text| Entry::from_json(&text))
}

/// Every readable entry on the device, then those kept in memory.
fn entries() -> Vec<Entry> {
    let mut all: Vec<Entry> = platform::keys_with_prefix(&prefix())
        .iter()
        .filter_map(|key| platform::load(key).ok().flatten())
        .filter_map(|text| Entry::from_json(&text))
        .collect();
    SERVICE.with(|s| all.extend(s.borrow().memory.iter().cloned()));
    all
}

/// Tries to send every waiting response that is not already on its way.
pub fn flush() {
    let waiting: Vec<Entry> = entries().into_iter().filter(|e| e.state == State::Pending).collect();
    if !platform::online() {
        for entry in &waiting {
            notify(entry, Status::Waiting { offline: true });
        }
        return;
    }
    for entry in waiting {
        let start = SERVICE.with(|s| {
            let mut s = s.borrow_mut();
            let busy = s.in_flight.contains(&entry.id);
            if !busy {
                s.in_flight.push(entry.id.clone());
            }
            !busy
        });
        if start {
            notify(&entry, Status::Sending);
            wasm_bindgen_futures::spawn_local(deliver(entry));
        }
    }
}

enum Outcome {
    Stored(u16),
    Refused(u16, String),
    Failed(String),
}

async fn deliver(entry: Entry) {
    // Another tab may have delivered it since it was read.
    let current = if SERVICE.with(|s| s.borrow().memory.iter().any(|e| e.id == entry.id)) {
        Some(entry.clone())
    } else {
        stored(&entry.id)
    };
    let outcome = match current {
        Some(e) if e.state == State::Pending => post(&e).await,
        Some(e) => {
            SERVICE.with(|s| s.borrow_mut().in_flight.retain(|x| *x != entry.id));
            notify(&e, e.status());
            return;
        }
        // Removed meanwhile (the respondent erased it in another tab): nothing to do.
        None => {
            SERVICE.with(|s| s.borrow_mut().in_flight.retain(|x| *x != entry.id));
            return;
        }
    };
    SERVICE.with(|s| s.borrow_mut().in_flight.retain(|x| *x != entry.id));
    match outcome {
        Outcome::Stored(status) => {
            let record = Entry { body: String::new(), state: State::Sent { status }, ..entry.clone() };
            let _ = platform::save(&Entry::key(&entry.id), &record.to_json());
            SERVICE.with(|s| {
                let mut s = s.borrow_mut();
                s.memory.retain(|e| e.id != entry.id);
                s.failures = 0;
            });
            notify(&entry, Status::Sent);
            with_host(&entry, |host| {
                let mut detail = format!("{{{},\"instrument\":", id_member(&entry.id));
                json::write_string(&mut detail, &entry.instrument);
                detail.push_str(&format!(",\"status\":{status}}}"));
                host.emit("delivered", &detail);
            });
        }
        Outcome::Refused(status, reason) => {
            let kept = Entry { state: State::Refused { status, reason: reason.clone() }, ..entry.clone() };
            if platform::save(&Entry::key(&entry.id), &kept.to_json()).is_err() {
                SERVICE.with(|s| {
                    let mut s = s.borrow_mut();
                    s.memory.retain(|e| e.id != entry.id);
                    s.memory.push(kept.clone());
                });
            }
            notify(&entry, Status::Refused { status, reason: reason.clone() });
            with_host(&entry, |host| {
                let mut extra = format!("{},\"status\":{status},\"reason\":", id_member(&entry.id));
                json::write_string(&mut extra, &reason);
                host.error(
                    "delivery-refused",
                    &format!("the endpoint refused the response ({status}): {reason}"),
                    &extra,
                );
            });
        }
        Outcome::Failed(why) => {
            notify(&entry, Status::Waiting { offline: !platform::online() });
            with_host(&entry, |host| {
                host.error(
                    "delivery-failed",
                    &format!("the response could not be sent ({why}); it is kept on the device and tried again"),
                    &format!("{},\"willRetry\":true", id_member(&entry.id)),
                )
            });
            schedule_retry();
        }
    }
}

/// `"id":"<id>"`, a JSON member.
fn id_member(id: &str) -> String {
    let mut out = String::from("\"id\":");
    json::write_string(&mut out, id);
    out
}

/// One attempt to post `entry`.
async fn post(entry: &Entry) -> Outcome {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let request = Request::post(&entry.url)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", &entry.id)
        .credentials(match entry.credentials {
            Credentials::Omit => RequestCredentials::Omit,
            Credentials::SameOrigin => RequestCredentials::SameOrigin,
            Credentials::Include => RequestCredentials::Include,
        })
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .cache(RequestCache::NoStore)
        .abort_signal(signal.as_ref())
        .body(entry.body.as_str());
    let request = match request {
        Ok(request) => request,
        // Not the error's text: formatting gloo-net's error brings serde_json's and std::io's
        // messages into the wasm (measured: about 10 KB). An invalid URL is the only cause here.
        Err(_) => return Outcome::Failed("the address cannot be used".into()),
    };
    // Dropped when the attempt ends, which cancels the timer.
    let _deadline = controller.map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Outcome::Failed("no answer from the server".into()),
    };
    let status = response.status();
    if (200..300).contains(&status) {
        return Outcome::Stored(status);
    }
    if (400..500).contains(&status) && !matches!(status, 408 | 425 | 429) {
        let text = response.text().await.unwrap_or_default();
        return Outcome::Refused(status, reason_of(&text, &response.status_text()));
    }
    Outcome::Failed(format!("the server answered {status}"))
}

/// The server's reason for a refusal: the `reason`, `error` or `message` member of a JSON body,
/// else the body's text, else the status text; shortened to a readable length.
fn reason_of(body: &str, status_text: &str) -> String {
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

/// Waits, then tries again: 1 s after the first failure, doubling up to 5 minutes, each delay
/// moved by up to a fifth either way so that many devices coming back at once do not arrive
/// together.
fn schedule_retry() {
    let plan = SERVICE.with(|s| {
        let mut s = s.borrow_mut();
        // Several responses failing in one round count as one failure.
        if s.retry_pending {
            return None;
        }
        s.retry_pending = true;
        s.failures += 1;
        let exponent = s.failures.saturating_sub(1).min(20);
        let delay = (FIRST_DELAY_MS * f64::from(1u32 << exponent)).min(MAX_DELAY_MS);
        let jitter = 0.8 + 0.4 * js_sys::Math::random();
        Some(((delay * jitter) as u32, s.generation))
    });
    let Some((delay, generation)) = plan else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(delay).await;
        let current = SERVICE.with(|s| {
            let mut s = s.borrow_mut();
            let current = s.generation == generation && s.retry_pending;
            if current {
                s.retry_pending = false;
            }
            current
        });
        if current {
            flush();
        }
    });
}

/// Tells every widget about `entry`. Callbacks are called after the outbox's own state is
/// released: a widget may re-render, and rendering reads the outbox.
fn notify(entry: &Entry, status: Status) {
    let callbacks: Vec<Callback<Update>> =
        SERVICE.with(|s| s.borrow().subscribers.iter().map(|sub| sub.on_update.clone()).collect());
    let update = Update { id: entry.id.clone(), instrument: entry.instrument.clone(), status };
    for callback in callbacks {
        callback.emit(update.clone());
    }
}

/// Runs `f` with the host that should hear about `entry`: the widget showing that response,
/// else one with the same questionnaire, else the first widget on the page.
fn with_host(entry: &Entry, f: impl FnOnce(&Host)) {
    let host = SERVICE.with(|s| {
        let s = s.borrow();
        s.subscribers
            .iter()
            .find(|sub| sub.response == entry.id)
            .or_else(|| s.subscribers.iter().find(|sub| sub.instrument == entry.instrument))
            .or_else(|| s.subscribers.first())
            .map(|sub| sub.host.clone())
    });
    if let Some(host) = host {
        f(&host);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_through_their_stored_form() {
        let entry = Entry {
            id: "abc".into(),
            instrument: "demo".into(),
            url: "https://example.org/r?a=\"1\"".into(),
            credentials: Credentials::Include,
            body: "{\"answers\":{\"p1\":4}}\n".into(),
            state: State::Refused { status: 422, reason: "the \"p9\" answer is out of range".into() },
        };
        assert_eq!(Entry::from_json(&entry.to_json()), Some(entry.clone()));
        let sent = Entry { body: String::new(), state: State::Sent { status: 201 }, ..entry };
        assert_eq!(Entry::from_json(&sent.to_json()), Some(sent));
        // Damaged or foreign text is not an entry.
        assert_eq!(Entry::from_json("{\"outbox\":2,\"id\":\"x\"}"), None);
        assert_eq!(Entry::from_json("not json"), None);
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
}
