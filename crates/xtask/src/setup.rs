//! Idempotent set-up for a fresh Debian machine (as root): each step checks first and is skipped
//! when the right version is already present, so a warm run costs a few process starts.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::util::{self, cargo_bin, locked_version, output};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// What `dist` needs: the wasm target, wasm-bindgen, node packages (wasm-opt).
    Build,
    /// Also a browser and its driver, and PostgreSQL's programs (the collector's tests start a
    /// server of their own with them).
    Tests,
}

pub fn run(need: Need) -> Result<()> {
    wasm_target()?;
    wasm_bindgen_cli()?;
    node_packages()?;
    if need == Need::Tests {
        chromium()?;
        postgresql()?;
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    util::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn wasm_bindgen_cli() -> Result<()> {
    let wanted = locked_version("wasm-bindgen")?;
    let bin = cargo_bin().join("wasm-bindgen");
    let have = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) && cargo_bin().join("wasm-bindgen-test-runner").exists()
    {
        return Ok(());
    }
    eprintln!(
        "xtask: installing wasm-bindgen-cli {wanted} (it must match the wasm-bindgen crate; takes a few minutes)"
    );
    // Not `--locked`: the registry index lacks one of the CLI's locked dependency versions.
    util::run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted, "--force"]))
}

fn apt_install(packages: &[&str]) -> Result<()> {
    if output(Command::new("id").arg("-u")).as_deref().map(str::trim) != Some("0") {
        bail!("{} missing; install them with: sudo apt-get install {}", packages.join(" and "), packages.join(" "));
    }
    util::run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    let mut cmd = Command::new("apt-get");
    cmd.args(["install", "-y", "--no-install-recommends"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive");
    util::run(&mut cmd)
}

fn node_packages() -> Result<()> {
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let lock = std::fs::read("package-lock.json").context("package-lock.json is missing")?;
    let stamp_path = Path::new("node_modules/.xtask-lock-stamp");
    let stamp = format!("{:x}", fnv1a(&lock));
    if std::fs::read_to_string(stamp_path).ok().as_deref() == Some(stamp.as_str())
        && Path::new("node_modules/.bin/wasm-opt").exists()
        && Path::new("node_modules/.bin/terser").exists()
    {
        return Ok(());
    }
    util::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))?;
    std::fs::write(stamp_path, stamp)?;
    Ok(())
}

/// Debian's Chromium and its driver: the one place their paths are spelled. The browser tests
/// get the browser's path as `PARTNERSCOPE_CHROMIUM`, the wasm tests the driver's as `CHROMEDRIVER`.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// Where Debian puts each PostgreSQL version's programs: `/usr/lib/postgresql/<version>/bin`. The
/// collector's tests look there the same way (crates/collect/tests/support/pg.rs).
pub const POSTGRESQL_LIB: &str = "/usr/lib/postgresql";

/// Debian's `postgresql` package, for `initdb` and `postgres`. The tests start and stop a server
/// of their own (a temporary folder, 127.0.0.1, a free port); the cluster the package makes and
/// starts for the system, if any, is not used.
fn postgresql() -> Result<()> {
    let installed = std::fs::read_dir(POSTGRESQL_LIB)
        .into_iter()
        .flatten()
        .flatten()
        .any(|version| version.path().join("bin/initdb").exists() && version.path().join("bin/postgres").exists());
    if installed {
        return Ok(());
    }
    apt_install(&["postgresql"])
}

/// A small stable hash, enough to notice that the lockfile changed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
