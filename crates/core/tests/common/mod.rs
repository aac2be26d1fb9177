//! Shared test instruments and helpers (included with `mod common;`).
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::{Instrument, Response};

pub const MEAN40: &str = include_str!("../fixtures/mean40.json");
pub const SUM35: &str = include_str!("../fixtures/sum35.json");

/// A health-check-like instrument: Power, Trust, Impact under a balance rule, two groups, one
/// context question, k = 3, recommendations by band and by context.
pub const HEALTH: &str = r#"{
  "schema": 1, "id": "health", "version": "2", "locales": ["en", "fr"],
  "title": {"en": "Health", "fr": "Santé"},
  "groups": [
    {"id": "staff", "label": {"en": "Staff", "fr": "Personnel"}},
    {"id": "partner", "label": {"en": "Partner", "fr": "Partenaire"}}
  ],
  "context": [{"id": "structure", "label": {"en": "Structure", "fr": "Structure"}, "options": [
    {"id": "project", "label": {"en": "Project", "fr": "Projet"}},
    {"id": "venture", "label": {"en": "Joint venture", "fr": "Coentreprise"}}
  ]}],
  "anonymity_k": 3,
  "gap_threshold": 0.5,
  "scoring": {"mode": "mean", "bands": [
    {"id": "concern", "from": 1, "label": {"en": "Concern", "fr": "Alerte"}, "tone": "concern"},
    {"id": "borderline", "from": 3, "label": {"en": "Borderline", "fr": "Limite"}, "tone": "borderline"},
    {"id": "strength", "from": 4, "label": {"en": "Strength", "fr": "Atout"}, "tone": "strength"}
  ]},
  "balance": {"dimensions": ["power", "trust", "impact"], "penalty": 1.0, "tolerance": 1.0},
  "dimensions": [
    {"id": "power", "title": {"en": "Power", "fr": "Pouvoir"}, "items": [
      {"id": "p1", "text": {"en": "p1", "fr": "p1"}},
      {"id": "p2", "text": {"en": "p2", "fr": "p2"}, "reverse": true},
      {"id": "p3", "text": {"en": "p3", "fr": "p3"}, "group_text": {"partner": {"en": "p3 (partner)", "fr": "p3 (partenaire)"}}}
    ], "recommendations": [
      {"bands": ["concern"], "text": {"en": "power-low", "fr": "pouvoir-bas"}}
    ]},
    {"id": "trust", "title": {"en": "Trust", "fr": "Confiance"}, "items": [
      {"id": "t1", "text": {"en": "t1", "fr": "t1"}},
      {"id": "t2", "text": {"en": "t2", "fr": "t2"}}
    ], "recommendations": [
      {"bands": ["concern", "borderline"], "text": {"en": "trust-low", "fr": "confiance-basse"}},
      {"bands": ["concern"], "when": {"question": "structure", "options": ["venture"]}, "text": {"en": "trust-low-broker", "fr": "courtier"}}
    ]},
    {"id": "impact", "title": {"en": "Impact", "fr": "Impact"}, "weight": 2, "items": [
      {"id": "i1", "text": {"en": "i1", "fr": "i1"}},
      {"id": "i2", "text": {"en": "i2", "fr": "i2"}},
      {"id": "note", "text": {"en": "Anything else?", "fr": "Autre chose ?"}, "kind": "comment"}
    ]}
  ]
}"#;

/// A stage-mode instrument with three stages over three dimensions.
pub const STAGED: &str = r#"{
  "schema": 1, "id": "staged", "version": "1", "locales": ["en"], "title": {"en": "Stages"},
  "scoring": {"mode": "stage",
    "bands": [{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"}, {"id": "ok", "from": 3.5, "label": {"en": "OK"}, "tone": "strength"}],
    "stages": [
      {"id": "engage", "title": {"en": "Engage"}, "dimensions": ["a"], "threshold": 3.5},
      {"id": "sustain", "title": {"en": "Sustain"}, "dimensions": ["b"], "threshold": 3.5},
      {"id": "scale", "title": {"en": "Scale"}, "dimensions": ["c"], "threshold": 4.0}
    ]},
  "dimensions": [
    {"id": "a", "title": {"en": "A"}, "items": [{"id": "a1", "text": {"en": "a1"}}, {"id": "a2", "text": {"en": "a2"}}]},
    {"id": "b", "title": {"en": "B"}, "items": [{"id": "b1", "text": {"en": "b1"}}, {"id": "b2", "text": {"en": "b2"}}]},
    {"id": "c", "title": {"en": "C"}, "items": [{"id": "c1", "text": {"en": "c1"}}, {"id": "c2", "text": {"en": "c2"}}]}
  ]
}"#;

pub fn load(json: &str) -> Instrument {
    Instrument::from_json(json).unwrap_or_else(|e| panic!("fixture invalid: {e:#?}"))
}

/// A sheet with the given answers by item id (`0` = not applicable), in group `group`.
pub fn sheet(instrument: &Instrument, id: &str, group: Option<usize>, answers: &[(&str, i32)]) -> Sheet {
    let mut s = Sheet::empty(instrument, id, "en");
    s.set_group(instrument, group).unwrap();
    for (item, v) in answers {
        let idx = instrument.item_idx(item).unwrap_or_else(|| panic!("no item {item}"));
        s.set_answer(instrument, idx, Some(if *v == 0 { Answer::NotApplicable } else { Answer::Value(*v) })).unwrap();
    }
    s
}

/// A sheet answering every scored item with `value`.
pub fn uniform(instrument: &Instrument, id: &str, group: Option<usize>, value: i32) -> Sheet {
    let mut s = Sheet::empty(instrument, id, "en");
    s.set_group(instrument, group).unwrap();
    for i in 0..instrument.item_count() {
        if instrument.item(i).kind == partnerscope_core::instrument::ItemKind::Scale {
            s.set_answer(instrument, i, Some(Answer::Value(value))).unwrap();
        }
    }
    s
}

pub fn response_json(instrument: &str, version: &str, id: &str, answers: &str) -> String {
    format!(
        r#"{{"schema":1,"id":"{id}","instrument":"{instrument}","version":"{version}","lang":"en","answers":{answers}}}"#
    )
}

pub fn to_response(instrument: &Instrument, sheet: &Sheet) -> Response {
    sheet.to_response(instrument)
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
