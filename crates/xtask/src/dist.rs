//! `cargo xtask dist` and `cargo xtask size`.
//!
//! Produces:
//! - `dist/embed/partnerscope.js` and `dist/embed/partnerscope_bg.wasm`: the hosted build. The
//!   script is wasm-bindgen's `--target web` glue, which starts itself when loaded as a module.
//! - `dist/index.html`: a host page loading the hosted build.
//! - `dist/partnerscope.html`: one self-contained file, glue inlined and the wasm stored gzip'd
//!   and base64'd, inflated with `DecompressionStream`; it makes no request of any kind.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use base64::Engine;

use crate::budget;
use crate::util::{self, cargo_bin, gzip_len, gzip_smallest, target_dir};

const STAGE: &str = "target/dist-stage";

/// The single file's own policy: it may run its inline script and compile its wasm, and it may
/// not load or send anything, so "no network" holds by construction, not by care.
const SINGLE_FILE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";
const HOSTED_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'";

pub fn run() -> Result<()> {
    util::run(Command::new("cargo").args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "partnerscope-widget",
    ]))?;
    let raw = target_dir().join("wasm32-unknown-unknown/release/partnerscope_widget.wasm");
    fs::create_dir_all(STAGE)?;
    util::run(Command::new(cargo_bin().join("wasm-bindgen")).arg(&raw).args([
        "--target",
        "web",
        "--no-typescript",
        "--out-name",
        "partnerscope",
        "--out-dir",
        STAGE,
    ]))?;
    let bound = format!("{STAGE}/partnerscope_bg.wasm");
    let optimised = format!("{STAGE}/partnerscope_opt.wasm");
    // Enable exactly the features current rustc emits; `--all-features` would let wasm-opt emit
    // encodings that Chromium rejects.
    util::run(Command::new("node_modules/.bin/wasm-opt").args([
        "-Oz",
        "--converge",
        "--strip-debug",
        "--strip-producers",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-reference-types",
        "--enable-multivalue",
        &bound,
        "-o",
        &optimised,
    ]))?;

    let glue = fs::read_to_string(format!("{STAGE}/partnerscope.js"))?;
    let wasm = fs::read(&optimised)?;
    let template = fs::read_to_string("www/index.html").context("www/index.html is missing")?;
    if !glue.contains("function __wbg_init") {
        bail!("the wasm-bindgen glue has no __wbg_init; the loader below must be updated for this wasm-bindgen");
    }

    let _ = fs::remove_dir_all("dist");
    fs::create_dir_all("dist/embed")?;
    let start = "\n__wbg_init().catch((error) => {\n  console.error('Partnerscope could not start', error);\n});\n";
    fs::write("dist/embed/partnerscope.js", format!("{glue}{start}"))?;
    fs::write("dist/embed/partnerscope_bg.wasm", &wasm)?;
    let hosted = template
        .replace("{{CSP}}", HOSTED_CSP)
        .replace("{{SCRIPT}}", "<script type=\"module\" src=\"embed/partnerscope.js\"></script>");
    fs::write("dist/index.html", hosted)?;

    let packed = base64::engine::general_purpose::STANDARD.encode(gzip_smallest(&wasm));
    // The glue is inlined into a module script; a literal `</script` inside would end it early.
    let inline_glue = glue.replace("</script", "<\\/script");
    let loader = format!(
        "<script type=\"module\">\n{inline_glue}\n\
const packed = \"{packed}\";\n\
const failed = (error) => {{\n  console.error('Partnerscope could not start', error);\n  \
const host = document.getElementById('partnerscope');\n  \
if (host) host.textContent = 'The survey could not start in this browser. Please open this file in a current version of Chrome, Edge, Firefox or Safari.';\n}};\n\
try {{\n  const gz = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));\n  \
const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));\n  \
const bytes = await new Response(stream).arrayBuffer();\n  \
await __wbg_init({{ module_or_path: bytes }});\n}} catch (error) {{\n  failed(error);\n}}\n</script>"
    );
    let single = template.replace("{{CSP}}", SINGLE_FILE_CSP).replace("{{SCRIPT}}", &loader);
    fs::write("dist/partnerscope.html", single)?;
    eprintln!("xtask: dist/ written");
    report(false)
}

pub fn size() -> Result<()> {
    if !Path::new("dist/partnerscope.html").exists() {
        bail!("dist/ is missing; run `cargo xtask dist` first");
    }
    report(true)
}

fn report(enforce: bool) -> Result<()> {
    println!("{:<34} {:>10} {:>10}", "artefact", "bytes", "gzip -9");
    let mut single_gz = 0;
    for path in ["dist/embed/partnerscope_bg.wasm", "dist/embed/partnerscope.js", "dist/partnerscope.html"] {
        let bytes = fs::read(path).with_context(|| format!("{path} is missing"))?;
        let gz = gzip_len(&bytes);
        println!("{path:<34} {:>10} {:>10}", bytes.len(), gz);
        if path.ends_with(".html") {
            single_gz = gz;
        }
    }
    println!("budget: single file <= {} bytes gzip", budget::SINGLE_FILE_GZIP);
    if enforce && single_gz > budget::SINGLE_FILE_GZIP {
        bail!("the single file is {single_gz} bytes gzip, over the budget of {} bytes", budget::SINGLE_FILE_GZIP);
    }
    Ok(())
}
