//! Invitations as a facilitator runs them: codes made by the command and over HTTP, each
//! accepted once, the group taken from the code, and a database that says nothing of which code
//! answered what.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};

use hmac::{Hmac, KeyInit, Mac};
use partnerscope_core::{Instrument, Response, builtin};
use support::{BINARY, Client, Collector, Reply, Store, responses, rows, scratch};

const TOKEN: &str = "invitation-test-token-7f3a9c";

fn health_check() -> Instrument {
    builtin::by_id("health-check").unwrap()
}

/// `invite` as the facilitator runs it: the CSV's codes (as shown, `XXXX-XXXX-XXXX-XXXX`).
fn invite(db: &Path, group: &str, round: &str, count: usize) -> Vec<String> {
    // The key left to its default place beside the file, as the README's commands do.
    invite_with(&Store::Sqlite(db.to_owned()), None, group, round, count)
}

/// Where a test keeps the invitations' key: beside a SQLite file, as by default (the option
/// then says what the default is); in `dir` for PostgreSQL, which needs it named.
fn key_path(store: &Store, dir: &Path) -> std::path::PathBuf {
    match store {
        Store::Sqlite(db) => {
            let mut name = db.as_os_str().to_owned();
            name.push(".invitation-key");
            name.into()
        }
        Store::Postgres(_) => dir.join("invitation-key"),
    }
}

fn invite_in(store: &Store, key: &Path, group: &str, round: &str, count: usize) -> Vec<String> {
    invite_with(store, Some(key), group, round, count)
}

fn invite_with(store: &Store, key: Option<&Path>, group: &str, round: &str, count: usize) -> Vec<String> {
    let mut command = Command::new(BINARY);
    command.arg("invite").arg("--data").arg(store.arg());
    command.args(["--instrument", "health-check", "--group", group]);
    command.args(["--round", round, "--count", &count.to_string()]);
    if let Some(key) = key {
        command.arg("--invitation-key").arg(key);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("instrument,round,group,code"));
    let codes: Vec<String> = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(&cells[..3], ["health-check", round, group], "{line}");
            cells[3].to_owned()
        })
        .collect();
    assert_eq!(codes.len(), count);
    codes
}

fn start(db: &Path, token: &Path) -> Collector {
    Collector::start(
        db,
        &["--max-per-second", "0", "--invitations", "health-check", "--token-file", token.to_str().unwrap()],
    )
}

fn start_in(store: &Store, key: &Path, token: &Path) -> Collector {
    let (key, token) = (key.to_str().unwrap(), token.to_str().unwrap());
    Collector::start(
        store,
        &["--max-per-second", "0", "--invitations", "health-check", "--invitation-key", key, "--token-file", token],
    )
}

fn token_file(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("token");
    std::fs::write(&file, TOKEN).unwrap();
    file
}

fn post_with(client: &mut Client, body: &str, id: &str, code: Option<&str>) -> Reply {
    let mut headers = vec![("Content-Type", "application/json"), ("Idempotency-Key", id)];
    if let Some(code) = code {
        headers.push(("Partnerscope-Invitation", code));
    }
    client.request("POST", "/v1/responses", &headers, body.as_bytes()).unwrap()
}

fn invitation_of(reply: &Reply) -> String {
    let value: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    value["invitation"].as_str().unwrap_or_default().to_owned()
}

/// The counts the facilitator reads over HTTP: (issued, used, unused, refused) of one group.
fn counts(client: &mut Client, group: &str) -> (u64, u64, u64, u64) {
    let reply = client.get("/v1/invitations", &[("Authorization", &format!("Bearer {TOKEN}"))]).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let value: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    let entry = value["groups"].as_array().unwrap().iter().find(|g| g["group"] == group).cloned();
    let Some(g) = entry else { return (0, 0, 0, 0) };
    let n = |k: &str| g[k].as_u64().unwrap();
    (n("issued"), n("used"), n("unused"), n("refused"))
}

fn stored_in(store: &Store) -> Vec<Response> {
    match store {
        Store::Sqlite(db) => stored_responses(db),
        Store::Postgres(_) => store.export_lines().iter().map(|b| Response::from_json(b).unwrap()).collect(),
    }
}

fn stored_responses(db: &Path) -> Vec<Response> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn.prepare("SELECT body FROM responses").unwrap();
    let bodies: Vec<String> = statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    bodies.iter().map(|b| Response::from_json(b).unwrap()).collect()
}

#[test]
fn forty_codes_admit_forty_responses_and_the_forty_first_use_is_refused() {
    let dir = scratch("invite-forty");
    forty_codes(&Store::Sqlite(dir.join("responses.db")), &dir);
}

#[test]
fn forty_codes_admit_forty_responses_and_the_forty_first_use_is_refused_on_postgres() {
    forty_codes(&Store::postgres("forty"), &scratch("invite-forty-pg"));
}

fn forty_codes(db: &Store, dir: &Path) {
    let key = key_path(db, dir);
    let codes = invite_in(db, &key, "member", "2026", 40);
    let distinct: BTreeSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 40);
    assert!(codes.iter().all(|c| c.len() == 19 && c.chars().filter(|c| *c == '-').count() == 3), "{codes:?}");
    let collector = start_in(db, &key, &token_file(dir));
    let mut client = collector.client();
    assert_eq!(counts(&mut client, "member"), (40, 0, 40, 0));
    // Every response claims the group "lead" and round "1999"; the code says member, 2026.
    let batch: Vec<(String, String)> = responses(&health_check(), 42, "inv-", 5)
        .into_iter()
        .map(|(id, body)| {
            let mut response = Response::from_json(&body).unwrap();
            response.group = Some("lead".into());
            response.round = "1999".into();
            (id, response.to_json())
        })
        .collect();
    // Typed as a person might: lower case, spaces for hyphens.
    for (n, ((id, body), code)) in batch.iter().zip(&codes).enumerate() {
        let typed = if n % 3 == 0 { code.to_lowercase().replace('-', " ") } else { code.clone() };
        let reply = post_with(&mut client, body, id, Some(&typed));
        assert_eq!(reply.status, 201, "{}", reply.text());
    }
    assert_eq!(db.rows(), 40);
    for response in stored_in(db) {
        assert_eq!(response.group.as_deref(), Some("member"), "the group is the code's");
        assert_eq!(response.round, "2026", "the round is the code's");
    }
    assert_eq!(counts(&mut client, "member"), (40, 40, 0, 0));
    // The same response sent again with its code (the widget's retry after a lost answer) is a
    // repeat, not a second use.
    let reply = post_with(&mut client, &batch[0].1, &batch[0].0, Some(&codes[0]));
    assert_eq!(reply.status, 200, "{}", reply.text());
    // The 41st use of any code: refused in plain words, nothing stored.
    let (id, body) = &batch[40];
    for code in [&codes[0], &codes[39]] {
        let reply = post_with(&mut client, body, id, Some(code));
        assert_eq!(reply.status, 403, "{}", reply.text());
        assert_eq!(invitation_of(&reply), "used");
        assert_eq!(reply.code(), "invitation-used");
        assert!(reply.reason().contains("already been used"), "{}", reply.reason());
    }
    assert_eq!(counts(&mut client, "member"), (40, 40, 0, 2));
    // A typo, a missing code, a code never made: each refused, none counted as used.
    let mut typo = codes[1].clone().into_bytes();
    typo[2] = if typo[2] == b'7' { b'8' } else { b'7' };
    let typo = String::from_utf8(typo).unwrap();
    let reply = post_with(&mut client, body, id, Some(&typo));
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.reason().contains("check the code"), "{}", reply.reason());
    assert_eq!(invitation_of(&reply), "mistyped");
    assert_eq!(reply.code(), "invitation-mistyped");
    let reply = post_with(&mut client, body, id, None);
    assert_eq!(reply.status, 403);
    assert_eq!(invitation_of(&reply), "missing");
    assert_eq!(reply.code(), "invitation-missing");
    assert!(reply.reason().contains("by invitation"), "{}", reply.reason());
    assert_eq!(counts(&mut client, "member"), (40, 40, 0, 2), "typos and missing codes use nothing");
    // In the respondent's language.
    let mut french = Response::from_json(body).unwrap();
    french.lang = "fr".into();
    let reply = post_with(&mut client, &french.to_json(), id, Some(&typo));
    assert!(reply.reason().contains("vérifiez le code"), "{}", reply.reason());
    assert_eq!(db.rows(), 40);
    // The command says the same counts, while the server runs.
    let out = Command::new(BINARY).arg("invitations").arg("--data").arg(db.arg()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "instrument\tround\tgroup\tissued\tused\tunused\trefused\nhealth-check\t2026\tmember\t40\t40\t0\t2\n"
    );
    // Nothing of a code reaches the log.
    let log = collector.log_text();
    for code in &codes {
        assert!(!log.contains(code.as_str()) && !log.contains(&code.replace('-', "")), "a code in the log: {log}");
    }
    assert!(!log.contains(&typo));
}

#[test]
fn two_clients_racing_on_one_code_exactly_one_is_accepted() {
    let dir = scratch("invite-race");
    racing_on_one_code(&Store::Sqlite(dir.join("responses.db")), &dir);
}

#[test]
fn two_clients_racing_on_one_code_exactly_one_is_accepted_on_postgres() {
    racing_on_one_code(&Store::postgres("race"), &scratch("invite-race-pg"));
}

fn racing_on_one_code(db: &Store, dir: &Path) {
    let key = key_path(db, dir);
    let codes = invite_in(db, &key, "lead", "r1", 12);
    let collector = start_in(db, &key, &token_file(dir));
    let instrument = health_check();
    let mut accepted = 0;
    for (n, code) in codes.iter().enumerate() {
        // Two clients, each its own response, the same code, released together.
        let racers = if n < 8 { 2 } else { 6 };
        let barrier = Arc::new(Barrier::new(racers));
        let threads: Vec<_> = responses(&instrument, racers, &format!("race{n}-"), 60 + n as u64)
            .into_iter()
            .map(|(id, body)| {
                let (addr, barrier, code) = (collector.addr.clone(), barrier.clone(), code.clone());
                std::thread::spawn(move || {
                    let mut client = Client::connect(&addr);
                    barrier.wait();
                    let reply = post_with(&mut client, &body, &id, Some(&code));
                    (reply.status, invitation_of(&reply))
                })
            })
            .collect();
        let outcomes: Vec<(u16, String)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let created = outcomes.iter().filter(|(s, _)| *s == 201).count();
        assert_eq!(created, 1, "exactly one accepted: {outcomes:?}");
        assert!(outcomes.iter().all(|(s, why)| *s == 201 || (*s == 403 && why == "used")), "{outcomes:?}");
        accepted += created;
    }
    assert_eq!(db.rows() as usize, accepted);
    assert_eq!(counts(&mut collector.client(), "lead"), (12, 12, 0, 8 + 4 * 5));
}

/// The key's bytes, from its file (64 hexadecimal digits).
fn key_of(db: &Path) -> Vec<u8> {
    let mut name = db.as_os_str().to_owned();
    name.push(".invitation-key");
    let hex = std::fs::read_to_string(name).unwrap();
    let hex = hex.trim();
    (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect()
}

fn hash(key: &[u8], code: &str) -> Vec<u8> {
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(code.replace('-', "").as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file in `dir` but the key, as one byte string (the database, its log and its index).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".invitation-key") && !p.ends_with("token"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_database_after_a_round_holds_no_code_and_no_hash_of_a_used_one() {
    let dir = scratch("invite-unlinkable");
    let db = dir.join("responses.db");
    let members = invite(&db, "member", "2026", 30);
    let leads = invite(&db, "lead", "2026", 15);
    let key = key_of(&db);
    // Before the round the hashes are in the file: the search below can find them.
    let before: Vec<u8> = files(&dir).into_iter().flat_map(|(_, b)| b).collect();
    assert!(members.iter().chain(&leads).all(|c| contains(&before, &hash(&key, c))), "the search works");
    let mut collector = start(&db, &token_file(&dir));
    let instrument = health_check();
    let batch = responses(&instrument, 40, "u-", 77);
    let used: Vec<&String> = members.iter().take(28).chain(leads.iter().take(12)).collect();
    let unused: Vec<&String> = members.iter().skip(28).chain(leads.iter().skip(12)).collect();
    let mut client = collector.client();
    for ((id, body), code) in batch.iter().zip(&used) {
        assert_eq!(post_with(&mut client, body, id, Some(code)).status, 201);
    }
    let check = |files: Vec<(String, Vec<u8>)>, when: &str| {
        for (name, bytes) in &files {
            for code in members.iter().chain(&leads) {
                for form in
                    [code.clone(), code.replace('-', ""), code.to_lowercase(), code.replace('-', "").to_lowercase()]
                {
                    assert!(!contains(bytes, form.as_bytes()), "{when}: {name} holds a code");
                }
            }
            for code in &used {
                let h = hash(&key, code);
                assert!(!contains(bytes, &h), "{when}: {name} holds the hash of a used code");
                assert!(!contains(bytes, hex(&h).as_bytes()), "{when}: {name} holds a used code's hash in hex");
            }
        }
    };
    // While the collector runs (the write-ahead log and its index beside the file) ...
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    check(files(&dir), "while running");
    let wal = dir.join("responses.db-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the log keeps no transactions");
    // ... and after it stopped.
    assert!(collector.terminate());
    for beside in ["responses.db-wal", "responses.db-shm"] {
        assert!(!dir.join(beside).exists(), "{beside} is removed at a clean stop");
    }
    let after = files(&dir);
    check(after.clone(), "after the round");
    let all: Vec<u8> = after.into_iter().flat_map(|(_, b)| b).collect();
    assert!(unused.iter().all(|c| contains(&all, &hash(&key, c))), "the unused codes' hashes stay");
    // The tables: keyed by random values, no row numbers, no times, nothing but these columns.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let table = |name: &str| -> Vec<String> {
        conn.prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(table("responses"), ["id", "instrument", "version", "body"]);
    assert_eq!(table("invitations"), ["hash"]);
    assert_eq!(table("invitation_batches"), ["batch", "instrument", "round", "grp", "issued", "used", "refused"]);
    for name in ["responses", "invitations", "invitation_batches"] {
        let without_rowid: i64 =
            conn.query_row("SELECT wr FROM pragma_table_list WHERE name = ?1", [name], |r| r.get(0)).unwrap();
        assert_eq!(without_rowid, 1, "{name} has no row numbers");
    }
    // The export is in the order of the random ids, whatever the order of arrival.
    let out = Command::new(BINARY).args(["export", "--data", db.to_str().unwrap()]).output().unwrap();
    let ids: Vec<String> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| Response::from_json(l).unwrap().id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 40);
}

// One collector asked in turn by the token's holder and by every kind of hostile request; the
// refusals are checked against the codes made before them, so it stays one function.
#[test]
fn the_invitation_endpoint_makes_codes_for_the_token_only_and_refuses_hostile_requests() {
    let dir = scratch("invite-http");
    let db = dir.join("responses.db");
    let collector = start(&db, &token_file(&dir));
    let mut client = collector.client();
    let auth = format!("Bearer {TOKEN}");
    let ask = |client: &mut Client, body: &[u8], auth: Option<&str>| {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(auth) = auth {
            headers.push(("Authorization", auth));
        }
        client.request("POST", "/v1/invitations", &headers, body).unwrap()
    };
    let good = br#"{"instrument":"health-check","group":"lead","round":"2026","count":3,"link":"https://intranet.example.org/survey.html"}"#;
    assert_eq!(ask(&mut client, good, None).status, 401);
    assert_eq!(ask(&mut client, good, Some("Bearer wrong-token")).status, 401);
    assert_eq!(client.get("/v1/invitations", &[]).unwrap().status, 401);
    let reply = ask(&mut client, good, Some(&auth));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let csv = reply.text();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "instrument,round,group,code,link");
    assert_eq!(lines.len(), 4);
    let code = lines[1].split(',').nth(3).unwrap();
    assert!(lines[1].ends_with(&format!("https://intranet.example.org/survey.html#invite={code}")), "{}", lines[1]);
    // The code works.
    let (id, body) = responses(&health_check(), 1, "http-", 3).remove(0);
    assert_eq!(post_with(&mut client, &body, &id, Some(code)).status, 201);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", b"codes please".to_vec(), 400, "as JSON"),
        ("empty", Vec::new(), 400, "as JSON"),
        (
            "an unknown field",
            br#"{"instrument":"health-check","group":"lead","count":1,"admin":true}"#.to_vec(),
            400,
            "admin",
        ),
        ("no group", br#"{"instrument":"health-check","count":1}"#.to_vec(), 400, "say which group"),
        (
            "a group not in the questionnaire",
            br#"{"instrument":"health-check","group":"boss","count":1}"#.to_vec(),
            400,
            "lead, member",
        ),
        ("no codes", br#"{"instrument":"health-check","group":"lead","count":0}"#.to_vec(), 400, "1 to 10000"),
        (
            "too many codes",
            br#"{"instrument":"health-check","group":"lead","count":10001}"#.to_vec(),
            400,
            "1 to 10000",
        ),
        ("a negative count", br#"{"instrument":"health-check","group":"lead","count":-1}"#.to_vec(), 400, "as JSON"),
        (
            "a questionnaire not by invitation",
            br#"{"instrument":"demo","group":"x","count":1}"#.to_vec(),
            400,
            "not taken by invitation",
        ),
        (
            "a round with a newline",
            br#"{"instrument":"health-check","group":"lead","round":"a\nb","count":1}"#.to_vec(),
            400,
            "round",
        ),
        (
            "a link that is a script",
            br#"{"instrument":"health-check","group":"lead","count":1,"link":"javascript:alert(1)"}"#.to_vec(),
            400,
            "link",
        ),
        (
            "over 4 KB",
            format!(r#"{{"instrument":"health-check","group":"{}","count":1}}"#, "x".repeat(5_000)).into_bytes(),
            413,
            "4096",
        ),
        ("nested deep", format!("{}{}", "[".repeat(2_000), "]".repeat(2_000)).into_bytes(), 400, "as JSON"),
    ];
    for (what, body, status, says) in &cases {
        let reply = ask(&mut client, body, Some(&auth));
        assert_eq!(reply.status, *status, "{what}: {}", reply.text());
        assert!(reply.reason().contains(says), "{what}: {}", reply.reason());
    }
    assert_eq!(counts(&mut client, "lead"), (3, 1, 2, 0), "nothing made by a refused request");
    // Hostile codes in the header: never stored, never a 500.
    let (id, body) = responses(&health_check(), 1, "hostile-", 9).remove(0);
    let forged = {
        // A well-formed code of a batch that does not exist.
        let symbols = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let values: Vec<u32> =
            "ZZZ00000000000".bytes().map(|b| symbols.iter().position(|s| *s == b).unwrap() as u32).collect();
        let check: u32 = values.iter().zip(1u32..).map(|(v, w)| v * w).sum::<u32>() % 1021;
        format!("ZZZ00000000000{}{}", symbols[(check / 32) as usize] as char, symbols[(check % 32) as usize] as char)
    };
    for (code, status, why) in [
        (forged.as_str(), 403, "unknown"),
        ("", 400, "mistyped"),
        ("'; DROP TABLE invitations; --", 400, "mistyped"),
        ("ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ-ＰＱＲＳ", 400, "mistyped"),
        (&"A".repeat(8_000), 400, "mistyped"),
    ] {
        let reply = post_with(&mut client, &body, &id, Some(code));
        assert_eq!(reply.status, status, "{}", reply.text());
        assert_eq!(invitation_of(&reply), why);
        assert_eq!(reply.code(), format!("invitation-{why}"));
    }
    let mut raw = format!(
        "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nPartnerscope-Invitation: ",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&[0xff, 0xfe, b'A']);
    raw.extend_from_slice(b"\r\n\r\n");
    raw.extend_from_slice(body.as_bytes());
    let reply = client.raw(&raw).unwrap();
    assert_eq!(reply.status, 400, "{}", reply.text());
    let too_long = "A".repeat(20_000);
    let reply = collector.client().request(
        "POST",
        "/v1/responses",
        &[("Content-Type", "application/json"), ("Partnerscope-Invitation", &too_long)],
        body.as_bytes(),
    );
    assert!(reply.map(|r| r.status == 431).unwrap_or(true), "a head over 16 KB is refused");
    assert_eq!(rows(&db), 1);
    // Questionnaires not taken by invitation are as before: no code needed, none looked at.
    let (id, body) = responses(&builtin::demo(), 1, "open-", 2).remove(0);
    assert_eq!(post_with(&mut client, &body, &id, Some("whatever")).status, 201);
}

#[test]
fn the_command_line_says_plainly_what_is_wrong_with_an_invitation() {
    let dir = scratch("invite-cli");
    let db = dir.join("responses.db");
    let db = db.to_str().unwrap();
    let base = ["invite", "--data", db, "--instrument", "health-check"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["invite", "--data", db], "--instrument ID"),
        ([&base[..], &["--count", "3"]].concat(), "say which group the codes are for: one of lead, member"),
        ([&base[..], &["--group", "lead"]].concat(), "--count N"),
        (vec!["invite", "--data", db, "--instrument", "demo", "--group", "x", "--count", "1"], "asks no group"),
        ([&base[..], &["--group", "boss", "--count", "3"]].concat(), "its groups are lead, member"),
        ([&base[..], &["--group", "lead", "--count", "0"]].concat(), "--count takes a whole number"),
        ([&base[..], &["--group", "lead", "--count", "20000"]].concat(), "1 to 10000"),
        ([&base[..], &["--group", "lead", "--count", "2", "--link", "ftp://x"]].concat(), "the link"),
        (vec!["invite", "--data", db, "--instrument", "nope", "--group", "a", "--count", "1"], "\"nope\""),
        (vec!["--data", db, "--invitations", "nope"], "--invitations nope"),
        (vec!["invitations", "--data", "/nonexistent/x.db"], "there is no database here"),
    ];
    for (args, says) in cases {
        let out = Command::new(BINARY).args(&args).stdin(std::process::Stdio::null()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // A damaged key is refused, not replaced (the codes made with it would all be lost).
    let codes = invite(Path::new(db), "lead", "", 2);
    assert_eq!(codes.len(), 2);
    std::fs::write(format!("{db}.invitation-key"), "not a key").unwrap();
    let out = Command::new(BINARY)
        .args(["invite", "--data", db, "--instrument", "health-check", "--group", "lead", "--count", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an invitations' key"));
}
