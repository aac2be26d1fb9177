//! The widget's stylesheet, compiled into the wasm and adopted by the document.
//!
//! A constructed stylesheet (`document.adoptedStyleSheets`) is not subject to a page's
//! `style-src` Content-Security-Policy, and it needs no separate file, so the single offline HTML
//! file and the embedded script carry their styles with them. Every rule is scoped under
//! `.ps-root` so it cannot leak into the host page.

use wasm_bindgen::JsCast;

// Minified by build.rs from www/partnerscope.css.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/partnerscope.css"));

/// Adopts the stylesheet once per document.
pub fn install(document: &web_sys::Document) {
    if document.query_selector("style[data-partnerscope-style]").ok().flatten().is_some() {
        return;
    }
    let adopted = web_sys::CssStyleSheet::new().ok().and_then(|sheet| {
        sheet.replace_sync(CSS).ok()?;
        let sheets = document.adopted_style_sheets();
        sheets.push(&sheet);
        document.set_adopted_style_sheets(&sheets);
        Some(())
    });
    // Browsers without constructable stylesheets get a plain style element.
    if adopted.is_some() {
        return;
    }
    if let Some(style) = document.create_element("style").ok().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = style.set_attribute("data-partnerscope-style", "");
        style.set_text_content(Some(CSS));
        if let Some(head) = document.head() {
            let _ = head.append_child(&style);
        }
    }
}
