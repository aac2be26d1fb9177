//! Presentational components: they take data and callbacks, render, and report; none owns shared state.

pub mod chart;
pub mod delivery;
pub mod pages;
pub mod question;
pub mod results;
