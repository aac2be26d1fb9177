//! Presentational components: they take data and callbacks, render, and report; none owns shared state.

pub mod chart;
#[cfg(feature = "embed")]
pub mod delivery;
pub mod language;
pub mod pages;
pub mod question;
pub mod results;
