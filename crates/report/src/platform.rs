//! What the report needs from the browser: files read as streams of bytes, a pause that lets the
//! page breathe, downloads, and a little storage for the action plan and the language.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Storage keys, namespaced like the survey's (every file opened from disk shares one store).
pub const KEY_PREFIX: &str = "partnerscope:v1:report:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key` (after the prefix), if any.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(&format!("{KEY_PREFIX}{key}")).ok().flatten()
}

/// Stores `text` under `key`; false when the browser refused.
pub fn save(key: &str, text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(&format!("{KEY_PREFIX}{key}"), text).is_ok())
}

/// Milliseconds since the page started, for slicing work.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Lets the browser handle input and paint before the work continues: `scheduler.yield()` where
/// the browser has it (it keeps the task's place in line), else a zero timeout.
pub async fn pause() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let scheduler = js_sys::Reflect::get(&window, &JsValue::from_str("scheduler")).unwrap_or(JsValue::UNDEFINED);
    if let Ok(yield_fn) = js_sys::Reflect::get(&scheduler, &JsValue::from_str("yield"))
        && let Some(yield_fn) = yield_fn.dyn_ref::<js_sys::Function>()
        && let Ok(promise) = yield_fn.call0(&scheduler)
        && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
    {
        let _ = JsFuture::from(promise).await;
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads `file` chunk by chunk (as the browser delivers it, 64 KB or so), calling `chunk` with
/// each; returns false if the browser could not read it.
pub async fn read_chunks(file: &web_sys::File, mut chunk: impl AsyncFnMut(&[u8])) -> bool {
    let stream = file.stream();
    let Ok(reader) = stream.get_reader().dyn_into::<web_sys::ReadableStreamDefaultReader>() else {
        return false;
    };
    loop {
        let Ok(result) = JsFuture::from(reader.read()).await else {
            return false;
        };
        let done =
            js_sys::Reflect::get(&result, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return true;
        }
        let Ok(value) = js_sys::Reflect::get(&result, &JsValue::from_str("value")) else {
            return false;
        };
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        chunk(&bytes).await;
    }
}

/// Offers `text` as a file download named `name` (a Blob URL: no network involved).
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
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

/// The SVG element with `id` as a standalone file: the browser serialises it (escaping every text
/// as XML), and the chart's styles are attributes, so it looks the same on its own.
pub fn svg_text(id: &str) -> Option<String> {
    let element = web_sys::window()?.document()?.get_element_by_id(id)?;
    let serializer = web_sys::XmlSerializer::new().ok()?;
    let text = serializer.serialize_to_string(&element).ok()?;
    Some(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}\n"))
}

/// Opens the browser's print dialogue.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
