//! Where this widget keeps things on the device. The browser calls themselves (storage as
//! values, random ids with a refusal, today's date, downloads, the clipboard) are
//! `partnerscope-web`'s, shared with the report; the outbox's keys are the core's
//! (`partnerscope_core::outbox::KEY_PREFIX`).

/// Storage keys are namespaced: every page opened from `file://` shares one localStorage.
pub const KEY_PREFIX: &str = "partnerscope:v1:";

/// The storage key of the draft of the widget in `slot` (see [`crate::Options::slot`]) for
/// `instrument`: `partnerscope:v1:<instrument>:draft` for the first, `…:<instrument>~2:draft`
/// for a second widget with the same questionnaire on one page.
pub fn draft_key(instrument: &str, slot: usize) -> String {
    if slot <= 1 { format!("{KEY_PREFIX}{instrument}:draft") } else { format!("{KEY_PREFIX}{instrument}~{slot}:draft") }
}
