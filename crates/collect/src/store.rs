//! The store: one SQLite file in WAL mode, one row per response id, nothing else.
//!
//! Writes go through one writer thread that commits whatever has queued up in a single
//! transaction (group commit): every request waits for the commit that holds its row, so a
//! `2xx` is only ever sent for a row that is on disk (`synchronous = FULL`), and the cost of the
//! disk flush is shared by everything that arrived meanwhile. Reads (exports) open their own
//! connections; WAL lets them run beside the writer.
//!
//! The table holds the response id, its questionnaire and version, and the response as compact
//! JSON. No arrival time, no address, no sequence number: rows are kept and exported in the
//! order of their (random) ids, so not even the order of arrival survives.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tokio::sync::{mpsc, oneshot};

use crate::log;

/// Most responses committed in one transaction.
const MAX_BATCH: usize = 1_024;
/// Requests waiting for the writer before new ones wait for room.
const QUEUE: usize = 8_192;

/// What became of one response sent to the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new row.
    Stored,
    /// The same response was already stored under this id.
    AlreadyStored,
    /// A different response is already stored under this id.
    Conflict,
    /// The database could not commit; nothing was stored.
    Failed(String),
}

/// One response, checked and in its compact form.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub instrument: String,
    pub version: String,
    pub body: String,
}

struct Job {
    row: Row,
    reply: oneshot::Sender<Outcome>,
}

/// The writing side of the store, shared by every request handler.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    health: Arc<Health>,
}

/// What the writer knows of the store, kept as it commits so that `/healthz` answers from
/// memory: counting the rows on every call took 54 ms at 2 million rows, and 42 calls a second
/// filled two cores.
#[derive(Debug, Default)]
pub struct Health {
    rows: AtomicU64,
    failure: Mutex<Failure>,
}

#[derive(Debug, Default)]
struct Failure {
    /// The reason of the last failed commit, and when it failed.
    last: Option<(String, Instant)>,
    /// Whether the last commit failed.
    now: bool,
}

/// How long a failed commit keeps the store unhealthy after commits succeed again. A nearly
/// full disk takes one response and fails the next (a small row fits where a larger one does
/// not): the health says so for a while instead of flickering back to ok.
pub const FAILURE_REMEMBERED: Duration = Duration::from_secs(60);

impl Health {
    /// Rows in the file: counted once at the start, then kept by the writer.
    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// Why commits fail, while the last one failed or one failed in the last
    /// [`FAILURE_REMEMBERED`]; `None` otherwise.
    pub fn failure(&self) -> Option<String> {
        let failure = self.failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &failure.last {
            Some((reason, at)) if failure.now || at.elapsed() < FAILURE_REMEMBERED => Some(reason.clone()),
            _ => None,
        }
    }

    fn committed(&self, new_rows: u64) {
        self.rows.fetch_add(new_rows, Ordering::Relaxed);
        // Not logged: on a nearly full disk commits can alternate, and the summary's count of
        // stored responses already says they are taken again.
        self.failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner).now = false;
    }

    fn failed(&self, reason: &str) {
        log::STORE_FAILED.note(reason);
        let mut failure = self.failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *failure = Failure { last: Some((reason.to_owned(), Instant::now())), now: true };
    }
}

/// Opens (creating if needed) the database at `path` with its schema and settings. With
/// `max_bytes`, the file is not let grow past it (SQLite's `max_page_count`): a write that would
/// fails as on a full disk, "database or disk is full", and nothing else changes.
pub fn open(path: &Path, max_bytes: Option<u64>) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "the database could not be switched to WAL mode (it is in {mode} mode)"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS responses (
             id TEXT PRIMARY KEY NOT NULL,
             instrument TEXT NOT NULL,
             version TEXT NOT NULL,
             body TEXT NOT NULL
         ) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS responses_by_instrument ON responses (instrument, version, id);",
    )?;
    if let Some(max_bytes) = max_bytes {
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let pages = i64::try_from(max_bytes).unwrap_or(i64::MAX) / page.max(1);
        // SQLite keeps the file's current size when asked for less.
        conn.pragma_update(None, "max_page_count", pages.max(1))?;
    }
    Ok(conn)
}

/// A read-only connection for exports and counts.
pub fn open_read(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(conn)
}

/// Starts the writer thread on `conn`, which holds `rows` rows. It ends when every [`Writer`]
/// clone has been dropped and the queue is empty; join the handle to know everything queued was
/// committed.
pub fn start(conn: Connection, rows: u64) -> (Writer, JoinHandle<()>) {
    let (jobs, mut queue) = mpsc::channel::<Job>(QUEUE);
    let health = Arc::new(Health { rows: AtomicU64::new(rows), failure: Mutex::default() });
    let kept = health.clone();
    let handle = std::thread::Builder::new()
        .name("store-writer".into())
        .spawn(move || {
            let mut conn = conn;
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while let Some(first) = queue.blocking_recv() {
                batch.push(first);
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let outcomes = match commit(&mut conn, &batch) {
                    Ok(outcomes) => {
                        kept.committed(outcomes.iter().filter(|o| **o == Outcome::Stored).count() as u64);
                        outcomes
                    }
                    Err(e) => {
                        let reason = e.to_string();
                        kept.failed(&reason);
                        vec![Outcome::Failed(reason); batch.len()]
                    }
                };
                for (job, outcome) in batch.drain(..).zip(outcomes) {
                    // The request may have gone (client closed); its row stands either way.
                    let _ = job.reply.send(outcome);
                }
            }
        })
        .expect("the writer thread starts");
    (Writer { jobs, health }, handle)
}

fn commit(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction()?;
    let mut outcomes = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO responses (id, instrument, version, body) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut existing = tx.prepare_cached("SELECT body FROM responses WHERE id = ?1")?;
        for Job { row, .. } in batch {
            let changed = insert.execute(params![row.id, row.instrument, row.version, row.body])?;
            outcomes.push(if changed == 1 {
                Outcome::Stored
            } else {
                let body: Option<String> = existing.query_row([&row.id], |r| r.get(0)).optional()?;
                if body.as_deref() == Some(row.body.as_str()) { Outcome::AlreadyStored } else { Outcome::Conflict }
            });
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

impl Writer {
    /// The store's health as the writer last saw it.
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// Queues `row` and waits until the transaction holding it has been committed.
    pub async fn put(&self, row: Row) -> Outcome {
        let (reply, answer) = oneshot::channel();
        if self.jobs.send(Job { row, reply }).await.is_err() {
            return Outcome::Failed("the store is shutting down".into());
        }
        answer.await.unwrap_or_else(|_| Outcome::Failed("the store stopped before committing".into()))
    }
}

/// Which responses an export holds.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub instrument: Option<String>,
    pub version: Option<String>,
}

/// Calls `each` with every stored response body matching `filter`, in id order, one at a time
/// (constant memory for any number of rows). Stops early when `each` returns false.
pub fn each_body(conn: &Connection, filter: &Filter, mut each: impl FnMut(&str) -> bool) -> rusqlite::Result<()> {
    let mut statement = conn.prepare(
        "SELECT body FROM responses
         WHERE (?1 IS NULL OR instrument = ?1) AND (?2 IS NULL OR version = ?2)
         ORDER BY id",
    )?;
    let mut rows = statement.query(params![filter.instrument, filter.version])?;
    while let Some(row) = rows.next()? {
        let body = row.get_ref(0)?.as_str()?;
        if !each(body) {
            break;
        }
    }
    Ok(())
}

/// The versions stored for `instrument`, for an export that must pick one.
pub fn versions(conn: &Connection, instrument: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT DISTINCT version FROM responses WHERE instrument = ?1 ORDER BY version")?;
    let rows = statement.query_map([instrument], |r| r.get(0))?;
    rows.collect()
}

/// Number of stored responses.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
}
