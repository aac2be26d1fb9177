//! `migrate --from FILE --to postgres://…`: moves a SQLite store into PostgreSQL without losing a
//! response, and safely run again (each time it adds only what is missing).
//!
//! - **Responses** are copied in pages of [`PAGE`], in id order, each page one transaction with
//!   `ON CONFLICT (id) DO NOTHING`: a migration cut off half-way is finished by the next run.
//! - **The webhook's queue**: a queued response's entry (its tries, whether it is dead) is
//!   copied in the transaction that copies the response, and only when the response is new in
//!   PostgreSQL, so a second run does not queue again what PostgreSQL's collectors delivered.
//! - **Invitations**: the batches and the hashes of the unused codes are copied in one
//!   transaction, and only when none of the file's batches is in PostgreSQL yet: a second run
//!   must not bring back the hash of a code used meanwhile (which would let it be used twice).
//!   The key is not in either database: the PostgreSQL collectors are started with the same
//!   `--invitation-key` file.
//! - **Registered questionnaires** are copied with `ON CONFLICT DO NOTHING`; one registered in
//!   both under the same id and version with other text is reported, and PostgreSQL's kept.
//!
//! The file is opened read-only and never changed. Run it once while the SQLite collector still
//! runs (the bulk), stop that collector, run it again (what arrived meanwhile), and start the
//! collectors on PostgreSQL.

use std::ffi::OsString;

use rusqlite::OptionalExtension;

use crate::commands::command_runtime;
use crate::{Options, USAGE, log, pg, store};

/// Responses copied per transaction.
const PAGE: i64 = 1_000;

/// What a migration did.
#[derive(Debug, Default)]
struct Moved {
    responses: u64,
    already: u64,
    queued: u64,
    codes: u64,
    batches: u64,
    instruments: u64,
}

fn table_exists(conn: &rusqlite::Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

pub fn command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, &[], &["--from", "--to"])?;
    let from =
        options.path("--from").ok_or_else(|| format!("say which SQLite file to move: --from FILE\n\n{USAGE}"))?;
    let to = options
        .one("--to")?
        .ok_or_else(|| format!("say which PostgreSQL database to move to: --to postgres://…\n\n{USAGE}"))?;
    if !pg::is_url(to) {
        return Err(format!(
            "--to takes a PostgreSQL address, postgres://USER:PASSWORD@HOST:PORT/DATABASE, not \"{}\"",
            log::escape(to)
        ));
    }
    let shown_from = log::escape(&from.display().to_string());
    if !from.exists() {
        return Err(format!("{shown_from}: there is no database here"));
    }
    let file = store::open_read(&from).map_err(|e| format!("{shown_from}: the database cannot be read ({e})"))?;
    // Checked before anything is sent: the file is a collector's database.
    if !table_exists(&file, "responses").map_err(|e| format!("{shown_from}: the database cannot be read ({e})"))? {
        return Err(format!("{shown_from}: this is not a collector's database (it has no responses table)"));
    }
    let moved = command_runtime()?.block_on(async {
        let db = pg::connect(to).await?;
        run(&file, &db).await.map_err(|e| {
            format!("the migration stopped ({e}); what was copied stays, and running it again copies the rest")
        })
    })?;
    log::line(&format!(
        "moved to {}: {} responses copied ({} were there already), {} queued for the webhook, {} unused codes in {} batches, {} registered questionnaires",
        pg::hide_password(to),
        moved.responses,
        moved.already,
        moved.queued,
        moved.codes,
        moved.batches,
        moved.instruments
    ));
    Ok(())
}

/// One page of responses: (id, instrument, version, body, queue entry).
type Page = Vec<(String, String, String, String, Option<(i64, bool, String)>)>;

fn page(conn: &rusqlite::Connection, after: &str, queue: bool) -> rusqlite::Result<Page> {
    let sql = if queue {
        "SELECT r.id, r.instrument, r.version, r.body, q.tries, q.dead, q.reason
         FROM responses r LEFT JOIN webhook_queue q ON q.id = r.id
         WHERE r.id > ?1 ORDER BY r.id LIMIT ?2"
    } else {
        "SELECT id, instrument, version, body, NULL, NULL, NULL FROM responses WHERE id > ?1 ORDER BY id LIMIT ?2"
    };
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(rusqlite::params![after, PAGE], |r| {
        let tries: Option<i64> = r.get(4)?;
        let entry = match tries {
            Some(tries) => Some((tries, r.get::<_, i64>(5)? != 0, r.get::<_, String>(6)?)),
            None => None,
        };
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, entry))
    })?;
    rows.collect()
}

/// How a failure to read the file is said.
fn sqlite(e: rusqlite::Error) -> String {
    format!("the file could not be read: {e}")
}

/// How a failure in PostgreSQL is said.
fn postgres(e: tokio_postgres::Error) -> String {
    pg::Error::from(e).0
}

/// The migration, in the order the collectors need: the registered questionnaires, the
/// responses (with their queue entries), then the invitations.
async fn run(file: &rusqlite::Connection, db: &pg::Store) -> Result<Moved, String> {
    let mut moved = Moved::default();
    let mut client = db.connection().await?;
    // Registered questionnaires first: the responses to them are taken by the collectors only
    // when the questionnaire is known.
    if table_exists(file, "instruments").map_err(sqlite)? {
        move_instruments(file, db, &mut moved).await?;
    }
    move_responses(file, &mut client, &mut moved).await?;
    if table_exists(file, "invitation_batches").map_err(sqlite)? && table_exists(file, "invitations").map_err(sqlite)? {
        move_invitations(file, &mut client, &mut moved).await?;
    }
    Ok(moved)
}

/// The registered questionnaires; one PostgreSQL has with other text is reported and kept.
async fn move_instruments(file: &rusqlite::Connection, db: &pg::Store, moved: &mut Moved) -> Result<(), String> {
    let mut statement =
        file.prepare("SELECT id, version, json FROM instruments ORDER BY id, version").map_err(sqlite)?;
    let all = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .map_err(sqlite)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sqlite)?;
    for (id, version, json) in all {
        match db.save_instrument(&id, &version, &json).await.map_err(|e| e.0)? {
            Ok(true) => moved.instruments += 1,
            Ok(false) => {}
            Err(_) => log::line(&format!(
                "the questionnaire \"{}\" version {} is registered in PostgreSQL with other text; PostgreSQL's is kept",
                log::escape(&id),
                log::escape(&version)
            )),
        }
    }
    Ok(())
}

/// The responses, a [`PAGE`] per transaction in id order; a response new in PostgreSQL brings
/// its webhook queue entry with it.
async fn move_responses(
    file: &rusqlite::Connection,
    client: &mut deadpool_postgres::Object,
    moved: &mut Moved,
) -> Result<(), String> {
    let queue = table_exists(file, "webhook_queue").map_err(sqlite)?;
    let mut after = String::new();
    loop {
        let rows = page(file, &after, queue).map_err(sqlite)?;
        let Some(last) = rows.last() else { break };
        after = last.0.clone();
        let tx = client.transaction().await.map_err(postgres)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO responses (id, instrument, version, body) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .await
            .map_err(postgres)?;
        let enqueue = tx
            .prepare_cached(
                "INSERT INTO webhook_queue (id, tries, dead, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .await
            .map_err(postgres)?;
        for (id, instrument, version, body, entry) in &rows {
            if tx.execute(&insert, &[id, instrument, version, body]).await.map_err(postgres)? == 0 {
                moved.already += 1;
                continue;
            }
            moved.responses += 1;
            if let Some((tries, dead, reason)) = entry {
                let tries = i32::try_from(*tries).unwrap_or(i32::MAX);
                tx.execute(&enqueue, &[id, &tries, dead, reason]).await.map_err(postgres)?;
                moved.queued += 1;
            }
        }
        tx.commit().await.map_err(postgres)?;
    }
    Ok(())
}

/// A batch of invitations: (batch, instrument, round, group, issued, used, refused).
type Batch = (String, String, String, String, i64, i64, i64);

/// The invitation batches and the hashes of the unused codes, in one transaction, and only when
/// none of the file's batches is in PostgreSQL yet.
async fn move_invitations(
    file: &rusqlite::Connection,
    client: &mut deadpool_postgres::Object,
    moved: &mut Moved,
) -> Result<(), String> {
    let mut statement = file
        .prepare("SELECT batch, instrument, round, grp, issued, used, refused FROM invitation_batches ORDER BY batch")
        .map_err(sqlite)?;
    let batches: Vec<Batch> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .map_err(sqlite)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sqlite)?;
    if batches.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = batches.iter().map(|b| b.0.clone()).collect();
    let tx = client.transaction().await.map_err(postgres)?;
    // Taken so that two migrations at once do not both copy the codes.
    tx.execute("LOCK TABLE invitation_batches IN SHARE ROW EXCLUSIVE MODE", &[]).await.map_err(postgres)?;
    let there: i64 = tx
        .query_one("SELECT count(*) FROM invitation_batches WHERE batch = ANY($1)", &[&names])
        .await
        .map_err(postgres)?
        .get(0);
    if there == 0 {
        for (batch, instrument, round, group, issued, used, refused) in &batches {
            tx.execute(
                "INSERT INTO invitation_batches (batch, instrument, round, grp, issued, used, refused)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[batch, instrument, round, group, issued, used, refused],
            )
            .await
            .map_err(postgres)?;
            moved.batches += 1;
        }
        let mut statement = file.prepare("SELECT hash FROM invitations ORDER BY hash").map_err(sqlite)?;
        let hashes = statement
            .query_map([], |r| r.get::<_, Vec<u8>>(0))
            .map_err(sqlite)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sqlite)?;
        let insert = tx
            .prepare_cached("INSERT INTO invitations (hash) VALUES ($1) ON CONFLICT DO NOTHING")
            .await
            .map_err(postgres)?;
        for hash in &hashes {
            moved.codes += tx.execute(&insert, &[hash]).await.map_err(postgres)?;
        }
    } else if there < names.len() as i64 {
        log::line(
            "some of the file's invitation batches are in PostgreSQL and some not: the codes are left as they are there; make new codes for the groups missing",
        );
    }
    tx.commit().await.map_err(postgres)?;
    Ok(())
}
