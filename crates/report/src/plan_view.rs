//! The action plan beside the report: the meeting's priority dimensions and, for each, what will
//! be done, by whom and by when. Every edit produces a whole new plan for the root to keep (and
//! save on the device); the export is what the next round's report reads back.

use partnerscope_core::Instrument;
use partnerscope_core::plan::{ActionPlan, PlannedAction, Priority};
use yew::prelude::*;

use crate::i18n::{Strings, fill};
use crate::platform;

/// `plan` (or a new one for `instrument`, agreed after `round`) changed by `edit`, sent to `on_plan`.
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

pub fn plan_editor(
    t: &'static Strings,
    lang: &str,
    instrument: &Instrument,
    plan: Option<&ActionPlan>,
    round: &str,
    saved: bool,
    on_plan: &Callback<ActionPlan>,
) -> Html {
    let fresh = ActionPlan::new(instrument, round);
    let plan = plan.filter(|p| p.instrument == instrument.id()).unwrap_or(&fresh);
    let doc = instrument.doc();
    let on_csv = {
        let csv = plan.to_csv(instrument, lang);
        let name = format!("partnerscope-plan-{}.csv", instrument.id());
        Callback::from(move |_: MouseEvent| {
            platform::download(&name, "text/csv", &csv);
        })
    };
    let on_json = {
        let json = plan.to_json();
        let name = format!("partnerscope-plan-{}.json", instrument.id());
        Callback::from(move |_: MouseEvent| {
            platform::download(&name, "application/json", &json);
        })
    };
    html! {
        <section id="pr-plan" class="pr-section pr-plan" aria-labelledby="pr-plan-title">
            <h3 id="pr-plan-title">{ t.plan_title }</h3>
            <p class="pr-noprint">{ t.plan_intro }</p>
            if !plan.round.is_empty() {
                <p>{ fill(t.plan_from_round, &[("round", &plan.round)]) }</p>
            }
            { for doc.dimensions.iter().enumerate().map(|(d, dim)| {
                let id = dim.id.clone();
                let priority = plan.priorities.iter().position(|p| p.dimension == id);
                let checkbox_id = format!("pr-plan-{d}");
                let toggle = {
                    let id = id.clone();
                    let apply = change(plan, on_plan, move |p| {
                        match p.priorities.iter().position(|x| x.dimension == id) {
                            Some(k) => { p.priorities.remove(k); }
                            None => p.priorities.push(Priority { dimension: id.clone(), actions: vec![PlannedAction::default()] }),
                        }
                    });
                    Callback::from(move |_: Event| apply())
                };
                html! {
                    <div class={classes!("pr-priority", priority.is_none().then_some("pr-noprint"))}>
                        <div class="pr-check">
                            <input type="checkbox" id={checkbox_id.clone()} checked={priority.is_some()} onchange={toggle} />
                            <label for={checkbox_id}>{ dim.title.get(lang) }</label>
                        </div>
                        if let Some(k) = priority {
                            { actions(t, plan, k, d, on_plan) }
                        }
                    </div>
                }
            }) }
            <p class="pr-help pr-noprint" role="status">{ if saved { t.plan_saved } else { t.plan_not_saved } }</p>
            <div class="pr-actions pr-noprint">
                <button type="button" class="pr-button" onclick={on_csv}>{ t.export_plan_csv }</button>
                <button type="button" class="pr-button" onclick={on_json}>{ t.export_plan_json }</button>
            </div>
        </section>
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
                        <button type="button" class="pr-link pr-noprint" onclick={remove}>{ t.plan_remove }</button>
                    </div>
                }
            }) }
            <button type="button" class="pr-button pr-noprint" onclick={add}>{ t.plan_add }</button>
        </div>
    }
}
