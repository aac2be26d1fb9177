//! `partnerscope-widget`: the Partnerscope survey as a Yew single-page app.
//!
//! This is the only crate that touches the DOM, storage or the network. It holds no scoring logic:
//! every score, page decision and validation comes from `partnerscope-core`, and this crate turns
//! clicks into `flow::Action`s and core values into HTML.
//!
//! *API boundary*: a host page mounts the widget in one of three ways, all read by [`options`]:
//!
//! - `<partnerscope-survey instrument="health-check" lang="fr" submit-url="/responses">`, a custom
//!   element defined by the embed script (`crates/widget/js/loader.js`), which calls
//!   [`mount_element`] once the wasm is ready;
//! - `<div data-partnerscope data-instrument="…">`, mounted by [`start`] when the wasm starts
//!   (the same options with a `data-` prefix);
//! - `Partnerscope.mount(element, {instrument, submitUrl, …})` from a script, which calls
//!   [`mount_with`].
//!
//! Every widget renders inside an open Shadow DOM on its element, styled by one constructed
//! stylesheet adopted by each shadow root, so the page's CSS and the widget's never meet. A
//! link's fragment may choose the instrument and language when the page does not
//! (`#instrument=health-check&lang=fr`). Yew mounts inside the shadow root, never on `<body>`,
//! so the page's own scripts and DOM survive.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

pub mod app;
pub mod components;
pub mod host;
pub mod i18n;
pub mod ids;
#[cfg(feature = "embed")]
pub mod outbox;
pub mod platform;
pub mod root;
pub mod state;
pub mod style;

use host::Host;
#[cfg(feature = "embed")]
use outbox::{Credentials, Endpoint};

/// Where completed responses would go; a build without the `network` feature has none.
#[cfg(not(feature = "embed"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {}

/// Where the questionnaire comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A built-in instrument by id, or `None` to let the respondent choose among them.
    Builtin(Option<String>),
    /// Instrument JSON given in the page (a `<script type="application/json">` child).
    Inline(String),
    /// Instrument JSON to fetch from this URL (`instrument-src`).
    Url(String),
}

/// Everything the host page decided, read once when the widget mounts.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub source: Source,
    /// Preferred language, if the page set one.
    pub lang: Option<String>,
    /// The respondent group's id, when the page decides it instead of asking.
    pub group: Option<String>,
    /// The round label recorded in every response (`"2026"`), when the page sets one.
    pub round: Option<String>,
    /// Where completed responses are posted; `None` means nothing is ever sent.
    pub endpoint: Option<Endpoint>,
    /// Distinguishes several widgets on one page (element ids).
    pub instance: usize,
    /// 1 for the first widget on the page with a given questionnaire, 2 for the second, …: the
    /// saved draft of each is kept apart.
    pub slot: usize,
    /// The element the widget lives in, and where its events are sent.
    pub host: Host,
    /// Problems with the page's settings, for the page's author; shown instead of the survey.
    pub problems: Vec<String>,
}

thread_local! {
    /// Widgets mounted on this page: their element, the key their slot was counted under, and
    /// the running app. A widget mounted again on the same element keeps its slot.
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static NEXT_INSTANCE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Where the built-in questionnaires' files are served, when they are not compiled in
    /// (`…/embed/instruments/`, beside the script).
    static ASSETS: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The URL of built-in questionnaire `id`'s file, in a build that fetches them.
pub fn builtin_url(id: &str) -> Option<String> {
    ASSETS.with(|a| a.borrow().as_ref().map(|base| format!("{base}{id}.json")))
}

struct Mounted {
    element: web_sys::Element,
    slot_key: String,
    slot: usize,
    app: Option<yew::AppHandle<root::Root>>,
}

/// Called by the loader once the wasm is ready: records where the built-in questionnaires are
/// served (`assets`, ending in `/`), then mounts the widget on every element of the page that
/// has a `data-partnerscope` attribute.
#[wasm_bindgen]
pub fn start(assets: Option<String>) {
    ASSETS.with(|a| *a.borrow_mut() = assets);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("[data-partnerscope]") else {
        return;
    };
    for index in 0..hosts.length() {
        if let Some(element) = hosts.get(index).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            let read = |name: &str| element.get_attribute(&format!("data-{name}"));
            let options = options(&element, &read);
            mount(element.clone(), options);
        }
    }
}

/// Mounts the widget on a `<partnerscope-survey>` element, reading its attributes. Called by
/// the element's `connectedCallback` once the wasm is ready.
#[cfg(feature = "embed")]
#[wasm_bindgen]
pub fn mount_element(element: web_sys::Element) {
    let read = |name: &str| element.get_attribute(name);
    let options = options(&element, &read);
    mount(element, options);
}

/// Mounts the widget on any element with options from a script:
/// `{instrument, instrumentSrc, instrumentJson, lang, group, round, submitUrl, submitCredentials}`
/// (strings; `instrumentJson` may also be an object).
#[cfg(feature = "embed")]
#[wasm_bindgen]
pub fn mount_with(element: web_sys::Element, settings: JsValue) {
    let read = |name: &str| {
        // Attribute names become camelCase keys: `instrument-src` → `instrumentSrc`.
        let mut key = String::new();
        let mut upper = false;
        for c in name.chars() {
            if c == '-' {
                upper = true;
            } else if upper {
                key.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                key.push(c);
            }
        }
        // Own properties only: a page whose scripts set `Object.prototype.submitUrl` (or any
        // other option) must not decide where this survey's responses go.
        let key = JsValue::from_str(&key);
        let object = settings.dyn_ref::<js_sys::Object>()?;
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        let value = js_sys::Reflect::get(object, &key).ok()?;
        if let Some(text) = value.as_string() {
            return Some(text);
        }
        // An instrument given as an object rather than as JSON text.
        if value.is_object() && key.as_string().as_deref() == Some("instrumentJson") {
            return js_sys::JSON::stringify(&value).ok().and_then(|s| s.as_string());
        }
        None
    };
    let options = options(&element, &read);
    mount(element, options);
}

/// Removes the widget from `element` (the custom element left the page). Its draft stays saved,
/// and anything waiting in the outbox is still delivered by the other widgets or the next visit.
#[cfg(feature = "embed")]
#[wasm_bindgen]
pub fn unmount_element(element: web_sys::Element) {
    unmount(element);
}

fn unmount(element: web_sys::Element) {
    let app = MOUNTED.with(|m| m.borrow_mut().iter_mut().find(|w| w.element == element).and_then(|w| w.app.take()));
    if let Some(app) = app {
        app.destroy();
    }
}

/// Reads the page's settings for the widget on `element`; `read(name)` gives the setting
/// `name` (an attribute, a `data-` attribute or a script option).
// Long because it is one setting after another, each read, checked and its problem worded where
// it is read, in the order the page author's documentation lists them.
fn options(element: &web_sys::Element, read: &dyn Fn(&str) -> Option<String>) -> Options {
    let get = |name: &str| read(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let mut problems = Vec::new();
    // A link can also choose, with `#instrument=ID&lang=xx`, so a facilitator can send one file
    // or URL that opens a given questionnaire in a given language. The page's settings win.
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let from_hash = |key: &str| {
        hash.trim_start_matches('#')
            .split('&')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
            .filter(|v| !v.is_empty() && v.len() <= 64)
            .map(str::to_owned)
    };
    let inline = read("instrument-json").or_else(|| {
        element
            .query_selector(":scope > script[type='application/json']")
            .ok()
            .flatten()
            .and_then(|script| script.text_content())
            .filter(|text| !text.trim().is_empty())
    });
    let named = get("instrument");
    let url = get("instrument-src");
    let chosen = [named.is_some(), url.is_some(), inline.is_some()].iter().filter(|b| **b).count();
    if chosen > 1 {
        problems.push(
            "Give the questionnaire one way only: an \"instrument\" id, an \"instrument-src\" URL or an inline \
             <script type=\"application/json\"> child."
                .to_owned(),
        );
    }
    if url.is_some() && cfg!(not(feature = "embed")) {
        problems.push(
            "This copy of the survey works offline and cannot load \"instrument-src\"; use the hosted script.".into(),
        );
    }
    let source = if let Some(json) = inline {
        Source::Inline(json)
    } else if let Some(url) = url {
        match partnerscope_web::absolute_url(&url) {
            Some(url) => Source::Url(url),
            None => {
                problems.push(format!("\"instrument-src\" is not a usable URL: {url}"));
                Source::Builtin(None)
            }
        }
    } else if let Some(id) = named {
        // Said here, with every other problem, not only once the settings are otherwise right.
        if !partnerscope_core::builtin::is_builtin(&id) {
            problems.push(format!(
                "There is no built-in questionnaire \"{id}\"; the built-in ones are {}.",
                partnerscope_core::builtin::IDS.join(", ")
            ));
        }
        Source::Builtin(Some(id))
    } else {
        // Only a link's fragment may name an unknown id; then the respondent simply chooses.
        Source::Builtin(from_hash("instrument").filter(|id| partnerscope_core::builtin::is_builtin(id)))
    };
    #[cfg(not(feature = "embed"))]
    let endpoint: Option<Endpoint> = {
        if get("submit-url").is_some() {
            problems.push(
                "This copy of the survey works offline and cannot send responses; use the hosted script for \"submit-url\"."
                    .into(),
            );
        }
        None
    };
    #[cfg(feature = "embed")]
    let endpoint = get("submit-url").and_then(|url| {
        let credentials = match get("submit-credentials") {
            None => Credentials::Omit,
            Some(name) => Credentials::from_name(&name).unwrap_or_else(|| {
                let names: Vec<String> = Credentials::ALL.iter().map(|c| format!("\"{}\"", c.name())).collect();
                problems.push(format!(
                    "\"submit-credentials\" must be one of {} (the first is the default); it is \"{name}\".",
                    names.join(", ")
                ));
                Credentials::Omit
            }),
        };
        // An invitation code: the page's own setting, else the link's `#invite=CODE`; with
        // `invitation-required` and neither, the respondent types it on the first page.
        let invitation = get("invitation").or_else(|| from_hash("invite")).unwrap_or_default();
        // A boolean attribute: present, with any value or none.
        let ask_invitation = invitation.is_empty() && read("invitation-required").is_some();
        match partnerscope_web::absolute_url(&url).filter(|u| u.starts_with("https:") || u.starts_with("http:")) {
            Some(url) => Some(Endpoint { url, credentials, invitation, ask_invitation }),
            None => {
                problems.push(format!("\"submit-url\" must be an http or https URL; it is \"{url}\"."));
                None
            }
        }
    });
    if get("submit-credentials").is_some() && get("submit-url").is_none() {
        problems.push("\"submit-credentials\" has no effect without \"submit-url\".".to_owned());
    }
    // Responses are told apart by random ids only: without a working random source (a page
    // that broke `crypto.getRandomValues`) every response would get the same id, and the
    // endpoint would keep only the first. The survey does not start.
    if partnerscope_web::response_id().is_err() {
        problems
            .push("crypto.getRandomValues gives no usable random numbers on this page; responses need them.".into());
    }
    let round = get("round");
    if let Some(round) = round.as_deref().filter(|r| !partnerscope_core::response::valid_round(r)) {
        problems.push(format!("\"round\" is not usable ({}): \"{round}\".", partnerscope_core::response::ROUND_RULE));
    }
    let group = get("group");
    if group.is_some() && matches!(source, Source::Builtin(None)) {
        problems
            .push("\"group\" needs the questionnaire to be fixed too (\"instrument\" or \"instrument-src\").".into());
    }
    let lang = get("lang");
    let codes: Vec<&str> = i18n::LANGUAGES.iter().map(|(code, _)| *code).collect();
    // `pt-BR` or `pt-PT` on the element is Portuguese: the region is matched away. A
    // questionnaire of the page's own may carry the interface for another language (its
    // `interface`), which only it can say: that is checked when it is read.
    let own = matches!(source, Source::Inline(_) | Source::Url(_));
    if let Some(lang) =
        lang.as_deref().filter(|l| !own && partnerscope_core::locale::negotiate(&[(*l).to_owned()], &codes).is_none())
    {
        problems.push(format!(
            "\"lang\" is \"{lang}\", a language this survey cannot show; it shows {}.",
            codes.join(", ")
        ));
    }
    let instance = NEXT_INSTANCE.with(|n| {
        let i = n.get();
        n.set(i + 1);
        i
    });
    Options {
        source,
        lang: lang.or_else(|| from_hash("lang")),
        group,
        round,
        endpoint,
        instance,
        slot: 1,
        host: Host::new(element.clone()),
        problems,
    }
}

/// Mounts one widget in a shadow root on `element`.
fn mount(element: web_sys::Element, mut options: Options) {
    unmount(element.clone());
    let Some(container) = host::prepare(&element) else {
        return;
    };
    // The slot: the same as before if this element had a widget with the same questionnaire,
    // else one more than the other widgets on the page with that questionnaire.
    let key = match &options.source {
        Source::Builtin(id) => id.clone().unwrap_or_default(),
        Source::Inline(json) => format!("inline:{}", json.len()),
        Source::Url(url) => url.clone(),
    };
    options.slot = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        if let Some(w) = mounted.iter().find(|w| w.element == element && w.slot_key == key) {
            return w.slot;
        }
        // Widgets whose element left the page give their slot back (a single-page intranet
        // that swaps the survey in and out keeps finding the same draft).
        mounted.retain(|w| w.element != element && w.element.is_connected());
        let slot = mounted.iter().filter(|w| w.slot_key == key).map(|w| w.slot).max().unwrap_or(0) + 1;
        mounted.push(Mounted { element: element.clone(), slot_key: key, slot, app: None });
        slot
    });
    options.host = Host::new(element.clone());
    // Marking the element lets a host's CSS and tests tell a mounted widget from a placeholder.
    let _ = element.set_attribute("data-partnerscope-mounted", "");
    let app =
        yew::Renderer::<root::Root>::with_root_and_props(container, root::RootProps { options: Rc::new(options) })
            .render();
    MOUNTED.with(|m| {
        if let Some(w) = m.borrow_mut().iter_mut().find(|w| w.element == element) {
            w.app = Some(app);
        }
    });
}
