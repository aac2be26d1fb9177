use super::read::language_of;
use super::write::{col_name, sheet_xml, xml_escape};
use super::*;
use crate::model::Draft;
use crate::notes::{self, Note};
use partnerscope_core::Instrument;

#[test]
fn export_then_import_gives_back_the_same_instrument_for_every_builtin() {
    for (id, json) in partnerscope_core::builtin::sources() {
        let (draft, _) = Draft::from_json(&json).expect("reads");
        let bytes = export(&draft);
        let (back, notes) = import(&bytes).unwrap_or_else(|e| panic!("{}: {e}", id));
        assert!(notes.is_empty(), "{}: {notes:?}", id);
        let a = Instrument::from_json(&draft.to_json()).expect("valid");
        let b = Instrument::from_json(&back.to_json()).unwrap_or_else(|p| panic!("{}: {p:?}", id));
        if a.doc() != b.doc() {
            let (x, y): (Vec<char>, Vec<char>) = (draft.to_json().chars().collect(), back.to_json().chars().collect());
            let at = x.iter().zip(&y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
            let show =
                |s: &[char]| s[at.saturating_sub(80).min(s.len())..(at + 120).min(s.len())].iter().collect::<String>();
            panic!("{}: differs at {at}:\n{}\n{}", id, show(&x), show(&y));
        }
    }
}

#[test]
fn fixtures_made_by_openpyxl_read_and_the_broken_one_lists_every_row() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xlsform");
    let good = std::fs::read(dir.join("openpyxl-good.xlsx")).expect("fixture");
    let (draft, notes) = import(&good).expect("reads");
    assert_eq!(draft.dimensions.len(), 2, "{draft:?}");
    assert!(notes.is_empty(), "{notes:?}");
    let broken = std::fs::read(dir.join("openpyxl-broken.xlsx")).expect("fixture");
    let (_, notes) = import(&broken).expect("reads, with notes");
    assert!(notes.iter().any(|n| n.to_string().starts_with("survey, row ")), "{notes:?}");
}

#[test]
fn columns_are_named_like_spreadsheets_and_text_is_escaped() {
    assert_eq!(col_name(0), "A");
    assert_eq!(col_name(25), "Z");
    assert_eq!(col_name(26), "AA");
    assert_eq!(xml_escape("<a & \"b\">\u{1}"), "&lt;a &amp; &quot;b&quot;&gt;");
    assert_eq!(language_of("label::Français (fr)", "en").as_deref(), Some("fr"));
    assert_eq!(language_of("label::English", "en").as_deref(), Some("en"));
}

#[test]
fn a_streamed_workbook_with_prefixes_and_inline_strings_reads_as_the_openpyxl_one() {
    // Made by make.py through a second writer path: `x:` prefixes, inline strings, no cell
    // references, deflated parts with data descriptors.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xlsform");
    let (good, _) = import(&std::fs::read(dir.join("openpyxl-good.xlsx")).expect("fixture")).expect("reads");
    let (streamed, notes) =
        import(&std::fs::read(dir.join("streamed-prefixed.xlsx")).expect("fixture")).expect("reads");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(streamed.to_json(), good.to_json());
}

#[test]
fn the_broken_fixture_lists_exactly_the_expected_notes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xlsform");
    let (_, notes) = import(&std::fs::read(dir.join("openpyxl-broken.xlsx")).expect("fixture")).expect("reads");
    // The English wording is the notes' from before they were typed, word for word.
    let mut notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
    let mut expected: Vec<String> = std::fs::read_to_string(dir.join("openpyxl-broken.expected.txt"))
        .expect("fixture")
        .lines()
        .map(str::to_owned)
        .collect();
    // The same notes; the mapping says the choices' before the survey's.
    notes.sort();
    expected.sort();
    assert_eq!(notes, expected);
}

/// `PARTNERSCOPE_XLSX_OUT=dir cargo test -p partnerscope-studio export_for_other_readers` writes
/// each built-in's workbook there, for a check with another reader (openpyxl: see
/// docs/instruments.md, "XLSForm").
#[test]
fn export_for_other_readers() {
    let Some(dir) = std::env::var_os("PARTNERSCOPE_XLSX_OUT") else { return };
    for (id, json) in partnerscope_core::builtin::sources() {
        let (draft, _) = Draft::from_json(&json).expect("reads");
        std::fs::write(std::path::Path::new(&dir).join(format!("{id}.xlsx")), export(&draft)).expect("writes");
    }
}

/// The openpyxl fixtures opened and saved again by LibreOffice Calc 7.4 (`soffice --headless
/// --calc --convert-to xlsx`; see make.py): its own shared strings, styles, sheet views and
/// document properties. The good one reads as the openpyxl one, the broken one gives the same
/// notes.
#[test]
fn workbooks_saved_by_libreoffice_read_as_the_openpyxl_ones() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/xlsform");
    let read = |name: &str| import(&std::fs::read(dir.join(name)).expect("fixture")).expect("reads");
    let (good, _) = read("openpyxl-good.xlsx");
    let (calc, notes) = read("libreoffice-good.xlsx");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(calc.to_json(), good.to_json());
    let sorted = |name: &str| {
        let mut notes: Vec<String> = read(name).1.iter().map(ToString::to_string).collect();
        notes.sort();
        notes
    };
    let (broken, calc_broken) = (sorted("openpyxl-broken.xlsx"), sorted("libreoffice-broken.xlsx"));
    assert_eq!(calc_broken, broken);
}

/// A workbook of the named sheets, each given as rows of cells (no relationships: the reader
/// finds `xl/worksheets/sheet<n>.xml` by the sheet's place, as for a workbook without them).
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let listed: String = sheets.iter().map(|(name, _)| format!("<sheet name=\"{name}\"/>")).collect();
    let book = format!("<workbook><sheets>{listed}</sheets></workbook>");
    let parts: Vec<(String, String)> = sheets
        .iter()
        .enumerate()
        .map(|(n, (_, rows))| {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| (*c).to_owned()).collect()).collect();
            (format!("xl/worksheets/sheet{}.xml", n + 1), sheet_xml(&rows))
        })
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![("xl/workbook.xml", book.as_bytes())];
    files.extend(parts.iter().map(|(name, xml)| (name.as_str(), xml.as_bytes())));
    super::zip::write_stored(&files)
}

/// A workbook with one mistake of nearly every kind the mapping notes (the JSON file's schema
/// version is the one it cannot make).
fn a_workbook_full_of_mistakes() -> Vec<u8> {
    workbook(&[
        (
            "survey",
            &[
                &["type", "name", "label", "hint::Not a tag!"],
                &["begin_group", "trust", "Trust"],
                &["select_one agree", "q1", "We are heard"],
                &["select_one yesno", "q2", "We meet"],
                &["begin_group", "inner", "Inner"],
                &["end_group"],
                &["end_group"],
                &["text", "remark", "Anything else?"],
                &["calculate", "total"],
                &["select_one", "size"],
                &["select_one empty", "region", "Region"],
                &["begin_group", "open", "Open"],
            ],
        ),
        (
            "choices",
            &[
                &["list_name", "name", "label"],
                &["agree", "1", "Disagree"],
                &["agree", "5", "Agree"],
                &["agree", "dk", "Don't know"],
                &["yesno", "yes", "Yes"],
                &["", "orphan", "Orphan"],
                &["unused", "a", "A"],
            ],
        ),
        ("partnerscope", &[&["key", "value"], &["colour", "red"], &["area.gone", "{}"], &["scoring", "{bad"]]),
        ("Notes", &[&["written by hand"]]),
    ])
}

/// English words of the notes, which a Portuguese note must not use (XLSForm's own words,
/// `text` and `name` among them, stay as written).
const ENGLISH: [&str; 22] = [
    "the",
    "row",
    "column",
    "sheet",
    "list",
    "choice",
    "group",
    "area",
    "statement",
    "has",
    "was",
    "not",
    "read",
    "used",
    "uses",
    "without",
    "needs",
    "workbook",
    "file",
    "unknown",
    "key",
    "outside",
];

#[test]
fn a_workbook_with_many_mistakes_lists_its_notes_in_arabic_and_portuguese() {
    let (_, notes) = import(&a_workbook_full_of_mistakes()).expect("reads, with notes");
    let english: Vec<String> = notes.iter().map(ToString::to_string).collect();
    for expected in [
        "the workbook has no \"settings\" sheet: the id, version and title are to be filled in",
        "survey, column 4: \"hint::Not a tag!\" names no language tag; use \"label::English (en)\"",
        "survey, row 4: \"q2\" uses the list \"yesno\", not the shared scale \"agree\"; it is read on the shared scale",
        "survey, row 5: a group inside a group; its statements are put in the outer area",
        "survey, row 7: end_group without a begin_group",
        "survey, row 8: a text question outside any group has no area; put it inside a begin_group to make it an open comment",
        "survey, row 9: the type \"calculate\" (total) has no place in a Partnerscope questionnaire and was not read",
        "survey, row 10: select_one names no choice list",
        "survey, row 11: the list \"empty\" has no choices",
        "survey: the last begin_group has no end_group; it ends at the last row",
        "choices, row 4: the scale choice \"dk\" is neither a number nor \"na\"",
        "choices, row 6: a choice needs both a list_name and a name",
        "choices: the list \"unused\" is used by no question",
        "partnerscope, row 2 (colour): unknown key",
        "partnerscope, row 3 (area.gone): no area has this id",
        "the sheet \"notes\" is not part of XLSForm and was not read",
    ] {
        assert!(english.iter().any(|n| n == expected), "{expected} not in {english:#?}");
    }
    assert!(notes.iter().any(|n| matches!(n, Note::ExtraUnread { row: 4, key, .. } if key == "scoring")), "{notes:?}");
    assert_eq!(notes.len(), 17, "{english:#?}");

    // A line's words, without what it isolates (values, and in Arabic XLSForm's names).
    let outside = |line: &str| {
        let mut out = String::new();
        let mut depth = 0;
        for c in line.chars() {
            match c {
                '\u{2066}' | '\u{2068}' => depth += 1,
                '\u{2069}' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    };
    // Outside the isolated values and names, an Arabic note has no Latin letter at all.
    let ar: Vec<String> = notes.iter().map(|n| notes::text("ar", n)).collect();
    for line in &ar {
        let outside = outside(line);
        assert!(!outside.chars().any(|c| c.is_ascii_alphabetic()), "{line}");
        assert!(outside.chars().any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)), "{line}");
    }
    let bare = |line: &str| line.replace(['\u{2066}', '\u{2068}', '\u{2069}'], "");
    let ar: Vec<String> = ar.iter().map(|l| bare(l)).collect();
    assert!(ar.contains(&"survey، الصف 7: end_group من دون begin_group".to_owned()), "{ar:#?}");
    assert!(ar.contains(&"choices: القائمة «unused» لا يستخدمها أي سؤال".to_owned()), "{ar:#?}");
    assert!(ar.contains(&"الورقة «notes» ليست من أوراق XLSForm، ولم تُقرأ".to_owned()), "{ar:#?}");

    let pt: Vec<String> = notes.iter().map(|n| notes::text("pt", n)).collect();
    for line in &pt {
        for word in outside(line).to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '_') {
            assert!(!ENGLISH.contains(&word), "{word:?} in {line}");
        }
    }
    let pt: Vec<String> = pt.iter().map(|l| bare(l)).collect();
    assert!(pt.contains(&"survey, linha 7: end_group sem begin_group".to_owned()), "{pt:#?}");
    assert!(pt.contains(&"choices: nenhuma pergunta usa a lista “unused”".to_owned()), "{pt:#?}");
    assert!(pt.contains(&"a folha “notes” não faz parte do XLSForm e não foi lida".to_owned()), "{pt:#?}");
}

#[test]
fn a_file_of_another_schema_version_says_so_in_the_interface_language() {
    let (_, notes) = Draft::from_json(r#"{"schema": 2, "id": "x"}"#).expect("reads");
    assert_eq!(notes, [Note::SchemaVersion]);
    assert_eq!(notes[0].to_string(), "the file declares another schema version; it was read as version 1");
    assert_eq!(notes::text("pt", &notes[0]), "o arquivo indica outra versão do esquema; foi lido como versão 1");
    assert_eq!(notes::text("ar", &notes[0]), "يذكر الملف إصدارًا آخر من المخطط؛ وقد قُرئ على أنه الإصدار 1");
}
