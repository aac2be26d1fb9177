//! The element a widget lives in: its shadow root, look-ups inside it, and the events the host
//! page receives.
//!
//! Events are `CustomEvent`s dispatched on the host element with `bubbles` and `composed`, so
//! a page can listen on the element, on `document`, or anywhere between:
//!
//! | event | when | `detail` |
//! |---|---|---|
//! | `partnerscope-start` | the respondent starts (or resumes) a response | `{instrument, version, id, lang, resumed}` |
//! | `partnerscope-change` | the respondent moves to another page | `{instrument, page, index, count, answered, required}` |
//! | `partnerscope-complete` | the respondent finishes | `{response, scores}` (see `Scores::to_json`) |
//! | `partnerscope-delivered` | the endpoint stored a response | `{id, instrument, status}` |
//! | `partnerscope-error` | something the page may want to know went wrong | `{kind, message, …}` |

use wasm_bindgen::JsCast;

/// A widget's element and the shadow root it renders in (`None` when the element cannot have
/// one, such as a `<td>`: the widget then renders in the page's own DOM).
#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    pub element: web_sys::Element,
    pub shadow: Option<web_sys::ShadowRoot>,
}

impl Host {
    pub fn new(element: web_sys::Element) -> Host {
        let shadow = element.shadow_root();
        Host { element, shadow }
    }

    /// The element with `id` inside this widget.
    pub fn element_by_id(&self, id: &str) -> Option<web_sys::HtmlElement> {
        let found = match &self.shadow {
            Some(shadow) => shadow.get_element_by_id(id),
            None => web_sys::window()?.document()?.get_element_by_id(id),
        };
        found?.dyn_into().ok()
    }

    /// Moves keyboard focus to the element with `id`, if it exists.
    pub fn focus(&self, id: &str) {
        if let Some(element) = self.element_by_id(id) {
            let _ = element.focus();
        }
    }

    /// Dispatches `partnerscope-<name>` on the host element; `detail` is JSON text.
    #[cfg(feature = "embed")]
    pub fn emit(&self, name: &str, detail: &str) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(value) = js_sys::JSON::parse(detail) {
            init.set_detail(&value);
        }
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&format!("partnerscope-{name}"), &init) {
            let _ = self.element.dispatch_event(&event);
        }
    }

    /// Dispatches `partnerscope-error` with `kind`, a plain `message`, and the members of
    /// `detail` (`status`, `reason`, …), and writes the message to the console for whoever
    /// investigates.
    #[cfg(feature = "embed")]
    pub fn error(&self, kind: &str, message: &str, mut detail: partnerscope_core::json_write::Object) {
        partnerscope_web::warn(&format!("Partnerscope: {message}"));
        detail.str("kind", kind).str("message", message);
        self.emit("error", &detail.finish());
    }
}

/// Gives `element` an open shadow root (or empties the one it has), adopts the widget's
/// stylesheet into it, and returns the element to render into. An element that cannot have a
/// shadow root gets the widget in the page's DOM, with the stylesheet adopted by the document.
pub fn prepare(element: &web_sys::Element) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let shadow = match element.shadow_root() {
        Some(shadow) => Some(shadow),
        None => element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok(),
    };
    let container = document.create_element("div").ok()?;
    let _ = container.set_attribute("class", "ps-mount");
    match shadow {
        Some(shadow) => {
            shadow.set_inner_html("");
            crate::style::adopt(Some(&shadow), &document);
            shadow.append_child(&container).ok()?;
        }
        None => {
            crate::style::adopt(None, &document);
            element.set_inner_html("");
            element.append_child(&container).ok()?;
        }
    }
    Some(container)
}
