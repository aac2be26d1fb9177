//! The action plan beside the report: the meeting's priority dimensions and, for each, what will
//! be done, by whom and by when. The plan edited here is the one agreed after the round on
//! screen (see `plan::roles`): it judges nothing yet, and the next round's report, compared
//! with this round, reads it back. Every edit sends a whole new plan to the root (which keeps it
//! on the device); the printout shows the plan as text, not as form fields.

use partnerscope_core::Instrument;
use partnerscope_core::plan::{ActionPlan, PlannedAction, Priority};
use yew::prelude::*;

use crate::i18n::{Strings, date, fill};

/// `plan` changed by `edit`, sent to `on_plan`.
fn change<F: Fn(&mut ActionPlan) + 'static>(
    plan: &ActionPlan,
    on_plan: &Callback<ActionPlan>,
    edit: F,
) -> impl Fn() + use<F> {
    let plan = plan.clone();
    let on_plan = on_plan.clone();
    move || {
        let mut next = plan.clone();
        edit(&mut next);
        on_plan.emit(next);
    }
}

fn value_of(e: &InputEvent) -> String {
    let target = e.target();
    if let Some(area) = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlTextAreaElement>(t)) {
        return area.value();
    }
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
}

/// What the plan editor needs.
pub struct PlanView<'a> {
    pub t: &'static Strings,
    pub lang: &'a str,
    pub instrument: &'a Instrument,
    /// The plan agreed after the round on screen.
    pub plan: &'a ActionPlan,
    /// Rounds after the one on screen that are loaded, to choose the review round from.
    pub later_rounds: &'a [String],
    pub saved: bool,
    pub on_plan: &'a Callback<ActionPlan>,
    pub on_csv: Callback<MouseEvent>,
    pub on_json: Callback<MouseEvent>,
}

pub fn plan_editor(p: &PlanView) -> Html {
    let t = p.t;
    let plan = p.plan;
    let doc = p.instrument.doc();
    let round = if plan.agreed_after.is_empty() { t.no_round.to_owned() } else { plan.agreed_after.clone() };
    let on_review = {
        let apply = p.on_plan.clone();
        let plan = plan.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = plan.clone();
            next.review_at = select.value();
            apply.emit(next);
        })
    };
    let review_text =
        if plan.review_at.is_empty() { fill(t.plan_review_next, &[("round", &round)]) } else { plan.review_at.clone() };
    html! {
        <section id="pr-plan" class="pr-section pr-plan" aria-labelledby="pr-plan-title">
            <h3 id="pr-plan-title">{ fill(t.plan_for, &[("round", &round)]) }</h3>
            <p class="pr-noprint">{ t.plan_intro }</p>
            <div class="pr-field pr-noprint">
                <label for="pr-plan-review">{ t.plan_review_label }</label>
                <select id="pr-plan-review" onchange={on_review}>
                    <option value="" selected={plan.review_at.is_empty()}>{ fill(t.plan_review_next, &[("round", &round)]) }</option>
                    { for p.later_rounds.iter().map(|r| html! {
                        <option value={r.clone()} selected={*r == plan.review_at}>{ r.clone() }</option>
                    }) }
                </select>
            </div>
            <div class="pr-noprint">
                { for doc.dimensions.iter().enumerate().map(|(d, dim)| {
                    let id = dim.id.clone();
                    let priority = plan.priorities.iter().position(|x| x.dimension == id);
                    let checkbox_id = format!("pr-plan-{d}");
                    let toggle = {
                        let id = id.clone();
                        let apply = change(plan, p.on_plan, move |x| {
                            match x.priorities.iter().position(|y| y.dimension == id) {
                                Some(k) => { x.priorities.remove(k); }
                                None => x.priorities.push(Priority { dimension: id.clone(), actions: vec![PlannedAction::default()] }),
                            }
                        });
                        Callback::from(move |_: Event| apply())
                    };
                    html! {
                        <div class="pr-priority">
                            <div class="pr-check">
                                <input type="checkbox" id={checkbox_id.clone()} checked={priority.is_some()} onchange={toggle} />
                                <label for={checkbox_id}>{ dim.title.get(p.lang) }</label>
                            </div>
                            if let Some(k) = priority {
                                { actions(t, plan, k, d, p.on_plan) }
                            }
                        </div>
                    }
                }) }
                <p class="pr-help" role="status">{ if p.saved { t.plan_saved } else { t.plan_not_saved } }</p>
                <div class="pr-actions">
                    <button type="button" class="pr-button" onclick={p.on_csv.clone()}>{ t.export_plan_csv }</button>
                    <button type="button" class="pr-button" onclick={p.on_json.clone()}>{ t.export_plan_json }</button>
                </div>
            </div>
            { printed(p, &review_text) }
        </section>
    }
}

/// The plan as the printout shows it: text that wraps, never a cut-off field.
fn printed(p: &PlanView, review: &str) -> Html {
    let t = p.t;
    let doc = p.instrument.doc();
    html! {
        <div class="pr-print-only pr-plan-print">
            <p>{ fill(t.plan_review_print, &[("round", review)]) }</p>
            if p.plan.priorities.is_empty() {
                <p>{ t.plan_none_chosen }</p>
            }
            { for p.plan.priorities.iter().map(|priority| {
                let title = doc.dimensions.iter().find(|d| d.id == priority.dimension).map_or(priority.dimension.clone(), |d| d.title.get(p.lang).to_owned());
                html! {
                    <div class="pr-plan-priority">
                        <h4>{ title }</h4>
                        <ul>
                            { for priority.actions.iter().filter(|a| !a.what.trim().is_empty() || !a.who.trim().is_empty()).map(|a| html! {
                                <li>
                                    <p class="pr-plan-what">{ a.what.clone() }</p>
                                    <p>
                                        if !a.who.trim().is_empty() { <span>{ format!("{}{}{}", t.plan_who, t.colon, a.who) }</span> }
                                        if !a.by.is_empty() { <span>{ format!(" · {}{}{}", t.plan_by, t.colon, date(t, &a.by)) }</span> }
                                    </p>
                                </li>
                            }) }
                        </ul>
                    </div>
                }
            }) }
        </div>
    }
}

/// The actions of priority `k` (dimension `d`), each editable in place.
fn actions(t: &'static Strings, plan: &ActionPlan, k: usize, d: usize, on_plan: &Callback<ActionPlan>) -> Html {
    let list: &[PlannedAction] = &plan.priorities[k].actions;
    let add = {
        let apply = change(plan, on_plan, move |p| p.priorities[k].actions.push(PlannedAction::default()));
        Callback::from(move |_: MouseEvent| apply())
    };
    html! {
        <div class="pr-plan-actions">
            { for list.iter().enumerate().map(|(a, action)| {
                let field = |name: &str| format!("pr-plan-{d}-{a}-{name}");
                let edit = |which: u8| {
                    let plan = plan.clone();
                    let on_plan = on_plan.clone();
                    Callback::from(move |e: InputEvent| {
                        let value = value_of(&e);
                        let mut next = plan.clone();
                        let action = &mut next.priorities[k].actions[a];
                        match which {
                            0 => action.what = value,
                            1 => action.who = value,
                            _ => action.by = value,
                        }
                        on_plan.emit(next);
                    })
                };
                let remove = {
                    let apply = change(plan, on_plan, move |p| { p.priorities[k].actions.remove(a); });
                    Callback::from(move |_: MouseEvent| apply())
                };
                html! {
                    <div class="pr-action">
                        <div class="pr-field pr-what">
                            <label for={field("what")}>{ t.plan_what }</label>
                            <textarea id={field("what")} rows="2" maxlength="1000" value={action.what.clone()} oninput={edit(0)} />
                        </div>
                        <div class="pr-field">
                            <label for={field("who")}>{ t.plan_who }</label>
                            <input id={field("who")} type="text" maxlength="200" value={action.who.clone()} oninput={edit(1)} />
                        </div>
                        <div class="pr-field">
                            <label for={field("by")}>{ t.plan_by }</label>
                            <input id={field("by")} type="date" value={action.by.clone()} oninput={edit(2)} />
                        </div>
                        <button type="button" class="pr-link" onclick={remove}>{ t.plan_remove }</button>
                    </div>
                }
            }) }
            <button type="button" class="pr-button" onclick={add}>{ t.plan_add }</button>
        </div>
    }
}
