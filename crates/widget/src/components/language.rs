//! The language picker, shown on every page.

use partnerscope_core::Instrument;
use partnerscope_core::flow::Action;
use yew::prelude::*;

use crate::i18n::{self, strings};
use crate::ids;

/// Switches the language at any time; answers are kept because they live in the flow.
pub fn language_picker(instrument: &Instrument, lang: &str, instance: usize, on_action: &Callback<Action>) -> Html {
    let locales: Vec<(&str, &str)> =
        i18n::LANGUAGES.iter().copied().filter(|(code, _)| instrument.has_locale(code)).collect();
    if locales.len() < 2 {
        return html! {};
    }
    let on_change = {
        let on_action = on_action.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            on_action.emit(Action::SetLang(select.value()));
        })
    };
    let id = ids::language(instance);
    html! {
        <div class="ps-lang">
            <label for={id.clone()}>{ strings(lang).language }</label>
            <select id={id} onchange={on_change}>
                { for locales.iter().map(|(code, name)| html! {
                    <option value={*code} lang={*code} selected={*code == lang}>{ *name }</option>
                }) }
            </select>
        </div>
    }
}
