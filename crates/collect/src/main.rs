//! `partnerscope-collect`: receives anonymous Partnerscope responses over HTTP, checks each with
//! the core, stores it once in SQLite (or PostgreSQL), and exports them for the facilitator's
//! report.

mod check;
mod commands;
mod data;
mod export;
mod invite;
mod log;
mod migrate;
mod net;
mod pg;
mod refusal;
mod server;
mod store;
mod webhook;

use std::ffi::OsString;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use check::{Gate, Registry};
use commands::{export_command, invitations_command, invite_command, seal_command, webhook_command};
use data::{Data, Place};
use export::Format;
use lexopt::Arg;
use net::{Limits, Stopped};
use server::Settings;
use store::Filter;

const USAGE: &str = "\
partnerscope-collect: receives anonymous survey responses and hands them to the facilitator

Serve (the widget's submit-url is http://HOST:PORT/v1/responses):
  partnerscope-collect --listen 127.0.0.1:8787 --data ./responses.db [options]
    --instrument FILE        also take responses to this custom questionnaire (repeatable)
    --allow-origin ORIGIN    a page origin allowed to post from the browser, e.g.
                             https://intranet.example.org (repeatable; none: same origin only)
    --allow-credentials      let those pages send cookies (off: nothing identifies a respondent)
    --token-file FILE        turns on downloads at GET /v1/responses.jsonl and .csv for
                             requests with Authorization: Bearer <the file's content>
    --max-body-bytes N       largest response accepted (default 65536)
    --max-per-second N       responses per second one client address may send, sustained
                             (default 20, bursts of 100; 0 turns the limit off)
    --max-connections N      connections served at once; more are answered 503 (default
                             1024, and always below the process's file limit)
    --header-timeout SECONDS a request's head must arrive within this, counted from when the
                             connection opened or its last reply ended (default 10)
    --body-timeout SECONDS   a request's body must arrive within this after its head (default 20)
    --idle-timeout SECONDS   a connection on which nothing moves for this long is closed
                             (default 30)
    --shutdown-timeout SECONDS  on SIGTERM, requests in flight get this long to finish (default 8)
    --max-database-mb N      do not let the database file grow past N megabytes (default: no
                             limit but the disk's)
    --invitations ID         take responses to questionnaire ID by invitation only: each needs
                             an unused code, and takes its group and round from it (repeatable)
    --invitation-key FILE    the key of the codes' hashes (default: the database's name with
                             .invitation-key; made on first use; keep it apart from the database)
    --webhook URL            also deliver every stored response to http://HOST:PORT/PATH, signed,
                             from a queue in the store (at least once; see docs/collector.md)
    --webhook-secret-file F  the secret the deliveries are signed with (HMAC-SHA256)
    --webhook-backoff SECONDS the first wait after a failed delivery, doubling to 10 minutes
                             (default 1)

Invitations (codes as CSV to standard output; the counts while the server runs or not):
  partnerscope-collect invite --data ./responses.db --instrument ID [--group G] --round R
                              --count N [--link URL] [--instrument-file FILE]...
                              [--invitation-key FILE]
  partnerscope-collect invitations --data ./responses.db

Webhook (responses waiting, and the dead letters; --retry-dead puts those back in the queue):
  partnerscope-collect webhook --data ./responses.db [--retry-dead]

Export (to standard output, while the server runs or not):
  partnerscope-collect export --data ./responses.db [--format jsonl|csv]
                              [--instrument ID] [--version V] [--instrument-file FILE]...

PostgreSQL instead of a file: give --data postgres://USER:PASSWORD@HOST:PORT/DATABASE to any
command above (several collectors may share one database; with invitations, name the key with
--invitation-key FILE). Move a file's responses, codes, queue and questionnaires there (safe to
run again; the file is not changed):
  partnerscope-collect migrate --from ./responses.db --to postgres://…
At the end of a round, rewrite the responses in id order so that nothing in the database's files
tells their order of arrival (a running collector also does it every minute; see
docs/collector.md):
  partnerscope-collect seal --data postgres://…
";

// The command line is read with lexopt. Measured on this crate's release binary (the workspace's
// profile: opt-level "z", LTO, one codegen unit, panic = abort, debug info stripped; rustc 1.95),
// everything else the same:
//   the hand-written parser lexopt replaced:                  2,768,208 bytes
//   lexopt 0.3.2:                                             2,775,160 bytes (+6,952)
//   clap 4.6.7, builder, only std, help, usage, error-context: 2,979,064 bytes (+210,856)
//   clap 4.6.7, default features:                             2,992,328 bytes (+224,120)
// lexopt costs next to nothing and leaves every message in our words (each mistake has a test
// that reads it); clap would cost 200 KB and answer in its own ("error: unexpected argument
// '--frobnicate' found"), each of which would then need rewriting.

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.first().is_some_and(|a| a == "help") || args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let outcome = match args.first().and_then(|a| a.to_str()) {
        Some("export") => export_command(&args[1..]),
        Some("serve") => serve_command(&args[1..]),
        Some("invite") => invite_command(&args[1..]),
        Some("invitations") => invitations_command(&args[1..]),
        Some("webhook") => webhook_command(&args[1..]),
        Some("migrate") => migrate::command(&args[1..]),
        Some("seal") => seal_command(&args[1..]),
        _ => serve_command(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            log::lines(&message);
            ExitCode::FAILURE
        }
    }
}

/// The options as given, each mistake said plainly.
#[derive(Default)]
struct Options {
    values: Vec<(&'static str, OsString)>,
    flags: Vec<&'static str>,
}

impl Options {
    /// Reads `args`: `valued` options take a value (`--name value` or `--name=value`), `flags`
    /// none. Anything else is refused with its name.
    fn parse(args: &[OsString], flags: &[&'static str], valued: &[&'static str]) -> Result<Options, String> {
        let mut options = Options::default();
        let mut parser = lexopt::Parser::from_args(args.iter().cloned());
        while let Some(arg) = parser.next().map_err(|e| format!("{}\n\n{USAGE}", log::escape(&e.to_string())))? {
            let name = match &arg {
                Arg::Long(long) => format!("--{long}"),
                Arg::Short(short) => format!("-{short}"),
                Arg::Value(value) => value.to_string_lossy().into_owned(),
            };
            if let Some(flag) = flags.iter().find(|f| **f == name) {
                if parser.optional_value().is_some() {
                    return Err(format!("{flag} takes no value\n\n{USAGE}"));
                }
                options.flags.push(flag);
            } else if let Some(option) = valued.iter().find(|v| **v == name) {
                let value = parser.value().map_err(|_| format!("{option} needs a value\n\n{USAGE}"))?;
                options.values.push((option, value));
            } else {
                return Err(format!("\"{}\" is not an option here\n\n{USAGE}", log::escape(&name)));
            }
        }
        Ok(options)
    }

    fn raw(&self, name: &str) -> Option<&OsString> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The last value of `name` as text.
    fn one(&self, name: &str) -> Result<Option<&str>, String> {
        self.raw(name).map(|v| v.to_str().ok_or_else(|| format!("{name} takes text in UTF-8"))).transpose()
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        self.raw(name).map(PathBuf::from)
    }

    /// A store: a `postgres://` address, or else a SQLite file's path.
    fn place(&self, name: &str) -> Option<Place> {
        self.raw(name).map(|v| Place::parse(v))
    }

    fn all(&self, name: &str) -> Vec<PathBuf> {
        self.values.iter().filter(|(n, _)| *n == name).map(|(_, v)| PathBuf::from(v)).collect()
    }

    fn all_text(&self, name: &str) -> Result<Vec<String>, String> {
        self.values
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.to_str().map(str::to_owned).ok_or_else(|| format!("{name} takes text in UTF-8")))
            .collect()
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    fn number(&self, name: &str, default: f64) -> Result<f64, String> {
        match self.one(name)? {
            None => Ok(default),
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| format!("{name} takes a number of 0 or more, not \"{}\"", log::escape(text))),
        }
    }

    fn whole(&self, name: &str) -> Result<Option<usize>, String> {
        self.one(name)?
            .map(|text| {
                text.parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("{name} takes a whole number of 1 or more, not \"{}\"", log::escape(text)))
            })
            .transpose()
    }

    fn seconds(&self, name: &str, default: f64) -> Result<Duration, String> {
        let text = self.one(name)?;
        let seconds = match text {
            None => default,
            Some(text) => text.parse::<f64>().unwrap_or(f64::NAN),
        };
        // A day at most: a longer timeout is no timeout, and past it the arithmetic overflows.
        (seconds > 0.0 && seconds <= 86_400.0).then(|| Duration::from_secs_f64(seconds)).ok_or_else(|| {
            format!(
                "{name} takes a number of seconds above 0 (a day at most), not \"{}\"",
                log::escape(text.unwrap_or_default())
            )
        })
    }
}

/// Distinct characters a token needs at the least: sixteen of one letter (or of two) is a
/// password anyone tries first.
const TOKEN_DISTINCT: usize = 8;

/// Files kept back from the connection limit: the database and its journal, the exports' read
/// connections, the log, the listener, and the connections being turned away.
const FILES_KEPT: usize = net::TURN_AWAY_AT_ONCE + 64;
const DEFAULT_CONNECTIONS: usize = 1_024;

/// The options `serve` takes: flags, then those with a value.
const SERVE_FLAGS: &[&str] = &["--allow-credentials"];
const SERVE_VALUED: &[&str] = &[
    "--listen",
    "--data",
    "--instrument",
    "--allow-origin",
    "--token-file",
    "--max-body-bytes",
    "--max-per-second",
    "--max-connections",
    "--header-timeout",
    "--body-timeout",
    "--idle-timeout",
    "--shutdown-timeout",
    "--max-database-mb",
    "--invitations",
    "--invitation-key",
    "--webhook",
    "--webhook-secret-file",
    "--webhook-backoff",
];

/// `serve`: every option read and checked (each mistake refused before anything is opened, in
/// this order), the store opened, then the server run until it is stopped.
fn serve_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, SERVE_FLAGS, SERVE_VALUED)?;
    let listen: SocketAddr = options
        .one("--listen")?
        .unwrap_or("127.0.0.1:8787")
        .parse()
        .map_err(|_| "--listen takes an address and port, like 127.0.0.1:8787".to_owned())?;
    let place = options.place("--data").ok_or_else(|| format!("say where to store: --data FILE\n\n{USAGE}"))?;
    let mut registry = Registry::builtin();
    for file in options.all("--instrument") {
        registry.add_file(&file)?;
    }
    let gate = invitation_gate(&options, &place, &registry)?;
    let token = match options.path("--token-file") {
        None => None,
        Some(file) => Some(read_token(&file)?),
    };
    let hook = webhook_aim(&options)?;
    let origins = allowed_origins(&options)?;
    let limits = Limits {
        max_connections: max_connections(options.whole("--max-connections")?, file_limit())?,
        header_timeout: options.seconds("--header-timeout", 10.0)?,
        idle_timeout: options.seconds("--idle-timeout", 30.0)?,
        shutdown_timeout: options.seconds("--shutdown-timeout", 8.0)?,
    };
    let (max_body_bytes, body_timeout, per_second) = (
        options.number("--max-body-bytes", 65_536.0)? as usize,
        options.seconds("--body-timeout", 20.0)?,
        options.number("--max-per-second", 20.0)?,
    );
    let max_database = match options.one("--max-database-mb")? {
        None => None,
        Some(_) => Some((options.number("--max-database-mb", 0.0)? * 1e6) as u64),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("the server cannot start: {e}"))?;
    let wake = hook.as_ref().map(|_| std::sync::Arc::new(tokio::sync::Notify::new()));
    let Opened { data, writer, writer_thread, stored } =
        open_store(&runtime, &place, max_database, gate.is_some(), hook.is_some(), wake.clone())?;
    runtime.block_on(load_saved(&data, &mut registry))?;
    let settings = Settings {
        data,
        max_body_bytes,
        body_timeout,
        allow_origins: origins,
        allow_credentials: options.flag("--allow-credentials"),
        token,
        per_second,
        burst: 100.0,
    };
    let serving = Serving { listen, shown: place.shown(), stored, limits, registry, gate, hook, wake };
    let stopped = runtime.block_on(serve(serving, settings, writer))?;
    // Dropping what is left (connections still open at the deadline) drops the last handles on
    // the writer, which then commits what is queued and ends.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let waited = Instant::now();
    while writer_thread.as_ref().is_some_and(|t| !t.is_finished()) && waited.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    match stopped {
        Stopped::Finished => log::line("stopped; every response answered was stored"),
        Stopped::Deadline(open) => log::line(&format!(
            "stopped at the shutdown deadline ({} s) with {open} connections still open; every response answered was stored, and the widgets send the others again",
            limits.shutdown_timeout.as_secs_f64()
        )),
    }
    Ok(())
}

/// `--invitations` and its key: the questionnaires taken by invitation only (each one the
/// registry knows), or `None` when there are none.
fn invitation_gate(options: &Options, place: &Place, registry: &Registry) -> Result<Option<Gate>, String> {
    let invited = options.all_text("--invitations")?;
    for id in &invited {
        registry.find(id, None).map_err(|refusal| format!("--invitations {}: {}", log::escape(id), refusal.reason))?;
    }
    if invited.is_empty() {
        return Ok(None);
    }
    let key_path = key_path(options, place)?;
    Ok(Some(Gate { instruments: invited.into_iter().collect(), key: invite::Key::load_or_create(&key_path)? }))
}

/// `--webhook` with its secret and back-off, both or neither.
fn webhook_aim(options: &Options) -> Result<Option<webhook::Aim>, String> {
    match (options.one("--webhook")?, options.path("--webhook-secret-file")) {
        (None, None) => Ok(None),
        (Some(_), None) => {
            Err("--webhook needs --webhook-secret-file FILE, the secret the deliveries are signed with".into())
        }
        (None, Some(_)) => Err("--webhook-secret-file has no use without --webhook URL".into()),
        (Some(url), Some(secret)) => Ok(Some(webhook::Aim {
            target: webhook::Target::parse(url)?,
            secret: read_token(&secret)?.into_bytes(),
            backoff: options.seconds("--webhook-backoff", 1.0)?,
        })),
    }
}

/// `--allow-origin`, each an origin (a scheme and a host, no path).
fn allowed_origins(options: &Options) -> Result<Vec<String>, String> {
    let origins = options.all_text("--allow-origin")?;
    for origin in &origins {
        let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
            matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains(['/', ' ', '?', '#'])
        });
        if !valid {
            return Err(format!(
                "--allow-origin takes an origin like https://intranet.example.org (scheme and host, no path), not \"{}\"",
                log::escape(origin)
            ));
        }
    }
    Ok(origins)
}

/// The store as opened for serving.
struct Opened {
    data: Data,
    writer: store::Writer,
    /// SQLite's writer thread, which the stop waits for (PostgreSQL's writes are the requests').
    writer_thread: Option<std::thread::JoinHandle<()>>,
    /// The responses stored so far.
    stored: u64,
}

/// Opens the store at `place`, with the tables the invitations (`invitations`) and the
/// webhook's queue (`webhook`) need, and starts its writer.
fn open_store(
    runtime: &tokio::runtime::Runtime,
    place: &Place,
    max_database: Option<u64>,
    invitations: bool,
    webhook: bool,
    wake: Option<std::sync::Arc<tokio::sync::Notify>>,
) -> Result<Opened, String> {
    let shown = place.shown();
    match place {
        Place::Sqlite(path) => {
            let conn =
                store::open(path, max_database).map_err(|e| format!("{shown}: the database cannot be opened ({e})"))?;
            let stored = store::count(&conn).map_err(|e| e.to_string())?;
            if invitations {
                store::open_invitations(&conn)
                    .map_err(|e| format!("{shown}: the invitations cannot be kept here ({e})"))?;
            }
            let scrub = invitations.then_some(path.as_path());
            if webhook {
                store::open_webhook(&conn)
                    .map_err(|e| format!("{shown}: the webhook's queue cannot be kept here ({e})"))?;
            }
            let stored = u64::try_from(stored).unwrap_or(0);
            let (writer, writer_thread) = store::start(conn, stored, scrub, wake);
            Ok(Opened { data: Data::Sqlite(path.clone()), writer, writer_thread: Some(writer_thread), stored })
        }
        Place::Postgres(url) => {
            if max_database.is_some() {
                return Err(
                    "--max-database-mb is for a SQLite file; a PostgreSQL database's size is the server's to limit"
                        .into(),
                );
            }
            let db = runtime.block_on(pg::connect(url))?;
            let stored =
                runtime.block_on(db.count()).map_err(|e| format!("{shown}: the responses cannot be counted ({e})"))?;
            let writer = store::Writer::postgres(db.clone(), stored, wake);
            Ok(Opened { data: Data::Postgres(db), writer, writer_thread: None, stored })
        }
    }
}

/// What the server runs with, besides its settings and the store's writer.
struct Serving {
    listen: SocketAddr,
    /// The store as the log names it.
    shown: String,
    stored: u64,
    limits: Limits,
    registry: Registry,
    gate: Option<Gate>,
    hook: Option<webhook::Aim>,
    wake: Option<std::sync::Arc<tokio::sync::Notify>>,
}

/// Listens, says so, starts the background tasks (the invitations' scrub and the reshuffle on
/// PostgreSQL, the webhook's deliveries) and serves until stopped.
async fn serve(serving: Serving, settings: Settings, writer: store::Writer) -> Result<Stopped, String> {
    let Serving { listen, shown, stored, limits, registry, gate, hook, wake } = serving;
    let data = settings.data.clone();
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // Before saying so: whoever starts the collector may stop it as soon as it listens.
    let stop = stop_signal(limits.shutdown_timeout);
    log::line(&format!(
        "listening on http://{bound}, storing in {shown} ({stored} responses so far); questionnaires: {}; at most {} connections",
        registry.names().join(", "),
        limits.max_connections,
    ));
    tokio::spawn(log::summaries());
    if let Some(gate) = &gate {
        log::line(&format!("by invitation only: {}", gate.instruments.iter().cloned().collect::<Vec<_>>().join(", ")));
        if let Data::Postgres(db) = &data {
            let db = db.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    db.scrub().await;
                }
            });
        }
    }
    if let Data::Postgres(db) = &data {
        let db = db.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RESHUFFLE_EVERY).await;
                db.reshuffle_if_unsorted().await;
            }
        });
    }
    if let (Some(aim), Some(wake)) = (hook, wake) {
        log::line(&format!(
            "delivering every stored response to http://{}:{}{}",
            log::escape(&aim.target.host),
            aim.target.port,
            log::escape(&aim.target.path)
        ));
        tokio::spawn(webhook::run(aim.hook(data.clone()), wake));
    }
    let app = server::app(settings, registry, gate, writer);
    let stopped = net::serve(listener, app, limits, stop).await;
    if let Data::Postgres(db) = &data {
        // The responses of the last minute, before the process goes.
        db.reshuffle_if_unsorted().await;
    }
    Ok(stopped)
}

/// Reads the operator's token and refuses one that is short, has spaces, or is easy to guess.
fn read_token(file: &std::path::Path) -> Result<String, String> {
    let shown = log::escape(&file.display().to_string());
    let text = std::fs::read_to_string(file).map_err(|e| format!("{shown}: the token cannot be read ({e})"))?;
    let token = text.trim().to_owned();
    if token.len() < 16 || token.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(format!("{shown}: the token must be at least 16 visible characters with no spaces"));
    }
    let mut distinct: Vec<char> = token.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < TOKEN_DISTINCT {
        return Err(format!(
            "{shown}: the token is too easy to guess (it has only {} different characters; at least {TOKEN_DISTINCT} are needed); make one with: head -c 24 /dev/urandom | base64",
            distinct.len()
        ));
    }
    Ok(token)
}

/// The connection limit: as asked, or the default, and always below the file limit by
/// [`FILES_KEPT`] (at 20,000 connections, the file limit here, the collector could no longer
/// open its database or answer `/healthz`).
fn max_connections(asked: Option<usize>, file_limit: Option<u64>) -> Result<usize, String> {
    let room = file_limit.map(|limit| usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(FILES_KEPT));
    match (asked, room) {
        (Some(n), Some(room)) if n > room => Err(format!(
            "--max-connections {n} is more than this process can hold open: its file limit is {}, of which {FILES_KEPT} are kept for the database, exports and connections turned away; ask for at most {room}, or raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit)",
            file_limit.unwrap_or_default()
        )),
        (Some(n), _) => Ok(n),
        (None, Some(room)) if room < 16 => Err(format!(
            "the process may open only {} files, too few to serve; raise the limit (ulimit -n, or LimitNOFILE= in a systemd unit)",
            file_limit.unwrap_or_default()
        )),
        (None, Some(room)) => Ok(room.min(DEFAULT_CONNECTIONS)),
        (None, None) => Ok(DEFAULT_CONNECTIONS),
    }
}

/// The process's limit on open files (the soft one), where the system tells it; `None` when
/// unlimited or not known.
fn file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find_map(|l| l.strip_prefix("Max open files"))?;
    line.split_whitespace().next()?.parse().ok()
}

/// Resolves on SIGTERM or Ctrl-C: the server then stops taking connections and finishes the
/// requests in flight (each of which waits for its commit), for at most `deadline`. The handlers
/// are registered here, at once, not when the future is first polled: the server polls it only
/// when its accept loop gets round to it, and a SIGTERM that came before would take the default
/// action and kill the collector without its clean stop.
fn stop_signal(deadline: Duration) -> impl Future<Output = ()> {
    #[cfg(unix)]
    let (mut terminate, mut interrupt) = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::terminate()).ok(), signal(SignalKind::interrupt()).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let terminate = async {
                match terminate.as_mut() {
                    Some(signal) => drop(signal.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            let interrupt = async {
                match interrupt.as_mut() {
                    Some(signal) => drop(signal.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = interrupt => {}
                () = terminate => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        log::line(&format!("stopping: finishing the requests in flight (for at most {} s)", deadline.as_secs_f64()));
    }
}

/// Adds the questionnaires registered over HTTP (kept in the store) to `registry`.
async fn load_saved(data: &Data, registry: &mut Registry) -> Result<(), String> {
    for json in data.saved_instruments().await? {
        match partnerscope_core::Instrument::from_json(&json) {
            Ok(instrument) => registry.add(instrument),
            Err(diags) => log::line(&format!(
                "a registered questionnaire is no longer valid and is not taken ({})",
                diags.first().map(ToString::to_string).unwrap_or_default()
            )),
        }
    }
    Ok(())
}

/// Where the invitations' key is: as given, or beside a SQLite file; a PostgreSQL store needs it
/// named (the key is never kept in the database).
fn key_path(options: &Options, place: &Place) -> Result<PathBuf, String> {
    match (options.path("--invitation-key"), place) {
        (Some(path), _) => Ok(path),
        (None, Place::Sqlite(path)) => Ok(invite::default_key_path(path)),
        (None, Place::Postgres(_)) => Err(
            "with a PostgreSQL store, say where the invitations' key is kept: --invitation-key FILE (a file of its own, never in the database; every collector process on the database uses the same one)".into(),
        ),
    }
}

/// How often a collector on PostgreSQL rewrites the responses in id order, when it stored any
/// meanwhile (see `pg::Store::reshuffle`).
const RESHUFFLE_EVERY: Duration = Duration::from_secs(60);
