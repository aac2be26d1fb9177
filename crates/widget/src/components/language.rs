//! The language picker, shown on every page.

use partnerscope_core::Instrument;
use partnerscope_core::flow::Action;
use yew::prelude::*;

use crate::i18n;
use crate::ids;

/// Switches the language at any time; answers are kept because they live in the flow.
pub fn language_picker(instrument: &Instrument, lang: &str, instance: usize, on_action: &Callback<Action>) -> Html {
    // Exactly the questionnaire's languages, in its order, each in its own name (a language the
    // product does not ship is named by its code).
    let locales: Vec<(&str, &str)> = instrument
        .doc()
        .locales
        .iter()
        .map(|code| {
            (
                code.as_str(),
                i18n::LANGUAGES
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or_else(|| instrument.interface(code, "language_name").unwrap_or(code), |(_, n)| *n),
            )
        })
        .collect();
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
            <label for={id.clone()}>{ i18n::text_for(instrument, lang).language }</label>
            <select id={id} onchange={on_change}>
                { for locales.iter().map(|(code, name)| html! {
                    <option value={code.to_string()} lang={code.to_string()} selected={*code == lang}>{ *name }</option>
                }) }
            </select>
        </div>
    }
}
