//! The built-in instruments: every concept DESIGN.md lists for each one is covered by an item
//! (or a context question, stage or rule), every worked example in `docs/instruments.md` holds,
//! and low or lopsided responses get the advice a practitioner would expect.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::*;
use partnerscope_core::instrument::ItemKind;
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::score::{Scores, score};
use partnerscope_core::{Instrument, builtin};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn instrument(id: &str) -> Instrument {
    builtin::by_id(id).unwrap_or_else(|| panic!("no built-in instrument {id}"))
}

/// The instrument file as written in the repository.
fn original(id: &str) -> &'static str {
    match id {
        "fit-for-partnering" => include_str!("../instruments/fit-for-partnering.json"),
        "health-check" => include_str!("../instruments/health-check.json"),
        "peer-learning" => include_str!("../instruments/peer-learning.json"),
        "capabilities" => include_str!("../instruments/capabilities.json"),
        "environment" => include_str!("../instruments/environment.json"),
        "demo" => include_str!("../instruments/demo.json"),
        _ => panic!("no file for {id}"),
    }
}

/// `(instrument, seed file, concept, what covers it)`. A cover is an item id, `context:ID`,
/// `stage:ID`, `group:ID`, or `balance:DIMENSION`.
const COVERAGE: &[(&str, &str, &str, &[&str])] = &[
    (
        "fit-for-partnering",
        "000",
        "survey of staff and partners (how others see us)",
        &["group:staff", "group:partner", "le1"],
    ),
    ("fit-for-partnering", "000", "the summit of leaders and managers", &["le3"]),
    ("fit-for-partnering", "000", "an action plan", &["le3"]),
    ("fit-for-partnering", "000", "strategy and leadership", &["st1", "st2", "st3"]),
    ("fit-for-partnering", "000", "systems and processes", &["sy1", "sy3"]),
    ("fit-for-partnering", "000", "staff and skills", &["pe1", "pe2", "pe3"]),
    ("fit-for-partnering", "000", "culture", &["cu1", "cu2", "cu4"]),
    ("fit-for-partnering", "000", "the right partners rather than more partners", &["se2", "se1", "se3"]),
    ("fit-for-partnering", "000", "capabilities grown over time", &["le4"]),
    ("fit-for-partnering", "000", "hearing partners' voices", &["le1", "le2"]),
    ("fit-for-partnering", "000", "partnering data and review", &["sy2", "sy3"]),
    ("fit-for-partnering", "000", "return on partnering investment", &["sy4"]),
    ("fit-for-partnering", "000", "learning over time and impact on people served", &["le4", "le5"]),
    ("health-check", "001", "power need not be equal but must be transparent", &["pw1", "pw2", "pw3", "pw4"]),
    ("health-check", "001", "trust in a genuine common purpose", &["tr1", "tr2"]),
    ("health-check", "001", "real impact, not just process", &["im1", "im3"]),
    (
        "health-check",
        "001",
        "power, trust and impact in balance",
        &["balance:power", "balance:trust", "balance:impact"],
    ),
    ("health-check", "001", "geographical scale", &["context:scale"]),
    ("health-check", "001", "structure from affinity or project to joint venture or merger", &["context:structure"]),
    ("health-check", "001", "complexity of outcomes", &["context:outcomes"]),
    ("health-check", "000", "staying true to purpose", &["gv1"]),
    ("health-check", "000", "fit-for-purpose process and governance", &["gv2", "gv3", "gv4"]),
    ("health-check", "000", "navigating power dynamics and difficult conversations", &["fc2", "fc3", "pw4"]),
    ("health-check", "000", "principled relationships and horizontal accountability", &["pr1", "pr2", "pr3", "pr4"]),
    ("health-check", "000", "a facilitator, internal or external, with a mandate", &["fc1"]),
    ("peer-learning", "002", "step: mutual responsibility", &["mu1"]),
    ("peer-learning", "002", "step: equitable relationships", &["eq1", "eq2"]),
    ("peer-learning", "002", "step: open discussion", &["op1", "op3"]),
    ("peer-learning", "002", "step: active collaboration", &["cl1"]),
    ("peer-learning", "002", "step: shared planning", &["mu2", "mu3"]),
    ("peer-learning", "002", "principle: horizontal and non-conditional", &["eq3", "eq1"]),
    ("peer-learning", "002", "principle: sufficient time", &["co2"]),
    ("peer-learning", "002", "principle: mutual results", &["ou2"]),
    ("peer-learning", "002", "principle: political context", &["cx1"]),
    ("peer-learning", "002", "principle: starting small", &["cl4"]),
    ("peer-learning", "002", "principle: focus on the individual", &["ou1", "cl2"]),
    ("peer-learning", "002", "principle: empowerment and gender mainstreaming", &["cl2", "cl3"]),
    ("peer-learning", "002", "principle: humility", &["eq4", "eq2"]),
    ("peer-learning", "002", "principle: trust", &["op2"]),
    ("peer-learning", "002", "principle: visibility of learning", &["sc1"]),
    ("peer-learning", "002", "principle: impact and real change", &["sc3"]),
    ("peer-learning", "002", "four steps: foundational engagement", &["stage:engagement", "en2"]),
    ("peer-learning", "002", "four steps: sustained contact", &["stage:contact", "co1"]),
    ("peer-learning", "002", "four steps: learning outcomes", &["stage:outcomes", "ou1"]),
    ("peer-learning", "002", "four steps: learning applied at scale", &["stage:scale", "sc2"]),
    ("peer-learning", "002", "challenge: finding and matching peers", &["en1", "en3"]),
    ("peer-learning", "002", "challenge: cultural differences", &["cx2"]),
    ("peer-learning", "002", "challenge: trust", &["op2"]),
    ("peer-learning", "002", "challenge: choosing activities", &["cx3"]),
    ("capabilities", "000", "communication", &["cm1", "cm2"]),
    ("capabilities", "000", "strategic planning", &["pl1", "pl2"]),
    ("capabilities", "000", "ideation", &["id1", "id2"]),
    ("capabilities", "000", "networking", &["nw1", "nw2"]),
    ("capabilities", "000", "marketing", &["mk1", "mk2"]),
    ("capabilities", "000", "collaboration", &["cb1", "cb2", "cb3"]),
    ("capabilities", "000", "innovation", &["in1", "in2"]),
    ("capabilities", "000", "negotiation", &["ng1", "ng2"]),
    ("capabilities", "000", "acquisition", &["aq1", "aq2"]),
    ("capabilities", "000", "programme management", &["pm1", "pm2"]),
    ("capabilities", "000", "empathy: what the partnership offers the other side", &["em1", "em2", "em3"]),
    ("environment", "000", "government as facilitator of national development", &["gov1", "gov2", "gov3"]),
    ("environment", "000", "supportive policy framework: a national plan carrying the SDGs", &["po1", "po2"]),
    ("environment", "000", "sector plans", &["po3"]),
    ("environment", "000", "regular consultation creating ownership and buy-in", &["cs1", "cs2", "cs3"]),
    ("environment", "000", "framework for decentralised local action", &["lo1", "lo2", "lo3"]),
    ("environment", "000", "feedback loops from local to national", &["fb1", "fb2", "fb4"]),
    ("environment", "000", "multi-stakeholder working groups for monitoring and oversight", &["mo1", "mo2"]),
    (
        "environment",
        "000",
        "respondents from government, civil society and business",
        &["group:government", "group:civil", "group:private", "group:development"],
    ),
];

#[test]
fn every_seed_concept_is_covered() {
    for (id, seed, concept, covers) in COVERAGE {
        let inst = instrument(id);
        let doc = inst.doc();
        for cover in *covers {
            let found = match cover.split_once(':') {
                Some(("context", q)) => doc.context.iter().any(|c| c.id == q),
                Some(("stage", s)) => doc.scoring.stages.iter().any(|x| x.id == s),
                Some(("group", g)) => inst.group_idx(g).is_some(),
                Some(("balance", d)) => doc.balance.as_ref().is_some_and(|b| b.dimensions.iter().any(|x| x == d)),
                _ => inst.item_idx(cover).is_some_and(|i| inst.item(i).kind == ItemKind::Scale),
            };
            assert!(found, "{id}: concept \"{concept}\" (seed {seed}) names {cover}, which the instrument lacks");
        }
    }
    // Each offered instrument appears in the table, and each dimension names its seed (in the
    // file as written: the copy compiled into the product leaves the notes out).
    for id in builtin::offered() {
        assert!(COVERAGE.iter().any(|c| c.0 == id), "{id} has no coverage rows");
        let file = Instrument::from_json(original(id)).unwrap();
        assert_eq!(file.item_count(), instrument(id).item_count());
        for dim in file.dimensions() {
            let source = dim.source.as_deref().unwrap_or("");
            assert!(["000", "001", "002"].iter().any(|s| source.starts_with(s)), "{id}/{}: no seed named", dim.id);
        }
    }
}

#[test]
fn every_instrument_is_the_right_length_and_fully_advised_in_five_languages() {
    for id in builtin::offered() {
        let inst = instrument(id);
        let scored = (0..inst.item_count()).filter(|&i| inst.item(i).kind == ItemKind::Scale).count();
        assert!((20..=40).contains(&scored), "{id}: {scored} scored items");
        assert_eq!(inst.doc().locales, LOCALES, "{id}");
        assert!((0..inst.item_count()).any(|i| inst.item(i).reverse), "{id} has no reverse-worded item");
        for (d, dim) in inst.dimensions().iter().enumerate() {
            for band in inst.dimension_bands(d) {
                assert!(
                    dim.recommendations.iter().any(|r| r.when.is_none() && r.bands.contains(&band.id)),
                    "{id}/{}: no advice for band {}",
                    dim.id,
                    band.id
                );
            }
        }
        // One idea per item: no item joins two things with "and" in a way a respondent could rate
        // differently. A cheap guard: no English statement is longer than 110 characters, and no
        // comment question (a question and what would help answer it) longer than 130.
        for i in 0..inst.item_count() {
            let text = inst.item(i).text.get("en");
            let limit = if inst.item(i).kind == ItemKind::Comment { 130 } else { 110 };
            assert!(text.chars().count() <= limit, "{id}/{}: long item: {text}", inst.item(i).id);
        }
    }
}

/// Answers every scored item so that it counts as `value` after reverse coding, per dimension.
fn answer_by_dimension(inst: &Instrument, values: &[i32]) -> Sheet {
    let mut s = Sheet::empty(inst, "r", "en");
    for (d, value) in values.iter().enumerate() {
        for i in inst.dimension_items(d) {
            if inst.item(i).kind == ItemKind::Scale {
                let v = if inst.item(i).reverse { 6 - value } else { *value };
                s.set_answer(inst, i, Some(Answer::Value(v))).unwrap();
            }
        }
    }
    s
}

fn advice(inst: &Instrument, scores: &Scores) -> Vec<(String, bool)> {
    scores.advice.iter().map(|a| (inst.dimensions()[a.dimension].id.clone(), a.contextual)).collect()
}

fn band_of_overall(inst: &Instrument, scores: &Scores) -> String {
    inst.doc().scoring.bands[scores.overall.as_ref().unwrap().band].id.clone()
}

#[test]
fn fit_for_partnering_worked_example() {
    let inst = instrument("fit-for-partnering");
    // Strategy 4, systems 2, staff 3, culture 4, selection 5, learning 2.
    let mut s = answer_by_dimension(&inst, &[4, 2, 3, 4, 5, 2]);
    s.set_group(&inst, Some(1)).unwrap();
    s.set_context(&inst, 0, Some(0)).unwrap(); // new to the relationship
    let scores = score(&inst, &s);
    assert!(close(scores.overall.as_ref().unwrap().score, 20.0 / 6.0));
    assert_eq!(band_of_overall(&inst, &scores), "borderline");
    assert_eq!(inst.dimensions()[scores.strongest.unwrap()].id, "selection");
    assert_eq!(inst.dimensions()[scores.weakest.unwrap()].id, "systems");
    let got = advice(&inst, &scores);
    // Weakest first: systems (2) then learning (2, with the advice for newcomers first).
    assert_eq!(got[0], ("systems".into(), false));
    assert_eq!(got[1], ("learning".into(), true));
    assert_eq!(got[2], ("learning".into(), false));
    assert_eq!(got.len(), 7);
}

#[test]
fn peer_learning_worked_example_places_the_stage() {
    let inst = instrument("peer-learning");
    // Engagement 4, contact 4, outcomes 3, scale 2; practice dimensions 4.
    let s = answer_by_dimension(&inst, &[4, 4, 3, 2, 4, 4, 4, 4, 4]);
    let scores = score(&inst, &s);
    let stage = scores.stage.unwrap();
    assert_eq!(stage.reached, Some(1));
    assert_eq!(inst.doc().scoring.stages[1].id, "contact");
    assert!(close(scores.overall.unwrap().score, 33.0 / 9.0));
    // Scale is the weakest: its advice is to share insights back into home organisations.
    let first = &scores.advice[0];
    assert_eq!(inst.dimensions()[first.dimension].id, "scale");
    let text = inst.dimensions()[first.dimension].recommendations[first.recommendation].text.get("en");
    assert!(text.contains("home organisations"), "{text}");
    // A young partnership whose context fit is weak is told to start small.
    let mut young = answer_by_dimension(&inst, &[2, 2, 2, 2, 3, 3, 3, 3, 2]);
    young.set_context(&inst, 1, Some(0)).unwrap();
    let scores = score(&inst, &young);
    assert_eq!(scores.stage.as_ref().unwrap().reached, None);
    assert!(advice(&inst, &scores).contains(&("context".into(), true)));
}

#[test]
fn capabilities_worked_example_points_at_empathy() {
    let inst = instrument("capabilities");
    let mut values = vec![4; 11];
    values[10] = 1; // empathy
    values[7] = 3; // negotiation
    let mut s = answer_by_dimension(&inst, &values);
    s.set_context(&inst, 0, Some(0)).unwrap();
    let scores = score(&inst, &s);
    assert!(close(scores.overall.as_ref().unwrap().score, (9.0 * 4.0 + 1.0 + 3.0) / 11.0));
    let got = advice(&inst, &scores);
    assert_eq!(got[0], ("empathy".into(), true));
    assert_eq!(got[1], ("empathy".into(), false));
    assert_eq!(got[2], ("negotiation".into(), false));
}

#[test]
fn environment_worked_example() {
    let inst = instrument("environment");
    let mut s = answer_by_dimension(&inst, &[3, 4, 2, 2, 3, 3]);
    s.set_group(&inst, Some(1)).unwrap();
    s.set_context(&inst, 0, Some(1)).unwrap(); // local level
    let scores = score(&inst, &s);
    assert!(close(scores.overall.as_ref().unwrap().score, 17.0 / 6.0));
    assert_eq!(band_of_overall(&inst, &scores), "concern");
    let got = advice(&inst, &scores);
    assert_eq!(got[0], ("consultation".into(), false));
    assert_eq!(got[1], ("local".into(), true));
    assert_eq!(got[2], ("local".into(), false));
}

#[test]
fn health_check_lopsided_response_is_penalised_and_advised() {
    let inst = instrument("health-check");
    let lopsided = score(&inst, &answer_by_dimension(&inst, &[5, 1, 3, 3, 3, 3]));
    let balanced = score(&inst, &answer_by_dimension(&inst, &[3, 3, 3, 3, 3, 3]));
    assert!(close(lopsided.overall.as_ref().unwrap().unpenalised, 3.0));
    assert!(lopsided.overall.as_ref().unwrap().score < balanced.overall.as_ref().unwrap().score);
    assert_eq!(inst.dimensions()[lopsided.balance.as_ref().unwrap().weakest].id, "trust");
    assert_eq!(advice(&inst, &lopsided)[0], ("trust".into(), false));
}

/// Every shipped language, in the order the questionnaires declare them.
const LOCALES: [&str; 5] = ["en", "fr", "es", "ar", "pt"];

/// Every text object in a file as written (an object whose keys are all language codes), with
/// its path, and every string array under `scale.labels` (one label per scale point).
fn text_objects<'v>(
    value: &'v partnerscope_core::json::Value<'v>,
    path: &str,
    out: &mut Vec<(String, Vec<(&'v str, &'v str)>)>,
) {
    use partnerscope_core::json::Value;
    match value {
        Value::Object(members) => {
            let is_text = !members.is_empty()
                && members.iter().all(|(k, v)| LOCALES.contains(&k.as_ref()) && matches!(v, Value::String(_)));
            if is_text && !path.ends_with(".labels") {
                let texts = members
                    .iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => (k.as_ref(), s.as_ref()),
                        _ => unreachable!(),
                    })
                    .collect();
                out.push((path.to_owned(), texts));
            } else {
                for (k, v) in members {
                    text_objects(v, &format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                text_objects(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every questionnaire speaks all five languages in every one of its texts (titles, who answers,
/// scale labels and "don't know", groups, context questions and options, bands, stages, areas,
/// statements and their group wordings, advice), the demonstration excepted: it is English only
/// by design (a one-minute sample that tests and embedding examples load by id, never offered in
/// the picker). The validator would refuse a missing text too; this test also refuses a text in
/// an undeclared language and a declared language left out of the list.
#[test]
fn every_text_of_every_questionnaire_is_in_every_declared_language() {
    use partnerscope_core::json::parse;
    for id in builtin::IDS {
        let inst = instrument(id);
        let declared: Vec<&str> = inst.doc().locales.iter().map(String::as_str).collect();
        if *id == "demo" {
            assert_eq!(declared, ["en"], "the demo is English only by design");
        } else {
            assert_eq!(declared, LOCALES, "{id}");
        }
        let doc = parse(original(id)).unwrap();
        let mut texts = Vec::new();
        text_objects(&doc, id, &mut texts);
        assert!(texts.len() > 10, "{id}: only {} texts found", texts.len());
        for (path, text) in &texts {
            let locales: Vec<&str> = text.iter().map(|(l, _)| *l).collect();
            assert_eq!(locales, declared, "{path}: the languages of this text");
            for (locale, s) in text {
                assert!(!s.trim().is_empty(), "{path}.{locale} is empty");
            }
        }
        // Every scale label in every language, lowest first, through the instrument itself (the
        // built-in labels fill in English, French and Spanish).
        for locale in &declared {
            let labels = inst.scale_labels(locale);
            assert_eq!(labels.len(), 5, "{id}: scale labels in {locale}");
            assert!(labels.iter().all(|l| !l.trim().is_empty()), "{id}: an empty scale label in {locale}");
            // The instrument falls back to English for a language it lacks: each must be its own.
            if *locale != "en" {
                assert_ne!(labels, inst.scale_labels("en"), "{id}: the scale is English in {locale}");
                let na = inst.not_applicable_label(locale);
                assert_ne!(na, inst.not_applicable_label("en"), "{id}: \"don't know\" is English in {locale}");
            }
        }
    }
}

/// Every offered questionnaire asks for a comment, once or twice (issue 22): never scored, never
/// required, in every language, and the same scale in Arabic and Portuguese everywhere.
#[test]
fn every_questionnaire_asks_for_one_or_two_comments() {
    for id in builtin::offered() {
        let inst = instrument(id);
        let comments: Vec<usize> = (0..inst.item_count()).filter(|&i| inst.item(i).kind == ItemKind::Comment).collect();
        assert!((1..=2).contains(&comments.len()), "{id}: {} comment questions", comments.len());
        for &i in &comments {
            let item = inst.item(i);
            assert!(!item.reverse, "{id}/{}", item.id);
            assert!(!partnerscope_core::flow::is_required(&inst, i), "{id}/{}: a comment is never required", item.id);
            for locale in LOCALES {
                let text = item.text.0.get(locale).map_or("", String::as_str);
                assert!(!text.trim().is_empty(), "{id}/{}: no {locale} text", item.id);
            }
        }
        // Comments come after every scored item, so that adding them moved no scored item.
        let last_scored = (0..inst.item_count()).rev().find(|&i| inst.item(i).kind == ItemKind::Scale).unwrap();
        assert!(comments.iter().all(|&c| c > last_scored), "{id}: a comment before a scored item");
    }
    let first = instrument("health-check");
    for id in builtin::offered() {
        let inst = instrument(id);
        for locale in ["ar", "pt"] {
            assert_eq!(inst.scale_labels(locale), first.scale_labels(locale), "{id}: scale in {locale}");
            let (na, first_na) = (inst.not_applicable_label(locale), first.not_applicable_label(locale));
            assert_eq!(na, first_na, "{id}: \"don't know\" in {locale}");
        }
    }
}

/// The language choices of `docs/instruments.md`, held: Arabic uses its own comma, semicolon and
/// question mark; Portuguese keeps to the words both Brazil and Portugal read the same way.
#[test]
fn arabic_and_portuguese_keep_the_documented_choices() {
    use partnerscope_core::json::parse;
    // Each is a word or spelling one side of the Atlantic does not use (docs/instruments.md has
    // the neutral choice for each). Matched as whole words, lower-cased; `_` joins two words.
    const NOT_NEUTRAL: &str = concat!(
        "equipe equipes equipa equipas você vocês tu teu tua vosso vossa vossos vossas ",
        "registro registo contato contacto contatos contactos planejamento planeamento planejar ",
        "planear compartilhar partilhar compartilhe partilhe gênero género econômico económico ",
        "anônimo anónimo treinamento usuário utilizador monitoramento monitorização time aceite ",
        "aceito mais_pequeno mais_pequenos mais_pequena mais_pequenas fato facto a_gente ",
        "aprendizado controlo controle ronda rodada porquê por_quê",
    );
    for id in builtin::offered() {
        let doc = parse(original(id)).unwrap();
        let mut texts = Vec::new();
        text_objects(&doc, id, &mut texts);
        for (path, text) in &texts {
            for (locale, s) in text {
                match *locale {
                    "ar" => {
                        for latin in [',', ';', '?'] {
                            assert!(!s.contains(latin), "{path}.ar: \"{latin}\" where Arabic has its own mark: {s}");
                        }
                    }
                    "pt" => {
                        let lower = s.to_lowercase();
                        let words: Vec<&str> =
                            lower.split(|c: char| !c.is_alphabetic() && c != '-').filter(|w| !w.is_empty()).collect();
                        let spaced = format!(" {} ", words.join(" "));
                        for bad in NOT_NEUTRAL.split(' ').map(|w| w.replace('_', " ")) {
                            let found = spaced.contains(&format!(" {bad} "));
                            assert!(!found, "{path}.pt: \"{bad}\" is not read the same in Brazil and Portugal: {s}");
                        }
                        // Neither progressive: "está a mudar" (Portugal) nor "está mudando" (Brazil).
                        for (i, word) in words.iter().enumerate() {
                            let next = |n: usize| words.get(i + n).copied().unwrap_or("");
                            let progressive = ["está", "estão", "estamos", "estou"].contains(word)
                                && ((next(1) == "a" && next(2).ends_with('r')) || next(1).ends_with("ndo"));
                            assert!(!progressive, "{path}.pt: a progressive form in: {s}");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// French typography: a no-break space before `?`, `!`, `:` and `;` and inside « », so that no
/// line ever starts with a lone punctuation mark (seen in screenshots before this test existed).
#[test]
fn french_texts_keep_their_punctuation_attached() {
    use partnerscope_core::json::{Value, parse};
    fn strings<'v>(value: &'v Value<'_>, out: &mut Vec<&'v str>) {
        match value {
            Value::String(s) => out.push(s),
            Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    fn walk<'v>(value: &'v Value<'_>, french: &mut Vec<&'v str>) {
        match value {
            Value::Object(members) => {
                for (key, v) in members {
                    if key == "fr" { strings(v, french) } else { walk(v, french) }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, french)),
            _ => {}
        }
    }
    for id in builtin::offered() {
        let doc = parse(original(id)).unwrap();
        let mut french = Vec::new();
        walk(&doc, &mut french);
        assert!(french.len() > 50, "{id}: only {} French texts found", french.len());
        for text in french {
            for bad in [" ?", " !", " :", " ;", "« ", " »"] {
                assert!(!text.contains(bad), "{id}: \"{bad}\" needs a no-break space in: {text}");
            }
        }
    }
}

/// The report's built-in instruments (`builtin-lean`) are the same questionnaires, item for item,
/// with only the statements' wording left out.
#[cfg(feature = "builtin-lean")]
#[test]
fn the_lean_builtins_are_the_same_questionnaires_with_what_a_report_reads() {
    use partnerscope_core::builtin;
    let (full, lean) = (builtin::all(), builtin::all_lean());
    assert_eq!(full.len(), lean.len());
    for (f, l) in full.iter().zip(&lean) {
        assert_eq!((f.id(), f.version(), f.item_count()), (l.id(), l.version(), l.item_count()));
        assert_eq!(f.doc().dimensions.len(), l.doc().dimensions.len());
        // Every statement as a respondent read it: the statement table and the comment
        // questions show them.
        for i in 0..f.item_count() {
            let (a, b) = (f.item(i), l.item(i));
            assert_eq!((&a.id, a.kind, a.reverse, a.weight, &a.text), (&b.id, b.kind, b.reverse, b.weight, &b.text));
        }
        for (a, b) in f.doc().dimensions.iter().zip(&l.doc().dimensions) {
            assert_eq!(a.title, b.title);
            // The advice for a band, whole; the advice chosen by one respondent's context answer
            // the report never gives, so only its text goes.
            assert_eq!(a.recommendations.len(), b.recommendations.len());
            for (ra, rb) in a.recommendations.iter().zip(&b.recommendations) {
                assert_eq!((&ra.bands, &ra.when), (&rb.bands, &rb.when));
                if ra.when.is_none() {
                    assert_eq!(ra.text, rb.text);
                } else {
                    assert_eq!(rb.text.get("en"), "\u{2026}");
                }
            }
        }
        assert_eq!(f.doc().scoring.mode, l.doc().scoring.mode);
        assert_eq!(f.doc().scoring.bands, l.doc().scoring.bands);
        assert_eq!(f.doc().groups.len(), l.doc().groups.len());
    }
}
