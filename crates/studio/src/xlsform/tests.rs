use super::read::language_of;
use super::write::{col_name, xml_escape};
use super::*;
use crate::model::Draft;
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
