//! `partnerscope-web`: the few things Partnerscope's browser apps (the survey, the report, the
//! studio to come) need from the browser and would otherwise each write by hand: storage,
//! random ids, today's date, downloads, the clipboard, printing, reading a file in chunks, and
//! a pause that lets the page breathe.
//!
//! Every call returns a value, never a JavaScript exception: a browser that refuses storage (a
//! sandboxed frame, blocked cookies, a full store), a page that broke `crypto`, or a download
//! the browser will not start is a case the apps carry on through with a plain message.
//!
//! *Architecture invariant*: the pure core never calls anything here; the apps read the clock,
//! the random source and storage through this crate and pass plain values into the core.
//!
//! Why not `gloo-storage`: its `LocalStorage::raw()` throws when storage is refused, which
//! would unwind through the wasm without running destructors, and its typed `get`/`set` go
//! through serde_json, which the apps otherwise do without.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub mod overlay;
pub mod storage;

/// Every app's allocator in the browser: talc, made for single-threaded wasm, in place of the
/// standard library's dlmalloc. Measured on the embed's wasm (2026-12-03, `wasm-opt -Oz`):
/// 510,263 -> 503,435 bytes, 169,525 -> 167,677 LZMA'd (docs/benchmarks.md). Native builds
/// (tests, the collector's use of the core) keep the system's.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The browser's cryptographic generator would not give usable random numbers: it is missing,
/// threw, or left the bytes unfilled or fixed (a page that replaced `crypto.getRandomValues`).
/// Anonymous responses are told apart by random ids only, so an app refuses to start a
/// response without them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomBroken;

/// Fills `bytes` from `crypto.getRandomValues`; false if the call is missing or fails.
fn fill_random(bytes: &mut [u8]) -> bool {
    web_sys::window().and_then(|w| w.crypto().ok()).is_some_and(|c| c.get_random_values_with_u8_array(bytes).is_ok())
}

/// A random response id (128 bits from the browser's cryptographic generator, hex), or a
/// refusal when the generator is not working (see `partnerscope_core::session::response_id`).
/// There is no fallback to `Math.random`: an id from it could repeat across devices.
pub fn response_id() -> Result<String, RandomBroken> {
    let mut bytes = [0u8; 32];
    if !fill_random(&mut bytes) {
        return Err(RandomBroken);
    }
    partnerscope_core::session::response_id(&bytes).ok_or(RandomBroken)
}

/// A random number for jitter (uniform over `u32`); 0 when the generator fails (jitter is then
/// only lost, nothing else).
pub fn random_u32() -> u32 {
    let mut bytes = [0u8; 4];
    if fill_random(&mut bytes) { u32::from_le_bytes(bytes) } else { 0 }
}

/// Milliseconds since the page started (monotonic), for timers and slicing work.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Today's local date as `YYYY-MM-DD`; the time is never recorded.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Whether the browser believes it is online. A `true` is not a promise of a connection.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The reader's languages from the browser, best first (`navigator.languages`, else
/// `navigator.language`): for `partnerscope_core::locale::negotiate` when nothing else chose.
pub fn languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut tags: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}

/// `url` resolved against the page's base URL, or `None` when it is not a URL.
pub fn absolute_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(url, &base).ok().map(|u| u.href())
}

/// A warning in the browser's console, for whoever investigates; never shown to the user (on
/// standard error when the code runs natively, in tests).
pub fn warn(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{message}");
    }
}

/// Offers `text` as a file download named `name`, through a Blob URL (no network involved);
/// false when the browser would not.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    offer(name, mime, &JsValue::from_str(text))
}

/// Offers `bytes` as a file download named `name` (a workbook, say), as [`download`] does text.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> bool {
    offer(name, mime, &js_sys::Uint8Array::from(bytes))
}

/// The download of one Blob part, a string or bytes: `new Blob([part])` takes either (the
/// binding's name says "str", the JavaScript call is the same).
fn offer(name: &str, mime: &str, part: &JsValue) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(part);
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

/// The files of a file input's or a drop's `FileList`, in order (none when there is no list).
pub fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// Copies `text` to the clipboard; calls `done` with whether it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(JsFuture::from(promise).await.is_ok());
    });
}

/// Opens the browser's print dialogue.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
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
///
/// The next chunk is asked for before `chunk` works on the current one, so the browser reads
/// from disk while the page parses. One chunk is held at a time, in one buffer reused from chunk
/// to chunk: the file is never in memory whole.
pub async fn read_chunks(file: &web_sys::File, mut chunk: impl AsyncFnMut(&[u8])) -> bool {
    let stream = file.stream();
    let Ok(reader) = stream.get_reader().dyn_into::<web_sys::ReadableStreamDefaultReader>() else {
        return false;
    };
    let (done_key, value_key) = (JsValue::from_str("done"), JsValue::from_str("value"));
    let mut buffer = Vec::new();
    let mut next = JsFuture::from(reader.read());
    loop {
        let Ok(result) = next.await else {
            return false;
        };
        let done = js_sys::Reflect::get(&result, &done_key).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return true;
        }
        let Ok(value) = js_sys::Reflect::get(&result, &value_key) else {
            return false;
        };
        next = JsFuture::from(reader.read());
        // The chunk is a `Uint8Array` already: `Uint8Array::new` would copy it first (44 ms of
        // the import of 48 MB, and as much again for the garbage collector).
        let Ok(bytes) = value.dyn_into::<js_sys::Uint8Array>() else {
            return false;
        };
        buffer.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut buffer);
        chunk(&buffer).await;
    }
}

/// Sets a performance mark `name` (`performance.mark`), with `detail` as the mark's detail when
/// given: what the benchmarks read to time a phase. Nothing happens where marks are missing.
pub fn mark(name: &str, detail: &[(&str, f64)]) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let Ok(mark) = js_sys::Reflect::get(&performance, &JsValue::from_str("mark")) else {
        return;
    };
    let Some(mark) = mark.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let values = js_sys::Object::new();
    for (key, value) in detail {
        let _ = js_sys::Reflect::set(&values, &JsValue::from_str(key), &JsValue::from_f64(*value));
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("detail"), &values);
    let _ = mark.call2(&performance, &JsValue::from_str(name), &options);
}

/// Mounts the page-wide app `C` (the report, the studio) on the element `root_id`, with `css`
/// adopted by the document: called by the file's loader once the wasm is ready. The element's
/// fallback text (what the page says while the wasm loads) is cleared first.
pub fn mount_page<C>(root_id: &str, css: &str)
where
    C: yew::BaseComponent<Properties = ()>,
{
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(sheet) = web_sys::CssStyleSheet::new()
        && sheet.replace_sync(css).is_ok()
    {
        let sheets = document.adopted_style_sheets();
        sheets.push(&sheet);
        document.set_adopted_style_sheets(&sheets);
    }
    if let Some(element) = document.get_element_by_id(root_id) {
        element.set_inner_html("");
        yew::Renderer::<C>::with_root(element).render();
    }
}
