//! Native benchmarks (criterion): `cargo bench -p partnerscope-core`, or `cargo xtask bench`
//! which also runs the same workloads as wasm in headless Chromium.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use criterion::{Criterion, criterion_group, criterion_main};
use partnerscope_core::aggregate::{Columns, Dataset, aggregate_columns};
use partnerscope_core::score::score;
use partnerscope_core::{Instrument, synth};
use std::hint::black_box;

fn mean40() -> Instrument {
    Instrument::from_json(include_str!("../tests/fixtures/mean40.json")).expect("fixture is valid")
}

fn benches(c: &mut Criterion) {
    let inst = mean40();
    let sheets = synth::sheets(&inst, 100_000, 42);
    c.bench_function("score one response (40 items)", |b| b.iter(|| score(&inst, black_box(&sheets[7]))));
    let mut group = c.benchmark_group("100k responses x 40 items");
    group.sample_size(10);
    let columns = Columns::from_sheets(&inst, &sheets);
    group.bench_function("aggregate", |b| b.iter(|| aggregate_columns(&inst, black_box(&columns))));
    group.bench_function("sheets to columns", |b| b.iter(|| Columns::from_sheets(&inst, black_box(&sheets))));
    let text = synth::json_lines(&inst, 100_000, 42);
    group.bench_function("parse JSON lines", |b| {
        b.iter(|| {
            let mut data = Dataset::new();
            data.add_json_lines(&inst, black_box(&text));
            data
        })
    });
    group.bench_function("parse JSON lines + aggregate", |b| {
        b.iter(|| {
            let mut data = Dataset::new();
            data.add_json_lines(&inst, black_box(&text));
            data.report(&inst, "")
        })
    });
    group.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
