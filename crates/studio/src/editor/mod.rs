//! The form: one control per field of the schema, plain functions over a [`Ctx`]. Renders and
//! reports; every change is a `Msg::Edit` (a function over the draft) for the reducer.
//!
//! Each control's id is `model::field_id` of its JSON path, so the checks can move focus to it;
//! a control with a problem says so (`aria-invalid`, and the problem's text as its description).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use partnerscope_core::instrument::{ItemKind, Mode, Tone};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{Strings, fill, isolated, language_name, text_direction};
use crate::model::{Advice, Band, Dimension, Draft, Group, Item, Text, field_id};
use crate::state::{Msg, State};
use crate::translate::Slot;

mod areas;

pub use areas::areas;

/// What every control needs.
pub struct Ctx<'a> {
    pub t: &'static Strings,
    pub d: &'a Draft,
    pub dispatch: UseReducerDispatcher<State>,
    /// Paths with a validation problem, and the first message for each.
    /// Each field's first problem, in the interface's words (`problems::html`).
    pub problems: &'a BTreeMap<String, Html>,
    /// Paths of the translations that may be out of date (their first-language text changed
    /// after they were written).
    pub stale: &'a BTreeSet<String>,
}

/// The value of the control an event came from.
pub fn value_of(e: &Event) -> String {
    let Some(target) = e.target() else { return String::new() };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

fn checked_of(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

impl Ctx<'_> {
    /// A callback for typing into the field at `path`: `set(draft, value)`.
    fn typed(&self, path: &str, set: impl Fn(&mut Draft, &str) + 'static) -> Callback<InputEvent> {
        let dispatch = self.dispatch.clone();
        let key = path.to_owned();
        let set = Rc::new(set);
        Callback::from(move |e: InputEvent| {
            let value = value_of(&e);
            let set = set.clone();
            dispatch.dispatch(Msg::Edit {
                key: Some(key.clone()),
                edit: Rc::new(move |d: &mut Draft| set(d, &value)),
                focus: None,
            });
        })
    }

    /// A callback for a structural change, focusing `focus` afterwards.
    pub fn change(&self, focus: Option<String>, edit: impl Fn(&mut Draft) + 'static) -> Callback<MouseEvent> {
        let dispatch = self.dispatch.clone();
        let edit: Rc<dyn Fn(&mut Draft)> = Rc::new(edit);
        Callback::from(move |_| dispatch.dispatch(Msg::Edit { key: None, edit: edit.clone(), focus: focus.clone() }))
    }

    fn invalid(&self, path: &str) -> (Option<AttrValue>, Html) {
        match self.problems.get(path) {
            Some(message) => (
                Some("true".into()),
                html! { <span class="field-problem" id={format!("{}-problem", field_id(path))}>{message.clone()}</span> },
            ),
            None => (None, Html::default()),
        }
    }

    /// A one-line field for an id: written left to right in every interface language (an id
    /// is Latin letters, digits, `-` and `_`, which a right-to-left field would show turned round
    /// while it is typed: "team-" as "-team").
    pub fn line(&self, label: &str, path: &str, value: &str, set: impl Fn(&mut Draft, &str) + 'static) -> Html {
        let id = field_id(path);
        let (invalid, problem) = self.invalid(path);
        let described = invalid.as_ref().map(|_| format!("{id}-problem"));
        html! {
            <div class="field">
                <label for={id.clone()}>{label.to_owned()}</label>
                <input id={id} type="text" dir="ltr" spellcheck="false" value={value.to_owned()} aria-invalid={invalid}
                    aria-describedby={described} oninput={self.typed(path, set)} />
                {problem}
            </div>
        }
    }

    /// A number field, kept as typed, left to right like an id (a leading minus stays in front).
    pub fn number(&self, label: &str, path: &str, value: &str, set: impl Fn(&mut Draft, &str) + 'static) -> Html {
        let id = field_id(path);
        let (invalid, problem) = self.invalid(path);
        let described = invalid.as_ref().map(|_| format!("{id}-problem"));
        html! {
            <div class="field field-number">
                <label for={id.clone()}>{label.to_owned()}</label>
                <input id={id} type="text" dir="ltr" inputmode="decimal" value={value.to_owned()} aria-invalid={invalid}
                    aria-describedby={described} oninput={self.typed(path, set)} />
                {problem}
            </div>
        }
    }

    /// A checkbox labelled with the interface's words.
    pub fn checkbox(&self, label: &str, path: &str, checked: bool, set: impl Fn(&mut Draft, bool) + 'static) -> Html {
        self.checkbox_with(html! { label.to_owned() }, path, checked, set)
    }

    /// A checkbox labelled with `label`: an item's name from [`Ctx::name`], say.
    pub fn checkbox_with(
        &self,
        label: Html,
        path: &str,
        checked: bool,
        set: impl Fn(&mut Draft, bool) + 'static,
    ) -> Html {
        let id = field_id(path);
        let dispatch = self.dispatch.clone();
        let set = Rc::new(set);
        let onchange = Callback::from(move |e: Event| {
            let on = checked_of(&e);
            let set = set.clone();
            dispatch.dispatch(Msg::Edit { key: None, edit: Rc::new(move |d: &mut Draft| set(d, on)), focus: None });
        });
        html! {
            <div class="field field-check">
                <input id={id.clone()} type="checkbox" checked={checked} {onchange} />
                <label for={id}>{label}</label>
            </div>
        }
    }

    /// A choice among `options` (value, label).
    pub fn select(
        &self,
        label: &str,
        path: &str,
        value: &str,
        options: &[(String, String)],
        set: impl Fn(&mut Draft, &str) + 'static,
    ) -> Html {
        let id = field_id(path);
        let dispatch = self.dispatch.clone();
        let set = Rc::new(set);
        let onchange = Callback::from(move |e: Event| {
            let v = value_of(&e);
            let set = set.clone();
            dispatch.dispatch(Msg::Edit { key: None, edit: Rc::new(move |d: &mut Draft| set(d, &v)), focus: None });
        });
        let (invalid, problem) = self.invalid(path);
        html! {
            <div class="field">
                <label for={id.clone()}>{label.to_owned()}</label>
                <select id={id} {onchange} aria-invalid={invalid}>
                    { for options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={v == value}>{l.clone()}</option> }) }
                </select>
                {problem}
            </div>
        }
    }

    /// A text in every language of the draft: a group with one field per language, each
    /// marked with its language and writing direction.
    pub fn texts(&self, legend: &str, slot: Slot, multiline: bool) -> Html {
        let d = self.d;
        let fields = d.locales.iter().map(|lang| {
            let path = slot.path(d, lang);
            let id = field_id(&path);
            let value = slot.get(d, lang);
            let (invalid, problem) = self.invalid(&path);
            let stale = self.stale.contains(&path).then(|| self.stale_note(&slot, lang, &id));
            let described = [invalid.as_ref().map(|_| format!("{id}-problem")), stale.as_ref().map(|_| format!("{id}-stale"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            let described = (!described.is_empty()).then(|| described.join(" "));
            let slot = slot.clone();
            let l = lang.clone();
            let oninput = self.typed(&path, move |d, v| slot.set(d, &l, v));
            let missing = value.trim().is_empty();
            html! {
                <div class={classes!("field", missing.then_some("field-empty"), stale.is_some().then_some("field-stale"))}>
                    <label for={id.clone()}>{language_label(lang)}</label>
                    if multiline {
                        <textarea id={id} lang={lang.clone()} dir={text_direction(lang)} rows="2" value={value}
                            aria-invalid={invalid} aria-describedby={described} {oninput} />
                    } else {
                        <input id={id} type="text" lang={lang.clone()} dir={text_direction(lang)} value={value}
                            aria-invalid={invalid} aria-describedby={described} {oninput} />
                    }
                    {problem}
                    {stale.unwrap_or_default()}
                </div>
            }
        });
        html! {
            <fieldset class="texts" id={field_id(slot.path(d, "").trim_end_matches('.'))} tabindex="-1">
                <legend>{legend.to_owned()}</legend>
                { for fields }
            </fieldset>
        }
    }
}

impl Ctx<'_> {
    /// An item's name (`Draft::name_of`: its text in the interface language, else the first,
    /// else its id), isolated, in its own language and direction.
    pub fn name(&self, text: &Text, id: &str) -> Html {
        let (lang, name) = self.d.name_of(text, id, self.t.code);
        let dir = lang.as_deref().map_or("ltr", text_direction);
        html! { <bdi lang={lang} dir={dir}>{name}</bdi> }
    }

    /// The same name as text between isolates, for where no element can go (an `<option>`).
    pub fn name_text(&self, text: &Text, id: &str) -> String {
        isolated(&self.d.name_of(text, id, self.t.code).1)
    }

    /// A group's name: its name in the report, else the answer that picks it, else its id.
    pub fn group_name<'g>(&self, g: &'g Group) -> &'g Text {
        if self.d.name_of(&g.name, "", self.t.code).0.is_some() { &g.name } else { &g.label }
    }
}

/// A language's name and tag as an element: only the name isolated, in its own language and
/// direction, the whole kept on one line, `<bdi lang="ar" dir="rtl">العربية</bdi> (ar)`; an unknown
/// tag alone.
pub fn language_label(tag: &str) -> Html {
    match crate::i18n::own_name(tag) {
        Some(name) => {
            html! { <span class="lang-name"><bdi lang={tag.to_owned()} dir={text_direction(tag)}>{name}</bdi>{format!(" ({tag})")}</span> }
        }
        None => html! { <bdi class="lang-name" dir="ltr">{tag.to_owned()}</bdi> },
    }
}

/// `template` with `{key}` replaced by the element `value` (an isolated name in its own language).
pub fn fill_with(template: &str, key: &str, value: Html) -> Html {
    match template.split_once(&format!("{{{key}}}")) {
        Some((before, after)) => html! { <>{before.to_owned()}{value}{after.to_owned()}</> },
        None => html! { template.to_owned() },
    }
}

impl Ctx<'_> {
    /// Under a translation that may be out of date: the words, and "Still right", which makes
    /// it current and leaves focus in its field.
    fn stale_note(&self, slot: &Slot, lang: &str, field: &str) -> Html {
        let t = self.t;
        let source = crate::translate::source_language(self.d).map(language_name).unwrap_or_default();
        let key = slot.key(self.d);
        let label = fill(t.keep_label, &[("lang", &language_name(lang)), ("key", &key)]);
        let l = lang.to_owned();
        let keep = self.change(Some(field.to_owned()), move |d| crate::translate::keep(d, &key, &l));
        html! {
            <p class="field-stale-note" id={format!("{field}-stale")}>
                <span class="stale-sign" aria-hidden="true">{"⚠"}</span>{" "}
                {fill(t.stale_note, &[("source", &source)])}{" "}
                <button type="button" class="keep" onclick={keep} aria-label={label}>{t.keep}</button>
            </p>
        }
    }
}

/// Move up, move down and remove for entry `i` of `len` in a list; `list` reaches the list in
/// a draft, `focus` gives the id to focus for an entry index after the change.
fn row_buttons<T: 'static, L>(
    cx: &Ctx,
    what: &str,
    i: usize,
    len: usize,
    list: L,
    focus: impl Fn(usize, &str) -> String,
    after_remove: String,
) -> Html
where
    L: Fn(&mut Draft) -> Option<&mut Vec<T>> + Copy + 'static,
{
    let t = cx.t;
    let up = (i > 0).then(|| {
        cx.change(Some(focus(i - 1, "up")), move |d| {
            if let Some(l) = list(d) {
                l.swap(i, i - 1);
            }
        })
    });
    let down = (i + 1 < len).then(|| {
        cx.change(Some(focus(i + 1, "down")), move |d| {
            if let Some(l) = list(d) {
                l.swap(i, i + 1);
            }
        })
    });
    let remove = cx.change(Some(after_remove), move |d| {
        if let Some(l) = list(d)
            && i < l.len()
        {
            l.remove(i);
        }
    });
    html! {
        <div class="row-buttons">
            <button type="button" id={focus(i, "up")} disabled={up.is_none()} onclick={up.unwrap_or_default()}
                aria-label={fill(t.move_up, &[("what", what)])}>{"↑"}</button>
            <button type="button" id={focus(i, "down")} disabled={down.is_none()} onclick={down.unwrap_or_default()}
                aria-label={fill(t.move_down, &[("what", what)])}>{"↓"}</button>
            <button type="button" class="remove" onclick={remove}
                aria-label={fill(t.remove, &[("what", what)])}>{t.remove_short}</button>
        </div>
    }
}

fn opts(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())).collect()
}

/// The questionnaire itself: id, version, languages, title, introduction, who answers.
pub fn identity(cx: &Ctx, new_language: Html) -> Html {
    let t = cx.t;
    let d = cx.d;
    let languages = d.locales.iter().enumerate().map(|(l, lang)| {
        let lang_owned = lang.clone();
        let remove = (d.locales.len() > 1).then(|| {
            cx.change(Some("new-language".into()), move |d| {
                crate::translate::remove_language(d, &lang_owned);
            })
        });
        html! {
            <li id={field_id(&format!("locales[{l}]"))} tabindex="-1">
                {language_label(lang)}
                if let Some(remove) = remove {
                    {" "}<button type="button" class="remove" onclick={remove}
                        aria-label={fill(t.remove_language, &[("lang", &language_name(lang))])}>{t.remove_short}</button>
                }
            </li>
        }
    });
    html! {
        <section id="questionnaire" aria-labelledby="questionnaire-h">
            <h2 id="questionnaire-h" tabindex="-1">{t.questionnaire}</h2>
            <div class="grid2">
                {cx.line(t.id_label, "id", &d.id, |d, v| d.id = v.to_owned())}
                {cx.line(t.version_label, "version", &d.version, |d, v| d.version = v.to_owned())}
            </div>
            <p class="hint">{t.id_hint}</p>
            <h3 id={field_id("locales")} tabindex="-1">{t.languages}</h3>
            <ul class="languages">{ for languages }</ul>
            {new_language}
            {cx.texts(t.title_label, Slot::Title, false)}
            {cx.texts(t.intro_label, Slot::Description, true)}
            {cx.texts(t.audience_label, Slot::Audience, false)}
        </section>
    }
}

/// The answer scale: its ends, a label per point per language, "not applicable".
pub fn scale(cx: &Ctx) -> Html {
    let t = cx.t;
    let d = cx.d;
    let points = d.scale_points().unwrap_or(0);
    html! {
        <section id="scale" aria-labelledby="scale-h">
            <h2 id="scale-h" tabindex="-1">{t.scale}</h2>
            <div class="grid2">
                {cx.number(t.scale_min, "scale.min", &d.scale_min, |d, v| d.scale_min = v.to_owned())}
                {cx.number(t.scale_max, "scale.max", &d.scale_max, |d, v| d.scale_max = v.to_owned())}
            </div>
            <p class="hint">{t.scale_hint}</p>
            { for (0..points).map(|p| cx.texts(&fill(t.point_label, &[("n", &(p + 1).to_string())]), Slot::ScaleLabel(p), false)) }
            {cx.texts(t.not_applicable_label, Slot::NotApplicable, false)}
        </section>
    }
}

/// Respondent groups: id, label, report name.
pub fn groups(cx: &Ctx) -> Html {
    let t = cx.t;
    let d = cx.d;
    let n = d.groups.len();
    let rows = d.groups.iter().enumerate().map(|(g, group)| {
        let what = fill(t.group_n, &[("n", &(g + 1).to_string())]);
        html! {
            <fieldset class="entry" id={field_id(&format!("groups[{g}]"))} tabindex="-1">
                <legend>{what.clone()}</legend>
                {row_buttons(cx, &what, g, n, |d| Some(&mut d.groups), |i, b| format!("group-{i}-{b}"), "add-group".into())}
                {cx.line(t.id_label, &format!("groups[{g}].id"), &group.id, move |d, v| if let Some(x) = d.groups.get_mut(g) { x.id = v.to_owned() })}
                {cx.texts(t.group_label, Slot::GroupLabel(g), false)}
                {cx.texts(t.group_name, Slot::GroupName(g), false)}
            </fieldset>
        }
    });
    let focus = field_id(&format!("groups[{n}].id"));
    let add = cx.change(Some(focus), Draft::add_group);
    html! {
        <section id="groups" aria-labelledby="groups-h">
            <h2 id="groups-h" tabindex="-1">{t.groups}</h2>
            <p class="hint">{t.groups_hint}</p>
            { for rows }
            <button type="button" id="add-group" onclick={add}>{t.add_group}</button>
        </section>
    }
}

/// Context questions and their answers.
pub fn context(cx: &Ctx) -> Html {
    let t = cx.t;
    let d = cx.d;
    let n = d.context.len();
    let rows = d.context.iter().enumerate().map(|(c, q)| {
        let what = fill(t.context_n, &[("n", &(c + 1).to_string())]);
        let options = q.options.iter().enumerate().map(|(o, option)| {
            let owhat = fill(t.option_n, &[("n", &(o + 1).to_string()), ("what", &what)]);
            let remove = cx.change(Some(format!("add-option-{c}")), move |d| {
                if let Some(q) = d.context.get_mut(c)
                    && o < q.options.len()
                {
                    q.options.remove(o);
                }
            });
            html! {
                <div class="entry sub" id={field_id(&format!("context[{c}].options[{o}]"))} tabindex="-1">
                    {cx.line(&fill(t.option_id, &[("n", &(o + 1).to_string())]), &format!("context[{c}].options[{o}].id"), &option.id,
                        move |d, v| if let Some(x) = d.context.get_mut(c).and_then(|q| q.options.get_mut(o)) { x.id = v.to_owned() })}
                    {cx.texts(&owhat, Slot::OptionLabel(c, o), false)}
                    <button type="button" class="remove" onclick={remove} aria-label={fill(t.remove, &[("what", &owhat)])}>{t.remove_short}</button>
                </div>
            }
        });
        let focus = field_id(&format!("context[{c}].options[{}].id", q.options.len()));
        let add_option = cx.change(Some(focus), move |d| d.add_option(c));
        html! {
            <fieldset class="entry" id={field_id(&format!("context[{c}]"))} tabindex="-1">
                <legend>{what.clone()}</legend>
                {row_buttons(cx, &what, c, n, |d| Some(&mut d.context), |i, b| format!("context-{i}-{b}"), "add-context".into())}
                {cx.line(t.id_label, &format!("context[{c}].id"), &q.id, move |d, v| if let Some(x) = d.context.get_mut(c) { x.id = v.to_owned() })}
                {cx.texts(t.question_label, Slot::ContextLabel(c), false)}
                <div id={field_id(&format!("context[{c}].options"))} tabindex="-1">{ for options }</div>
                <button type="button" id={format!("add-option-{c}")} onclick={add_option}>{t.add_option}</button>
            </fieldset>
        }
    });
    let focus = field_id(&format!("context[{n}].id"));
    let add = cx.change(Some(focus), Draft::add_context);
    html! {
        <section id="context" aria-labelledby="context-h">
            <h2 id="context-h" tabindex="-1">{t.context}</h2>
            <p class="hint">{t.context_hint}</p>
            { for rows }
            <button type="button" id="add-context" onclick={add}>{t.add_context}</button>
        </section>
    }
}

/// A list of bands (`scoring.bands`, `scoring.total_bands` or an area's own).
fn bands(
    cx: &Ctx,
    base: &str,
    bands: &[Band],
    list: fn(&mut Draft) -> Option<&mut Vec<Band>>,
    slot: impl Fn(usize) -> Slot,
    add_id: &str,
) -> Html {
    let t = cx.t;
    let n = bands.len();
    let tones: Vec<(String, String)> =
        opts(&[("concern", t.tone_concern), ("borderline", t.tone_borderline), ("strength", t.tone_strength)]);
    let rows = bands.iter().enumerate().map(|(b, band)| {
        let what = fill(t.band_n, &[("n", &(b + 1).to_string())]);
        let prefix = field_id(base);
        html! {
            <fieldset class="entry" id={field_id(&format!("{base}[{b}]"))} tabindex="-1">
                <legend>{what.clone()}</legend>
                {row_buttons(cx, &what, b, n, list, move |i, x| format!("{prefix}-{i}-{x}"), add_id.to_owned())}
                <div class="grid3">
                    {cx.line(t.id_label, &format!("{base}[{b}].id"), &band.id, move |d, v| if let Some(x) = list(d).and_then(|l| l.get_mut(b)) { x.id = v.to_owned() })}
                    {cx.number(t.band_from, &format!("{base}[{b}].from"), &band.from, move |d, v| if let Some(x) = list(d).and_then(|l| l.get_mut(b)) { x.from = v.to_owned() })}
                    {cx.select(t.band_tone, &format!("{base}[{b}].tone"), crate::model::tone_name(band.tone), &tones,
                        move |d, v| if let Some(x) = list(d).and_then(|l| l.get_mut(b)) {
                            x.tone = match v { "strength" => Tone::Strength, "borderline" => Tone::Borderline, _ => Tone::Concern };
                        })}
                </div>
                {cx.texts(t.band_label, slot(b), false)}
            </fieldset>
        }
    });
    let focus = field_id(&format!("{base}[{n}].id"));
    let add = cx.change(Some(focus), move |d| {
        if let Some(l) = list(d) {
            crate::model::add_band(l);
        }
    });
    html! {
        <div class="bands" id={field_id(base)} tabindex="-1">
            { for rows }
            <button type="button" id={add_id.to_owned()} onclick={add}>{t.add_band}</button>
        </div>
    }
}

/// Scoring: mode, bands, total bands, stages, balance, and the thresholds.
pub fn scoring(cx: &Ctx) -> Html {
    let t = cx.t;
    let d = cx.d;
    let modes = opts(&[("mean", t.mode_mean), ("sum", t.mode_sum), ("stage", t.mode_stage)]);
    let stages = d.stages.iter().enumerate().map(|(s, stage)| {
        let what = fill(t.stage_n, &[("n", &(s + 1).to_string())]);
        html! {
            <fieldset class="entry" id={field_id(&format!("scoring.stages[{s}]"))} tabindex="-1">
                <legend>{what.clone()}</legend>
                {row_buttons(cx, &what, s, d.stages.len(), |d| Some(&mut d.stages), |i, b| format!("stage-{i}-{b}"), "add-stage".into())}
                <div class="grid2">
                    {cx.line(t.id_label, &format!("scoring.stages[{s}].id"), &stage.id, move |d, v| if let Some(x) = d.stages.get_mut(s) { x.id = v.to_owned() })}
                    {cx.number(t.stage_threshold, &format!("scoring.stages[{s}].threshold"), &stage.threshold, move |d, v| if let Some(x) = d.stages.get_mut(s) { x.threshold = v.to_owned() })}
                </div>
                {cx.texts(t.stage_title, Slot::StageTitle(s), false)}
                {cx.texts(t.stage_description, Slot::StageDescription(s), true)}
                {area_checks(cx, t.stage_areas, &format!("scoring.stages[{s}].dimensions"), &stage.dimensions,
                    move |d| d.stages.get_mut(s).map(|x| &mut x.dimensions))}
            </fieldset>
        }
    });
    let add_stage = cx.change(Some(field_id(&format!("scoring.stages[{}].id", d.stages.len()))), Draft::add_stage);
    let balance = match &d.balance {
        Some(b) => html! {
            <>
                {area_checks(cx, t.balance_areas, "balance.dimensions", &b.dimensions, |d| d.balance.as_mut().map(|b| &mut b.dimensions))}
                <div class="grid2">
                    {cx.number(t.balance_penalty, "balance.penalty", &b.penalty, |d, v| if let Some(b) = &mut d.balance { b.penalty = v.to_owned() })}
                    {cx.number(t.balance_tolerance, "balance.tolerance", &b.tolerance, |d, v| if let Some(b) = &mut d.balance { b.tolerance = v.to_owned() })}
                </div>
                {cx.texts(t.balance_advice, Slot::BalanceAdvice, true)}
            </>
        },
        None => Html::default(),
    };
    html! {
        <section id="scoring" aria-labelledby="scoring-h">
            <h2 id="scoring-h" tabindex="-1">{t.scoring}</h2>
            {cx.select(t.mode_label, "scoring.mode", crate::model::mode_name(d.mode), &modes, |d, v| {
                d.mode = match v { "sum" => Mode::Sum, "stage" => Mode::Stage, _ => Mode::Mean };
            })}
            <h3>{t.bands}</h3>
            <p class="hint">{t.bands_hint}</p>
            {bands(cx, "scoring.bands", &d.bands, |d| Some(&mut d.bands), Slot::Band, "add-band")}
            if d.mode == Mode::Sum || !d.total_bands.is_empty() {
                <h3>{t.total_bands}</h3>
                {bands(cx, "scoring.total_bands", &d.total_bands, |d| Some(&mut d.total_bands), Slot::TotalBand, "add-total-band")}
            }
            if d.mode == Mode::Stage || !d.stages.is_empty() {
                <h3 id={field_id("scoring.stages")} tabindex="-1">{t.stages}</h3>
                { for stages }
                <button type="button" id="add-stage" onclick={add_stage}>{t.add_stage}</button>
            }
            <h3>{t.balance}</h3>
            {cx.checkbox(t.balance_on, "balance", d.balance.is_some(), |d, on| {
                d.balance = on.then(|| crate::model::Balance { penalty: "1".into(), tolerance: "1".into(), ..Default::default() });
            })}
            {balance}
            <h3>{t.thresholds}</h3>
            <div class="grid3">
                {cx.number(t.anonymity_k, "anonymity_k", &d.anonymity_k, |d, v| d.anonymity_k = v.to_owned())}
                {cx.number(t.comment_k, "comment_k", &d.comment_k, |d, v| d.comment_k = v.to_owned())}
                {cx.number(t.gap_threshold, "gap_threshold", &d.gap_threshold, |d, v| d.gap_threshold = v.to_owned())}
                {cx.number(t.min_answered, "min_answered_share", &d.min_answered_share, |d, v| d.min_answered_share = v.to_owned())}
            </div>
            <p class="hint">{t.thresholds_hint}</p>
        </section>
    }
}

/// A checkbox per area id, for a list of area ids (`stage.dimensions`, `balance.dimensions`).
fn area_checks<L>(cx: &Ctx, legend: &str, path: &str, chosen: &[String], list: L) -> Html
where
    L: Fn(&mut Draft) -> Option<&mut Vec<String>> + Copy + 'static,
{
    let boxes = cx.d.dimensions.iter().enumerate().map(|(n, dim)| {
        let id = &dim.id;
        let on = chosen.contains(id);
        let id_owned = id.clone();
        cx.checkbox_with(cx.name(&dim.title, id), &format!("{path}[{n}]"), on, move |d, checked| {
            if let Some(l) = list(d) {
                l.retain(|x| *x != id_owned);
                if checked {
                    l.push(id_owned.clone());
                }
            }
        })
    });
    html! {
        <fieldset class="checks-row" id={field_id(path)} tabindex="-1">
            <legend>{legend.to_owned()}</legend>
            { for boxes }
        </fieldset>
    }
}
