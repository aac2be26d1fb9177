//! The facilitator's import: every format, mixed questionnaires, broken and hostile input, and the
//! same result however a file arrives in chunks.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::*;
use partnerscope_core::aggregate::Dataset;
use partnerscope_core::import::{Import, Kind};
use partnerscope_core::plan::{ActionPlan, PlannedAction, Priority};
use partnerscope_core::{Instrument, builtin, code, csv};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn demo_line(id: &str, value: i32) -> String {
    let demo = builtin::demo();
    uniform(&demo, id, None, value).to_response(&demo).to_json()
}

fn import(instruments: Vec<Instrument>, files: &[(&str, &str)]) -> Import {
    let mut import = Import::new(instruments);
    for (name, text) in files {
        import.begin(name);
        import.feed(text.as_bytes());
        import.finish();
    }
    import
}

#[test]
fn json_lines_with_a_byte_order_mark_blank_lines_crlf_and_one_broken_line() {
    let text = format!(
        "\u{feff}{}\r\n\r\n{}\n{{\"schema\":1,\"id\":\"broken\"\n{}\n{}",
        demo_line("a", 4),
        demo_line("b", 3),
        demo_line("c", 2),
        demo_line("a", 5)
    );
    let import = import(vec![builtin::demo()], &[("week1.jsonl", &text)]);
    assert_eq!(import.sets.len(), 1);
    assert_eq!(import.sets[0].data.len(), 3, "{:?}", import.rejected);
    assert_eq!(import.duplicates(), 1);
    assert_eq!(import.rejected.len(), 1);
    assert_eq!(import.rejected[0].path, "week1.jsonl, line 4");
    assert_eq!(import.sources[0].kind, Kind::JsonLines);
    assert_eq!((import.sources[0].responses, import.sources[0].duplicates, import.sources[0].rejected), (3, 1, 1));
}

#[test]
fn mixed_questionnaires_and_versions_are_kept_apart_and_the_unknown_ones_counted() {
    let health = load(HEALTH);
    let h = |id: &str| uniform(&health, id, Some(0), 4).to_response(&health).to_json();
    let old_version = demo_line("v", 3).replace("\"version\":\"0.1.0\"", "\"version\":\"0.0.9\"");
    assert!(old_version.contains("0.0.9"), "{old_version}");
    let text = [
        demo_line("a", 4),
        h("h1"),
        demo_line("b", 2),
        h("h2"),
        old_version,
        response_json("nothing-like-it", "1", "x", "{}"),
    ]
    .join("\n");
    let import = import(vec![builtin::demo(), health], &[("all.jsonl", &text)]);
    let sizes: Vec<(&str, usize)> =
        import.sets.iter().map(|s| (import.instruments[s.instrument].id(), s.data.len())).collect();
    assert_eq!(sizes, [("demo", 2), ("health", 2)]);
    let unknown: Vec<(String, String, usize)> =
        import.unknown.iter().map(|u| (u.instrument.clone(), u.version.clone(), u.count)).collect();
    assert_eq!(unknown, [("demo".into(), "0.0.9".into(), 1), ("nothing-like-it".into(), "1".into(), 1)]);
    assert!(import.rejected.is_empty(), "{:?}", import.rejected);
}

#[test]
fn arrays_documents_questionnaires_and_plans_travel_together() {
    let health = load(HEALTH);
    let pretty = |json: &str| json.replace(",\"", ",\n  \"");
    let array = format!("[\n{},\n{}\n]\n", pretty(&demo_line("a", 4)), demo_line("b", 3));
    let plan = ActionPlan {
        instrument: "demo".into(),
        version: "0.1.0".into(),
        agreed_after: "2026".into(),
        review_at: String::new(),
        priorities: vec![Priority {
            dimension: "purpose".into(),
            actions: vec![PlannedAction { what: "Agree the goal".into(), who: "Chairs".into(), by: String::new() }],
        }],
    };
    let health_response = uniform(&health, "h1", Some(1), 3).to_response(&health).to_json();
    let import = import(
        vec![builtin::demo()],
        &[
            ("array.json", &array),
            ("one.json", &pretty(&demo_line("c", 5))),
            ("plan.json", &plan.to_json()),
            // A questionnaire file, then a response to it: read against it.
            ("health.json", HEALTH),
            ("h1.json", &health_response),
        ],
    );
    let kinds: Vec<Kind> = import.sources.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Kind::JsonArray, Kind::Json, Kind::JsonLines, Kind::Json, Kind::JsonLines]);
    assert_eq!(import.sets[0].data.len(), 3, "{:?}", import.rejected);
    assert_eq!(import.plans, [plan]);
    assert_eq!(import.sources[3].instruments, 1);
    assert_eq!(import.sets[1].data.len(), 1);
    assert!(import.rejected.is_empty(), "{:?}", import.rejected);
}

#[test]
fn csv_exports_and_pasted_codes_including_damaged_ones() {
    let demo = builtin::demo();
    let sheets = [uniform(&demo, "a", None, 4), uniform(&demo, "b", None, 2)];
    let exported = csv::export(&demo, &sheets);
    let good = code::encode(&demo, &uniform(&demo, "c", None, 3));
    let cut = &good[..good.len() - 5];
    let changed = good.replacen('A', "B", 1);
    let codes = format!("{good}\n{cut}\n\n{changed}, {good}");
    let import = import(vec![demo], &[("export.csv", &exported), ("pasted codes", &codes)]);
    assert_eq!(import.sources[0].kind, Kind::Csv);
    assert_eq!(import.sources[1].kind, Kind::Codes);
    assert_eq!(import.sets[0].data.len(), 3);
    assert_eq!(import.duplicates(), 1);
    let places: Vec<&str> = import.rejected.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(places, ["pasted codes, code 2", "pasted codes, code 3"], "{:?}", import.rejected);
}

#[test]
fn garbage_oversized_and_hostile_files_are_refused_once_with_a_reason() {
    let long_line = format!("{}\n{}", "{\"schema\":1,\"id\":\"", "x".repeat(300_000));
    let binary: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let mut import = Import::new(vec![builtin::demo()]);
    for (name, bytes) in [
        ("notes.txt", b"Dear facilitator, here are the answers.".to_vec()),
        ("long.jsonl", long_line.into_bytes()),
        ("picture.png", binary),
        ("cut.json", b"{\"schema\": 1,\n \"id\": \"abc\",\n".to_vec()),
        ("numbers.json", b"[1, 2, 3]".to_vec()),
        ("empty.json", Vec::new()),
    ] {
        import.begin(name);
        import.feed(&bytes);
        import.finish();
    }
    let per_file: Vec<(String, usize)> = import.sources.iter().map(|s| (s.name.clone(), s.rejected)).collect();
    assert_eq!(
        per_file,
        [
            ("notes.txt".into(), 1),
            // The first line breaks, the second is too long: two lines, two refusals.
            ("long.jsonl".into(), 2),
            ("picture.png".into(), 1),
            ("cut.json".into(), 1),
            ("numbers.json".into(), 1),
            ("empty.json".into(), 0)
        ],
        "{:#?}",
        import.rejected
    );
    assert_eq!(import.responses(), 0);
    for refusal in &import.rejected {
        assert!(!refusal.message.contains("ResponseRef") && !refusal.message.contains("struct"), "{refusal}");
    }
}

/// A response to the demo with answers `value` in round `round`, as one line.
fn demo_round_line(id: &str, value: i32, round: &str) -> String {
    let demo = builtin::demo();
    let mut sheet = uniform(&demo, id, None, value);
    sheet.set_round(round).unwrap();
    sheet.to_response(&demo).to_json()
}

// Issue 24 item 10: a different response under a repeated id was skipped and called "the same
// response loaded twice".
#[test]
fn a_different_response_under_a_repeated_id_is_a_conflict_not_a_duplicate() {
    let demo = builtin::demo();
    let lines = [
        demo_line("a", 4),
        demo_line("a", 4),
        demo_line("a", 5),
        demo_line("b", 3),
        demo_round_line("b", 3, "2026"),
        "{\"schema\":1,\"id\":\"a\"}".to_owned(),
    ]
    .join("\n");
    let same = code::encode(&demo, &uniform(&demo, "c", None, 2));
    let other = code::encode(&demo, &uniform(&demo, "c", None, 1));
    let import = import(vec![demo.clone()], &[("f.jsonl", &lines), ("codes", &format!("{same}\n{same}\n{other}"))]);
    assert_eq!(import.responses(), 3);
    // Every repeat is skipped and counted; the ones that differ from what was taken are said.
    assert_eq!(import.duplicates(), 5);
    let places: Vec<&str> = import.conflicts.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(places, ["f.jsonl, line 3", "f.jsonl, line 5", "codes, code 3"], "{:?}", import.conflicts);
    assert_eq!(import.conflicts_total, 3);
    assert!(import.conflicts[0].message.contains("a different response with the id \"a\""), "{}", import.conflicts[0]);
    assert_eq!((import.sources[0].duplicates, import.sources[0].conflicts), (3, 2));
    assert_eq!((import.sources[1].duplicates, import.sources[1].conflicts), (2, 1));
    // The broken line under id "a" is refused for what it is.
    assert_eq!(import.rejected.len(), 1, "{:?}", import.rejected);
    assert_eq!(import.rejected[0].path, "f.jsonl, line 6");

    // The long way (a data set that keeps whole responses) and CSV tell them apart the same way.
    let mut data = Dataset::new();
    data.add_json_lines(&demo, &lines);
    let exported =
        csv::export(&demo, &[uniform(&demo, "d", None, 4), uniform(&demo, "d", None, 4), uniform(&demo, "d", None, 3)]);
    csv::import(&demo, &exported, &mut data).unwrap();
    assert_eq!(data.duplicates, 5);
    let places: Vec<&str> = data.conflicts.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(places, ["line 3", "line 5", "line 4"], "{:?}", data.conflicts);
}

// Issue 24 item 10: one line over 1 MB skipped the rest of the file, valid lines included.
#[test]
fn one_line_over_a_megabyte_skips_only_that_line() {
    let long = format!("{{\"schema\":1,\"id\":\"{}\"}}", "x".repeat(1_500_000));
    for (text, place) in [
        (format!("{long}\n{}\n{}\n{}", demo_line("a", 4), demo_line("b", 3), demo_line("c", 2)), "big.jsonl, line 1"),
        (format!("{}\n{long}\n{}\n{}", demo_line("a", 4), demo_line("b", 3), demo_line("c", 2)), "big.jsonl, line 2"),
    ] {
        // In the report's slices, and whole.
        for slice in [64 * 1024, text.len()] {
            let mut import = Import::new(vec![builtin::demo()]);
            import.begin("big.jsonl");
            for chunk in text.as_bytes().chunks(slice) {
                import.feed(chunk);
            }
            import.finish();
            assert_eq!(import.responses(), 3, "{:?}", import.rejected);
            assert_eq!(import.rejected.len(), 1, "{:?}", import.rejected);
            assert_eq!(import.rejected[0].path, place);
            assert_eq!(import.sources[0].kind, Kind::JsonLines);
        }
    }
}

// Issue 24 item 10: round labels that differ only by invisible or full-width characters were
// two rounds that look the same on screen.
#[test]
fn round_labels_that_look_alike_are_one_round() {
    let alike = [
        "2026",
        "\u{ff12}\u{ff10}\u{ff12}\u{ff16}",
        "2026\u{200b}",
        " 2026 ",
        "20\u{2060}26",
        "2026\u{a0}",
        "\u{feff}2026",
    ];
    let mut lines: Vec<String> =
        alike.iter().enumerate().map(|(i, r)| demo_round_line(&format!("r{i}"), 3, r)).collect();
    for (i, round) in ["spring\u{3000}review", "spring  review", "Spring review", "2025"].iter().enumerate() {
        lines.push(demo_round_line(&format!("s{i}"), 3, round));
    }
    let text = lines.join("\n");
    let demo = builtin::demo();
    let import = import(vec![demo.clone()], &[("rounds.jsonl", &text)]);
    assert!(import.rejected.is_empty(), "{:?}", import.rejected);
    let lean = &import.sets[0].data;
    let mut whole = Dataset::new();
    whole.add_json_lines(&demo, &text);
    for data in [lean, &whole] {
        assert_eq!(data.rounds(), ["2026", "spring review", "Spring review", "2025"]);
        assert_eq!(data.sizes(&demo).rounds()[0], ("2026".to_owned(), Ok(7)));
    }
    assert_eq!(whole.round("\u{ff12}\u{ff10}\u{ff12}\u{ff16}").len(), 7);
}

#[cfg(not(target_arch = "wasm32"))]
mod chunking {
    use super::*;
    use partnerscope_core::aggregate::Columns;
    use partnerscope_core::response::{Answer, ResponseRef, Sheet};
    use proptest::prelude::*;

    /// A random response to `inst` as its owner would write it.
    fn written(inst: &Instrument, seed: &[u8]) -> String {
        let doc = inst.doc();
        let mut s = Sheet::empty(inst, &format!("r{}", seed[0]), ["en", "fr", "x-y"][seed[1] as usize % 3]);
        s.set_group(inst, (seed[2] % 3 < 2).then(|| seed[2] as usize % doc.groups.len())).unwrap();
        for q in 0..doc.context.len() {
            s.set_context(inst, q, seed[3].is_multiple_of(2).then(|| seed[3] as usize % doc.context[q].options.len()))
                .unwrap();
        }
        s.set_round(["", "2025", "spring round"][seed[4] as usize % 3]).unwrap();
        s.set_date(seed[5].is_multiple_of(2).then(|| "2026-02-28".to_owned()).as_deref()).unwrap();
        for i in 0..inst.item_count() {
            let b = seed[6 + i % (seed.len() - 6)].wrapping_add(i as u8);
            let answer = match b % 7 {
                _ if inst.item(i).kind != partnerscope_core::instrument::ItemKind::Scale => None,
                0 => None,
                1 if inst.item(i).not_applicable => Some(Answer::NotApplicable),
                v => Some(Answer::Value(inst.scale_min() + i32::from(v) % 5)),
            };
            s.set_answer(inst, i, answer).unwrap();
        }
        s.to_response(inst).to_json()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the shortcut accepts, the long way accepts too, with the same id, round,
        /// group and answers; and every line as written takes the shortcut.
        #[test]
        fn the_shortcut_accepts_only_what_the_long_way_accepts_identically(
            seed in proptest::collection::vec(any::<u8>(), 12..40),
            damage in proptest::collection::vec((any::<usize>(), 0usize..3, prop::sample::select(b"\"\\,:{}[]09-a n.\x01e".to_vec())), 0..3),
        ) {
            let inst = load(HEALTH);
            let mut line = written(&inst, &seed).into_bytes();
            let pristine = damage.is_empty();
            for (at, how, byte) in damage {
                let at = at % (line.len() + 1);
                match how {
                    0 if at < line.len() => { line[at] = byte; }
                    1 if at < line.len() => { line.remove(at); }
                    _ => line.insert(at, byte),
                }
            }
            let fast = partnerscope_core::fast::read(&inst, &line);
            if pristine {
                prop_assert!(fast.is_some(), "a written line takes the shortcut: {}", String::from_utf8_lossy(&line));
            }
            if let Some((id, round, group, codes)) = fast {
                let text = std::str::from_utf8(&line).expect("the shortcut read UTF-8 text");
                let response = ResponseRef::from_json(text).expect("the long way reads it too");
                let sheet = Sheet::check(&inst, &response).expect("and accepts it");
                prop_assert_eq!(&sheet.id(), &id);
                prop_assert_eq!(&sheet.round(), &round);
                prop_assert_eq!(sheet.group(), group);
                let mut expected = Columns::new(&inst);
                expected.push(&inst, &sheet, 0);
                // The import took the shortcut (its data set is lean): its columns are the
                // shortcut's codes, and they must be the long way's.
                let mut import = Import::new(vec![inst.clone()]);
                import.paste("line", text);
                prop_assert_eq!(import.responses(), 1);
                prop_assert_eq!(import.sets[0].data.columns(&inst), expected);
                prop_assert_eq!(codes.len(), inst.item_count());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// However a file is cut into chunks, the import reads the same.
        #[test]
        fn any_chunking_reads_the_same(cuts in proptest::collection::vec(1usize..400, 1..40), pretty in any::<bool>()) {
            let lines: Vec<String> = (0..12).map(|i| demo_line(&format!("r{i}"), 1 + i % 5)).collect();
            let mut text = if pretty {
                format!("[{}]", lines.iter().map(|l| l.replace(",\"", ",\n\"")).collect::<Vec<_>>().join(",\n"))
            } else {
                lines.join("\n")
            };
            text.insert_str(text.len() / 2, if pretty { "" } else { "\n{\"broken\": \n" });
            let whole = import(vec![builtin::demo()], &[("f", &text)]);
            let mut parts = Import::new(vec![builtin::demo()]);
            parts.begin("f");
            let bytes = text.as_bytes();
            let mut at = 0;
            for cut in cuts.iter().cycle() {
                if at >= bytes.len() { break; }
                let end = (at + cut).min(bytes.len());
                parts.feed(&bytes[at..end]);
                at = end;
            }
            parts.finish();
            prop_assert_eq!(parts.responses(), whole.responses());
            prop_assert_eq!(&parts.rejected, &whole.rejected);
            prop_assert_eq!(&parts.sources, &whole.sources);
        }
    }
}

/// Cuts `bytes` at `cuts` (sorted offsets), feeds the pieces, and returns the import.
fn import_in_pieces(instruments: Vec<Instrument>, name: &str, bytes: &[u8], cuts: &[usize]) -> Import {
    let mut import = Import::new(instruments);
    import.begin(name);
    let mut at = 0;
    for &cut in cuts.iter().chain([bytes.len()].iter()) {
        import.feed(&bytes[at..cut]);
        at = cut;
    }
    import.finish();
    import
}

/// What an import read, in a form two imports can be compared by.
fn read_back(import: &Import) -> impl PartialEq + std::fmt::Debug + use<> {
    let sets: Vec<_> = import
        .sets
        .iter()
        .map(|s| (s.instrument, s.data.columns(&import.instruments[s.instrument]), s.data.rounds(), s.data.duplicates))
        .collect();
    let lists = (import.rejected.clone(), import.conflicts.clone(), import.sources.clone(), import.unknown.clone());
    (sets, lists, import.instruments.len())
}

/// Responses to the health check with text in several scripts: comments with accents, an
/// emoji, Arabic, a quote, a comma and a line break (for CSV); rounds with a dash and accents.
fn health_sheets(health: &Instrument) -> Vec<partnerscope_core::response::Sheet> {
    let note =
        (0..health.item_count()).find(|&i| health.item(i).kind == partnerscope_core::instrument::ItemKind::Comment);
    let note = note.expect("the health fixture has a comment item");
    let comments = ["Été « très » bien — ½ 😀", "شكرا, \"quoted\"\r\nand a second line", "naïve café ✓", "plain"];
    (0..4)
        .map(|n| {
            let mut s = uniform(health, &format!("r{n}"), Some(n % 2), 1 + (n as i32) % 5);
            s.set_round(["printemps 2026 – été", "2025 ☀"][n % 2]).unwrap();
            s.set_comment(health, note, comments[n]).unwrap();
            s
        })
        .collect()
}

/// Regression: a file read in chunks must read exactly as the whole file, wherever the chunks
/// break. A byte-order mark split across the first chunks was read as text (the file became a
/// broken CSV); the same holds for a multi-byte character, a CSV quote or line end, and any
/// JSON token cut in two. Every fixture is cut at every byte, and at pairs of bytes: all pairs
/// in its first bytes (the mark in three pieces) and every pair a few bytes apart (a character
/// in three pieces anywhere).
#[test]
fn a_chunk_boundary_at_any_byte_reads_as_the_whole_file() {
    let health = load(HEALTH);
    let sheets = health_sheets(&health);
    let lines: Vec<String> = sheets.iter().map(|s| s.to_response(&health).to_json()).collect();
    let bom = "\u{feff}";
    let pretty = |json: &str| json.replace(",\"", ",\n  \"");
    let fixtures: Vec<(&str, String, Kind)> = vec![
        (
            "lines.jsonl",
            format!(
                "{bom}{}\r\n\r\n{{\"schema\":1,\"id\":\"broken ü\"\n{}\n{}",
                lines[0],
                lines[1],
                lines[2..].join("\n")
            ),
            Kind::JsonLines,
        ),
        ("lines-no-mark.jsonl", format!("{}\n{}\n", lines.join("\n"), lines[0]), Kind::JsonLines),
        (
            "array.json",
            format!("{bom}[\n{}\n]\n", lines.iter().map(|l| pretty(l)).collect::<Vec<_>>().join(",\r\n")),
            Kind::JsonArray,
        ),
        ("one.json", format!("{bom}{}\n", pretty(&lines[0])), Kind::Json),
        ("export.csv", format!("{bom}{}", csv::export(&health, &sheets).replace('\n', "\r\n")), Kind::Csv),
        ("export-lf.csv", csv::export(&health, &sheets), Kind::Csv),
    ];
    for (name, text, kind) in &fixtures {
        let bytes = text.as_bytes();
        let whole = import_in_pieces(vec![health.clone()], name, bytes, &[]);
        assert_eq!(whole.sources[0].kind, *kind, "{name}: {:?}", whole.rejected);
        let expected_responses = if name.starts_with("one") { 1 } else { 4 };
        assert_eq!(whole.responses(), expected_responses, "{name}: {:?}", whole.rejected);
        let expected = read_back(&whole);
        let check = |cuts: &[usize]| {
            let parts = import_in_pieces(vec![health.clone()], name, bytes, cuts);
            assert_eq!(read_back(&parts), expected, "{name} cut at {cuts:?}");
        };
        for cut in 0..=bytes.len() {
            check(&[cut]);
        }
        // The pairs natively only: under wasm in the browser (debug) they would add about a
        // minute to `cargo xtask test`, and the single cuts and the byte-at-a-time run there too.
        if cfg!(target_arch = "wasm32") {
            check(&(1..bytes.len()).collect::<Vec<_>>());
            continue;
        }
        for first in 0..8.min(bytes.len()) {
            for second in first..=bytes.len() {
                check(&[first, second]);
            }
        }
        for first in 0..bytes.len() {
            for gap in 1..4 {
                check(&[first, (first + gap).min(bytes.len())]);
            }
        }
        // And one byte at a time.
        check(&(1..bytes.len()).collect::<Vec<_>>());
    }
}
