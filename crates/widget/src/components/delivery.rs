//! What the respondent is told about sending their answers to the page's endpoint: where the
//! current response stands, and responses refused earlier that are still on the device.

use yew::prelude::*;

use crate::i18n::{self, strings};
use crate::outbox::{self, Held, Status};
use crate::platform;

#[derive(Properties, PartialEq)]
pub struct DeliveryProps {
    /// `None` before the outbox has said anything.
    pub status: Option<Status>,
    pub lang: AttrValue,
}

/// The delivery state in words, in a live region so a screen reader hears it change.
#[component]
pub fn Delivery(props: &DeliveryProps) -> Html {
    let text = strings(&props.lang);
    let (class, words) = match &props.status {
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

#[derive(Properties, PartialEq)]
pub struct HeldProps {
    pub held: Vec<Held>,
    pub lang: AttrValue,
    /// Called after a held response was removed from the device.
    pub on_removed: Callback<()>,
}

/// Responses the endpoint refused on an earlier visit: they stay on the device until the
/// respondent has downloaded them and chooses to remove them.
#[component]
pub fn HeldResponses(props: &HeldProps) -> Html {
    if props.held.is_empty() {
        return html! {};
    }
    let text = strings(&props.lang);
    html! {
        <div class="ps-held" role="region" aria-label={text.held_title}>
            <h2 class="ps-held-title">{ text.held_title }</h2>
            { for props.held.iter().map(|held| {
                let on_download = {
                    let held = held.clone();
                    Callback::from(move |_: MouseEvent| {
                        platform::download(&format!("partnerscope-{}-{}.json", held.instrument, held.id), "application/json", &held.body);
                    })
                };
                let on_remove = {
                    let id = held.id.clone();
                    let on_removed = props.on_removed.clone();
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
