//! The machine path by path, and a simulation of days of flaky storage, network and reloads.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn entry(id: &str) -> Entry {
    Entry {
        id: id.into(),
        instrument: "demo".into(),
        url: "https://example.org/r".into(),
        credentials: Credentials::Omit,
        body: format!("{{\"id\":\"{id}\"}}"),
        state: State::Pending,
        draft_key: format!("partnerscope:v1:demo:draft:{id}"),
        draft: "{\"draft\":2}".into(),
        invitation: String::new(),
    }
}

fn posts(effects: &[Effect]) -> Vec<String> {
    effects.iter().filter_map(|e| if let Effect::Post(e) = e { Some(e.id.clone()) } else { None }).collect()
}

fn told(effects: &[Effect]) -> Vec<Status> {
    effects.iter().filter_map(|e| if let Effect::Tell(u) = e { Some(u.status.clone()) } else { None }).collect()
}

fn wake(effects: &[Effect]) -> Option<u64> {
    effects.iter().find_map(|e| if let Effect::WakeAt(t) = e { Some(*t) } else { None })
}

fn answered(id: &str, status: u16, body: &str) -> Event {
    Event::Answered { id: id.into(), status, body: body.into(), status_text: String::new() }
}

/// A completed response stored (or not), as the shell reports it.
fn completed(outbox: &mut Outbox, id: &str, stored: bool) -> Vec<Effect> {
    let first = outbox.handle(Event::Completed(entry(id)), 0, 0);
    assert_eq!(first, vec![Effect::Store(entry(id))], "stored before anything else");
    outbox.handle(Event::Stored { id: id.into(), ok: stored }, 0, 0)
}

#[test]
fn entries_round_trip_through_their_stored_form() {
    let mut refused = entry("abc");
    refused.url = "https://example.org/r?a=\"1\"".into();
    refused.credentials = Credentials::Include;
    refused.body = "{\"answers\":{\"p1\":4}}\n".into();
    refused.state = State::Refused {
        status: 422,
        reason: "the \"p9\" answer is out of range".into(),
        code: "invalid-response".into(),
    };
    assert_eq!(Entry::from_json(&refused.to_json()), Stored::Entry(refused.clone()));
    let unlinked = Entry { draft_key: String::new(), draft: String::new(), state: State::Pending, ..refused };
    assert_eq!(Entry::from_json(&unlinked.to_json()), Stored::Entry(unlinked.clone()));
    let invited = Entry { invitation: "K3MQ-8R2X-D4FA-NW7T".into(), ..unlinked };
    assert_eq!(Entry::from_json(&invited.to_json()), Stored::Entry(invited));
    // The record a delivered response left in earlier versions is recognised, to be deleted.
    let old = r#"{"outbox":1,"id":"x","instrument":"demo","url":"u","credentials":"omit","body":"","state":"sent","status":201}"#;
    assert_eq!(Entry::from_json(old), Stored::Delivered);
    // Damaged or foreign text is not an entry.
    assert_eq!(Entry::from_json("{\"outbox\":2,\"id\":\"x\"}"), Stored::Damaged);
    assert_eq!(Entry::from_json("not json"), Stored::Damaged);
}

#[test]
fn credentials_names_are_spelled_once_and_read_back() {
    for c in Credentials::ALL {
        assert_eq!(Credentials::from_name(c.name()), Some(c));
    }
    assert_eq!(Credentials::from_name("cookies"), None);
    assert_eq!(Credentials::default().name(), "omit");
}

#[test]
fn reasons_are_read_from_json_or_text_and_shortened() {
    assert_eq!(
        reason_of("{\"error\":\"bad\",\"reason\":\"answer out of range\"}", "Unprocessable"),
        "answer out of range"
    );
    assert_eq!(reason_of("  too\nlarge  ", "Payload Too Large"), "too large");
    assert_eq!(reason_of("<html><body>Error</body></html>", "Forbidden"), "Forbidden");
    assert_eq!(reason_of(&"x".repeat(1000), "").chars().count(), MAX_REASON_CHARS + 1);
}

#[test]
fn statuses_are_taken_as_stored_refused_or_retried() {
    for s in [200, 201, 204, 299] {
        assert_eq!(verdict(s), Verdict::Stored, "{s}");
    }
    for s in [400, 403, 404, 409, 413, 422, 499] {
        assert_eq!(verdict(s), Verdict::Refused, "{s}");
    }
    for s in [0, 100, 302, 408, 425, 429, 500, 503, 599] {
        assert_eq!(verdict(s), Verdict::Retry, "{s}");
    }
}

#[test]
fn back_off_doubles_from_one_second_to_five_minutes_and_jitter_stays_within_a_fifth() {
    let delays: Vec<u64> = (0..12).map(backoff).collect();
    assert_eq!(delays, [0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]);
    assert_eq!(backoff(u32::MAX), MAX_DELAY_MS);
    assert_eq!(jitter(1_000, 0), 800);
    assert_eq!(jitter(1_000, u32::MAX), 1_199);
    assert_eq!(jitter(1_000, 1 << 31), 1_000);
    for delay in [1_000, 300_000] {
        for random in [0, 1, 12_345, u32::MAX / 3, u32::MAX - 1, u32::MAX] {
            let moved = jitter(delay, random);
            assert!(moved >= delay * 4 / 5 && moved < delay * 6 / 5, "{delay} {random} {moved}");
        }
    }
}

#[test]
fn a_completed_response_is_stored_before_it_is_posted_and_deleted_only_after_a_2xx() {
    let mut outbox = Outbox::new(false);
    let effects = completed(&mut outbox, "a", true);
    assert_eq!(posts(&effects), ["a"]);
    assert_eq!(told(&effects), [Status::Sending { kept: true }]);
    assert_eq!(outbox.status("a"), Some(Status::Sending { kept: true }));
    let effects = outbox.handle(answered("a", 201, "{}"), 10, 0);
    assert_eq!(effects[0], Effect::Delete(Entry::key("a")));
    assert_eq!(told(&effects), [Status::Sent]);
    assert_eq!(outbox.status("a"), None, "nothing of a delivered response is kept");
}

#[test]
fn storage_full_at_completion_is_said_and_the_response_is_still_sent_from_memory() {
    let mut outbox = Outbox::new(false);
    let effects = completed(&mut outbox, "a", false);
    let news: Vec<&News> =
        effects.iter().filter_map(|e| if let Effect::Tell(u) = e { u.news.as_ref() } else { None }).collect();
    assert_eq!(news, [&News::NotStored]);
    assert_eq!(posts(&effects), ["a"]);
    // Every status of an unstored response says so, whatever happens next.
    let effects = outbox.handle(Event::Failed { id: "a".into(), why: "no answer".into() }, 5, 0);
    assert_eq!(told(&effects), [Status::Waiting { offline: false, kept: false, code: String::new() }]);
    assert!(!outbox.status("a").is_some_and(|s| s.settled()));
    let effects = outbox.handle(Event::Online(false), 6, 0);
    assert_eq!(told(&effects), [Status::Waiting { offline: true, kept: false, code: String::new() }]);
    let effects = outbox.handle(Event::Online(true), 7, 0);
    assert_eq!(told(&effects), [Status::Sending { kept: false }]);
    // Not on the device, so nothing to delete when it arrives.
    let effects = outbox.handle(answered("a", 200, ""), 8, 0);
    assert_eq!(
        effects,
        vec![Effect::Tell(Update {
            id: "a".into(),
            instrument: "demo".into(),
            status: Status::Sent,
            news: Some(News::Delivered { status: 200 }),
        })]
    );
    // Refused while unstored: kept in memory, said so.
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "b", false);
    let effects = outbox.handle(answered("b", 422, "{\"reason\":\"no\"}"), 1, 0);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Store(_) | Effect::Delete(_))));
    assert_eq!(
        outbox.status("b"),
        Some(Status::Refused { status: 422, reason: "no".into(), code: String::new(), kept: false })
    );
    assert_eq!(outbox.held("demo").len(), 1, "offered for download");
}

#[test]
fn a_409_is_a_refusal_never_a_delivery() {
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "a", true);
    let body = "{\"reason\":\"a different response is already stored under this id; it was not replaced\"}";
    let effects = outbox.handle(answered("a", 409, body), 1, 0);
    assert!(!effects.contains(&Effect::Delete(Entry::key("a"))));
    assert!(!told(&effects).contains(&Status::Sent));
    assert!(matches!(outbox.status("a"), Some(Status::Refused { status: 409, kept: true, .. })));
    // Kept with its reason, and not tried again on its own.
    assert!(matches!(&effects[0], Effect::Store(Entry { state: State::Refused { status: 409, .. }, .. })));
    assert!(posts(&outbox.handle(Event::Online(true), 2, 0)).is_empty());
    assert!(posts(&outbox.handle(Event::Tick, 1_000_000, 0)).is_empty());
}

#[test]
fn the_same_response_twice_is_one_and_another_under_its_id_is_not_taken_in_silently() {
    let mut outbox = Outbox::new(true);
    completed(&mut outbox, "a", true);
    let again = outbox.handle(Event::Completed(entry("a")), 1, 0);
    assert_eq!(told(&again), [Status::Waiting { offline: true, kept: true, code: String::new() }]);
    let other = Entry { body: "{\"other\":1}".into(), ..entry("a") };
    let effects = outbox.handle(Event::Completed(other), 2, 0);
    assert_eq!(told(&effects), [Status::Conflict]);
    assert!(!Status::Conflict.settled(), "the respondent must keep these answers by hand");
    assert_eq!(outbox.slots.len(), 1);
    assert_eq!(outbox.slots[0].entry.body, entry("a").body, "the first is untouched");
}

#[test]
fn failures_back_off_with_jitter_and_the_wake_up_retries_every_waiting_response() {
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "a", true);
    completed(&mut outbox, "b", true);
    let mut now = 0;
    let mut expected = Vec::new();
    for round in 1..=11 {
        let first = outbox.handle(answered("a", 503, "busy"), now, u32::MAX / 2);
        let second = outbox.handle(Event::Failed { id: "b".into(), why: "no answer".into() }, now, 7);
        // Two failures in one round count as one.
        assert_eq!(wake(&second), None);
        let at = wake(&first).expect("a wake-up is asked for");
        expected.push(at - now);
        // Early: nothing is tried, the wake-up is asked for again.
        assert_eq!(outbox.handle(Event::Tick, at - 1, 0), vec![Effect::WakeAt(at)]);
        now = at;
        let effects = outbox.handle(Event::Tick, now, 0);
        assert_eq!(posts(&effects), ["a", "b"], "round {round}");
    }
    let plain: Vec<u64> = (1..=11).map(|n| jitter(backoff(n), u32::MAX / 2)).collect();
    assert_eq!(expected, plain);
    // A delivery resets the back-off.
    outbox.handle(answered("a", 201, ""), now, 0);
    let effects = outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, now, 0);
    assert_eq!(wake(&effects), Some(now + jitter(FIRST_DELAY_MS, 0)));
}

#[test]
fn offline_nothing_is_posted_and_online_everything_waiting_is_at_once() {
    let mut outbox = Outbox::new(true);
    let effects = completed(&mut outbox, "a", true);
    assert!(posts(&effects).is_empty());
    assert_eq!(told(&effects), [Status::Waiting { offline: true, kept: true, code: String::new() }]);
    completed(&mut outbox, "b", true);
    // Online while backing off: the back-off is dropped.
    let effects = outbox.handle(Event::Online(true), 1, 0);
    assert_eq!(posts(&effects), ["a", "b"]);
    outbox.handle(Event::Failed { id: "a".into(), why: "x".into() }, 2, 0);
    assert!(outbox.wake_at().is_some());
    outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, 2, 0);
    let effects = outbox.handle(Event::Online(true), 3, 0);
    assert_eq!(posts(&effects), ["a", "b"]);
    assert_eq!(outbox.wake_at(), None);
    // A stale wake-up after that does nothing.
    assert!(outbox.handle(Event::Tick, 10_000_000, 0).is_empty());
}

#[test]
fn a_refused_response_is_kept_until_the_respondent_removes_it_and_a_waiting_one_never_is() {
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "a", true);
    completed(&mut outbox, "b", true);
    outbox.handle(answered("a", 422, "{\"reason\":\"answer p1 is out of range\"}"), 1, 0);
    let held = outbox.held("demo");
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].id.as_str(), held[0].status, held[0].reason.as_str()), ("a", 422, "answer p1 is out of range"));
    assert!(outbox.held("other").is_empty());
    // A waiting response cannot be removed.
    assert!(outbox.handle(Event::Remove { id: "b".into() }, 2, 0).is_empty());
    assert!(outbox.status("b").is_some());
    let effects = outbox.handle(Event::Remove { id: "a".into() }, 3, 0);
    assert_eq!(effects[0], Effect::Delete(Entry::key("a")));
    assert_eq!(told(&effects), [Status::Gone]);
    assert!(outbox.held("demo").is_empty());
}

#[test]
fn loading_takes_in_other_tabs_entries_lets_go_of_settled_ones_and_deletes_old_sent_records() {
    let mut outbox = Outbox::new(false);
    let effects =
        outbox.handle(Event::Loaded { entries: vec![entry("a"), entry("b")], stale: vec![Entry::key("old")] }, 0, 0);
    assert_eq!(effects[0], Effect::Delete(Entry::key("old")));
    assert_eq!(posts(&effects), ["a", "b"]);
    outbox.handle(Event::Failed { id: "a".into(), why: "x".into() }, 1, 0);
    outbox.handle(Event::Failed { id: "b".into(), why: "x".into() }, 1, 0);
    // Another tab delivered "a" and completed "c"; backing off, nothing is tried yet.
    let effects = outbox.handle(Event::Loaded { entries: vec![entry("b"), entry("c")], stale: vec![] }, 2, 0);
    assert!(posts(&effects).is_empty());
    assert_eq!(told(&effects), [Status::Gone, Status::Waiting { offline: false, kept: true, code: String::new() }]);
    assert_eq!(outbox.status("a"), None);
    // An attempt on its way is not let go: its answer decides.
    let at = outbox.wake_at().unwrap_or(0);
    assert_eq!(posts(&outbox.handle(Event::Tick, at, 0)), ["b", "c"]);
    outbox.handle(Event::Loaded { entries: vec![], stale: vec![] }, at, 0);
    assert!(outbox.status("b").is_some());
    // An unstored response is not on the device to be found: it stays.
    completed(&mut outbox, "m", false);
    outbox.handle(Event::Failed { id: "m".into(), why: "x".into() }, at + 1, 0);
    outbox.handle(Event::Loaded { entries: vec![], stale: vec![] }, at + 2, 0);
    assert!(outbox.status("m").is_some());
}

#[test]
fn only_the_newest_response_of_a_widget_is_shown_again_after_a_reload() {
    let mut outbox = Outbox::new(true);
    let key = "partnerscope:v1:demo:draft";
    outbox.handle(Event::Completed(Entry { draft_key: key.into(), ..entry("a") }), 0, 0);
    outbox.handle(Event::Stored { id: "a".into(), ok: true }, 0, 0);
    assert_eq!(outbox.resumable(key), Some("{\"draft\":2}"));
    let second = Entry { draft_key: key.into(), draft: "{\"second\":1}".into(), ..entry("b") };
    let first = outbox.handle(Event::Completed(second), 1, 0);
    // "a" is stored again without its link, then "b" is stored.
    assert!(matches!(&first[0], Effect::Store(e) if e.id == "a" && e.draft_key.is_empty()));
    assert!(matches!(&first[1], Effect::Store(e) if e.id == "b"));
    assert_eq!(outbox.resumable(key), Some("{\"second\":1}"));
    assert_eq!(outbox.resumable(""), None);
}

/// A deterministic generator for the simulation (xorshift).
struct Dice(u64);
impl Dice {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

/// The shell, simulated: a store that sometimes refuses, a network that fails, answers late
/// or refuses, a connection that comes and goes, page reloads (a new machine over the same
/// store) and a clock. At every step each completed response is delivered, or refused and
/// kept for the respondent, or waiting in the store or in this page's memory; it is
/// deleted from the store only after its 2xx, and a response only in memory is said to be
/// unstored. Many seeds, thousands of steps each.
// Long because it is one simulation: every step acts on the same simulated store, network and
// clock, and the invariants are checked after each step.
#[test]
fn simulated_days_of_flaky_storage_network_and_reloads_never_drop_a_response() {
    use std::collections::BTreeMap;
    for seed in 1..=60u64 {
        let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut store: BTreeMap<String, Entry> = BTreeMap::new();
        let mut outbox = Outbox::new(false);
        let mut now = 0u64;
        let mut online = true;
        let mut in_flight: Vec<(String, u64)> = Vec::new();
        let mut wake: Option<u64> = None;
        let mut delivered: BTreeMap<String, u32> = BTreeMap::new();
        // Responses the endpoint answered 2xx (their answer may still be on its way in).
        let mut granted: Vec<String> = Vec::new();
        // Refused responses the respondent removed.
        let mut removed: Vec<String> = Vec::new();
        let mut refused: Vec<String> = Vec::new();
        let mut completed_ids: Vec<String> = Vec::new();
        let mut memory_only: Vec<String> = Vec::new();
        let mut queue: Vec<Event> = vec![Event::Loaded { entries: vec![], stale: vec![] }];
        for step in 0..3_000 {
            // Perform what the machine asked for, feeding back what storage says at once.
            while let Some(event) = (!queue.is_empty()).then(|| queue.remove(0)) {
                let random = dice.next();
                for effect in outbox.handle(event, now, random) {
                    match effect {
                        Effect::Store(entry) => {
                            let ok = dice.below(6) != 0;
                            if ok {
                                store.insert(entry.id.clone(), entry.clone());
                                memory_only.retain(|x| *x != entry.id);
                            } else if !store.contains_key(&entry.id) {
                                memory_only.push(entry.id.clone());
                            }
                            queue.push(Event::Stored { id: entry.id, ok });
                        }
                        Effect::Delete(key) => {
                            let id = key.strip_prefix(KEY_PREFIX).unwrap_or(&key).to_owned();
                            assert!(
                                granted.contains(&id) || removed.contains(&id),
                                "seed {seed}: {id} deleted before its 2xx"
                            );
                            store.remove(&id);
                        }
                        Effect::Post(entry) => {
                            assert!(online, "seed {seed}: posted while offline");
                            in_flight.push((entry.id, now + u64::from(dice.below(30_000))));
                        }
                        Effect::WakeAt(t) => wake = Some(t),
                        Effect::Tell(update) => {
                            let kept_claim = !matches!(update.status, Status::Sent | Status::Gone);
                            if memory_only.contains(&update.id) && kept_claim {
                                assert!(
                                    !update.status.settled(),
                                    "seed {seed}: an unstored response said to be kept: {update:?}"
                                );
                            }
                            if update.status == Status::Sent {
                                memory_only.retain(|x| *x != update.id);
                                *delivered.entry(update.id.clone()).or_default() += 1;
                            }
                        }
                    }
                }
            }
            // Invariant: every completed response is delivered, held for the respondent, or
            // still on its way (in the store or in this page's memory).
            for id in &completed_ids {
                let accounted = delivered.contains_key(id) || store.contains_key(id) || outbox.status(id).is_some();
                assert!(accounted, "seed {seed}, step {step}: {id} was dropped");
            }
            // The world moves on.
            now += u64::from(dice.below(2_000));
            match dice.below(100) {
                0..=9 if completed_ids.len() < 40 => {
                    let id = format!("r{}", completed_ids.len());
                    completed_ids.push(id.clone());
                    queue.push(Event::Completed(Entry { body: id.clone(), ..entry(&id) }));
                }
                10..=13 => {
                    online = !online;
                    if online {
                        let entries = store.values().cloned().collect();
                        queue.push(Event::Loaded { entries, stale: vec![] });
                    }
                    queue.push(Event::Online(online));
                }
                14 => {
                    // A reload: the page's memory is gone, and what was only there with it,
                    // except what the respondent keeps by hand (the widget offers the code and
                    // the download at once; the earlier draft stays on the device).
                    completed_ids.retain(|id| !memory_only.contains(id) || delivered.contains_key(id));
                    memory_only.clear();
                    in_flight.clear();
                    wake = None;
                    outbox = Outbox::new(!online);
                    queue.push(Event::Loaded { entries: store.values().cloned().collect(), stale: vec![] });
                }
                15 => {
                    if let Some(id) = refused.iter().find(|id| outbox.status(id).is_some()).cloned() {
                        queue.push(Event::Remove { id: id.clone() });
                        completed_ids.retain(|x| *x != id);
                        refused.retain(|x| *x != id);
                        removed.push(id);
                    }
                }
                _ => {}
            }
            if let Some(t) = wake.filter(|t| now >= *t) {
                let _ = t;
                wake = None;
                queue.push(Event::Loaded { entries: store.values().cloned().collect(), stale: vec![] });
                queue.push(Event::Tick);
            }
            let (due, later): (Vec<_>, Vec<_>) = in_flight.drain(..).partition(|(_, at)| *at <= now);
            in_flight = later;
            for (id, _) in due {
                if !online {
                    queue.push(Event::Failed { id, why: "offline".into() });
                    continue;
                }
                match dice.below(10) {
                    0..=3 => queue.push(Event::Failed { id, why: "no answer".into() }),
                    4 => queue.push(answered(&id, [500, 503, 408, 429][dice.below(4) as usize], "busy")),
                    5 => {
                        refused.push(id.clone());
                        queue.push(answered(&id, [409, 422][dice.below(2) as usize], "{\"reason\":\"no\"}"));
                    }
                    _ => {
                        // Delivered; a repeat answers 200 as the collector does.
                        let status = if granted.contains(&id) { 200 } else { 201 };
                        granted.push(id.clone());
                        queue.push(answered(&id, status, "{}"));
                    }
                }
            }
        }
        assert!(
            delivered.len() > 5 && refused.len() + removed.len() > 0,
            "seed {seed}: the simulation exercised too little: {} delivered, {} refused, {} completed",
            delivered.len(),
            refused.len(),
            completed_ids.len()
        );
        // Refused responses are still offered for download (or were delivered after all: a
        // refusal storage would not record leaves the pending copy, which is tried again).
        for id in &refused {
            if completed_ids.contains(id) && !delivered.contains_key(id) {
                assert!(outbox.status(id).is_some() || store.contains_key(id), "seed {seed}: refused {id} lost");
            }
        }
    }
}

#[test]
fn a_questionnaire_not_open_yet_is_kept_and_tried_again_with_the_servers_code() {
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "a", true);
    let body = r#"{"status":503,"code":"not-open","reason":"This survey is not open yet; your answers are kept and will be sent again."}"#;
    let effects = outbox.handle(answered("a", 503, body), 1, 0);
    // Not a refusal: nothing is stored as refused, nothing held, a wake-up is asked for.
    assert!(!effects.iter().any(|e| matches!(e, Effect::Store(_))), "{effects:?}");
    assert!(outbox.held("demo").is_empty());
    let at = wake(&effects).expect("tried again");
    assert_eq!(told(&effects), [Status::Waiting { offline: false, kept: true, code: "not-open".into() }]);
    // Tried again when the wake-up comes, and still not removed by anything but its 2xx.
    assert!(outbox.handle(Event::Remove { id: "a".into() }, 2, 0).is_empty());
    assert_eq!(posts(&outbox.handle(Event::Tick, at, 0)), ["a"]);
    // No answer at all: the server's last words no longer stand.
    let effects = outbox.handle(Event::Failed { id: "a".into(), why: "offline".into() }, at, 0);
    assert_eq!(told(&effects), [Status::Waiting { offline: false, kept: true, code: String::new() }]);
    // Open at last: delivered.
    let at = outbox.wake_at().expect("tried again");
    outbox.handle(Event::Tick, at, 0);
    let effects = outbox.handle(answered("a", 201, ""), at, 0);
    assert_eq!(told(&effects), [Status::Sent]);
}

#[test]
fn a_refusal_keeps_the_servers_code_and_a_strange_code_is_none() {
    assert_eq!(code_of(r#"{"code":"invitation-mistyped","reason":"x"}"#), "invitation-mistyped");
    for body in [r#"{"code":"Not Open"}"#, r#"{"code":7}"#, "not json", r#"["code"]"#, "", r#"{"code":"<b>"}"#] {
        assert_eq!(code_of(body), "", "{body}");
    }
    assert_eq!(code_of(&format!(r#"{{"code":"{}"}}"#, "a".repeat(41))), "");
    let mut outbox = Outbox::new(false);
    completed(&mut outbox, "a", true);
    outbox.handle(answered("a", 403, r#"{"code":"invitation-used","reason":"used"}"#), 1, 0);
    let held = outbox.held("demo");
    assert_eq!((held[0].status, held[0].code.as_str()), (403, "invitation-used"));
    assert!(matches!(outbox.status("a"), Some(Status::Refused { code, .. }) if code == "invitation-used"));
}
