//! `partnerscope-collect`: receives anonymous Partnerscope responses over HTTP, checks each with
//! the core, stores it once in SQLite, and exports them for the facilitator's report.

mod check;
mod export;
mod log;
mod server;
mod store;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use check::Registry;
use export::Format;
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

Export (to standard output, while the server runs or not):
  partnerscope-collect export --data ./responses.db [--format jsonl|csv]
                              [--instrument ID] [--version V] [--instrument-file FILE]...
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some("export") => export_command(&args[1..]),
        Some("serve") => serve_command(&args[1..]),
        _ => serve_command(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            log::line(&message);
            ExitCode::FAILURE
        }
    }
}

/// Options as `--name value` pairs and `--flag`s, every problem said plainly.
struct Options {
    pairs: Vec<(String, String)>,
    flags: Vec<String>,
}

impl Options {
    fn parse(args: &[String], flags: &[&str], valued: &[&str]) -> Result<Options, String> {
        let mut options = Options { pairs: Vec::new(), flags: Vec::new() };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
                _ => (arg.as_str(), None),
            };
            if flags.contains(&name) && inline.is_none() {
                options.flags.push(name.to_owned());
            } else if valued.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => rest.next().cloned().ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))?,
                };
                options.pairs.push((name.to_owned(), value));
            } else {
                return Err(format!("\"{arg}\" is not an option here\n\n{USAGE}"));
            }
        }
        Ok(options)
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    fn number(&self, name: &str, default: f64) -> Result<f64, String> {
        match self.one(name) {
            None => Ok(default),
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| format!("{name} takes a number of 0 or more, not \"{text}\"")),
        }
    }
}

fn serve_command(args: &[String]) -> Result<(), String> {
    let options = Options::parse(
        args,
        &["--allow-credentials"],
        &[
            "--listen",
            "--data",
            "--instrument",
            "--allow-origin",
            "--token-file",
            "--max-body-bytes",
            "--max-per-second",
        ],
    )?;
    let listen: SocketAddr = options
        .one("--listen")
        .unwrap_or("127.0.0.1:8787")
        .parse()
        .map_err(|_| "--listen takes an address and port, like 127.0.0.1:8787".to_owned())?;
    let data =
        PathBuf::from(options.one("--data").ok_or_else(|| format!("say where to store: --data FILE\n\n{USAGE}"))?);
    let mut registry = Registry::builtin();
    for file in options.all("--instrument") {
        registry.add_file(file.as_ref())?;
    }
    let token = match options.one("--token-file") {
        None => None,
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: the token cannot be read ({e})"))?;
            let token = text.trim().to_owned();
            if token.len() < 16 || token.chars().any(|c| !c.is_ascii_graphic()) {
                return Err(format!("{file}: the token must be at least 16 visible characters with no spaces"));
            }
            Some(token)
        }
    };
    let origins = options.all("--allow-origin");
    for origin in &origins {
        let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
            matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains(['/', ' ', '?', '#'])
        });
        if !valid {
            return Err(format!(
                "--allow-origin takes an origin like https://intranet.example.org (scheme and host, no path), not \"{origin}\""
            ));
        }
    }
    let settings = Settings {
        data: data.clone(),
        max_body_bytes: options.number("--max-body-bytes", 65_536.0)? as usize,
        allow_origins: origins,
        allow_credentials: options.flag("--allow-credentials"),
        token,
        per_second: options.number("--max-per-second", 20.0)?,
        burst: 100.0,
    };
    let conn = store::open(&data).map_err(|e| format!("{}: the database cannot be opened ({e})", data.display()))?;
    let stored = store::count(&conn).map_err(|e| e.to_string())?;
    let (writer, _thread) = store::start(conn);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("the server cannot start: {e}"))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        log::line(&format!(
            "listening on http://{bound}, storing in {} ({stored} responses so far); questionnaires: {}",
            data.display(),
            registry.names().join(", ")
        ));
        let app = server::app(settings, registry, writer);
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stop_signal())
            .await
            .map_err(|e| format!("the server stopped: {e}"))?;
        log::line("stopped; every response answered was stored");
        Ok(())
    })
}

/// Resolves on SIGTERM or Ctrl-C: the server then stops taking connections and finishes the
/// requests in flight (each of which waits for its commit).
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    log::line("stopping: finishing the requests in flight");
}

fn export_command(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args, &[], &["--data", "--format", "--instrument", "--version", "--instrument-file"])?;
    let data =
        PathBuf::from(options.one("--data").ok_or_else(|| format!("say which database: --data FILE\n\n{USAGE}"))?);
    if !data.exists() {
        return Err(format!("{}: there is no database here", data.display()));
    }
    let format = match options.one("--format").unwrap_or("jsonl") {
        "jsonl" => Format::JsonLines,
        "csv" => Format::Csv,
        other => return Err(format!("--format takes jsonl or csv, not \"{other}\"")),
    };
    let mut registry = Registry::builtin();
    for file in options.all("--instrument-file") {
        registry.add_file(file.as_ref())?;
    }
    let conn = store::open_read(&data).map_err(|e| format!("{}: the database cannot be read ({e})", data.display()))?;
    let filter = Filter {
        instrument: options.one("--instrument").map(str::to_owned),
        version: options.one("--version").map(str::to_owned),
    };
    let filter = export::plan(&conn, &registry, format, &filter)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = None;
    export::write(&conn, &registry, format, &filter, |block| match out.write_all(&block) {
        Ok(()) => true,
        Err(e) => {
            failed = Some(e.to_string());
            false
        }
    })?;
    out.flush().map_err(|e| e.to_string())?;
    match failed {
        Some(e) => Err(format!("the export could not be written: {e}")),
        None => Ok(()),
    }
}
