//! The instruments that ship with Partnerscope, compiled in from `crates/core/instruments/`
//! (white space stripped and each language's texts gathered in a table by `build.rs`; see
//! [`crate::pack`]).
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

/// One built-in questionnaire as stored: its skeleton and where its texts start in each
/// language's table (see [`crate::pack`], which also says why).
#[cfg(any(feature = "builtin-text", feature = "builtin-lean"))]
struct Packed {
    id: &'static str,
    skeleton: &'static str,
    starts: [usize; 5],
}

#[cfg(any(feature = "builtin-text", feature = "builtin-lean"))]
impl Packed {
    fn json(&self, texts: &'static [&'static [u8]; 5]) -> String {
        crate::pack::join(self.skeleton, std::array::from_fn(|l| texts[l].get(self.starts[l]..).unwrap_or_default()))
    }
}

// `FULL` and `FULL_TEXTS`: every built-in questionnaire's full text (the offline single file
// carries it). `static`s, not `const`s: a const is copied into every crate that uses it, and
// the wasm then carried the instrument text twice.
#[cfg(feature = "builtin-text")]
include!(concat!(env!("OUT_DIR"), "/full.rs"));

// `LEAN` and `LEAN_TEXTS`: the same questionnaires for a reader that never shows what only a
// respondent reads: the facilitator's report (see `build.rs`). Its own feature, adding to the
// API rather than changing it, so that a workspace build that unifies features changes nothing
// for anyone else.
#[cfg(feature = "builtin-lean")]
include!(concat!(env!("OUT_DIR"), "/lean.rs"));

/// Every built-in instrument's JSON text, minified, in the order of [`IDS`].
#[cfg(feature = "builtin-text")]
pub fn sources() -> impl Iterator<Item = (&'static str, String)> {
    IDS.iter().filter_map(|id| source(id).map(|json| (*id, json)))
}

/// Every built-in instrument, validated, without what only a respondent reads (see `build.rs`).
#[cfg(feature = "builtin-lean")]
pub fn all_lean() -> Vec<Instrument> {
    IDS.iter().filter_map(|id| LEAN.iter().find(|p| p.id == *id)).map(|p| load(&p.json(&LEAN_TEXTS))).collect()
}

/// Whether `id` names a built-in instrument.
pub fn is_builtin(id: &str) -> bool {
    IDS.contains(&id)
}

/// The built-in instrument's JSON text (minified) with this id.
#[cfg(feature = "builtin-text")]
pub fn source(id: &str) -> Option<String> {
    FULL.iter().find(|p| p.id == id).map(|p| p.json(&FULL_TEXTS))
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
    source(id).map(|json| load(&json))
}

/// Parses and validates every built-in instrument.
///
/// # Panics
/// Never for a shipped build: every source is validated by the test suite.
#[cfg(feature = "builtin-text")]
pub fn all() -> Vec<Instrument> {
    sources().map(|(_, json)| load(&json)).collect()
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
        let ids: Vec<&str> = super::sources().map(|(id, _)| id).collect();
        assert_eq!(ids, super::IDS);
        assert_eq!(super::FULL.len(), super::IDS.len());
        for (id, json) in super::sources() {
            match crate::Instrument::from_json(&json) {
                Ok(instrument) => assert_eq!(instrument.id(), id),
                Err(problems) => panic!("{id} is invalid: {problems:#?}"),
            }
        }
    }
}
