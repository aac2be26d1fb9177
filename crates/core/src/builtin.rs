//! The instruments that ship with Partnerscope, compiled in from `crates/core/instruments/`
//! (white space stripped by `build.rs`).
//!
//! Their ids and titles are always here. Their full text (about 123 KB) is here with the
//! `builtin-text` feature (on by default): the offline single file carries it; the hosted embed
//! does not, and fetches the one questionnaire a page asks for instead.

#[cfg(any(feature = "builtin-text", feature = "builtin-lean"))]
use crate::instrument::Instrument;

/// Every built-in instrument's id, in the order they are offered. The demonstration instrument
/// comes last and is not offered in the picker ([`offered`]); a page asks for it by id.
pub static IDS: &[&str] =
    &["fit-for-partnering", "health-check", "peer-learning", "capabilities", "environment", "demo"];

/// Every title, `{"<id>": {"en": …, "fr": …}, …}`, extracted from the files by `build.rs`.
static TITLES: &str = include_str!(concat!(env!("OUT_DIR"), "/titles.json"));

/// One built-in instrument's JSON source.
#[cfg(feature = "builtin-text")]
pub struct Source {
    pub id: &'static str,
    pub json: &'static str,
}

/// Every built-in instrument's text, in the order of [`IDS`].
/// A `static`, not a `const`: a const is copied into every crate that uses it, and the wasm then
/// carried the 130 KB of instrument text twice.
#[cfg(feature = "builtin-text")]
pub static SOURCES: &[Source] = &[
    Source { id: "fit-for-partnering", json: include_str!(concat!(env!("OUT_DIR"), "/fit-for-partnering.json")) },
    Source { id: "health-check", json: include_str!(concat!(env!("OUT_DIR"), "/health-check.json")) },
    Source { id: "peer-learning", json: include_str!(concat!(env!("OUT_DIR"), "/peer-learning.json")) },
    Source { id: "capabilities", json: include_str!(concat!(env!("OUT_DIR"), "/capabilities.json")) },
    Source { id: "environment", json: include_str!(concat!(env!("OUT_DIR"), "/environment.json")) },
    Source { id: "demo", json: include_str!(concat!(env!("OUT_DIR"), "/demo.json")) },
];

/// The same instruments without their statements' wording (each item's text is a placeholder,
/// see `build.rs`), for a reader that never shows it: the facilitator's report. About 40 KB
/// less than [`SOURCES`]. Its own feature, adding to the API rather than changing it, so that a
/// workspace build that unifies features changes nothing for anyone else.
#[cfg(feature = "builtin-lean")]
pub static LEAN_SOURCES: &[&str] = &[
    include_str!(concat!(env!("OUT_DIR"), "/fit-for-partnering.lean.json")),
    include_str!(concat!(env!("OUT_DIR"), "/health-check.lean.json")),
    include_str!(concat!(env!("OUT_DIR"), "/peer-learning.lean.json")),
    include_str!(concat!(env!("OUT_DIR"), "/capabilities.lean.json")),
    include_str!(concat!(env!("OUT_DIR"), "/environment.lean.json")),
    include_str!(concat!(env!("OUT_DIR"), "/demo.lean.json")),
];

/// Every built-in instrument, validated, without its statements' wording (see [`LEAN_SOURCES`]).
#[cfg(feature = "builtin-lean")]
pub fn all_lean() -> Vec<Instrument> {
    LEAN_SOURCES.iter().map(|json| load(json)).collect()
}

/// Whether `id` names a built-in instrument.
pub fn is_builtin(id: &str) -> bool {
    IDS.contains(&id)
}

/// The built-in source with this id.
#[cfg(feature = "builtin-text")]
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// Ids of the instruments a respondent may choose from, in order.
pub fn offered() -> impl Iterator<Item = &'static str> {
    IDS.iter().copied().filter(|id| *id != "demo")
}

/// The title of the built-in instrument `id`, without reading the instrument itself: the start
/// screen lists every title, and this keeps start-up quick.
pub fn title(id: &str) -> Option<crate::Text> {
    use crate::json::{FromJson, Reader, Value};
    let Ok(Value::Object(members)) = crate::json::parse(TITLES) else { return None };
    let (_, title) = members.iter().find(|(key, _)| key == id)?;
    let mut reader = Reader::default();
    let title = crate::Text::read(&mut reader, title, id);
    reader.finish(title).ok()
}

/// The built-in instrument with this id.
#[cfg(feature = "builtin-text")]
pub fn by_id(id: &str) -> Option<Instrument> {
    source(id).map(|s| load(s.json))
}

/// Parses and validates every built-in instrument.
///
/// # Panics
/// Never for a shipped build: every source is validated by the test suite.
#[cfg(feature = "builtin-text")]
pub fn all() -> Vec<Instrument> {
    SOURCES.iter().map(|s| load(s.json)).collect()
}

#[cfg(any(feature = "builtin-text", feature = "builtin-lean"))]
#[inline(never)]
fn load(json: &str) -> Instrument {
    match Instrument::from_json(json) {
        Ok(instrument) => instrument,
        // Display, not Debug: Debug formatting of strings adds escaping code to the wasm.
        Err(problems) => panic!("a built-in instrument is invalid: {}", problems[0]),
    }
}

/// The small demonstration instrument.
#[cfg(feature = "builtin-text")]
pub fn demo() -> Instrument {
    by_id("demo").expect("the demo is built in")
}

#[cfg(all(test, feature = "builtin-text"))]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    #[test]
    fn titles_read_alone_match_the_full_instruments() {
        for id in super::IDS {
            assert_eq!(super::title(id), super::by_id(id).map(|i| i.doc().title.clone()), "{id}");
        }
    }

    #[test]
    fn every_builtin_validates_and_the_id_list_matches_the_sources() {
        let ids: Vec<&str> = super::SOURCES.iter().map(|s| s.id).collect();
        assert_eq!(ids, super::IDS);
        for source in super::SOURCES {
            match crate::Instrument::from_json(source.json) {
                Ok(instrument) => assert_eq!(instrument.id(), source.id),
                Err(problems) => panic!("{} is invalid: {problems:#?}", source.id),
            }
        }
    }
}
