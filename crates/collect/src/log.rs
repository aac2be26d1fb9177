//! The log: one line per event on standard error, with the collector's own words only. Nothing
//! about a client is ever passed here (no address, user agent, cookie or time of a request).

/// Writes one line.
pub fn line(text: &str) {
    eprintln!("partnerscope-collect: {text}");
}
