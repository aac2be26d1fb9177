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

/// Found in the walk-through: a statement added to the health check's Power area (`pw1` to
/// `pw4`) was called `q1`, the only id there not following the area's pattern.
#[test]
fn a_new_statement_follows_its_areas_ids_and_never_repeats_one() {
    let mut d = Draft::copy_of_builtin("health-check").expect("health check");
    let ids = |d: &Draft, a: usize| d.dimensions[a].items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&d, 0)[..4], ["pw1", "pw2", "pw3", "pw4"]);
    let at = d.add_statement(0).expect("added");
    assert_eq!(d.dimensions[0].items[at].id, "pw5");
    assert_eq!(d.add_statement(0).map(|at| d.dimensions[0].items[at].id.clone()).as_deref(), Some("pw6"));
    // The next number is not taken anywhere in the questionnaire: another area's `pw7` is skipped.
    d.dimensions[1].items[0].id = "pw7".into();
    assert_eq!(d.add_statement(0).map(|at| d.dimensions[0].items[at].id.clone()).as_deref(), Some("pw8"));
    // Zero-padded numbers keep their width; a majority is a pattern, an odd one out does not break it.
    assert_eq!(Draft::next_id(&["s01", "s02", "extra"], &["s01", "s02", "extra"], "q"), "s03");
    assert_eq!(Draft::next_id(&["t9"], &["t9"], "q"), "t10");
    // No pattern: the fallback and the first free number in the whole questionnaire.
    assert_eq!(Draft::next_id(&["alpha", "beta"], &["alpha", "beta", "q1"], "q"), "q2");
    assert_eq!(Draft::next_id(&["a1", "b1"], &["a1", "b1"], "q"), "q1");
    assert_eq!(Draft::next_id(&[], &[], "q"), "q1");
    // An empty area takes a free `q<n>`.
    d.dimensions[2].items.clear();
    let at = d.add_statement(2).expect("added");
    assert_eq!(d.dimensions[2].items[at].id, "q1");
    let all: Vec<&str> = d.statements().map(|(_, _, i)| i.id.as_str()).collect();
    let mut unique = all.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:?}");
}

#[test]
fn new_areas_groups_questions_answers_bands_and_stages_follow_their_lists() {
    // A blank questionnaire: `area-1` and `q1`; the next area `area-2` with `q2`.
    let mut d = Draft::blank("en");
    d.add_area();
    assert_eq!((d.dimensions[1].id.as_str(), d.dimensions[1].items[0].id.as_str()), ("area-2", "q2"));
    // The health check's areas have names, not a pattern: `area-1`; their statements have one
    // stem per area, so the new area's statement is a free `q<n>`.
    let mut d = Draft::copy_of_builtin("health-check").expect("health check");
    d.add_area();
    let new = d.dimensions.last().expect("an area");
    assert_eq!((new.id.as_str(), new.items[0].id.as_str()), ("area-1", "q1"));
    d.groups = vec![Group { id: "team1".into(), ..Group::default() }, Group { id: "team2".into(), ..Group::default() }];
    d.add_group();
    assert_eq!(d.groups[2].id, "team3");
    d.context.truncate(1);
    d.add_context();
    assert_eq!(d.context[1].id, "question-1");
    d.context[1].options = vec![Choice { id: "o1".into(), ..Choice::default() }];
    d.add_option(1);
    assert_eq!(d.context[1].options[1].id, "o2");
    let mut bands = vec![Band { id: "b1".into(), ..Band::default() }, Band { id: "b2".into(), ..Band::default() }];
    add_band(&mut bands);
    assert_eq!(bands[2].id, "b3");
    d.stages = vec![Stage { id: "stage-1".into(), ..Stage::default() }];
    d.add_stage();
    assert_eq!(d.stages[1].id, "stage-2");
}

/// Found by the Arabic and Portuguese review: checkboxes and legends showed `concern`, `scale`
/// and "Area 1: Power" in an Arabic studio over a questionnaire that has Arabic.
#[test]
fn an_item_is_named_in_the_interface_language_else_the_first_else_by_its_id() {
    let mut d = Draft::blank("en");
    d.locales.push("ar".into());
    let text = Text::from([("en".to_owned(), "Power".to_owned()), ("ar".to_owned(), "السلطة".to_owned())]);
    assert_eq!(d.name_of(&text, "power", "ar"), (Some("ar".into()), "السلطة".into()));
    assert_eq!(d.name_of(&text, "power", "en"), (Some("en".into()), "Power".into()));
    // Portuguese is not one of the questionnaire's languages: its first language.
    assert_eq!(d.name_of(&text, "power", "pt"), (Some("en".into()), "Power".into()));
    // Not yet written in Arabic: the first language; written nowhere: the id.
    let english_only = Text::from([("en".to_owned(), "Power".to_owned()), ("ar".to_owned(), " ".to_owned())]);
    assert_eq!(d.name_of(&english_only, "power", "ar"), (Some("en".into()), "Power".into()));
    assert_eq!(d.name_of(&Text::new(), "power", "ar"), (None, "power".into()));
}
