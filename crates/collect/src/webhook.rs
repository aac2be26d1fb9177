//! Signed webhooks (`--webhook URL --webhook-secret-file F`): every stored response forwarded,
//! as the same JSON, to the organisation's own system, from a durable queue in the store.
//!
//! - **Queue**: the writer adds the response's id to `webhook_queue` in the transaction that
//!   stores it, so a response is queued exactly when it is stored, and the respondent's POST
//!   waits for nothing more than that row. One task here delivers, one response at a time, in
//!   the order of the (random) ids.
//! - **Signature**: `Partnerscope-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
//!   `"<t>.<body>"` with the secret file's content; the response id is in
//!   `Idempotency-Key` (the receiver keeps the ids it has processed: delivery is at least once).
//! - **Retries**: a delivery not answered `2xx` within [`TIMEOUT`] is tried again after
//!   `--webhook-backoff` seconds (default 1), doubling to [`MAX_DELAY`], while the receiver keeps
//!   failing; the tries of each response are counted in the store, so they survive a restart
//!   (after which the queue is tried at once). After [`MAX_TRIES`] tries a response is moved to
//!   the dead letters (`dead = 1`), said in the log and listed by `GET /v1/webhook` and the
//!   `webhook` command, which also puts them back in the queue.
//! - **Nothing of when**: the queue holds the id, the count of tries and the last reason, and no
//!   time; the next try's time is kept in memory only.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

use crate::log::{self, Event};
use crate::store;

/// Tries before a response goes to the dead letters.
pub const MAX_TRIES: u32 = 12;
/// The longest wait between two tries.
pub const MAX_DELAY: Duration = Duration::from_secs(600);
/// How long one delivery may take, connection to status line.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Where to deliver: an `http://host[:port]/path` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, String> {
        let shown = log::escape(url);
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            if url.starts_with("https://") {
                format!(
                    "--webhook {shown}: this collector delivers over plain http:// only; put a TLS relay of your own (the intranet's proxy) in front of an https:// receiver"
                )
            } else {
                format!("--webhook takes an address like http://receiver.internal:8080/partnerscope, not \"{shown}\"")
            }
        })?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => {
                (host, port.parse::<u16>().map_err(|_| format!("--webhook {shown}: the port is not a number"))?)
            }
            _ => (authority, 80),
        };
        let bad = |s: &str| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@');
        if bad(host) || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "--webhook takes an address like http://receiver.internal:8080/partnerscope, not \"{shown}\""
            ));
        }
        Ok(Target { host: host.trim_matches(['[', ']']).to_owned(), port, path: path.to_owned() })
    }
}

/// What the command line says of the webhook, before the store is open.
#[derive(Clone, Debug)]
pub struct Aim {
    pub target: Target,
    pub secret: Vec<u8>,
    pub backoff: Duration,
}

impl Aim {
    pub fn hook(self, data: crate::data::Data) -> Hook {
        Hook { target: self.target, secret: self.secret, backoff: self.backoff, data }
    }
}

/// Everything the delivering task needs.
#[derive(Clone, Debug)]
pub struct Hook {
    pub target: Target,
    pub secret: Vec<u8>,
    /// The first wait after a failure.
    pub backoff: Duration,
    pub data: crate::data::Data,
}

/// The signature header's value for `body` at `t` (unix seconds).
pub fn signature(secret: &[u8], t: u64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest: [u8; 32] = mac.finalize().into_bytes().into();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// One delivery: `Ok` on a `2xx`, else why not.
async fn deliver(hook: &Hook, id: &str, body: &str) -> Result<(), String> {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    let Target { host, port, path } = &hook.target;
    let authority = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nIdempotency-Key: {id}\r\nPartnerscope-Signature: {}\r\nUser-Agent: partnerscope-collect\r\nConnection: close\r\n\r\n{body}",
        body.len(),
        signature(&hook.secret, t, body)
    );
    let attempt = async {
        let mut stream = tokio::net::TcpStream::connect((host.as_str(), *port))
            .await
            .map_err(|e| format!("the receiver could not be reached ({e})"))?;
        stream.write_all(request.as_bytes()).await.map_err(|e| format!("the request could not be sent ({e})"))?;
        let mut head = Vec::with_capacity(256);
        let mut byte = [0u8; 512];
        while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 4096 {
            let n = stream.read(&mut byte).await.map_err(|e| format!("no answer from the receiver ({e})"))?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&byte[..n]);
        }
        let line = String::from_utf8_lossy(&head);
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| "the receiver did not answer in HTTP".to_owned())?;
        if (200..300).contains(&status) { Ok(()) } else { Err(format!("the receiver answered {status}")) }
    };
    tokio::time::timeout(TIMEOUT, attempt)
        .await
        .unwrap_or_else(|_| Err(format!("the receiver did not answer within {} s", TIMEOUT.as_secs())))
}

/// The deliverer's own connection to a SQLite store, opened once.
type Store = Arc<std::sync::Mutex<Option<rusqlite::Connection>>>;

/// Runs blocking store work off the runtime's threads, on the deliverer's connection (opened
/// on first use, and again after a failure).
async fn blocking<T: Send + 'static>(
    data: &std::path::Path,
    conn: &Store,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, String> {
    let (data, conn) = (data.to_owned(), conn.clone());
    tokio::task::spawn_blocking(move || {
        let mut conn = conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if conn.is_none() {
            *conn = Some(store::open(&data, None)?);
        }
        let result = work(conn.as_ref().expect("opened above"));
        if result.is_err() {
            *conn = None;
        }
        result
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

/// The queue, in either store.
enum Queue {
    Sqlite(PathBuf, Store),
    /// Several processes may deliver from one PostgreSQL queue: each holds the rows it takes
    /// locked until it has delivered them (`pg::Taken`).
    Postgres(crate::pg::Store),
}

/// Some queued responses, taken for delivery.
enum Batch {
    Sqlite(Vec<(String, String, u32)>),
    Postgres(Box<crate::pg::Taken>),
}

/// Responses taken at once: in PostgreSQL they stay locked until all are tried, so few.
const TAKEN: usize = 32;

impl Queue {
    async fn take(&self) -> Result<Batch, String> {
        match self {
            Queue::Sqlite(path, conn) => blocking(path, conn, |conn| store::queued(conn, 256)).await.map(Batch::Sqlite),
            Queue::Postgres(db) => {
                db.take(TAKEN as i64).await.map(|taken| Batch::Postgres(Box::new(taken))).map_err(|e| e.0)
            }
        }
    }
}

impl Batch {
    fn letters(&self) -> Vec<(String, String, u32)> {
        match self {
            Batch::Sqlite(letters) => letters.clone(),
            Batch::Postgres(taken) => taken.letters.clone(),
        }
    }

    async fn delivered(&self, queue: &Queue, id: String) -> Result<(), String> {
        match (self, queue) {
            (Batch::Postgres(taken), _) => taken.delivered(&id).await.map_err(|e| e.0),
            (Batch::Sqlite(_), Queue::Sqlite(path, conn)) => {
                blocking(path, conn, move |conn| store::delivered(conn, &id)).await
            }
            (Batch::Sqlite(_), Queue::Postgres(_)) => Err("a SQLite batch on a PostgreSQL queue".into()),
        }
    }

    async fn undelivered(
        &self,
        queue: &Queue,
        id: String,
        tries: u32,
        dead: bool,
        reason: String,
    ) -> Result<(), String> {
        match (self, queue) {
            (Batch::Postgres(taken), _) => taken.undelivered(&id, tries, dead, &reason).await.map_err(|e| e.0),
            (Batch::Sqlite(_), Queue::Sqlite(path, conn)) => {
                blocking(path, conn, move |conn| store::undelivered(conn, &id, tries, dead, &reason)).await
            }
            (Batch::Sqlite(_), Queue::Postgres(_)) => Err("a SQLite batch on a PostgreSQL queue".into()),
        }
    }

    async fn finish(self) -> Result<(), String> {
        match self {
            Batch::Sqlite(_) => Ok(()),
            Batch::Postgres(taken) => (*taken).finish().await.map_err(|e| e.0),
        }
    }
}

/// Delivers the queue for as long as the runtime runs: woken by the writer after every commit
/// that queued a response, and by its own back-off timer.
pub async fn run(hook: Hook, wake: Arc<Notify>) {
    let queue = match &hook.data {
        crate::data::Data::Sqlite(path) => Queue::Sqlite(path.clone(), Arc::default()),
        crate::data::Data::Postgres(db) => Queue::Postgres(db.clone()),
    };
    // How often an idle deliverer looks at the queue unasked: for entries put back by the
    // `webhook --retry-dead` command, and, in PostgreSQL, for responses stored by other
    // processes or left by one that stopped mid-delivery (each wakes only its own deliverer).
    let idle = match queue {
        Queue::Sqlite(..) => Duration::from_secs(30),
        Queue::Postgres(_) => Duration::from_secs(5),
    };
    let mut failures: u32 = 0;
    loop {
        let mut failed = false;
        // Whether the batch was full: then more may be waiting, and the queue is read again at
        // once (another process may hold other rows).
        let mut full = false;
        match queue.take().await {
            Err(e) => {
                log::line(&format!("the webhook queue could not be read: {e}"));
                failed = true;
            }
            Ok(batch) => {
                let letters = batch.letters();
                full = letters.len() >= TAKEN && matches!(queue, Queue::Postgres(_));
                for (id, body, tries) in letters {
                    match deliver(&hook, &id, &body).await {
                        Ok(()) => {
                            failures = 0;
                            log::count(Event::Forwarded);
                            if let Err(e) = batch.delivered(&queue, id).await {
                                log::line(&format!("a delivered response could not be taken off the queue: {e}"));
                            }
                        }
                        Err(why) => {
                            let tries = tries + 1;
                            let dead = tries >= MAX_TRIES;
                            if dead {
                                // No id: with the log's own timestamps it would say when it arrived.
                                log::line(&format!(
                                    "the webhook gave up on a response after {tries} tries ({why}); it is in the dead letters (partnerscope-collect webhook --data …)"
                                ));
                            } else {
                                log::WEBHOOK_FAILED.note(&why);
                            }
                            let _ = batch.undelivered(&queue, id, tries, dead, why.clone()).await;
                            failed = true;
                            break;
                        }
                    }
                }
                if let Err(e) = batch.finish().await {
                    log::line(&format!("the webhook's deliveries could not be noted in the store: {e}"));
                    failed = true;
                }
            }
        }
        if failed {
            failures = failures.saturating_add(1);
            let delay = hook.backoff.saturating_mul(1 << (failures - 1).min(16)).min(MAX_DELAY);
            // New responses do not cut a back-off short: the receiver is failing.
            tokio::time::sleep(delay).await;
        } else if !full {
            // Nothing left (or all delivered): wait for the writer, and look again now and then
            // (another collector process on the same store, a `webhook --retry` command).
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(idle) => {}
            }
        }
    }
}
