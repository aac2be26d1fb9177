//! What the respondent is told about sending their answers to the page's endpoint: where the
//! current response stands, and responses refused earlier that are still on the device.
//! Plain functions rather than components: a Yew component costs kilobytes of generic code.

use yew::prelude::*;

use crate::i18n::{self, strings};
use crate::outbox::{self, Held, Status};
use crate::platform;

/// The delivery state in words (`None` before the outbox has said anything), in a live region
/// so a screen reader hears it change.
pub fn delivery(status: Option<&Status>, lang: &str) -> Html {
    let text = strings(lang);
    let (class, words) = match status {
        None | Some(Status::Sending) => ("ps-delivery", text.delivery_sending.to_owned()),
        Some(Status::Sent) => ("ps-delivery ps-delivery-sent", text.delivery_sent.to_owned()),
        Some(Status::Waiting { offline: true }) => {
            ("ps-delivery ps-delivery-waiting", text.delivery_offline.to_owned())
        }
        Some(Status::Waiting { offline: false }) => ("ps-delivery ps-delivery-waiting", text.delivery_retry.to_owned()),
        Some(Status::Refused { status, reason }) => (
            "ps-delivery ps-delivery-refused",
            i18n::fill(text.delivery_refused, &[("reason", reason), ("status", &status.to_string())]),
        ),
        Some(Status::Unsaved) => ("ps-delivery ps-delivery-refused", text.delivery_unsaved.to_owned()),
    };
    html! {
        <div class={class} role="status">
            <p>{ words }</p>
        </div>
    }
}

/// Responses the endpoint refused on an earlier visit: they stay on the device until the
/// respondent has downloaded them and chooses to remove them. `on_removed` is called after one
/// was removed.
pub fn held_responses(held: &[Held], lang: &str, on_removed: &Callback<()>) -> Html {
    if held.is_empty() {
        return html! {};
    }
    let text = strings(lang);
    html! {
        <div class="ps-held" role="region" aria-label={text.held_title}>
            <h2 class="ps-held-title">{ text.held_title }</h2>
            { for held.iter().map(|held| {
                let on_download = {
                    let held = held.clone();
                    Callback::from(move |_: MouseEvent| {
                        platform::download(&format!("partnerscope-{}-{}.json", held.instrument, held.id), "application/json", &held.body);
                    })
                };
                let on_remove = {
                    let id = held.id.clone();
                    let on_removed = on_removed.clone();
                    Callback::from(move |_: MouseEvent| {
                        outbox::remove(&id);
                        on_removed.emit(());
                    })
                };
                html! {
                    <div class="ps-held-item">
                        <p>{ i18n::fill(text.held_body, &[("reason", &held.reason), ("status", &held.status.to_string())]) }</p>
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
