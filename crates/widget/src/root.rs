//! The component mounted on each widget's element: it finds the questionnaire the page asked
//! for (built in, inline, or fetched from `instrument-src`), checks the page's settings against
//! it, and renders the survey, or, for the page's author, everything that is wrong.

use std::rc::Rc;

use partnerscope_core::{Instrument, builtin};
use yew::prelude::*;

use crate::app::App;
use crate::i18n::strings;
use crate::{Options, Source};

/// Largest instrument file fetched, in bytes (the core refuses larger ones with a message).
const MAX_FETCH_BYTES: usize = partnerscope_core::instrument::MAX_INSTRUMENT_BYTES;

#[derive(Properties, PartialEq)]
pub struct RootProps {
    pub options: Rc<Options>,
}

#[component]
pub fn Root(props: &RootProps) -> Html {
    let options = &props.options;
    if !options.problems.is_empty() {
        return html! { <SetupError options={options.clone()} summary={AttrValue::from("The page's settings for this survey are not usable.")}
        problems={options.problems.clone()} kind="setup" /> };
    }
    match &options.source {
        Source::Builtin(None) => {
            let instrument = builtin::offered().next().and_then(builtin::by_id).unwrap_or_else(builtin::demo);
            html! { <Checked options={options.clone()} instrument={Rc::new(instrument)} choosable=true /> }
        }
        Source::Builtin(Some(id)) => match builtin::by_id(id) {
            Some(instrument) => {
                html! { <Checked options={options.clone()} instrument={Rc::new(instrument)} choosable=false /> }
            }
            None => {
                let known: Vec<&str> = builtin::SOURCES.iter().map(|s| s.id).collect();
                html! { <SetupError options={options.clone()} kind="setup"
                summary={AttrValue::from(format!("There is no built-in questionnaire \"{id}\"."))}
                problems={vec![format!("Built-in questionnaires: {}.", known.join(", "))]} /> }
            }
        },
        Source::Inline(json) => html! { <Inline options={options.clone()} json={AttrValue::from(json.clone())} /> },
        Source::Url(url) => html! { <Fetched options={options.clone()} url={AttrValue::from(url.clone())} /> },
    }
}

#[derive(Properties, PartialEq)]
struct InlineProps {
    options: Rc<Options>,
    json: AttrValue,
}

#[component]
fn Inline(props: &InlineProps) -> Html {
    let parsed = use_memo(props.json.clone(), |json| Instrument::from_json(json).map(Rc::new));
    match &*parsed {
        Ok(instrument) => {
            html! { <Checked options={props.options.clone()} instrument={instrument.clone()} choosable=false /> }
        }
        Err(problems) => invalid(&props.options, "The questionnaire in this page", problems),
    }
}

fn invalid(options: &Rc<Options>, what: &str, problems: &[partnerscope_core::Diagnostic]) -> Html {
    let n = problems.len();
    html! { <SetupError options={options.clone()} kind="instrument-invalid"
    summary={AttrValue::from(format!("{what} is not a valid Partnerscope questionnaire ({n} problem{}):", if n == 1 { "" } else { "s" }))}
    problems={problems.iter().map(ToString::to_string).collect::<Vec<_>>()} /> }
}

#[derive(Properties, PartialEq)]
struct FetchedProps {
    options: Rc<Options>,
    url: AttrValue,
}

#[derive(Clone, Debug, PartialEq)]
enum Loading {
    Waiting,
    Loaded(Rc<Instrument>),
    /// The file could not be fetched: why, in words.
    Unreachable(String),
    Invalid(Vec<partnerscope_core::Diagnostic>),
}

#[component]
fn Fetched(props: &FetchedProps) -> Html {
    let state = use_state(|| Loading::Waiting);
    {
        let state = state.clone();
        use_effect_with(props.url.clone(), move |url| {
            let url = url.to_string();
            wasm_bindgen_futures::spawn_local(async move {
                state.set(fetch_instrument(&url).await);
            });
        });
    }
    let text = strings(props.options.lang.as_deref().unwrap_or("en"));
    match &*state {
        Loading::Waiting => html! {
            <section class="ps-root" lang={text.code} aria-label={text.survey_label} aria-busy="true">
                <p role="status">{ text.loading }</p>
            </section>
        },
        Loading::Loaded(instrument) => {
            html! { <Checked options={props.options.clone()} instrument={instrument.clone()} choosable=false /> }
        }
        Loading::Unreachable(why) => html! { <SetupError options={props.options.clone()} kind="instrument-load"
        summary={AttrValue::from(format!("The questionnaire file {} could not be loaded: {why}.", props.url))} problems={Vec::<String>::new()} /> },
        Loading::Invalid(problems) => {
            invalid(&props.options, &format!("The questionnaire file {}", props.url), problems)
        }
    }
}

async fn fetch_instrument(url: &str) -> Loading {
    let response = match gloo_net::http::Request::get(url).send().await {
        Ok(response) => response,
        Err(_) => {
            return Loading::Unreachable(
                "the server did not answer, or the page's Content-Security-Policy (connect-src) or the server's CORS settings do not allow it"
                    .into(),
            );
        }
    };
    if !response.ok() {
        return Loading::Unreachable(format!("the server answered {} {}", response.status(), response.status_text()));
    }
    let text = match response.text().await {
        Ok(text) => text,
        Err(_) => return Loading::Unreachable("its content is not text".into()),
    };
    if text.len() > MAX_FETCH_BYTES {
        return Loading::Unreachable(format!(
            "it is {} bytes; a questionnaire may be at most {MAX_FETCH_BYTES} bytes",
            text.len()
        ));
    }
    match Instrument::from_json(&text) {
        Ok(instrument) => Loading::Loaded(Rc::new(instrument)),
        Err(problems) => Loading::Invalid(problems),
    }
}

#[derive(Properties, PartialEq)]
struct CheckedProps {
    options: Rc<Options>,
    instrument: Rc<Instrument>,
    choosable: bool,
}

/// Checks the page's `group` against the questionnaire, then shows the survey.
#[component]
fn Checked(props: &CheckedProps) -> Html {
    let doc = props.instrument.doc();
    let group = match &props.options.group {
        None => None,
        Some(id) => match props.instrument.group_idx(id) {
            Some(g) => Some(g),
            None => {
                let known: Vec<&str> = doc.groups.iter().map(|g| g.id.as_str()).collect();
                let problem = if known.is_empty() {
                    "This questionnaire has no respondent groups; remove \"group\".".to_owned()
                } else {
                    format!("Its groups are: {}.", known.join(", "))
                };
                return html! { <SetupError options={props.options.clone()} kind="setup"
                summary={AttrValue::from(format!("The page sets the group \"{id}\", which questionnaire \"{}\" does not have.", doc.id))}
                problems={vec![problem]} /> };
            }
        },
    };
    html! { <App options={props.options.clone()} instrument={props.instrument.clone()} choosable={props.choosable} group={group} /> }
}

#[derive(Properties, PartialEq)]
struct SetupErrorProps {
    options: Rc<Options>,
    summary: AttrValue,
    problems: Vec<String>,
    /// The `kind` of the `partnerscope-error` event.
    kind: AttrValue,
}

/// Shown instead of the survey when the page's settings or its questionnaire are unusable. The
/// respondent is told in their language; the details, for the page's author, are in English
/// like every message of the core.
#[component]
fn SetupError(props: &SetupErrorProps) -> Html {
    {
        let host = props.options.host.clone();
        let kind = props.kind.clone();
        let summary = props.summary.clone();
        let problems = props.problems.clone();
        use_effect_with((), move |()| {
            let mut extra = String::from("\"problems\":[");
            for (i, problem) in problems.iter().enumerate() {
                if i > 0 {
                    extra.push(',');
                }
                partnerscope_core::json::write_string(&mut extra, problem);
            }
            extra.push(']');
            host.error(&kind, &summary, &extra);
        });
    }
    let text = strings(props.options.lang.as_deref().unwrap_or("en"));
    html! {
        <section class="ps-root ps-setup" lang={text.code} aria-label={text.survey_label}>
            <h2>{ text.setup_title }</h2>
            <p>{ text.setup_body }</p>
            <div class="ps-setup-detail" lang="en">
                <p><strong>{ "For the page's author: " }</strong>{ props.summary.clone() }</p>
                if !props.problems.is_empty() {
                    <ul>{ for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                }
            </div>
        </section>
    }
}
