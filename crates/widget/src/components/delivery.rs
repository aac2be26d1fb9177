//! What the respondent is told about sending their answers to the page's endpoint: where the
//! current response stands, and responses refused earlier that are still on the device.
//! Plain functions rather than components: a Yew component costs kilobytes of generic code.
//! They only display and report: removing a response is the caller's (`on_remove`).
//!
//! Never "saved" unless the outbox says the response is on the device (`kept`).

use partnerscope_core::outbox::{Held, Status};
use yew::prelude::*;

use crate::i18n::{self, Strings};

/// The delivery state in words (`None` before the outbox has said anything), in a live region
/// so a screen reader hears it change.
pub fn delivery(status: Option<&Status>, text: &Strings) -> Html {
    let refused = |template: &str, status: &u16, reason: &str, code: &str| {
        i18n::fill(template, &[("reason", i18n::refusal(text, code, reason)), ("status", &status.to_string())])
    };
    let (class, words) = match status {
        None | Some(Status::Sending { kept: true }) => ("ps-delivery", text.delivery_sending.to_owned()),
        Some(Status::Sent) => ("ps-delivery ps-delivery-sent", text.delivery_sent.to_owned()),
        Some(Status::Waiting { offline: true, kept: true, .. }) => {
            ("ps-delivery ps-delivery-waiting", text.delivery_offline.to_owned())
        }
        // The collector does not take this questionnaire yet: it waits on the device, tried again.
        Some(Status::Waiting { offline: false, kept: true, code }) if code == "not-open" => {
            ("ps-delivery ps-delivery-waiting", text.refusal_not_open.to_owned())
        }
        Some(Status::Waiting { offline: false, kept: true, .. }) => {
            ("ps-delivery ps-delivery-waiting", text.delivery_retry.to_owned())
        }
        // `Conflict` (another response under this id is waiting) is not stored either; the widget
        // renumbers a response before it could meet one, so it gets no words of its own.
        Some(Status::Sending { kept: false } | Status::Waiting { kept: false, .. } | Status::Conflict) => {
            ("ps-delivery ps-delivery-refused", text.delivery_unsaved.to_owned())
        }
        // Whether or not the device kept it: the words do not say it is saved either way, and
        // when it is not, the code and the download come first (`ResultsProps::urgent`).
        Some(Status::Refused { status, reason, code, .. }) => {
            ("ps-delivery ps-delivery-refused", refused(text.delivery_refused, status, reason, code))
        }
        Some(Status::Gone) => ("ps-delivery", text.delivery_gone.to_owned()),
    };
    html! {
        <div class={class} role="status">
            <p>{ words }</p>
        </div>
    }
}

/// Responses the endpoint refused on an earlier visit: they stay on the device until the
/// respondent has downloaded them and chooses to remove them (`on_remove` with the id).
pub fn held_responses(held: &[Held], text: &Strings, on_remove: &Callback<String>) -> Html {
    if held.is_empty() {
        return html! {};
    }
    html! {
        <div class="ps-held" role="region" aria-label={text.held_title}>
            <h2 class="ps-held-title">{ text.held_title }</h2>
            { for held.iter().map(|held| {
                let on_download = {
                    let held = held.clone();
                    Callback::from(move |_: MouseEvent| {
                        partnerscope_web::download(&format!("partnerscope-{}-{}.json", held.instrument, held.id), "application/json", &held.body);
                    })
                };
                let on_remove = on_remove.reform({
                    let id = held.id.clone();
                    move |_: MouseEvent| id.clone()
                });
                html! {
                    <div class="ps-held-item">
                        <p>{ i18n::fill(text.held_body, &[("reason", i18n::refusal(text, &held.code, &held.reason)), ("status", &held.status.to_string())]) }</p>
                        <div class="ps-nav ps-share-actions">
                            <button type="button" class="ps-button" onclick={on_download}>{ text.held_download }</button>
                            <button type="button" class="ps-button" onclick={on_remove}>{ text.held_remove }</button>
                        </div>
                    </div>
                }
            }) }
        </div>
    }
}
