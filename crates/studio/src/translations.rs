//! The translations table (the view of `translate.rs`): every text that counts by language,
//! empty ones marked and linked to their field, translations that may be out of date marked
//! with a "still right" button, a count per language; and the translator's CSV out and back.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::dom::{file_bytes, files_of, focus_path};
use crate::editor;
use crate::i18n::{Strings, count, fill, language_name, text_direction};
use crate::model::{Draft, field_id};
use crate::problems;
use crate::state::{ImportSummary, Msg, Notice, State};
use crate::translate::{self, Slot};

/// The translations section: the counts, the CSV's buttons and the table.
pub fn translations(
    t: &'static Strings,
    d: &Rc<Draft>,
    stale: &BTreeSet<String>,
    dispatch: &UseReducerDispatcher<State>,
) -> Html {
    let slots: Vec<Slot> = translate::slots(d).into_iter().filter(|s| translate::counts(d, s)).collect();
    let missing = translate::missing_per_language(d);
    let stale_counts = translate::stale_per_language(d);
    let any_stale = stale_counts.iter().any(|(_, n)| *n > 0);
    let source = translate::source_language(d).map(language_name).unwrap_or_default();
    let export = export_callback(d, dispatch);
    let import = import_callback(t, d, dispatch);
    let rows = slots.iter().map(|slot| row(t, d, stale, dispatch, slot));
    html! {
        <section id="translations" aria-labelledby="translations-h">
            <h2 id="translations-h" tabindex="-1">{t.translations}</h2>
            <p class="hint">{t.translations_hint}</p>
            <ul class="counts">
                { for missing.iter().map(|(lang, n)| html! {
                    <li>{if *n == 0 {
                        fill(t.complete_in, &[("lang", &language_name(lang))])
                    } else {
                        count(t, &t.missing_in, *n, &[("lang", &language_name(lang))])
                    }}</li>
                }) }
                { for stale_counts.iter().filter(|(_, n)| *n > 0).map(|(lang, n)| html! {
                    <li class="stale-count"><span class="stale-sign" aria-hidden="true">{"⚠"}</span>{" "}
                        {count(t, &t.stale_in, *n, &[("lang", &language_name(lang))])}</li>
                }) }
            </ul>
            if any_stale {
                <p class="hint">{fill(t.stale_hint, &[("source", &source)])}</p>
            }
            <div class="start-row">
                <button type="button" onclick={export}>{t.export_csv}</button>
                <div class="field">
                    <label for="import-csv">{t.import_csv}</label>
                    <input id="import-csv" type="file" accept=".csv,text/csv" onchange={import} />
                </div>
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label={t.translations_table}>
                <table class="translations">
                    <thead><tr><th scope="col">{t.key}</th>{ for d.locales.iter().map(|l| html! { <th scope="col">{editor::language_label(l)}</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}

/// "Export the CSV": downloads the translator's CSV and says so.
fn export_callback(d: &Rc<Draft>, dispatch: &UseReducerDispatcher<State>) -> Callback<MouseEvent> {
    let d = d.clone();
    let dispatch = dispatch.clone();
    Callback::from(move |_| {
        let name = format!("{}-translations.csv", d.id);
        if partnerscope_web::download(&name, "text/csv;charset=utf-8", &translate::export_csv(&d)) {
            dispatch.dispatch(Msg::Notice(Notice::Downloaded(name)));
        }
    })
}

/// "Import a CSV": each file chosen is read and imported ([`import_file`]).
fn import_callback(t: &'static Strings, d: &Rc<Draft>, dispatch: &UseReducerDispatcher<State>) -> Callback<Event> {
    let dispatch = dispatch.clone();
    let d = d.clone();
    Callback::from(move |e: Event| {
        for file in files_of(&e) {
            let dispatch = dispatch.clone();
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(import_file(t, file, d, dispatch));
        }
    })
}

/// Reads a translated CSV and imports it as one edit (so undo takes it back whole), with a
/// summary of what it did, or says why it could not.
async fn import_file(t: &'static Strings, file: web_sys::File, d: Rc<Draft>, dispatch: UseReducerDispatcher<State>) {
    let name = file.name();
    let text = file_bytes(&file).await.and_then(|b| String::from_utf8(b).ok());
    let Some(text) = text else {
        let why = fill(problems::words(t.code).not_csv, &[("file", &name)]);
        dispatch.dispatch(Msg::Notice(Notice::ImportFailed(why)));
        return;
    };
    // Tried on a copy first, so the summary describes exactly what the edit does.
    let mut copy = (*d).clone();
    let summary = match translate::import_csv(&mut copy, &text) {
        Ok(r) => {
            let text = Rc::new(text);
            dispatch.dispatch(Msg::Edit {
                key: None,
                edit: Rc::new(move |d: &mut Draft| {
                    let _ = translate::import_csv(d, &text);
                }),
                focus: None,
            });
            Notice::Imported(import_summary(t, name, r))
        }
        Err(why) => Notice::ImportFailed(format!("{name}: {why}")),
    };
    dispatch.dispatch(Msg::Notice(summary));
}

/// What an import did, in the interface's words.
fn import_summary(t: &'static Strings, file: String, r: translate::Imported) -> ImportSummary {
    let mut problems = r.problems;
    let words = problems::words(t.code);
    let added = |l: &String| fill(words.language_added, &[("lang", &language_name(l))]);
    problems.extend(r.added_languages.iter().map(added));
    ImportSummary {
        file,
        changed: r.changed,
        unknown: r.unknown.iter().map(|(key, n)| format!("{key} {}", problems::line(words, *n))).collect(),
        missing: r.missing,
        problems,
    }
}

/// One text's row: its key, then a cell per language.
fn row(
    t: &'static Strings,
    d: &Rc<Draft>,
    stale: &BTreeSet<String>,
    dispatch: &UseReducerDispatcher<State>,
    slot: &Slot,
) -> Html {
    let key = slot.key(d);
    let cells = d.locales.iter().map(|lang| cell(t, d, stale, dispatch, slot, &key, lang));
    html! { <tr><th scope="row"><code>{key.clone()}</code></th>{ for cells }</tr> }
}

/// One text in one language: the text; or, empty, a link to its field (or the standard label
/// a respondent reads); or, when it may be out of date, the text with the mark and "still right".
fn cell(
    t: &'static Strings,
    d: &Draft,
    stale: &BTreeSet<String>,
    dispatch: &UseReducerDispatcher<State>,
    slot: &Slot,
    key: &str,
    lang: &str,
) -> Html {
    let text = slot.get(d, lang);
    let path = slot.path(d, lang);
    let cell_id = format!("cell-{}", field_id(&path));
    let empty = text.trim().is_empty();
    let stale = stale.contains(&path);
    let to_field = {
        let path = path.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            focus_path(&path);
        })
    };
    // A scale point a language leaves to the standard labels: what the respondent reads.
    let standard = match slot {
        Slot::ScaleLabel(p) if empty => translate::standard_label(d, *p, lang),
        _ => None,
    };
    let content = if let Some(label) = standard {
        html! { <>{label}{" "}<span class="standard" lang={t.code}>{"("}{t.standard_label}{")"}</span></> }
    } else if empty {
        html! { <a href="#" onclick={to_field}>{t.missing_mark}</a> }
    } else if stale {
        let keep = {
            let dispatch = dispatch.clone();
            let (key, lang, cell_id) = (key.to_owned(), lang.to_owned(), cell_id.clone());
            Callback::from(move |_: MouseEvent| {
                let (key, lang) = (key.clone(), lang.clone());
                dispatch.dispatch(Msg::Edit {
                    key: None,
                    edit: Rc::new(move |d: &mut Draft| translate::keep(d, &key, &lang)),
                    focus: Some(cell_id.clone()),
                });
            })
        };
        let label = fill(t.keep_label, &[("lang", &language_name(lang)), ("key", key)]);
        // The mark's words are in the interface's language, inside a cell of the text's.
        html! {
            <>
                {text}
                <span class="stale-mark" lang={t.code} dir={text_direction(t.code)}>
                    <span class="stale-sign" aria-hidden="true">{"⚠"}</span>{" "}
                    <a href="#" onclick={to_field}>{t.stale_mark}</a>{" "}
                    <button type="button" class="keep" onclick={keep} aria-label={label}>{t.keep}</button>
                </span>
            </>
        }
    } else {
        html! { {text} }
    };
    html! {
        <td id={cell_id} tabindex="-1" lang={lang.to_owned()} dir={text_direction(lang)}
            class={classes!((empty && standard.is_none()).then_some("missing"), stale.then_some("stale"))}>
            {content}
        </td>
    }
}
