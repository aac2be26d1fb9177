//! The PostgreSQL store as an organisation runs it: several collector processes on one database
//! (one killed mid-load), a move from a SQLite file, and the mistakes an operator makes with a
//! PostgreSQL address. The server is real, started by this test binary (`support/pg.rs`); each
//! test has a database of its own on it.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use partnerscope_core::builtin;
use support::{BINARY, Client, Collector, Store, demo, pg, responses, scratch};

const NO_LIMIT: [&str; 2] = ["--max-per-second", "0"];
const TOKEN: &str = "postgres-test-token-5d2e8a";

#[test]
fn two_collectors_on_one_database_one_killed_mid_load_lose_no_acknowledged_response() {
    let db = Store::postgres("two");
    let mut first = Collector::start(&db, &NO_LIMIT);
    let second = Collector::start(&db, &NO_LIMIT);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let instrument = demo();
    let senders: Vec<_> = (0..16)
        .map(|t| {
            let addr = if t % 2 == 0 { first.addr.clone() } else { second.addr.clone() };
            let acknowledged = acknowledged.clone();
            let batch = responses(&instrument, 600, &format!("two{t}-"), 300 + t as u64);
            std::thread::spawn(move || {
                let mut client = Client::connect(&addr);
                for (id, body) in &batch {
                    match client.post(body, id) {
                        Ok(reply) if (200..300).contains(&reply.status) => {
                            acknowledged.lock().unwrap().push(id.clone())
                        }
                        Ok(reply) => panic!("unexpected {}: {}", reply.status, reply.text()),
                        // The process died under this request: no acknowledgement, no promise.
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 2_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    first.child.kill().unwrap(); // SIGKILL
    first.child.wait().unwrap();
    for sender in senders {
        sender.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let unique: BTreeSet<String> = acknowledged.iter().cloned().collect();
    assert_eq!(unique.len(), acknowledged.len(), "each id acknowledged once");
    assert!(acknowledged.len() >= 2_000, "the load ran: {} acknowledged", acknowledged.len());
    // The second process carried on: its clients sent everything.
    let stored = db.ids();
    let missing: Vec<&String> = unique.difference(&stored).collect();
    assert!(missing.is_empty(), "{} acknowledged responses lost, e.g. {:?}", missing.len(), missing.first());
    for t in (1..16).step_by(2) {
        assert!((0..600).all(|n| stored.contains(&format!("two{t}-{n}"))), "client {t} of the live process");
    }
    assert_eq!(second.client().get("/healthz", &[]).unwrap().status, 200);
    println!("two processes, one SIGKILLed: {} acknowledged, {} stored, none lost", acknowledged.len(), stored.len());
}

fn token(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("token");
    std::fs::write(&file, TOKEN).unwrap();
    file
}

/// Codes made by the `invite` command for the store `data`: as shown.
fn invite(data: &std::ffi::OsStr, key: &Path, group: &str, count: usize) -> Vec<String> {
    let out = Command::new(BINARY)
        .arg("invite")
        .arg("--data")
        .arg(data)
        .args(["--instrument", "health-check", "--group", group, "--round", "r1", "--count", &count.to_string()])
        .arg("--invitation-key")
        .arg(key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().skip(1).map(|l| l.rsplit(',').next().unwrap().to_owned()).collect()
}

fn post_with_code(client: &mut Client, body: &str, id: &str, code: &str) -> u16 {
    let headers = [("Content-Type", "application/json"), ("Idempotency-Key", id), ("Partnerscope-Invitation", code)];
    client.request("POST", "/v1/responses", &headers, body.as_bytes()).unwrap().status
}

#[test]
fn clients_racing_on_one_code_through_two_collectors_exactly_one_is_accepted() {
    let dir = scratch("pg-race");
    let db = Store::postgres("race");
    let key = dir.join("key");
    let codes = invite(db.as_ref(), &key, "lead", 8);
    let args = ["--max-per-second", "0", "--invitations", "health-check", "--invitation-key", key.to_str().unwrap()];
    let (first, second) = (Collector::start(&db, &args), Collector::start(&db, &args));
    let instrument = builtin::by_id("health-check").unwrap();
    for (n, code) in codes.iter().enumerate() {
        let racers = 4;
        let barrier = Arc::new(std::sync::Barrier::new(racers));
        let threads: Vec<_> = responses(&instrument, racers, &format!("race{n}-"), 90 + n as u64)
            .into_iter()
            .enumerate()
            .map(|(r, (id, body))| {
                let addr = if r % 2 == 0 { first.addr.clone() } else { second.addr.clone() };
                let (barrier, code) = (barrier.clone(), code.clone());
                std::thread::spawn(move || {
                    let mut client = Client::connect(&addr);
                    barrier.wait();
                    post_with_code(&mut client, &body, &id, &code)
                })
            })
            .collect();
        let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "exactly one accepted: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 201 || *s == 403), "{statuses:?}");
    }
    assert_eq!(db.rows(), 8);
    let server = pg::server();
    let Store::Postgres(url) = &db else { unreachable!() };
    assert_eq!(server.psql(url, "SELECT count(*) FROM invitations").trim(), "0");
    assert_eq!(server.psql(url, "SELECT used, refused FROM invitation_batches").trim(), "8|24");
    // Every stored response took the code's group, whatever its body said.
    for line in db.export_lines() {
        assert!(line.contains("\"group\":\"lead\""), "{line}");
    }
}

// One scenario told in order (a round on SQLite with codes, a queue and a registered
// questionnaire; moved; moved again; served from PostgreSQL with the same key): each step
// checks what the one before left, so it stays one function.
#[test]
fn a_sqlite_file_moves_to_postgresql_whole_and_moving_it_twice_adds_nothing() {
    let dir = scratch("migrate");
    let file = dir.join("responses.db");
    let key = dir.join("key");
    let custom = include_str!("../../../tests/fixtures/custom-instrument.json");
    // A round on SQLite: invitations (some used), a webhook that never answers, a questionnaire
    // registered while running.
    let codes = invite(file.as_os_str(), &key, "member", 10);
    let secret = dir.join("secret");
    std::fs::write(&secret, "migrate-webhook-secret-0c4f").unwrap();
    let token = token(&dir);
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let webhook = format!("http://127.0.0.1:{dead_port}/hook");
    let args = [
        "--max-per-second",
        "0",
        "--invitations",
        "health-check",
        "--invitation-key",
        key.to_str().unwrap(),
        "--webhook",
        &webhook,
        "--webhook-secret-file",
        secret.to_str().unwrap(),
        "--webhook-backoff",
        "60",
        "--token-file",
        token.to_str().unwrap(),
    ];
    let mut sqlite = Collector::start(&file, &args);
    let mut client = sqlite.client();
    let auth = format!("Bearer {TOKEN}");
    let reply = client
        .request(
            "POST",
            "/v1/instruments",
            &[("Authorization", &auth), ("Content-Type", "application/json")],
            custom.as_bytes(),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    for (id, body) in responses(&demo(), 40, "m-", 5) {
        assert_eq!(client.post(&body, &id).unwrap().status, 201);
    }
    let health_check = builtin::by_id("health-check").unwrap();
    for (n, (id, body)) in responses(&health_check, 3, "mi-", 6).into_iter().enumerate() {
        assert_eq!(post_with_code(&mut client, &body, &id, &codes[n]), 201);
    }
    assert!(sqlite.terminate());
    let before = Store::Sqlite(file.clone());
    let queued_before = waiting(&file);
    assert_eq!(queued_before, 43, "every response waits for the webhook");

    let target = Store::postgres("moved");
    let Store::Postgres(url) = &target else { unreachable!() };
    let migrate = || {
        let out = Command::new(BINARY).arg("migrate").arg("--from").arg(&file).args(["--to", url]).output().unwrap();
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{log}");
        log
    };
    let log = migrate();
    assert!(log.contains("43 responses copied (0 were there already), 43 queued for the webhook, 7 unused codes in 1 batches, 1 registered questionnaires"), "{log}");
    let server = pg::server();
    let lines = |store: &Store| store.export_lines().into_iter().collect::<BTreeSet<String>>();
    assert_eq!(lines(&target), lines(&before), "every response, byte for byte");
    let again = migrate();
    assert!(
        again.contains("0 responses copied (43 were there already), 0 queued for the webhook, 0 unused codes"),
        "{again}"
    );
    assert_eq!(target.rows(), 43);
    assert_eq!(server.psql(url, "SELECT count(*) FROM webhook_queue").trim(), "43");
    assert_eq!(server.psql(url, "SELECT count(*) FROM invitations").trim(), "7");
    assert_eq!(server.psql(url, "SELECT issued, used, refused FROM invitation_batches").trim(), "10|3|0");
    assert_eq!(server.psql(url, "SELECT count(*) FROM instruments").trim(), "1");

    // On PostgreSQL, with the same key: an unused code admits, a used one does not, and moving
    // the file once more does not bring a used code back.
    let pg_args = ["--max-per-second", "0", "--invitations", "health-check", "--invitation-key", key.to_str().unwrap()];
    let collector = Collector::start(&target, &pg_args);
    let mut client = collector.client();
    let fresh = responses(&health_check, 3, "mp-", 7);
    assert_eq!(post_with_code(&mut client, &fresh[0].1, &fresh[0].0, &codes[0]), 403, "used on SQLite");
    assert_eq!(post_with_code(&mut client, &fresh[0].1, &fresh[0].0, &codes[5]), 201, "unused on SQLite");
    migrate();
    assert_eq!(post_with_code(&mut client, &fresh[1].1, &fresh[1].0, &codes[5]), 403, "a used code stays used");
    let instrument = partnerscope_core::Instrument::from_json(custom).unwrap();
    let (id, body) = responses(&instrument, 1, "mc-", 8).remove(0);
    assert_eq!(client.post(&body, &id).unwrap().status, 201, "the registered questionnaire moved too");
}

/// Responses waiting for the webhook in a SQLite file, as the `webhook` command says.
fn waiting(file: &Path) -> u64 {
    let out = Command::new(BINARY).arg("webhook").arg("--data").arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().find_map(|l| l.strip_prefix("waiting\t")).unwrap().parse().unwrap()
}

/// Runs the binary with `args`; (exit code 1, what it said).
fn refused(args: &[&str]) -> String {
    let started = Instant::now();
    let out = Command::new(BINARY).args(args).stdin(std::process::Stdio::null()).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
    assert!(!said.contains("panicked"), "{args:?}: {said}");
    assert!(started.elapsed() < Duration::from_secs(30), "{args:?} took {:?}", started.elapsed());
    said
}

#[test]
fn a_malformed_or_unreachable_postgresql_address_is_refused_in_plain_words() {
    let server = pg::server();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = format!("postgres://partner:hunter2-secret@127.0.0.1:{closed}/responses");
    let missing_database = server.url("no_such_database");
    let dir = scratch("pg-hostile");
    let file = dir.join("x.db");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--data", "postgres://[::1/oops"], "not a PostgreSQL address the collector can read"),
        (vec!["--data", "postgresql://host:notaport/db"], "not a PostgreSQL address the collector can read"),
        (vec!["--data", "postgres://?sslmode=banana"], "not a PostgreSQL address the collector can read"),
        (vec!["--data", &unreachable], "the database cannot be used"),
        (vec!["export", "--data", &unreachable], "the database cannot be used"),
        (vec!["invitations", "--data", &unreachable], "the database cannot be used"),
        (vec!["--data", &missing_database], "does not exist"),
        (vec!["--data", &missing_database, "--invitations", "health-check"], "--invitation-key FILE"),
        (vec!["--data", &missing_database, "--max-database-mb", "5"], "for a SQLite file"),
        (vec!["migrate", "--from", file.to_str().unwrap(), "--to", &missing_database], "there is no database here"),
        (vec!["migrate", "--from", file.to_str().unwrap(), "--to", "./other.db"], "--to takes a PostgreSQL address"),
        (vec!["migrate", "--to", &missing_database], "--from FILE"),
    ];
    for (args, expected) in &cases {
        let said = refused(args);
        assert!(said.contains(expected), "{args:?}: expected {expected:?} in {said}");
        assert!(!said.contains("hunter2-secret"), "the password is never shown: {said}");
    }
    // A file that is not a collector's database is refused before PostgreSQL is asked.
    std::fs::write(&file, b"").unwrap();
    let said = refused(&["migrate", "--from", file.to_str().unwrap(), "--to", &missing_database]);
    assert!(said.contains("not a collector's database"), "{said}");
}

fn hash(key_file: &Path, code: &str) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    let hex = std::fs::read_to_string(key_file).unwrap();
    let key: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&hex.trim()[2 * i..2 * i + 2], 16).unwrap()).collect();
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(code.replace('-', "").as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[test]
fn after_a_round_no_file_of_the_invitations_holds_a_used_code_and_no_table_keeps_a_time_or_an_order() {
    let dir = scratch("pg-unlinkable");
    let db = Store::postgres("unlinkable");
    let Store::Postgres(url) = &db else { unreachable!() };
    let key = dir.join("key");
    let codes = invite(db.as_ref(), &key, "member", 6);
    let args = ["--max-per-second", "0", "--invitations", "health-check", "--invitation-key", key.to_str().unwrap()];
    let collector = Collector::start(&db, &args);
    let mut client = collector.client();
    let instrument = builtin::by_id("health-check").unwrap();
    for (n, (id, body)) in responses(&instrument, 3, "u-", 21).into_iter().enumerate() {
        assert_eq!(post_with_code(&mut client, &body, &id, &codes[n]), 201);
    }
    let server = pg::server();
    // The collector rewrites the table within a second or two of a code's use; the server's
    // buffers are then written to its files.
    let data_dir = server.dir.join("data");
    let deadline = Instant::now() + Duration::from_secs(20);
    let table_file = loop {
        server.psql(url, "CHECKPOINT");
        let path = server.psql(url, "SELECT pg_relation_filepath('invitations')");
        let bytes = std::fs::read(data_dir.join(path.trim())).unwrap();
        let holds = |code: &String| bytes.windows(32).any(|w| w == hash(&key, code).as_slice());
        if codes[..3].iter().all(|c| !holds(c)) {
            assert!(codes[3..].iter().all(holds), "the unused codes' hashes are kept");
            break bytes;
        }
        assert!(Instant::now() < deadline, "a used code's hash is still in the table's file");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(!table_file.is_empty());
    // No column anywhere holds a time, and none counts rows as they come.
    let columns = server.psql(
        url,
        "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '')
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
    );
    for column in columns.lines() {
        assert!(!column.contains("time") && !column.contains("date"), "a time: {column}");
        assert!(!column.contains("nextval") && !column.contains("identity"), "an order: {column}");
    }
    assert!(server.psql(url, "SELECT count(*) FROM pg_class WHERE relkind = 'S'").trim() == "0", "no sequence");
    // Each use of a code wrote a new version of its batch's row, numbered as the response's
    // transaction; after `seal` the batch and the responses carry one number, the same.
    let sealed = Command::new(BINARY).arg("seal").arg("--data").arg(db.arg()).output().unwrap();
    assert!(sealed.status.success(), "{}", String::from_utf8_lossy(&sealed.stderr));
    let numbers = server.psql(
        url,
        "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM responses
         UNION ALL SELECT xmin::text FROM invitation_batches) t",
    );
    assert_eq!(numbers.trim(), "1");
    assert_eq!(server.psql(url, "SELECT used, refused FROM invitation_batches").trim(), "3|0");
    let (id, body) = responses(&instrument, 4, "u-", 21).remove(3);
    assert_eq!(post_with_code(&mut client, &body, &id, &codes[3]), 201, "a code still admits after the seal");
    assert_eq!(post_with_code(&mut client, &body, &id, &codes[3]), 200, "and its repeat is a repeat");
}

#[test]
fn downloads_from_postgresql_stream_every_response_in_id_order_and_a_registered_questionnaire_outlasts_a_restart() {
    let dir = scratch("pg-downloads");
    let db = Store::postgres("downloads");
    let token = token(&dir);
    let args = ["--max-per-second", "0", "--token-file", token.to_str().unwrap()];
    let mut collector = Collector::start(&db, &args);
    let mut client = collector.client();
    // More than one page of the export's portal (512 rows).
    let batch = responses(&demo(), 1_300, "dl-", 31);
    for (id, body) in &batch {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    let auth = format!("Bearer {TOKEN}");
    let reply = client.get("/v1/responses.jsonl", &[("Authorization", &auth)]).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let lines: Vec<String> = reply.text().lines().map(str::to_owned).collect();
    let mut expected: Vec<String> = batch.iter().map(|(_, body)| body.clone()).collect();
    expected.sort_by_key(|body| {
        serde_json::from_str::<serde_json::Value>(body).unwrap()["id"].as_str().unwrap().to_owned()
    });
    assert_eq!(lines, expected, "every response, as stored, in id order");
    let csv = client.get("/v1/responses.csv?instrument=demo", &[("Authorization", &auth)]).unwrap();
    assert_eq!(csv.status, 200, "{}", csv.text());
    assert_eq!(csv.text().lines().count(), 1_301, "a header and a line per response");
    let out = Command::new(BINARY)
        .args(["export", "--format", "csv", "--instrument", "demo", "--data"])
        .arg(db.arg())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), csv.text(), "the command and the download agree");
    // A questionnaire registered over HTTP is in the database, so a restarted process takes it.
    let custom = include_str!("../../../tests/fixtures/custom-instrument.json");
    let headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
    assert_eq!(client.request("POST", "/v1/instruments", &headers, custom.as_bytes()).unwrap().status, 201);
    assert!(collector.terminate());
    let restarted = Collector::start(&db, &args);
    let instrument = partnerscope_core::Instrument::from_json(custom).unwrap();
    let (id, body) = responses(&instrument, 1, "dlc-", 32).remove(0);
    assert_eq!(restarted.client().post(&body, &id).unwrap().status, 201);
    assert!(restarted.log_text().contains("1300 responses so far"), "{}", restarted.log_text());
}

#[test]
fn processes_starting_at_once_on_an_empty_database_make_its_tables_once() {
    let db = Store::postgres("at-once");
    let commands: Vec<_> = (0..6)
        .map(|_| {
            Command::new(BINARY)
                .arg("invitations")
                .arg("--data")
                .arg(db.arg())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for command in commands {
        let out = command.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let Store::Postgres(url) = &db else { unreachable!() };
    assert_eq!(pg::psql(url, "SELECT version FROM partnerscope_schema").trim(), "1");
    assert_eq!(pg::psql(url, "SELECT count(*) FROM partnerscope_schema").trim(), "1");
}

/// The responses' transaction numbers and their places in the table's file, as `(xmin, id)` in
/// the file's order.
fn heap(url: &str, table: &str) -> Vec<(String, String)> {
    let rows = pg::psql(url, &format!("SELECT xmin::text, ctid::text, id FROM {table}"));
    let mut rows: Vec<((u64, u64), String, String)> = rows
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, '|');
            let (xmin, ctid, id) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
            let (block, offset) = ctid.trim_matches(['(', ')']).split_once(',').unwrap();
            ((block.parse().unwrap(), offset.parse().unwrap()), xmin.to_owned(), id.to_owned())
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, xmin, id)| (xmin, id)).collect()
}

/// The ids of `table` in id order, as PostgreSQL sorts them (the exports' order).
fn in_id_order(url: &str, table: &str) -> Vec<String> {
    pg::psql(url, &format!("SELECT id FROM {table} ORDER BY id")).lines().map(str::to_owned).collect()
}

/// Waits until `sql` (a count) answers at least `least`.
fn until(url: &str, sql: &str, least: u64, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while pg::psql(url, sql).trim().parse::<u64>().unwrap() < least {
        assert!(Instant::now() < deadline, "{what} did not happen");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Locks on `table` held (`granted`) or awaited, by everyone on this server.
fn locks(table: &str, mode: &str, granted: bool) -> String {
    format!(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE c.relname = '{table}' AND l.mode = '{mode}' AND l.granted = {granted}"
    )
}

// One scenario told in order (responses stored out of id order, `seal` run while posts and an
// export wait for it, the files read, sealed again, the collector storing on): its steps share
// the server, the database and the locks between them, so it stays one function.
#[test]
fn seal_leaves_one_transaction_number_and_the_id_order_in_the_files_and_a_post_meanwhile_is_stored() {
    let dir = scratch("pg-seal");
    let db = Store::postgres("seal");
    let Store::Postgres(url) = &db else { unreachable!() };
    // A webhook nobody answers: every response stays queued, and the queue is rewritten too.
    // After its first failed delivery the deliverer waits ten minutes, so no later try changes
    // a queued row (a try writes a new version of its row) while the test reads them.
    let secret = token(&dir);
    let args = [
        "--max-per-second",
        "0",
        "--webhook",
        "http://127.0.0.1:9/hook",
        "--webhook-secret-file",
        secret.to_str().unwrap(),
        "--webhook-backoff",
        "600",
    ];
    let mut collector = Collector::start(&db, &args);
    let mut client = collector.client();
    let mut batch = responses(&demo(), 40, "seal-", 51);
    // Sent in the reverse of the id order, one by one: the order of arrival is not the id order.
    batch.sort_by(|a, b| b.0.cmp(&a.0));
    for (id, body) in &batch {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    let before = heap(url, "responses");
    let xmins: BTreeSet<&String> = before.iter().map(|(xmin, _)| xmin).collect();
    assert_eq!(xmins.len(), 40, "without a seal, each response has a transaction number of its own");
    let arrival: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
    let mut by_xmin: Vec<(u64, String)> = before.iter().map(|(xmin, id)| (xmin.parse().unwrap(), id.clone())).collect();
    by_xmin.sort();
    let by_xmin: Vec<String> = by_xmin.into_iter().map(|(_, id)| id).collect();
    assert_eq!(by_xmin, arrival, "without a seal, the transaction numbers tell the order of arrival");
    let exported = db.export_lines();
    assert_eq!(exported.len(), 40);

    // Another session holds the queue, so the seal, having locked the responses, waits for it:
    // posts sent meanwhile find the reshuffle under way.
    let blocker_url = format!("{url}?application_name=seal-blocker");
    let mut blocker = Command::new(pg::bin().join("psql"))
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", &blocker_url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut to_blocker = blocker.stdin.take().unwrap();
    use std::io::Write;
    to_blocker.write_all(b"BEGIN;\nLOCK TABLE webhook_queue IN ACCESS SHARE MODE;\n").unwrap();
    to_blocker.flush().unwrap();
    until(url, &locks("webhook_queue", "AccessShareLock", true), 1, "the blocker's lock");
    let seal = Command::new(BINARY)
        .arg("seal")
        .arg("--data")
        .arg(db.arg())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    until(url, &locks("responses", "AccessExclusiveLock", true), 1, "the seal's lock on the responses");
    let meanwhile = responses(&demo(), 4, "sealw-", 52);
    let posts: Vec<_> = meanwhile
        .iter()
        .cloned()
        .map(|(id, body)| {
            let addr = collector.addr.clone();
            std::thread::spawn(move || Client::connect(&addr).post(&body, &id).unwrap().status)
        })
        .collect();
    // The posts wait for the reshuffle (none is answered while it holds the table).
    until(url, &locks("responses", "RowExclusiveLock", false), 4, "the posts waiting for the reshuffle");
    // So does an export, which then reads the new table whole (not empty, as a snapshot taken
    // before the reshuffle's commit would see it).
    let export = Command::new(BINARY)
        .arg("export")
        .arg("--data")
        .arg(db.arg())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let export_waits = format!(
        "{} AND l.pid IN (SELECT pid FROM pg_stat_activity WHERE query LIKE 'LOCK TABLE responses IN ACCESS SHARE%')",
        locks("responses", "AccessShareLock", false)
    );
    until(url, &export_waits, 1, "the export waiting for the reshuffle");
    to_blocker.write_all(b"COMMIT;\n").unwrap();
    drop(to_blocker);
    assert!(blocker.wait().unwrap().success());
    let sealed = seal.wait_with_output().unwrap();
    assert!(sealed.status.success(), "{}", String::from_utf8_lossy(&sealed.stderr));
    assert!(String::from_utf8_lossy(&sealed.stderr).contains("40 responses rewritten in id order"));
    for post in posts {
        assert_eq!(post.join().unwrap(), 201, "a post during the reshuffle is stored");
    }
    let export = export.wait_with_output().unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let during: Vec<String> = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("\"sealw-"))
        .map(str::to_owned)
        .collect();
    assert_eq!(during, exported, "an export during the reshuffle has every response");

    // The 40 rows: one transaction number, in id order in the file; the 4 posts came after.
    let after = heap(url, "responses");
    assert_eq!(after.len(), 44);
    let (old, new): (Vec<_>, Vec<_>) = after.iter().partition(|(_, id)| id.starts_with("seal-"));
    assert_eq!(old.iter().map(|(xmin, _)| xmin).collect::<BTreeSet<_>>().len(), 1, "{old:?}");
    let mut ids: Vec<String> = arrival.clone();
    ids.sort();
    let ordered = in_id_order(url, "responses");
    let old_ordered: Vec<&String> = ordered.iter().filter(|id| id.starts_with("seal-")).collect();
    assert_eq!(old.iter().map(|(_, id)| id).collect::<Vec<_>>(), old_ordered, "the file holds the id order");
    assert_eq!(new.len(), 4);
    // Nothing lost or doubled, and the export is the same but for the posts.
    assert_eq!(db.ids(), ids.iter().cloned().chain(meanwhile.iter().map(|(id, _)| id.clone())).collect());
    let exported_after: Vec<String> = db.export_lines().into_iter().filter(|l| !l.contains("\"sealw-")).collect();
    assert_eq!(exported_after, exported, "the export is unchanged");

    // Sealed again: all 44 now; the queue likewise; the keys and the index are back.
    let sealed = Command::new(BINARY).arg("seal").arg("--data").arg(db.arg()).output().unwrap();
    assert!(sealed.status.success(), "{}", String::from_utf8_lossy(&sealed.stderr));
    for table in ["responses", "webhook_queue"] {
        let rows = heap(url, table);
        assert_eq!(rows.len(), 44, "{table}");
        assert_eq!(rows.iter().map(|(xmin, _)| xmin).collect::<BTreeSet<_>>().len(), 1, "{table}: {rows:?}");
        assert_eq!(rows.into_iter().map(|(_, id)| id).collect::<Vec<_>>(), in_id_order(url, table), "{table}");
    }
    assert_eq!(
        pg::psql(url, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
        "instruments_pkey\ninvitation_batches_pkey\ninvitations_pkey\nresponses_by_instrument\nresponses_pkey\nwebhook_queue_pkey\n",
    );
    let full = db.export_lines();
    assert_eq!(full.len(), 44);
    assert_eq!(full.iter().filter(|l| !l.contains("\"sealw-")).cloned().collect::<Vec<_>>(), exported);

    // The collector goes on storing, and rewrites what came since when it stops cleanly.
    let late = responses(&demo(), 3, "seall-", 53);
    for (id, body) in late.iter().rev() {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    assert_eq!(client.post(&late[0].1, &late[0].0).unwrap().status, 200, "a repeat is still a repeat");
    assert!(collector.terminate());
    let rows = heap(url, "responses");
    assert_eq!(rows.len(), 47);
    assert_eq!(rows.iter().map(|(xmin, _)| xmin).collect::<BTreeSet<_>>().len(), 1, "{rows:?}");
    assert_eq!(rows.into_iter().map(|(_, id)| id).collect::<Vec<_>>(), in_id_order(url, "responses"));
    assert_eq!(heap(url, "webhook_queue").len(), 47);
}

#[test]
fn seal_needs_a_database_and_has_nothing_to_do_on_a_sqlite_file() {
    let out = Command::new(BINARY).arg("seal").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("say which database"));
    let db = Store::sqlite("seal-sqlite");
    let out = Command::new(BINARY).arg("seal").arg("--data").arg(db.arg()).output().unwrap();
    assert!(!out.status.success(), "there is no file yet");
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no database here"));
    drop(Collector::start(&db, &[]));
    let out = Command::new(BINARY).arg("seal").arg("--data").arg(db.arg()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to seal"));
}
