//! Signed webhooks: a receiver that fails its first deliveries, and one that is down while the
//! collector restarts; every stored response arrives, signed, at least once, and is processed
//! once by the receiver's own idempotency; the respondent's POST does not wait for it.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use support::{BINARY, Collector, Store, demo, responses, scratch};

const SECRET: &str = "webhook-secret-4b9e1f07c2";
const TOKEN: &str = "webhook-test-token-93ac1e";

/// A receiver as the documentation tells one to write it: checks the signature, refuses one
/// older than five minutes, keeps each id once.
struct Receiver {
    addr: String,
    /// Id to body, each processed once.
    processed: Arc<Mutex<BTreeMap<String, String>>>,
    /// Deliveries seen, failed ones and repeats included.
    deliveries: Arc<AtomicUsize>,
    bad_signatures: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn verify(secret: &[u8], header: &str, body: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value.parse::<u64>().ok(),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else { return false };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    if now.abs_diff(t) > 300 {
        return false;
    }
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    expected == v1
}

impl Receiver {
    /// Listens on `addr` (`127.0.0.1:0` for any port); answers 500 to the first `fail_first`
    /// deliveries.
    fn start(addr: &str, fail_first: usize) -> Receiver {
        let listener = TcpListener::bind(addr).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let processed = Arc::new(Mutex::new(BTreeMap::new()));
        let deliveries = Arc::new(AtomicUsize::new(0));
        let bad_signatures = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, d, b, s) = (processed.clone(), deliveries.clone(), bad_signatures.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                stream.set_nonblocking(false).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut reader = BufReader::new(stream);
                let mut headers = BTreeMap::new();
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').unwrap();
                    headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                }
                let length: usize = headers["content-length"].parse().unwrap();
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body = String::from_utf8(body).unwrap();
                let n = d.fetch_add(1, Ordering::Relaxed);
                let status = if n < fail_first {
                    "500 Internal Server Error"
                } else if !verify(SECRET.as_bytes(), headers.get("partnerscope-signature").unwrap(), &body) {
                    b.fetch_add(1, Ordering::Relaxed);
                    "401 Unauthorized"
                } else {
                    let id = headers["idempotency-key"].clone();
                    // Processed once: a repeat is acknowledged and not processed again.
                    p.lock().unwrap().entry(id).or_insert(body);
                    "200 OK"
                };
                let mut stream = reader.into_inner();
                let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
        Receiver { addr, processed, deliveries, bad_signatures, stop, thread: Some(thread) }
    }

    fn ids(&self) -> BTreeSet<String> {
        self.processed.lock().unwrap().keys().cloned().collect()
    }

    fn wait_for(&self, count: usize, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.processed.lock().unwrap().len() >= count {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn start(db: impl AsRef<std::ffi::OsStr>, dir: &Path, url: &str) -> Collector {
    start_with(db, dir, url, "0.2")
}

fn start_with(db: impl AsRef<std::ffi::OsStr>, dir: &Path, url: &str, backoff: &str) -> Collector {
    let secret = dir.join("webhook-secret");
    std::fs::write(&secret, SECRET).unwrap();
    let token = dir.join("token");
    std::fs::write(&token, TOKEN).unwrap();
    Collector::start(
        db,
        &[
            "--max-per-second",
            "0",
            "--webhook",
            url,
            "--webhook-secret-file",
            secret.to_str().unwrap(),
            "--webhook-backoff",
            backoff,
            "--token-file",
            token.to_str().unwrap(),
        ],
    )
}

fn letters(collector: &Collector) -> serde_json::Value {
    let reply = collector.client().get("/v1/webhook", &[("Authorization", &format!("Bearer {TOKEN}"))]).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

#[test]
fn a_receiver_that_fails_its_first_deliveries_gets_every_response_signed_and_the_post_does_not_wait() {
    let dir = scratch("webhook-failing");
    let db = dir.join("responses.db");
    let receiver = Receiver::start("127.0.0.1:0", 5);
    let collector = start(&db, &dir, &format!("http://{}/hook", receiver.addr));
    let batch = responses(&demo(), 40, "w", 3);
    let mut client = collector.client();
    let mut slowest = Duration::ZERO;
    for (id, body) in &batch {
        let began = Instant::now();
        assert_eq!(client.post(body, id).unwrap().status, 201);
        slowest = slowest.max(began.elapsed());
    }
    assert!(receiver.wait_for(40, Duration::from_secs(60)), "delivered: {}", receiver.ids().len());
    let expected: BTreeSet<String> = batch.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(receiver.ids(), expected);
    assert_eq!(receiver.bad_signatures.load(Ordering::Relaxed), 0, "every signature verified");
    for (id, body) in &batch {
        assert_eq!(receiver.processed.lock().unwrap()[id], *body, "the same JSON as stored");
    }
    assert!(receiver.deliveries.load(Ordering::Relaxed) >= 45, "the failed ones were tried again");
    // Taken off the queue once delivered.
    let deadline = Instant::now() + Duration::from_secs(10);
    while letters(&collector)["waiting"] != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(letters(&collector)["waiting"], 0);
    assert_eq!(letters(&collector)["dead"].as_array().unwrap().len(), 0);
    println!("slowest POST with a failing receiver: {slowest:?}");
    assert!(slowest < Duration::from_secs(2), "the POST does not wait for the webhook: {slowest:?}");
    // A repeated POST is not delivered again (it was not stored again).
    let before = receiver.deliveries.load(Ordering::Relaxed);
    assert_eq!(client.post(&batch[0].1, &batch[0].0).unwrap().status, 200);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(receiver.deliveries.load(Ordering::Relaxed), before);
}

#[test]
fn two_collectors_on_one_postgresql_queue_deliver_every_response_even_when_one_is_killed() {
    let dir = scratch("webhook-postgres");
    let db = Store::postgres("webhook");
    let receiver = Receiver::start("127.0.0.1:0", 5);
    let url = format!("http://{}/hook", receiver.addr);
    let mut first = start(&db, &dir, &url);
    let second = start(&db, &dir, &url);
    let batch = responses(&demo(), 60, "pw", 12);
    let mut client = first.client();
    for (id, body) in &batch[..30] {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    // Killed with whatever it had taken from the queue still locked: the rows come free.
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let mut client = second.client();
    for (id, body) in &batch[30..] {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    assert!(receiver.wait_for(60, Duration::from_secs(60)), "delivered: {}", receiver.ids().len());
    let expected: BTreeSet<String> = batch.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(receiver.ids(), expected);
    assert_eq!(receiver.bad_signatures.load(Ordering::Relaxed), 0, "every signature verified");
    let deadline = Instant::now() + Duration::from_secs(10);
    while letters(&second)["waiting"] != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(letters(&second)["waiting"], 0, "taken off the shared queue once delivered");
}

#[test]
fn a_receiver_down_while_the_collector_restarts_gets_every_response_after() {
    let dir = scratch("webhook-restart");
    let db = dir.join("responses.db");
    // A port nobody listens on, for now.
    let addr = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let url = format!("http://{addr}/hook");
    let mut collector = start(&db, &dir, &url);
    let batch = responses(&demo(), 30, "d", 8);
    let mut client = collector.client();
    for (id, body) in &batch[..20] {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(letters(&collector)["waiting"], 20, "queued while the receiver is down");
    assert!(collector.terminate());
    // Killed outright the second time, mid-load.
    let mut collector = start(&db, &dir, &url);
    let mut client = collector.client();
    for (id, body) in &batch[20..] {
        assert_eq!(client.post(body, id).unwrap().status, 201);
    }
    collector.child.kill().unwrap();
    collector.child.wait().unwrap();
    // The receiver comes up, then the collector: the queue survived both stops.
    let receiver = Receiver::start(&addr, 0);
    let collector = start(&db, &dir, &url);
    assert!(receiver.wait_for(30, Duration::from_secs(60)), "delivered: {}", receiver.ids().len());
    let expected: BTreeSet<String> = batch.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(receiver.ids(), expected);
    assert_eq!(receiver.bad_signatures.load(Ordering::Relaxed), 0);
    drop(collector);
}

#[test]
fn a_receiver_that_always_fails_fills_the_dead_letters_which_the_operator_sees_and_sends_again() {
    let dir = scratch("webhook-dead");
    let db = dir.join("responses.db");
    let receiver = Receiver::start("127.0.0.1:0", usize::MAX);
    let collector = start_with(&db, &dir, &format!("http://{}/hook", receiver.addr), "0.01");
    let (id, body) = responses(&demo(), 1, "dead-", 4).remove(0);
    assert_eq!(collector.client().post(&body, &id).unwrap().status, 201);
    // Twelve tries, 0.01 s doubling: about 0.01 × (2^11 - 1) = 20 s in all.
    let deadline = Instant::now() + Duration::from_secs(120);
    while letters(&collector)["dead"].as_array().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let dead = letters(&collector);
    assert_eq!(dead["dead"][0]["id"], id.as_str(), "{dead}");
    assert_eq!(dead["dead"][0]["tries"], 12);
    assert!(dead["dead"][0]["reason"].as_str().unwrap().contains("500"));
    assert!(collector.log_text().contains("gave up on a response after 12 tries"), "{}", collector.log_text());
    assert!(!collector.log_text().contains(&id), "no id in the log");
    let out = std::process::Command::new(BINARY)
        .args(["webhook", "--data", db.to_str().unwrap(), "--retry-dead"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("waiting\t1\ndead\t0\n"));
}

#[test]
fn webhook_mistakes_are_said_plainly_at_start() {
    let dir = scratch("webhook-cli");
    let db = dir.join("x.db");
    let secret = dir.join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let weak = dir.join("weak");
    std::fs::write(&weak, "short").unwrap();
    let s = secret.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--webhook", "http://127.0.0.1:9/x"], "needs --webhook-secret-file"),
        (vec!["--webhook-secret-file", s], "no use without --webhook"),
        (vec!["--webhook", "https://example.org/x", "--webhook-secret-file", s], "plain http:// only"),
        (vec!["--webhook", "ftp://x", "--webhook-secret-file", s], "--webhook takes an address"),
        (vec!["--webhook", "http://a b/", "--webhook-secret-file", s], "--webhook takes an address"),
        (vec!["--webhook", "http://h:99999/", "--webhook-secret-file", s], "the port is not a number"),
        (vec!["--webhook", "http://h/", "--webhook-secret-file", weak.to_str().unwrap()], "at least 16"),
    ];
    for (args, says) in cases {
        let out = std::process::Command::new(BINARY)
            .args(["--listen", "127.0.0.1:0", "--data", db.to_str().unwrap()])
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
