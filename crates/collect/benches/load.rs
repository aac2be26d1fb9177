//! Sustained load on the collector (issue 11): the release binary on a loopback port with a
//! fresh SQLite file, and then a fresh database on a PostgreSQL server the benchmark starts
//! itself (as the tests do, but flushing at every commit like a production server; skipped with
//! a note when PostgreSQL is not installed), 16 clients on keep-alive connections posting distinct valid responses
//! for a fixed time. Prints stored responses per second and latency percentiles; asserts
//! nothing about time. Run by `cargo xtask bench` (or `cargo bench -p partnerscope-collect`).
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{Client, Collector, Store, demo, pg, responses, scratch};

const CLIENTS: usize = 16;
/// Each client stops after this long or after [`PER_CLIENT`] responses, whichever comes first.
const RUN: Duration = Duration::from_secs(8);
const PER_CLIENT: usize = 4_000;

/// A webhook receiver that answers every delivery 200 at once; counts them.
fn receiver() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = reader.into_inner().write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    });
    (addr, count)
}

fn main() {
    // Plain, then with a webhook (every response also queued and delivered), then with every
    // response admitted by an invitation code (the log truncated after each commit).
    // `PARTNERSCOPE_BENCH_STORE=sqlite` or `postgres` runs one store only.
    let only = std::env::var("PARTNERSCOPE_BENCH_COLLECT").unwrap_or_default();
    let only_store = std::env::var("PARTNERSCOPE_BENCH_STORE").unwrap_or_default();
    for store in ["sqlite", "postgres"] {
        if !only_store.is_empty() && only_store != store {
            continue;
        }
        if store == "postgres" && pg::find_bin().is_none() {
            println!(
                "BENCH collector (postgres): skipped, PostgreSQL is not installed (cargo xtask setup installs it)"
            );
            continue;
        }
        for mode in ["plain", "webhook", "invitations"] {
            if !only.is_empty() && only != mode {
                continue;
            }
            run(store, mode);
        }
    }
}

/// One run: a collector on `store` in `mode` (`plain`, `webhook`, `invitations`), loaded by
/// [`CLIENTS`] clients, and its line of figures.
fn run(store: &str, mode: &str) {
    let dir = scratch("bench");
    let db = match store {
        "postgres" => Store::Postgres(pg::durable_server().database("bench")),
        _ => Store::Sqlite(dir.join("responses.db")),
    };
    let key = dir.join("invitation-key");
    let secret = dir.join("secret");
    std::fs::write(&secret, "bench-webhook-secret-0123456789").unwrap();
    let (hook, delivered) = receiver();
    let hook = format!("http://{hook}/hook");
    let mut args: Vec<String> = vec!["--max-per-second".into(), "0".into()];
    let mut codes: Vec<String> = Vec::new();
    match mode {
        "webhook" => {
            args.extend(["--webhook".into(), hook, "--webhook-secret-file".into(), secret.display().to_string()])
        }
        "invitations" => {
            codes = invitation_codes(&db, &key);
            args.extend(["--invitations".into(), "demo".into(), "--invitation-key".into(), key.display().to_string()]);
        }
        _ => {}
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let collector = Collector::start(&db, &args);
    let instrument = demo();
    let batches: Vec<Vec<(String, String)>> =
        (0..CLIENTS).map(|c| responses(&instrument, PER_CLIENT, &format!("b{c}-"), 1 + c as u64)).collect();
    let started = Instant::now();
    let mut latencies = load(&collector.addr, batches, &codes, started);
    let elapsed = started.elapsed();
    latencies.sort();
    let stored = db.rows();
    assert_eq!(stored as usize, latencies.len(), "every 201 is a row");
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let forwarded = if mode == "webhook" { delivered_all(&delivered, latencies.len(), started) } else { String::new() };
    println!(
        "BENCH collector ({store}, {mode}): {} responses stored by {CLIENTS} clients in {:.2} s: {:.0} stored/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({})",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
        if store == "postgres" { "a transaction per response, fsync on" } else { "synchronous=FULL, group commit" },
    );
    if !forwarded.is_empty() {
        println!("BENCH collector ({store}, {mode}){forwarded}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Enough invitation codes for every response of the run, made by the `invite` command.
fn invitation_codes(db: &Store, key: &std::path::Path) -> Vec<String> {
    let mut codes = Vec::new();
    for _ in 0..(CLIENTS * PER_CLIENT).div_ceil(10_000) {
        let out = std::process::Command::new(support::BINARY)
            .args(["invite", "--instrument", "demo", "--count", "10000", "--invitation-key"])
            .arg(key)
            .arg("--data")
            .arg(db.arg())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        codes.extend(
            String::from_utf8(out.stdout).unwrap().lines().skip(1).map(|l| l.rsplit(',').next().unwrap().to_owned()),
        );
    }
    codes
}

/// Each batch posted by a client of its own on a keep-alive connection (with a code each when
/// there are codes) until [`RUN`] is over: every response's latency.
fn load(addr: &str, batches: Vec<Vec<(String, String)>>, codes: &[String], started: Instant) -> Vec<Duration> {
    let threads: Vec<_> = batches
        .into_iter()
        .enumerate()
        .map(|(c, batch)| {
            let addr = addr.to_owned();
            let codes: Vec<String> = codes.iter().skip(c * PER_CLIENT).take(PER_CLIENT).cloned().collect();
            std::thread::spawn(move || {
                let mut client = Client::connect(&addr);
                let mut latencies = Vec::with_capacity(batch.len());
                for (n, (id, body)) in batch.iter().enumerate() {
                    if started.elapsed() > RUN {
                        break;
                    }
                    let sent = Instant::now();
                    let reply = match codes.get(n) {
                        Some(code) => client
                            .request(
                                "POST",
                                "/v1/responses",
                                &[("Content-Type", "application/json"), ("Partnerscope-Invitation", code)],
                                body.as_bytes(),
                            )
                            .unwrap(),
                        None => client.post(body, id).unwrap(),
                    };
                    assert_eq!(reply.status, 201, "{}", reply.text());
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    threads.into_iter().flat_map(|t| t.join().unwrap()).collect()
}

/// Waits (two minutes at most) for the webhook to have `stored` deliveries; says when it had.
fn delivered_all(delivered: &std::sync::atomic::AtomicUsize, stored: usize, started: Instant) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    while delivered.load(std::sync::atomic::Ordering::Relaxed) < stored && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    format!(
        "; all {} delivered to the webhook {:.2} s after the start",
        delivered.load(std::sync::atomic::Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    )
}
