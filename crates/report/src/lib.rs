//! `partnerscope-report`: the facilitator's report as a Yew app over `partnerscope-core`.
//!
//! A facilitator loads many anonymous responses (files of every format the product writes, and
//! pasted response codes); the core sorts, checks and aggregates them, withholding whatever
//! describes fewer than k respondents; this crate shows the group picture, the questions for the
//! partnership meeting, the change since an earlier round, and the action plan, and exports them.
//!
//! It ships as one offline file, `dist/partnerscope-report.html` (and `report.html` in the hosted
//! build), separate from the respondent's file so neither carries the other's code. Nothing is
//! sent anywhere: the file's own policy forbids every request.
//!
//! Reading streams: each file comes from disk a chunk at a time (the next asked for while the
//! current one is parsed), fed to the core in slices between pauses (`platform::pause`), so a
//! 48 MB file never blocks the page for long and a 500 MB one is never in memory whole; the
//! responses are kept as one-byte answer codes, never as a second copy of the file. A labelled
//! progress bar shows how far it is, and a polite live region says each file, each quarter and
//! the end.

use wasm_bindgen::prelude::*;

pub mod app;
pub mod charts;
pub mod comments_view;
pub mod derive;
pub mod i18n;
pub mod meeting;
pub mod plan_view;
pub mod platform;
pub mod sections;
pub mod state;

// Minified by build.rs from www/report.css.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/report.css"));

/// Mounts the report on `#partnerscope-report`. Called by the file's loader once the wasm is ready.
#[wasm_bindgen]
pub fn start() {
    partnerscope_web::mount_page::<app::App>("partnerscope-report", CSS);
}
