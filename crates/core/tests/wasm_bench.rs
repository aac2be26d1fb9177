//! The benchmarks as wasm in headless Chromium: `cargo xtask bench` runs these ignored tests in
//! release mode and prints the figures. They are not timed tests: they assert nothing about time.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use partnerscope_core::aggregate::{Columns, Dataset, aggregate_columns};
use partnerscope_core::score::score;
use partnerscope_core::{Instrument, synth};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Median milliseconds of `runs` runs of `f`.
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now();
            std::hint::black_box(f());
            now() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
fn wasm_benchmarks() {
    let inst = Instrument::from_json(include_str!("fixtures/mean40.json")).unwrap();
    let sheets = synth::sheets(&inst, 100_000, 42);
    let one = median_ms(2001, || score(&inst, &sheets[7]));
    console_log!("BENCH wasm score one response (40 items): {:.4} ms", one);
    let columns = Columns::from_sheets(&inst, &sheets);
    let agg = median_ms(7, || aggregate_columns(&inst, &columns));
    console_log!("BENCH wasm aggregate 100k x 40: {:.1} ms", agg);
    let text = synth::json_lines(&inst, 100_000, 42);
    let parse_and_aggregate = median_ms(3, || {
        let mut data = Dataset::new();
        data.add_json_lines(&inst, &text);
        data.report(&inst, "")
    });
    console_log!(
        "BENCH wasm parse 100k JSON lines ({} MB) + aggregate: {:.1} ms",
        text.len() / 1_000_000,
        parse_and_aggregate
    );
    // The facilitator's report's way: the import in 256 KB pieces through the line reader.
    let import_and_aggregate = median_ms(3, || {
        let mut import = partnerscope_core::import::Import::new(vec![inst.clone()]);
        import.begin("responses.jsonl");
        for piece in text.as_bytes().chunks(256 * 1024) {
            import.feed(piece);
        }
        import.finish();
        import.responses()
    });
    console_log!("BENCH wasm import 100k JSON lines (the report's reader): {:.1} ms", import_and_aggregate);
    // The report's figures from what its import made (the data set's columns of the round).
    let mut import = partnerscope_core::import::Import::new(vec![inst.clone()]);
    import.begin("responses.jsonl");
    import.feed(text.as_bytes());
    import.finish();
    let data = &import.sets[0].data;
    let report_ms = median_ms(3, || data.report(&inst, ""));
    console_log!("BENCH wasm report of the imported 100k (the report's figures): {:.1} ms", report_ms);
    assert_eq!(
        aggregate_columns(&inst, &columns).figures(partnerscope_core::aggregate::Segment::All).map(|f| f.n()),
        Some(100_000)
    );
}
