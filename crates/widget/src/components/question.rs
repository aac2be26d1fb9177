//! One Likert item: a fieldset whose legend is the statement, one native radio per scale point,
//! and "don't know / not applicable" set apart from the scale.

use partnerscope_core::Answer;
use yew::prelude::*;

use crate::ids;

#[derive(Properties, PartialEq)]
pub struct QuestionCardProps {
    pub item: usize,
    /// Position shown to the respondent ("3.").
    pub number: usize,
    pub text: AttrValue,
    pub scale_min: i32,
    pub labels: Vec<AttrValue>,
    /// Label of the "not applicable" choice, or `None` when it is not offered.
    pub na_label: Option<AttrValue>,
    pub value: Option<Answer>,
    /// True after the respondent tried to move on without answering.
    pub missing: bool,
    pub missing_text: AttrValue,
    pub instance: usize,
    pub on_answer: Callback<(usize, Option<Answer>)>,
}

#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let name = ids::item(props.instance, props.item);
    let legend_id = format!("{name}-legend");
    let error_id = format!("{name}-error");
    let choice = |position: usize, answer: Answer, label: &AttrValue, extra_class: &'static str| {
        let id = ids::item_choice(props.instance, props.item, position);
        let checked = props.value == Some(answer);
        let onchange = {
            let on_answer = props.on_answer.clone();
            let item = props.item;
            Callback::from(move |_: Event| on_answer.emit((item, Some(answer))))
        };
        html! {
            <label class={classes!("ps-choice", extra_class, checked.then_some("ps-checked"))} for={id.clone()}>
                <input type="radio" id={id} name={name.clone()} checked={checked} onchange={onchange} />
                <span class="ps-choice-text">{ label.clone() }</span>
            </label>
        }
    };
    html! {
        <fieldset class={classes!("ps-question", props.missing.then_some("ps-missing"))}
            aria-invalid={props.missing.then_some("true")}
            aria-describedby={props.missing.then(|| error_id.clone())}>
            <legend id={legend_id}><span class="ps-qnum">{ format!("{}.", props.number) }</span>{ " " }{ props.text.clone() }</legend>
            if props.missing {
                <p class="ps-error" id={error_id}>{ props.missing_text.clone() }</p>
            }
            <div class="ps-scale">
                { for props.labels.iter().enumerate().map(|(k, label)| {
                    choice(k, Answer::Value(props.scale_min + k as i32), label, "")
                }) }
            </div>
            if let Some(na) = &props.na_label {
                <div class="ps-na">{ choice(props.labels.len(), Answer::NotApplicable, na, "ps-choice-na") }</div>
            }
        </fieldset>
    }
}
