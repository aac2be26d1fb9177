//! The widget's stylesheet, compiled into the wasm and adopted by each widget's shadow root.
//!
//! A constructed stylesheet (`adoptedStyleSheets`) is not subject to a page's `style-src`
//! Content-Security-Policy, needs no separate file, and one sheet object serves every widget on
//! the page. Inside a shadow root the page's rules cannot reach the widget's elements; `:host`
//! rules keep the host element itself a block whatever the page's CSS says, and the theme's CSS
//! custom properties (`--partnerscope-accent`, …) are the one thing that crosses on purpose.
//! The few elements that cannot have a shadow root get the sheet on the document instead, where
//! every rule is scoped under `.ps-root`.

use std::cell::RefCell;

// Minified by build.rs from www/partnerscope.css.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/partnerscope.css"));

thread_local! {
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

/// The one constructed sheet, built on first use.
fn sheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(|cell| {
        if cell.borrow().is_none() {
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            *cell.borrow_mut() = Some(sheet);
        }
        cell.borrow().clone()
    })
}

/// Adopts the stylesheet into `shadow`, or into the document when there is no shadow root.
pub fn adopt(shadow: Option<&web_sys::ShadowRoot>, document: &web_sys::Document) {
    let Some(sheet) = sheet() else {
        return;
    };
    let sheets = match shadow {
        Some(shadow) => shadow.adopted_style_sheets(),
        None => document.adopted_style_sheets(),
    };
    if sheets.includes(&sheet, 0) {
        return;
    }
    sheets.push(&sheet);
    match shadow {
        Some(shadow) => shadow.set_adopted_style_sheets(&sheets),
        None => document.set_adopted_style_sheets(&sheets),
    }
}
