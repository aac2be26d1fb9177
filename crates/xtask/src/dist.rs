//! `cargo xtask dist` and `cargo xtask size`.
//!
//! Produces:
//! - `dist/embed/partnerscope.js` and `dist/embed/partnerscope_bg.wasm`: the hosted build. The
//!   script is wasm-bindgen's `--target web` glue, which starts itself when loaded as a module.
//! - `dist/index.html`: a host page loading the hosted build.
//! - `dist/partnerscope.html`: one self-contained file, glue inlined and the wasm stored as LZMA
//!   and base64, unpacked by `crates/unlzma` (its own wasm of a few kilobytes, inlined too); it
//!   makes no request of any kind.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use base64::Engine;

use crate::budget;
use crate::util::{self, cargo_bin, gzip_len, target_dir};

const STAGE: &str = "target/dist-stage";

/// The single file's own policy: it may run its inline script and compile its wasm, and it may
/// not load or send anything, so "no network" holds by construction, not by care.
const SINGLE_FILE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";
const HOSTED_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'";

/// Exactly the wasm features current rustc emits; `--all-features` would let wasm-opt emit
/// encodings that Chromium rejects.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The single file's start-up script (after the inlined glue): unpack the widget's wasm with the
/// LZMA decoder's wasm, then start the widget; any failure is shown in the page, not only logged.
fn single_file_start(unpacker: &str, packed: &str) -> String {
    format!(
        r#"const unpacker = "{unpacker}";
const packed = "{packed}";
const bytesOf = (text) => {{
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}};
let damaged = false;
try {{
  const {{ instance }} = await WebAssembly.instantiate(bytesOf(unpacker));
  const {{ memory, unlzma, __heap_base }} = instance.exports;
  const lzma = bytesOf(packed);
  const size = (lzma[5] | (lzma[6] << 8) | (lzma[7] << 16) | (lzma[8] << 24)) >>> 0;
  const input = __heap_base.value;
  const output = input + lzma.length;
  const missing = output + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, input, lzma.length).set(lzma);
  const status = unlzma(input, lzma.length, output, size);
  if (status !== 0) {{
    damaged = true;
    throw new Error(`the embedded survey is damaged (unpacking failed with code ${{status}})`);
  }}
  await __wbg_init({{ module_or_path: new Uint8Array(memory.buffer, output, size) }});
}} catch (error) {{
  console.error('Partnerscope could not start', error);
  const host = document.getElementById('partnerscope');
  // LZMA carries no checksum: damage the decoder misses makes a module the compiler rejects.
  if (host) host.textContent = damaged || error instanceof WebAssembly.CompileError
    ? 'This copy of the survey is damaged and cannot start. Please ask for a new copy of the file.'
    : 'The survey could not start in this browser. Please open this file in a current version of Chrome, Edge, Firefox or Safari.';
}}
"#
    )
}

pub fn run() -> Result<()> {
    util::run(Command::new("cargo").args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "partnerscope-widget",
        "--package",
        "partnerscope-unlzma",
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
    util::run(Command::new("node_modules/.bin/wasm-opt").args(WASM_FEATURES).args([
        "-Oz",
        "--converge",
        "--strip-debug",
        "--strip-producers",
        &bound,
        "-o",
        &optimised,
    ]))?;

    // The LZMA decoder of the single file, optimised for speed: it runs on every start.
    let unpacker = format!("{STAGE}/unlzma.wasm");
    util::run(Command::new("node_modules/.bin/wasm-opt").args(WASM_FEATURES).args([
        "-O3",
        "--strip-debug",
        "--strip-producers",
        &target_dir().join("wasm32-unknown-unknown/release/partnerscope_unlzma.wasm").to_string_lossy(),
        "-o",
        &unpacker,
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

    let base64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let packed = base64(&util::lzma(&wasm)?);
    let unpacker = base64(&fs::read(&unpacker)?);
    // The glue is inlined into a module script; a literal `</script` inside would end it early.
    let inline_glue = glue.replace("</script", "<\\/script");
    let loader = format!("<script type=\"module\">\n{inline_glue}\n{}</script>", single_file_start(&unpacker, &packed));
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
