//! `cargo xtask test`: every check and test, in the order that fails fastest; and `cargo xtask bench`.
//!
//! Every step runs even when an earlier one failed (except those that need the built `dist/`),
//! so one run shows every problem. The run ends with the total line `N passed, N failed` and exits
//! non-zero when any step failed.

use std::process::Command;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::dist;
use crate::setup::{self, Need};
use crate::util::{self, cargo_bin};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
    timings: Vec<(String, f64)>,
}

impl Tally {
    /// Runs one step; `count` says whether its output holds test-result lines to add up.
    fn step(&mut self, name: &str, cmd: &mut Command, count: bool) -> bool {
        eprintln!("\nxtask: ── {name} ──");
        let started = Instant::now();
        let (ok, out) = match util::run_capture(cmd) {
            Ok(result) => result,
            Err(err) => (false, format!("{err:#}")),
        };
        if count {
            let (p, f) = count_results(&out);
            self.passed += p;
            self.failed += f;
        }
        self.timings.push((name.to_owned(), started.elapsed().as_secs_f64()));
        if !ok {
            eprintln!("xtask: step failed: {name}");
            self.failed_steps.push(name.to_owned());
        }
        ok
    }
}

/// Adds up cargo's `test result: ok. N passed; M failed` lines and node's `# pass N` / `# fail N`.
fn count_results(out: &str) -> (u64, u64) {
    let (mut passed, mut failed) = (0, 0);
    for line in out.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            let number_before = |word: &str| -> u64 {
                rest.split(';')
                    .find_map(|part| {
                        part.trim().trim_start_matches("ok.").trim_start_matches("FAILED.").trim().strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            passed += number_before(" passed");
            failed += number_before(" failed");
        } else if let Some(n) = line.strip_prefix("# pass ") {
            passed += n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            failed += n.trim().parse().unwrap_or(0);
        }
    }
    (passed, failed)
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(args);
    cmd
}

/// Environment for `cargo test --target wasm32-unknown-unknown`: wasm-bindgen-test-runner drives
/// Debian's chromedriver and Chromium headless (flags in each crate's `webdriver.json`).
fn wasm_test(args: &[&str]) -> Command {
    let mut cmd = cargo(args);
    cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", cargo_bin().join("wasm-bindgen-test-runner"))
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    cmd
}

/// The custom questionnaire the browser tests build a single file for.
pub const CUSTOM_INSTRUMENT: &str = "tests/fixtures/custom-instrument.json";

const WASM32: [&str; 2] = ["--target", "wasm32-unknown-unknown"];
/// The crates whose code ships as wasm, with their unit and integration tests.
const CORE_AND_WIDGET: [&str; 6] =
    ["--package", "partnerscope-core", "--package", "partnerscope-widget", "--lib", "--tests"];
/// What ends every clippy step: quiet, and every warning an error.
const DENY_WARNINGS: [&str; 4] = ["--quiet", "--", "-D", "warnings"];

/// How a step's command is made.
#[derive(Clone, Copy)]
enum Tool {
    Cargo,
    /// `cargo` with the environment of [`wasm_test`].
    WasmTest,
}

/// One step before `dist`: its name (in the log and the timings), its tool and words, and
/// whether its output holds test-result lines to add up.
struct Step {
    name: String,
    tool: Tool,
    args: Vec<&'static str>,
    count: bool,
}

impl Step {
    fn cargo(name: &str, args: &[&'static str], count: bool) -> Step {
        Step { name: name.to_owned(), tool: Tool::Cargo, args: args.to_vec(), count }
    }

    fn clippy(name: &str, words: &[&[&'static str]]) -> Step {
        let args = [&["clippy"][..], &words.concat(), &DENY_WARNINGS].concat();
        Step { name: name.to_owned(), tool: Tool::Cargo, args, count: false }
    }

    fn command(&self) -> Command {
        match self.tool {
            Tool::Cargo => cargo(&self.args),
            Tool::WasmTest => wasm_test(&self.args),
        }
    }
}

/// Every check and test before `dist`, in the order that fails fastest. A new crate or build adds
/// its line here.
fn steps() -> Vec<Step> {
    let mut steps = vec![
        Step::cargo("format", &["fmt", "--all", "--", "--check"], false),
        Step::clippy("clippy (native)", &[&["--workspace", "--all-targets"]]),
        Step::clippy("clippy (wasm32)", &[&WASM32, &CORE_AND_WIDGET]),
    ];
    // The three builds that ship (the single file, the embed, the survey files with neither
    // feature): each must be clean alone too (cfg'd code, unused items).
    for (name, features) in [
        ("clippy (wasm32 widget, builtins only)", &["--features", "builtins"][..]),
        ("clippy (wasm32 widget, embed only)", &["--features", "embed"][..]),
        ("clippy (wasm32 widget, survey files: neither)", &[][..]),
    ] {
        let widget = ["--package", "partnerscope-widget", "--no-default-features"];
        steps.push(Step::clippy(name, &[&WASM32, &widget, features, &["--lib"]]));
    }
    // The decoder's wasm export exists only on wasm32; its tests need std, so they run natively.
    steps.push(Step::clippy("clippy (wasm32 unlzma)", &[&WASM32, &["--package", "partnerscope-unlzma", "--lib"]]));
    // The collector's PostgreSQL tests are among these: each test binary starts a server of its
    // own with the programs `setup` installed, and fails (never skips) without them.
    steps.push(Step::cargo("native tests", &["test", "--workspace", "--quiet"], true));
    steps.push(Step {
        name: "wasm tests in headless Chromium".to_owned(),
        tool: Tool::WasmTest,
        args: [&["test"][..], &WASM32, &CORE_AND_WIDGET].concat(),
        count: true,
    });
    steps
}

/// Browser test files run at once (`node --test --test-concurrency`), unless
/// `PARTNERSCOPE_BROWSER_TESTS_AT_ONCE` says otherwise (1 to read one file's log in order).
/// The files are independent: each launches its own Chromium (a profile of its own, so its
/// `localStorage` too), serves `dist/` and its endpoints on ports the system picks (port 0), and
/// writes only in folders of its own (`mkdtemp`). Most of their time is spent waiting (timers,
/// back-off, page loads), so two at once pays even on two cores; measured in the commit that
/// set it (see docs/benchmarks.md, "CI time").
const BROWSER_TESTS_AT_ONCE: usize = 2;

fn browser_tests_at_once() -> usize {
    std::env::var("PARTNERSCOPE_BROWSER_TESTS_AT_ONCE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(BROWSER_TESTS_AT_ONCE)
}

pub fn run() -> Result<()> {
    let started = Instant::now();
    let mut tally = Tally::default();
    eprintln!("xtask: ── setup ──");
    setup::run(Need::Tests)?;

    for step in steps() {
        tally.step(&step.name, &mut step.command(), step.count);
    }

    eprintln!("\nxtask: ── dist ──");
    let dist_started = Instant::now();
    // With the fixture as a custom questionnaire, so the browser tests can open the custom
    // single file `--instrument` makes.
    let built = match dist::run(&[CUSTOM_INSTRUMENT.to_owned()]).and_then(|()| dist::size()) {
        Ok(()) => true,
        Err(err) => {
            eprintln!("xtask: step failed: dist and size: {err:#}");
            tally.failed_steps.push("dist and size".into());
            false
        }
    };
    tally.timings.push(("dist and size".into(), dist_started.elapsed().as_secs_f64()));
    let built = built
        && match crate::fixtures::write() {
            Ok(()) => true,
            Err(err) => {
                eprintln!("xtask: step failed: fixtures: {err:#}");
                tally.failed_steps.push("fixtures".into());
                false
            }
        };
    // The browser tests run the collector's binary (tests/collect.test.mjs); the native tests
    // built it already, so this only makes sure.
    tally.step("collector binary", &mut cargo(&["build", "--package", "partnerscope-collect", "--quiet"]), false);
    if built {
        tally.step(
            "browser end-to-end tests",
            Command::new("node")
                .args(["--test", &format!("--test-concurrency={}", browser_tests_at_once()), "tests/"])
                .env("PARTNERSCOPE_CHROMIUM", setup::CHROMIUM),
            true,
        );
    } else {
        eprintln!("xtask: skipping the end-to-end tests: there is no dist/ to test");
        tally.failed_steps.push("browser end-to-end tests (skipped)".into());
    }

    eprintln!("\nxtask: step timings");
    for (name, seconds) in &tally.timings {
        eprintln!("  {name:<36} {seconds:>7.1} s");
    }
    eprintln!("  {:<36} {:>7.1} s", "total", started.elapsed().as_secs_f64());
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    if !tally.failed_steps.is_empty() {
        bail!("failed steps: {}", tally.failed_steps.join(", "));
    }
    if tally.failed > 0 {
        bail!("{} tests failed", tally.failed);
    }
    Ok(())
}

/// Native criterion benchmarks, then the same workloads as release wasm in headless Chromium.
/// Prints figures; asserts nothing about time (budgets are compared in docs/benchmarks.md).
pub fn bench() -> Result<()> {
    setup::run(Need::Tests)?;
    util::run(&mut cargo(&["bench", "--package", "partnerscope-core", "--bench", "core", "--", "--noplot"]))?;
    let (ok, out) = util::run_capture(&mut wasm_test(&[
        "test",
        "--release",
        WASM32[0],
        WASM32[1],
        "--package",
        "partnerscope-core",
        "--test",
        "wasm_bench",
        "--",
        "--include-ignored",
        "--nocapture",
    ]))?;
    if !ok {
        bail!("the wasm benchmark failed");
    }
    println!("\nwasm in headless Chromium (release build, the shipped profile):");
    for line in out.lines().filter_map(|l| l.trim().strip_prefix("BENCH ")) {
        println!("  {line}");
    }
    // The collector under sustained load (release binary, loopback, a fresh SQLite file).
    util::run(&mut cargo(&["bench", "--package", "partnerscope-collect", "--bench", "load"]))?;
    // The facilitator's report with 100,000 responses in Chromium, beside plain JavaScript.
    crate::dist::run(&[])?;
    crate::fixtures::write()?;
    util::run(Command::new("node").arg("tests/report-bench.mjs").env("PARTNERSCOPE_CHROMIUM", setup::CHROMIUM))?;
    Ok(())
}

/// Where `cargo xtask startup` installs its baseline, SurveyJS, at the version the figures in
/// docs/benchmarks.md were measured with.
const SURVEYJS_DIR: &str = "target/surveyjs";
const SURVEYJS_PACKAGES: [&str; 2] = ["survey-core@2.5.38", "survey-js-ui@2.5.38"];

/// Installs SurveyJS under `target/surveyjs` unless that version is there already.
fn install_surveyjs() -> Result<()> {
    let installed = |name: &str| {
        std::fs::read_to_string(format!("{SURVEYJS_DIR}/node_modules/{name}/package.json"))
            .is_ok_and(|text| text.contains("\"version\": \"2.5.38\""))
    };
    if installed("survey-core") && installed("survey-js-ui") {
        return Ok(());
    }
    std::fs::create_dir_all(SURVEYJS_DIR)?;
    std::fs::write(format!("{SURVEYJS_DIR}/package.json"), "{\"private\": true}\n")?;
    util::run(
        Command::new("npm")
            .args(["install", "--prefix", SURVEYJS_DIR, "--no-audit", "--no-fund", "--loglevel=error"])
            .args(SURVEYJS_PACKAGES),
    )
}

/// Median start-up time of `dist/partnerscope.html` from `file://`, 20 runs, with its phases,
/// beside SurveyJS's for the same survey in the same run (`tests/startup.mjs`).
pub fn startup() -> Result<()> {
    install_surveyjs()?;
    let (ok, out) =
        util::run_capture(Command::new("node").arg("tests/startup.mjs").env("PARTNERSCOPE_CHROMIUM", setup::CHROMIUM))?;
    if !ok {
        bail!("the start-up measurement failed");
    }
    let median: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("STARTUP_MEDIAN_MS "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::INFINITY);
    println!("budget: median <= {} ms; against SurveyJS, aim 0.3 or less", crate::budget::STARTUP_MEDIAN_MS);
    if median > crate::budget::STARTUP_MEDIAN_MS {
        bail!("start-up median {median:.0} ms is over the budget of {} ms", crate::budget::STARTUP_MEDIAN_MS);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{count_results, steps};

    #[test]
    fn the_steps_run_these_commands_in_this_order() {
        let run: Vec<(String, String)> = steps().iter().map(|s| (s.name.clone(), s.args.join(" "))).collect();
        let expected = [
            ("format", "fmt --all -- --check"),
            ("clippy (native)", "clippy --workspace --all-targets --quiet -- -D warnings"),
            (
                "clippy (wasm32)",
                "clippy --target wasm32-unknown-unknown --package partnerscope-core --package partnerscope-widget --lib --tests --quiet -- -D warnings",
            ),
            (
                "clippy (wasm32 widget, builtins only)",
                "clippy --target wasm32-unknown-unknown --package partnerscope-widget --no-default-features --features builtins --lib --quiet -- -D warnings",
            ),
            (
                "clippy (wasm32 widget, embed only)",
                "clippy --target wasm32-unknown-unknown --package partnerscope-widget --no-default-features --features embed --lib --quiet -- -D warnings",
            ),
            (
                "clippy (wasm32 widget, survey files: neither)",
                "clippy --target wasm32-unknown-unknown --package partnerscope-widget --no-default-features --lib --quiet -- -D warnings",
            ),
            (
                "clippy (wasm32 unlzma)",
                "clippy --target wasm32-unknown-unknown --package partnerscope-unlzma --lib --quiet -- -D warnings",
            ),
            ("native tests", "test --workspace --quiet"),
            (
                "wasm tests in headless Chromium",
                "test --target wasm32-unknown-unknown --package partnerscope-core --package partnerscope-widget --lib --tests",
            ),
        ];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(n, a)| ((*n).to_owned(), (*a).to_owned())).collect();
        assert_eq!(run, expected);
    }

    #[test]
    fn counts_cargo_and_node_results() {
        let out = "test result: ok. 12 passed; 0 failed; 1 ignored\n\
                   test result: FAILED. 3 passed; 2 failed; 0 ignored\n# pass 7\n# fail 1\n";
        assert_eq!(count_results(out), (22, 3));
        assert_eq!(count_results("nothing here"), (0, 0));
    }
}
