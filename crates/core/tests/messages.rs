//! Every input path agrees, and every message is in plain words (issue 12, item 6): each
//! reproducer of the issue is a test here, and a fuzz-style property test throws damaged
//! instrument documents at validation (in a debug build, so an overflow would panic).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use partnerscope_core::aggregate::Dataset;
use partnerscope_core::import::Import;
use partnerscope_core::{Instrument, Response, code};
use proptest::prelude::*;

/// A valid demo response as JSON, with its answers object replaced by `answers`.
fn with_answers(answers: &str) -> String {
    let inst = partnerscope_core::builtin::demo();
    let json = partnerscope_core::synth::json_lines(&inst, 1, 3);
    let json = json.trim();
    let start = json.find("\"answers\":{").unwrap() + "\"answers\":".len();
    let end = start + json[start..].find('}').unwrap() + 1;
    format!("{}{answers}{}", &json[..start], &json[end..])
}

#[test]
fn a_duplicated_answer_key_is_refused_by_every_reader() {
    let inst = partnerscope_core::builtin::demo();
    let text = with_answers(r#"{"purpose-1":5,"purpose-1":1}"#);
    let one = Response::from_json(&text).unwrap_err();
    assert!(one.message.contains("\"purpose-1\" is given twice"), "{one}");
    let mut lines = Dataset::new();
    lines.add_json_lines(&inst, &text);
    assert_eq!(lines.len(), 0);
    assert_eq!(lines.rejected.len(), 1, "{:?}", lines.rejected);
    let mut import = Import::new(vec![inst]);
    import.begin("one.json");
    import.feed(text.as_bytes());
    import.finish();
    assert_eq!(import.responses(), 0);
    assert_eq!(import.rejected_total, 1);
}

#[test]
fn a_byte_order_mark_is_accepted_by_every_reader() {
    let inst = partnerscope_core::builtin::demo();
    let lines = format!("\u{feff}{}", partnerscope_core::synth::json_lines(&inst, 3, 5));
    let mut data = Dataset::new();
    data.add_json_lines(&inst, &lines);
    assert_eq!(data.len(), 3, "{:?}", data.rejected);
    let mut import = Import::new(vec![inst.clone()]);
    import.begin("bom.jsonl");
    import.feed(lines.as_bytes());
    import.finish();
    assert_eq!(import.responses(), 3, "{:?}", import.rejected);
    let first = lines.lines().next().unwrap();
    assert!(Response::from_json(first).is_ok());
    assert!(Instrument::from_json(&format!("\u{feff}{HEALTH}")).is_ok());
}

fn problems(json: &str) -> Vec<String> {
    Instrument::from_json(json).map(|_| Vec::new()).unwrap_or_else(|d| d.iter().map(ToString::to_string).collect())
}

#[test]
fn the_anonymity_threshold_names_its_real_range_and_the_value_as_written() {
    for (written, shown) in [("-1", "-1"), ("3.5", "3.5"), ("2", "2"), ("5000", "5000"), ("1e20", "1e20")] {
        let json = HEALTH.replace("\"anonymity_k\": 3", &format!("\"anonymity_k\": {written}"));
        let found = problems(&json);
        assert_eq!(
            found,
            [format!("anonymity_k: the anonymity threshold must be a whole number from 3 to 1000; it is {shown}")],
            "{written}"
        );
    }
}

#[test]
fn numbers_in_messages_are_printed_as_written() {
    let json = HEALTH.replace("{\"id\": \"p1\", \"text\"", "{\"id\": \"p1\", \"weight\": 1.8e16, \"text\"");
    let found = problems(&json).join("\n");
    assert!(found.contains("1.8e16"), "{found}");
    assert!(!found.contains("1844674407370955"), "{found}");
}

#[test]
fn weights_of_a_tenth_and_two_tenths_make_a_total_that_starts_at_three_tenths() {
    let json = r#"{"schema": 1, "id": "tenths", "version": "1", "locales": ["en"], "title": {"en": "Tenths"},
        "scoring": {"mode": "sum",
            "bands": [{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"}],
            "total_bands": [{"id": "all", "from": 0.3, "label": {"en": "All"}, "tone": "borderline"}]},
        "dimensions": [{"id": "a", "title": {"en": "A"}, "items": [
            {"id": "a1", "text": {"en": "a1"}, "weight": 0.1}, {"id": "a2", "text": {"en": "a2"}, "weight": 0.2}]}]}"#;
    assert_eq!(problems(json), Vec::<String>::new());
    let wrong = json.replace("\"from\": 0.3", "\"from\": 0.4");
    let found = problems(&wrong).join("\n");
    assert!(found.contains("must start at the lowest possible score, 0.3"), "{found}");
}

#[test]
fn a_truncated_code_is_called_incomplete() {
    let inst = partnerscope_core::builtin::demo();
    let sheet = partnerscope_core::synth::sheets(&inst, 1, 9).remove(0);
    let full = code::encode(&inst, &sheet);
    // Cut anywhere: the code says it may be incomplete, and never that it holds characters
    // that cannot be in a code. (A cut that leaves whole bytes is told from a typo only by the
    // checksum, so that message names both.)
    for cut in 1..full.len() - code::PREFIX.len() {
        let message = code::decode(&inst, &full[..full.len() - cut]).unwrap_err().message;
        assert!(message.contains("incomplete") || message.contains("too short"), "{cut}: {message}");
        assert!(!message.contains("cannot be in a response code"), "{cut}: {message}");
    }
}

#[test]
fn a_scale_at_the_edge_of_i32_is_refused_without_overflow() {
    for (min, max) in [(-1, i32::MAX), (i32::MIN, 1), (i32::MIN, i32::MAX), (i32::MAX - 1, i32::MAX)] {
        let json = HEALTH.replace(
            "\"anonymity_k\": 3,",
            &format!("\"anonymity_k\": 3, \"scale\": {{\"min\": {min}, \"max\": {max}}},"),
        );
        let found = problems(&json).join("\n");
        assert!(found.contains("the scale must run upwards over 2 to 11 points"), "{found}");
    }
}

/// Numbers that break arithmetic written naively.
fn extreme() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2147483647".to_owned()),
        Just("-2147483648".to_owned()),
        Just("4294967296".to_owned()),
        Just("1e308".to_owned()),
        Just("-1e308".to_owned()),
        Just("1e-300".to_owned()),
        Just("0".to_owned()),
        Just("-0.0".to_owned()),
        Just("0.1".to_owned()),
        (-20i64..120).prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|x| format!("{x}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Any number in any numeric place of a valid document: validation answers, never panics
    /// (this runs in the debug build, where overflow panics), and says it in plain words.
    #[test]
    fn validation_never_panics_and_speaks_plainly(
        min in extreme(), max in extreme(), weight in extreme(), dim_weight in extreme(),
        k in extreme(), share in extreme(), gap in extreme(), band in extreme(), penalty in extreme(),
    ) {
        let json = HEALTH
            .replace("\"anonymity_k\": 3,", &format!("\"anonymity_k\": {k}, \"min_answered_share\": {share}, \"scale\": {{\"min\": {min}, \"max\": {max}}},"))
            .replace("\"gap_threshold\": 0.5", &format!("\"gap_threshold\": {gap}"))
            .replace("{\"id\": \"p1\", \"text\"", &format!("{{\"id\": \"p1\", \"weight\": {weight}, \"text\""))
            .replace("\"weight\": 2", &format!("\"weight\": {dim_weight}"))
            .replace("{\"id\": \"borderline\", \"from\": 3", &format!("{{\"id\": \"borderline\", \"from\": {band}"))
            .replace("\"penalty\": 1.0", &format!("\"penalty\": {penalty}"));
        if let Err(problems) = Instrument::from_json(&json) {
            for p in &problems {
                let text = p.to_string();
                prop_assert!(!text.contains("u32") && !text.contains("i32") && !text.contains("struct"), "{}", text);
                prop_assert!(!text.contains("18446744073709"), "{}", text);
                prop_assert!(!text.contains("NaN") && !text.contains("inf"), "{}", text);
                // A facilitator reads these in the studio: "language", never "locale" (the
                // field's own name, "locales", quoted, is the only exception).
                prop_assert!(!p.message.replace("\"locales\"", "").contains("locale"), "{}", text);
            }
        }
    }
}

#[test]
fn the_comment_threshold_is_a_setting_never_below_the_anonymity_threshold() {
    use partnerscope_core::insight::comment_threshold;
    let with = |settings: &str| HEALTH.replace("\"anonymity_k\": 3", settings);
    // Default: 10, or k when k is larger.
    assert_eq!(comment_threshold(&Instrument::from_json(HEALTH).unwrap()), 10);
    assert_eq!(comment_threshold(&Instrument::from_json(&with("\"anonymity_k\": 12")).unwrap()), 12);
    // Set: used as written when at least k.
    let c15 = with("\"anonymity_k\": 3, \"comment_k\": 15");
    assert_eq!(comment_threshold(&Instrument::from_json(&c15).unwrap()), 15);
    // Below k, or beyond 1000: refused with its path and the range in words.
    for bad in ["\"anonymity_k\": 8, \"comment_k\": 6", "\"anonymity_k\": 3, \"comment_k\": 1001"] {
        let found = problems(&with(bad)).join("\n");
        assert!(found.contains("comment_k") && found.contains("comment threshold"), "{found}");
    }
}

/// Found in the studio's walk-through: "the text in locale \"fr\" is missing" and its kin are
/// what a facilitator reads under Checks. Each says "language" and names the tag, in plain words.
#[test]
fn language_problems_say_language_not_locale() {
    let tenths = r#"{"schema": 1, "id": "words", "version": "1", "locales": LOCALES, "title": TITLE,
        "scale": {"min": 1, "max": 5, "labels": {"de": ["a", "b", "c", "d", "e"]}},
        "scoring": {"mode": "mean", "bands": [{"id": "low", "from": 1, "label": {"en": "Low"}, "tone": "concern"}]},
        "dimensions": [{"id": "a", "title": {"en": "A"}, "items": [{"id": "a1", "text": {"en": "a1"}}, {"id": "a2", "text": {"en": "a2"}}]}]}"#;
    let doc = |locales: &str, title: &str| tenths.replace("LOCALES", locales).replace("TITLE", title);
    let found = problems(&doc(r#"["en", "fr", "en", "en GB"]"#, r#"{"en": "Words", "it": "Parole"}"#));
    let has = |want: &str| assert!(found.iter().any(|p| p.contains(want)), "{want:?} not in {found:#?}");
    has(r#"title: the text in the language "fr" is missing"#);
    has(
        r#"title.it: the language "it" is not one of the questionnaire's languages: add it to "locales" or remove its texts"#,
    );
    has(r#"scale.labels.de: the language "de" is not one of the questionnaire's languages"#);
    has(r#"locales[2]: the language "en" is listed twice"#);
    has(r#"locales[3]: "en GB" is not a language tag such as "en" or "pt-BR""#);
    let none = problems(&doc("[]", r#"{"en": "Words"}"#));
    assert!(
        none.iter().any(|p| p
            == r#"locales: give the questionnaire at least one language: a language tag such as "en" in "locales""#),
        "{none:#?}"
    );
    for p in found.iter().chain(&none) {
        let message = p.split_once(": ").map_or(p.as_str(), |(_, m)| m);
        assert!(!message.replace("\"locales\"", "").contains("locale"), "{p}");
    }
}
