//! The PostgreSQL store (`--data postgres://…`): the same tables and the same promises as the
//! SQLite store (`store.rs`), for organisations whose collectors outgrow one file, and for several
//! collector processes behind one database.
//!
//! - **One row per response id**: `INSERT … ON CONFLICT (id) DO NOTHING`, then the stored body is
//!   compared, as in SQLite: the same body is a repeat (200), another one a conflict (409).
//! - **A code used once under any concurrency**: the response, the `DELETE` of its code's hash and
//!   the batch's count are one transaction. Two transactions deleting the same hash queue on its
//!   row lock; the second finds the row gone once the first commits (PostgreSQL re-reads it) and
//!   is refused, whichever process it runs in.
//! - **Webhook queue shared by several processes**: a deliverer takes a few queued rows with
//!   `SELECT … FOR UPDATE SKIP LOCKED` in a transaction that it holds while it delivers them, and
//!   deletes (or counts the failed try of) each in that transaction. Another process skips the
//!   rows taken; a process killed mid-delivery loses its transaction, and the rows are free again
//!   (at least once). No lease time is stored: the lock is the lease.
//! - **Streamed exports**: rows are read through a portal, [`PAGE`] at a time, in a snapshot
//!   taken after the table is locked (so a reshuffle under way is waited for, not seen empty).
//! - **Schema at start-up**: created or brought up to date in one transaction under an advisory
//!   lock ([`SCHEMA_LOCK`]), so two processes starting at once do it once.
//! - **Nothing of who or when**: no serial number, no time column; every key is random (response
//!   ids, batch names, keyed hashes) and exports are in id order. What PostgreSQL itself keeps
//!   beyond the tables (row versions with transaction numbers, rows in the order written, the
//!   write-ahead log) is said in docs/collector.md, with what the operator does about it; the
//!   collector rewrites the invitations' table after codes are used (`VACUUM FULL`), so no dead
//!   row of a used code's hash stays beside the response it admitted.
//! - **No arrival order in the files**: [`Store::reshuffle`] copies the responses, the
//!   webhook's queue and the invitation batches into new tables in key order, in one
//!   transaction, and drops the old ones (with their files, their dead rows and their
//!   transaction numbers). Every row then carries
//!   the same `xmin` and the heap holds the rows in id order. A serving collector does it at most
//!   once a minute when it stored something, and on a clean stop; `seal` does it at the end of a
//!   round. `VACUUM FULL` would not do: it keeps each row's `xmin`.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use partnerscope_core::Response;
use tokio_postgres::NoTls;

use crate::invite::{self, Code, Key, Problem};
use crate::store::{DeadLetter, Filter, Letters, Outcome, Row, Tally, Ticket};

/// Rows read from the database at a time by an export.
pub const PAGE: i32 = 512;
/// Connections one collector process keeps to the database at most.
pub const POOL: usize = 16;
/// The key of the advisory lock taken while the schema is made ("pscope" in ASCII).
pub const SCHEMA_LOCK: i64 = 0x7073_636f_7065;
/// The key of the advisory lock held while the responses are reshuffled ("shuffl" in ASCII).
pub const RESHUFFLE_LOCK: i64 = 0x7368_7566_666c;
/// The schema's version, kept in `partnerscope_schema`; each step below brings it up by one.
const MIGRATIONS: &[&str] = &[
    // 1: every table the SQLite store has, in one go. `Store::reshuffle` makes `responses` and
    // `webhook_queue` again with their keys and indexes: a step that changes those changes it too.
    "CREATE TABLE IF NOT EXISTS responses (
         id TEXT PRIMARY KEY NOT NULL,
         instrument TEXT NOT NULL,
         version TEXT NOT NULL,
         body TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS responses_by_instrument ON responses (instrument, version, id);
     CREATE TABLE IF NOT EXISTS invitation_batches (
         batch TEXT PRIMARY KEY NOT NULL,
         instrument TEXT NOT NULL,
         round TEXT NOT NULL,
         grp TEXT NOT NULL,
         issued BIGINT NOT NULL,
         used BIGINT NOT NULL DEFAULT 0,
         refused BIGINT NOT NULL DEFAULT 0
     );
     CREATE TABLE IF NOT EXISTS invitations (hash BYTEA PRIMARY KEY NOT NULL);
     CREATE TABLE IF NOT EXISTS instruments (
         id TEXT NOT NULL, version TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (id, version)
     );
     CREATE TABLE IF NOT EXISTS webhook_queue (
         id TEXT PRIMARY KEY NOT NULL,
         tries INTEGER NOT NULL DEFAULT 0,
         dead BOOLEAN NOT NULL DEFAULT FALSE,
         reason TEXT NOT NULL DEFAULT ''
     );",
];

/// A PostgreSQL database: a pool of connections, cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// The address as shown in messages: without its password.
    pub shown: String,
    /// Set when a commit used a code: the invitations' table is then rewritten (see [`scrub`]).
    dirty: Arc<AtomicBool>,
    /// Set when a response was stored since the last reshuffle (see [`Store::reshuffle`]).
    unsorted: Arc<AtomicBool>,
}

/// Whether a reshuffle waits for another process's, or for the tables' locks, or gives way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Wait as long as it takes (the `seal` command, at the end of a round).
    Yes,
    /// Skip when another process is reshuffling, give up after [`GIVE_WAY`] waiting for a lock
    /// (a serving collector: posts wait behind the lock meanwhile).
    No,
}

/// How long a serving collector's reshuffle waits for the tables' locks before trying later.
pub const GIVE_WAY: &str = "2s";

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.shown)
    }
}

/// Whether `data` names a PostgreSQL database rather than a file.
pub fn is_url(data: &str) -> bool {
    data.starts_with("postgres://") || data.starts_with("postgresql://")
}

/// `url` with any password replaced by `***`, for messages and the log.
pub fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let hidden = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    // A password can also come as ?password=…
    let tail = tail
        .split('&')
        .map(|part| match part.split_once("password=") {
            Some((before, _)) if before.is_empty() || before.ends_with('?') => format!("{before}password=***"),
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    crate::log::escape(&format!("{scheme}://{hidden}{tail}"))
}

fn plain(e: &tokio_postgres::Error) -> String {
    // `Display` of a database error is only "db error"; its message is in the source.
    match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                text.push_str(": ");
                text.push_str(&cause.to_string());
                source = cause.source();
            }
            text
        }
    }
}

/// An error of this store, in words.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        Error(plain(&e))
    }
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => Error(plain(&e)),
            deadpool_postgres::PoolError::Timeout(_) => Error("no connection to PostgreSQL came free in time".into()),
            other => Error(other.to_string()),
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

/// Connects to `url` (checked first, every mistake said plainly), makes or updates the schema,
/// and returns the pool. Fails within about ten seconds when the server cannot be reached.
pub async fn connect(url: &str) -> std::result::Result<Store, String> {
    let shown = hide_password(url);
    let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
        format!(
            "{shown}: this is not a PostgreSQL address the collector can read ({}); write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE",
            crate::log::escape(&plain(&e))
        )
    })?;
    if config.get_hosts().is_empty() {
        return Err(format!(
            "{shown}: the address names no server; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE"
        ));
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("partnerscope-collect");
    let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    let pool = Pool::builder(manager)
        .max_size(POOL)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(30)))
        .create_timeout(Some(Duration::from_secs(15)))
        .build()
        .map_err(|e| format!("{shown}: {e}"))?;
    // Unsorted until shown otherwise: rows may have come since the last reshuffle.
    let store = Store { pool, shown: shown.clone(), dirty: Arc::default(), unsorted: Arc::new(AtomicBool::new(true)) };
    store.migrate().await.map_err(|e| format!("{shown}: the database cannot be used ({e})"))?;
    Ok(store)
}

impl Store {
    async fn client(&self) -> Result<deadpool_postgres::Object> {
        Ok(self.pool.get().await?)
    }

    /// Brings the schema to the latest version, once, under the advisory lock.
    async fn migrate(&self) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS partnerscope_schema (version INTEGER NOT NULL)").await?;
        let version: i32 = match tx.query_opt("SELECT version FROM partnerscope_schema", &[]).await? {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO partnerscope_schema (version) VALUES (0)", &[]).await?;
                0
            }
        };
        let known = MIGRATIONS.len() as i32;
        if version > known {
            return Err(Error(format!(
                "its schema is version {version}, newer than this collector knows ({known}); use the newer collector"
            )));
        }
        for step in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
            tx.batch_execute(step).await?;
        }
        tx.execute("UPDATE partnerscope_schema SET version = $1", &[&known]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Number of stored responses.
    pub async fn count(&self) -> Result<u64> {
        let n: i64 = self.client().await?.query_one("SELECT count(*) FROM responses", &[]).await?.get(0);
        Ok(n as u64)
    }

    /// Stores one response (and queues it for the webhook with `queue`) in one transaction.
    pub async fn put(&self, row: &Row, queue: bool) -> Result<Outcome> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let outcome = match &row.ticket {
            Some(ticket) => admit(&tx, row, ticket).await?,
            None => {
                let insert = tx
                    .prepare_cached(
                        "INSERT INTO responses (id, instrument, version, body) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .await?;
                if tx.execute(&insert, &[&row.id, &row.instrument, &row.version, &row.body]).await? == 1 {
                    Outcome::Stored
                } else {
                    match stored_body(&tx, &row.id).await? {
                        Some(body) if body == row.body => Outcome::AlreadyStored,
                        _ => Outcome::Conflict,
                    }
                }
            }
        };
        if outcome == Outcome::Stored && queue {
            let enqueue =
                tx.prepare_cached("INSERT INTO webhook_queue (id) VALUES ($1) ON CONFLICT DO NOTHING").await?;
            tx.execute(&enqueue, &[&row.id]).await?;
        }
        if matches!(outcome, Outcome::Stored | Outcome::Refused(_)) {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        if outcome == Outcome::Stored {
            self.unsorted.store(true, Ordering::Release);
            if row.ticket.is_some() {
                self.dirty.store(true, Ordering::Release);
            }
        }
        Ok(outcome)
    }

    /// Makes `count` codes for one group and round of `instrument`, as one new batch.
    pub async fn issue(
        &self,
        key: &Key,
        instrument: &str,
        round: &str,
        group: &str,
        count: usize,
    ) -> Result<Vec<Code>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let mut batch = invite::new_batch();
        let mut tries = 0;
        while tx
            .execute(
                "INSERT INTO invitation_batches (batch, instrument, round, grp, issued) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT DO NOTHING",
                &[&batch, &instrument, &round, &group, &(count as i64)],
            )
            .await?
            == 0
        {
            tries += 1;
            if tries > 1_000 {
                return Err(Error(
                    "every batch name is taken (32,768 batches); start a new database for the next round".into(),
                ));
            }
            batch = invite::new_batch();
        }
        let insert = tx.prepare_cached("INSERT INTO invitations (hash) VALUES ($1) ON CONFLICT DO NOTHING").await?;
        let mut codes = Vec::with_capacity(count);
        while codes.len() < count {
            let code = invite::new_code(&batch);
            if tx.execute(&insert, &[&code.hash(key).as_slice()]).await? == 1 {
                codes.push(code);
            }
        }
        tx.commit().await?;
        Ok(codes)
    }

    /// Every group's invitations, in the order of questionnaire, round and group.
    pub async fn tallies(&self) -> Result<Vec<Tally>> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT instrument, round, grp, sum(issued)::BIGINT, sum(used)::BIGINT, sum(refused)::BIGINT
                 FROM invitation_batches GROUP BY instrument, round, grp ORDER BY instrument, round, grp",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let (issued, used): (i64, i64) = (r.get(3), r.get(4));
                Tally {
                    instrument: r.get(0),
                    round: r.get(1),
                    group: r.get(2),
                    issued: issued as u64,
                    used: used as u64,
                    unused: issued.saturating_sub(used) as u64,
                    refused: r.get::<_, i64>(5) as u64,
                }
            })
            .collect())
    }

    /// The registered questionnaires' JSON.
    pub async fn saved_instruments(&self) -> Result<Vec<String>> {
        let rows = self.client().await?.query("SELECT json FROM instruments ORDER BY id, version", &[]).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Keeps a registered questionnaire, as `store::save_instrument`.
    pub async fn save_instrument(
        &self,
        id: &str,
        version: &str,
        json: &str,
    ) -> Result<std::result::Result<bool, String>> {
        let client = self.client().await?;
        let inserted = client
            .execute(
                "INSERT INTO instruments (id, version, json) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&id, &version, &json],
            )
            .await?;
        if inserted == 1 {
            return Ok(Ok(true));
        }
        let kept: String = client
            .query_one("SELECT json FROM instruments WHERE id = $1 AND version = $2", &[&id, &version])
            .await?
            .get(0);
        Ok(if kept == json { Ok(false) } else { Err(kept) })
    }

    /// Responses waiting for the webhook, and the dead letters.
    pub async fn letters(&self) -> Result<Letters> {
        let client = self.client().await?;
        let waiting: i64 = client.query_one("SELECT count(*) FROM webhook_queue WHERE NOT dead", &[]).await?.get(0);
        let dead = client
            .query("SELECT id, tries, reason FROM webhook_queue WHERE dead ORDER BY id", &[])
            .await?
            .iter()
            .map(|r| DeadLetter { id: r.get(0), tries: r.get::<_, i32>(1) as u32, reason: r.get(2) })
            .collect();
        Ok(Letters { waiting: waiting as u64, dead })
    }

    /// Puts the dead letters back in the queue; how many.
    pub async fn retry_dead(&self) -> Result<u64> {
        Ok(self
            .client()
            .await?
            .execute("UPDATE webhook_queue SET dead = FALSE, tries = 0, reason = '' WHERE dead", &[])
            .await?)
    }

    /// The versions stored for `instrument`.
    pub async fn versions(&self, instrument: &str) -> Result<Vec<String>> {
        let rows = self
            .client()
            .await?
            .query("SELECT DISTINCT version FROM responses WHERE instrument = $1 ORDER BY version", &[&instrument])
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Calls `each` with every stored body matching `filter`, in id order, a page of [`PAGE`]
    /// rows at a time (the same memory for any number of rows), all from one snapshot; stops
    /// when `each` answers false.
    pub async fn each_page<F, Fut>(&self, filter: &Filter, mut each: F) -> Result<()>
    where
        F: FnMut(Vec<String>) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let mut client = self.client().await?;
        // The portal lives in this read-only transaction, which sees one snapshot throughout.
        let tx = client
            .build_transaction()
            .read_only(true)
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .start()
            .await?;
        // The lock first, before the snapshot (a `LOCK` takes none): a reshuffle under way ends
        // before this snapshot is taken, which then sees the new table whole, not empty.
        tx.batch_execute("LOCK TABLE responses IN ACCESS SHARE MODE").await?;
        let statement = tx
            .prepare(
                "SELECT body FROM responses
                 WHERE ($1::TEXT IS NULL OR instrument = $1) AND ($2::TEXT IS NULL OR version = $2)
                 ORDER BY id",
            )
            .await?;
        let portal = tx.bind(&statement, &[&filter.instrument, &filter.version]).await?;
        loop {
            let rows = tx.query_portal(&portal, PAGE).await?;
            let full = rows.len() == PAGE as usize;
            let page: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
            drop(rows);
            if !each(page).await || !full {
                return Ok(());
            }
        }
    }

    /// A deliverer's hold on a few queued responses (see the module's doc).
    pub async fn take(&self, limit: i64) -> Result<Taken> {
        let client = self.client().await?;
        client.batch_execute("BEGIN").await?;
        let rows = client
            .query(
                // The responses before the queue, in this order: tables are locked in the order
                // named, and a post and a reshuffle lock them in this order too (no deadlock).
                "SELECT q.id, r.body, q.tries FROM responses r JOIN webhook_queue q ON r.id = q.id
                 WHERE NOT q.dead ORDER BY q.id LIMIT $1 FOR UPDATE OF q SKIP LOCKED",
                &[&limit],
            )
            .await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                let _ = client.batch_execute("ROLLBACK").await;
                return Err(e.into());
            }
        };
        let letters = rows.iter().map(|r| (r.get(0), r.get(1), r.get::<_, i32>(2) as u32)).collect();
        Ok(Taken { client: Some(client), letters })
    }

    /// Rewrites the invitations' table when codes were used since the last time, so that the
    /// dead row versions of used codes' hashes (whose transaction number is that of the response
    /// each admitted) are gone from the database's files.
    pub async fn scrub(&self) {
        if !self.dirty.swap(false, Ordering::AcqRel) {
            return;
        }
        let done = match self.client().await {
            Ok(client) => client.batch_execute("VACUUM FULL invitations").await.map_err(|e| plain(&e)),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = done {
            crate::log::line(&format!("the used invitations could not be swept from PostgreSQL's files yet: {e}"));
            self.dirty.store(true, Ordering::Release);
        }
    }

    /// Erases the order of arrival from the responses, the webhook's queue and the invitation
    /// batches (each use of a code writes a new version of its batch's row, with the number of
    /// the response's transaction, and leaves the old one dead in the file): in one
    /// transaction, under [`RESHUFFLE_LOCK`] and with the three tables locked against every
    /// other use, copies each into a new table in key order, drops the old one (its file goes, with
    /// the dead rows and every row's transaction number) and gives the new one the old one's
    /// name, key and index. Every row then carries this transaction's number, and the table's
    /// file holds the rows in id order. Posts meanwhile wait for the lock and are then stored in
    /// the new table. Answers how many responses it rewrote, or `None` when another process
    /// was doing it (with [`Wait::No`]).
    pub async fn reshuffle(&self, wait: Wait) -> Result<Option<u64>> {
        let unsorted = self.unsorted.swap(false, Ordering::AcqRel);
        let done = self.reshuffle_once(wait).await;
        if !matches!(done, Ok(Some(_))) {
            // Not done here: try again next time.
            self.unsorted.fetch_or(unsorted, Ordering::AcqRel);
        }
        done
    }

    /// [`Store::reshuffle`] when a response was stored since the last one; a failure is logged
    /// and tried again next time.
    pub async fn reshuffle_if_unsorted(&self) {
        if !self.unsorted.load(Ordering::Acquire) {
            return;
        }
        if let Err(e) = self.reshuffle(Wait::No).await {
            crate::log::line(&format!("the responses could not be rewritten in id order yet (tried again later): {e}"));
        }
    }

    async fn reshuffle_once(&self, wait: Wait) -> Result<Option<u64>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        if wait == Wait::No {
            tx.batch_execute(&format!("SET LOCAL lock_timeout = '{GIVE_WAY}'")).await?;
            let free: bool = tx.query_one("SELECT pg_try_advisory_xact_lock($1)", &[&RESHUFFLE_LOCK]).await?.get(0);
            if !free {
                // Another process is at it; it takes every row committed before it locks.
                tx.rollback().await?;
                return Ok(None);
            }
        } else {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&RESHUFFLE_LOCK]).await?;
        }
        // In the order every other use locks them: a post by invitation reads the responses
        // (is it a repeat?), then its batch, and the queue last; a post and a delivery lock the
        // responses before the queue. So none of them holds what this waits for (no deadlock).
        tx.batch_execute(
            "LOCK TABLE responses, invitation_batches, webhook_queue IN ACCESS EXCLUSIVE MODE;
             CREATE TABLE responses_reshuffled (LIKE responses);",
        )
        .await?;
        let rewritten = tx.execute("INSERT INTO responses_reshuffled SELECT * FROM responses ORDER BY id", &[]).await?;
        tx.batch_execute(
            "DROP TABLE responses;
             ALTER TABLE responses_reshuffled RENAME TO responses;
             ALTER TABLE responses ADD CONSTRAINT responses_pkey PRIMARY KEY (id);
             CREATE INDEX responses_by_instrument ON responses (instrument, version, id);
             CREATE TABLE webhook_queue_reshuffled (LIKE webhook_queue INCLUDING DEFAULTS);
             INSERT INTO webhook_queue_reshuffled SELECT * FROM webhook_queue ORDER BY id;
             DROP TABLE webhook_queue;
             ALTER TABLE webhook_queue_reshuffled RENAME TO webhook_queue;
             ALTER TABLE webhook_queue ADD CONSTRAINT webhook_queue_pkey PRIMARY KEY (id);
             CREATE TABLE invitation_batches_reshuffled (LIKE invitation_batches INCLUDING DEFAULTS);
             INSERT INTO invitation_batches_reshuffled SELECT * FROM invitation_batches ORDER BY batch;
             DROP TABLE invitation_batches;
             ALTER TABLE invitation_batches_reshuffled RENAME TO invitation_batches;
             ALTER TABLE invitation_batches ADD CONSTRAINT invitation_batches_pkey PRIMARY KEY (batch);",
        )
        .await?;
        tx.commit().await?;
        Ok(Some(rewritten))
    }

    /// The pool, for `migrate`.
    pub async fn connection(&self) -> std::result::Result<deadpool_postgres::Object, String> {
        self.client().await.map_err(|e| e.to_string())
    }
}

/// Queued responses a deliverer holds, locked, until [`Taken::finish`]. Its connection is in
/// an open transaction: if it is dropped unfinished (a failure, the runtime stopping), the
/// connection is closed rather than given back to the pool, and the server rolls back.
pub struct Taken {
    client: Option<deadpool_postgres::Object>,
    /// (id, body, tries)
    pub letters: Vec<(String, String, u32)>,
}

impl Drop for Taken {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            drop(deadpool_postgres::Object::take(client));
        }
    }
}

impl Taken {
    fn client(&self) -> Result<&deadpool_postgres::Object> {
        self.client.as_ref().ok_or_else(|| Error("the queue's transaction has ended".into()))
    }

    pub async fn delivered(&self, id: &str) -> Result<()> {
        self.client()?.execute("DELETE FROM webhook_queue WHERE id = $1", &[&id]).await?;
        Ok(())
    }

    pub async fn undelivered(&self, id: &str, tries: u32, dead: bool, reason: &str) -> Result<()> {
        let tries = i32::try_from(tries).unwrap_or(i32::MAX);
        self.client()?
            .execute(
                "UPDATE webhook_queue SET tries = $2, dead = $3, reason = $4 WHERE id = $1",
                &[&id, &tries, &dead, &reason],
            )
            .await?;
        Ok(())
    }

    /// Commits what was done and lets the rows go.
    pub async fn finish(mut self) -> Result<()> {
        self.client()?.batch_execute("COMMIT").await?;
        // Committed: the connection is clean again and goes back to the pool.
        drop(self.client.take());
        Ok(())
    }
}

async fn stored_body(tx: &deadpool_postgres::Transaction<'_>, id: &str) -> Result<Option<String>> {
    let existing = tx.prepare_cached("SELECT body FROM responses WHERE id = $1").await?;
    Ok(tx.query_opt(&existing, &[&id]).await?.map(|r| r.get(0)))
}

/// As `store::admit`: a response taken by invitation, if its code admits it.
async fn admit(tx: &deadpool_postgres::Transaction<'_>, row: &Row, ticket: &Ticket) -> Result<Outcome> {
    if let Some(outcome) = repeat(tx, row, ticket).await? {
        return Ok(outcome);
    }
    let found = tx
        .query_opt("SELECT instrument, round, grp FROM invitation_batches WHERE batch = $1", &[&ticket.batch])
        .await?;
    let Some(found) = found else {
        return Ok(Outcome::Refused(Problem::Unknown));
    };
    let (instrument, round, group): (String, String, String) = (found.get(0), found.get(1), found.get(2));
    let refuse = |problem| async move {
        tx.execute("UPDATE invitation_batches SET refused = refused + 1 WHERE batch = $1", &[&ticket.batch]).await?;
        Ok::<_, Error>(Outcome::Refused(problem))
    };
    if instrument != row.instrument {
        return refuse(Problem::OtherSurvey).await;
    }
    // Racing transactions on one hash wait here for each other; only one deletes a row.
    if tx.execute("DELETE FROM invitations WHERE hash = $1", &[&ticket.hash.as_slice()]).await? == 0 {
        return refuse(Problem::Used).await;
    }
    let mut response = ticket.response.clone();
    response.group = (!group.is_empty()).then_some(group);
    response.round = round;
    let inserted = tx
        .execute(
            "INSERT INTO responses (id, instrument, version, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
            &[&row.id, &row.instrument, &row.version, &response.to_json()],
        )
        .await?;
    if inserted == 0 {
        // The same id was stored by another code meanwhile: this transaction is rolled back (the
        // code stays unused) and the response answered as a repeat or a conflict.
        return Ok(repeat(tx, row, ticket).await?.unwrap_or(Outcome::Conflict));
    }
    tx.execute("UPDATE invitation_batches SET used = used + 1 WHERE batch = $1", &[&ticket.batch]).await?;
    Ok(Outcome::Stored)
}

/// For a response by invitation whose id is already stored: a repeat when it is the same but for
/// the group and round the code gave it, a conflict otherwise.
async fn repeat(tx: &deadpool_postgres::Transaction<'_>, row: &Row, ticket: &Ticket) -> Result<Option<Outcome>> {
    let Some(stored) = stored_body(tx, &row.id).await? else { return Ok(None) };
    let mut candidate = ticket.response.clone();
    if let Ok(kept) = Response::from_json(&stored) {
        candidate.group = kept.group;
        candidate.round = kept.round;
    }
    Ok(Some(if candidate.to_json() == stored { Outcome::AlreadyStored } else { Outcome::Conflict }))
}
