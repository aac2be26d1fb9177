//! `partnerscope-core`: the pure scoring core of Partnerscope.
//!
//! Everything a respondent or a facilitator sees is computed here, from values passed in:
//! no browser, no clock, no randomness, no I/O. The same code runs natively (tests, benchmarks)
//! and in the browser as WebAssembly.
//!
//! The pieces, in the order data flows through them:
//!
//! - [`instrument`]: the questionnaire definition (JSON), validated into an [`Instrument`] that
//!   reports every problem at once with its path. Only a validated instrument can be scored.
//! - [`response`]: a [`Response`] (JSON, what is stored and exchanged) checked against its
//!   instrument into a [`Sheet`] (positions instead of ids).
//! - [`flow`]: the respondent's path through the survey as a state machine.
//! - [`score`]: the scores of one response.
//! - [`code`]: a response as a short checksummed text; [`csv`]: many responses as a table.
//! - [`aggregate`]: the group report over many responses, where anonymity is enforced.
//! - [`stats`]: means, confidence intervals and Cronbach's alpha.
//! - [`builtin`]: the instruments that ship with the product.
//! - [`json`]: the small JSON reader instruments and drafts are read with; [`json_write`]: the
//!   one writer of the JSON the product builds by hand.
//! - [`outbox`]: delivery of completed responses as a sans-IO state machine; [`session`]: what
//!   the survey keeps on the device and when it lets go; [`locale`]: the decimal separator.
//!
//! # Example
//!
//! ```
//! use partnerscope_core::{builtin, flow::{Action, Flow}, response::Answer, score};
//!
//! let instrument = builtin::demo();
//! let mut flow = Flow::new(&instrument, "r-1", "en");
//! for item in 0..instrument.item_count() {
//!     // "Agree" everywhere, except "disagree" with the reverse-worded item: a 4 on every item after coding.
//!     let value = if instrument.item(item).reverse { 2 } else { 4 };
//!     flow = flow.apply(&instrument, Action::Answer { item, answer: Some(Answer::Value(value)) }).unwrap();
//! }
//! let scores = score::score(&instrument, flow.sheet());
//! assert_eq!(scores.overall.unwrap().score, 4.0);
//! ```

// Unit tests run in headless Chromium when built for wasm (`cargo xtask test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod aggregate;
pub mod builtin;
pub mod code;
pub mod comments;
pub mod csv;
pub mod diag;
#[doc(hidden)]
pub mod fast;
pub mod flow;
pub mod import;
pub mod insight;
pub mod instrument;
pub mod json;
pub mod json_write;
pub mod locale;
pub mod map;
pub mod order;
pub mod outbox;
#[doc(hidden)]
pub mod pack;
pub mod plan;
pub mod response;
pub mod score;
pub mod session;
pub mod stats;
#[doc(hidden)]
pub mod synth;
pub mod text;

pub use diag::{Diagnostic, Problem};

pub use instrument::{Instrument, InstrumentDoc};
pub use response::{Answer, Response, Sheet};
pub use text::Text;
