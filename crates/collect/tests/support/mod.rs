//! For the collector's tests and benchmark: the real binary started on a loopback port with a
//! real SQLite file, and a small HTTP/1.1 client over a plain socket (so tests can also send
//! what no well-behaved client would).
#![allow(dead_code, clippy::unwrap_used)]

pub mod pg;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use partnerscope_core::{Instrument, builtin, synth};

pub const BINARY: &str = env!("CARGO_BIN_EXE_partnerscope-collect");

/// A fresh directory under the target's temporary folder.
pub fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "collect-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The collector running as its own process.
pub struct Collector {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub log: Arc<Mutex<String>>,
}

impl Collector {
    /// Starts the binary on a free loopback port with `db` and `extra` arguments, and waits
    /// (at most 30 s) until it says where it listens.
    pub fn start(db: impl AsRef<std::ffi::OsStr>, extra: &[&str]) -> Collector {
        Collector::start_on("127.0.0.1:0", db, extra)
    }

    pub fn start_on(listen: &str, db: impl AsRef<std::ffi::OsStr>, extra: &[&str]) -> Collector {
        let mut child = Command::new(BINARY)
            .args(["--listen", listen, "--data"])
            .arg(db)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the collector starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (found, addr) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = found.send(rest.split(',').next().unwrap().to_owned());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = match addr.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!("the collector did not start: {}", log.lock().unwrap());
            }
        };
        Collector { child, addr, log }
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.addr)
    }

    /// SIGTERM, then waits (at most 30 s) for the exit; returns whether it exited cleanly.
    pub fn terminate(&mut self) -> bool {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the log reader take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status.success();
            }
            assert!(Instant::now() < deadline, "the collector did not stop within 30 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The process's resident memory in KiB (Linux), from `/proc/PID/status`.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// SIGTERM without waiting.
    pub fn signal_term(&self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
    }

    /// A bare socket to the collector, for what no client would send.
    pub fn socket(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_nodelay(true).unwrap();
        stream
    }
}

/// Whether the server closes `stream` within `limit`: reads (and throws away) whatever it sends
/// until the end of the stream or a reset; `false` if it is still open at `limit`.
pub fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut sink = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP reply as read off the socket.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `code` of a JSON refusal (what kind, for a program).
    pub fn code(&self) -> String {
        let text = self.text();
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("a JSON reply, not {text:?}"));
        value["code"].as_str().unwrap_or_else(|| panic!("a code in {text}")).to_owned()
    }

    /// The `reason` of a JSON refusal.
    pub fn reason(&self) -> String {
        let text = self.text();
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("a JSON reply, not {text:?}"));
        value["reason"].as_str().unwrap_or_else(|| panic!("a reason in {text}")).to_owned()
    }
}

/// One keep-alive connection.
pub struct Client {
    addr: String,
    stream: BufReader<TcpStream>,
}

impl Client {
    pub fn connect(addr: &str) -> Client {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream.set_nodelay(true).unwrap();
        Client { addr: addr.to_owned(), stream: BufReader::new(stream) }
    }

    /// Another handle on the same socket, to write part of a request by hand.
    pub fn stream_clone(&self) -> TcpStream {
        self.stream.get_ref().try_clone().unwrap()
    }

    /// Sends raw bytes as they are and reads one reply.
    pub fn raw(&mut self, request: &[u8]) -> std::io::Result<Reply> {
        self.stream.get_mut().write_all(request)?;
        self.read_reply()
    }

    /// A request with `headers` and `body` (Content-Length added when there is a body).
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Reply> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    /// POSTs a response body as the widget does.
    pub fn post(&mut self, body: &str, id: &str) -> std::io::Result<Reply> {
        self.request(
            "POST",
            "/v1/responses",
            &[("Content-Type", "application/json"), ("Idempotency-Key", id)],
            body.as_bytes(),
        )
    }

    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> std::io::Result<Reply> {
        self.request("GET", path, headers, b"")
    }

    fn read_reply(&mut self) -> std::io::Result<Reply> {
        let mut line = String::new();
        if self.stream.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the server closed the connection"));
        }
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not a status line: {line:?}"))
        })?;
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                headers.push((n.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let find = |name: &str| headers.iter().find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name));
        let mut body = Vec::new();
        if let Some((_, n)) = find("content-length") {
            body.resize(n.parse().unwrap(), 0);
            self.stream.read_exact(&mut body)?;
        } else if find("transfer-encoding").is_some_and(|(_, v)| v.eq_ignore_ascii_case("chunked")) {
            loop {
                let mut size = String::new();
                self.stream.read_line(&mut size)?;
                let size = usize::from_str_radix(size.trim(), 16)
                    .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "a broken chunk"))?;
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else if status != 204 && status != 304 && !(100..200).contains(&status) {
            self.stream.read_to_end(&mut body)?;
        }
        Ok(Reply { status, headers, body })
    }
}

/// `count` distinct valid responses to `instrument`, ids prefixed with `prefix`: (id, body).
pub fn responses(instrument: &Instrument, count: usize, prefix: &str, seed: u64) -> Vec<(String, String)> {
    synth::sheets(instrument, count, seed)
        .into_iter()
        .enumerate()
        .map(|(n, sheet)| {
            let mut response = sheet.to_response(instrument);
            response.id = format!("{prefix}{n}");
            (response.id.clone(), response.to_json())
        })
        .collect()
}

pub fn demo() -> Instrument {
    builtin::demo()
}

/// Number of rows in the database, read directly.
pub fn rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM responses", [], |r| r.get(0)).unwrap()
}

/// Every id in the database.
pub fn ids(db: &Path) -> std::collections::BTreeSet<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn.prepare("SELECT id FROM responses").unwrap();
    statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A store for the tests that run on both: a SQLite file, or a database of its own on the test
/// binary's PostgreSQL server (`pg.rs`).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Store {
    /// A fresh SQLite file in a fresh folder named after `name`.
    pub fn sqlite(name: &str) -> Store {
        Store::Sqlite(scratch(name).join("responses.db"))
    }

    /// A fresh database named after `name` on the test binary's PostgreSQL server.
    pub fn postgres(name: &str) -> Store {
        Store::Postgres(pg::server().database(name))
    }

    /// What `--data` is given.
    pub fn arg(&self) -> std::ffi::OsString {
        match self {
            Store::Sqlite(path) => path.clone().into_os_string(),
            Store::Postgres(url) => url.into(),
        }
    }

    /// Every stored id, read through the collector's export (PostgreSQL) or the file itself.
    /// Asserts that no id is exported twice.
    pub fn ids(&self) -> std::collections::BTreeSet<String> {
        match self {
            Store::Sqlite(path) => ids(path),
            Store::Postgres(_) => {
                let lines = self.export_lines();
                let ids: std::collections::BTreeSet<String> = lines
                    .iter()
                    .map(|line| {
                        let value: serde_json::Value = serde_json::from_str(line).unwrap();
                        value["id"].as_str().unwrap().to_owned()
                    })
                    .collect();
                assert_eq!(ids.len(), lines.len(), "an id is exported more than once");
                ids
            }
        }
    }

    pub fn rows(&self) -> i64 {
        match self {
            Store::Sqlite(path) => rows(path),
            Store::Postgres(url) => pg::psql(url, "SELECT count(*) FROM responses").trim().parse().unwrap(),
        }
    }

    /// The `export` command's JSON lines.
    pub fn export_lines(&self) -> Vec<String> {
        let out = Command::new(BINARY).arg("export").arg("--data").arg(self.arg()).output().unwrap();
        assert!(out.status.success(), "export: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect()
    }
}

impl AsRef<std::ffi::OsStr> for Store {
    fn as_ref(&self) -> &std::ffi::OsStr {
        match self {
            Store::Sqlite(path) => path.as_os_str(),
            Store::Postgres(url) => std::ffi::OsStr::new(url.as_str()),
        }
    }
}
