//! The studio's root: a thin shell around the reducer in `state.rs`. It keeps the draft on the
//! device as it is typed, reads the files the author opens, moves focus where the state says,
//! and builds the outputs when their button is pressed.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use partnerscope_core::builtin;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::checks::{self, Check, Warning};
use crate::dom::{file_bytes, files_of, fit_scroll_padding, focus_id, focus_path};
use crate::editor::{self, Ctx, value_of};
use crate::i18n::{Forms, LANGUAGES, Strings, count, fill, language_name, strings, text_direction};
use crate::model::{Draft, field_id};
use crate::notes::{self, Note};
use crate::outputs;
use crate::place::where_of;
use crate::problems;
use crate::state::{Baseline, ImportSummary, Msg, Notice, State, Why};
use crate::translate;
use crate::translations::translations;

/// Where the draft is kept on this device (one store for every local file: namespaced).
pub const DRAFT_KEY: &str = "partnerscope:v1:studio:draft";
const LANG_KEY: &str = "partnerscope:v1:studio:lang";
const BASELINE_KEY: &str = "partnerscope:v1:studio:baseline";
/// Beside the draft: which first-language text each translation was written for
/// (`Draft::translated_from`), which the instrument JSON never carries. A draft saved before
/// this existed has none, and all its translations count as current.
const TRANSLATED_FROM_KEY: &str = "partnerscope:v1:studio:translated-from";

fn initial_state() -> State {
    // The language chosen last time on this device, else the first of the browser's languages
    // the studio speaks (`pt-BR` finds Portuguese, `ar-EG` Arabic), else English.
    let codes: Vec<&str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
    let lang = partnerscope_web::storage::load(LANG_KEY)
        .ok()
        .flatten()
        .filter(|l| codes.contains(&l.as_str()))
        .unwrap_or_else(|| {
            partnerscope_core::locale::negotiate(&partnerscope_web::languages(), &codes).unwrap_or("en").to_owned()
        });
    let saved = partnerscope_web::storage::load(DRAFT_KEY).ok().flatten();
    let mut state = match saved.as_deref().map(Draft::from_json) {
        Some(Ok((mut draft, _))) => {
            let prints = partnerscope_web::storage::load(TRANSLATED_FROM_KEY).ok().flatten();
            draft.translated_from = prints.as_deref().map(Draft::read_translated_from).unwrap_or_default();
            State::new(draft, lang, Notice::Restored)
        }
        _ => State::new(Draft::blank(&lang), lang, Notice::None),
    };
    state.baseline = partnerscope_web::storage::load(BASELINE_KEY).ok().flatten().and_then(|b| Baseline::from_text(&b));
    state
}

/// Largest file opened, in bytes.
const MAX_OPEN_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// The studio's root. Its `html!` tree is the page read top to bottom (header, nav, the sticky
/// bar, the form's sections in order, the checks beside them) and stays in one piece, so that
/// the page's order is written in one place; what it does is in the named steps below it.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let t = strings(&state.lang);
    let dispatch = state.dispatcher();

    // The draft is saved as it is typed, and the interface language when it changes.
    use_effect_with(state.draft.clone(), |draft| save_draft(draft));
    use_effect_with(state.lang.clone(), |lang| show_language(lang));
    use_effect_with(state.baseline.clone(), |b| save_baseline(b.as_ref()));
    // After every render (a notice shown or gone changes the bar's height), and on resizing.
    use_effect(fit_scroll_padding);
    use_effect_with((), |()| fit_on_resize());
    use_effect_with((state.focus.clone(), state.moves), |(focus, _)| {
        if let Some(id) = focus {
            focus_id(id);
        }
    });

    let checked = use_memo(state.draft.clone(), |draft| check(draft));
    let (problems, warnings, stale) = (&checked.0, &checked.1, &checked.2);
    let problem_at = problems_by_path(problems::words(t.code), problems);
    let cx = Ctx { t, d: &state.draft, dispatch: dispatch.clone(), problems: &problem_at, stale };

    let undo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Msg::Undo))
    };
    let redo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Msg::Redo))
    };
    let onkeydown = undo_keys(&dispatch);
    let on_ui_lang = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| dispatch.dispatch(Msg::Lang(value_of(&e))))
    };

    html! {
        <ContextProvider<outputs::Dispatch> context={outputs::Dispatch(dispatch.clone())}>
        <ContextProvider<outputs::UiLang> context={outputs::UiLang(state.lang.clone())}>
        <div class="studio" lang={state.lang.clone()} dir={text_direction(&state.lang)} {onkeydown}>
            <header class="studio-header">
                <div>
                    <h1>{t.app_title}</h1>
                    <p class="lede">{t.app_intro}</p>
                </div>
                <div class="field">
                    <label for="ui-lang">{t.interface_language}</label>
                    <select id="ui-lang" onchange={on_ui_lang}>
                        { for LANGUAGES.iter().map(|(code, name)| html! { <option value={*code} lang={*code} selected={*code == state.lang}>{*name}</option> }) }
                    </select>
                </div>
            </header>
            <nav class="studio-nav" aria-label={t.sections}>
                <ul>
                    { for [("start", t.start), ("questionnaire", t.questionnaire), ("scale", t.scale), ("groups", t.groups),
                        ("context", t.context), ("areas", t.areas), ("scoring", t.scoring), ("checks", t.checks),
                        ("translations", t.translations), ("preview", t.preview), ("outputs", t.outputs)]
                        .iter().map(|(id, label)| html! { <li><a href={format!("#{id}")}>{*label}</a></li> }) }
                </ul>
            </nav>
            <div class="toolbar" role="region" aria-label={t.editing}>
                <button type="button" onclick={undo} disabled={state.undo.is_empty()} aria-keyshortcuts="Control+Z">{t.undo}</button>
                <button type="button" onclick={redo} disabled={state.redo.is_empty()} aria-keyshortcuts="Control+Shift+Z">{t.redo}</button>
                <p class="saved">{t.saved_here}</p>
                <div class="notice" role="status">{notice(t, &state.notice)}</div>
            </div>
            <div class="layout">
                <main class="editor">
                    {start(t, &state.lang, &dispatch)}
                    {editor::identity(&cx, new_language(t, &dispatch))}
                    {editor::scale(&cx)}
                    {editor::groups(&cx)}
                    {editor::context(&cx)}
                    {editor::areas(&cx)}
                    {editor::scoring(&cx)}
                    {translations(t, &state.draft, stale, &dispatch)}
                    {outputs::preview(t, &state.draft, problems.is_empty())}
                    {outputs::outputs(t, &state, problems.is_empty())}
                </main>
                <aside class="checks" id="checks" aria-labelledby="checks-h">
                    {checks_panel(t, &state.draft, problems, warnings)}
                </aside>
            </div>
        </div>
        </ContextProvider<outputs::UiLang>>
        </ContextProvider<outputs::Dispatch>>
    }
}

/// Keeps the draft on the device, and beside it which text each translation was written for.
fn save_draft(draft: &Draft) {
    let _ = partnerscope_web::storage::save(DRAFT_KEY, &draft.to_json());
    let _ = if draft.translated_from.is_empty() {
        partnerscope_web::storage::remove(TRANSLATED_FROM_KEY)
    } else {
        partnerscope_web::storage::save(TRANSLATED_FROM_KEY, &draft.translated_from_json())
    };
}

/// Keeps the interface language on the device, and gives it to the page.
fn show_language(lang: &str) {
    let _ = partnerscope_web::storage::save(LANG_KEY, lang);
    // The page is the studio's own: its language and direction (the side of the scroll bar)
    // follow the interface's, as the studio's root does.
    // And so does the tab's title.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(strings(lang).page_title);
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", lang);
            let _ = html.set_attribute("dir", text_direction(lang));
        }
    }
}

fn save_baseline(baseline: Option<&Baseline>) {
    let _ = match baseline {
        Some(b) => partnerscope_web::storage::save(BASELINE_KEY, &b.to_text()),
        None => partnerscope_web::storage::remove(BASELINE_KEY),
    };
}

/// Fits the scroll padding to the sticky bar again whenever the window is resized.
fn fit_on_resize() {
    if let Some(window) = web_sys::window() {
        let on_resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(fit_scroll_padding);
        let _ = window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        // The studio is the page: its root lives as long as the page, and so does this.
        on_resize.forget();
    }
}

/// The draft's problems, its checklist's warnings and the paths of the translations that may
/// be out of date.
fn check(draft: &Draft) -> (Vec<Check>, Vec<Check>, BTreeSet<String>) {
    // Inserted one by one: a collected set sorts first, which costs its own sort in the wasm.
    let mut stale = BTreeSet::new();
    for (slot, _, lang) in translate::stale(draft) {
        stale.insert(slot.path(draft, &lang));
    }
    (checks::problems(draft).err().unwrap_or_default(), checks::warnings(draft), stale)
}

/// Each field's first problem, in the interface's words, by its path (for the form's controls).
fn problems_by_path(words: &'static problems::Words, problems: &[Check]) -> BTreeMap<String, Html> {
    let mut problem_at: BTreeMap<String, Html> = BTreeMap::new();
    for p in problems {
        if let Warning::Problem(kind, m) = &p.kind {
            problem_at.entry(p.path.clone()).or_insert_with(|| problems::html(words, kind, m));
        }
    }
    problem_at
}

/// Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) outside text fields, where the browser's own undo works.
fn undo_keys(dispatch: &UseReducerDispatcher<State>) -> Callback<KeyboardEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: KeyboardEvent| {
        let in_text = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                && el.get_attribute("type").as_deref() != Some("checkbox")
        });
        if !(e.ctrl_key() || e.meta_key()) || in_text {
            return;
        }
        match e.key().as_str() {
            "z" if !e.shift_key() => dispatch.dispatch(Msg::Undo),
            "Z" | "y" => dispatch.dispatch(Msg::Redo),
            _ => return,
        }
        e.prevent_default();
    })
}

fn notice(t: &Strings, notice: &Notice) -> Html {
    // The notes of a file opened are worded in the interface language; their values (sheet
    // names, row numbers, headers, ids) come isolated, so each line takes the page's direction.
    let list = |notes: &[Note]| {
        html! { <ul>{ for notes.iter().map(|n| html! { <li>{notes::text(t.code, n)}</li> }) }</ul> }
    };
    match notice {
        Notice::None => Html::default(),
        Notice::Started => html! { <p>{t.started}</p> },
        Notice::Restored => html! { <p>{t.restored}</p> },
        Notice::Undone => html! { <p>{t.undone}</p> },
        Notice::Redone => html! { <p>{t.redone}</p> },
        Notice::Opened(name, notes) => html! { <><p>{fill(t.opened, &[("file", name)])}</p>{list(notes)}</> },
        Notice::OpenFailed(name, why) => {
            let words = problems::words(t.code);
            let why = match why {
                Why::TooBig => words.too_big,
                Why::Unreadable => words.unreadable,
                Why::NotQuestionnaire => words.not_questionnaire,
                // The reader's own reason (a damaged part of a workbook, a JSON mistake) is
                // English: marked so, inside the sentence in the interface's words.
                Why::Said(why) => {
                    let (before, after) = t.open_failed.split_once("{why}").unwrap_or((t.open_failed, ""));
                    // The `<bdi>` isolates the reason: the template's own isolates around it go.
                    let (before, after) = (before.trim_end_matches('\u{2068}'), after.trim_start_matches('\u{2069}'));
                    let file = [("file", name.as_str())];
                    return html! {
                        <p class="bad">{fill(before, &file)}<bdi lang="en">{why.clone()}</bdi>{fill(after, &file)}</p>
                    };
                }
            };
            html! { <p class="bad">{fill(t.open_failed, &[("file", name), ("why", why)])}</p> }
        }
        Notice::Downloaded(name) => html! { <p>{fill(t.downloaded, &[("file", name)])}</p> },
        Notice::Copied => html! { <p>{t.copied}</p> },
        Notice::CopyFailed => html! { <p class="bad">{t.copy_failed}</p> },
        Notice::ImportFailed(why) => html! { <p class="bad">{why.clone()}</p> },
        Notice::Imported(s) => imported(t, s),
    }
}

fn imported(t: &Strings, s: &ImportSummary) -> Html {
    let part = |title: &Forms, items: &[String]| {
        if items.is_empty() {
            return Html::default();
        }
        html! {
            <details open={items.len() <= 12}>
                <summary>{count(t, title, items.len(), &[])}</summary>
                <ul>{ for items.iter().map(|i| html! { <li><bdi>{i.clone()}</bdi></li> }) }</ul>
            </details>
        }
    };
    html! {
        <div class="imported">
            <p>{fill(t.imported, &[("file", &s.file)])}</p>
            {part(&t.imported_changed, &s.changed)}
            {part(&t.imported_unknown, &s.unknown)}
            {part(&t.imported_missing, &s.missing)}
            {part(&t.imported_problems, &s.problems)}
        </div>
    }
}

/// Start: blank (in the interface's language), a copy of a built-in questionnaire, or a file.
fn start(t: &'static Strings, ui_lang: &str, dispatch: &UseReducerDispatcher<State>) -> Html {
    let blank = {
        let dispatch = dispatch.clone();
        let lang = ui_lang.to_owned();
        Callback::from(move |_| {
            dispatch.dispatch(Msg::Baseline(None));
            dispatch.dispatch(Msg::Replace(Box::new(Draft::blank(&lang)), Notice::Started));
        })
    };
    let copy = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            let Some(select) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("builtin-choice"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            if let Some(draft) = Draft::copy_of_builtin(&select.value()) {
                dispatch.dispatch(Msg::Baseline(None));
                dispatch.dispatch(Msg::Replace(Box::new(draft), Notice::Started));
            }
        })
    };
    let open = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let dispatch = dispatch.clone();
            for file in files_of(&e) {
                let dispatch = dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move { open_file(file, dispatch).await });
            }
        })
    };
    html! {
        <section id="start" aria-labelledby="start-h">
            <h2 id="start-h" tabindex="-1">{t.start}</h2>
            <p class="hint">{t.start_hint}</p>
            <div class="start-row">
                <button type="button" onclick={blank}>{t.new_blank}</button>
            </div>
            <div class="start-row">
                <div class="field">
                    <label for="builtin-choice">{t.builtin_label}</label>
                    <select id="builtin-choice">
                        // The real questionnaires, the first chosen; not the demonstration (as
                        // the respondent's picker, `builtin::offered`).
                        { for builtin::offered().enumerate().map(|(n, id)| {
                            let title = builtin::title(id).map(|t| t.get(ui_lang).to_owned()).unwrap_or_else(|| id.to_owned());
                            html! { <option value={id} selected={n == 0}>{title}</option> }
                        }) }
                    </select>
                </div>
                <button type="button" onclick={copy}>{t.copy_builtin}</button>
            </div>
            <div class="start-row">
                <div class="field">
                    <label for="open-file">{t.open_file}</label>
                    <input id="open-file" type="file" accept=".json,.xlsx,application/json" onchange={open} />
                </div>
            </div>
            <p class="hint">{t.open_hint}</p>
        </section>
    }
}

async fn open_file(file: web_sys::File, dispatch: UseReducerDispatcher<State>) {
    let name = file.name();
    if file.size() > MAX_OPEN_BYTES {
        dispatch.dispatch(Msg::Notice(Notice::OpenFailed(name, Why::TooBig)));
        return;
    }
    let Some(bytes) = file_bytes(&file).await else {
        dispatch.dispatch(Msg::Notice(Notice::OpenFailed(name, Why::Unreadable)));
        return;
    };
    let result = if bytes.starts_with(b"PK") {
        crate::xlsform::import(&bytes)
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => Draft::from_json(text.trim_start_matches('\u{feff}')),
            Err(_) => return dispatch.dispatch(Msg::Notice(Notice::OpenFailed(name, Why::NotQuestionnaire))),
        }
    };
    match result {
        Ok((draft, notes)) => {
            dispatch.dispatch(Msg::Baseline(Some(Baseline::of(&draft))));
            dispatch.dispatch(Msg::Replace(Box::new(draft), Notice::Opened(name, notes.into())));
        }
        Err(why) => dispatch.dispatch(Msg::Notice(Notice::OpenFailed(name, Why::Said(why)))),
    }
}

/// "Add a language": a tag field and a button.
fn new_language(t: &'static Strings, dispatch: &UseReducerDispatcher<State>) -> Html {
    let add = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            let Some(input) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("new-language"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let tag = input.value().trim().to_owned();
            if tag.is_empty() {
                return;
            }
            input.set_value("");
            dispatch.dispatch(Msg::Edit {
                key: None,
                edit: Rc::new(move |d: &mut Draft| {
                    if !d.locales.contains(&tag) {
                        d.locales.push(tag.clone());
                    }
                }),
                focus: Some("new-language".into()),
            });
        })
    };
    html! {
        <div class="start-row">
            <div class="field">
                <label for="new-language">{t.add_language_label}</label>
                <input id="new-language" type="text" list="language-tags" autocomplete="off" />
                <datalist id="language-tags">
                    { for LANGUAGES.iter().map(|(l, _)| html! { <option value={*l}>{language_name(l)}</option> }) }
                </datalist>
            </div>
            <button type="button" onclick={add}>{t.add_language}</button>
        </div>
    }
}

/// The checks panel: every problem, then the checklist's warnings, each a link to its field.
fn checks_panel(t: &Strings, d: &Draft, problems: &[Check], warnings: &[Check]) -> Html {
    let entry = |c: &Check| {
        let path = c.path.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if path == "translations" {
                focus_id("translations-h");
            } else {
                focus_path(&path);
            }
        });
        let lang = c.lang.as_deref().map(language_name);
        // The core's problems in the interface's words; a kind the studio does not word stays
        // the core's English, marked so and isolated inside another direction.
        let message = match &c.kind {
            Warning::Problem(kind, m) => problems::html(problems::words(t.code), kind, m),
            kind => html! { {warning_text(t, kind, lang.as_deref())} },
        };
        html! {
            <li><a href={format!("#{}", field_id(&c.path))} {onclick}>
                <span class="check-where">{where_of(t, d, &c.path)}</span>{" "}{message}
            </a></li>
        }
    };
    html! {
        <>
            <h2 id="checks-h">{t.checks}</h2>
            if problems.is_empty() {
                <p class="good">{t.no_problems}</p>
            } else {
                <h3>{count(t, &t.problems_n, problems.len(), &[])}</h3>
                <ul class="problems">{ for problems.iter().map(entry) }</ul>
            }
            if warnings.is_empty() {
                <p>{t.no_warnings}</p>
            } else {
                <h3>{count(t, &t.warnings_n, warnings.len(), &[])}</h3>
                <ul class="warnings">{ for warnings.iter().map(entry) }</ul>
            }
        </>
    }
}

fn warning_text(t: &Strings, w: &Warning, lang: Option<&str>) -> String {
    let lang = lang.unwrap_or("");
    match w {
        Warning::Problem(kind, m) => problems::text(problems::words(t.code), kind).unwrap_or_else(|| m.clone()),
        Warning::TwoIdeas(word) => fill(t.w_two_ideas, &[("word", word), ("lang", lang)]),
        Warning::Long(n) => count(t, &t.w_long, *n, &[("max", &checks::MAX_WORDS.to_string()), ("lang", lang)]),
        Warning::DoubleNegative => fill(t.w_double_negative, &[("lang", lang)]),
        Warning::Unlabelled(n) => count(t, &t.w_unlabelled, *n, &[("lang", lang)]),
        Warning::NoReverse(n) => count(t, &t.w_no_reverse, *n, &[]),
        // The form follows the number of statements: "1 of 1 statement is", "2 of 3 statements are".
        Warning::TooManyReverse(r, n) => count(t, &t.w_many_reverse, *n, &[("r", &r.to_string())]),
        Warning::OneStatement => t.w_one_statement.to_owned(),
        Warning::Missing(n) => count(t, &t.w_missing, *n, &[("lang", lang)]),
        Warning::Stale { source, langs } => {
            // Each name isolated by `language_name`, its tag's brackets following the sentence.
            let names: Vec<String> = langs.iter().map(|l| language_name(l)).collect();
            let comma = t.comma;
            count(t, &t.w_stale, langs.len(), &[("source", &language_name(source)), ("langs", &names.join(comma))])
        }
    }
}
