//! `cargo xtask fixtures`: data sets for the report's browser tests and benchmark, made with the
//! core, beside the core's own report of each (`*.expected.csv`), so a test can compare what the
//! report shows and exports with what the core computes. Written to `target/fixtures/`.
//!
//! - `gap.jsonl`: the health check, 8 lead partners and 10 other partners who agree on
//!   everything but Power, where the others are two points lower: one flagged gap.
//! - `small.jsonl`: Fit for Partnering, 6 staff and 4 partners: the partners are withheld, and so
//!   is "all respondents", which would give them away by subtraction.
//! - `round-2025.jsonl`, `round-2026.jsonl`, `plan-2025.json`: two rounds of the health check and
//!   the plan agreed after the first, with Trust and Power as priorities; Trust rises by one point.
//! - `mixed.jsonl`, `export.csv`, `codes.txt`: two questionnaires, a version that is not loaded,
//!   duplicates, broken lines, a CSV export and pasted codes, two of them damaged.
//! - `bench/mean40.json` and `bench/responses-100k.jsonl`: the 40-item questionnaire and 100,000
//!   responses to it (about 48 MB), for `cargo xtask bench`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use partnerscope_core::aggregate::{self, Dataset};
use partnerscope_core::plan::{ActionPlan, PlannedAction, Priority};
use partnerscope_core::response::{Answer, Sheet};
use partnerscope_core::{Instrument, builtin, code, csv, insight, synth};

pub const DIR: &str = "target/fixtures";

/// A response to `instrument` answering each scored item so that, after reverse-coding, it
/// counts as `coded(dimension index)`.
fn respond(
    instrument: &Instrument,
    id: &str,
    group: Option<usize>,
    round: &str,
    coded: impl Fn(usize) -> i32,
) -> Result<Sheet> {
    let mut sheet = Sheet::empty(instrument, id, "en");
    sheet.set_group(instrument, group)?;
    sheet.set_round(round)?;
    sheet.set_date(Some("2026-11-20"))?;
    let (min, max) = (instrument.scale_min(), instrument.scale_max());
    for d in 0..instrument.dimensions().len() {
        for i in instrument.dimension_items(d) {
            let item = instrument.item(i);
            if item.kind != partnerscope_core::instrument::ItemKind::Scale {
                continue;
            }
            let x = coded(d).clamp(min, max);
            sheet.set_answer(instrument, i, Some(Answer::Value(if item.reverse { min + max - x } else { x })))?;
        }
    }
    Ok(sheet)
}

fn lines(instrument: &Instrument, sheets: &[Sheet]) -> String {
    sheets.iter().map(|s| s.to_response(instrument).to_json() + "\n").collect()
}

/// The core's report of `text` (JSON lines) for `round` (`""` for responses without one),
/// compared with `previous`, as CSV.
fn expected(instrument: &Instrument, texts: &[&str], round: &str, previous: Option<&str>) -> String {
    let mut data = Dataset::new();
    for text in texts {
        data.add_json_lines(instrument, text);
    }
    let now = data.report(instrument, round);
    let changes =
        previous.map(|p| aggregate::compare(instrument, &data.report(instrument, p), &now)).unwrap_or_default();
    insight::report_csv(instrument, &now, &changes, previous)
}

// Long because it writes every fixture the browser tests read, one after another, each described
// where it is made (the module's list above names them all).
pub fn write() -> Result<()> {
    let dir = Path::new(DIR);
    fs::create_dir_all(dir.join("bench")).with_context(|| format!("cannot create {DIR}"))?;
    let by_id = |id: &str| builtin::by_id(id).with_context(|| format!("no built-in instrument {id}"));
    let health = by_id("health-check")?;
    let power = health.dimensions().iter().position(|d| d.id == "power").context("the health check has Power")?;
    let trust = health.dimensions().iter().position(|d| d.id == "trust").context("the health check has Trust")?;

    // One flagged gap: other partners two points lower on Power only.
    let mut gap = Vec::new();
    for i in 0..8 {
        gap.push(respond(&health, &format!("lead{i}"), Some(0), "", |_| 4 + (i % 2))?);
    }
    for i in 0..10 {
        gap.push(respond(&health, &format!("member{i}"), Some(1), "", |d| {
            if d == power { 2 + (i % 2) } else { 4 + (i % 2) }
        })?);
    }
    let gap_text = lines(&health, &gap);
    fs::write(dir.join("gap.jsonl"), &gap_text)?;
    fs::write(dir.join("gap.expected.csv"), expected(&health, &[&gap_text], "", None))?;

    // A group of four: withheld, and "all respondents" with it.
    let fit = by_id("fit-for-partnering")?;
    let mut small = Vec::new();
    for i in 0..6 {
        small.push(respond(&fit, &format!("staff{i}"), Some(0), "", |d| 3 + ((i + d as i32) % 3))?);
    }
    for i in 0..4 {
        small.push(respond(&fit, &format!("partner{i}"), Some(1), "", |_| 1 + (i % 2))?);
    }
    let small_text = lines(&fit, &small);
    fs::write(dir.join("small.jsonl"), &small_text)?;
    fs::write(dir.join("small.expected.csv"), expected(&fit, &[&small_text], "", None))?;

    // Two rounds and the plan agreed after the first: Trust rises by a point.
    let round = |label: &str, lift: i32| -> Result<Vec<Sheet>> {
        (0..12)
            .map(|i| {
                respond(&health, &format!("{label}-{i}"), Some(i as usize % 2), label, |d| {
                    let base = 3 + (i % 2);
                    if d == trust { base - 1 + lift } else { base }
                })
            })
            .collect()
    };
    let (first, second) = (lines(&health, &round("2025", 0)?), lines(&health, &round("2026", 1)?));
    fs::write(dir.join("round-2025.jsonl"), &first)?;
    fs::write(dir.join("round-2026.jsonl"), &second)?;
    let plan = ActionPlan {
        instrument: health.id().to_owned(),
        version: health.doc().version.clone(),
        agreed_after: "2025".into(),
        review_at: String::new(),
        priorities: vec![
            Priority {
                dimension: "trust".into(),
                actions: vec![PlannedAction {
                    what: "Meet every quarter with all partners present".into(),
                    who: "The convening partner".into(),
                    by: "2026-03-31".into(),
                }],
            },
            Priority { dimension: "power".into(), actions: vec![] },
        ],
    };
    fs::write(dir.join("plan-2025.json"), plan.to_json())?;
    fs::write(dir.join("rounds.expected.csv"), expected(&health, &[&first, &second], "2026", Some("2025")))?;

    // Mixed: two questionnaires, an unknown version, duplicates, broken lines; CSV; codes.
    let demo = builtin::demo();
    let demo_sheets: Vec<Sheet> =
        (0..5).map(|i| respond(&demo, &format!("d{i}"), None, "", |_| 2 + i % 4)).collect::<Result<_>>()?;
    let mut mixed = lines(&demo, &demo_sheets);
    mixed.push_str(&lines(&health, &gap[..6]));
    mixed.push_str(&lines(&demo, &demo_sheets[..2]));
    mixed.push_str(&gap_text.lines().next().unwrap_or_default().replace(&health.doc().version, "0.0.1"));
    mixed.push_str("\n{\"schema\":1,\"id\":\"broken\",\n");
    mixed.push_str("not json at all\n");
    mixed.push_str(&lines(&demo, &[respond(&demo, "bad-answer", None, "", |_| 3)?]).replace(":3", ":9"));
    fs::write(dir.join("mixed.jsonl"), mixed)?;
    let exported: Vec<Sheet> =
        (0..4).map(|i| respond(&demo, &format!("csv{i}"), None, "", |_| 1 + i)).collect::<Result<_>>()?;
    fs::write(dir.join("export.csv"), csv::export(&demo, &exported))?;
    let mut codes = String::new();
    for i in 0..3 {
        writeln!(codes, "{}", code::encode(&demo, &respond(&demo, &format!("code{i}"), None, "", |_| 3 + i)?))?;
    }
    let good = code::encode(&demo, &respond(&demo, "code9", None, "", |_| 5)?);
    writeln!(codes, "{}", &good[..good.len() - 6])?;
    writeln!(codes, "{}", good.replacen('A', "B", 1).replacen('Q', "R", 1))?;
    fs::write(dir.join("codes.txt"), codes)?;

    // The benchmark: 100,000 responses of 40 items.
    let mean40 =
        fs::read_to_string("crates/core/tests/fixtures/mean40.json").context("the 40-item fixture is missing")?;
    let instrument = Instrument::from_json(&mean40).map_err(|p| anyhow::anyhow!("mean40.json is invalid: {}", p[0]))?;
    fs::write(dir.join("bench/mean40.json"), &mean40)?;
    let big = dir.join("bench/responses-100k.jsonl");
    if !big.exists() {
        fs::write(&big, synth::json_lines(&instrument, 100_000, 42))?;
    }
    eprintln!("xtask: fixtures written to {DIR}/");
    Ok(())
}
