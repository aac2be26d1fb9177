//! The widget mounted in a real browser (headless Chromium via wasm-bindgen-test): it renders,
//! reacts to clicks, and saves answers to the device as they are given.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the demo on a new element, as `Partnerscope.mount(element, {instrument: "demo"})`
/// does, and returns the widget's shadow root.
fn host() -> web_sys::ShadowRoot {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"instrument".into(), &"demo".into()).unwrap();
    partnerscope_widget::mount_with(element.clone(), options.into());
    element.shadow_root().expect("the widget renders in an open shadow root")
}

fn click(root: &web_sys::ShadowRoot, selector: &str) {
    root.query_selector(selector).unwrap().unwrap().dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn renders_navigates_and_saves_answers_as_they_are_given() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = host();
    yew::scheduler::flush().await;
    let heading = root.query_selector("h2").unwrap().unwrap();
    assert_eq!(heading.text_content().unwrap(), "Partnership pulse (demo)");
    assert!(root.text_content().unwrap().contains("Your answers are anonymous"));
    // Opening the page stores nothing.
    assert_eq!(storage.get_item("partnerscope:v1:demo:draft").unwrap(), None);

    click(&root, "button.ps-primary");
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector("h2").unwrap().unwrap().text_content().unwrap(), "Shared purpose");
    assert_eq!(root.query_selector_all("input[type=radio]").unwrap().length(), 3 * 6);
    // Focus moved to the new page's heading, inside the shadow root.
    let heading_id = root.active_element().unwrap().id();
    assert!(heading_id.ends_with("-heading"), "{heading_id}");
    let prefix = heading_id.trim_end_matches("-heading").to_owned();

    click(&root, &format!("#{prefix}-item0-choice3"));
    yew::scheduler::flush().await;
    let draft = storage.get_item("partnerscope:v1:demo:draft").unwrap().expect("a draft is saved");
    let saved = partnerscope_core::flow::Flow::from_draft(&partnerscope_core::builtin::demo(), &draft).unwrap();
    assert_eq!(saved.sheet().answers()[0], Some(partnerscope_core::Answer::Value(4)), "{draft}");
    click(&root, &format!("#{prefix}-item1-choice4"));
    yew::scheduler::flush().await;
    let draft = storage.get_item("partnerscope:v1:demo:draft").unwrap().expect("a draft is saved");
    let saved = partnerscope_core::flow::Flow::from_draft(&partnerscope_core::builtin::demo(), &draft).unwrap();
    assert_eq!(saved.sheet().answers()[1], Some(partnerscope_core::Answer::Value(5)), "{draft}");
    // No running score while answering: it could sway the answers still to come (issue 18).
    let text = root.text_content().unwrap();
    assert!(!text.contains("Score so far") && !text.contains("out of 5"), "{text}");
    storage.clear().unwrap();
    // Leaving the page gives the widget's slot back, so the next test's widget is the first.
    root.host().remove();
}

#[wasm_bindgen_test]
async fn a_corrupted_draft_gives_a_message_and_a_fresh_start() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("partnerscope:v1:demo:draft", "{\"draft\":1, garbage").unwrap();
    let root = host();
    yew::scheduler::flush().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("could not be restored"), "{text}");
    assert_eq!(root.query_selector("button.ps-primary").unwrap().unwrap().text_content().unwrap(), "Start");
    storage.clear().unwrap();
    root.host().remove();
}
