//! The few things the core must not do itself: read the clock, draw random numbers, use storage.
//! They are gathered here so the rest of the widget passes plain values into the core.

use wasm_bindgen::JsCast;

/// Storage keys are namespaced: every page opened from `file://` shares one localStorage.
const KEY_PREFIX: &str = "partnerscope:v1:";

/// Why the device store could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No storage at all (private mode, disabled, sandboxed frame).
    Unavailable,
    /// Storage refused the write, most often because it is full.
    Refused,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(instrument: &str, what: &str) -> String {
    format!("{KEY_PREFIX}{instrument}:{what}")
}

/// Reads the saved draft for `instrument`.
pub fn load_draft(instrument: &str) -> Result<Option<String>, StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.get_item(&key(instrument, "draft")).map_err(|_| StoreError::Unavailable)
}

/// Saves the draft for `instrument`.
pub fn save_draft(instrument: &str, text: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.set_item(&key(instrument, "draft"), text).map_err(|_| StoreError::Refused)
}

/// A warning in the browser's console, for whoever investigates; never shown to the respondent.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// Removes everything this widget stored for `instrument`.
pub fn erase(instrument: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.remove_item(&key(instrument, "draft")).map_err(|_| StoreError::Refused)
}

/// A random id for de-duplication only: 128 bits from the browser's cryptographic generator,
/// hex-encoded. Falls back to `Math.random` only if `crypto` is missing.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Today's local date as `YYYY-MM-DD`; the time is never recorded.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Moves keyboard focus to the element with `id`, if it exists.
pub fn focus_id(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Offers `text` as a file download named `name`, through a Blob URL (no network involved).
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

/// Copies `text` to the clipboard; calls `done` with whether it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Opens the browser's print dialogue (the print stylesheet gives a one-page summary).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
