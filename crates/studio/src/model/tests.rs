use super::*;
use partnerscope_core::Instrument;

#[test]
fn every_builtin_reads_and_writes_back_the_same_instrument() {
    for (id, json) in partnerscope_core::builtin::sources() {
        let (draft, notes) = Draft::from_json(&json).expect("a built-in parses");
        assert!(notes.is_empty(), "{notes:?}");
        let written = draft.to_json();
        let again = Instrument::from_json(&written).unwrap_or_else(|p| panic!("{}: {p:?}", id));
        let original = Instrument::from_json(&json).expect("a built-in is valid");
        assert_eq!(again.doc(), original.doc(), "{}", id);
        assert_eq!(Draft::from_json(&written).expect("parses").0, draft);
    }
}

#[test]
fn a_number_typed_wrong_is_reported_by_the_core_at_its_path() {
    let mut draft = Draft::blank("en");
    draft.title.insert("en".into(), "T".into());
    draft.dimensions[0].title.insert("en".into(), "Area".into());
    draft.dimensions[0].items[0].text.insert("en".into(), "We meet.".into());
    for b in &mut draft.bands {
        b.label.insert("en".into(), "x".into());
    }
    assert!(Instrument::from_json(&draft.to_json()).is_ok(), "{}", draft.to_json());
    draft.dimensions[0].items[0].weight = "2,5".into();
    let problems = Instrument::from_json(&draft.to_json()).expect_err("refused");
    assert!(problems.iter().any(|p| p.path == "dimensions[0].items[0].weight"), "{problems:?}");
}

#[test]
fn field_ids_follow_paths_and_json_numbers_are_recognised() {
    assert_eq!(field_id("dimensions[1].items[0].text.fr"), "f-dimensions-1-items-0-text-fr");
    for good in ["0", "-1", "4.5", "1e3", "0.25E-2"] {
        assert!(is_json_number(good), "{good}");
    }
    for bad in ["", "01", "4.", ".5", "1e", "abc", "2,5", "+1"] {
        assert!(!is_json_number(bad), "{bad}");
    }
}

#[test]
fn a_questionnaires_interface_strings_and_comment_threshold_are_kept() {
    let json = include_str!("../../../../tests/fixtures/demo-de.json")
        .replace("\"anonymity_k\"", "\"comment_k\": 12, \"anonymity_k\"");
    let json = if json.contains("comment_k") { json } else { json.replacen('{', "{\"comment_k\": 12,", 1) };
    let (draft, notes) = Draft::from_json(&json).expect("parses");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(draft.interface["next"]["de"], "Weiter");
    assert_eq!(draft.interface["report.responses.other"]["de"], "{n} Antworten");
    assert_eq!(draft.comment_k, "12");
    let written = draft.to_json();
    let again = Instrument::from_json(&written).unwrap_or_else(|p| panic!("{p:?}"));
    let original = Instrument::from_json(&json).expect("valid");
    assert_eq!(again.doc(), original.doc());
    assert_eq!(again.doc().comment_k, Some(12));
}
