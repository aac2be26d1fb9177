//! A real PostgreSQL server for the tests, one per test binary, and a database of its own for
//! each test.
//!
//! The server is Debian's (`cargo xtask setup` installs the `postgresql` package), found at
//! `/usr/lib/postgresql/*/bin` (the newest version there), or in `PARTNERSCOPE_PG_BIN`. It is
//! made with `initdb` in a fresh folder under the system's temporary folder and listens on
//! 127.0.0.1 only, on a free port, with its socket in that folder too. `initdb` and `postgres`
//! refuse to run as root: a test running as root runs them as `nobody` (uid 65534), through
//! `setpriv`, with the folder given to that user. The server is started by a thread of its own
//! that lives as long as the test binary, with `--pdeathsig KILL`: when the test binary ends,
//! however it ends, the kernel kills the server. Folders left by earlier runs are removed at the
//! next start.
//!
//! Without PostgreSQL the tests fail (they do not skip) and say how to install it.
#![allow(dead_code, clippy::unwrap_used)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The test binary's server.
pub struct Server {
    pub bin: PathBuf,
    pub port: u16,
    pub dir: PathBuf,
}

/// The user the server runs as when the tests run as root.
const NOBODY: u32 = 65_534;

/// The folder of PostgreSQL's programs: `PARTNERSCOPE_PG_BIN`, or the newest version under
/// `/usr/lib/postgresql`; a clear failure when there is none.
pub fn bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("PARTNERSCOPE_PG_BIN") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("initdb").exists() && dir.join("postgres").exists(),
            "PARTNERSCOPE_PG_BIN is {}, which holds no initdb and postgres",
            dir.display()
        );
        return dir;
    }
    find_bin().unwrap_or_else(|| {
        panic!(
            "PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb. Run `cargo xtask setup` (it installs Debian's postgresql package), or set PARTNERSCOPE_PG_BIN to the folder of initdb and postgres"
        )
    })
}

/// The folder of PostgreSQL's programs, if there is one.
pub fn find_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PARTNERSCOPE_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// `program` from PostgreSQL's folder, as the unprivileged user when the tests run as root.
fn as_server_user(bin: &Path, program: &str) -> Command {
    let mut cmd = Command::new("setpriv");
    if running_as_root() {
        cmd.args([&format!("--reuid={NOBODY}"), &format!("--regid={NOBODY}"), "--clear-groups", "--inh-caps=-all"]);
    }
    cmd.arg("--pdeathsig=KILL").arg(bin.join(program));
    cmd
}

fn pid_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes the folders of earlier runs whose test binary has ended.
fn sweep(temp: &Path) {
    for entry in std::fs::read_dir(temp).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("partnerscope-pg-").and_then(|rest| rest.split('-').next())
            && let Ok(pid) = pid.parse::<u32>()
            && !pid_alive(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The system's temporary folder, or `/tmp` when the tests run as root and the server's user
/// could not reach the folder (`TMPDIR` under a home only root may enter).
fn temp_dir() -> PathBuf {
    let temp = std::env::temp_dir();
    if !running_as_root() {
        return temp;
    }
    let reachable = temp.ancestors().all(|dir| std::fs::metadata(dir).is_ok_and(|m| m.mode() & 0o001 != 0));
    if reachable { temp } else { PathBuf::from("/tmp") }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The server of this test binary, started on first use.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(false))
}

/// A server that flushes its log to disk at every commit, as a production one does: for the
/// benchmark, whose figures must be those of a real server.
pub fn durable_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(true))
}

/// Makes a cluster in a directory of its own and starts a server on it, on a free port.
fn start(durable: bool) -> Server {
    let bin = bin();
    let temp = temp_dir();
    sweep(&temp);
    let dir = temp.join(format!("partnerscope-pg-{}-{}", std::process::id(), free_port()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if running_as_root() {
        std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    let data = init_cluster(&bin, &dir);
    // Several tries: the port was free when asked, but another test binary may take it first.
    for _ in 0..5 {
        let port = free_port();
        let pid = spawn_keeper(&bin, &data, &dir, port, durable);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline && pid_alive(pid) {
            let ready = Command::new(bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Server { bin, port, dir };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
        if !log.contains("could not bind") && !log.contains("Address already in use") {
            panic!("PostgreSQL did not start within 30 s:\n{log}");
        }
    }
    panic!("PostgreSQL found no free port in five tries");
}

/// `initdb` in `dir`: the cluster's data directory.
fn init_cluster(bin: &Path, dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let out = as_server_user(bin, "initdb")
        .arg("-D")
        .arg(&data)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("initdb could not be run through setpriv: {e}"));
    assert!(
        out.status.success(),
        "initdb failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    data
}

/// Starts the server on `data` at `port` from a keeper thread, its log in `dir`: its process id.
fn spawn_keeper(bin: &Path, data: &Path, dir: &Path, port: u16, durable: bool) -> u32 {
    let (bin2, data2, dir2) = (bin.to_owned(), data.to_owned(), dir.to_owned());
    let (started, result) = std::sync::mpsc::channel();
    // The keeper: the server's parent for as long as the test binary runs (the parent-death
    // signal fires when this thread ends).
    std::thread::spawn(move || {
        let log = std::fs::File::create(dir2.join("server.log")).unwrap();
        if running_as_root() {
            std::os::unix::fs::chown(dir2.join("server.log"), Some(NOBODY), Some(NOBODY)).unwrap();
        }
        let child = as_server_user(&bin2, "postgres")
            .arg("-D")
            .arg(&data2)
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1"])
            .arg("-c")
            .arg(format!("unix_socket_directories={}", dir2.display()))
            // The tests kill collectors, never the server: its own flushes are not what
            // they test, and without them they run faster.
            .args(if durable {
                ["-c", "fsync=on", "-c", "full_page_writes=on"]
            } else {
                ["-c", "fsync=off", "-c", "full_page_writes=off"]
            })
            .args(["-c", "max_connections=200"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn();
        match child {
            Ok(mut child) => {
                let _ = started.send(Ok(child.id()));
                let _ = child.wait();
                // Parked past the server's end: a thread that ends would signal nothing now,
                // but keep the shape simple.
            }
            Err(e) => {
                let _ = started.send(Err(e.to_string()));
            }
        }
    });
    result.recv().unwrap().unwrap_or_else(|e| panic!("postgres could not be started: {e}"))
}

impl Server {
    /// A new, empty database of its own; its address.
    pub fn database(&self, name: &str) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "{}_{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let out = Command::new(self.bin.join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", &name])
            .output()
            .unwrap();
        assert!(out.status.success(), "createdb {name}: {}", String::from_utf8_lossy(&out.stderr));
        self.url(&name)
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// `sql` run by psql on `url`'s database; its rows, unaligned, one a line.
    pub fn psql(&self, url: &str, sql: &str) -> String {
        psql(url, sql)
    }
}

/// `sql` run by psql on `url`'s database (on whichever server); its rows, one a line.
pub fn psql(url: &str, sql: &str) -> String {
    let out = Command::new(bin().join("psql"))
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .unwrap();
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
