//! Where responses are kept: a SQLite file (`store.rs`, the default) or a PostgreSQL database
//! (`pg.rs`, when `--data` is a `postgres://` or `postgresql://` address). Everything but the
//! writer (which `store::Writer` wraps for both) asks the store through [`Data`], so the server,
//! the commands, the exports and the webhook are the same code for both.
//!
//! *Architecture Invariant*: the two stores keep the same tables with the same meaning, and give
//! the same answers (one row per id, a code used once, the queue at least once, exports in id
//! order). A new store operation is added to both, here.

use std::path::PathBuf;

use crate::check::Registry;
use crate::export::{self, Format};
use crate::invite::{Code, Key};
use crate::pg;
use crate::store::{self, Filter, Letters, Tally};

/// The store, as the operator named it with `--data`.
#[derive(Clone, Debug)]
pub enum Data {
    Sqlite(PathBuf),
    Postgres(pg::Store),
}

/// What `--data` says, before anything is opened.
#[derive(Clone, Debug)]
pub enum Place {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Place {
    pub fn parse(data: &std::ffi::OsStr) -> Place {
        match data.to_str() {
            Some(text) if pg::is_url(text) => Place::Postgres(text.to_owned()),
            _ => Place::Sqlite(PathBuf::from(data)),
        }
    }

    /// As shown in messages (a PostgreSQL address without its password).
    pub fn shown(&self) -> String {
        match self {
            Place::Sqlite(path) => crate::log::escape(&path.display().to_string()),
            Place::Postgres(url) => pg::hide_password(url),
        }
    }

    /// For the commands that read a store that must already exist: a SQLite file is opened
    /// only if it is there; a PostgreSQL database is connected to (its schema made if missing).
    pub async fn open_existing(&self) -> Result<Data, String> {
        match self {
            Place::Sqlite(path) if !path.exists() => Err(format!("{}: there is no database here", self.shown())),
            Place::Sqlite(path) => Ok(Data::Sqlite(path.clone())),
            Place::Postgres(url) => Ok(Data::Postgres(pg::connect(url).await?)),
        }
    }
}

/// Runs `work` on a SQLite connection off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> rusqlite::Result<T> + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(work).await.map_err(|e| e.to_string())?.map_err(|e| e.to_string())
}

impl Data {
    /// Every group's invitations.
    pub async fn tallies(&self) -> Result<Vec<Tally>, String> {
        match self {
            Data::Sqlite(path) => {
                let path = path.clone();
                blocking(move || store::open_read(&path).and_then(|conn| store::tallies(&conn))).await
            }
            Data::Postgres(db) => db.tallies().await.map_err(|e| e.0),
        }
    }

    /// The webhook's waiting responses and dead letters.
    pub async fn letters(&self) -> Result<Letters, String> {
        match self {
            Data::Sqlite(path) => {
                let path = path.clone();
                blocking(move || store::open_read(&path).and_then(|conn| store::letters(&conn))).await
            }
            Data::Postgres(db) => db.letters().await.map_err(|e| e.0),
        }
    }

    /// Puts the dead letters back in the queue; how many.
    pub async fn retry_dead(&self) -> Result<u64, String> {
        match self {
            Data::Sqlite(path) => {
                let path = path.clone();
                blocking(move || {
                    let conn = store::open(&path, None)?;
                    store::open_webhook(&conn)?;
                    store::retry_dead(&conn).map(|n| n as u64)
                })
                .await
            }
            Data::Postgres(db) => db.retry_dead().await.map_err(|e| e.0),
        }
    }

    /// The questionnaires registered over HTTP, as their JSON.
    pub async fn saved_instruments(&self) -> Result<Vec<String>, String> {
        match self {
            Data::Sqlite(path) => {
                let path = path.clone();
                blocking(move || store::open_read(&path).and_then(|conn| store::saved_instruments(&conn))).await
            }
            Data::Postgres(db) => db.saved_instruments().await.map_err(|e| e.0),
        }
    }

    /// Keeps a registered questionnaire (see `store::save_instrument`).
    pub async fn save_instrument(&self, id: &str, version: &str, json: &str) -> Result<Result<bool, String>, String> {
        match self {
            Data::Sqlite(path) => {
                let (path, id, version, json) = (path.clone(), id.to_owned(), version.to_owned(), json.to_owned());
                blocking(move || {
                    store::open(&path, None).and_then(|conn| store::save_instrument(&conn, &id, &version, &json))
                })
                .await
            }
            Data::Postgres(db) => db.save_instrument(id, version, json).await.map_err(|e| e.0),
        }
    }

    /// Makes codes for one group and round, as one new batch.
    pub async fn issue(
        &self,
        key: &Key,
        instrument: &str,
        round: &str,
        group: &str,
        count: usize,
    ) -> Result<Vec<Code>, String> {
        match self {
            Data::Sqlite(path) => {
                let (path, key) = (path.clone(), key.clone());
                let (instrument, round, group) = (instrument.to_owned(), round.to_owned(), group.to_owned());
                blocking(move || {
                    let mut conn = store::open(&path, None)?;
                    store::issue(&mut conn, &key, &instrument, &round, &group, count)
                })
                .await
            }
            Data::Postgres(db) => db.issue(key, instrument, round, group, count).await.map_err(|e| e.0),
        }
    }

    /// Checks that the export can be made and settles its filter (see `export::plan`).
    pub async fn plan(&self, registry: &Registry, format: Format, filter: &Filter) -> Result<Filter, String> {
        // The file is opened here, before anything is sent, so that an export from a file that
        // cannot be read is refused as such (a PostgreSQL store was reached at start).
        if let Data::Sqlite(path) = self {
            let path = path.clone();
            blocking(move || store::open_read(&path).map(drop))
                .await
                .map_err(|e| format!("the database cannot be read: {e}"))?;
        }
        let versions = match (&filter.instrument, &filter.version, format) {
            (Some(id), None, Format::Csv) => match self {
                Data::Sqlite(path) => {
                    let (path, id) = (path.clone(), id.clone());
                    blocking(move || store::open_read(&path).and_then(|conn| store::versions(&conn, &id))).await?
                }
                Data::Postgres(db) => db.versions(id).await.map_err(|e| e.0)?,
            },
            _ => Vec::new(),
        };
        export::plan(registry, format, filter, versions)
    }

    /// Streams the export (planned by [`Data::plan`]) into `out`, block by block: from a
    /// blocking thread for SQLite, from the async task itself for PostgreSQL. Stops early, with
    /// `Ok`, when the reader went away; the caller reports an `Err` to the reader.
    pub async fn export(
        &self,
        registry: std::sync::Arc<Registry>,
        format: Format,
        filter: Filter,
        out: tokio::sync::mpsc::Sender<Block>,
    ) -> Result<(), String> {
        match self {
            Data::Sqlite(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || {
                    let conn = store::open_read(&path).map_err(|e| format!("the database cannot be read: {e}"))?;
                    let mut blocks = export::Blocks::new(&registry, format, &filter)?;
                    let mut problem = None;
                    store::each_body(&conn, &filter, |body| match blocks.add(body) {
                        Ok(Some(block)) => out.blocking_send(Ok(block.into())).is_ok(),
                        Ok(None) => true,
                        Err(e) => {
                            problem = Some(e);
                            false
                        }
                    })
                    .map_err(|e| e.to_string())?;
                    if let Some(problem) = problem {
                        return Err(problem);
                    }
                    if let Some(block) = blocks.finish() {
                        let _ = out.blocking_send(Ok(block.into()));
                    }
                    Ok(())
                })
                .await
                .map_err(|e| e.to_string())?
            }
            Data::Postgres(db) => {
                let mut blocks = export::Blocks::new(&registry, format, &filter)?;
                let mut problem = None;
                db.each_page(&filter, |page| {
                    let mut ready = Vec::new();
                    for body in &page {
                        match blocks.add(body) {
                            Ok(Some(block)) => ready.push(block),
                            Ok(None) => {}
                            Err(e) => {
                                problem = Some(e);
                                break;
                            }
                        }
                    }
                    let (out, stop) = (out.clone(), problem.is_some());
                    async move {
                        for block in ready {
                            if out.send(Ok(block.into())).await.is_err() {
                                return false;
                            }
                        }
                        !stop
                    }
                })
                .await
                .map_err(|e| e.0)?;
                if let Some(problem) = problem {
                    return Err(problem);
                }
                if let Some(block) = blocks.finish() {
                    let _ = out.send(Ok(block.into())).await;
                }
                Ok(())
            }
        }
    }
}

/// One block of an export on its way to the reader, or why the export stopped.
pub type Block = Result<axum::body::Bytes, std::io::Error>;
