//! Sustained load on the collector (issue 11): the release binary on a loopback port with a
//! fresh SQLite file, 16 clients on keep-alive connections posting distinct valid responses
//! for a fixed time. Prints stored responses per second and latency percentiles; asserts
//! nothing about time. Run by `cargo xtask bench` (or `cargo bench -p partnerscope-collect`).
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{Client, Collector, demo, responses, rows, scratch};

const CLIENTS: usize = 16;
/// Each client stops after this long or after [`PER_CLIENT`] responses, whichever comes first.
const RUN: Duration = Duration::from_secs(8);
const PER_CLIENT: usize = 4_000;

fn main() {
    let dir = scratch("bench");
    let db = dir.join("responses.db");
    let collector = Collector::start(&db, &["--max-per-second", "0"]);
    let instrument = demo();
    let batches: Vec<Vec<(String, String)>> =
        (0..CLIENTS).map(|c| responses(&instrument, PER_CLIENT, &format!("b{c}-"), 1 + c as u64)).collect();
    let started = Instant::now();
    let threads: Vec<_> = batches
        .into_iter()
        .map(|batch| {
            let addr = collector.addr.clone();
            std::thread::spawn(move || {
                let mut client = Client::connect(&addr);
                let mut latencies = Vec::with_capacity(batch.len());
                for (id, body) in &batch {
                    if started.elapsed() > RUN {
                        break;
                    }
                    let sent = Instant::now();
                    let reply = client.post(body, id).unwrap();
                    assert_eq!(reply.status, 201, "{}", reply.text());
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let elapsed = started.elapsed();
    latencies.sort();
    let stored = rows(&db);
    assert_eq!(stored as usize, latencies.len(), "every 201 is a row");
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "BENCH collector: {} responses stored by {CLIENTS} clients in {:.2} s: {:.0} stored/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (synchronous=FULL, group commit)",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
