//! What the studio hands out: the instrument JSON, the survey file (the respondent's offline
//! file with this questionnaire built in, made here from the template the studio carries), the
//! embed snippet and the XLSForm workbook; and the live preview, which is that same survey file
//! shown in a frame, so the author sees exactly what a respondent will.
//!
//! The template is the respondent's single file as `cargo xtask dist` writes it, with
//! [`SLOT`] where the questionnaire goes, kept in the studio's page in a
//! `<script type="text/plain">` (its `</script` written `<!/script` so it cannot end that
//! element; `crates/xtask/src/studio.rs` checks the template has no `<!/script` or `<!--` of its
//! own, so the reverse is exact).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::i18n::{Strings, fill, language_name};
use crate::model::Draft;
use crate::state::{Baseline, Msg, Notice, State};

/// Where the questionnaire goes in the template (the respondent file's mount point).
pub const SLOT: &str = "{{QUESTIONNAIRE}}";
/// The element holding the template in the studio's page.
pub const TEMPLATE_ID: &str = "partnerscope-survey-template";

thread_local! {
    static TEMPLATE: RefCell<Option<Rc<String>>> = const { RefCell::new(None) };
}

/// The respondent file's template, read once from the page.
pub fn template() -> Option<Rc<String>> {
    TEMPLATE.with(|cell| {
        if cell.borrow().is_none() {
            let text = web_sys::window()?.document()?.get_element_by_id(TEMPLATE_ID)?.text_content()?;
            let text = text.replace("<!/script", "</script");
            if !text.contains(SLOT) {
                return None;
            }
            *cell.borrow_mut() = Some(Rc::new(text));
        }
        cell.borrow().clone()
    })
}

/// Text safe inside an HTML element or attribute.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The survey file: `template` with the questionnaire `json` built in (every `<` written
/// `\u003c`, so no text in it can end or confuse its `<script>`; the JSON means the same), its
/// title as the page's title, and the language to open in when `lang` is given.
pub fn survey_file(template: &str, json: &str, title: &str, lang: Option<&str>) -> String {
    let inline = format!("<script type=\"application/json\">{}</script>", json.trim().replace('<', "\\u003c"));
    let mut page = template.replacen(SLOT, &inline, 1);
    if let (Some(start), Some(end)) = (page.find("<title>"), page.find("</title>"))
        && start < end
        && !title.trim().is_empty()
    {
        page.replace_range(start + 7..end, &escape_html(title.trim()));
    }
    if let Some(lang) = lang.filter(|l| l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
        page = page.replacen(" data-partnerscope>", &format!(" data-partnerscope data-lang=\"{lang}\">"), 1);
    }
    page
}

/// The survey file for the preview frame. A `srcdoc` document has no address of its own, so the
/// respondent file's loader would find no URL to resolve its (unused) asset paths against; a
/// `<script type="text/plain" src=…>` naming partnerscope gives it one. A script of that type is
/// never fetched or run, and the file's own policy forbids every request anyway.
pub fn preview_file(template: &str, json: &str, title: &str, lang: Option<&str>) -> String {
    survey_file(template, json, title, lang).replacen(
        "<body>",
        "<body><script type=\"text/plain\" src=\"https://preview.invalid/partnerscope.js\"></script>",
        1,
    )
}

/// The snippet for an intranet page.
pub fn snippet(id: &str) -> String {
    format!(
        "<script src=\"https://intranet.example.org/partnerscope/embed/partnerscope.js\" defer></script>\n\
         <partnerscope-survey instrument-src=\"https://intranet.example.org/partnerscope/{id}.json\"></partnerscope-survey>"
    )
}

fn title_of(d: &Draft) -> String {
    d.locales.first().and_then(|l| d.title.get(l)).cloned().unwrap_or_default()
}

/// The outputs section.
pub fn outputs(t: &'static Strings, state: &State, valid: bool) -> Html {
    let _ = t;
    html! { <OutputsView draft={state.draft.clone()} baseline={state.baseline.clone()} {valid} lang={state.lang.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct OutputsProps {
    pub draft: Rc<Draft>,
    pub baseline: Option<Baseline>,
    pub valid: bool,
    pub lang: String,
}

/// Context the outputs need to change the state (bump the version, record what was sent).
#[derive(Clone, PartialEq)]
pub struct Dispatch(pub UseReducerDispatcher<State>);

#[component]
pub fn OutputsView(props: &OutputsProps) -> Html {
    let t = crate::i18n::strings(&props.lang);
    let dispatch = use_context::<Dispatch>().map(|d| d.0);
    let d = props.draft.clone();
    let bump = props.baseline.as_ref().and_then(|b| b.needs_new_version(&d));
    let send = |kind: &'static str| send_as(kind, &d, dispatch.clone(), bump.clone());
    let snippet_text = snippet(&d.id);
    let copy = {
        let dispatch = dispatch.clone();
        let text = snippet_text.clone();
        Callback::from(move |_| {
            let dispatch = dispatch.clone();
            partnerscope_web::copy_text(&text, move |ok| {
                if let Some(dispatch) = dispatch {
                    dispatch.dispatch(Msg::Notice(if ok { Notice::Copied } else { Notice::CopyFailed }));
                }
            });
        })
    };
    let version_note = match (&props.baseline, &bump) {
        (Some(b), Some(next)) => {
            html! { <p class="note">{fill(t.version_bump, &[("id", &b.id), ("old", &b.version), ("new", next)])}</p> }
        }
        (Some(b), None) if b.id == d.id && b.version != d.version => {
            html! { <p class="note">{fill(t.version_new, &[("id", &b.id), ("old", &b.version), ("new", &d.version)])}</p> }
        }
        _ => Html::default(),
    };
    let builtin_clash = partnerscope_core::builtin::is_builtin(&d.id);
    let ready = props.valid && !builtin_clash;
    html! {
        <section id="outputs" aria-labelledby="outputs-h">
            <h2 id="outputs-h">{t.outputs}</h2>
            if !props.valid {
                <p class="bad">{t.fix_first}</p>
            }
            if builtin_clash {
                <p class="bad">{fill(t.builtin_id, &[("id", &d.id)])}</p>
            }
            {version_note}
            <div class="output">
                <h3>{t.survey_file}</h3>
                <p class="hint">{t.survey_file_hint}</p>
                <button type="button" class="primary" disabled={!ready} onclick={send("survey")}>{t.download_survey}</button>
            </div>
            <div class="output">
                <h3>{t.instrument_json}</h3>
                <p class="hint">{t.instrument_json_hint}</p>
                <button type="button" disabled={!ready} onclick={send("json")}>{t.download_json}</button>
            </div>
            <div class="output">
                <h3>{t.xlsform}</h3>
                <p class="hint">{t.xlsform_hint}</p>
                <button type="button" disabled={!ready} onclick={send("xlsx")}>{t.download_xlsform}</button>
            </div>
            <div class="output">
                <h3>{t.snippet}</h3>
                <p class="hint">{t.snippet_hint}</p>
                <label for="snippet">{t.snippet_label}</label>
                <textarea id="snippet" dir="ltr" readonly=true rows="3" value={snippet_text} />
                <button type="button" onclick={copy}>{t.copy_snippet}</button>
            </div>
        </section>
    }
}

/// A download button's callback: the questionnaire as `kind` (`json`, `xlsx`, else the survey
/// file), after giving it its new version when it needs one; what was sent becomes the baseline.
fn send_as(
    kind: &'static str,
    d: &Rc<Draft>,
    dispatch: Option<UseReducerDispatcher<State>>,
    bump: Option<String>,
) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| {
        let Some(dispatch) = dispatch.clone() else { return };
        // A changed questionnaire that keeps its id gets a new version first.
        let mut draft = (*d).clone();
        if let Some(next) = &bump {
            draft.version = next.clone();
            let next = next.clone();
            dispatch.dispatch(Msg::Edit {
                key: None,
                edit: Rc::new(move |d: &mut Draft| d.version = next.clone()),
                focus: None,
            });
        }
        let (name, ok) = download(kind, &draft);
        if ok {
            dispatch.dispatch(Msg::Baseline(Some(Baseline::of(&draft))));
            dispatch.dispatch(Msg::Notice(Notice::Downloaded(name)));
        }
    })
}

/// Downloads `draft` as `kind`: the file's name, and whether the browser took it.
fn download(kind: &str, draft: &Draft) -> (String, bool) {
    let json = draft.to_json();
    match kind {
        "json" => {
            let name = format!("{}.json", draft.id);
            let ok = partnerscope_web::download(&name, "application/json", &json);
            (name, ok)
        }
        "xlsx" => {
            let name = format!("{}.xlsx", draft.id);
            let ok = partnerscope_web::download_bytes(
                &name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &crate::xlsform::export(draft),
            );
            (name, ok)
        }
        _ => {
            let name = format!("partnerscope-{}.html", draft.id);
            let ok = match template() {
                Some(template) => partnerscope_web::download(
                    &name,
                    "text/html;charset=utf-8",
                    &survey_file(&template, &json, &title_of(draft), None),
                ),
                None => false,
            };
            (name, ok)
        }
    }
}

/// The live preview: the survey file itself in a frame, at phone or desktop width, in any of
/// the draft's languages. Rebuilt a moment after typing stops.
pub fn preview(t: &'static Strings, d: &Rc<Draft>, valid: bool) -> Html {
    let _ = t;
    html! { <Preview draft={d.clone()} {valid} /> }
}

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub draft: Rc<Draft>,
    pub valid: bool,
}

/// How long after the last change the preview is rebuilt, in milliseconds.
const PREVIEW_DELAY_MS: i32 = 700;

#[component]
pub fn Preview(props: &PreviewProps) -> Html {
    let lang_ctx = use_context::<UiLang>().map_or_else(|| "en".to_owned(), |l| l.0);
    let t = crate::i18n::strings(&lang_ctx);
    let frame = use_node_ref();
    let lang = use_state(|| None::<String>);
    let phone = use_state(|| false);
    let shown = use_state(|| false);
    let timer = use_mut_ref(|| None::<(i32, Closure<dyn FnMut()>)>);
    let d = props.draft.clone();
    // The language chosen, else the interface's when the questionnaire has it, else its first.
    let preview_lang = default_preview_lang((*lang).as_deref(), &lang_ctx, &d.locales);
    {
        let frame = frame.clone();
        let timer = timer.clone();
        let valid = props.valid;
        use_effect_with((d.clone(), preview_lang.clone(), *shown), move |(d, lang, shown)| {
            rebuild_later(&frame, &timer, *shown && valid, d, lang.clone());
        });
    }
    // Shown: the preview is below the fold (at 1280 and at 360 pixels), so it is brought to the
    // top below the sticky bar and focused, which names it ("Preview of the survey"); or the
    // line saying what to fix first when it cannot be shown.
    use_effect_with(*shown, |shown| {
        if *shown {
            reveal_preview();
        }
    });
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| lang.set(Some(crate::editor::value_of(&e))))
    };
    let on_width = {
        let phone = phone.clone();
        Callback::from(move |e: Event| phone.set(crate::editor::value_of(&e) == "phone"))
    };
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    html! {
        <section id="preview" aria-labelledby="preview-h">
            <h2 id="preview-h">{t.preview}</h2>
            <p class="hint">{t.preview_hint}</p>
            <div class="start-row">
                <button type="button" onclick={toggle} aria-expanded={if *shown { "true" } else { "false" }}>
                    {if *shown { t.hide_preview } else { t.show_preview }}
                </button>
                <div class="field">
                    <label for="preview-lang">{t.preview_language}</label>
                    <select id="preview-lang" onchange={on_lang}>
                        { for d.locales.iter().map(|l| html! { <option value={l.clone()} lang={l.clone()} selected={Some(l) == preview_lang.as_ref()}>{language_name(l)}</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="preview-width">{t.preview_width}</label>
                    <select id="preview-width" onchange={on_width}>
                        <option value="desktop" selected={!*phone}>{t.width_desktop}</option>
                        <option value="phone" selected={*phone}>{t.width_phone}</option>
                    </select>
                </div>
            </div>
            if *shown && !props.valid {
                <p class="bad" id="preview-fix-first" tabindex="-1">{t.fix_first}</p>
            }
            if *shown {
                <div ref={frame} id="preview-holder" role="region" aria-label={t.preview_frame} tabindex="-1"
                    class={classes!("preview-holder", phone.then_some("phone"), props.valid.then_some("filled"))} data-title={t.preview_frame} />
            }
        </section>
    }
}

/// The preview's pending rebuild: the timer's handle and the closure it calls.
type Timer = Rc<RefCell<Option<(i32, Closure<dyn FnMut()>)>>>;

/// Cancels the rebuild pending in `timer`, and when `show`, rebuilds the preview of `d` in
/// `lang` inside `frame` [`PREVIEW_DELAY_MS`] from now (so typing does not rebuild it per key).
fn rebuild_later(frame: &NodeRef, timer: &Timer, show: bool, d: &Draft, lang: Option<String>) {
    let window = web_sys::window();
    if let (Some(window), Some((handle, _))) = (&window, timer.borrow_mut().take()) {
        window.clear_timeout_with_handle(handle);
    }
    if show {
        let json = d.to_json();
        let title = title_of(d);
        let frame = frame.clone();
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let (Some(holder), Some(template)) = (frame.cast::<web_sys::Element>(), template()) {
                show_in_frame(&holder, &preview_file(&template, &json, &title, lang.as_deref()));
            }
        });
        if let Some(window) = window
            && let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                PREVIEW_DELAY_MS,
            )
        {
            *timer.borrow_mut() = Some((handle, closure));
        }
    }
}

/// Brings the preview (or the line saying what to fix first) to the top below the sticky bar,
/// and focuses it.
fn reveal_preview() {
    crate::dom::fit_scroll_padding();
    let document = web_sys::window().and_then(|w| w.document());
    let el = ["preview-fix-first", "preview-holder"]
        .iter()
        .find_map(|id| document.as_ref()?.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Start);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The preview's language: `chosen` if the questionnaire still has it, else the interface
/// language `ui` if it has that, else its first.
fn default_preview_lang(chosen: Option<&str>, ui: &str, locales: &[String]) -> Option<String> {
    [chosen, Some(ui)]
        .into_iter()
        .flatten()
        .find(|l| locales.iter().any(|x| x == l))
        .map(str::to_owned)
        .or_else(|| locales.first().cloned())
}

/// Shows `html` in a new frame inside `holder` (replacing the last one). Written into the frame
/// with `document.write`, the page takes the studio's own address, which the respondent file's
/// glue resolves its script against (a `srcdoc` or `blob:` page has none it can use); a new frame
/// each time, because a page written again keeps its window, where the survey has already
/// started once.
fn show_in_frame(holder: &web_sys::Element, html: &str) {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let frame: web_sys::HtmlIFrameElement = document.create_element("iframe").ok()?.dyn_into().ok()?;
        frame.set_class_name("preview-frame");
        frame.set_title(&holder.get_attribute("data-title").unwrap_or_default());
        holder.set_inner_html("");
        holder.append_child(&frame).ok()?;
        let doc = frame.content_document()?;
        let call = |name: &str, arg: Option<&str>| -> Option<()> {
            let f = js_sys::Reflect::get(&doc, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Function>().ok()?;
            match arg {
                Some(a) => f.call1(&doc, &JsValue::from_str(a)).ok()?,
                None => f.call0(&doc).ok()?,
            };
            Some(())
        };
        call("open", None)?;
        call("write", Some(html))?;
        call("close", None)
    };
    let _ = run();
}

/// The interface language, for components below the root.
#[derive(Clone, PartialEq)]
pub struct UiLang(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    /// Found in the Arabic review: an Arabic studio previewed an English-first questionnaire
    /// that has Arabic in English.
    #[test]
    fn the_preview_opens_in_the_interface_language_when_the_questionnaire_has_it() {
        let locales = vec!["en".to_owned(), "ar".to_owned()];
        assert_eq!(default_preview_lang(None, "ar", &locales).as_deref(), Some("ar"));
        assert_eq!(default_preview_lang(None, "pt", &locales).as_deref(), Some("en"));
        assert_eq!(default_preview_lang(Some("en"), "ar", &locales).as_deref(), Some("en"));
        assert_eq!(default_preview_lang(Some("fr"), "ar", &locales).as_deref(), Some("ar"));
        assert_eq!(default_preview_lang(None, "ar", &[]), None);
    }

    #[test]
    fn the_questionnaire_cannot_end_its_script_and_the_title_is_text() {
        let template = "<title>Partnerscope: partnership survey</title><div id=\"partnerscope\" data-partnerscope>{{QUESTIONNAIRE}}<p>";
        let json = r#"{"title":{"en":"</script><script>alert(1)</script><!--"}}"#;
        let page = survey_file(template, json, "<b>x</b>", Some("fr"));
        assert!(!page.contains("</script><script>alert"), "{page}");
        assert!(page.contains("<title>&lt;b&gt;x&lt;/b&gt;</title>"), "{page}");
        assert!(page.contains("data-partnerscope data-lang=\"fr\">"), "{page}");
        assert_eq!(page.matches("</script>").count(), 1);
    }
}
