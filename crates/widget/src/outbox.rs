//! The outbox's browser shell: it runs the core's sans-IO machine
//! ([`partnerscope_core::outbox::Outbox`], where every rule of delivery is written and tested)
//! and only performs what the machine says: writes and deletes in localStorage, `POST`s, one
//! timer, and news for the widgets and the host page. It feeds back what happened, with the
//! time (`performance.now()`) and a random number for the jitter.
//!
//! The request: `POST` with `Content-Type: application/json` and the response id in an
//! `Idempotency-Key` header, no cookie unless the page asked for it (`submit-credentials`), no
//! `Referer`, not cached, aborted after [`TIMEOUT_MS`], and nothing but the response itself.
//!
//! One machine serves every widget on the page. Widgets [`subscribe`] to hear about every
//! response and the refused ones of their questionnaire; events go to the widget that shows the
//! response, or for one from an earlier visit to a widget with the same questionnaire, or else
//! to the first widget.

use std::cell::RefCell;

use gloo_net::http::Request;
use partnerscope_core::json_write::Object;
pub use partnerscope_core::outbox::{Credentials, Held, Status, Update};
use partnerscope_core::outbox::{Effect, Entry, Event, KEY_PREFIX, News, Outbox, Stored, TIMEOUT_MS};
use partnerscope_web::storage;
use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials};
use yew::Callback;

use crate::host::Host;
/// What a widget hears (`state::Msg::Delivery`): where its response stands, and the refused
/// responses of its questionnaire other than its own.
use crate::state::Delivery as Notice;

/// Where completed responses go, as the page configured it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Absolute URL.
    pub url: String,
    pub credentials: Credentials,
    /// The invitation code from the link (`#invite=CODE`) or typed by the respondent, sent with
    /// the response in the `Partnerscope-Invitation` header; empty when none.
    pub invitation: String,
    /// Whether the first page asks for the code (`invitation-required`, and none in the link).
    pub ask_invitation: bool,
}

struct Subscriber {
    token: u64,
    host: Host,
    instrument: String,
    response: String,
    on_notice: Callback<Notice>,
}

struct Service {
    machine: Outbox,
    subscribers: Vec<Subscriber>,
    next_token: u64,
    /// The one wake-up the machine asked for; dropping it cancels it.
    timer: Option<gloo_timers::callback::Timeout>,
    _listeners: Vec<gloo_events::EventListener>,
}

thread_local! {
    static SERVICE: RefCell<Option<Service>> = const { RefCell::new(None) };
}

/// Runs `f` on the service, starting it first.
fn with<T>(f: impl FnOnce(&mut Service) -> T) -> T {
    if SERVICE.with(|s| s.borrow().is_none()) {
        start();
    }
    SERVICE.with(|s| match s.borrow_mut().as_mut() {
        Some(service) => f(service),
        None => unreachable!("the service was started above"),
    })
}

/// Starts the service: the machine takes in what storage holds, and the browser's `online` and
/// `offline` events are followed from then on. Not inlined into every caller of [`with`]
/// (it is generic): once in the wasm.
#[inline(never)]
fn start() {
    let mut listeners = Vec::new();
    if let Some(window) = web_sys::window() {
        for (name, online) in [("online", true), ("offline", false)] {
            listeners.push(gloo_events::EventListener::new(&window, name, move |_| {
                if online {
                    handle(load());
                }
                handle(Event::Online(online));
            }));
        }
    }
    let machine = Outbox::new(!partnerscope_web::online());
    SERVICE.with(|s| {
        *s.borrow_mut() =
            Some(Service { machine, subscribers: Vec::new(), next_token: 0, timer: None, _listeners: listeners })
    });
    // What earlier visits left starts on its way now (notices reach widgets already
    // subscribed; Yew queues what they dispatch during a render).
    handle(load());
}

fn now() -> u64 {
    partnerscope_web::now_ms() as u64
}

/// What storage holds now.
fn load() -> Event {
    let mut entries = Vec::new();
    let mut stale = Vec::new();
    for key in storage::keys_with_prefix(KEY_PREFIX) {
        let Ok(Some(text)) = storage::load(&key) else {
            continue;
        };
        match Entry::from_json(&text) {
            Stored::Entry(entry) if Entry::key(&entry.id) == key => entries.push(entry),
            Stored::Delivered => stale.push(key),
            // Damaged or foreign: left alone, never sent.
            _ => {}
        }
    }
    Event::Loaded { entries, stale }
}

/// Hands `event` to the machine and performs what it says, feeding back storage's answers.
#[inline(never)]
fn handle(event: Event) {
    let effects = with(|s| s.machine.handle(event, now(), partnerscope_web::random_u32()));
    perform(effects);
}

fn perform(mut queue: Vec<Effect>) {
    // In order: storage's answers are performed after what came before them.
    let mut next = 0;
    while let Some(effect) = queue.get_mut(next).map(|e| std::mem::replace(e, Effect::WakeAt(0))) {
        next += 1;
        match effect {
            Effect::Store(entry) => {
                let ok = storage::save(&Entry::key(&entry.id), &entry.to_json()).is_ok();
                let more = with(|s| s.machine.handle(Event::Stored { id: entry.id, ok }, now(), 0));
                queue.extend(more);
            }
            Effect::Delete(key) => {
                let _ = storage::remove(&key);
            }
            Effect::Post(entry) => wasm_bindgen_futures::spawn_local(async move {
                let event = post(&entry).await;
                handle(event);
            }),
            Effect::WakeAt(at) => {
                let delay = at.saturating_sub(now()).min(u64::from(u32::MAX)) as u32;
                let timer = gloo_timers::callback::Timeout::new(delay, || {
                    // A round reads storage first: other tabs may have sent or added responses.
                    handle(load());
                    handle(Event::Tick);
                });
                with(|s| s.timer = Some(timer));
            }
            Effect::Tell(update) => tell(&update),
        }
    }
}

/// Stops the widget's notices when dropped.
#[derive(Debug)]
pub struct Subscription(u64);

impl Drop for Subscription {
    fn drop(&mut self) {
        let token = self.0;
        SERVICE.with(|s| {
            if let Some(s) = s.borrow_mut().as_mut() {
                s.subscribers.retain(|sub| sub.token != token);
            }
        });
    }
}

/// Registers a widget showing `response` of `instrument`: `on_notice` hears at once where its
/// response stands and which responses were refused, and again after every change. The widget's
/// host receives the page's events about its response and, failing a better match, about
/// earlier responses to its questionnaire.
pub fn subscribe(host: Host, instrument: &str, response: &str, on_notice: Callback<Notice>) -> Subscription {
    let (token, first) = with(|s| {
        s.next_token += 1;
        let token = s.next_token;
        s.subscribers.push(Subscriber {
            token,
            host,
            instrument: instrument.to_owned(),
            response: response.to_owned(),
            on_notice: on_notice.clone(),
        });
        let first =
            Notice { id: response.to_owned(), status: s.machine.status(response), held: held(s, instrument, response) };
        (token, first)
    });
    on_notice.emit(first);
    Subscription(token)
}

fn held(s: &Service, instrument: &str, response: &str) -> Vec<Held> {
    let mut held = s.machine.held(instrument);
    held.retain(|h| h.id != response);
    held
}

/// Puts a completed response in the outbox: stored first, then sent. The same response twice
/// is one response. `draft_key` and `draft` let the widget show it again after a reload.
/// `typed` is the invitation code the respondent typed, used when the link gave none.
pub fn complete(
    endpoint: &Endpoint,
    typed: &str,
    instrument: &str,
    id: &str,
    body: String,
    draft_key: &str,
    draft: String,
) {
    handle(Event::Completed(Entry {
        id: id.to_owned(),
        instrument: instrument.to_owned(),
        url: endpoint.url.clone(),
        credentials: endpoint.credentials,
        body,
        state: Default::default(),
        draft_key: draft_key.to_owned(),
        draft,
        invitation: if endpoint.invitation.is_empty() { typed.trim() } else { &endpoint.invitation }.to_owned(),
    }));
}

/// Where response `id` stands, if it is in the outbox.
pub fn status(id: &str) -> Option<Status> {
    with(|s| s.machine.status(id))
}

/// The completed draft last completed under `draft_key`, while it is in the outbox.
pub fn resumable(draft_key: &str) -> Option<String> {
    with(|s| s.machine.resumable(draft_key).map(str::to_owned))
}

/// Removes a refused response, when the respondent asks to after downloading it. A response
/// waiting to be sent is never removed.
pub fn remove(id: &str) {
    handle(Event::Remove { id: id.to_owned() });
}

/// One attempt to post `entry`: the endpoint's answer, or why there was none.
async fn post(entry: &Entry) -> Event {
    let id = entry.id.clone();
    let failed = |why: &str| Event::Failed { id: id.clone(), why: why.to_owned() };
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let mut request =
        Request::post(&entry.url).header("Content-Type", "application/json").header("Idempotency-Key", &entry.id);
    if !entry.invitation.is_empty() {
        request = request.header("Partnerscope-Invitation", &entry.invitation);
    }
    let request = request
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
        Err(_) => return failed("the address cannot be used"),
    };
    // Dropped when the attempt ends, which cancels the timer.
    let _deadline = controller.map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return failed("no answer from the server"),
    };
    let status = response.status();
    // The body is read only for a refusal's reason and code, and for a 503's code (the
    // collector's `not-open`: the questionnaire is not taken yet, the response waits).
    let read = (400..500).contains(&status) || status == 503;
    let body = if read { response.text().await.unwrap_or_default() } else { String::new() };
    Event::Answered { id, status, body, status_text: response.status_text() }
}

/// Tells every widget about `update`, and the host page what it should hear. Callbacks are
/// called after the service is released: a widget may re-render, and rendering may ask it.
fn tell(update: &Update) {
    let (notices, host) = with(|s| {
        let notices: Vec<(Callback<Notice>, Notice)> = s
            .subscribers
            .iter()
            .map(|sub| {
                let notice = Notice {
                    id: update.id.clone(),
                    status: Some(update.status.clone()),
                    held: held(s, &sub.instrument, &sub.response),
                };
                (sub.on_notice.clone(), notice)
            })
            .collect();
        let host = s
            .subscribers
            .iter()
            .find(|sub| sub.response == update.id)
            .or_else(|| s.subscribers.iter().find(|sub| sub.instrument == update.instrument))
            .or_else(|| s.subscribers.first())
            .map(|sub| sub.host.clone());
        (notices, host)
    });
    for (callback, notice) in notices {
        callback.emit(notice);
    }
    if let (Some(host), Some(news)) = (host, &update.news) {
        tell_page(&host, update, news);
    }
}

/// The host page's events about one response.
fn tell_page(host: &Host, update: &Update, news: &News) {
    let mut detail = Object::new();
    detail.str("id", &update.id);
    match news {
        News::Delivered { status } => {
            detail.str("instrument", &update.instrument).uint("status", u64::from(*status));
            host.emit("delivered", &detail.finish());
        }
        News::Refused { status, reason } => {
            detail.uint("status", u64::from(*status)).str("reason", reason);
            host.error("delivery-refused", &format!("the endpoint refused the response ({status}): {reason}"), detail);
        }
        News::Failed { why } => {
            detail.bool("willRetry", true);
            host.error(
                "delivery-failed",
                &format!("the response could not be sent ({why}); it is kept and tried again"),
                detail,
            );
        }
        News::NotStored => host.error(
            "storage",
            "the completed response could not be saved on this device; it is sent from memory while the page stays open",
            detail,
        ),
        News::Conflict => host.error("duplicate", "another response with this id is waiting; this one was not queued", detail),
    }
}
