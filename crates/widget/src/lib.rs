//! `partnerscope-widget`: the Partnerscope survey as a Yew single-page app.
//!
//! This is the only crate that touches the DOM, storage or the network. It holds no scoring logic:
//! every score, page decision and validation comes from `partnerscope-core`, and this crate turns
//! clicks into `flow::Action`s and core values into HTML.
//!
//! *API boundary*: a host page mounts the widget by putting `<div data-partnerscope></div>` in the
//! page and loading the script; on start the widget mounts itself on every such element. Options
//! are data attributes: `data-instrument` (fixes the instrument) and `data-lang`; without them, a
//! link's fragment may set the same (`#instrument=health-check&lang=fr`).
//! Yew mounts on that element, never on `<body>`, so the page's own scripts survive.

use wasm_bindgen::prelude::*;

pub mod app;
pub mod components;
pub mod i18n;
pub mod platform;
pub mod style;

/// Options read from the host element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Instrument id the page fixed, if any.
    pub instrument: Option<String>,
    /// Preferred language, if the page set one.
    pub lang: Option<String>,
    /// Distinguishes several widgets on one page (radio names, element ids).
    pub instance: usize,
}

/// Mounts the widget on every element of the page that has a `data-partnerscope` attribute.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    style::install(&document);
    let Ok(hosts) = document.query_selector_all("[data-partnerscope]") else {
        return;
    };
    for index in 0..hosts.length() {
        let Some(element) = hosts.get(index).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        mount(element, index as usize);
    }
}

/// Mounts one widget on `element`, reading its options from the element's data attributes.
/// `instance` must differ between widgets on one page.
pub fn mount(element: web_sys::Element, instance: usize) {
    // The page's own attributes win; a link can also choose, with `#instrument=ID&lang=xx`, so a
    // facilitator can send one file or URL that opens a given questionnaire in a given language.
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let from_hash = |key: &str| {
        hash.trim_start_matches('#')
            .split('&')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
            .filter(|v| !v.is_empty() && v.len() <= 64)
            .map(str::to_owned)
    };
    let options = Options {
        instrument: element
            .get_attribute("data-instrument")
            .filter(|s| !s.is_empty())
            .or_else(|| from_hash("instrument"))
            .filter(|id| partnerscope_core::builtin::source(id).is_some()),
        lang: element.get_attribute("data-lang").filter(|s| !s.is_empty()).or_else(|| from_hash("lang")),
        instance,
    };
    // Marking the element lets a host's CSS and tests tell a mounted widget from a placeholder.
    let _ = element.set_attribute("data-partnerscope-mounted", "");
    yew::Renderer::<app::App>::with_root_and_props(element, app::AppProps { options }).render();
}
