//! The few things the core must not do itself: read the clock, draw random numbers, use storage.
//! They are gathered here so the rest of the widget passes plain values into the core.
//!
//! Storage is written against `web_sys::Storage` directly rather than `gloo-storage`: gloo's
//! `LocalStorage::raw()` throws a JavaScript exception when storage is refused (a sandboxed
//! frame, blocked cookies), which would unwind through the wasm without running destructors,
//! and a refused store is a case the widget must carry on through with a plain message. Its
//! typed `get`/`set` also go through serde_json, which the widget otherwise does without.

use wasm_bindgen::JsCast;

/// Storage keys are namespaced: every page opened from `file://` shares one localStorage.
pub const KEY_PREFIX: &str = "partnerscope:v1:";

/// Why the device store could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No storage at all (private mode, disabled, sandboxed frame).
    Unavailable,
    /// Storage refused the write, most often because it is full.
    Refused,
}

pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The storage key of the draft of the widget in `slot` (see [`crate::Options::slot`]) for
/// `instrument`: `partnerscope:v1:<instrument>:draft` for the first, `…:<instrument>~2:draft`
/// for a second widget with the same questionnaire on one page.
pub fn draft_key(instrument: &str, slot: usize) -> String {
    if slot <= 1 { format!("{KEY_PREFIX}{instrument}:draft") } else { format!("{KEY_PREFIX}{instrument}~{slot}:draft") }
}

/// Reads the text stored under `key`.
pub fn load(key: &str) -> Result<Option<String>, StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.get_item(key).map_err(|_| StoreError::Unavailable)
}

/// Stores `text` under `key`.
pub fn save(key: &str, text: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.set_item(key, text).map_err(|_| StoreError::Refused)
}

/// Removes what is stored under `key`.
pub fn remove(key: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.remove_item(key).map_err(|_| StoreError::Refused)
}

/// Every stored key that starts with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

/// `url` resolved against the page's base URL, or `None` when it is not a URL.
pub fn absolute_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(url, &base).ok().map(|u| u.href())
}

/// Whether the browser believes it is online. A `true` is not a promise of a connection.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// A warning in the browser's console, for whoever investigates; never shown to the respondent.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
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
