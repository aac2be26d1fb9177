//! The collector as an operator runs it: the real binary on a loopback port, a real SQLite file.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use partnerscope_core::import::Import;
use support::{Client, Collector, Store, demo, responses, rows, scratch};

const NO_LIMIT: [&str; 2] = ["--max-per-second", "0"];

#[test]
fn sixteen_clients_posting_at_once_store_every_response_exactly_once() {
    sixteen_clients_at_once(&Store::sqlite("concurrent"));
}

#[test]
fn sixteen_clients_posting_at_once_store_every_response_exactly_once_on_postgres() {
    sixteen_clients_at_once(&Store::postgres("concurrent"));
}

fn sixteen_clients_at_once(db: &Store) {
    let collector = Collector::start(db, &NO_LIMIT);
    let instrument = demo();
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let addr = collector.addr.clone();
            let batch = responses(&instrument, 500, &format!("c{t}-"), 100 + t as u64);
            std::thread::spawn(move || {
                let mut client = Client::connect(&addr);
                let mut created = 0;
                for (id, body) in &batch {
                    let reply = client.post(body, id).unwrap();
                    assert_eq!(reply.status, 201, "{}", reply.text());
                    created += 1;
                }
                created
            })
        })
        .collect();
    let created: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(created, 8_000);
    assert_eq!(db.rows(), 8_000);
    assert_eq!(db.ids().len(), 8_000);
}

#[test]
fn the_same_response_sent_ten_times_is_one_row() {
    the_same_response_ten_times(&Store::sqlite("repeat"));
}

#[test]
fn the_same_response_sent_ten_times_is_one_row_on_postgres() {
    the_same_response_ten_times(&Store::postgres("repeat"));
}

fn the_same_response_ten_times(db: &Store) {
    let collector = Collector::start(db, &NO_LIMIT);
    let (id, body) = responses(&demo(), 1, "same-", 1).remove(0);
    let mut client = collector.client();
    let statuses: Vec<u16> = (0..10).map(|_| client.post(&body, &id).unwrap().status).collect();
    assert_eq!(statuses, [201, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
    assert_eq!(db.rows(), 1);
    // The same id with other answers is not a repeat: it is refused, and the first one stays.
    let other = responses(&demo(), 2, "x", 9).remove(1).1.replacen("\"id\":\"x1\"", &format!("\"id\":\"{id}\""), 1);
    assert_ne!(other, body);
    let reply = client.post(&other, &id).unwrap();
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert!(reply.reason().contains("already stored"));
    assert_eq!(reply.code(), "conflict");
    assert_eq!(db.rows(), 1);
}

#[test]
fn killed_with_sigkill_mid_load_every_acknowledged_response_is_in_the_database() {
    killed_mid_load(&Store::sqlite("kill"));
}

#[test]
fn killed_with_sigkill_mid_load_every_acknowledged_response_is_in_the_database_on_postgres() {
    killed_mid_load(&Store::postgres("kill"));
}

fn killed_mid_load(db: &Store) {
    let mut collector = Collector::start(db, &NO_LIMIT);
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let instrument = demo();
    let senders: Vec<_> = (0..8)
        .map(|t| {
            let (addr, acknowledged, stop) = (collector.addr.clone(), acknowledged.clone(), stop.clone());
            let batch = responses(&instrument, 5_000, &format!("k{t}-"), 7 + t as u64);
            std::thread::spawn(move || {
                let mut client = Client::connect(&addr);
                for (id, body) in &batch {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    match client.post(body, id) {
                        Ok(reply) if (200..300).contains(&reply.status) => {
                            acknowledged.lock().unwrap().insert(id.clone());
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
    while acknowledged.lock().unwrap().len() < 3_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    collector.child.kill().unwrap(); // SIGKILL
    collector.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 3_000, "the load ran: {} acknowledged", acknowledged.len());
    // Restarted on the same file, the collector opens it and every acknowledged row is there.
    let restarted = Collector::start(db, &NO_LIMIT);
    let health = restarted.client().get("/healthz", &[]).unwrap();
    assert_eq!(health.status, 200);
    let stored = db.ids();
    let missing: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(missing.is_empty(), "{} acknowledged responses lost, e.g. {:?}", missing.len(), missing.first());
    println!("SIGKILL after {} acknowledged: {} rows on restart, none lost", acknowledged.len(), stored.len());
}

// A table of bad bodies (most of its length) sent to one collector, then one check that none
// was stored: long because the table is, so it stays one function.
#[test]
fn bad_bodies_each_get_their_status_and_reason_and_store_nothing() {
    let dir = scratch("hostile");
    let db = dir.join("responses.db");
    let custom = dir.join("custom.json");
    std::fs::write(&custom, include_str!("../../../tests/fixtures/custom-instrument.json")).unwrap();
    let collector = Collector::start(
        &db,
        &["--max-per-second", "0", "--max-body-bytes", "4096", "--instrument", custom.to_str().unwrap()],
    );
    let (id, body) = responses(&demo(), 1, "h", 3).remove(0);
    let demo_version = demo().version().to_owned();
    let first_item = demo().item(0).id.clone();
    let nested = format!("{{\"schema\":{}{}}}", "[".repeat(1_500), "]".repeat(1_500));
    let big_comment = format!("{{\"schema\":1,\"id\":\"big\",\"comments\":{{\"c\":\"{}\"}}}}", "x".repeat(5_000));
    let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
        ("not JSON", b"hello".to_vec(), 400, "JSON object", "malformed"),
        ("cut off", body.as_bytes()[..body.len() / 2].to_vec(), 400, "cut off", "malformed"),
        ("an array", b"[1,2,3]".to_vec(), 400, "", "malformed"),
        ("nested 1,500 deep", nested.into_bytes(), 400, "", "malformed"),
        ("not UTF-8", vec![b'{', 0xff, 0xfe, b'}'], 400, "UTF-8", "malformed"),
        ("empty", Vec::new(), 400, "empty", "malformed"),
        ("a NUL byte", b"{\"schema\":1,\0}".to_vec(), 400, "", "malformed"),
        ("an unknown field", body.replacen('{', "{\"__proto__\":{},", 1).into_bytes(), 400, "__proto__", "malformed"),
        ("a duplicated id field", body.replacen('{', "{\"id\":\"other\",", 1).into_bytes(), 400, "", "malformed"),
        ("over the size limit", big_comment.into_bytes(), 413, "4096 bytes", "too-large"),
        (
            "an unknown questionnaire",
            body.replacen(&format!("\"{}\"", demo().id()), "\"no-such\"", 1).into_bytes(),
            503,
            "not open yet",
            "not-open",
        ),
        (
            "another version",
            body.replacen(&format!("\"version\":\"{demo_version}\""), "\"version\":\"0.0.1\"", 1).into_bytes(),
            422,
            "version",
            "unknown-version",
        ),
        (
            "an answer off the scale",
            body.replacen(&format!("\"{first_item}\":"), &format!("\"{first_item}\":99,\"ignored\":"), 1).into_bytes(),
            422,
            "",
            "invalid-response",
        ),
        (
            "a huge number",
            body.replacen(&format!("\"{first_item}\":"), &format!("\"{first_item}\":1e999,\"z\":"), 1).into_bytes(),
            400,
            "",
            "malformed",
        ),
    ];
    let mut client = collector.client();
    for (what, bytes, status, says, code) in &cases {
        let reply = client
            .request("POST", "/v1/responses", &[("Content-Type", "application/json"), ("Idempotency-Key", &id)], bytes)
            .unwrap();
        assert_eq!(reply.status, *status, "{what}: {}", reply.text());
        let reason = reply.reason();
        println!("{what}: {status} {reason}");
        assert!(reason.contains(says), "{what}: {reason}");
        assert_eq!(reply.code(), *code, "{what}");
        assert!(!reason.contains("struct") && !reason.contains("serde"), "{what}: plain words, not {reason}");
    }
    // Framing problems: a declared length over the limit is refused before the body is read,
    // and so is a chunked body that grows past it.
    let reply = client
        .raw(b"POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n")
        .unwrap();
    assert_eq!(reply.status, 413);
    assert_eq!(reply.code(), "too-large");
    let mut chunked = collector.client();
    let mut request =
        b"POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..3 {
        request.extend_from_slice(b"800\r\n");
        request.extend_from_slice(&[b' '; 0x800]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(chunked.raw(&request).unwrap().status, 413);
    // Not JSON by its type, and the wrong method or path.
    let mut other = collector.client();
    let reply = other.request("POST", "/v1/responses", &[("Content-Type", "text/plain")], body.as_bytes()).unwrap();
    assert_eq!(reply.status, 415);
    assert!(reply.reason().contains("application/json"));
    assert_eq!(reply.code(), "not-json");
    let reply = other.get("/v1/responses/../../etc/passwd", &[]).unwrap();
    assert_eq!((reply.status, reply.code().as_str()), (404, "not-found"));
    let reply = other.get("/v1/responses", &[]).unwrap();
    assert_eq!((reply.status, reply.code().as_str()), (405, "method-not-allowed"));
    // A response to the operator's own questionnaire is accepted.
    let custom_instrument =
        partnerscope_core::Instrument::from_json(include_str!("../../../tests/fixtures/custom-instrument.json"))
            .unwrap();
    let (cid, cbody) = responses(&custom_instrument, 1, "custom-", 5).remove(0);
    assert_eq!(other.post(&cbody, &cid).unwrap().status, 201);
    assert_eq!(rows(&db), 1, "nothing but the valid response was stored");
}

#[test]
fn too_fast_a_client_is_asked_to_slow_down() {
    let dir = scratch("throttle");
    let db = dir.join("responses.db");
    let collector = Collector::start(&db, &["--max-per-second", "1"]);
    let batch = responses(&demo(), 150, "t", 11);
    let mut client = collector.client();
    let statuses: Vec<u16> = batch.iter().map(|(id, body)| client.post(body, id).unwrap().status).collect();
    let created = statuses.iter().filter(|s| **s == 201).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!((100..=102).contains(&created), "the burst of 100 is taken: {created}");
    assert_eq!(created + throttled, 150);
    let reply = client.post(&batch[149].1, &batch[149].0).unwrap();
    assert_eq!(reply.status, 429);
    assert!(reply.header("retry-after").is_some());
    assert!(reply.reason().contains("slow") || reply.reason().contains("too many"));
    assert_eq!(reply.code(), "too-many-requests");
}

#[test]
fn cors_answers_only_the_listed_origins_and_never_with_credentials_unless_enabled() {
    let dir = scratch("cors");
    let db = dir.join("responses.db");
    let collector = Collector::start(&db, &["--allow-origin", "https://intranet.example.org"]);
    let mut client = collector.client();
    let preflight = |client: &mut Client, origin: &str| {
        client
            .request(
                "OPTIONS",
                "/v1/responses",
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "content-type, idempotency-key"),
                ],
                b"",
            )
            .unwrap()
    };
    let allowed = preflight(&mut client, "https://intranet.example.org");
    assert_eq!(allowed.header("access-control-allow-origin"), Some("https://intranet.example.org"));
    assert_eq!(allowed.header("access-control-allow-credentials"), None);
    let other = preflight(&mut client, "https://evil.example.com");
    assert_eq!(other.header("access-control-allow-origin"), None);
    let (id, body) = responses(&demo(), 1, "o", 2).remove(0);
    let reply = client
        .request(
            "POST",
            "/v1/responses",
            &[("Origin", "https://evil.example.com"), ("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .unwrap();
    assert_eq!(reply.header("access-control-allow-origin"), None, "{id}");
    drop(collector);
    // With credentials enabled, the listed origin hears so.
    let collector = Collector::start(
        dir.join("second.db"),
        &["--allow-origin", "https://intranet.example.org", "--allow-credentials"],
    );
    let allowed = preflight(&mut collector.client(), "https://intranet.example.org");
    assert_eq!(allowed.header("access-control-allow-credentials"), Some("true"));
}

#[test]
fn downloads_need_the_token_stream_every_response_and_load_into_the_report() {
    let dir = scratch("export");
    let db = dir.join("responses.db");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "s3cret-token-for-the-facilitator\n").unwrap();
    let collector = Collector::start(&db, &["--max-per-second", "0", "--token-file", token_file.to_str().unwrap()]);
    let instrument = demo();
    let batch = responses(&instrument, 3_000, "e", 21);
    let mut client = collector.client();
    for (id, body) in &batch {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    let path = format!("/v1/responses.jsonl?instrument={}", instrument.id());
    let none = client.get(&path, &[]).unwrap();
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    assert_eq!(client.get(&path, &[("Authorization", "Bearer wrong")]).unwrap().status, 401);
    assert_eq!(
        client.get(&path, &[("Authorization", "Bearer s3cret-token-for-the-facilitator-and-more")]).unwrap().status,
        401
    );
    let auth = [("Authorization", "Bearer s3cret-token-for-the-facilitator")];
    let jsonl = client.get(&path, &auth).unwrap();
    assert_eq!(jsonl.status, 200);
    assert_eq!(jsonl.header("transfer-encoding"), Some("chunked"), "streamed, not built in memory");
    let lines: Vec<&str> = std::str::from_utf8(&jsonl.body).unwrap().lines().collect();
    assert_eq!(lines.len(), 3_000);
    let mut expected: Vec<&str> = batch.iter().map(|(_, body)| body.as_str()).collect();
    expected.sort_by_key(|body| partnerscope_core::Response::from_json(body).unwrap().id);
    assert_eq!(lines, expected, "in id order, not in the order they arrived");
    // The command gives the same bytes, from the same file, while the server runs.
    let command =
        std::process::Command::new(support::BINARY).args(["export", "--data", db.to_str().unwrap()]).output().unwrap();
    assert!(command.status.success(), "{}", String::from_utf8_lossy(&command.stderr));
    assert_eq!(command.stdout, jsonl.body);
    // CSV for one questionnaire.
    let csv = client.get(&format!("/v1/responses.csv?instrument={}", instrument.id()), &auth).unwrap();
    assert_eq!(csv.status, 200);
    assert_eq!(csv.text().lines().count(), 3_001);
    let missing = client.get("/v1/responses.csv", &auth).unwrap();
    assert_eq!(missing.status, 400);
    assert!(missing.reason().contains("instrument="));
    // Both load into the facilitator's report as they are: nothing refused, nothing doubled.
    for (name, bytes) in [("all.jsonl", &jsonl.body), ("all.csv", &csv.body)] {
        let mut import = Import::new(vec![instrument.clone()]);
        import.begin(name);
        for chunk in bytes.chunks(7_777) {
            import.feed(chunk);
        }
        import.finish();
        assert_eq!(import.responses(), 3_000, "{name}");
        assert_eq!(import.duplicates(), 0, "{name}");
    }
}

// One scenario told in order (requests carrying everything that could identify a sender, then
// the log and every column of the database searched for each of it), so it stays one function.
#[test]
fn nothing_about_who_answered_reaches_the_log_or_the_database() {
    let dir = scratch("anonymous");
    let db = dir.join("responses.db");
    let mut collector = Collector::start(&db, &NO_LIMIT);
    let batch = responses(&demo(), 50, "a", 31);
    let mut client = collector.client();
    let local = {
        // The client's own port, as the server would see it.
        let probe = std::net::TcpStream::connect(&collector.addr).unwrap();
        probe.local_addr().unwrap().port().to_string()
    };
    let mut ports = vec![local];
    for (id, body) in &batch {
        let reply = client
            .request(
                "POST",
                "/v1/responses",
                &[
                    ("Content-Type", "application/json"),
                    ("Idempotency-Key", id),
                    ("User-Agent", "CanaryBrowser/7.7 (respondent-laptop-42)"),
                    ("Cookie", "session=canary-cookie-9f8e"),
                    ("X-Forwarded-For", "203.0.113.77"),
                    ("Authorization", "Basic Y2FuYXJ5LXVzZXI6cHc="),
                ],
                body.as_bytes(),
            )
            .unwrap();
        assert_eq!(reply.status, 201);
        assert_eq!(reply.header("set-cookie"), None, "no cookie is ever set");
    }
    // A refusal is logged with its reason, still without the sender.
    let reply = client
        .request(
            "POST",
            "/v1/responses",
            &[("Content-Type", "application/json"), ("User-Agent", "CanaryBrowser/7.7")],
            b"{",
        )
        .unwrap();
    assert_eq!(reply.status, 400);
    let stream = std::net::TcpStream::connect(&collector.addr).unwrap();
    ports.push(stream.local_addr().unwrap().port().to_string());
    drop(stream);
    assert!(collector.terminate(), "a clean exit on SIGTERM");
    let log = collector.log_text();
    assert!(log.contains("refused (400)"), "{log}");
    let listen_port = collector.addr.rsplit(':').next().unwrap().to_owned();
    let mut stored = Vec::new();
    for file in std::fs::read_dir(&dir).unwrap() {
        stored.extend(std::fs::read(file.unwrap().path()).unwrap());
    }
    let stored = String::from_utf8_lossy(&stored).into_owned();
    for canary in ["CanaryBrowser", "respondent-laptop", "canary-cookie", "203.0.113.77", "Y2FuYXJ5", "canary-user"] {
        assert!(!log.contains(canary), "the log holds {canary}: {log}");
        assert!(!stored.contains(canary), "the database holds {canary}");
    }
    for line in log.lines().filter(|l| !l.contains("listening on")) {
        assert!(!line.contains("127.0.0.1"), "a client address in the log: {line}");
        for port in &ports {
            assert!(*port == listen_port || !line.contains(port.as_str()), "a client port in the log: {line}");
        }
    }
    // The row is the response and nothing else: id, questionnaire, version, body.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('responses')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, ["id", "instrument", "version", "body"]);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tables, ["responses"]);
}

#[test]
fn sigterm_lets_requests_in_flight_finish_and_health_is_reported() {
    let dir = scratch("graceful");
    let db = dir.join("responses.db");
    let mut collector = Collector::start(&db, &NO_LIMIT);
    let health = collector.client().get("/healthz", &[]).unwrap();
    assert_eq!(health.status, 200);
    assert_eq!(health.text(), "{\"status\":\"ok\",\"responses\":0}");
    // Requests already on their way when the signal comes all get their answer.
    let batch = responses(&demo(), 64, "g", 41);
    let mut started = Vec::new();
    for (id, body) in &batch {
        let mut client = collector.client();
        let head = format!(
            "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: {id}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        // Send all but the last byte; the rest follows after the signal.
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        let last = bytes.pop().unwrap();
        use std::io::Write;
        let mut stream = client_stream(&mut client);
        stream.write_all(&bytes).unwrap();
        started.push((client, last));
    }
    std::thread::sleep(Duration::from_millis(200));
    let _ = std::process::Command::new("kill").args(["-TERM", &collector.child.id().to_string()]).status();
    std::thread::sleep(Duration::from_millis(200));
    for (client, last) in &mut started {
        let reply = client.raw(&[*last]).unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
    }
    assert!(collector.terminate());
    assert_eq!(rows(&db), 64);
    assert!(collector.log_text().contains("stopping"));
}

fn client_stream(client: &mut Client) -> std::net::TcpStream {
    client.stream_clone()
}

#[test]
fn the_command_line_says_plainly_what_is_wrong() {
    let dir = scratch("cli");
    let short = dir.join("short-token");
    std::fs::write(&short, "abc").unwrap();
    let bad_instrument = dir.join("bad.json");
    std::fs::write(&bad_instrument, "{\"schema\": 1}").unwrap();
    let db = dir.join("x.db");
    let db = db.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--listen", "nowhere", "--data", db], "--listen takes an address and port"),
        (vec!["--listen", "127.0.0.1:0"], "say where to store: --data FILE"),
        (vec!["--data", db, "--token-file", short.to_str().unwrap()], "at least 16 visible characters"),
        (vec!["--data", db, "--allow-origin", "intranet.example.org/path"], "--allow-origin takes an origin"),
        (vec!["--data", db, "--instrument", bad_instrument.to_str().unwrap()], "is not a valid questionnaire"),
        (vec!["--data", db, "--max-per-second", "fast"], "--max-per-second takes a number"),
        (vec!["--data", db, "--frobnicate"], "\"--frobnicate\" is not an option here"),
        (vec!["export", "--data", "/nonexistent/responses.db"], "there is no database here"),
        (vec!["export", "--data", db, "--format", "xml"], "--format takes jsonl or csv"),
    ];
    // The export cases need a database that exists.
    drop(Collector::start(std::path::Path::new(db), &NO_LIMIT));
    for (args, says) in cases {
        let out = std::process::Command::new(support::BINARY)
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let csv =
        std::process::Command::new(support::BINARY).args(["export", "--data", db, "--format", "csv"]).output().unwrap();
    assert!(String::from_utf8_lossy(&csv.stderr).contains("--instrument ID"));
    let help = std::process::Command::new(support::BINARY).arg("--help").output().unwrap();
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--allow-origin ORIGIN"));
}
