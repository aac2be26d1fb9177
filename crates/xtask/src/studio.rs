//! The studio's single file, `dist/partnerscope-studio.html` (and `studio.html` in the hosted
//! build, the same self-contained file): the studio app (`crates/studio`), packed like the
//! report, and the respondent's single file as a template for the survey files it writes.
//!
//! A child module of `dist` (declared there with `#[path]`), so it uses the same build steps
//! (`build_app`, `minified_code`, `script`) without widening their visibility; `dist.rs` only
//! calls [`write`] and [`report`].
//!
//! The template is the respondent's file exactly as `dist` writes it, with
//! `crates/studio/src/outputs.rs`'s slot where the questionnaire goes, inside a
//! `<script type="text/plain">`. Its own `</script` are written `<!/script` so none can end that
//! element; the studio reverses this. That reverse is exact only if the template has no
//! `<!/script` of its own, and the element's content is inert only without `<!--` (which could
//! start the parser's "escaped" state): both are checked here and the build fails otherwise.

use std::fs;

use anyhow::{Context, Result, bail};

use super::{SINGLE_FILE_CSP, STAGE, build_app, inline_json, minified_code, script};
use crate::budget;
use crate::util::{self, gzip_len};

/// Where the questionnaire goes in the template (`crates/studio/src/outputs.rs`, `SLOT`).
pub const SLOT: &str = "{{QUESTIONNAIRE}}";

/// The template inside the studio's page: `</script` written `<!/script`.
fn embed_template(survey: &str) -> Result<String> {
    if !survey.contains(SLOT) {
        bail!("the respondent file has no {SLOT} slot for the studio's template");
    }
    if survey.contains("<!/script") || survey.contains("<!--") {
        bail!("the respondent file contains `<!/script` or `<!--`; the studio's template escape would not be exact");
    }
    let lower = survey.to_ascii_lowercase();
    let mut out = String::with_capacity(survey.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find("</script") {
        out.push_str(&survey[at..at + found]);
        out.push_str("<!/script");
        at += found + "</script".len();
    }
    out.push_str(&survey[at..]);
    Ok(out)
}

/// Builds the studio and writes its file. `survey` is the respondent's single file with
/// [`SLOT`] as its mount (its script carries the LZMA decoder), `survey_wasm` the module packed
/// in it.
///
/// The studio's own module is packed with the survey's as the preset dictionary: both carry the
/// core, Yew and the standard library, and the template already holds the survey's module, so
/// the studio's loader unpacks that first and then its own against it (about a fifth of the
/// studio's packed module, measured in docs/benchmarks.md).
pub fn write(survey: &str, survey_wasm: &[u8]) -> Result<()> {
    let build = build_app("studio", "partnerscope-studio", None)?;
    let loader = fs::read_to_string("crates/studio/js/loader.js").context("crates/studio/js/loader.js is missing")?;
    let code = minified_code("studio", "PartnerscopeStudio", &build.glue, &loader)?;
    let packed = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        util::pack_module(&build.wasm, Some(survey_wasm))?,
    );
    // No decoder of its own: the loader takes the template's (`crates/studio/js/loader.js`),
    // which gzip could not fold into this copy, 200 KB away.
    let inline = script(&code, "", Some(&packed)).replace("</script", "<\\/script");
    let page = fs::read_to_string("www/studio.html").context("www/studio.html is missing")?;
    let template = embed_template(survey)?;
    // The template is filled last: nothing in it is read as one of the page's placeholders.
    let page = page
        .replace("{{CSP}}", SINGLE_FILE_CSP)
        .replace("{{SCRIPT}}", &format!("<script>\n{inline}</script>"))
        .replacen("{{SURVEY}}", &template, 1);
    fs::write("dist/partnerscope-studio.html", &page)?;
    fs::write("dist/studio.html", &page)?;
    fs::write(format!("{STAGE}/studio/wasm-bytes.txt"), build.wasm.len().to_string())?;
    fs::write(format!("{STAGE}/studio/survey-template.html"), survey)?;
    eprintln!("xtask: dist/partnerscope-studio.html written ({} bytes, template {} bytes)", page.len(), survey.len());
    Ok(())
}

/// The studio's line in `cargo xtask size`, and its gzip size for the budget check there.
pub fn report() -> Result<u64> {
    let path = "dist/partnerscope-studio.html";
    let bytes = fs::read(path).with_context(|| format!("{path} is missing"))?;
    let size = gzip_len(&bytes);
    println!("{path:<44} {:>10} {:>10}", bytes.len(), size);
    println!("budget: studio <= {} bytes gzip", budget::STUDIO_GZIP);
    Ok(size)
}

/// The largest survey file the studio writes: its template with `questionnaire` (the largest
/// built-in, the path `size` already found) built in, as `outputs.rs` fills it, for the single
/// file's budget.
pub fn survey_report(questionnaire: &str) -> Result<u64> {
    let template_path = format!("{STAGE}/studio/survey-template.html");
    let template = fs::read_to_string(&template_path).with_context(|| format!("{template_path} is missing"))?;
    let json = fs::read_to_string(questionnaire).with_context(|| format!("{questionnaire} is missing"))?;
    let mount = format!("<script type=\"application/json\">{}</script>", inline_json(&json));
    let page = template.replacen(SLOT, &mount, 1);
    let size = gzip_len(page.as_bytes());
    println!("{:<44} {:>10} {:>10}", "a studio survey file (largest built-in)", page.len(), size);
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_cannot_end_its_element_and_comes_back_exactly() {
        let survey = "<html><script>\nlet a = '<\\/script>';</script><div>{{QUESTIONNAIRE}}</div></SCRIPT></html>";
        let embedded = embed_template(survey).expect("fine");
        assert!(!embedded.to_ascii_lowercase().contains("</script"));
        // What the studio does with the element's text (outputs.rs `template`), case aside.
        assert_eq!(embedded.replace("<!/script", "</script"), survey.replace("</SCRIPT", "</script"));
        assert!(embed_template("<!-- x -->{{QUESTIONNAIRE}}").is_err());
        assert!(embed_template("no slot").is_err());
    }
}
