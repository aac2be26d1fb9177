//! The operator's commands besides `serve`: `seal`, `invite`, `invitations`, `webhook` and
//! `export`, each reading its options and doing one thing against the store.

#[allow(clippy::wildcard_imports)] // The commands share main's options and imports.
use super::*;

/// `seal`: rewrites the responses (and the webhook's queue) in id order, so that nothing in a
/// PostgreSQL database's tables or files tells the order they came in.
pub(crate) fn seal_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, &[], &["--data"])?;
    let place = options.place("--data").ok_or_else(|| format!("say which database: --data postgres://…\n\n{USAGE}"))?;
    let shown = place.shown();
    let Place::Postgres(_) = &place else {
        // A SQLite file keeps its rows in id order (`WITHOUT ROWID`) and no transaction
        // numbers: nothing to do.
        command_runtime()?.block_on(place.open_existing())?;
        log::line(&format!("{shown}: a SQLite file keeps no order of arrival; there is nothing to seal"));
        return Ok(());
    };
    let count = command_runtime()?.block_on(async {
        let db = match place.open_existing().await? {
            Data::Postgres(db) => db,
            Data::Sqlite(_) => return Err(format!("{shown}: not a PostgreSQL database")),
        };
        let done = db.reshuffle(pg::Wait::Yes).await;
        done.map_err(|e| format!("{shown}: the responses could not be rewritten ({e})")).map(Option::unwrap_or_default)
    })?;
    log::line(&format!(
        "{shown}: {count} responses rewritten in id order; nothing in the tables tells the order they came in (the write-ahead log may, until the server recycles it)"
    ));
    Ok(())
}

/// A small runtime for the commands that talk to a store.
pub(crate) fn command_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("the command cannot start: {e}"))
}

/// `invite`: makes codes for one group and round and writes them as CSV.
pub(crate) fn invite_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(
        args,
        &[],
        &[
            "--data",
            "--instrument",
            "--version",
            "--group",
            "--round",
            "--count",
            "--link",
            "--instrument-file",
            "--invitation-key",
        ],
    )?;
    let place = options.place("--data").ok_or_else(|| format!("say which database: --data FILE\n\n{USAGE}"))?;
    let id = options
        .one("--instrument")?
        .ok_or_else(|| format!("say for which questionnaire: --instrument ID\n\n{USAGE}"))?;
    let group = options.one("--group")?.unwrap_or_default();
    let count = options.whole("--count")?.ok_or_else(|| format!("say how many codes: --count N\n\n{USAGE}"))?;
    let mut registry = Registry::builtin();
    for file in options.all("--instrument-file") {
        registry.add_file(&file)?;
    }
    let instrument = registry.find(id, options.one("--version")?).map_err(|r| r.reason)?;
    let request = invite::Request {
        instrument: id.to_owned(),
        group: group.to_owned(),
        round: options.one("--round")?.unwrap_or_default().to_owned(),
        count,
        link: options.one("--link")?.map(str::to_owned),
    };
    request.check(instrument).map_err(|problems| problems.join("\n"))?;
    let key_path = key_path(&options, &place)?;
    let key = invite::Key::load_or_create(&key_path)?;
    let shown = place.shown();
    let csv = command_runtime()?.block_on(async {
        let data = match &place {
            Place::Sqlite(path) => {
                let conn =
                    store::open(path, None).map_err(|e| format!("{shown}: the database cannot be opened ({e})"))?;
                drop(conn);
                Data::Sqlite(path.clone())
            }
            Place::Postgres(url) => Data::Postgres(pg::connect(url).await?),
        };
        request.make(&data, &key).await
    })?;
    let mut out = std::io::stdout().lock();
    out.write_all(csv.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("the codes could not be written: {e}"))?;
    log::line(&format!(
        "{count} codes made for {} of {id}; the database keeps only their keyed hashes, under {}",
        if group.is_empty() { "the respondents".to_owned() } else { format!("the group \"{}\"", log::escape(group)) },
        log::escape(&key_path.display().to_string())
    ));
    Ok(())
}

/// `invitations`: every group's codes, issued, used, unused and refused.
pub(crate) fn invitations_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, &[], &["--data"])?;
    let place = options.place("--data").ok_or_else(|| format!("say which database: --data FILE\n\n{USAGE}"))?;
    let shown = place.shown();
    let tallies = command_runtime()?.block_on(async {
        let data = place.open_existing().await?;
        data.tallies().await.map_err(|e| format!("{shown}: the database cannot be read ({e})"))
    })?;
    let mut out = String::from("instrument\tround\tgroup\tissued\tused\tunused\trefused\n");
    for t in &tallies {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            log::escape(&t.instrument),
            log::escape(&t.round),
            log::escape(&t.group),
            t.issued,
            t.used,
            t.unused,
            t.refused
        ));
    }
    if tallies.is_empty() {
        log::line("no invitations have been made in this database");
    }
    std::io::stdout().lock().write_all(out.as_bytes()).map_err(|e| e.to_string())
}

/// `webhook`: responses waiting for the webhook and the dead letters; `--retry-dead` puts the
/// dead letters back in the queue (a running collector takes them within 30 s).
pub(crate) fn webhook_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, &["--retry-dead"], &["--data"])?;
    let place = options.place("--data").ok_or_else(|| format!("say which database: --data FILE\n\n{USAGE}"))?;
    let shown = place.shown();
    let letters = command_runtime()?.block_on(async {
        let data = place.open_existing().await?;
        if options.flag("--retry-dead") {
            let n = data.retry_dead().await.map_err(|e| format!("{shown}: the database cannot be changed ({e})"))?;
            log::line(&format!("{n} dead letters put back in the webhook's queue"));
        }
        data.letters().await.map_err(|e| format!("{shown}: the database cannot be read ({e})"))
    })?;
    let mut out = format!("waiting\t{}\ndead\t{}\n", letters.waiting, letters.dead.len());
    for dead in &letters.dead {
        out.push_str(&format!("{}\t{} tries\t{}\n", log::escape(&dead.id), dead.tries, log::escape(&dead.reason)));
    }
    std::io::stdout().lock().write_all(out.as_bytes()).map_err(|e| e.to_string())
}

pub(crate) fn export_command(args: &[OsString]) -> Result<(), String> {
    let options = Options::parse(args, &[], &["--data", "--format", "--instrument", "--version", "--instrument-file"])?;
    let place = options.place("--data").ok_or_else(|| format!("say which database: --data FILE\n\n{USAGE}"))?;
    let format = match options.one("--format")?.unwrap_or("jsonl") {
        "jsonl" => Format::JsonLines,
        "csv" => Format::Csv,
        other => return Err(format!("--format takes jsonl or csv, not \"{}\"", log::escape(other))),
    };
    let mut registry = Registry::builtin();
    for file in options.all("--instrument-file") {
        registry.add_file(&file)?;
    }
    let filter = Filter {
        instrument: options.one("--instrument")?.map(str::to_owned),
        version: options.one("--version")?.map(str::to_owned),
    };
    let shown = place.shown();
    command_runtime()?.block_on(async move {
        let data = place.open_existing().await?;
        load_saved(&data, &mut registry).await.map_err(|e| format!("{shown}: the database cannot be read ({e})"))?;
        let filter = data.plan(&registry, format, &filter).await?;
        let (blocks, mut stream) = tokio::sync::mpsc::channel::<data::Block>(4);
        let registry = std::sync::Arc::new(registry);
        let writing = tokio::spawn(async move {
            let mut out = std::io::stdout();
            while let Some(block) = stream.recv().await {
                let block = block.map_err(|e| e.to_string())?;
                out.write_all(&block).map_err(|e| format!("the export could not be written: {e}"))?;
            }
            out.flush().map_err(|e| format!("the export could not be written: {e}"))
        });
        let read = data.export(registry, format, filter, blocks).await;
        let written = writing.await.map_err(|e| e.to_string())?;
        read.and(written)
    })
}
