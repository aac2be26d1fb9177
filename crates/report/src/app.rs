//! The report's root: a thin shell around the reducer in `state.rs`. It reads files (in slices,
//! between pauses), keeps plans on the device, and hands the sections what `derive.rs` works
//! out once per change of the data or the selection.
//!
//! The import lives outside Yew's state (`Rc<RefCell<Import>>`, mutated as files stream in);
//! `State::generation` says when it changed.

use std::cell::RefCell;
use std::rc::Rc;

use partnerscope_core::aggregate::{Report, Sizes, Step};
use partnerscope_core::import::Import;
use partnerscope_core::insight;
use partnerscope_core::plan::ActionPlan;
use partnerscope_core::{Instrument, builtin};
use yew::prelude::*;

use crate::comments_view::{CommentsView, comments_csv, comments_section};
use crate::derive::{Derived, derive_from};
use crate::i18n::{self, LANGUAGES, Strings, fill, plural, strings};
use crate::meeting::{MeetingView, meeting_view};
use crate::plan_view::{PlanView, plan_editor};
use crate::platform;
use crate::sections::{View, report_view};
use crate::state::{Announced, Msg, Progress, Selection, SetInfo, State, ordered, select, update};

/// How long one slice of reading may run before the page gets a turn, in milliseconds. Well
/// under the 100 ms after which a page feels stuck.
const SLICE_MS: f64 = 25.0;
/// Bytes fed to the import between checks of the clock.
const PIECE: usize = 256 * 1024;

/// The bytes fed to the import at a time: [`PIECE`], or what the page sets on the report's
/// element as `data-piece-bytes`. The browser tests set a few bytes, so that a small file is
/// cut at many places and crosses every kind of boundary; nothing else sets it.
fn piece_bytes() -> usize {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("partnerscope-report"))
        .and_then(|e| e.get_attribute("data-piece-bytes"))
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(PIECE)
}

/// The storage key of the plan agreed after `round` for one questionnaire version.
fn plan_key(instrument: &Instrument, round: &str) -> String {
    format!("plan:{}:{}:{round}", instrument.id(), instrument.doc().version)
}

/// The language to start in: the link's (`#lang=ar`), else the one chosen last time, else the
/// first of the browser's languages the report speaks (`pt-PT` finds `pt`), else English. A
/// link's language the report does not ship is kept as it is: a questionnaire loaded later may
/// carry the report's words for it (until then the report reads in English).
fn initial_lang() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let linked = hash.trim_start_matches('#').split('&').find_map(|p| p.strip_prefix("lang=")).map(str::to_owned);
    if let Some(tag) =
        linked.as_deref().filter(|tag| !i18n::ships(tag) && partnerscope_core::locale::valid_locale_tag(tag))
    {
        return tag.to_owned();
    }
    let codes: Vec<&str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
    let mut wanted: Vec<String> = linked.into_iter().chain(platform::load("lang")).collect();
    wanted.extend(platform::languages());
    partnerscope_core::locale::negotiate(&wanted, &codes).unwrap_or("en").to_owned()
}

/// Reads `files` into `import`, questionnaires and plans first (small `.json` files), each as it
/// streams from disk, in slices between pauses; then sets the `partnerscope:imported` mark (its
/// detail: bytes and responses), which the benchmark reads to time the import apart from the
/// drawing of the report.
async fn read_files(files: Vec<web_sys::File>, import: Rc<RefCell<Import>>, dispatch: UseReducerDispatcher<State>) {
    let mut files = files;
    // A questionnaire must be loaded before the responses to it: small JSON files go first.
    partnerscope_core::order::sort_by_key(&mut files, |f| {
        (!(f.name().ends_with(".json") && f.size() < 1_048_576.0), f.name())
    });
    platform::mark("partnerscope:import-start", &[]);
    let piece = piece_bytes();
    let total: f64 = files.iter().map(|f| f.size()).sum::<f64>().max(1.0);
    let mut done = 0.0;
    let mut slice_start = platform::now();
    for file in files {
        let name = file.name();
        import.borrow_mut().begin(&name);
        dispatch.dispatch(Msg::Reading(Progress { name: name.clone(), fraction: done / total }));
        let read = platform::read_chunks(&file, async |bytes: &[u8]| {
            for part in bytes.chunks(piece) {
                import.borrow_mut().feed(part);
                done += part.len() as f64;
                if platform::now() - slice_start > SLICE_MS {
                    dispatch.dispatch(Msg::Reading(Progress { name: name.clone(), fraction: done / total }));
                    platform::pause().await;
                    slice_start = platform::now();
                }
            }
        })
        .await;
        if read {
            import.borrow_mut().finish();
        } else {
            import
                .borrow_mut()
                .refuse_current("the browser could not read this file; check that it is still there and try again");
        }
    }
    let responses = import.borrow().responses() as f64;
    platform::mark("partnerscope:imported", &[("bytes", done), ("responses", responses)]);
}

/// What the live region says about reading (see [`Announced`]).
fn announcement(t: &Strings, announced: &Announced) -> String {
    match announced {
        Announced::Nothing => String::new(),
        Announced::Reading { name, percent } => {
            fill(t.reading, &[("name", name), ("percent", &i18n::number(t, f64::from(*percent), 0))])
        }
        Announced::Read(names) => fill(t.read_done, &[("names", &names.join(t.comma))]),
    }
}

/// The questionnaires with responses, as the selection needs them.
fn set_infos(import: &Import) -> Vec<SetInfo> {
    import
        .sets
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.data.is_empty())
        .map(|(index, s)| SetInfo { index, responses: s.data.len(), rounds: s.data.rounds() })
        .collect()
}

/// What the reports depend on: the data's generation and the selection. Nothing is selected
/// while files are read: the report is not shown then, and figures of the part read so far
/// would be worked out for nothing.
type ReportsKey = (u32, Option<Selection>);

/// The reports of the round on screen and of the round compared with.
type Reports = Rc<(Report, Option<Report>)>;

fn reports_key(state: &State, selection: Option<Selection>) -> ReportsKey {
    (state.generation, selection.filter(|_| state.progress.is_none()))
}

/// The reports for `key` from `import`, when something is selected.
fn reports(import: &Import, (_, selection): &ReportsKey) -> Option<Reports> {
    let selection = selection.as_ref()?;
    let set = import.sets.get(selection.set)?;
    let instrument = import.instruments.get(set.instrument)?;
    let report = set.data.report(instrument, &selection.round);
    let previous = selection.previous.as_ref().map(|r| set.data.report(instrument, r));
    Some(Rc::new((report, previous)))
}

/// Rows looked at (of any round) per step of [`reports_in_steps`]: with 100,000 responses of 40
/// statements, a dozen steps of some 10 ms each in Chromium.
const REPORT_STEP: usize = 8192;

/// [`reports`] worked out a step at a time with a pause between steps, so that the page stays
/// responsive and no task is long (in one call the reports of 100,000 responses held the page
/// for a quarter of a second: V8 runs a long wasm call in its first tier throughout, while
/// repeated calls get the optimised code). `None` when nothing is selected or the responses
/// changed while either report was worked out, or as soon as `wanted` says they are not wanted
/// any more: the render works out the reports of whatever is on screen then.
async fn reports_in_steps(
    import: &RefCell<Import>,
    (_, selection): &ReportsKey,
    wanted: impl Fn() -> bool,
) -> Option<Reports> {
    let selection = selection.as_ref()?;
    let rows = |import: &Import| import.sets.get(selection.set).map(|set| set.data.len());
    let before = rows(&import.borrow());
    let mut reports = Vec::new();
    for round in std::iter::once(&selection.round).chain(selection.previous.as_ref()) {
        let mut aggregation = {
            let import = import.borrow();
            let set = import.sets.get(selection.set)?;
            set.data.aggregation(import.instruments.get(set.instrument)?, round)
        };
        loop {
            let step = {
                let import = import.borrow();
                let set = import.sets.get(selection.set)?;
                set.data.step(import.instruments.get(set.instrument)?, &mut aggregation, REPORT_STEP)
            };
            match step {
                Step::Working => platform::pause().await,
                Step::Done(report) => break reports.push(report),
                Step::Stale => return None,
            }
            // Given up as soon as another choice is made: its own steps are under way.
            if !wanted() {
                return None;
            }
        }
        platform::pause().await;
    }
    // Each round's steps give up if the data changes under them; this catches a change between
    // the two rounds.
    if rows(&import.borrow()) != before {
        return None;
    }
    let mut reports = reports.into_iter();
    let (report, previous) = (reports.next()?, reports.next());
    Some(Rc::new((report, previous)))
}

/// Whether `selection`'s data set is large enough for its reports to be worked out in steps
/// away from the render (more than one step of rows); smaller ones take a few milliseconds.
fn large(import: &Import, selection: &Selection) -> bool {
    import.sets.get(selection.set).is_some_and(|set| set.data.len() > REPORT_STEP)
}

/// Everything shown for `selection` from its `reports`, the plans and the comments' seed: worked
/// out again when a plan is edited, which leaves the reports as they are.
fn figures(
    import: &Import,
    selection: &Selection,
    reports: &Reports,
    plans: &[ActionPlan],
    seed: u64,
) -> Option<Rc<Derived>> {
    let set = import.sets.get(selection.set)?;
    let instrument = import.instruments.get(set.instrument)?;
    let (report, previous) = (reports.0.clone(), reports.1.clone());
    Some(Rc::new(derive_from(instrument, &set.data, selection, plans, seed, report, previous)))
}

// Long because a Yew function component is one body: its hooks must be called in the same order
// on every render, so state, effects and callbacks stand here together; what they decide is in
// `state.rs` and `derive.rs`, and the sections render.
#[component]
pub fn App() -> Html {
    // The comments' order is drawn afresh each time the report is opened.
    let state = use_reducer(|| {
        State::seeded(
            initial_lang(),
            u64::from(partnerscope_web::random_u32()) << 32 | u64::from(partnerscope_web::random_u32()),
        )
    });
    let import = use_mut_ref(|| Import::new(builtin::all_lean()));
    let dispatch = state.dispatcher();

    let sets = set_infos(&import.borrow());
    let selection = select(&sets, &state);
    let instrument: Option<Rc<Instrument>> = selection
        .as_ref()
        .map(|s| Rc::new(import.borrow().instruments[import.borrow().sets[s.set].instrument].clone()));
    // The report's words: the questionnaire's own where it carries them for this language.
    let t = instrument.as_ref().map_or_else(|| strings(&state.lang), |i| i18n::text_for(i, &state.lang));
    let languages = i18n::languages(import.borrow().instruments.iter());

    // The plans known for the chosen questionnaire: those kept on this device (one per round it
    // was agreed after) and then those loaded with the files, which win.
    {
        let import = import.clone();
        let dispatch = dispatch.clone();
        let instrument = instrument.clone();
        let rounds = selection
            .as_ref()
            .map(|s| sets.iter().find(|x| x.index == s.set).map(|x| x.rounds.clone()).unwrap_or_default());
        use_effect_with(
            (instrument.as_ref().map(|i| (i.id().to_owned(), i.doc().version.clone())), rounds, state.generation),
            move |(key, rounds, _)| {
                if let (Some(instrument), Some(rounds), Some(_)) = (instrument, rounds, key) {
                    let mut plans: Vec<ActionPlan> = rounds
                        .iter()
                        .filter_map(|r| platform::load(&plan_key(&instrument, r)))
                        .filter_map(|text| ActionPlan::from_json(&text).ok())
                        .filter(|p| p.check(&instrument).is_empty())
                        .collect();
                    plans.extend(
                        import
                            .borrow()
                            .plans
                            .iter()
                            .filter(|p| p.instrument == instrument.id() && p.version == instrument.doc().version)
                            .cloned(),
                    );
                    dispatch.dispatch(Msg::PlansKnown(plans));
                }
            },
        );
    }

    // What the facilitator did with the comments (hidden, themes), kept on the device per
    // questionnaire version: loaded when the questionnaire changes, saved when it changes.
    {
        let dispatch = dispatch.clone();
        let instrument = instrument.clone();
        use_effect_with(instrument.as_ref().map(|i| (i.id().to_owned(), i.doc().version.clone())), move |key| {
            if let Some((id, version)) = key {
                let (hidden, themes, own) = platform::load(&format!("comments:{id}:{version}"))
                    .map(|text| crate::comments_view::read_kept(&text))
                    .unwrap_or_default();
                dispatch.dispatch(Msg::CommentsKnown(hidden, themes, own));
            }
            drop(instrument);
        });
    }
    {
        let key = instrument.as_ref().map(|i| format!("comments:{}:{}", i.id(), i.doc().version));
        use_effect_with(
            (key, state.hidden.clone(), state.themes.clone(), state.own_themes.clone()),
            move |(key, hidden, themes, own)| {
                if let Some(key) = key
                    && (!hidden.is_empty() || !themes.is_empty() || !own.is_empty() || platform::load(key).is_some())
                {
                    let _ = platform::save(key, &crate::comments_view::write_kept(hidden, themes, own));
                }
            },
        );
    }
    // The meeting view takes focus when it opens, so its keys work at once.
    use_effect_with(state.meeting.is_some(), |open| {
        if *open
            && let Some(el) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("pr-meeting"))
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });

    // Everything shown, once per change of the data, the selection or the plans. The reports
    // in it, once per change of the data or the selection: `kept` holds the last ones with
    // their key (a plan edited leaves them alone; the import puts there the ones it worked out
    // ahead, keyed exactly as they will be asked for), else they are worked out here, or, for a
    // data set of more than one step, in steps away from the render (`wanted` is the key they
    // are being worked out for; `Msg::Worked` brings the render back when they are ready).
    // Nothing selected (files being read, or cleared) lets them go.
    let kept = use_mut_ref(|| None::<(ReportsKey, Reports)>);
    let wanted = use_mut_ref(|| None::<ReportsKey>);
    let key = reports_key(&state, selection.clone());
    let derived: Rc<Option<Rc<Derived>>> = {
        let (import, kept, wanted, dispatch) = (import.clone(), kept.clone(), wanted.clone(), dispatch.clone());
        use_memo((key.clone(), state.plans.clone(), state.seed, state.worked), move |(key, plans, seed, _)| {
            let Some(selection) = key.1.as_ref() else {
                (*kept.borrow_mut(), *wanted.borrow_mut()) = (None, None);
                return None;
            };
            let known = kept.borrow().as_ref().filter(|(at, _)| at == key).map(|(_, r)| r.clone());
            let reports = match known {
                Some(reports) => reports,
                None if large(&import.borrow(), selection) => {
                    if wanted.borrow().as_ref() != Some(key) {
                        *wanted.borrow_mut() = Some(key.clone());
                        let key = key.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let still = || wanted.borrow().as_ref() == Some(&key);
                            let reports = reports_in_steps(&import, &key, still).await;
                            // Kept only if still wanted (another choice made meanwhile has its
                            // own) and not kept already (by another task for the same choice).
                            let fresh = kept.borrow().as_ref().is_none_or(|(at, _)| *at != key);
                            if let Some(reports) = reports.filter(|_| still() && fresh) {
                                *kept.borrow_mut() = Some((key, reports));
                                dispatch.dispatch(Msg::Worked);
                            }
                        });
                    }
                    return None;
                }
                None => reports(&import.borrow(), key)?,
            };
            // Served: reports still being worked out for another choice are not wanted now.
            *wanted.borrow_mut() = Some(key.clone());
            *kept.borrow_mut() = Some((key.clone(), reports.clone()));
            figures(&import.borrow(), selection, &reports, plans, *seed)
        })
    };
    // The reports of the selection are being worked out in steps: the pickers stay (so that the
    // one just used keeps the focus), the report waits.
    let working = derived.is_none() && key.1.is_some() && wanted.borrow().as_ref() == Some(&key);

    let busy = state.progress.is_some();
    // Whether files are being read or their reports worked out: files dropped meanwhile are not
    // taken (the file input is disabled then too), so that one import runs at a time and its
    // reports are of the data it read.
    let importing = use_mut_ref(|| false);
    let on_files = {
        let import = import.clone();
        let dispatch = dispatch.clone();
        let (state, kept, importing) = (state.clone(), kept.clone(), importing.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() || *importing.borrow() {
                return;
            }
            *importing.borrow_mut() = true;
            let import = import.clone();
            let dispatch = dispatch.clone();
            let (state, kept, importing) = (state.clone(), kept.clone(), importing.clone());
            wasm_bindgen_futures::spawn_local(async move {
                read_files(files, import.clone(), dispatch.clone()).await;
                // The reports in steps of their own, between the import's end and the drawing
                // of the report, for the state the import's end makes (the reducer's own step
                // from the state now: `state` reads the current one), so that the page gets a
                // turn between them. Anything chosen meanwhile makes another key, worked out in
                // the render as before.
                platform::pause().await;
                if let Some(next) = update(&state, Msg::Imported) {
                    let key = reports_key(&next, select(&set_infos(&import.borrow()), &next));
                    if let Some(reports) = reports_in_steps(&import, &key, || true).await {
                        *kept.borrow_mut() = Some((key, reports));
                    }
                }
                platform::pause().await;
                dispatch.dispatch(Msg::Imported);
                *importing.borrow_mut() = false;
            });
        })
    };
    let on_input = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_files.emit(partnerscope_web::file_list(input.files()));
            input.set_value("");
        })
    };
    let on_drop = {
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            on_files.emit(partnerscope_web::file_list(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag = Callback::from(|e: DragEvent| e.prevent_default());
    let on_codes_input = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Msg::Codes(area.value()));
        })
    };
    let on_add_codes = {
        let import = import.clone();
        let dispatch = dispatch.clone();
        let codes = state.codes.clone();
        Callback::from(move |_: MouseEvent| {
            if codes.trim().is_empty() {
                return;
            }
            let pastes = import.borrow().sources.iter().filter(|s| s.name.starts_with("pasted codes")).count();
            import.borrow_mut().paste(&format!("pasted codes {}", pastes + 1), &codes);
            dispatch.dispatch(Msg::CodesTaken);
        })
    };
    let on_clear = {
        let import = import.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            *import.borrow_mut() = Import::new(builtin::all_lean());
            dispatch.dispatch(Msg::Cleared);
        })
    };
    let on_lang = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let _ = platform::save("lang", &select.value());
            dispatch.dispatch(Msg::Language(select.value()));
        })
    };
    let on_set = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(set) = select.value().parse() {
                dispatch.dispatch(Msg::ChooseSet(set));
            }
        })
    };
    let on_round = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dispatch.dispatch(Msg::ChooseRound(select.value()));
        })
    };
    let on_compare = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            dispatch.dispatch(Msg::ChooseCompare((!value.is_empty()).then_some(value)));
        })
    };
    let on_plan = {
        let dispatch = dispatch.clone();
        let instrument = instrument.clone();
        Callback::from(move |plan: ActionPlan| {
            // Kept on the device as it is written, under the round it is agreed after.
            let kept =
                instrument.as_ref().is_some_and(|i| platform::save(&plan_key(i, &plan.agreed_after), &plan.to_json()));
            dispatch.dispatch(Msg::PlanEdited(plan));
            dispatch.dispatch(Msg::PlanKept(kept));
        })
    };

    let default_k =
        instrument.as_ref().map_or(partnerscope_core::instrument::DEFAULT_ANONYMITY_K, |i| i.doc().anonymity_k);
    let summary = loaded_summary(&import.borrow(), t);

    html! {
        <div class="pr-root" lang={t.code} dir={partnerscope_core::locale::direction(t.code)}>
            <header class="pr-top">
                <h1>{ t.title }</h1>
                <div class="pr-lang pr-noprint">
                    <label for="pr-lang">{ t.language }</label>
                    <select id="pr-lang" onchange={on_lang}>
                        { for languages.iter().map(|(code, name)| html! {
                            <option value={code.clone()} lang={code.clone()} selected={*code == state.lang}>{ name.clone() }</option>
                        }) }
                    </select>
                </div>
            </header>
            <section class="pr-load pr-noprint" aria-labelledby="pr-load-title">
                <p>{ t.intro }</p>
                <p>{ t.two_files }</p>
                <p class="pr-privacy">{ fill(t.privacy, &[("k", &default_k.to_string())]) }</p>
                <h2 id="pr-load-title">{ t.load_title }</h2>
                <div class={classes!("pr-drop", busy.then_some("pr-busy"))} ondrop={on_drop} ondragover={on_drag.clone()} ondragenter={on_drag}>
                    <p class="pr-drop-title">{ t.drop_here }</p>
                    <label class="pr-button" for="pr-files">{ t.choose_files }</label>
                    <input id="pr-files" class="pr-file-input" type="file" multiple=true disabled={busy}
                        accept=".json,.jsonl,.ndjson,.csv,.txt,application/json,text/csv,text/plain" onchange={on_input} />
                    <p class="pr-formats">{ t.formats }</p>
                </div>
                // The bar and its label change at every slice; the live region beside it only
                // when a file starts, at each quarter and at the end, so a screen reader is
                // told how reading goes without being read every percent.
                if let Some(p) = &state.progress {
                    <div class="pr-progress">
                        <label for="pr-progress">{ fill(t.reading, &[("name", &p.name), ("percent", &i18n::number(t, p.fraction * 100.0, 0))]) }</label>
                        <progress id="pr-progress" max="100" value={i18n::number(strings("en"), p.fraction * 100.0, 0)}></progress>
                    </div>
                }
                <p id="pr-reading-said" class="pr-sr" role="status" aria-live="polite" aria-atomic="true">
                    { announcement(t, &state.announced) }
                </p>
                <div class="pr-paste">
                    <label for="pr-codes">{ t.paste_label }</label>
                    <p id="pr-codes-help" class="pr-help">{ t.paste_help }</p>
                    <textarea id="pr-codes" rows="4" aria-describedby="pr-codes-help" value={state.codes.clone()} oninput={on_codes_input} disabled={busy} />
                    <button type="button" class="pr-button" onclick={on_add_codes} disabled={busy}>{ t.add_codes }</button>
                </div>
                { summary }
                if !import.borrow().sources.is_empty() && !busy {
                    <button type="button" class="pr-link" onclick={on_clear}>{ t.clear }</button>
                }
                if import.borrow().sources.is_empty() {
                    <DesignCalculator lang={state.lang.clone()} k={default_k} />
                }
            </section>
            // Nothing is reported while files are still being read: a report of part of them
            // would be wrong, and recomputing it at every pause would slow the reading.
            // The pickers in a block of their own, the same whether the figures are there or
            // being worked out, so that the one just used stays the same element (and focused).
            if let (true, Some(selection)) = (!busy && (derived.is_some() || working), selection.clone()) {
                { choices(t, &import.borrow(), &sets, &selection, derived.as_deref().map(|d| &d.sizes), &on_set, &on_round, &on_compare) }
                // A live region that is there before it speaks, so that it is heard.
                <p class="pr-working pr-noprint" role="status" aria-live="polite" aria-atomic="true">{ if working { t.working } else { "" } }</p>
            }
            if let (Some(derived), Some(instrument), false) = ((*derived).clone(), instrument.clone(), busy) {
                { report_view(&View { t, lang: &state.lang, d: &derived }) }
                { comments_section(&CommentsView { t, lang: &state.lang, d: &derived, state: &state, dispatch: &dispatch.clone().to_callback() }) }
                { plan_and_exports(t, &state, &instrument, &derived, &sets, &on_plan, &dispatch.clone().to_callback()) }
                if state.meeting.is_some() {
                    { meeting_view(&MeetingView { t, lang: &state.lang, d: &derived, state: &state, dispatch: &dispatch.clone().to_callback(), on_plan: &on_plan }) }
                }
            }
        </div>
    }
}

/// The questionnaire, round and comparison pickers, with `sizes` of the selection's data set
/// when they are already worked out. A round's size is said only where the anonymity rule lets
/// it be said (never beside a withheld report).
#[allow(clippy::too_many_arguments)]
fn choices(
    t: &'static Strings,
    import: &Import,
    sets: &[SetInfo],
    selection: &Selection,
    sizes: Option<&Sizes>,
    on_set: &Callback<Event>,
    on_round: &Callback<Event>,
    on_compare: &Callback<Event>,
) -> Html {
    let set = &import.sets[selection.set];
    let instrument = &import.instruments[set.instrument];
    let k = instrument.doc().anonymity_k.to_string();
    // The derived figures' sizes when they are there (worked out once per change of the data);
    // counted here only while the figures are being worked out.
    let counted;
    let sizes = match sizes {
        Some(sizes) => sizes,
        None => {
            counted = set.data.sizes(instrument);
            &counted
        }
    };
    let round_name = |r: &str| if r.is_empty() { t.no_round.to_owned() } else { r.to_owned() };
    let rounds = ordered(&sets.iter().find(|s| s.index == selection.set).map(|s| s.rounds.clone()).unwrap_or_default());
    let size_of = |r: &str| sizes.rounds().iter().find(|(label, _)| label == r).map(|(_, n)| *n);
    html! {
        <section class="pr-choose pr-noprint" aria-label={t.choose_set}>
            if sets.len() > 1 {
                <div class="pr-field">
                    <label for="pr-set">{ t.choose_set }</label>
                    <select id="pr-set" onchange={on_set}>
                        { for sets.iter().map(|s| {
                            let instrument = &import.instruments[import.sets[s.index].instrument];
                            let name = format!("{} ({})", instrument.doc().title.get(t.code), instrument.doc().version);
                            let label = match import.sets[s.index].data.sizes(instrument).total() {
                                Ok(n) => format!("{name}: {}", plural(t, &t.responses, n)),
                                Err(_) => name,
                            };
                            html! { <option value={s.index.to_string()} selected={s.index == selection.set}>{ label }</option> }
                        }) }
                    </select>
                </div>
            }
            <div class="pr-field">
                <label for="pr-round">{ t.round_label }</label>
                <select id="pr-round" onchange={on_round}>
                    { for rounds.iter().map(|r| html! {
                        <option value={r.clone()} selected={*r == selection.round}>{ match size_of(r) {
                            Some(Ok(n)) => format!("{}: {}", round_name(r), plural(t, &t.responses, n)),
                            _ => format!("{}: {}", round_name(r), fill(t.round_withheld, &[("k", &k)])),
                        } }</option>
                    }) }
                </select>
            </div>
            if rounds.len() > 1 {
                <div class="pr-field">
                    <label for="pr-compare">{ t.compare_label }</label>
                    <select id="pr-compare" onchange={on_compare}>
                        <option value="" selected={selection.previous.is_none()}>{ t.compare_none }</option>
                        { for rounds.iter().filter(|r| **r != selection.round).map(|r| html! {
                            <option value={r.clone()} selected={Some(r) == selection.previous.as_ref()}>{ round_name(r) }</option>
                        }) }
                    </select>
                </div>
            } else {
                <p class="pr-help">{ t.changes_one_round }</p>
            }
        </section>
    }
}

/// The plan being written and the exports, each built when its button is pressed.
// Long because most of it is one `html!` tree whose buttons share the plan and the derived report.
fn plan_and_exports(
    t: &'static Strings,
    state: &State,
    instrument: &Instrument,
    derived: &Rc<Derived>,
    sets: &[SetInfo],
    on_plan: &Callback<ActionPlan>,
    dispatch: &Callback<Msg>,
) -> Html {
    let lang = state.lang.clone();
    let rounds =
        ordered(&sets.iter().find(|s| s.index == derived.selection.set).map(|s| s.rounds.clone()).unwrap_or_default());
    let later: Vec<String> = rounds.iter().filter(|r| **r > derived.selection.round).cloned().collect();
    let file = |stem: &str, ext: &str| {
        let round = &derived.selection.round;
        if round.is_empty() {
            format!("partnerscope-{stem}-{}.{ext}", derived.instrument.id())
        } else {
            format!("partnerscope-{stem}-{}-{round}.{ext}", derived.instrument.id())
        }
    };
    let download = |name: String, kind: &'static str, make: Box<dyn Fn(&Derived) -> String>| {
        let derived = derived.clone();
        Callback::from(move |_: MouseEvent| {
            platform::download(&name, kind, &make(&derived));
        })
    };
    let on_plan_csv = {
        let lang = lang.clone();
        download(file("plan", "csv"), "text/csv", Box::new(move |d| d.written.to_csv(&d.instrument, &lang)))
    };
    let on_plan_json = download(file("plan", "json"), "application/json", Box::new(|d| d.written.to_json()));
    let on_csv = download(
        file("report", "csv"),
        "text/csv",
        Box::new(|d| insight::report_csv(&d.instrument, &d.report, &d.changes, d.selection.previous.as_deref())),
    );
    let on_json = {
        let kept = (state.hidden.clone(), state.themes.clone());
        download(
            file("report", "json"),
            "application/json",
            Box::new(move |d| {
                let comments = crate::comments_view::comments_json(t, d, &kept.0, &kept.1);
                insight::report_json(
                    &d.instrument,
                    &d.selection.round,
                    &d.report,
                    &d.changes,
                    d.judged.as_ref(),
                    Some(&comments),
                )
            }),
        )
    };
    let on_comments = {
        let state = state.clone();
        download(file("comments", "csv"), "text/csv", Box::new(move |d| comments_csv(t, d, &state)))
    };
    let on_meeting = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Msg::Meeting(Some(0))))
    };
    let elsewhere: Vec<Html> = derived
        .elsewhere
        .iter()
        .map(|p| html! { <p class="pr-help">{ fill(t.plan_elsewhere, &[("round", &p.agreed_after)]) }</p> })
        .collect();
    html! {
        <>
            { for elsewhere }
            { plan_editor(&PlanView {
                t,
                lang: &lang,
                instrument,
                plan: &derived.written,
                later_rounds: &later,
                saved: state.plan_saved,
                on_plan,
                on_csv: on_plan_csv,
                on_json: on_plan_json,
            }) }
            <section class="pr-section pr-noprint" aria-labelledby="pr-export-title">
                <h3 id="pr-export-title">{ t.export_title }</h3>
                <div class="pr-actions">
                    <button type="button" class="pr-button" onclick={on_csv}>{ t.export_csv }</button>
                    <button type="button" class="pr-button" onclick={on_json}>{ t.export_json }</button>
                    if !derived.comments.is_empty() {
                        <button type="button" class="pr-button" onclick={on_comments}>{ t.export_comments }</button>
                    }
                    <button type="button" class="pr-button" onclick={on_meeting}>{ t.meeting_open }</button>
                    <button type="button" class="pr-button" onclick={Callback::from(|_: MouseEvent| platform::print())}>{ t.print }</button>
                </div>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CalculatorProps {
    lang: String,
    k: u32,
}

/// Before the survey: how many responses a design needs for its figures to be shown.
#[component]
fn DesignCalculator(props: &CalculatorProps) -> Html {
    let t = strings(&props.lang);
    let groups = use_state(|| 2u32);
    let rounds = use_state(|| 2u32);
    let number_input = |handle: &UseStateHandle<u32>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u32>() {
                handle.set(n.clamp(1, 20));
            }
        })
    };
    let total = u64::from(*groups) * u64::from(*rounds) * u64::from(props.k);
    html! {
        <div class="pr-design">
            <h3>{ t.design_title }</h3>
            <p>{ fill(t.design_text, &[("k", &props.k.to_string())]) }</p>
            <div class="pr-design-inputs">
                <div class="pr-field">
                    <label for="pr-design-groups">{ t.design_groups }</label>
                    <input id="pr-design-groups" type="number" inputmode="numeric" min="1" max="20" value={groups.to_string()} oninput={number_input(&groups)} />
                </div>
                <div class="pr-field">
                    <label for="pr-design-rounds">{ t.design_rounds }</label>
                    <input id="pr-design-rounds" type="number" inputmode="numeric" min="1" max="20" value={rounds.to_string()} oninput={number_input(&rounds)} />
                </div>
            </div>
            <p role="status">{ fill(t.design_result, &[
                ("groups", &groups.to_string()), ("rounds", &rounds.to_string()), ("total", &total.to_string()), ("k", &props.k.to_string()),
            ]) }</p>
        </div>
    }
}

/// What was loaded: responses per questionnaire and version (as many as the rule lets be said),
/// duplicates, responses for questionnaires not loaded, plans, and every refusal with its place
/// and reason.
fn loaded_summary(import: &Import, t: &'static Strings) -> Html {
    if import.sources.is_empty() {
        return html! { <p class="pr-help">{ t.loaded_none }</p> };
    }
    let lang = t.code;
    // A conflict is a duplicate too (its id was loaded already), but not the same response.
    let conflicts = import.conflicts_total;
    let duplicates = import.duplicates() - conflicts;
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
                    let instrument = &import.instruments[s.instrument];
                    let doc = instrument.doc();
                    let k = doc.anonymity_k.to_string();
                    let pairs = [("title", doc.title.get(lang)), ("version", doc.version.as_str()), ("k", k.as_str())];
                    html! { <li>{ match s.data.sizes(instrument).total() {
                        Ok(n) => fill(t.loaded_set_n, &[pairs[0], pairs[1], ("responses", &plural(t, &t.responses, n))]),
                        Err(_) => fill(t.loaded_set_withheld, &pairs),
                    } }</li> }
                }) }
                if duplicates > 0 {
                    <li>{ plural(t, &t.duplicates_forms, duplicates as u64) }</li>
                }
                if conflicts > 0 {
                    <li class="pr-conflicts">{ plural(t, &t.conflicts_forms, conflicts as u64) }
                        <ul>{ for import.conflicts.iter().take(20).map(|d| html! { <li>{ d.path.clone() }</li> }) }</ul>
                        if conflicts > 20 {
                            { fill(t.rejected_more, &[("n", &(conflicts - 20).to_string())]) }
                        }
                    </li>
                }
                { for import.unknown.iter().map(|u| html! {
                    <li>{ fill(&plural(t, &t.unknown, u.count as u64), &[("id", &u.instrument), ("version", &u.version)]) }{ " " }{ t.unknown_help }</li>
                }) }
                { for import.plans.iter().map(|p| {
                    let title = import.instruments.iter().find(|i| i.id() == p.instrument).map_or(p.instrument.clone(), |i| i.doc().title.get(lang).to_owned());
                    html! { <li>{ fill(t.plan_loaded, &[("title", &title), ("round", &p.agreed_after)]) }</li> }
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
