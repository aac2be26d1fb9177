//! Golden and behaviour tests of the core. They run natively and, unchanged, as wasm in
//! headless Chromium (`cargo xtask test`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::*;
use partnerscope_core::aggregate::{self, Alpha, Dataset, Segment, Withheld};
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::{StageStatus, score};
use partnerscope_core::{Instrument, Response, builtin, code, csv};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- validation

#[test]
fn fixtures_and_builtins_validate() {
    let mean40 = load(MEAN40);
    assert_eq!((mean40.item_count(), mean40.dimensions().len()), (40, 20));
    let sum35 = load(SUM35);
    assert_eq!(sum35.item_count(), 35);
    assert_eq!(sum35.total_range(), (35.0, 175.0));
    load(HEALTH);
    load(STAGED);
    assert!(!builtin::all().is_empty());
}

/// Every problem in a broken instrument is reported at once, each at its path.
#[test]
fn validation_reports_every_problem_with_its_path() {
    let broken = r#"{
      "schema": 1, "id": "Bad Id", "version": "1", "locales": ["en", "fr"],
      "title": {"en": "T"},
      "anonymity_k": 2,
      "scoring": {"mode": "mean", "bands": [
        {"id": "low", "from": 1, "label": {"en": "L", "fr": "L"}, "tone": "concern"},
        {"id": "high", "from": 0.5, "label": {"en": "H", "fr": "H"}, "tone": "strength"}
      ], "stages": [{"id": "s", "title": {"en": "S", "fr": "S"}, "dimensions": ["a"], "threshold": 3}]},
      "balance": {"dimensions": ["a", "ghost"]},
      "dimensions": [
        {"id": "a", "title": {"en": "A", "fr": "A"}, "weight": 0, "items": [
          {"id": "x", "text": {"en": "X", "fr": "X"}},
          {"id": "x", "text": {"en": "X2"}, "weight": -1}
        ], "recommendations": [{"bands": ["nope"], "when": {"question": "q", "options": ["o"]}, "text": {"en": "r", "fr": "r"}}]},
        {"id": "b", "title": {"en": "B", "fr": "B"}, "items": [{"id": "c", "text": {"en": "C", "fr": "C"}, "kind": "comment", "reverse": true}]}
      ]
    }"#;
    let problems = Instrument::from_json(broken).expect_err("must be rejected");
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    for expected in [
        "id",
        "title",
        "anonymity_k",
        "scoring.bands[1].from",
        "scoring.stages",
        "balance.dimensions[1]",
        "dimensions[0].weight",
        "dimensions[0].items[1].id",
        "dimensions[0].items[1].text",
        "dimensions[0].items[1].weight",
        "dimensions[0].recommendations[0].bands[0]",
        "dimensions[0].recommendations[0].when.question",
        "dimensions[1].items",
        "dimensions[1].items[0].reverse",
    ] {
        assert!(paths.contains(&expected), "no problem reported at {expected}; got {problems:#?}");
    }
    // Messages say what is wrong in plain words.
    let weight = problems.iter().find(|d| d.path == "dimensions[0].weight").unwrap();
    assert!(weight.message.contains("above 0"), "{}", weight.message);
}

#[test]
fn unknown_fields_and_bad_json_say_where() {
    // A misspelt field is named at its path, together with every missing field, in one pass.
    let e =
        Instrument::from_json(r#"{"schema": 1, "idd": "x", "scoring": {"mode": "median", "bands": []}}"#).unwrap_err();
    let unknown = e.iter().find(|d| d.path == "idd").unwrap_or_else(|| panic!("{e:#?}"));
    assert!(unknown.message.contains("not part of the format"), "{e:?}");
    assert!(e.iter().any(|d| d.path.is_empty() && d.message.contains("\"id\" is missing")), "{e:#?}");
    let mode = e.iter().find(|d| d.path == "scoring.mode").unwrap_or_else(|| panic!("{e:#?}"));
    assert!(mode.message.contains("\"mean\", \"sum\", \"stage\""), "{}", mode.message);
    // A wrong type names what was expected and what was found.
    let e = Instrument::from_json(r#"{"schema": "1"}"#).unwrap_err();
    assert!(e.iter().any(|d| d.path == "schema" && d.message == "expected a whole number, found a string"), "{e:#?}");
    let e = Instrument::from_json("{\n  \"schema\": 1,\n  \"id\": \n}").unwrap_err();
    assert!(e[0].path.starts_with("line 4"), "{e:?}");
    let huge = " ".repeat(partnerscope_core::instrument::MAX_INSTRUMENT_BYTES + 1);
    assert!(Instrument::from_json(&huge).unwrap_err()[0].message.contains("limit"));
}

/// A hostile file just under the size limit: one object with 85,000 keys. It must be refused
/// promptly (a quadratic duplicate-key check once took 16 s natively) and say why.
#[test]
fn an_object_with_a_huge_number_of_keys_is_refused_promptly() {
    let mut text = String::from("{");
    for i in 0..85_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"k{i}\":0"));
    }
    text.push('}');
    assert!(text.len() < partnerscope_core::instrument::MAX_INSTRUMENT_BYTES);
    let e = Instrument::from_json(&text).unwrap_err();
    assert!(e.iter().any(|d| d.path == "k0" && d.message.contains("not part of the format")), "{:?}", &e[..3]);
    // A repeated key among them is still found.
    let repeated = text.replacen("\"k84999\"", "\"k7\"", 1);
    let e = Instrument::from_json(&repeated).unwrap_err();
    assert!(e[0].message.contains("\"k7\" appears twice"), "{:?}", e[0]);
}

#[test]
fn sum_total_bands_must_cover_the_total_range() {
    let shifted = SUM35.replace(r#""from": 35"#, r#""from": 30"#);
    let e = Instrument::from_json(&shifted).unwrap_err();
    assert!(e.iter().any(|d| d.path == "scoring.total_bands[0].from"), "{e:#?}");
}

// ---------------------------------------------------------------- scoring one response

#[test]
fn mean40_golden() {
    let inst = load(MEAN40);
    // Every factor: first item 5, second item 2; reverse-worded second items count as 4.
    let mut s = Sheet::empty(&inst, "r", "en");
    for d in 0..20 {
        let items = inst.dimension_items(d);
        s.set_answer(&inst, items.start, Some(Answer::Value(5))).unwrap();
        s.set_answer(&inst, items.start + 1, Some(Answer::Value(2))).unwrap();
    }
    let scores = score(&inst, &s);
    let reversed = inst.dimensions().iter().filter(|d| d.items[1].reverse).count();
    assert_eq!(reversed, 7);
    for (d, dim) in inst.dimensions().iter().enumerate() {
        let expected = if dim.items[1].reverse { 4.5 } else { 3.5 };
        assert_eq!(scores.dimensions[d].mean, Some(expected));
        assert_eq!(scores.dimensions[d].index, Some((expected - 1.0) / 4.0 * 100.0));
    }
    let overall = scores.overall.unwrap();
    assert!(close(overall.score, (13.0 * 3.5 + 7.0 * 4.5) / 20.0));
    assert!(close(overall.score, 3.85));
    assert_eq!(inst.doc().scoring.bands[overall.band].id, "borderline");
}

#[test]
fn sum35_golden_and_band_edges() {
    let inst = load(SUM35);
    let band = |s: &Sheet| {
        let o = score(&inst, s).overall.unwrap();
        (o.score, inst.doc().scoring.total_bands[o.band].id.clone())
    };
    assert_eq!(band(&uniform(&inst, "a", None, 5)), (175.0, "strong".into()));
    assert_eq!(band(&uniform(&inst, "a", None, 1)), (35.0, "weak".into()));
    // 14 items at 3 and 21 at 2: 84, the top of "weak"; one more 3 makes 85, "developing".
    let mut s = uniform(&inst, "a", None, 2);
    for i in 0..14 {
        s.set_answer(&inst, i, Some(Answer::Value(3))).unwrap();
    }
    assert_eq!(band(&s), (84.0, "weak".into()));
    s.set_answer(&inst, 14, Some(Answer::Value(3))).unwrap();
    assert_eq!(band(&s), (85.0, "developing".into()));
    // 126 and 127.
    let mut s = uniform(&inst, "a", None, 4);
    s.set_answer(&inst, 0, Some(Answer::Value(2))).unwrap();
    s.set_answer(&inst, 1, Some(Answer::Value(2))).unwrap();
    assert_eq!(band(&s), (136.0, "strong".into()));
    let mut s = uniform(&inst, "a", None, 4);
    for i in 0..14 {
        s.set_answer(&inst, i, Some(Answer::Value(3))).unwrap();
    }
    s.set_answer(&inst, 14, Some(Answer::Value(3))).unwrap();
    assert_eq!(band(&s), (125.0, "developing".into()));
}

#[test]
fn not_applicable_is_excluded_and_counted_and_totals_are_prorated() {
    let inst = load(SUM35);
    let mut s = uniform(&inst, "a", None, 4);
    s.set_answer(&inst, 0, Some(Answer::NotApplicable)).unwrap();
    let scores = score(&inst, &s);
    let first = &scores.dimensions[0];
    assert_eq!((first.answered, first.not_applicable, first.unanswered), (4, 1, 0));
    assert_eq!(first.mean, Some(4.0));
    assert_eq!(first.sum, Some(20.0));
    assert_eq!(scores.overall.unwrap().score, 140.0);
}

#[test]
fn too_few_answers_is_not_a_number() {
    let inst = load(HEALTH);
    // Power has three items: one answer and two "not applicable" is a third, under half.
    let s = sheet(&inst, "r", None, &[("p1", 5), ("p2", 0), ("p3", 0)]);
    let scores = score(&inst, &s);
    assert_eq!(scores.dimensions[0].mean, None);
    assert_eq!(scores.dimensions[0].band, None);
    let s = sheet(&inst, "r", None, &[("p1", 5), ("p2", 1), ("p3", 0)]);
    assert_eq!(score(&inst, &s).dimensions[0].mean, Some(5.0));
}

fn health_profile(inst: &Instrument, power: i32, trust: i32, impact: i32) -> Sheet {
    // p2 is reverse-worded: answering 6 - x makes it count as x.
    sheet(
        inst,
        "r",
        Some(0),
        &[
            ("p1", power),
            ("p2", 6 - power),
            ("p3", power),
            ("t1", trust),
            ("t2", trust),
            ("i1", impact),
            ("i2", impact),
        ],
    )
}

#[test]
fn balance_lowers_a_lopsided_profile_and_names_the_weakest_side() {
    let inst = load(HEALTH);
    let lopsided = score(&inst, &health_profile(&inst, 4, 2, 3));
    let balanced = score(&inst, &health_profile(&inst, 3, 3, 3));
    let (lo, ba) = (lopsided.overall.clone().unwrap(), balanced.overall.unwrap());
    // Weighted mean (4 + 2 + 2*3) / 4 = 3 for both; the lopsided one loses its mean absolute
    // deviation, (1 + 1 + 0) / 3.
    assert!(close(lo.unpenalised, 3.0) && close(ba.unpenalised, 3.0));
    assert!(close(lo.score, 3.0 - 2.0 / 3.0));
    assert!(close(ba.score, 3.0));
    let balance = lopsided.balance.unwrap();
    assert!(!balance.balanced);
    assert_eq!(inst.dimensions()[balance.weakest].id, "trust");
    assert_eq!(inst.dimensions()[balance.strongest].id, "power");
    assert!(close(balance.spread, 2.0));
    assert_eq!(inst.doc().scoring.bands[lo.band].id, "concern");
    assert_eq!(lopsided.weakest, Some(1));
    assert_eq!(lopsided.strongest, Some(0));
}

#[test]
fn recommendations_follow_band_and_context() {
    let inst = load(HEALTH);
    let texts = |s: &Sheet| -> Vec<String> {
        score(&inst, s)
            .advice
            .iter()
            .map(|a| inst.dimensions()[a.dimension].recommendations[a.recommendation].text.get("en").to_owned())
            .collect()
    };
    let mut s = health_profile(&inst, 2, 1, 4);
    // Weakest first: trust (1) then power (2); impact is a strength with no advice.
    assert_eq!(texts(&s), ["trust-low", "power-low"]);
    s.set_context(&inst, 0, Some(1)).unwrap(); // joint venture
    assert_eq!(texts(&s), ["trust-low-broker", "trust-low", "power-low"]);
    s.set_context(&inst, 0, Some(0)).unwrap(); // project
    assert_eq!(texts(&s), ["trust-low", "power-low"]);
}

#[test]
fn stage_placement() {
    let inst = load(STAGED);
    let place = |a: i32, b: i32, c: i32| {
        let s = sheet(&inst, "r", None, &[("a1", a), ("a2", a), ("b1", b), ("b2", b), ("c1", c), ("c2", c)]);
        score(&inst, &s).stage.unwrap()
    };
    let p = place(4, 3, 5);
    assert_eq!(p.stages, [StageStatus::Met, StageStatus::NotMet, StageStatus::Met]);
    assert_eq!(p.reached, Some(0));
    assert_eq!(place(4, 4, 4).reached, Some(2));
    assert_eq!(place(3, 4, 4).reached, None);
    let unknown = place(0, 4, 4);
    assert_eq!(unknown.stages[0], StageStatus::Unknown);
    assert_eq!(unknown.reached, None);
}

// ---------------------------------------------------------------- responses, codes, CSV

fn rich_sheet(inst: &Instrument) -> Sheet {
    let mut s = health_profile(inst, 4, 2, 3);
    s.set_id("5f2b9c").unwrap();
    s.set_group(inst, Some(1)).unwrap();
    s.set_context(inst, 0, Some(1)).unwrap();
    s.set_round("2026 spring").unwrap();
    s.set_date(Some("2026-11-22")).unwrap();
    s.set_answer(inst, inst.item_idx("t2").unwrap(), Some(Answer::NotApplicable)).unwrap();
    s.set_comment(inst, inst.item_idx("note").unwrap(), "Meetings, \"often\" late;\nsee =A1 ☺").unwrap();
    s
}

#[test]
fn response_json_round_trips_and_is_checked() {
    let inst = load(HEALTH);
    let s = rich_sheet(&inst);
    let json = s.to_response(&inst).to_json();
    let back = Sheet::check(&inst, &Response::from_json(&json).unwrap()).unwrap();
    assert_eq!(back, s);

    let wrong = response_json("health", "1", "x", r#"{"p1": 9, "zz": 3, "note": 2, "t1": "na"}"#);
    let problems = Sheet::check(&inst, &Response::from_json(&wrong).unwrap()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["version"], "a version mismatch is reported alone: {problems:#?}");
    let wrong = response_json("health", "2", "x y", r#"{"p1": 9, "zz": 3, "note": 2}"#);
    let problems = Sheet::check(&inst, &Response::from_json(&wrong).unwrap()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["id", "answers.note", "answers.p1", "answers.zz"]);
    assert!(
        Response::from_json(
            r#"{"schema":1,"id":"a","instrument":"health","version":"2","lang":"en","answers":{"p1":"five"}}"#
        )
        .unwrap_err()
        .message
        .contains("not an answer")
    );
}

#[test]
fn response_json_is_written_exactly_as_serde_would() {
    let inst = load(HEALTH);
    let mut response = rich_sheet(&inst).to_response(&inst);
    response.comments.insert("weird \"key\"\n".into(), "text with \u{1} control, \u{e9}, \\ and </script>".into());
    response.context.insert("q\t".into(), "o\u{2028}".into());
    assert_eq!(response.to_json(), serde_json::to_string(&response).unwrap());
    let bare = Response { group: None, date: None, comments: Default::default(), ..response };
    assert_eq!(bare.to_json(), serde_json::to_string(&bare).unwrap());
}

#[test]
fn response_code_round_trips_exactly() {
    let inst = load(HEALTH);
    let s = rich_sheet(&inst);
    let text = code::encode(&inst, &s);
    assert!(text.starts_with(code::PREFIX));
    assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{text}");
    let back = code::decode(&inst, &text).unwrap();
    assert_eq!(Sheet::check(&inst, &back).unwrap(), s);
    // An empty response too.
    let empty = Sheet::empty(&inst, "e", "fr");
    assert_eq!(Sheet::check(&inst, &code::decode(&inst, &code::encode(&inst, &empty)).unwrap()).unwrap(), empty);
}

#[test]
fn a_mistyped_code_is_rejected_with_a_clear_message() {
    let inst = load(HEALTH);
    let text = code::encode(&inst, &rich_sheet(&inst));
    // Change every character in turn to another valid one: each must be caught.
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for at in code::PREFIX.len()..text.len() {
        let original = text.as_bytes()[at] as char;
        let replacement = alphabet.chars().find(|c| *c != original).unwrap();
        let mut typo = text.clone();
        typo.replace_range(at..=at, &replacement.to_string());
        let err = code::decode(&inst, &typo).unwrap_err();
        assert!(err.message.contains("damaged") || err.message.contains("characters"), "{at}: {err}");
    }
    let cut = &text[..text.len() - 3];
    assert!(code::decode(&inst, cut).is_err());
    assert!(code::decode(&inst, "hello").unwrap_err().message.contains("starts with"));
    let other = load(STAGED);
    let msg = code::decode(&other, &text).unwrap_err().message;
    assert!(msg.contains("\"health\" version 2"), "{msg}");
}

#[test]
fn pasted_codes_are_split_and_rejoined_when_wrapped() {
    let inst = load(HEALTH);
    let a = code::encode(&inst, &rich_sheet(&inst));
    let b = code::encode(&inst, &Sheet::empty(&inst, "b", "en"));
    let wrapped = format!("{}\n{}, {}", &a[..20], &a[20..], b);
    assert_eq!(code::split_codes(&wrapped).unwrap(), [a, b]);
}

#[test]
fn csv_round_trips_and_neutralises_formulas() {
    let inst = load(HEALTH);
    let mut s = rich_sheet(&inst);
    s.set_round("=HYPERLINK(\"http://x\")").unwrap();
    let other = Sheet::empty(&inst, "second", "en");
    let text = csv::export(&inst, &[s.clone(), other.clone()]);
    for line in text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula-like cell exported: {cell}");
        }
    }
    assert!(text.contains("'=HYPERLINK"));
    let mut data = Dataset::new();
    csv::import(&inst, &text, &mut data).unwrap();
    assert_eq!(data.rejected, []);
    assert_eq!(data.sheets, [s, other]);
}

#[test]
fn csv_bad_rows_are_rejected_one_by_one_and_bad_headers_stop_the_import() {
    let inst = load(HEALTH);
    let text = "response_id,instrument,version,lang,p1,t1\r\n\
                a,health,2,en,4,3\r\n\
                b,health,2,en,seven,3\r\n\
                c,health,2,en,9,3\r\n\
                d,health,1,en,4,3\r\n\
                e,health,2,en,4\r\n\
                a,health,2,en,4,3\r\n";
    let mut data = Dataset::new();
    csv::import(&inst, text, &mut data).unwrap();
    assert_eq!(data.sheets.len(), 1);
    assert_eq!(data.duplicates, 1);
    let origins: Vec<&str> = data.rejected.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(origins, ["line 3", "line 4", "line 5", "line 6"]);
    assert!(data.rejected[0].message.contains("seven"));
    assert!(data.rejected[2].message.contains("version 1"));

    let mut data = Dataset::new();
    let e = csv::import(&inst, "response_id,instrument,version,lang,bogus\r\n", &mut data).unwrap_err();
    assert!(e[0].message.contains("bogus"));
    assert!(csv::import(&inst, "\"unterminated,x\n", &mut data).unwrap_err()[0].message.contains("never closed"));
    assert!(csv::import(&inst, "", &mut data).unwrap_err()[0].message.contains("empty"));
    assert!(data.sheets.is_empty());
}

// ---------------------------------------------------------------- aggregation and anonymity

fn uniform_health(inst: &Instrument, id: &str, group: Option<usize>, x: i32) -> Sheet {
    let mut s = health_profile(inst, x, x, x);
    s.set_id(id).unwrap();
    s.set_group(inst, group).unwrap();
    s
}

#[test]
fn group_figures_gaps_and_alpha() {
    let inst = load(HEALTH); // k = 3
    let mut sheets: Vec<Sheet> =
        [3, 4, 5].iter().enumerate().map(|(i, x)| uniform_health(&inst, &format!("s{i}"), Some(0), *x)).collect();
    sheets.extend((0..3).map(|i| uniform_health(&inst, &format!("p{i}"), Some(1), 2)));
    let report = aggregate::aggregate(&inst, &sheets);
    let staff = report.figures(Segment::Group(0)).unwrap();
    let power = staff.dimension(0).unwrap();
    assert_eq!(power.summary().n(), 3);
    assert!(close(power.summary().mean(), 4.0));
    assert!(close(power.summary().sd().unwrap(), 1.0));
    let (lo, hi) = power.summary().ci95().unwrap();
    assert!(close(hi - 4.0, 4.302_652_729_749 / 3f64.sqrt()) && close(4.0 - lo, 4.302_652_729_749 / 3f64.sqrt()));
    assert_eq!(power.summary().histogram(), [0, 0, 1, 1, 1]);
    assert_eq!(power.consistency().unwrap().alpha(), Alpha::Value(1.0));
    // Item distribution as chosen: p2 is answered 6 - x.
    assert_eq!(staff.item(inst.item_idx("p2").unwrap()).unwrap().unwrap().counts(), [1, 1, 1, 0, 0]);
    let partners = report.figures(Segment::Group(1)).unwrap();
    assert!(matches!(partners.dimension(0).unwrap().consistency().unwrap().alpha(), Alpha::NoVariance));
    // Partners minus staff: -2, past the 0.5 threshold, but three staff answering 3, 4 and 5
    // cannot tell it from zero: Welch's interval, se^2 = 1/3, df = 2, is -2 +- 4.302653/sqrt(3).
    let gap = report.gaps().iter().find(|g| g.dimension() == 1).unwrap();
    assert_eq!((gap.earlier(), gap.later()), (0, 1));
    assert!(close(gap.difference(), -2.0));
    let (lo, hi) = gap.ci95().unwrap();
    let half = 4.302_652_729_749 / 3f64.sqrt();
    assert!(close(lo, -2.0 - half) && close(hi, -2.0 + half), "{lo} {hi}");
    assert!(!gap.flagged(), "an interval that holds zero is not flagged");
    assert_eq!(report.figures(Segment::All).unwrap().n(), 6);
    // Three more staff alike: se^2 = 0.8/6, df = 5, the interval -2 +- 2.570582 * sqrt(0.8/6)
    // excludes zero, and the gap is flagged.
    sheets.extend([3, 4, 5].iter().enumerate().map(|(i, x)| uniform_health(&inst, &format!("t{i}"), Some(0), *x)));
    let report = aggregate::aggregate(&inst, &sheets);
    let gap = report.gaps().iter().find(|g| g.dimension() == 1).unwrap();
    let (lo, hi) = gap.ci95().unwrap();
    let half = 2.570_581_835_636 * (0.8f64 / 6.0).sqrt();
    assert!(close(lo, -2.0 - half) && close(hi, -2.0 + half), "{lo} {hi}");
    assert!(gap.flagged());
}

#[test]
fn small_groups_are_withheld_and_cannot_be_recovered_by_subtraction() {
    let inst = load(HEALTH); // k = 3
    let mut sheets: Vec<Sheet> = (0..4).map(|i| uniform_health(&inst, &format!("s{i}"), Some(0), 4)).collect();
    sheets.extend((0..2).map(|i| uniform_health(&inst, &format!("p{i}"), Some(1), 1)));
    let report = aggregate::aggregate(&inst, &sheets);
    let partners = report.segments().iter().find(|g| g.segment() == Segment::Group(1)).unwrap();
    assert_eq!(partners.figures().err(), Some(Withheld::FewerThanK));
    // All (6) minus staff (4) would be the two partners: withheld.
    let all = report.segments().iter().find(|g| g.segment() == Segment::All).unwrap();
    assert_eq!(all.figures().err(), Some(Withheld::WouldRevealSmallGroup));
    assert!(report.gaps().is_empty(), "no gap from a withheld group");
    // The reason is in the report's types (the notes that repeated it in words are gone).
    assert!(report.segments().iter().any(|g| g.segment() == Segment::Group(1) && g.figures().is_err()));
    // Once the small groups together reach k, "all" is safe to show.
    sheets.push(uniform_health(&inst, "u0", None, 3));
    let report = aggregate::aggregate(&inst, &sheets);
    assert_eq!(report.figures(Segment::All).unwrap().n(), 7);
    assert!(report.figures(Segment::Ungrouped).is_none());
}

#[test]
fn dimensions_scored_by_fewer_than_k_are_withheld_inside_a_shown_group() {
    let inst = load(HEALTH);
    let mut sheets: Vec<Sheet> = (0..3).map(|i| uniform_health(&inst, &format!("s{i}"), Some(0), 4)).collect();
    // Two of three say "not applicable" to all of trust.
    for s in &mut sheets[..2] {
        for id in ["t1", "t2"] {
            s.set_answer(&inst, inst.item_idx(id).unwrap(), Some(Answer::NotApplicable)).unwrap();
        }
    }
    let report = aggregate::aggregate(&inst, &sheets);
    let staff = report.figures(Segment::Group(0)).unwrap();
    assert!(staff.dimension(1).is_err());
    assert!(staff.dimension(0).is_ok());
}

#[test]
fn rounds_compare_and_duplicates_and_other_instruments_are_refused() {
    let inst = load(HEALTH);
    let mut data = Dataset::new();
    let mut lines = String::new();
    for (round, x) in [("r1", 3), ("r2", 4)] {
        for i in 0..3 {
            let mut s = uniform_health(&inst, &format!("{round}-{i}"), Some(0), x);
            s.set_round(round).unwrap();
            lines.push_str(&s.to_response(&inst).to_json());
            lines.push('\n');
        }
    }
    lines.push_str(&uniform_health(&inst, "r1-0", Some(0), 5).to_response(&inst).to_json());
    lines.push_str("\n\n{not json}\n");
    lines.push_str(&response_json("staged", "1", "q", "{}"));
    data.add_json_lines(&inst, &lines);
    assert_eq!(data.sheets.len(), 6);
    assert_eq!(data.duplicates, 1);
    assert_eq!(data.rejected.len(), 2);
    assert_eq!(data.rejected[0].path, "line 9");
    assert!(data.rejected[1].message.contains("\"staged\""), "{:?}", data.rejected[1]);
    assert_eq!(data.rounds(), ["r1", "r2"]);
    let before = aggregate::aggregate(&inst, &data.round("r1"));
    let after = aggregate::aggregate(&inst, &data.round("r2"));
    let changes = aggregate::compare(&inst, &before, &after);
    let power = changes.iter().find(|c| c.segment() == Segment::Group(0) && c.dimension() == Some(0)).unwrap();
    assert!(close(power.previous(), 3.0) && close(power.current(), 4.0) && power.flagged());
}

// ---------------------------------------------------------------- scores as JSON

#[test]
fn scores_as_json_name_everything_by_id_and_parse_back() {
    let inst = load(HEALTH);
    let scores = score(&inst, &health_profile(&inst, 4, 2, 3));
    let json = scores.to_json(&inst);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["overall"]["score"], serde_json::json!(2.333333));
    assert_eq!(value["overall"]["unpenalised"], serde_json::json!(3));
    assert_eq!(value["overall"]["band"], "concern");
    assert_eq!(value["dimensions"][1]["id"], "trust");
    assert_eq!(value["dimensions"][1]["mean"], serde_json::json!(2));
    assert_eq!(value["balance"]["balanced"], false);
    assert_eq!(value["balance"]["weakest"], "trust");
    assert_eq!(value["weakest"], "trust");
    assert!(value.get("stage").is_none());
    // Not enough answers is null, not zero.
    let empty = Sheet::empty(&inst, "e", "en");
    let value: serde_json::Value = serde_json::from_str(&score(&inst, &empty).to_json(&inst)).unwrap();
    assert!(value["overall"].is_null() && value["dimensions"][0]["mean"].is_null());
}

// ---------------------------------------------------------------- built-in instruments

#[test]
fn health_check_worked_example_names_the_imbalance_and_suggests_a_broker() {
    let inst = builtin::all().into_iter().find(|i| i.id() == "health-check").unwrap();
    // Power 5, trust 2, impact 3, the other three dimensions 4 (reverse-worded items mirrored).
    let mut answers = vec![("pw1", 5), ("pw2", 5), ("pw3", 1), ("pw4", 5)];
    answers.extend([("tr1", 2), ("tr2", 2), ("tr3", 2), ("tr4", 2)]);
    answers.extend([("im1", 3), ("im2", 3), ("im3", 3), ("im4", 3)]);
    answers.extend([("gv1", 4), ("gv2", 4), ("gv3", 4), ("gv4", 4)]);
    answers.extend([("pr1", 4), ("pr2", 4), ("pr3", 4), ("pr4", 2)]);
    answers.extend([("fc1", 4), ("fc2", 4), ("fc3", 4), ("fc4", 4)]);
    let mut s = sheet(&inst, "r", Some(1), &answers);
    s.set_context(&inst, 1, Some(1)).unwrap(); // a long-term alliance
    let scores = score(&inst, &s);
    let means: Vec<f64> = scores.dimensions.iter().map(|d| d.mean.unwrap()).collect();
    assert_eq!(means, [5.0, 2.0, 3.0, 4.0, 4.0, 4.0]);
    let overall = scores.overall.unwrap();
    // Mean 22/6; the balanced three (5, 2, 3) deviate from 10/3 by 5/3, 4/3 and 1/3: 10/9 on average.
    assert!(close(overall.unpenalised, 22.0 / 6.0));
    assert!(close(overall.score, 22.0 / 6.0 - 10.0 / 9.0));
    assert_eq!(inst.doc().scoring.bands[overall.band].id, "concern");
    let balance = scores.balance.unwrap();
    assert!(!balance.balanced);
    assert_eq!(inst.dimensions()[balance.weakest].id, "trust");
    let first = &scores.advice[0];
    assert_eq!(inst.dimensions()[first.dimension].id, "trust");
    assert!(first.contextual);
    assert!(
        inst.dimensions()[1].recommendations[first.recommendation]
            .text
            .get("en")
            .contains("independent partnership broker")
    );
    // Every dimension in every band has advice in every language.
    for (d, dim) in inst.dimensions().iter().enumerate() {
        for band in inst.dimension_bands(d) {
            assert!(
                dim.recommendations.iter().any(|r| r.when.is_none() && r.bands.contains(&band.id)),
                "{} has no advice for {}",
                dim.id,
                band.id
            );
        }
    }
}
