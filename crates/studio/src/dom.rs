//! What the studio does to the page outside Yew's tree: focus moved to a field (below the
//! sticky bar) and the files chosen in a file input. Below every view (`app.rs`, `outputs.rs`,
//! `translations.rs`), so that none of them needs the one that renders it.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::model::field_id;

/// Sets the page's `--studio-bar` to the height of the sticky bar (undo, redo and the notice),
/// which the stylesheet takes as the page's `scroll-padding-block-start`: a field focused by a
/// check's link, or a section reached from the nav, then lands below the bar instead of under
/// it. Measured, because the notice (an import's summary, say) changes the bar's height and so
/// does the window's width. Chromium's focus scrolling and fragment navigation both keep clear
/// of the scroll padding.
pub fn fit_scroll_padding() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(bar) = document
        .query_selector(".studio .toolbar")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if let Some(root) = document.document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = root.style().set_property("--studio-bar", &format!("{}px", bar.offset_height()));
    }
}

/// Focuses `el` and brings its whole box into view below the sticky bar. Focusing alone is not
/// enough: for a text field Chromium scrolls only its caret into view, so a textarea whose last
/// line shows stays with its top under the bar. `block: nearest` keeps clear of the scroll
/// padding and moves nothing when the box is already in view.
fn focus_and_reveal(el: &web_sys::HtmlElement) {
    let _ = el.focus();
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Moves focus to the control for `path`, or the nearest one above it that exists.
pub fn focus_path(path: &str) {
    fit_scroll_padding();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let mut p = path.to_owned();
    loop {
        if let Some(el) = document.get_element_by_id(&field_id(&p))
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            focus_and_reveal(&el);
            return;
        }
        match p.rfind(['.', '[']) {
            Some(at) => p.truncate(at),
            None => break,
        }
    }
    // No control of its own (a whole list, say): the heading of its section.
    let section = match path.split(['.', '[']).next().unwrap_or("") {
        "scale" => "scale",
        "groups" => "groups",
        "context" => "context",
        "dimensions" => "areas",
        "scoring" | "balance" | "anonymity_k" | "gap_threshold" | "min_answered_share" => "scoring",
        _ => "questionnaire",
    };
    focus_id(&format!("{section}-h"));
}

pub fn focus_id(id: &str) {
    fit_scroll_padding();
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        focus_and_reveal(&el);
    }
}

/// The files chosen in a file input.
pub fn files_of(e: &Event) -> Vec<web_sys::File> {
    let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = partnerscope_web::file_list(input.files());
    input.set_value("");
    files
}

pub async fn file_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}
