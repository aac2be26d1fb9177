//! The respondent's path through a survey (`Flow`): pages, required items, a group fixed by the
//! page, drafts, and where attention goes after a move. They run natively and, unchanged, as
//! wasm in headless Chromium (`cargo xtask test`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use common::*;
use partnerscope_core::Instrument;
use partnerscope_core::flow::{Action, DraftError, Flow, Page, Problem};
use partnerscope_core::response::Answer;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn flow_walks_pages_checks_required_items_and_completes() {
    let inst = load(HEALTH);
    let mut flow = Flow::new(&inst, "id-1", "en");
    let step = |flow: &Flow, action: Action| flow.apply(&inst, action).unwrap_or_else(|| flow.clone());
    flow = step(&flow, Action::Next);
    assert_eq!(flow.page(), Page::Profile);
    flow = step(&flow, Action::Next);
    assert_eq!(flow.problems(), [Problem::GroupMissing]);
    assert_eq!(flow.page(), Page::Profile);
    flow = step(&flow, Action::SetGroup(1));
    assert!(flow.problems().is_empty());
    flow = step(&flow, Action::Next);
    assert_eq!(flow.page(), Page::Dimension(0));
    flow = step(&flow, Action::Answer { item: 0, answer: Some(Answer::Value(4)) });
    flow = step(&flow, Action::Next);
    assert_eq!(flow.problems(), [Problem::ItemMissing(1), Problem::ItemMissing(2)]);
    // Out-of-range and unknown answers change nothing.
    assert!(flow.apply(&inst, Action::Answer { item: 1, answer: Some(Answer::Value(9)) }).is_none());
    assert!(flow.apply(&inst, Action::Answer { item: 99, answer: Some(Answer::Value(3)) }).is_none());
    flow = step(&flow, Action::Answer { item: 1, answer: Some(Answer::NotApplicable) });
    assert_eq!(flow.problems(), [Problem::ItemMissing(2)]);
    // Jumping ahead past incomplete pages is refused; going back is always allowed.
    let refused = step(&flow, Action::GoTo(Page::Review));
    assert_eq!(refused.page(), Page::Dimension(0));
    for item in 2..inst.item_count() {
        flow = step(&flow, Action::Answer { item, answer: Some(Answer::Value(3)) });
    }
    flow = step(&flow, Action::GoTo(Page::Review));
    assert_eq!(flow.page(), Page::Review);
    flow = step(&flow, Action::Finish { date: Some("2026-11-22".into()) });
    assert!(flow.is_complete());
    assert_eq!(flow.sheet().date(), Some("2026-11-22"));
    // A completed response is final.
    assert!(flow.apply(&inst, Action::Answer { item: 0, answer: Some(Answer::Value(1)) }).is_none());
    let restarted = step(&flow, Action::Restart { id: "id-2".into() });
    assert_eq!(restarted.page(), Page::Welcome);
    assert_eq!(restarted.sheet().answered_count(), 0);
}

#[test]
fn a_group_fixed_by_the_page_is_recorded_never_asked_and_kept_on_restart() {
    // Without context questions, the profile page has nothing left to ask and is skipped.
    let mut doc: serde_json::Value = serde_json::from_str(HEALTH).unwrap();
    doc.as_object_mut().unwrap().remove("context");
    for dim in doc["dimensions"].as_array_mut().unwrap() {
        if let Some(recs) = dim.get_mut("recommendations").and_then(|r| r.as_array_mut()) {
            recs.retain(|r| r.get("when").is_none());
        }
    }
    let inst = Instrument::from_json(&doc.to_string()).unwrap();
    let flow = Flow::new(&inst, "id-1", "en").fix_group(&inst, 1).with_round("2026 review");
    assert_eq!(flow.sheet().group(), Some(1));
    assert_eq!(flow.sheet().round(), "2026 review");
    assert!(!flow.pages(&inst).contains(&Page::Profile));
    let next = flow.apply(&inst, Action::Next).unwrap();
    assert_eq!(next.page(), Page::Dimension(0));
    assert!(next.apply(&inst, Action::SetGroup(0)).is_none(), "the page's group cannot be changed");
    // A round the response format would refuse is not taken.
    assert_eq!(Flow::new(&inst, "x", "en").with_round("a\u{7}b").sheet().round(), "");
    assert_eq!(Flow::new(&inst, "x", "en").with_round(&"r".repeat(65)).sheet().round(), "");
    let restarted = next.apply(&inst, Action::Restart { id: "id-2".into() }).unwrap();
    assert_eq!(
        (restarted.sheet().group(), restarted.group_fixed(), restarted.sheet().round()),
        (Some(1), true, "2026 review")
    );
    // A resumed draft that stood on the profile page moves on to the first questions.
    let on_profile = Flow::new(&inst, "id-3", "en").apply(&inst, Action::Next).unwrap();
    assert_eq!(on_profile.page(), Page::Profile);
    assert_eq!(on_profile.fix_group(&inst, 0).page(), Page::Dimension(0));
    // With context questions, the profile page stays for them.
    let health = load(HEALTH);
    assert!(Flow::new(&health, "x", "en").fix_group(&health, 0).pages(&health).contains(&Page::Profile));
}

#[test]
fn drafts_resume_and_bad_drafts_say_why() {
    let inst = load(HEALTH);
    let mut flow = Flow::new(&inst, "id-1", "fr");
    flow = flow.apply(&inst, Action::Next).unwrap();
    flow = flow.apply(&inst, Action::SetGroup(0)).unwrap();
    flow = flow.apply(&inst, Action::Answer { item: 3, answer: Some(Answer::Value(2)) }).unwrap();
    let saved = flow.to_draft(&inst);
    assert_eq!(Flow::from_draft(&inst, &saved).unwrap(), flow);
    assert!(matches!(Flow::from_draft(&inst, "{\"draft\":1,"), Err(DraftError::Corrupt(_))));
    assert!(matches!(Flow::from_draft(&inst, "[]"), Err(DraftError::Corrupt(_))));
    assert!(matches!(Flow::from_draft(&inst, "{}"), Err(DraftError::Outdated(_))));
    assert!(matches!(Flow::from_draft(&inst, r#"{"draft": 1, "page": "x"}"#), Err(DraftError::Outdated(_))));
    // A draft saved for another version of the instrument.
    let mut doc = inst.doc().clone();
    doc.version = "1".into();
    let older = Instrument::from_doc(doc).unwrap();
    let old = Flow::new(&older, "id-1", "fr").to_draft(&older);
    assert!(matches!(Flow::from_draft(&inst, &old), Err(DraftError::Outdated(_))));
    // One changed character in the stored code is caught by its checksum.
    let at = saved.find("PS1.").unwrap() + 10;
    let mut tampered = saved.clone();
    let replacement = if &saved[at..=at] == "A" { "B" } else { "A" };
    tampered.replace_range(at..=at, replacement);
    assert!(matches!(Flow::from_draft(&inst, &tampered), Err(DraftError::Corrupt(_))));
}

#[test]
fn a_step_says_where_attention_goes() {
    use partnerscope_core::flow::{Attention, Step};
    let inst = load(HEALTH);
    let start = Flow::new(&inst, "a1", "en");
    // Moving on from the welcome page: to the next page's heading.
    let Step { flow, attention } = start.step(&inst, Action::Next);
    let profile = flow.unwrap();
    assert_eq!(attention, Some(Attention::Page));
    // No group chosen: attention to that problem, and again when nothing changed.
    let first = profile.step(&inst, Action::Next);
    assert_eq!(first.attention, Some(Attention::Problem(Problem::GroupMissing)));
    let stuck = first.flow.unwrap_or(profile.clone());
    let again = stuck.step(&inst, Action::Next);
    assert_eq!(again.attention, Some(Attention::Problem(Problem::GroupMissing)));
    // Answering is not a move: attention stays where it was.
    let chosen = stuck.step(&inst, Action::SetGroup(0));
    assert_eq!(chosen.attention, None);
    assert!(chosen.flow.is_some());
}
