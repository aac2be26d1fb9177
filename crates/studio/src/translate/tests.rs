use partnerscope_core::csv::{cell, parse_rows_separated};

use super::*;

/// Found walking through the README as a facilitator: removing three of a copy's five
/// languages left their texts behind, and the checks listed a problem for each of them.
#[test]
fn removing_a_language_removes_its_texts_and_leaves_a_valid_questionnaire() {
    for (id, json) in partnerscope_core::builtin::sources() {
        let (mut d, _) = Draft::from_json(&json).expect("reads");
        let mut kept = d.locales.clone();
        kept.retain(|l| !["fr", "es", "ar"].contains(&l.as_str()));
        for lang in ["fr", "es", "ar"] {
            remove_language(&mut d, lang);
        }
        assert_eq!(d.locales, kept, "{id}");
        let json = d.to_json();
        assert!(!json.contains("\"fr\"") && !json.contains("\"ar\""), "{id}: {json}");
        if let Err(problems) = partnerscope_core::Instrument::from_json(&json) {
            panic!("{id}: {problems:?}");
        }
    }
}

#[test]
fn a_translated_csv_comes_back_by_key_with_unknown_and_missing_listed() {
    let (mut d, _) = Draft::from_json(&partnerscope_core::builtin::source("demo").expect("demo")).expect("reads");
    let csv = export_csv(&d);
    assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("title,")), "{csv}");
    // A translator adds German for the title, changes nothing else, drops a row, adds one.
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    lines[0].push_str(",de");
    lines[1].push_str(",Titel");
    lines.remove(2);
    lines.push("statement.nope,Statement,x".into());
    let back = import_csv(&mut d, &lines.join("\r\n")).expect("reads");
    assert_eq!(back.added_languages, vec!["de".to_owned()]);
    assert_eq!(back.changed, vec!["title (de)".to_owned()]);
    assert!(back.unknown.iter().any(|(k, _)| k == "statement.nope"), "{back:?}");
    // The dropped row; and, German not being shipped, every interface string and scale
    // label the file did not carry (they were not rows when it was exported: the demo's
    // languages all have the standard labels).
    let (interface, own): (Vec<&String>, Vec<&String>) =
        back.missing.iter().partition(|k| k.starts_with("interface.") || k.starts_with("scale.point."));
    assert_eq!(own.len(), 1, "{back:?}");
    assert!(
        interface.iter().any(|k| *k == "interface.next") && interface.iter().any(|k| *k == "interface.report.title")
    );
    assert_eq!(d.title["de"], "Titel");
}

/// Excel set up for French, Spanish or Portuguese saves a CSV with semicolons (the comma is
/// their decimal sign), and some tools save tabs: each reads back the same, by key.
#[test]
fn a_csv_saved_with_semicolons_or_tabs_reads_back_like_a_comma_one() {
    let source = partnerscope_core::builtin::source("demo").expect("demo");
    let (base, _) = Draft::from_json(&source).expect("reads");
    let mut rows = parse_rows_separated(&export_csv(&base), ',').expect("parses");
    rows[1].1[2] = "Pulso; da parceria, \"já\"".into();
    let lang = rows[0].1[2].clone();
    for sep in [';', '\t', ','] {
        let text: String = rows
            .iter()
            .map(|(_, cells)| {
                // Every cell quoted, as a spreadsheet does where a cell holds its separator.
                let cells: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                cells.join(&sep.to_string()) + "\r\n"
            })
            .collect();
        let mut d = base.clone();
        let back = import_csv(&mut d, &text).unwrap_or_else(|e| panic!("{sep:?}: {e}"));
        assert!(back.problems.is_empty() && back.unknown.is_empty() && back.missing.is_empty(), "{sep:?}: {back:?}");
        assert_eq!(back.changed.len(), 1, "{sep:?}: {back:?}");
        assert_eq!(d.title[lang.as_str()], "Pulso; da parceria, \"já\"", "{sep:?}");
    }
}

#[test]
fn interface_strings_are_rows_for_a_language_not_shipped_and_count_as_missing_only_there() {
    let mut d = Draft::blank("en");
    // A shipped language: no interface rows until the questionnaire carries one.
    assert!(!slots(&d).iter().any(|s| matches!(s, Slot::Interface(_))));
    Slot::Interface("next".into()).set(&mut d, "en", "Onwards");
    assert!(slots(&d).contains(&Slot::Interface("next".into())));
    let en_missing = missing_per_language(&d)[0].1;
    // German: every key is a row, and the needed ones are missing in German, never in English.
    d.locales.push("de".into());
    let all = slots(&d).iter().filter(|s| matches!(s, Slot::Interface(_))).count();
    let total = partnerscope_core::instrument::interface::KEYS.len()
        + partnerscope_core::instrument::interface::REPORT_KEYS.len();
    assert_eq!(all, total);
    let missing = missing_per_language(&d);
    assert_eq!(missing[0].1, en_missing);
    assert!(missing[1].1 > en_missing + 250, "{missing:?}");
    // A count's optional forms and the picker's name are not needed.
    assert!(!needed_in(&Slot::Interface("report.responses.few".into()), "de"));
    assert!(needed_in(&Slot::Interface("report.responses.other".into()), "de"));
    // The CSV carries them, and brings a German string back into the JSON's `interface`.
    let csv = export_csv(&d).replace(
        "interface.next,The survey's own words: next (see docs/instruments.md),Onwards,",
        "interface.next,x,Onwards,Weiter",
    );
    let csv = if csv.contains("Weiter") { csv } else { panic!("no interface.next row: {csv}") };
    import_csv(&mut d, &csv).expect("reads");
    assert_eq!(d.interface["next"]["de"], "Weiter");
    assert!(
        d.to_json().contains("\"interface\":{\"de\":{\"next\":\"Weiter\"},\"en\":{\"next\":\"Onwards\"}}"),
        "{}",
        d.to_json()
    );
    assert_eq!(Slot::Interface("next".into()).path(&d, "de"), "interface.de.next");
}

/// Found in the walk-through: the health check's CSV said "Statement in the area القوة",
/// its last language alphabetically, to a translator working from English.
#[test]
fn the_context_names_an_area_in_the_questionnaires_first_language() {
    let d = Draft::copy_of_builtin("health-check").expect("health check");
    assert_eq!(d.locales.first().map(String::as_str), Some("en"));
    let area = &d.dimensions[0].title["en"];
    let csv = export_csv(&d);
    let row = csv.lines().find(|l| l.starts_with("statement.pw1,")).expect("a row for pw1");
    assert!(row.contains(&format!("Statement in the area {area}")), "{row}");
    assert!(!row.contains(&format!("area {}", d.dimensions[0].title["ar"])), "{row}");
    // A questionnaire whose first language is French names its areas in French.
    let mut fr = d.clone();
    fr.locales.retain(|l| l != "fr");
    fr.locales.insert(0, "fr".into());
    let csv = export_csv(&fr);
    let row = csv.lines().find(|l| l.starts_with("statement.pw1,")).expect("a row for pw1");
    assert!(row.contains(&format!("Statement in the area {}", d.dimensions[0].title["fr"])), "{row}");
}

/// Found in the walk-through: every built-in's CSV had five rows for the scale's points with
/// every cell empty (the built-ins use the standard labels, which are no text of theirs).
#[test]
fn scale_points_are_rows_only_where_the_questionnaire_has_scale_text() {
    let rows = |d: &Draft| -> Vec<String> {
        export_csv(d).lines().filter(|l| l.starts_with("scale.point.")).map(str::to_owned).collect()
    };
    let mut d = Draft::copy_of_builtin("health-check").expect("health check");
    assert_eq!(rows(&d), Vec::<String>::new(), "standard labels in every language: no rows");
    // German has no standard labels: a row per point, saying which point and what English reads.
    d.locales.push("de".into());
    let with_german = rows(&d);
    assert_eq!(with_german.len(), 5, "{with_german:?}");
    assert!(
        with_german[2].starts_with(
            "scale.point.3,\"Scale point 3 of 5 (1 is the lowest); the standard label in en is \"\"Neither agree nor disagree\"\"; leave en, fr, es, ar, pt empty"
        ),
        "{with_german:?}"
    );
    assert!(missing_per_language(&d).last().is_some_and(|(_, n)| *n >= 5));
    // Labels written for English only: rows with the English labels, French left to its standard.
    let mut d = Draft::blank("en");
    d.locales.push("fr".into());
    assert_eq!(rows(&d), Vec::<String>::new());
    for (p, label) in ["Never", "Rarely", "Sometimes", "Often", "Always"].iter().enumerate() {
        Slot::ScaleLabel(p).set(&mut d, "en", label);
    }
    let labelled = rows(&d);
    assert_eq!(labelled.len(), 5);
    assert!(labelled[0].starts_with("scale.point.1,"), "{labelled:?}");
    assert!(labelled[0].ends_with(",Never,"), "{labelled:?}");
    assert!(labelled[0].contains("leave fr empty"), "{labelled:?}");
}

/// A statement of the health check reworded in English after its four translations were
/// written: its other four texts are marked (and counted per language) until each is edited,
/// kept, or confirmed by a translator in the CSV; a renamed id keeps the mark.
#[test]
fn reworded_texts_mark_their_translations_in_the_table_the_csv_and_storage() {
    let loaded = Draft::copy_of_builtin("health-check").expect("health check");
    let mut d = loaded.clone();
    Slot::Item(0, 0).set(&mut d, "en", "Everyone can see how decisions are made.");
    track(&loaded, &mut d);
    let marked: Vec<String> = stale(&d).into_iter().map(|(_, k, l)| format!("{k} {l}")).collect();
    assert_eq!(marked, ["statement.pw1 fr", "statement.pw1 es", "statement.pw1 ar", "statement.pw1 pt"]);
    assert_eq!(stale_per_language(&d).iter().map(|(_, n)| *n).collect::<Vec<_>>(), [0, 1, 1, 1, 1]);
    // Renaming the statement's id keeps the mark (the key follows the id).
    let before = d.clone();
    d.dimensions[0].items[0].id = "power-1".into();
    track(&before, &mut d);
    assert_eq!(stale(&d).len(), 4);
    assert!(d.translated_from.contains_key("statement.power-1"));
    // Saved beside the draft and read back; a draft saved before the marks existed has none.
    let stored = d.translated_from_json();
    assert_eq!(Draft::read_translated_from(&stored), d.translated_from);
    assert!(Draft::read_translated_from("").is_empty() && Draft::read_translated_from("[1").is_empty());
    // The CSV marks the row in its last column; a translator rewrites French, confirms
    // Spanish (takes "es" off the row) and leaves Arabic and Portuguese listed.
    let csv = export_csv(&d);
    let header = csv.lines().next().expect("a header");
    assert!(header.ends_with(",en,fr,es,ar,pt,may_be_out_of_date"), "{header}");
    let row = csv.lines().find(|l| l.starts_with("statement.power-1,")).expect("the row");
    assert!(row.ends_with(",fr es ar pt"), "{row}");
    assert!(csv.lines().filter(|l| l.ends_with(',')).count() > 10, "other rows have an empty mark");
    let mut rows = parse_rows_separated(&csv, ',').expect("parses");
    for (_, row) in &mut rows {
        if row[0] == "statement.power-1" {
            row[3] = "Tout le monde voit comment les décisions sont prises.".into();
            row[7] = "ar pt".into();
        }
    }
    let back: Vec<String> =
        rows.iter().map(|(_, row)| row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",")).collect();
    let before = d.clone();
    let result = import_csv(&mut d, &back.join("\r\n")).expect("reads");
    track(&before, &mut d);
    assert!(result.problems.is_empty(), "{result:?}");
    let marked: Vec<String> = stale(&d).into_iter().map(|(_, k, l)| format!("{k} {l}")).collect();
    assert_eq!(marked, ["statement.power-1 ar", "statement.power-1 pt"]);
    // "Still right" for Arabic; Portuguese edited in the form.
    keep(&mut d, "statement.power-1", "ar");
    let before = d.clone();
    Slot::Item(0, 0).set(&mut d, "pt", "Todos veem como as decisões são tomadas.");
    track(&before, &mut d);
    assert!(stale(&d).is_empty());
    assert!(d.translated_from.is_empty(), "nothing left to remember");
    assert!(!export_csv(&d).contains(STALE_COLUMN), "no column when nothing may be out of date");
}

#[test]
fn a_formula_looking_text_survives_the_round_trip() {
    let mut d = Draft::blank("en");
    d.title.insert("en".into(), "=1+1 and more".into());
    let csv = export_csv(&d);
    let mut d2 = Draft::blank("en");
    import_csv(&mut d2, &csv).expect("reads");
    assert_eq!(d2.title["en"], "=1+1 and more");
}
