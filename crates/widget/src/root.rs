//! The component mounted on each widget's element: it finds the questionnaire the page asked
//! for (built in, inline, or fetched from `instrument-src`), checks the page's settings against
//! it, and renders the survey, or, for the page's author, everything that is wrong.
//!
//! One component with plain functions, not a component per case: each Yew component costs
//! several kilobytes of generic code in the wasm (measured: seven small components added 40 KB).

use std::rc::Rc;

use partnerscope_core::{Diagnostic, Instrument, builtin};
use yew::prelude::*;

use crate::app::App;
use crate::i18n::strings;
use crate::{Options, Source};

/// Largest instrument file fetched, in bytes (the core refuses larger ones with a message).
#[cfg(feature = "embed")]
const MAX_FETCH_BYTES: usize = partnerscope_core::instrument::MAX_INSTRUMENT_BYTES;

#[derive(Properties, PartialEq)]
pub struct RootProps {
    pub options: Rc<Options>,
}

/// Why the survey cannot be shown, for the page's author.
#[derive(Clone, Debug, PartialEq)]
struct Unusable {
    /// The `kind` of the `partnerscope-error` event.
    kind: &'static str,
    /// One sentence: what is wrong.
    summary: String,
    /// Every problem, each with its path where it has one.
    problems: Vec<String>,
}

impl Unusable {
    fn new(kind: &'static str, summary: String, problems: Vec<String>) -> Unusable {
        Unusable { kind, summary, problems }
    }

    fn invalid(what: &str, problems: &[Diagnostic]) -> Unusable {
        let n = problems.len();
        Unusable::new(
            "instrument-invalid",
            format!("{what} is not a valid Partnerscope questionnaire ({n} problem{}):", if n == 1 { "" } else { "s" }),
            problems.iter().map(ToString::to_string).collect(),
        )
    }
}

/// Where fetching a questionnaire file stands: the URL asked for, and what came back. (A build
/// without `network` never fetches: its built-ins are compiled in.)
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "embed"), allow(dead_code))]
enum Fetch {
    Idle,
    Waiting(String),
    Done(String, Result<Rc<Instrument>, Unusable>),
}

/// What the widget should show.
enum Resolved {
    Survey(Rc<Instrument>),
    Fetch(String),
    Unusable(Unusable),
}

/// The built-in questionnaire `id`: compiled in, or, in a build without the texts, its file
/// beside the script.
fn builtin(id: &str) -> Resolved {
    if !builtin::is_builtin(id) {
        return Resolved::Unusable(Unusable::new(
            "setup",
            format!("There is no built-in questionnaire \"{id}\"."),
            vec![format!("Built-in questionnaires: {}.", builtin::IDS.join(", "))],
        ));
    }
    #[cfg(feature = "builtins")]
    if let Some(instrument) = builtin::by_id(id) {
        return Resolved::Survey(Rc::new(instrument));
    }
    match crate::builtin_url(id) {
        Some(url) => Resolved::Fetch(url),
        None => Resolved::Unusable(Unusable::new(
            "setup",
            format!("This copy of the survey does not carry the questionnaire \"{id}\"."),
            Vec::new(),
        )),
    }
}

// Long because a Yew function component is one body (hooks in the same order on every render):
// resolving the questionnaire, its effects and what is rendered meanwhile stay together.
#[component]
pub fn Root(props: &RootProps) -> Html {
    let options = &props.options;
    // The questionnaire the respondent chose (when the page fixed none), and their language.
    let chosen = use_state(|| None::<(String, String)>);
    let fetched = use_state(|| Fetch::Idle);
    let resolved = if !options.problems.is_empty() {
        Resolved::Unusable(Unusable::new(
            "setup",
            "The page's settings for this survey are not usable.".into(),
            options.problems.clone(),
        ))
    } else {
        match &options.source {
            Source::Builtin(None) => match &*chosen {
                Some((id, _)) => builtin(id),
                None => builtin(builtin::offered().next().unwrap_or("demo")),
            },
            Source::Builtin(Some(id)) => builtin(id),
            Source::Inline(json) => match Instrument::from_json(json) {
                Ok(instrument) => Resolved::Survey(Rc::new(instrument)),
                Err(problems) => Resolved::Unusable(Unusable::invalid("The questionnaire in this page", &problems)),
            },
            Source::Url(url) => Resolved::Fetch(url.clone()),
        }
    };
    let resolved = match resolved {
        Resolved::Fetch(url) => match &*fetched {
            Fetch::Done(done, Ok(instrument)) if *done == url => Resolved::Survey(instrument.clone()),
            Fetch::Done(done, Err(unusable)) if *done == url => Resolved::Unusable(unusable.clone()),
            _ => Resolved::Fetch(url),
        },
        other => other,
    };
    {
        let fetched = fetched.clone();
        let wanted = match &resolved {
            Resolved::Fetch(url) => Some(url.clone()),
            _ => None,
        };
        use_effect_with(wanted, move |wanted| {
            if let Some(url) = wanted.clone()
                && *fetched != Fetch::Waiting(url.clone())
            {
                fetched.set(Fetch::Waiting(url.clone()));
                #[cfg(feature = "embed")]
                wasm_bindgen_futures::spawn_local(async move {
                    let result = fetch_instrument(&url).await;
                    fetched.set(Fetch::Done(url, result));
                });
            }
        });
    }
    let checked = match resolved {
        Resolved::Survey(instrument) => check_group(options, &instrument).map(|group| Some((instrument, group))),
        Resolved::Fetch(_) => Ok(None),
        Resolved::Unusable(unusable) => Err(unusable),
    };
    // Tell the page once what is wrong (the offline file has no host page to tell).
    #[cfg(feature = "embed")]
    {
        let host = options.host.clone();
        let unusable = checked.as_ref().err().cloned();
        use_effect_with(unusable, move |unusable| {
            if let Some(u) = unusable {
                let mut detail = partnerscope_core::json_write::Object::new();
                detail.strs("problems", u.problems.iter().map(String::as_str));
                host.error(u.kind, &u.summary, detail);
            }
        });
    }
    let text = strings(crate::i18n::interface_lang(options.lang.as_deref()));
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |choice: (String, String)| chosen.set(Some(choice)))
    };
    match checked {
        Ok(Some((instrument, group))) => html! {
            <App key={instrument.id().to_owned()} options={options.clone()} instrument={instrument.clone()}
                choosable={options.source == Source::Builtin(None)} group={group}
                lang={chosen.as_ref().map(|(_, lang)| lang.clone())} on_choose={on_choose} />
        },
        Ok(None) => html! {
            <div class="ps-root" lang={text.code} dir={partnerscope_core::locale::direction(text.code)} aria-busy="true">
                <p role="status">{ text.loading }</p>
            </div>
        },
        // The respondent is told in their language; the details, for the page's author, are in
        // English like every message of the core.
        Err(unusable) => html! {
            <div class="ps-root ps-setup" lang={text.code} dir={partnerscope_core::locale::direction(text.code)}>
                <h2>{ text.setup_title }</h2>
                <p>{ text.setup_body }</p>
                <div class="ps-setup-detail" lang="en">
                    <p><strong>{ "For the page's author: " }</strong>{ unusable.summary }</p>
                    if !unusable.problems.is_empty() {
                        <ul>{ for unusable.problems.into_iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    }
                </div>
            </div>
        },
    }
}

/// The page's `group` as an index into the questionnaire's groups.
fn check_group(options: &Options, instrument: &Instrument) -> Result<Option<usize>, Unusable> {
    let Some(id) = &options.group else {
        return Ok(None);
    };
    let doc = instrument.doc();
    match instrument.group_idx(id) {
        Some(g) => Ok(Some(g)),
        None => {
            let known: Vec<&str> = doc.groups.iter().map(|g| g.id.as_str()).collect();
            let problem = if known.is_empty() {
                "This questionnaire has no respondent groups; remove \"group\".".to_owned()
            } else {
                format!("Its groups are: {}.", known.join(", "))
            };
            Err(Unusable::new(
                "setup",
                format!("The page sets the group \"{id}\", which questionnaire \"{}\" does not have.", doc.id),
                vec![problem],
            ))
        }
    }
}

thread_local! {
    /// Questionnaires fetched on this page, by URL: every widget and every switch back to one
    /// reuses them.
    #[cfg(feature = "embed")]
    static FETCHED: std::cell::RefCell<Vec<(String, Rc<Instrument>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[cfg(feature = "embed")]
async fn fetch_instrument(url: &str) -> Result<Rc<Instrument>, Unusable> {
    if let Some(instrument) = FETCHED.with(|f| f.borrow().iter().find(|(u, _)| u == url).map(|(_, i)| i.clone())) {
        return Ok(instrument);
    }
    let instrument = download_instrument(url).await?;
    FETCHED.with(|f| f.borrow_mut().push((url.to_owned(), instrument.clone())));
    Ok(instrument)
}

#[cfg(feature = "embed")]
async fn download_instrument(url: &str) -> Result<Rc<Instrument>, Unusable> {
    let unreachable = |why: String| {
        Unusable::new(
            "instrument-load",
            format!("The questionnaire file {url} could not be loaded: {why}."),
            Vec::new(),
        )
    };
    let response = gloo_net::http::Request::get(url).send().await.map_err(|_| {
        unreachable(
            "the server did not answer, or the page's Content-Security-Policy (connect-src) or the server's CORS \
             settings do not allow it"
                .into(),
        )
    })?;
    if !response.ok() {
        return Err(unreachable(format!("the server answered {} {}", response.status(), response.status_text())));
    }
    let text = response.text().await.map_err(|_| unreachable("its content is not text".into()))?;
    if text.len() > MAX_FETCH_BYTES {
        return Err(unreachable(format!(
            "it is {} bytes; a questionnaire may be at most {MAX_FETCH_BYTES} bytes",
            text.len()
        )));
    }
    Instrument::from_json(&text)
        .map(Rc::new)
        .map_err(|problems| Unusable::invalid(&format!("The questionnaire file {url}"), &problems))
}
