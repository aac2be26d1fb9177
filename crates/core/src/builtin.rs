//! The instruments that ship with Partnerscope, compiled in from `crates/core/instruments/`
//! (white space stripped by `build.rs`).

use crate::instrument::Instrument;

/// One built-in instrument's JSON source.
pub struct Source {
    pub id: &'static str,
    pub json: &'static str,
}

/// Every built-in instrument, in the order they are offered.
/// A `static`, not a `const`: a const is copied into every crate that uses it, and the wasm then
/// carried the 130 KB of instrument text twice.
/// The demonstration instrument comes last and is not offered in the picker ([`offered`]); a page
/// asks for it by id.
pub static SOURCES: &[Source] = &[
    Source { id: "fit-for-partnering", json: include_str!(concat!(env!("OUT_DIR"), "/fit-for-partnering.json")) },
    Source { id: "health-check", json: include_str!(concat!(env!("OUT_DIR"), "/health-check.json")) },
    Source { id: "peer-learning", json: include_str!(concat!(env!("OUT_DIR"), "/peer-learning.json")) },
    Source { id: "capabilities", json: include_str!(concat!(env!("OUT_DIR"), "/capabilities.json")) },
    Source { id: "environment", json: include_str!(concat!(env!("OUT_DIR"), "/environment.json")) },
    Source { id: "demo", json: include_str!(concat!(env!("OUT_DIR"), "/demo.json")) },
];

/// The built-in source with this id.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// Ids of the instruments a respondent may choose from, in order.
pub fn offered() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|s| s.id).filter(|id| *id != "demo")
}

/// The title of the built-in instrument `id`, read without validating the instrument or building
/// its schema: the start screen lists every title, and this keeps start-up quick.
pub fn title(id: &str) -> Option<crate::Text> {
    use crate::json::{FromJson, Reader, Value};
    let Ok(Value::Object(members)) = crate::json::parse(source(id)?.json) else { return None };
    let (_, title) = members.iter().find(|(key, _)| key == "title")?;
    let mut reader = Reader::default();
    let title = crate::Text::read(&mut reader, title, "title");
    reader.finish(title).ok()
}

/// The built-in instrument with this id.
pub fn by_id(id: &str) -> Option<Instrument> {
    source(id).map(|s| load(s.json))
}

/// Parses and validates every built-in instrument.
///
/// # Panics
/// Never for a shipped build: every source is validated by the test suite.
pub fn all() -> Vec<Instrument> {
    SOURCES.iter().map(|s| load(s.json)).collect()
}

#[inline(never)]
fn load(json: &str) -> Instrument {
    match Instrument::from_json(json) {
        Ok(instrument) => instrument,
        // Display, not Debug: Debug formatting of strings adds escaping code to the wasm.
        Err(problems) => panic!("a built-in instrument is invalid: {}", problems[0]),
    }
}

/// The small demonstration instrument.
pub fn demo() -> Instrument {
    // The demo is the last source (see `SOURCES`).
    load(SOURCES[SOURCES.len() - 1].json)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    #[test]
    fn titles_read_alone_match_the_full_instruments() {
        for id in super::offered() {
            assert_eq!(super::title(id), super::by_id(id).map(|i| i.doc().title.clone()), "{id}");
        }
    }

    #[test]
    fn every_builtin_validates() {
        for source in super::SOURCES {
            if let Err(problems) = crate::Instrument::from_json(source.json) {
                panic!("{} is invalid: {problems:#?}", source.id);
            }
        }
    }
}
