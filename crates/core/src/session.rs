//! The rules of one respondent's session on a device, besides the flow itself: what the widget
//! keeps in storage and when it lets go, how it notices a second tab answering the same
//! response, and when a random source is fit to number responses.
//!
//! They are here rather than in the widget so that they are plain functions of values, tested
//! natively; the widget's reducer and effects call them and only perform what they say.
//!
//! - **What is kept** ([`draft_write`]): answers are saved as they are given; a completed
//!   response is not kept as a draft at all. With an endpoint it lives in the outbox (which
//!   deletes it whole once delivered); without one nothing of it stays on the device once the
//!   results are shown (on `file://` every local file shares the store). The one exception: when
//!   storage refused the outbox entry, the earlier draft, which holds every answer, is left in
//!   place until the response is delivered, so closing the tab does not lose it.
//! - **Two tabs** ([`elsewhere`]): a tab remembers the draft text it last read or wrote, and
//!   before each change compares it with what is stored. Every answer is written as it is given,
//!   so a newer draft of the same response holds everything this tab has and more: it is taken
//!   in, and the change applied on top. A draft that went (the other tab finished or erased the
//!   response) makes this tab's answers a response of their own ([`renumber`]), never sent
//!   under an id that is already used, and the respondent is told.
//! - **Random ids** ([`response_id`]): 32 random bytes in, an id out, or a refusal when the
//!   bytes cannot have come from a working generator.

use crate::flow::Flow;
use crate::outbox::Status;

/// What to do with the widget's saved draft after a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftWrite {
    /// Write this text.
    Save(String),
    /// Remove the draft (if it is still this tab's).
    Remove,
    /// Leave storage as it is.
    Keep,
}

/// What the widget does with its draft, given the flow, whether the respondent has changed
/// anything (`dirty`: opening a page stores nothing), whether the page sends responses, and
/// where the outbox says this response stands.
pub fn draft_write(
    instrument: &crate::Instrument,
    flow: &Flow,
    dirty: bool,
    sends: bool,
    delivery: Option<&Status>,
) -> DraftWrite {
    if !flow.is_complete() {
        return if dirty { DraftWrite::Save(flow.to_draft(instrument)) } else { DraftWrite::Keep };
    }
    if !sends {
        return DraftWrite::Remove;
    }
    match delivery {
        // In the outbox, stored (it holds the completed draft), delivered or gone: the draft
        // is not needed.
        Some(status) if status.settled() => DraftWrite::Remove,
        // Not in the outbox yet, or only in this page's memory: the earlier draft is the one
        // copy on the device.
        _ => DraftWrite::Keep,
    }
}

/// What another tab did to this response, as this tab finds out before acting.
#[derive(Clone, Debug, PartialEq)]
pub enum Elsewhere {
    /// Nothing: the stored draft is what this tab last read or wrote (or another response's).
    Unchanged,
    /// Another tab moved this response on: its answers, with this tab's page and language.
    Adopt(Box<Flow>),
    /// Another tab finished (or erased) this response: this tab's answers must become a
    /// response of their own ([`renumber`]), never be sent under an id already used.
    Renumber,
}

/// Compares the stored draft (`stored`, `None` when there is none) with what this tab last read
/// or wrote (`last_seen`) before `mine` changes. A draft of another response (a second tab that
/// has its own) is not this response: this tab then writes its own over it. Damaged text is
/// nobody's response. A completed response is never compared: it is not kept as a draft.
pub fn elsewhere(
    instrument: &crate::Instrument,
    mine: &Flow,
    stored: Option<&str>,
    last_seen: Option<&str>,
) -> Elsewhere {
    if stored == last_seen || mine.is_complete() {
        return Elsewhere::Unchanged;
    }
    let Some(text) = stored else {
        return Elsewhere::Renumber;
    };
    match Flow::from_draft(instrument, text) {
        Ok(theirs) if theirs.sheet().id() == mine.sheet().id() => {
            if theirs.is_complete() {
                return Elsewhere::Renumber;
            }
            let mut next = mine.clone();
            let lang = mine.sheet.lang.clone();
            next.sheet = theirs.sheet;
            next.sheet.lang = lang;
            next.problems.clear();
            if next.group_fixed {
                next.sheet.group = mine.sheet.group;
            }
            Elsewhere::Adopt(Box::new(next))
        }
        _ => Elsewhere::Unchanged,
    }
}

/// `flow` with every answer kept under the new response id `id` (a second tab's answers made a
/// response of their own). `None` when `id` is not a usable id.
pub fn renumber(flow: &Flow, id: &str) -> Option<Flow> {
    let mut next = flow.clone();
    next.sheet.set_id(id).ok()?;
    Some(next)
}

/// A response id from 32 random bytes: the first 16, hex-encoded (128 bits). `None` when the
/// bytes cannot come from a working generator: all the same (an array left unfilled, as a
/// broken `crypto.getRandomValues` leaves it) or the second half repeating the first (a source
/// that hands out one fixed value). A real generator fails these checks with probability
/// 2^-128.
pub fn response_id(bytes: &[u8; 32]) -> Option<String> {
    let (first, second) = bytes.split_at(16);
    if bytes.iter().all(|b| *b == bytes[0]) || first == second {
        return None;
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(32);
    for b in first {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 15)]));
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::flow::Action;
    use crate::response::Answer;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn answered(instrument: &crate::Instrument, id: &str, value: i32) -> Flow {
        let mut flow = Flow::new(instrument, id, "en");
        flow = flow.apply(instrument, Action::Next).unwrap_or(flow);
        for item in 0..instrument.item_count() {
            let answer = Some(Answer::Value(value));
            flow = flow.apply(instrument, Action::Answer { item, answer }).unwrap_or(flow);
        }
        flow
    }

    fn completed(instrument: &crate::Instrument, id: &str) -> Flow {
        let mut flow = answered(instrument, id, 4);
        for action in [Action::GoTo(crate::flow::Page::Review), Action::Finish { date: Some("2026-01-02".into()) }] {
            flow = flow.apply(instrument, action).unwrap_or(flow);
        }
        assert!(flow.is_complete());
        flow
    }

    #[test]
    fn answers_are_saved_as_given_and_a_completed_response_is_kept_only_as_long_as_delivery_needs() {
        let demo = builtin::demo();
        let open = answered(&demo, "a", 3);
        assert_eq!(draft_write(&demo, &open, true, true, None), DraftWrite::Save(open.to_draft(&demo)));
        assert_eq!(draft_write(&demo, &open, false, false, None), DraftWrite::Keep, "opening stores nothing");
        let done = completed(&demo, "a");
        // Without an endpoint nothing of it stays once the results are shown.
        assert_eq!(draft_write(&demo, &done, true, false, None), DraftWrite::Remove);
        // With one: kept until the outbox holds it on the device, or it is delivered.
        assert_eq!(draft_write(&demo, &done, true, true, None), DraftWrite::Keep);
        for kept in [
            Status::Sending { kept: true },
            Status::Waiting { offline: true, kept: true, code: String::new() },
            Status::Refused { status: 422, reason: "no".into(), code: String::new(), kept: true },
            Status::Sent,
            Status::Gone,
        ] {
            assert_eq!(draft_write(&demo, &done, true, true, Some(&kept)), DraftWrite::Remove, "{kept:?}");
        }
        // Storage refused the outbox entry: the earlier draft is the only copy on the device.
        for unkept in [
            Status::Sending { kept: false },
            Status::Waiting { offline: false, kept: false, code: String::new() },
            Status::Refused { status: 422, reason: "no".into(), code: String::new(), kept: false },
            Status::Conflict,
        ] {
            assert_eq!(draft_write(&demo, &done, true, true, Some(&unkept)), DraftWrite::Keep, "{unkept:?}");
        }
    }

    #[test]
    fn a_second_tab_answering_is_taken_in_and_one_that_finished_makes_this_a_response_of_its_own() {
        let demo = builtin::demo();
        let mine_flow = answered(&demo, "a", 3);
        let mine = mine_flow.to_draft(&demo);
        let theirs_flow = answered(&demo, "a", 5);
        let theirs = theirs_flow.to_draft(&demo);
        let other_response = answered(&demo, "b", 5).to_draft(&demo);
        // Nothing changed under this tab.
        assert_eq!(elsewhere(&demo, &mine_flow, Some(&mine), Some(&mine)), Elsewhere::Unchanged);
        assert_eq!(elsewhere(&demo, &Flow::new(&demo, "a", "en"), None, None), Elsewhere::Unchanged);
        // Another tab answered the same response: its answers are taken in, this tab's page
        // and language kept.
        let spanish = mine_flow.apply(&demo, Action::SetLang("es".into())).unwrap_or(mine_flow.clone());
        match elsewhere(&demo, &spanish, Some(&theirs), Some(&mine)) {
            Elsewhere::Adopt(next) => {
                assert_eq!(next.sheet().answers(), theirs_flow.sheet().answers());
                assert_eq!(next.sheet().id(), "a");
                assert_eq!(next.page(), spanish.page());
                assert_eq!(next.sheet().lang(), spanish.sheet().lang());
            }
            other => panic!("{other:?}"),
        }
        // Another tab finished it (its draft went, or a completed one is there): renumber.
        assert_eq!(elsewhere(&demo, &mine_flow, None, Some(&mine)), Elsewhere::Renumber);
        let finished = completed(&demo, "a").to_draft(&demo);
        assert_eq!(elsewhere(&demo, &mine_flow, Some(&finished), Some(&mine)), Elsewhere::Renumber);
        // Another tab with a response of its own, and damaged text: not this response.
        assert_eq!(elsewhere(&demo, &mine_flow, Some(&other_response), Some(&mine)), Elsewhere::Unchanged);
        assert_eq!(elsewhere(&demo, &mine_flow, Some("{\"draft\":2"), Some(&mine)), Elsewhere::Unchanged);
        // A completed response is not kept as a draft, so it is never compared.
        assert_eq!(elsewhere(&demo, &completed(&demo, "a"), None, Some(&mine)), Elsewhere::Unchanged);
    }

    #[test]
    fn renumbering_keeps_every_answer_under_the_new_id() {
        let demo = builtin::demo();
        let flow = completed(&demo, "a");
        let renumbered = renumber(&flow, "b").expect("a usable id");
        assert_eq!(renumbered.sheet().id(), "b");
        assert_eq!(renumbered.sheet().answers(), flow.sheet().answers());
        assert_eq!(renumbered.page(), flow.page());
        assert_eq!(renumber(&flow, "not an id"), None);
    }

    #[test]
    fn response_ids_need_a_working_random_source() {
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(37).wrapping_add(11);
        }
        let id = response_id(&bytes).expect("random-looking bytes");
        assert_eq!(id.len(), 32);
        assert!(crate::response::valid_response_id(&id));
        assert!(id.starts_with("0b30"));
        // An unfilled array, and a source that always hands out the same value.
        assert_eq!(response_id(&[0; 32]), None);
        assert_eq!(response_id(&[0xff; 32]), None);
        let mut repeated = [0u8; 32];
        repeated[..16].copy_from_slice(&bytes[..16]);
        repeated[16..].copy_from_slice(&bytes[..16]);
        assert_eq!(response_id(&repeated), None);
    }
}
