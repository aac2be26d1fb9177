//! `cargo xtask dist [--instrument FILE]…` and `cargo xtask size`.
//!
//! Produces in `dist/`:
//! - `embed/partnerscope.js` and `embed/partnerscope.wasm.lzma`: the hosted build. The script
//!   works as a classic script and as a module; it defines `<partnerscope-survey>` and
//!   `Partnerscope.mount`, and fetches the decoder and the packed wasm (one file: the decoder's
//!   length, its wasm, the packed module) next to itself wherever it is served.
//! - `index.html`: a host page loading the hosted build; the `www/` demo pages beside it.
//! - `partnerscope.html`: one self-contained file, script inlined and the wasm stored as LZMA
//!   and base64; it makes no request of any kind.
//! - `partnerscope-<id>.html` for each `--instrument FILE`: a single file with that
//!   questionnaire built in and no other (the widget without `builtins` or `embed`, as the
//!   studio's survey files), after the core has validated it (every problem listed, with its
//!   path; the build fails on an invalid file).
//!
//! Both builds carry the same script: wasm-bindgen's `--target no-modules` glue and
//! `crates/widget/js/loader.js` in one function, with the decoder's wasm (`crates/unlzma`,
//! 10 KB) inline as base64 in the single file and fetched with the module by the hosted build.
//! The wasm travels packed in both (its split form as LZMA): about a quarter smaller than
//! gzip -9 (see docs/benchmarks.md).

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use base64::Engine;

use crate::budget;
use crate::util::{self, cargo_bin, gzip_len, target_dir};

#[path = "studio.rs"]
mod studio;

const STAGE: &str = "target/dist-stage";

/// The single file's own policy: it may run its inline script and compile its wasm, and it may
/// not load or send anything, so "no network" holds by construction, not by care.
const SINGLE_FILE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; \
style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";
/// The hosted demo page. Its own small `<style>` needs `'unsafe-inline'` for styles; the widget
/// itself needs nothing of the kind (see `www/strict-csp.html` for the strict policy).
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

/// The LZMA decoder's JavaScript driver, shared by every loader.
const UNPACK: &str = include_str!("../../unlzma/js/unpack.js");

/// Finds the script's own URL while it first runs: `document.currentScript` for a classic
/// script; a module has none, so the first script URL in an error's stack; failing both, the
/// last `<script src>` naming partnerscope.
const SCRIPT_URL: &str = r#"const SCRIPT_URL = (() => {
  const current = document.currentScript;
  if (current && current.src) return current.src;
  const match = /((?:https?|file):\/\/[^\s)'"]+?\.m?js(?:\?[^\s):'"]*)?)(?::\d+)*(?:[\s)]|$)/m.exec(new Error().stack || '');
  if (match) return match[1];
  const tags = document.querySelectorAll('script[src*="partnerscope"]');
  return tags.length ? tags[tags.length - 1].src : document.baseURI;
})();"#;

/// The code shared by the hosted build and the single file, minified: one function of the
/// decoder's wasm and the packed widget (or `null`), so that it is the same as a classic script
/// or a module and leaves only `Partnerscope` behind. The two are parameters, not constants, so
/// the minifier cannot fold either branch of "packed inline or fetched" away.
/// Measured on 2026-11-23: 72.0 KB raw / 17.0 KB gzip before terser, about half after.
fn minified_code(name: &str, global: &str, glue: &str, loader: &str) -> Result<String> {
    let source = format!(
        "var partnerscopeMain = function (UNLZMA, PACKED) {{\n\"use strict\";\nperformance.mark(\"partnerscope:script-start\");\nif (window.{global}) return;\n{SCRIPT_URL}\n{UNPACK}\n{glue}\n{loader}\n}};"
    );
    let input = format!("{STAGE}/{name}/partnerscope.full.js");
    let output = format!("{STAGE}/{name}/partnerscope.min.js");
    fs::write(&input, source)?;
    util::run(Command::new("node_modules/.bin/terser").args([
        &input,
        "--compress",
        "passes=2,ecma=2020",
        "--mangle",
        "--ecma",
        "2020",
        "--output",
        &output,
    ]))?;
    // A top-level `var` is kept (terser drops an unused bare function expression); its name goes.
    let minified = fs::read_to_string(&output)?;
    match minified.trim_end().trim_end_matches(';').strip_prefix("var partnerscopeMain=") {
        Some(code) if code.len() > glue.len() / 4 => Ok(code.to_owned()),
        _ => bail!("terser's output in {output} is not the expected function; look at it"),
    }
}

/// The whole script: the minified function called with the decoder and the packed widget.
fn script(code: &str, unpacker: &str, packed: Option<&str>) -> String {
    let packed = packed.map_or_else(|| "null".to_owned(), |p| format!("\"{p}\""));
    format!(
        "/*! Partnerscope survey widget. Answers stay on this device unless the page sets an endpoint. */\n\
         ({code})(\"{unpacker}\", {packed});\n"
    )
}

/// One build of the widget: its wasm-bindgen glue and its optimised wasm.
struct Build {
    glue: String,
    wasm: Vec<u8>,
}

/// Builds `package` with `features` into `target/dist-stage/<name>/`. The widget's two builds
/// share one target directory; cargo rebuilds only the widget crate when the features change.
fn build_app(name: &str, package: &str, features: Option<&str>) -> Result<Build> {
    let mut cargo = Command::new("cargo");
    cargo.args(["build", "--release", "--target", "wasm32-unknown-unknown", "--package", package]);
    if let Some(features) = features {
        cargo.arg("--no-default-features");
        if !features.is_empty() {
            cargo.args(["--features", features]);
        }
    }
    util::run(&mut cargo)?;
    let stage = format!("{STAGE}/{name}");
    fs::create_dir_all(&stage)?;
    let raw = target_dir().join(format!("wasm32-unknown-unknown/release/{}.wasm", package.replace('-', "_")));
    util::run(Command::new(cargo_bin().join("wasm-bindgen")).arg(&raw).args([
        "--target",
        "no-modules",
        "--no-typescript",
        "--out-name",
        "partnerscope",
        "--out-dir",
        &stage,
    ]))?;
    let optimised = format!("{stage}/partnerscope_opt.wasm");
    util::run(Command::new("node_modules/.bin/wasm-opt").args(WASM_FEATURES).args([
        "-Oz",
        "--converge",
        "--strip-debug",
        "--strip-producers",
        &format!("{stage}/partnerscope_bg.wasm"),
        "-o",
        &optimised,
    ]))?;
    let glue = fs::read_to_string(format!("{stage}/partnerscope.js"))?;
    if !glue.starts_with("let wasm_bindgen = ") {
        bail!("the wasm-bindgen glue does not define `wasm_bindgen`; the loader must be updated for this wasm-bindgen");
    }
    let (glue, wasm) = short_imports(&glue, &fs::read(&optimised)?)?;
    Ok(Build { glue, wasm })
}

/// The name of the module every wasm-bindgen import comes from, as the glue spells it.
const IMPORT_MODULE: &str = "./partnerscope_bg.js";

/// Gives every import of the wasm a short name (`a`, `b`, … `Z`, `aa`, …), in the module and in
/// the glue alike, and the module a one-letter one. wasm-bindgen names each import after its
/// function plus a 16-digit hash (`__wbg_setAttribute_5f1c…`), spelled once in the wasm and once
/// in the glue: 127 of them in the single file, random digits neither LZMA nor gzip can shrink.
/// Measured on 2026-12-02: the single file's packed wasm 2.1 KB smaller and its script 1.8 KB
/// smaller gzip. Any name the glue does not spell exactly once as a key is an error, not a guess
/// (a wrong name would only show as a `LinkError` in the browser).
// Long because it is one pass over the module's sections: its small readers are nested here
// (LEB128 numbers are read and written as the split form's `partnerscope_unlzma::module` does),
// and the import section is rewritten in the same walk.
fn short_imports(glue: &str, wasm: &[u8]) -> Result<(String, Vec<u8>)> {
    fn leb(bytes: &[u8], at: &mut usize) -> Result<u32> {
        let (len, value) = partnerscope_unlzma::module::read_leb(bytes, *at, 5)
            .map_err(|_| anyhow::anyhow!("the wasm ends inside a number"))?;
        *at += len;
        Ok(value)
    }
    fn put_leb(out: &mut Vec<u8>, value: u32) {
        partnerscope_unlzma::module::put_leb(out, value as usize);
    }
    fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a [u8]> {
        let len = leb(bytes, at)? as usize;
        let name = bytes.get(*at..*at + len).context("the wasm ends inside a name")?;
        *at += len;
        Ok(name)
    }
    fn short(mut index: usize) -> String {
        const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut name = Vec::new();
        loop {
            name.insert(0, LETTERS[index % LETTERS.len()]);
            index /= LETTERS.len();
            if index == 0 {
                return String::from_utf8_lossy(&name).into_owned();
            }
            index -= 1;
        }
    }
    /// `text` with the identifier `from` (not part of a longer one) replaced by `to`, and how
    /// many times.
    fn replace_identifier(text: &str, from: &str, to: &str) -> (String, usize) {
        let is_part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        let (mut out, mut count, mut rest) = (String::with_capacity(text.len()), 0, text);
        while let Some(at) = rest.find(from) {
            let before = rest[..at].chars().last().or_else(|| out.chars().last());
            let after = rest[at + from.len()..].chars().next();
            out.push_str(&rest[..at]);
            if is_part(before) || is_part(after) {
                out.push_str(from);
            } else {
                out.push_str(to);
                count += 1;
            }
            rest = &rest[at + from.len()..];
        }
        out.push_str(rest);
        (out, count)
    }

    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        bail!("not a wasm module");
    }
    let module = "m";
    let (mut glue, count) = replace_identifier(glue, &format!("\"{IMPORT_MODULE}\""), &format!("\"{module}\""));
    if count != 1 {
        bail!("the glue names the import module {IMPORT_MODULE} {count} times, not once; update short_imports");
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)? as usize;
        let payload = wasm.get(at..at + size).context("the wasm ends inside a section")?;
        at += size;
        if id != 2 {
            out.push(id);
            put_leb(&mut out, size as u32);
            out.extend_from_slice(payload);
            continue;
        }
        let mut p = 0;
        let imports = leb(payload, &mut p)?;
        let mut section = Vec::with_capacity(payload.len());
        put_leb(&mut section, imports);
        for index in 0..imports as usize {
            let from = name(payload, &mut p)?;
            if from != IMPORT_MODULE.as_bytes() {
                bail!("an import comes from {}, not {IMPORT_MODULE}", String::from_utf8_lossy(from));
            }
            let field = std::str::from_utf8(name(payload, &mut p)?)?.to_owned();
            let start = p;
            // The import's kind and type, copied as they are: a function (its type's index)
            // is all wasm-bindgen imports.
            match payload.get(p) {
                Some(0) => {
                    p += 1;
                    leb(payload, &mut p)?;
                }
                other => bail!("import {field} is of kind {other:?}, not a function; update short_imports"),
            }
            let new = short(index);
            let (renamed, count) = replace_identifier(&glue, &field, &new);
            if count != 1 {
                bail!("the glue names the import {field} {count} times, not once; update short_imports");
            }
            glue = renamed;
            put_leb(&mut section, module.len() as u32);
            section.extend_from_slice(module.as_bytes());
            put_leb(&mut section, new.len() as u32);
            section.extend_from_slice(new.as_bytes());
            section.extend_from_slice(&payload[start..p]);
        }
        if p != payload.len() {
            bail!("the import section has bytes after its last import");
        }
        out.push(2);
        put_leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    Ok((glue, out))
}

/// Writes `dist/`: the builds, then every file made of them.
// Long because it is the build's one sequence, step by step in the order the files depend on
// each other (each step a call); splitting it would only pass the builds from function to function.
pub fn run(instruments: &[String]) -> Result<()> {
    // Custom instruments are checked first: a mistake in one should not wait for a wasm build.
    let custom = instruments.iter().map(|path| custom_instrument(path)).collect::<Result<Vec<_>>>()?;
    // The offline file carries every questionnaire and no network code (its own policy forbids
    // any request); the hosted embed sends responses and fetches the questionnaire it shows.
    let single_build = build_app("single", "partnerscope-widget", Some("builtins"))?;
    let embed_build = build_app("embed", "partnerscope-widget", Some("embed"))?;
    // A survey file (a questionnaire of its own built in: `--instrument`, and the studio's
    // template for the files it writes) carries neither: only the questionnaire in its page.
    let survey_build = build_app("survey", "partnerscope-widget", Some(""))?;
    // The facilitator's report: its own file, so the respondent's carries none of its code.
    let report_build = build_app("report", "partnerscope-report", None)?;

    // The LZMA decoder, optimised for speed: it runs on every start.
    util::run(Command::new("cargo").args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "partnerscope-unlzma",
    ]))?;
    let unpacker = format!("{STAGE}/unlzma.wasm");
    util::run(Command::new("node_modules/.bin/wasm-opt").args(WASM_FEATURES).args([
        "-O3",
        "--strip-debug",
        "--strip-producers",
        &target_dir().join("wasm32-unknown-unknown/release/partnerscope_unlzma.wasm").to_string_lossy(),
        "-o",
        &unpacker,
    ]))?;

    let loader = fs::read_to_string("crates/widget/js/loader.js").context("crates/widget/js/loader.js is missing")?;
    let template = fs::read_to_string("www/index.html").context("www/index.html is missing")?;
    let base64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let unpacker_wasm = fs::read(&unpacker)?;
    let unpacker = base64(&unpacker_wasm);

    let _ = fs::remove_dir_all("dist");
    fs::create_dir_all("dist/embed/instruments")?;
    let embed_code = minified_code("embed", "Partnerscope", &embed_build.glue, &loader)?;
    // The hosted build fetches its module, and the decoder comes with it: raw in a file the
    // server compresses it costs about 1.6 KB less than as base64 in the script.
    fs::write("dist/embed/partnerscope.js", script(&embed_code, "", None))?;
    let mut fetched = u32::try_from(unpacker_wasm.len())?.to_le_bytes().to_vec();
    fetched.extend_from_slice(&unpacker_wasm);
    fetched.extend(util::pack_module(&embed_build.wasm, None)?);
    fs::write("dist/embed/partnerscope.wasm.lzma", fetched)?;
    for entry in fs::read_dir("crates/core/instruments")?.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = fs::read_to_string(&path)?;
            fs::write(
                Path::new("dist/embed/instruments").join(entry.file_name()),
                partnerscope_core::pack::minify(&text),
            )?;
        }
    }
    let hosted = template
        .replace("{{CSP}}", HOSTED_CSP)
        .replace("{{MOUNT}}", "")
        .replace("{{SCRIPT}}", "<script src=\"embed/partnerscope.js\" defer></script>");
    fs::write("dist/index.html", hosted)?;
    // The demo pages of www/ (and what they load) are served beside the hosted build.
    for entry in fs::read_dir("www")?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("demo-") || name.starts_with("strict-csp") {
            fs::copy(entry.path(), Path::new("dist").join(&name))?;
        }
    }

    // The single file: the script inlined, where a literal `</script` would end it early.
    let offline_loader = without_embed_part(&loader)?;
    let inline = |name: &str, build: &Build| -> Result<String> {
        let code = minified_code(name, "Partnerscope", &build.glue, &offline_loader)?;
        let packed = base64(&util::pack_module(&build.wasm, None)?);
        Ok(script(&code, &unpacker, Some(&packed)).replace("</script", "<\\/script"))
    };
    let page = |inline: &str, mount: &str| {
        template
            .replace("{{CSP}}", SINGLE_FILE_CSP)
            .replace("{{MOUNT}}", mount)
            .replace("{{SCRIPT}}", &format!("<script>\n{inline}</script>"))
    };
    fs::write("dist/partnerscope.html", page(&inline("single", &single_build)?, ""))?;
    let survey_inline = inline("survey", &survey_build)?;
    let survey = |mount: &str| page(&survey_inline, mount);
    studio::write(&survey(studio::SLOT), &survey_build.wasm)?;
    // The facilitator's file, and the same file in the hosted build (it is self-contained).
    let report_loader =
        fs::read_to_string("crates/report/js/loader.js").context("crates/report/js/loader.js is missing")?;
    let report_code = minified_code("report", "PartnerscopeReport", &report_build.glue, &report_loader)?;
    let report_packed = base64(&util::pack_module(&report_build.wasm, None)?);
    let report_script = script(&report_code, &unpacker, Some(&report_packed)).replace("</script", "<\\/script");
    let report_template = fs::read_to_string("www/report.html").context("www/report.html is missing")?;
    let report_page = report_template
        .replace("{{CSP}}", SINGLE_FILE_CSP)
        .replace("{{SCRIPT}}", &format!("<script>\n{report_script}</script>"));
    fs::write("dist/partnerscope-report.html", &report_page)?;
    fs::write("dist/report.html", &report_page)?;
    for (id, json) in &custom {
        let path = format!("dist/partnerscope-{id}.html");
        fs::write(&path, survey(&format!("<script type=\"application/json\">{}</script>", inline_json(json))))?;
        eprintln!("xtask: {path} written, with the questionnaire \"{id}\" built in");
    }
    eprintln!("xtask: dist/ written");
    report(false)
}

/// The loader without its part for pages that embed the widget (the custom element and the
/// `Partnerscope` API), which the single file, a page of its own built without the `embed`
/// feature, does not have.
fn without_embed_part(loader: &str) -> Result<String> {
    let (Some(start), Some(end)) = (loader.find("// embed:start"), loader.find("// embed:end")) else {
        bail!("crates/widget/js/loader.js lacks its `// embed:start` and `// embed:end` markers");
    };
    Ok(format!("{}{}", &loader[..start], &loader[end..]))
}

/// Reads and validates a custom instrument; returns its id and its text.
fn custom_instrument(path: &str) -> Result<(String, String)> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read the instrument file {path}"))?;
    match partnerscope_core::Instrument::from_json(&text) {
        Ok(instrument) => Ok((instrument.id().to_owned(), text)),
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            bail!(
                "{path} is not a valid Partnerscope questionnaire ({} problem{}):\n{}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                list.join("\n")
            )
        }
    }
}

/// Instrument JSON made safe inside a `<script type="application/json">`: every `<` (which
/// can only occur inside a JSON string) becomes `\u003c`, so no `</script>` or `<!--` in an
/// instrument's text can end or confuse the element. The JSON means exactly the same.
fn inline_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

pub fn size() -> Result<()> {
    if !Path::new("dist/partnerscope.html").exists() {
        bail!("dist/ is missing; run `cargo xtask dist` first");
    }
    report(true)
}

fn report(enforce: bool) -> Result<()> {
    println!("{:<44} {:>10} {:>10}", "artefact", "bytes", "gzip -9");
    let mut gz = std::collections::BTreeMap::new();
    for path in [
        "dist/embed/partnerscope.wasm.lzma",
        "dist/embed/partnerscope.js",
        "dist/partnerscope.html",
        "dist/partnerscope-report.html",
    ] {
        let bytes = fs::read(path).with_context(|| format!("{path} is missing"))?;
        let size = gzip_len(&bytes);
        println!("{path:<44} {:>10} {:>10}", bytes.len(), size);
        gz.insert(path, size);
    }
    // The largest questionnaire a hosted page may fetch.
    let mut largest = (String::new(), 0, 0);
    for entry in fs::read_dir("dist/embed/instruments").context("dist/embed/instruments is missing")?.flatten() {
        let bytes = fs::read(entry.path())?;
        let size = gzip_len(&bytes);
        if size > largest.2 {
            largest = (entry.path().to_string_lossy().into_owned(), bytes.len(), size);
        }
    }
    println!("{:<44} {:>10} {:>10}", format!("{} (largest)", largest.0), largest.1, largest.2);
    let embed = gz["dist/embed/partnerscope.wasm.lzma"] + gz["dist/embed/partnerscope.js"] + largest.2;
    let single = gz["dist/partnerscope.html"];
    let report = gz["dist/partnerscope-report.html"];
    println!("{:<44} {:>10} {:>10}", "embed: script + wasm + largest questionnaire", "", embed);
    println!(
        "budgets: single file <= {} bytes gzip; embed <= {} bytes gzip; report <= {} bytes gzip",
        budget::SINGLE_FILE_GZIP,
        budget::EMBED_GZIP,
        budget::REPORT_GZIP
    );
    let studio = studio::report()?;
    // The survey files the studio writes carry only their questionnaire: they are within the
    // single file's budget, with no ceiling above it.
    let written = studio::survey_report(&largest.0)?;
    let files = [
        ("a survey file the studio writes", written, budget::SINGLE_FILE_GZIP, budget::SINGLE_FILE_GZIP),
        ("the studio file", studio, budget::STUDIO_GZIP, budget::STUDIO_GZIP),
        ("the report file", report, budget::REPORT_GZIP, budget::REPORT_CEILING),
        ("the single file", single, budget::SINGLE_FILE_GZIP, budget::SINGLE_FILE_CEILING),
        ("the embed", embed, budget::EMBED_GZIP, budget::EMBED_GZIP),
    ];
    for (name, size, target, ceiling) in files {
        if size <= target {
            continue;
        }
        println!(
            "OVER BUDGET: {name} is {size} bytes gzip, {} over its budget of {target} (ceiling {ceiling})",
            size - target
        );
        if enforce && size > ceiling.max(target) {
            bail!("{name} is {size} bytes gzip, over its budget of {target} and over its ceiling of {ceiling} bytes");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_instrument_is_validated_and_every_problem_named_with_its_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let good = root.join("tests/fixtures/custom-instrument.json");
        let (id, _) = custom_instrument(&good.to_string_lossy()).expect("the fixture is valid");
        assert_eq!(id, "acme-network-pulse");
        let bad = std::env::temp_dir().join(format!("ps-bad-{}.json", std::process::id()));
        let text = fs::read_to_string(&good)
            .unwrap_or_default()
            .replace("\"from\": 3", "\"from\": 9")
            .replace("\"s2\"", "\"s1\"");
        fs::write(&bad, text).expect("temp dir is writable");
        let message =
            format!("{:#}", custom_instrument(&bad.to_string_lossy()).expect_err("the broken copy is refused"));
        let _ = fs::remove_file(&bad);
        assert!(message.contains("scoring.bands[1].from"), "{message}");
        assert!(message.contains("dimensions[0].items[1].id"), "{message}");
        assert!(message.contains("2 problems") || message.contains("3 problems"), "{message}");
        assert!(custom_instrument("/no/such/file.json").is_err());
    }

    #[test]
    fn imports_get_short_names_in_the_wasm_and_the_glue_alike() {
        let section = |id: u8, payload: &[u8]| [&[id, payload.len() as u8][..], payload].concat();
        let import = |field: &str| {
            let module = IMPORT_MODULE.as_bytes();
            [&[module.len() as u8][..], module, &[field.len() as u8], field.as_bytes(), &[0, 0]].concat()
        };
        let long = "__wbg_setAttribute_0123456789abcdef";
        let table = "__wbindgen_init_externref_table";
        let wasm = [
            &b"\0asm\x01\0\0\0"[..],
            &section(1, &[1, 0x60, 0, 0]),
            &section(2, &[&[2][..], &import(long), &import(table)].concat()),
        ]
        .concat();
        let glue = format!(
            "const import0 = {{ {long}: function() {{}}, {table}: function() {{ x.{table}_y(); }} }};\n\
             return {{ \"{IMPORT_MODULE}\": import0 }};"
        );
        let (glue, renamed) = short_imports(&glue, &wasm).expect("a well-formed module and glue");
        assert_eq!(
            glue,
            format!(
                "const import0 = {{ a: function() {{}}, b: function() {{ x.{table}_y(); }} }};\nreturn {{ \"m\": import0 }};"
            )
        );
        let short = |field: &str| [&[1, b'm', field.len() as u8][..], field.as_bytes(), &[0, 0]].concat();
        let expected = [
            &b"\0asm\x01\0\0\0"[..],
            &section(1, &[1, 0x60, 0, 0]),
            &section(2, &[&[2][..], &short("a"), &short("b")].concat()),
        ]
        .concat();
        assert_eq!(renamed, expected);
        // A name the glue does not spell once is an error.
        assert!(short_imports(&format!("return {{ \"{IMPORT_MODULE}\": {{}} }};"), &wasm).is_err());
    }

    #[test]
    fn inline_json_cannot_close_its_script_element_and_still_parses() {
        let json = r#"{"title":{"en":"</script><script>alert(1)</script><!-- x"}}"#;
        let safe = inline_json(json);
        assert!(!safe.contains('<'));
        let back = partnerscope_core::json::parse(&safe).map(|v| format!("{v:?}"));
        let original = partnerscope_core::json::parse(json).map(|v| format!("{v:?}"));
        assert_eq!(back, original);
    }
}
