//! The survey's pages before the results: plain functions of their props rather than
//! components. They hold no state, App re-renders them whenever the flow changes anyway, and
//! each Yew component costs about 2 KB of generic code in the wasm (measured 2026-11-23, where
//! the offline file has a hard size budget). `QuestionCard` stays a component: Yew then skips
//! the cards whose answer did not change.

use std::rc::Rc;

use partnerscope_core::flow::{Action, Flow, Page, Problem};
use partnerscope_core::instrument::ItemKind;
use partnerscope_core::{Answer, Instrument};
use yew::prelude::*;

use crate::components::question::QuestionCard;
use crate::i18n::{self, Strings};
use crate::ids;

/// How a navigation button stands out: the way forward is primary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Emphasis {
    Primary,
    Plain,
}

fn nav_button(label: &str, action: Action, on_action: &Callback<Action>, emphasis: Emphasis) -> Html {
    let on_action = on_action.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_action.emit(action.clone()));
    let primary = (emphasis == Emphasis::Primary).then_some("ps-primary");
    html! {
        <button type="button" class={classes!("ps-button", primary)} onclick={onclick}>{ label.to_owned() }</button>
    }
}

/// The review's "Change" button of a page (an area's, or the "about you" page), named with it
/// ("Change: Power"): a screen reader's list of buttons would otherwise offer several identical
/// "Change" buttons.
fn edit_button(text: &Strings, area: &str, page: Page, on_action: &Callback<Action>) -> Html {
    let on_action = on_action.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_action.emit(Action::GoTo(page)));
    let name = format!("{}{}{area}", text.edit, text.colon);
    html! { <button type="button" class="ps-button" aria-label={name} onclick={onclick}>{ text.edit }</button> }
}

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub instrument: Rc<Instrument>,
    pub lang: AttrValue,
    pub instance: usize,
    pub resumable: bool,
    pub on_action: Callback<Action>,
    /// Instruments to choose from, `(id, title)`; empty when the page fixed one.
    pub choices: Vec<(AttrValue, AttrValue)>,
    pub on_choose: Callback<String>,
    /// Whether completed responses are sent to the page's endpoint.
    pub sends: bool,
    /// When the page asks the respondent to type an invitation code: what was typed so far, and
    /// where each change goes.
    pub invitation: Option<(AttrValue, Callback<String>)>,
}

pub fn welcome_page(props: &WelcomeProps) -> Html {
    let doc = props.instrument.doc();
    let text = i18n::text_for(&props.instrument, &props.lang);
    html! {
        <div class="ps-page">
            <h2 id={ids::heading(props.instance)} tabindex="-1">{ doc.title.get(&props.lang) }</h2>
            if props.choices.len() > 1 {
                <fieldset class="ps-question">
                    <legend>{ text.choose_instrument }</legend>
                    <div class="ps-options">
                    { for props.choices.iter().enumerate().map(|(k, (id, title))| {
                        let input_id = ids::instrument_choice(props.instance, k);
                        let checked = id.as_str() == props.instrument.id();
                        let on_choose = props.on_choose.clone();
                        let chosen = id.to_string();
                        let onchange = Callback::from(move |_: Event| on_choose.emit(chosen.clone()));
                        html! {
                            <label class={classes!("ps-choice", checked.then_some("ps-checked"))} for={input_id.clone()}>
                                <input type="radio" id={input_id} name={ids::instrument(props.instance)} checked={checked} onchange={onchange} />
                                <span class="ps-choice-text">{ title.clone() }</span>
                            </label>
                        }
                    }) }
                    </div>
                </fieldset>
            }
            if !doc.description.is_empty() {
                <p>{ doc.description.get(&props.lang) }</p>
            }
            if !doc.audience.is_empty() {
                <p>{ doc.audience.get(&props.lang) }</p>
            }
            <div class="ps-privacy">
                <h3>{ text.anonymity_title }</h3>
                <p>{ text.anonymity_body }</p>
                <p>{ if props.sends { text.anonymity_endpoint } else { text.anonymity_none } }</p>
            </div>
            if let Some((typed, on_type)) = &props.invitation {
                <div class="ps-question">
                    <label for={ids::invitation(props.instance)}>{ text.invitation_label }</label>
                    <p class="ps-hint" id={ids::invitation_hint(props.instance)}>{ text.invitation_hint }</p>
                    <input type="text" id={ids::invitation(props.instance)} value={typed.clone()}
                        autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32"
                        aria-describedby={ids::invitation_hint(props.instance)}
                        oninput={
                            let on_type = on_type.clone();
                            Callback::from(move |e: InputEvent| {
                                if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                                    on_type.emit(input.value());
                                }
                            })
                        } />
                </div>
            }
            <div class="ps-nav">
                { nav_button(if props.resumable { text.resume } else { text.start }, Action::Next, &props.on_action, Emphasis::Primary) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub instrument: Rc<Instrument>,
    pub flow: Flow,
    pub instance: usize,
    pub on_action: Callback<Action>,
}

pub fn profile_page(props: &PageProps) -> Html {
    let doc = props.instrument.doc();
    let lang = props.flow.sheet().lang();
    let text = i18n::text_for(&props.instrument, lang);
    let group_missing = props.flow.problems().contains(&Problem::GroupMissing);
    let instance = props.instance;
    let fixed_group = props.flow.group_fixed().then_some(props.flow.sheet().group()).flatten().map(|g| {
        html! { <p class="ps-fixed-group">{ i18n::fill(text.group_fixed, &[("group", doc.groups[g].label.get(lang))]) }</p> }
    });
    let groups = (!doc.groups.is_empty() && !props.flow.group_fixed()).then(|| {
        let error_id = ids::group_error(instance);
        html! {
            <fieldset class={classes!("ps-question", group_missing.then_some("ps-missing"))}
                aria-invalid={group_missing.then_some("true")} aria-describedby={group_missing.then(|| error_id.clone())}>
                <legend>{ text.group_question }</legend>
                if group_missing {
                    <p class="ps-error" id={error_id}>{ text.choose_group }</p>
                }
                <div class="ps-options">
                { for doc.groups.iter().enumerate().map(|(g, group)| {
                    let id = ids::group_choice(instance, g);
                    let on_action = props.on_action.clone();
                    let onchange = Callback::from(move |_: Event| on_action.emit(Action::SetGroup(g)));
                    let checked = props.flow.sheet().group() == Some(g);
                    html! {
                        <label class={classes!("ps-choice", checked.then_some("ps-checked"))} for={id.clone()}>
                            <input type="radio" id={id} name={ids::group(instance)} checked={checked} onchange={onchange} />
                            <span class="ps-choice-text">{ group.label.get(lang) }</span>
                        </label>
                    }
                }) }
                </div>
            </fieldset>
        }
    });
    html! {
        <div class="ps-page">
            <h2 id={ids::heading(instance)} tabindex="-1">{ text.profile_title }</h2>
            <p>{ text.profile_intro }</p>
            { for fixed_group }
            { for groups }
            { for doc.context.iter().enumerate().map(|(q, question)| {
                let chosen = props.flow.sheet().context()[q];
                let option = |o: Option<usize>, label: String| {
                    let id = ids::context_choice(instance, q, o.map_or(0, |o| o + 1));
                    let on_action = props.on_action.clone();
                    let onchange = Callback::from(move |_: Event| on_action.emit(Action::SetContext { question: q, option: o }));
                    let checked = chosen == o;
                    html! {
                        <label class={classes!("ps-choice", checked.then_some("ps-checked"))} for={id.clone()}>
                            <input type="radio" id={id} name={ids::context(instance, q)} checked={checked} onchange={onchange} />
                            <span class="ps-choice-text">{ label }</span>
                        </label>
                    }
                };
                html! {
                    <fieldset class="ps-question">
                        <legend>{ question.label.get(lang) }</legend>
                        <div class="ps-options">
                            { for question.options.iter().enumerate().map(|(o, opt)| option(Some(o), opt.label.get(lang).to_owned())) }
                            { option(None, text.prefer_not.to_owned()) }
                        </div>
                    </fieldset>
                }
            }) }
            <div class="ps-nav">
                { nav_button(text.back, Action::Back, &props.on_action, Emphasis::Plain) }
                { nav_button(text.next, Action::Next, &props.on_action, Emphasis::Primary) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuestionsProps {
    pub instrument: Rc<Instrument>,
    pub flow: Flow,
    pub dimension: usize,
    pub instance: usize,
    pub page_number: usize,
    pub page_total: usize,
    pub on_action: Callback<Action>,
}

/// An open comment: optional, with the warning beside it that people are known by what they
/// write, and the threshold the report shows comments under, in words.
fn comment_field(props: &QuestionsProps, idx: usize, question: &str) -> Html {
    let sheet = props.flow.sheet();
    let text = i18n::text_for(&props.instrument, sheet.lang());
    let id = ids::comment(props.instance, idx);
    let hint = format!("{id}-hint");
    let on_action = props.on_action.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        on_action.emit(Action::Comment { item: idx, text: area.value() });
    });
    let threshold = partnerscope_core::insight::comment_threshold(&props.instrument).to_string();
    html! {
        <div class="ps-question ps-comment">
            <label for={id.clone()}>{ question.to_owned() }{ " " }<span class="ps-optional">{ text.optional }</span></label>
            <p class="ps-help" id={hint.clone()}>{ i18n::fill(text.comment_warning, &[("n", &threshold)]) }</p>
            <textarea id={id} dir="auto" rows="4" maxlength={partnerscope_core::response::MAX_COMMENT_CHARS.to_string()}
                aria-describedby={hint} value={sheet.comments().get(&idx).cloned().unwrap_or_default()} oninput={oninput} />
        </div>
    }
}

pub fn questions_page(props: &QuestionsProps) -> Html {
    let instrument = &props.instrument;
    let doc = instrument.doc();
    let dim = &doc.dimensions[props.dimension];
    let sheet = &props.flow.sheet();
    let lang = sheet.lang();
    let text = i18n::text_for(&props.instrument, lang);
    let group = sheet.group().map(|g| doc.groups[g].id.as_str());
    let labels: Vec<AttrValue> = instrument.scale_labels(lang).iter().map(|l| AttrValue::from(l.clone())).collect();
    let (done, required) = props.flow.progress(instrument);
    let on_answer = {
        let on_action = props.on_action.clone();
        Callback::from(move |(item, answer): (usize, Option<Answer>)| on_action.emit(Action::Answer { item, answer }))
    };
    // No running score here: seen while answering, it could sway the answers still to give.
    let missing: Vec<usize> = props
        .flow
        .problems()
        .iter()
        .filter_map(|p| match p {
            Problem::ItemMissing(i) => Some(*i),
            Problem::GroupMissing => None,
        })
        .collect();
    let first_item = instrument.dimension_items(props.dimension).start;
    let is_last = props.dimension + 1 == doc.dimensions.len();
    html! {
        <div class="ps-page">
            <div class="ps-progress">
                <p>{ i18n::fill(text.page_of, &[("n", &props.page_number.to_string()), ("total", &props.page_total.to_string())]) }
                   { " · " }
                   { i18n::fill(text.answered_of, &[("n", &done.to_string()), ("total", &required.to_string())]) }</p>
                <progress max={required.max(1).to_string()} value={done.to_string()} aria-hidden="true"></progress>
            </div>
            <h2 id={ids::heading(props.instance)} tabindex="-1">{ dim.title.get(lang) }</h2>
            if !dim.description.is_empty() {
                <p>{ dim.description.get(lang) }</p>
            }
            { for instrument.dimension_items(props.dimension).map(|idx| {
                let item = instrument.item(idx);
                if item.kind == ItemKind::Comment {
                    return comment_field(props, idx, instrument.item_text(idx, group, lang));
                }
                html! {
                    <QuestionCard item={idx} number={idx - first_item + 1} text={AttrValue::from(instrument.item_text(idx, group, lang).to_owned())}
                        scale_min={instrument.scale_min()} labels={labels.clone()}
                        na_label={item.not_applicable.then(|| AttrValue::from(instrument.not_applicable_label(lang).to_owned()))}
                        value={sheet.answers()[idx]} missing={missing.contains(&idx)}
                        missing_text={AttrValue::from(text.required_missing)}
                        instance={props.instance} on_answer={on_answer.clone()} />
                }
            }) }
            <div class="ps-nav">
                { nav_button(text.back, Action::Back, &props.on_action, Emphasis::Plain) }
                { nav_button(if is_last { text.review } else { text.next }, Action::Next, &props.on_action, Emphasis::Primary) }
            </div>
        </div>
    }
}

/// The review's block of the "about you" answers: the group (unless the page fixed it) and each
/// context question, as chosen.
fn about_you(props: &PageProps) -> Html {
    let doc = props.instrument.doc();
    let sheet = props.flow.sheet();
    let lang = sheet.lang();
    let text = i18n::text_for(&props.instrument, lang);
    let group = (!doc.groups.is_empty() && !props.flow.group_fixed()).then(|| {
        let answer = sheet.group().map_or(text.not_answered, |g| doc.groups[g].label.get(lang));
        html! { <><dt>{ text.group_question }</dt><dd class={classes!(sheet.group().is_none().then_some("ps-unanswered"))}>{ answer }</dd></> }
    });
    html! {
        <section class="ps-review-block">
            <h3>{ text.profile_title }</h3>
            <dl>
                { for group }
                { for doc.context.iter().enumerate().map(|(q, question)| {
                    let answer = sheet.context()[q].map_or(text.prefer_not, |o| question.options[o].label.get(lang));
                    html! { <><dt>{ question.label.get(lang) }</dt><dd>{ answer }</dd></> }
                }) }
            </dl>
            { edit_button(text, text.profile_title, Page::Profile, &props.on_action) }
        </section>
    }
}

pub fn review_page(props: &PageProps) -> Html {
    let instrument = &props.instrument;
    let doc = instrument.doc();
    let sheet = &props.flow.sheet();
    let lang = sheet.lang();
    let text = i18n::text_for(&props.instrument, lang);
    let group = sheet.group().map(|g| doc.groups[g].id.as_str());
    let labels = instrument.scale_labels(lang);
    let missing: Vec<usize> = props
        .flow
        .problems()
        .iter()
        .filter_map(|p| if let Problem::ItemMissing(i) = p { Some(*i) } else { None })
        .collect();
    html! {
        <div class="ps-page">
            <h2 id={ids::heading(props.instance)} tabindex="-1">{ text.review_title }</h2>
            <p>{ text.review_intro }</p>
            if !props.flow.problems().is_empty() {
                <p class="ps-error" role="alert">{ i18n::fill(text.review_missing, &[("n", &missing.len().to_string())]) }</p>
            }
            if props.flow.pages(instrument).contains(&Page::Profile) {
                { about_you(props) }
            }
            { for doc.dimensions.iter().enumerate().map(|(d, dim)| html! {
                <section class="ps-review-block">
                    <h3>{ dim.title.get(lang) }</h3>
                    <dl>
                    { for instrument.dimension_items(d).map(|idx| {
                        let comment = instrument.item(idx).kind == ItemKind::Comment;
                        let written = sheet.comments().get(&idx);
                        let answer = match sheet.answers()[idx] {
                            _ if comment => written.cloned().unwrap_or_else(|| text.no_comment.to_owned()),
                            Some(Answer::Value(v)) => labels.get((v - instrument.scale_min()) as usize).cloned().unwrap_or_default(),
                            Some(Answer::NotApplicable) => instrument.not_applicable_label(lang).to_owned(),
                            None => text.not_answered.to_owned(),
                        };
                        let unanswered = if comment { written.is_none() } else { sheet.answers()[idx].is_none() };
                        html! {
                            <>
                                <dt>{ instrument.item_text(idx, group, lang) }</dt>
                                <dd class={classes!(unanswered.then_some("ps-unanswered"), comment.then_some("ps-comment-text"))}>{ answer }</dd>
                            </>
                        }
                    }) }
                    </dl>
                    { edit_button(text, dim.title.get(lang), Page::Dimension(d), &props.on_action) }
                </section>
            }) }
            <div class="ps-nav">
                { nav_button(text.back, Action::Back, &props.on_action, Emphasis::Plain) }
                { nav_button(text.finish, Action::Finish { date: None }, &props.on_action, Emphasis::Primary) }
            </div>
        </div>
    }
}
