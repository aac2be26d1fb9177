//! The SQLite store (the default): one file in WAL mode, one row per response id, nothing else.
//! The PostgreSQL store (`pg.rs`) keeps the same tables with the same promises; `data.rs` is
//! where the rest of the collector asks either.
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
//!
//! With invitations (`--invitations`), two tables more, both keyed by random values and
//! `WITHOUT ROWID` (no row number, so no order of insertion): `invitation_batches` (a batch's
//! random name, its questionnaire, round and group, and the counts issued, used, refused) and
//! `invitations` (the keyed hash of each *unused* code, nothing else). A response admitted by a
//! code is stored, the code's hash deleted and its batch's `used` count raised in one
//! transaction, so a code is used once under any concurrency and nothing is lost. What would
//! still tie the two together is history, and none is kept: `secure_delete` zeroes a deleted
//! hash where it stood, and right after such a commit the write-ahead log (which holds the
//! pages of each transaction together, in order) is checkpointed into the file and truncated to
//! nothing (when an export's reader holds it back, a second thread tries again every second).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use partnerscope_core::Response;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tokio::sync::{mpsc, oneshot};

use crate::invite::{self, Code, Key, Problem};
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
    /// Its invitation did not admit it; nothing was stored or used.
    Refused(Problem),
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
    /// For a questionnaire taken by invitation: the code's hash and batch, and the response,
    /// whose group and round the writer sets from the batch.
    pub ticket: Option<Ticket>,
}

/// What a response taken by invitation brings: its code, as the store knows codes.
#[derive(Clone, Debug)]
pub struct Ticket {
    pub hash: [u8; 32],
    pub batch: String,
    pub response: Response,
}

struct Job {
    row: Row,
    reply: oneshot::Sender<Outcome>,
}

/// The writing side of the store, shared by every request handler.
#[derive(Clone, Debug)]
pub struct Writer {
    way: Way,
    health: Arc<Health>,
}

/// How a writer stores: through the SQLite writer thread, or in a PostgreSQL transaction of its
/// own per response (PostgreSQL shares the flush of concurrent commits itself), waking the
/// webhook's deliverer after each response queued.
#[derive(Clone, Debug)]
enum Way {
    Sqlite(mpsc::Sender<Job>),
    Postgres { db: crate::pg::Store, webhook: Option<Arc<tokio::sync::Notify>> },
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
    // A deleted row's bytes are overwritten with zeros, not left in the page's free space.
    conn.pragma_update(None, "secure_delete", "ON")?;
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

/// Adds the invitations' tables (once): with `--invitations`, and when codes are made.
pub fn open_invitations(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS invitation_batches (
             batch TEXT PRIMARY KEY NOT NULL,
             instrument TEXT NOT NULL,
             round TEXT NOT NULL,
             grp TEXT NOT NULL,
             issued INTEGER NOT NULL,
             used INTEGER NOT NULL DEFAULT 0,
             refused INTEGER NOT NULL DEFAULT 0
         ) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS invitations (hash BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID;",
    )
}

/// Makes `count` codes for `group` in `round` of `instrument` (checked by the caller), as one
/// new batch: their hashes are stored, the codes themselves only returned.
pub fn issue(
    conn: &mut Connection,
    key: &Key,
    instrument: &str,
    round: &str,
    group: &str,
    count: usize,
) -> rusqlite::Result<Vec<Code>> {
    open_invitations(conn)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut batch = invite::new_batch();
    let mut tries = 0;
    while tx.query_row("SELECT 1 FROM invitation_batches WHERE batch = ?1", [&batch], |_| Ok(())).optional()?.is_some()
    {
        tries += 1;
        if tries > 1_000 {
            return Err(rusqlite::Error::InvalidParameterName(
                "every batch name is taken (32,768 batches); start a new database for the next round".into(),
            ));
        }
        batch = invite::new_batch();
    }
    tx.execute(
        "INSERT INTO invitation_batches (batch, instrument, round, grp, issued) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![batch, instrument, round, group, count as i64],
    )?;
    let mut codes = Vec::with_capacity(count);
    {
        let mut insert = tx.prepare("INSERT INTO invitations (hash) VALUES (?1) ON CONFLICT DO NOTHING")?;
        while codes.len() < count {
            let code = invite::new_code(&batch);
            if insert.execute([code.hash(key).as_slice()])? == 1 {
                codes.push(code);
            }
        }
    }
    tx.commit()?;
    checkpoint(conn);
    Ok(codes)
}

/// The invitations of one group in one round of one questionnaire, for the facilitator.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Tally {
    pub instrument: String,
    pub round: String,
    pub group: String,
    pub issued: u64,
    pub used: u64,
    pub unused: u64,
    pub refused: u64,
}

/// Every group's invitations, in the order of questionnaire, round and group.
pub fn tallies(conn: &Connection) -> rusqlite::Result<Vec<Tally>> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'invitation_batches'", [], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare(
        "SELECT instrument, round, grp, sum(issued), sum(used), sum(refused) FROM invitation_batches
         GROUP BY instrument, round, grp ORDER BY instrument, round, grp",
    )?;
    let rows = statement.query_map([], |r| {
        let (issued, used): (i64, i64) = (r.get(3)?, r.get(4)?);
        Ok(Tally {
            instrument: r.get(0)?,
            round: r.get(1)?,
            group: r.get(2)?,
            issued: issued as u64,
            used: used as u64,
            unused: issued.saturating_sub(used) as u64,
            refused: r.get::<_, i64>(5)? as u64,
        })
    })?;
    rows.collect()
}

/// Copies the write-ahead log into the file and truncates it to nothing, so that no history of
/// transactions is left beside the file. Whether it could (a reader may hold the log).
pub fn checkpoint(conn: &Connection) -> bool {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)).is_ok_and(|busy| busy == 0)
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
///
/// With `scrub` (the database's path; invitations are on), the log is truncated after every
/// commit that used a code, and a second thread tries again every second while a reader held it.
///
/// With `webhook`, every stored response is also queued for the webhook in its commit, and
/// `webhook` is woken after each such commit.
pub fn start(
    conn: Connection,
    rows: u64,
    scrub: Option<&Path>,
    webhook: Option<Arc<tokio::sync::Notify>>,
) -> (Writer, JoinHandle<()>) {
    let (jobs, mut queue) = mpsc::channel::<Job>(QUEUE);
    let health = Arc::new(Health { rows: AtomicU64::new(rows), failure: Mutex::default() });
    let kept = health.clone();
    let dirty = Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Some(path) = scrub {
        checkpoint(&conn);
        let (path, dirty) = (path.to_owned(), dirty.clone());
        std::thread::Builder::new()
            .name("store-scrub".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                    // Opened only while needed: with no connection of its own left open, the
                    // writer's is the last one at a clean stop, and SQLite then removes the log
                    // and its index.
                    if dirty.load(Ordering::Acquire)
                        && let Ok(conn) = Connection::open(&path)
                        && conn.busy_timeout(Duration::from_secs(1)).is_ok()
                        && checkpoint(&conn)
                    {
                        dirty.store(false, Ordering::Release);
                    }
                }
            })
            .expect("the scrubbing thread starts");
    }
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
                let outcomes = match commit(&mut conn, &batch, webhook.is_some()) {
                    Ok(outcomes) => {
                        let stored = outcomes.iter().filter(|o| **o == Outcome::Stored).count() as u64;
                        kept.committed(stored);
                        if let Some(wake) = webhook.as_ref().filter(|_| stored > 0) {
                            wake.notify_one();
                        }
                        let admitted = batch
                            .iter()
                            .zip(&outcomes)
                            .any(|(job, outcome)| job.row.ticket.is_some() && *outcome == Outcome::Stored);
                        if admitted && !checkpoint(&conn) {
                            dirty.store(true, Ordering::Release);
                        }
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
    (Writer { way: Way::Sqlite(jobs), health }, handle)
}

fn commit(conn: &mut Connection, batch: &[Job], queue: bool) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction()?;
    let mut outcomes = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO responses (id, instrument, version, body) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut existing = tx.prepare_cached("SELECT body FROM responses WHERE id = ?1")?;
        for Job { row, .. } in batch {
            if let Some(ticket) = &row.ticket {
                outcomes.push(admit(&tx, row, ticket)?);
                continue;
            }
            let changed = insert.execute(params![row.id, row.instrument, row.version, row.body])?;
            outcomes.push(if changed == 1 {
                Outcome::Stored
            } else {
                let body: Option<String> = existing.query_row([&row.id], |r| r.get(0)).optional()?;
                if body.as_deref() == Some(row.body.as_str()) { Outcome::AlreadyStored } else { Outcome::Conflict }
            });
        }
    }
    if queue {
        let mut enqueue =
            tx.prepare_cached("INSERT INTO webhook_queue (id, tries, dead) VALUES (?1, 0, 0) ON CONFLICT DO NOTHING")?;
        for (Job { row, .. }, outcome) in batch.iter().zip(&outcomes) {
            if *outcome == Outcome::Stored {
                enqueue.execute([&row.id])?;
            }
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

/// The questionnaires registered while the collector ran (`POST /v1/instruments`), as their
/// JSON: read at every start, so a registration outlasts a restart.
pub fn saved_instruments(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'instruments'", [], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Ok(Vec::new());
    }
    let mut statement = conn.prepare("SELECT json FROM instruments ORDER BY id, version")?;
    let rows = statement.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Keeps a registered questionnaire: `Ok(true)` when new, `Ok(false)` when the same text was
/// there, `Err` with the text kept when another one is registered under its id and version.
pub fn save_instrument(
    conn: &Connection,
    id: &str,
    version: &str,
    json: &str,
) -> rusqlite::Result<Result<bool, String>> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS instruments (
             id TEXT NOT NULL, version TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (id, version)
         ) WITHOUT ROWID;",
    )?;
    let inserted = conn.execute(
        "INSERT INTO instruments (id, version, json) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![id, version, json],
    )?;
    if inserted == 1 {
        return Ok(Ok(true));
    }
    let kept: String =
        conn.query_row("SELECT json FROM instruments WHERE id = ?1 AND version = ?2", [id, version], |r| r.get(0))?;
    Ok(if kept == json { Ok(false) } else { Err(kept) })
}

/// Adds the webhook's queue (once): the id of each stored response not yet delivered, its tries
/// and last reason, and whether it was given up (`dead`). No time.
pub fn open_webhook(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS webhook_queue (
             id TEXT PRIMARY KEY NOT NULL,
             tries INTEGER NOT NULL,
             dead INTEGER NOT NULL,
             reason TEXT NOT NULL DEFAULT ''
         ) WITHOUT ROWID;",
    )
}

/// Up to `limit` queued responses, not given up, in id order: (id, body, tries).
pub fn queued(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<(String, String, u32)>> {
    let mut statement = conn.prepare_cached(
        "SELECT q.id, r.body, q.tries FROM webhook_queue q JOIN responses r ON r.id = q.id
         WHERE q.dead = 0 ORDER BY q.id LIMIT ?1",
    )?;
    let rows = statement.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// A response delivered: off the queue.
pub fn delivered(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM webhook_queue WHERE id = ?1", [id]).map(|_| ())
}

/// A delivery failed: its tries and reason, and whether it is given up.
pub fn undelivered(conn: &Connection, id: &str, tries: u32, dead: bool, reason: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE webhook_queue SET tries = ?2, dead = ?3, reason = ?4 WHERE id = ?1",
        params![id, tries, dead, reason],
    )
    .map(|_| ())
}

/// What the operator sees of the webhook: responses waiting, and the dead letters (id, tries,
/// last reason).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Letters {
    pub waiting: u64,
    pub dead: Vec<DeadLetter>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct DeadLetter {
    pub id: String,
    pub tries: u32,
    pub reason: String,
}

pub fn letters(conn: &Connection) -> rusqlite::Result<Letters> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'webhook_queue'", [], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Ok(Letters { waiting: 0, dead: Vec::new() });
    }
    let waiting: i64 = conn.query_row("SELECT count(*) FROM webhook_queue WHERE dead = 0", [], |r| r.get(0))?;
    let mut statement = conn.prepare("SELECT id, tries, reason FROM webhook_queue WHERE dead = 1 ORDER BY id")?;
    let dead = statement
        .query_map([], |r| Ok(DeadLetter { id: r.get(0)?, tries: r.get(1)?, reason: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Letters { waiting: waiting as u64, dead })
}

/// Puts the dead letters back in the queue with their tries at zero; how many.
pub fn retry_dead(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute("UPDATE webhook_queue SET dead = 0, tries = 0, reason = '' WHERE dead = 1", [])
}

/// Stores a response taken by invitation, if its code admits it: a response already stored is
/// told apart from another under its id as always (its group and round are the stored ones);
/// else the code's hash is deleted, the response stored with its batch's group and round, and
/// the batch's `used` count raised, or, when the code was used, its `refused` count.
fn admit(tx: &rusqlite::Transaction<'_>, row: &Row, ticket: &Ticket) -> rusqlite::Result<Outcome> {
    let stored: Option<String> =
        tx.prepare_cached("SELECT body FROM responses WHERE id = ?1")?.query_row([&row.id], |r| r.get(0)).optional()?;
    if let Some(stored) = stored {
        let mut candidate = ticket.response.clone();
        if let Ok(kept) = Response::from_json(&stored) {
            candidate.group = kept.group;
            candidate.round = kept.round;
        }
        return Ok(if candidate.to_json() == stored { Outcome::AlreadyStored } else { Outcome::Conflict });
    }
    let found: Option<(String, String, String)> = tx
        .prepare_cached("SELECT instrument, round, grp FROM invitation_batches WHERE batch = ?1")?
        .query_row([&ticket.batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((instrument, round, group)) = found else {
        return Ok(Outcome::Refused(Problem::Unknown));
    };
    let refuse = |problem| -> rusqlite::Result<Outcome> {
        tx.prepare_cached("UPDATE invitation_batches SET refused = refused + 1 WHERE batch = ?1")?
            .execute([&ticket.batch])?;
        Ok(Outcome::Refused(problem))
    };
    if instrument != row.instrument {
        return refuse(Problem::OtherSurvey);
    }
    if tx.prepare_cached("DELETE FROM invitations WHERE hash = ?1")?.execute([ticket.hash.as_slice()])? == 0 {
        return refuse(Problem::Used);
    }
    let mut response = ticket.response.clone();
    response.group = (!group.is_empty()).then_some(group);
    response.round = round;
    tx.prepare_cached("INSERT INTO responses (id, instrument, version, body) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![row.id, row.instrument, row.version, response.to_json()])?;
    tx.prepare_cached("UPDATE invitation_batches SET used = used + 1 WHERE batch = ?1")?.execute([&ticket.batch])?;
    Ok(Outcome::Stored)
}

impl Writer {
    /// The store's health as the writer last saw it.
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// Queues `row` and waits until the transaction holding it has been committed.
    pub async fn put(&self, row: Row) -> Outcome {
        match &self.way {
            Way::Sqlite(jobs) => {
                let (reply, answer) = oneshot::channel();
                if jobs.send(Job { row, reply }).await.is_err() {
                    return Outcome::Failed("the store is shutting down".into());
                }
                answer.await.unwrap_or_else(|_| Outcome::Failed("the store stopped before committing".into()))
            }
            Way::Postgres { db, webhook } => match db.put(&row, webhook.is_some()).await {
                Ok(outcome) => {
                    let stored = u64::from(outcome == Outcome::Stored);
                    self.health.committed(stored);
                    if let Some(wake) = webhook.as_ref().filter(|_| stored > 0) {
                        wake.notify_one();
                    }
                    outcome
                }
                Err(e) => {
                    self.health.failed(&e.0);
                    Outcome::Failed(e.0)
                }
            },
        }
    }

    /// A writer on a PostgreSQL database that holds `rows` rows; with `webhook`, every stored
    /// response is queued in its transaction and `webhook` woken.
    pub fn postgres(db: crate::pg::Store, rows: u64, webhook: Option<Arc<tokio::sync::Notify>>) -> Writer {
        let health = Arc::new(Health { rows: AtomicU64::new(rows), failure: Mutex::default() });
        Writer { way: Way::Postgres { db, webhook }, health }
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
