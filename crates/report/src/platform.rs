//! What the report needs from the browser. The calls themselves (storage as values, the clock,
//! pauses, reading files in chunks, downloads, printing) are `partnerscope-web`'s, shared with
//! the survey; what stays here is the report's own: its storage namespace and a chart as a
//! standalone SVG file.

use partnerscope_web::storage;
pub use partnerscope_web::{download, languages, mark, now_ms as now, pause, print, read_chunks};

/// Storage keys, namespaced like the survey's (every file opened from disk shares one store).
pub const KEY_PREFIX: &str = "partnerscope:v1:report:";

/// The text stored under `key` (after the prefix), if any.
pub fn load(key: &str) -> Option<String> {
    storage::load(&format!("{KEY_PREFIX}{key}")).ok().flatten()
}

/// Stores `text` under `key`; false when the browser refused.
pub fn save(key: &str, text: &str) -> bool {
    storage::save(&format!("{KEY_PREFIX}{key}"), text).is_ok()
}

/// The SVG element with `id` as a standalone file: the browser serialises it (escaping every text
/// as XML), and the chart's styles are attributes, so it looks the same on its own.
pub fn svg_text(id: &str) -> Option<String> {
    let element = web_sys::window()?.document()?.get_element_by_id(id)?;
    let serializer = web_sys::XmlSerializer::new().ok()?;
    let text = serializer.serialize_to_string(&element).ok()?;
    Some(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}\n"))
}
