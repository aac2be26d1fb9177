//! `partnerscope-studio`: where a facilitator writes, translates and checks a questionnaire and
//! gets a survey file to send, as a Yew app over `partnerscope-core`. The product's third
//! reader, shipped like the other two as one offline file (`dist/partnerscope-studio.html`,
//! and `studio.html` in the hosted build) whose own policy forbids every request.
//!
//! Its rooms, like the report's: `model.rs` (the questionnaire as edited, numbers kept as
//! typed, and its JSON), `state.rs` (the pure reducer: edits, undo, redo), `checks.rs` (the
//! core's validation and the item-writing checklist), `translate.rs` (every text by key, the
//! translator's CSV), `xlsform.rs` (XLSForm workbooks in and out; what a file opened could not
//! give is a `notes.rs` note, worded in the interface language), `editor.rs`, `app.rs` and
//! `translations.rs` (render and report), `outputs.rs` (the survey file, the snippet, the
//! preview), `dom.rs` (focus and files, below every view).
//!
//! The survey file is made here, with no build tool: the studio's page carries the respondent's
//! single file as a template (see `outputs.rs`), and the preview shows that same file in a frame,
//! so what the author sees is the respondent's own code, not a look-alike.

use wasm_bindgen::prelude::*;

pub mod app;
pub mod checks;
pub mod dom;
pub mod editor;
pub mod i18n;
pub mod model;
pub mod notes;
pub mod outputs;
pub mod place;
pub mod problems;
pub mod state;
pub mod translate;
pub mod translations;
pub mod xlsform;

// Minified by build.rs from www/studio.css.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/studio.css"));

/// Mounts the studio on `#partnerscope-studio`. Called by the file's loader once the wasm is ready.
#[wasm_bindgen]
pub fn start() {
    partnerscope_web::mount_page::<app::App>("partnerscope-studio", CSS);
}
