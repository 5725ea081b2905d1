//! The Key Protect pages: creating a key, and a key's page refusing a reader.

use crate::helpers::{bubbling_event_init, button, click, find, mount, text, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn creating_a_key_lists_it_and_a_refusal_shows_the_real_error() {
    let root = mount("#/keys").await;
    type_into(&root, "[aria-label='Key name']", "pg-root-key");
    button(&root, "Create key").click();
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=ok]").contains("Created key pg-root-key"));
    assert!(text(&root, "[data-testid=keys]").contains("pg-root-key"));
    // A one-character name is refused by the service, with its code and message.
    type_into(&root, "[aria-label='Key name']", "k");
    button(&root, "Create key").click();
    yew::scheduler::flush().await;
    let error = text(&root, "[data-testid=error]");
    assert!(error.contains("400 INVALID_FIELD_ERR"), "{error}");
    assert!(
        error.contains("The field 'name' must be: a string of 2 to 90 characters"),
        "{error}"
    );
}

#[wasm_bindgen_test]
async fn a_key_page_refuses_a_reader_and_explains_why() {
    let root = mount("#/keys").await;
    type_into(&root, "[aria-label='Key name']", "guarded");
    button(&root, "Create key").click();
    yew::scheduler::flush().await;
    click(&root, "[data-testid=keys] a");
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-testid=key-state]"), "Active");
    // Act as dave, a Reader: disabling needs Manager.
    let select: web_sys::HtmlSelectElement = find(&root, "[data-testid=act-as]").unchecked_into();
    select.set_value("dave");
    select
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &bubbling_event_init()).unwrap(),
        )
        .unwrap();
    yew::scheduler::flush().await;
    button(&root, "Disable").click();
    yew::scheduler::flush().await;
    let error = text(&root, "[data-testid=error]");
    assert!(error.contains("401 UNAUTHORIZED_ERR"), "{error}");
    assert!(error.contains("lacks the Key Protect role"), "{error}");
    assert_eq!(
        text(&root, "[data-testid=key-state]"),
        "Active",
        "the refusal changed nothing"
    );
}
