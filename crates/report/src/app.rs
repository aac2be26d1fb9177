//! The report's root: loading responses, choosing the questionnaire and rounds, and the report.
//!
//! The import lives outside Yew's state (`Rc<RefCell<Import>>`, mutated as files stream in); a
//! counter in state says when it changed. Reports are derived with `use_memo`, never stored.

use std::cell::RefCell;
use std::rc::Rc;

use partnerscope_core::aggregate::{self, Report};
use partnerscope_core::import::Import;
use partnerscope_core::plan::ActionPlan;
use partnerscope_core::{Instrument, builtin};
use yew::prelude::*;

use crate::i18n::{self, LANGUAGES, fill, strings};
use crate::plan_view::plan_editor;
use crate::platform;
use crate::sections::{View, report_view};

/// How long one slice of reading may run before the page gets a turn, in milliseconds. Well
/// under the 100 ms after which a page feels stuck.
const SLICE_MS: f64 = 25.0;
/// Bytes fed to the import between checks of the clock.
const PIECE: usize = 256 * 1024;

/// Where reading stands: the file's name and how much of all the files is read, 0 to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub name: String,
    pub fraction: f64,
}

/// The storage key of the plan for one questionnaire version.
fn plan_key(instrument: &Instrument) -> String {
    format!("plan:{}:{}", instrument.id(), instrument.doc().version)
}

/// The language to start in: the one chosen last time, else the browser's if the report speaks it.
fn initial_lang() -> String {
    platform::load("lang")
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()).map(|l| l.chars().take(2).collect()))
        .filter(|l| LANGUAGES.iter().any(|(code, _)| code == l))
        .unwrap_or_else(|| "en".to_owned())
}

/// Reads `files` into `import`, questionnaires and plans first (small `.json` files), in slices.
async fn read_files(
    files: Vec<web_sys::File>,
    import: Rc<RefCell<Import>>,
    progress: UseStateHandle<Option<Progress>>,
) {
    let mut files = files;
    // A questionnaire must be loaded before the responses to it: small JSON files go first.
    files.sort_by_key(|f| (!(f.name().ends_with(".json") && f.size() < 1_048_576.0), f.name()));
    let total: f64 = files.iter().map(|f| f.size()).sum::<f64>().max(1.0);
    let mut done = 0.0;
    let mut slice_start = platform::now();
    for file in files {
        let name = file.name();
        import.borrow_mut().begin(&name);
        progress.set(Some(Progress { name: name.clone(), fraction: done / total }));
        let read = platform::read_chunks(&file, async |bytes: &[u8]| {
            for piece in bytes.chunks(PIECE) {
                import.borrow_mut().feed(piece);
                done += piece.len() as f64;
                if platform::now() - slice_start > SLICE_MS {
                    progress.set(Some(Progress { name: name.clone(), fraction: done / total }));
                    platform::pause().await;
                    slice_start = platform::now();
                }
            }
        })
        .await;
        let mut import = import.borrow_mut();
        import.finish();
        if !read {
            import.rejected.push(partnerscope_core::Diagnostic::new(
                name.clone(),
                "the browser could not read this file; check that it is still there and try again",
            ));
            import.rejected_total += 1;
        }
    }
}

#[component]
pub fn App() -> Html {
    let lang = use_state(initial_lang);
    let import = use_mut_ref(|| Import::new(builtin::all_lean()));
    let version = use_state(|| 0u32);
    let progress = use_state(|| None::<Progress>);
    let chosen = use_state(|| None::<usize>);
    let round = use_state(|| None::<String>);
    let compare = use_state(|| None::<Option<String>>);
    let plan = use_state(|| None::<ActionPlan>);
    let plan_saved = use_state(|| true);
    let codes = use_state(String::new);
    let t = strings(&lang);

    // The sets that hold responses, and the chosen one (the largest, until the facilitator chooses).
    // (index, name, responses taken for choosing the largest, the size as the rule lets it be said)
    let sets: Vec<(usize, String, usize, Result<u64, aggregate::Withheld>)> = {
        let import = import.borrow();
        import
            .sets
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.data.is_empty())
            .map(|(k, s)| {
                let i = &import.instruments[s.instrument];
                (
                    k,
                    format!("{} ({})", i.doc().title.get(&lang), i.doc().version),
                    s.data.len(),
                    s.data.sizes(i).total(),
                )
            })
            .collect()
    };
    let current = chosen.or_else(|| sets.iter().max_by_key(|s| s.2).map(|s| s.0));
    let (instrument, rounds): (Option<Rc<Instrument>>, Vec<(String, Result<u64, aggregate::Withheld>)>) = match current
    {
        Some(k) => {
            let import = import.borrow();
            let set = &import.sets[k];
            let instrument = &import.instruments[set.instrument];
            (Some(Rc::new(instrument.clone())), set.data.sizes(instrument).rounds().to_vec())
        }
        None => (None, Vec::new()),
    };
    // Rounds sorted by label, which is how they are usually named ("2025", "2026-spring").
    let mut round_labels: Vec<String> = rounds.iter().map(|(r, _)| r.clone()).collect();
    round_labels.sort();
    let current_round =
        round.as_ref().filter(|r| round_labels.contains(r)).cloned().or_else(|| round_labels.last().cloned());
    // The comparison: chosen, else the plan's round, else the round before the current one.
    let current_compare: Option<String> = match &*compare {
        Some(choice) => choice.clone().filter(|r| round_labels.contains(r) && Some(r) != current_round.as_ref()),
        None => {
            let position = current_round.as_ref().and_then(|r| round_labels.iter().position(|x| x == r));
            plan.as_ref()
                .map(|p| p.round.clone())
                .filter(|r| round_labels.contains(r) && Some(r) != current_round.as_ref())
                .or_else(|| position.and_then(|p| p.checked_sub(1)).map(|p| round_labels[p].clone()))
        }
    };

    // The plan for the chosen questionnaire: one loaded with the files, else the one kept here.
    {
        let plan = plan.clone();
        let import = import.clone();
        let instrument = instrument.clone();
        use_effect_with((instrument.as_ref().map(|i| plan_key(i)), *version), move |_| {
            let found = instrument.as_ref().and_then(|i| {
                let imported = import
                    .borrow()
                    .plans
                    .iter()
                    .find(|p| p.instrument == i.id() && p.version == i.doc().version)
                    .cloned();
                imported.or_else(|| platform::load(&plan_key(i)).and_then(|text| ActionPlan::from_json(&text).ok()))
            });
            plan.set(found);
        });
    }
    // Keep the plan on the device as it is written.
    {
        let plan_saved = plan_saved.clone();
        let instrument = instrument.clone();
        use_effect_with((*plan).clone(), move |plan| {
            if let (Some(plan), Some(instrument)) = (plan, instrument)
                && plan.instrument == instrument.id()
            {
                plan_saved.set(platform::save(&plan_key(&instrument), &plan.to_json()));
            }
        });
    }

    // The reports, derived from the import and the choices, recomputed only when those change.
    let reports = {
        let import = import.clone();
        use_memo(
            (*version, current, current_round.clone(), current_compare.clone()),
            move |(_, current, round, compare)| {
                let import = import.borrow();
                let set = &import.sets[(*current)?];
                let instrument = &import.instruments[set.instrument];
                let now = set.data.report(instrument, round.as_deref().unwrap_or(""));
                let before = compare.as_ref().map(|r| set.data.report(instrument, r));
                let changes = before.as_ref().map(|b| aggregate::compare(instrument, b, &now)).unwrap_or_default();
                Some((now, before, changes))
            },
        )
    };

    let busy = progress.is_some();
    let on_files = {
        let import = import.clone();
        let progress = progress.clone();
        let version = version.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let import = import.clone();
            let progress = progress.clone();
            let version = version.clone();
            wasm_bindgen_futures::spawn_local(async move {
                read_files(files, import, progress.clone()).await;
                progress.set(None);
                version.set(*version + 1);
            });
        })
    };
    let on_input = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_files.emit(file_list(input.files()));
            input.set_value("");
        })
    };
    let on_drop = {
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            on_files.emit(file_list(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag = Callback::from(|e: DragEvent| e.prevent_default());
    let on_codes_input = {
        let codes = codes.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            codes.set(area.value());
        })
    };
    let on_add_codes = {
        let import = import.clone();
        let codes = codes.clone();
        let version = version.clone();
        Callback::from(move |_: MouseEvent| {
            if codes.trim().is_empty() {
                return;
            }
            let pastes = import.borrow().sources.iter().filter(|s| s.name.starts_with("pasted codes")).count();
            import.borrow_mut().paste(&format!("pasted codes {}", pastes + 1), &codes);
            codes.set(String::new());
            version.set(*version + 1);
        })
    };
    let on_clear = {
        let import = import.clone();
        let version = version.clone();
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| {
            *import.borrow_mut() = Import::new(builtin::all_lean());
            chosen.set(None);
            version.set(*version + 1);
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let _ = platform::save("lang", &select.value());
            lang.set(select.value());
        })
    };
    let on_set = {
        let chosen = chosen.clone();
        let round = round.clone();
        let compare = compare.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(select.value().parse().ok());
            round.set(None);
            compare.set(None);
        })
    };
    let on_round = {
        let round = round.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            round.set(Some(select.value()));
        })
    };
    let on_compare = {
        let compare = compare.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            compare.set(Some((!value.is_empty()).then_some(value)));
        })
    };
    let on_plan = {
        let plan = plan.clone();
        Callback::from(move |next: ActionPlan| plan.set(Some(next)))
    };

    let k = instrument.as_ref().map_or(5, |i| i.doc().anonymity_k).to_string();
    let round_name = |r: &str| if r.is_empty() { t.no_round.to_owned() } else { r.to_owned() };
    let summary = loaded_summary(&import.borrow(), t, &lang);

    html! {
        <div class="pr-root" lang={t.code}>
            <header class="pr-top">
                <h1>{ t.title }</h1>
                <div class="pr-lang">
                    <label for="pr-lang">{ t.language }</label>
                    <select id="pr-lang" onchange={on_lang}>
                        { for LANGUAGES.iter().map(|(code, name)| html! {
                            <option value={*code} lang={*code} selected={*code == lang.as_str()}>{ *name }</option>
                        }) }
                    </select>
                </div>
            </header>
            <section class="pr-load pr-noprint" aria-labelledby="pr-load-title">
                <p>{ t.intro }</p>
                <p>{ t.two_files }</p>
                <p class="pr-privacy">{ fill(t.privacy, &[("k", &k)]) }</p>
                <h2 id="pr-load-title">{ t.load_title }</h2>
                <div class={classes!("pr-drop", busy.then_some("pr-busy"))} ondrop={on_drop} ondragover={on_drag.clone()} ondragenter={on_drag}>
                    <p class="pr-drop-title">{ t.drop_here }</p>
                    <label class="pr-button" for="pr-files">{ t.choose_files }</label>
                    <input id="pr-files" class="pr-file-input" type="file" multiple=true disabled={busy}
                        accept=".json,.jsonl,.ndjson,.csv,.txt,application/json,text/csv,text/plain" onchange={on_input} />
                    <p class="pr-formats">{ t.formats }</p>
                </div>
                if let Some(p) = &*progress {
                    <div class="pr-progress" role="status">
                        <label for="pr-progress">{ fill(t.reading, &[("name", &p.name), ("percent", &i18n::number(t, p.fraction * 100.0, 0))]) }</label>
                        <progress id="pr-progress" max="100" value={i18n::number(strings("en"), p.fraction * 100.0, 0)}></progress>
                    </div>
                }
                <div class="pr-paste">
                    <label for="pr-codes">{ t.paste_label }</label>
                    <p id="pr-codes-help" class="pr-help">{ t.paste_help }</p>
                    <textarea id="pr-codes" rows="4" aria-describedby="pr-codes-help" value={(*codes).clone()} oninput={on_codes_input} disabled={busy} />
                    <button type="button" class="pr-button" onclick={on_add_codes} disabled={busy}>{ t.add_codes }</button>
                </div>
                { summary }
                if !import.borrow().sources.is_empty() && !busy {
                    <button type="button" class="pr-link" onclick={on_clear}>{ t.clear }</button>
                }
            </section>
            // Nothing is reported while files are still being read: a report of part of them
            // would be wrong, and recomputing it at every pause would slow the reading.
            if let (Some(instrument), Some(set_index), false) = (instrument.clone(), current, busy) {
                <section class="pr-choose pr-noprint" aria-label={t.choose_set}>
                    if sets.len() > 1 {
                        <div class="pr-field">
                            <label for="pr-set">{ t.choose_set }</label>
                            <select id="pr-set" onchange={on_set}>
                                { for sets.iter().map(|(index, name, _, n)| html! {
                                    <option value={index.to_string()} selected={*index == set_index}>{ match n {
                                        Ok(n) => format!("{name}: {n} {}", t.responses_word),
                                        Err(_) => name.clone(),
                                    } }</option>
                                }) }
                            </select>
                        </div>
                    }
                    <div class="pr-field">
                        <label for="pr-round">{ t.round_label }</label>
                        <select id="pr-round" onchange={on_round}>
                            { for rounds.iter().map(|(r, n)| html! {
                                <option value={r.clone()} selected={Some(r) == current_round.as_ref()}>{ match n {
                                    Ok(n) => format!("{}: {n} {}", round_name(r), t.responses_word),
                                    Err(_) => format!("{}: {}", round_name(r), fill(t.round_withheld, &[("k", &k)])),
                                } }</option>
                            }) }
                        </select>
                    </div>
                    if rounds.len() > 1 {
                        <div class="pr-field">
                            <label for="pr-compare">{ t.compare_label }</label>
                            <select id="pr-compare" onchange={on_compare}>
                                <option value="" selected={current_compare.is_none()}>{ t.compare_none }</option>
                                { for rounds.iter().filter(|(r, _)| Some(r) != current_round.as_ref()).map(|(r, _)| html! {
                                    <option value={r.clone()} selected={Some(r) == current_compare.as_ref()}>{ round_name(r) }</option>
                                }) }
                            </select>
                        </div>
                    }
                </section>
                if let Some((now, before, changes)) = reports.as_ref().as_ref() {
                    { report_view(&View {
                        t,
                        lang: &lang,
                        instrument: &instrument,
                        round: current_round.as_deref().unwrap_or(""),
                        report: now,
                        previous: before.as_ref().map(|b: &Report| (current_compare.as_deref().unwrap_or(""), b)),
                        changes,
                        plan: plan.as_ref(),
                    }) }
                    { plan_editor(t, &lang, &instrument, plan.as_ref(), current_round.as_deref().unwrap_or(""), *plan_saved, &on_plan) }
                }
            }
        </div>
    }
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// What was loaded: responses per questionnaire and version, duplicates, responses for
/// questionnaires not loaded, plans, and every refusal with its place and reason.
fn loaded_summary(import: &Import, t: &i18n::Strings, lang: &str) -> Html {
    if import.sources.is_empty() {
        return html! { <p class="pr-help">{ t.loaded_none }</p> };
    }
    let duplicates = import.duplicates();
    let shown: Vec<_> = import.rejected.iter().take(200).collect();
    let on_problems = {
        let rows: Vec<String> = import
            .rejected
            .iter()
            .map(|d| format!("{},{}", partnerscope_core::csv::cell(&d.path), partnerscope_core::csv::cell(&d.message)))
            .collect();
        Callback::from(move |_: MouseEvent| {
            let text = format!("where,why\r\n{}\r\n", rows.join("\r\n"));
            platform::download("partnerscope-not-loaded.csv", "text/csv", &text);
        })
    };
    html! {
        <div class="pr-summary" aria-live="polite">
            <h3>{ t.loaded_title }</h3>
            <ul>
                { for import.sets.iter().filter(|s| !s.data.is_empty()).map(|s| {
                    let doc = import.instruments[s.instrument].doc();
                    let k = doc.anonymity_k.to_string();
                    let pairs = [("title", doc.title.get(lang)), ("version", doc.version.as_str()), ("k", k.as_str())];
                    html! { <li>{ match s.data.sizes(&import.instruments[s.instrument]).total() {
                        Ok(1) => fill(t.loaded_set_one, &pairs),
                        Ok(n) => fill(t.loaded_set, &[pairs[0], pairs[1], ("n", &n.to_string())]),
                        Err(_) => fill(t.loaded_set_withheld, &pairs),
                    } }</li> }
                }) }
                if duplicates > 0 {
                    <li>{ fill(t.duplicates, &[("n", &duplicates.to_string())]) }</li>
                }
                { for import.unknown.iter().map(|u| html! {
                    <li>{ fill(t.unknown, &[("n", &u.count.to_string()), ("id", &u.instrument), ("version", &u.version)]) }{ " " }{ t.unknown_help }</li>
                }) }
                { for import.plans.iter().map(|p| {
                    let title = import.instruments.iter().find(|i| i.id() == p.instrument).map_or(p.instrument.clone(), |i| i.doc().title.get(lang).to_owned());
                    html! { <li>{ fill(t.plan_loaded, &[("title", &title), ("round", &p.round)]) }</li> }
                }) }
            </ul>
            if import.rejected_total > 0 {
                <details class="pr-rejected" open={import.rejected_total <= 20}>
                    <summary>{ fill(t.rejected_title, &[("n", &import.rejected_total.to_string())]) }</summary>
                    <ul>
                        { for shown.iter().map(|d| html! { <li><strong>{ d.path.clone() }</strong>{ t.colon }{ d.message.clone() }</li> }) }
                    </ul>
                    if import.rejected_total > shown.len() {
                        <p>{ fill(t.rejected_more, &[("n", &(import.rejected_total - shown.len()).to_string())]) }</p>
                    }
                    <button type="button" class="pr-button" onclick={on_problems}>{ t.download_problems }</button>
                </details>
            }
        </div>
    }
}
