//! The databases pages: the provisioning form's key filter, and a deployment's envelope.

use crate::helpers::{
    api, find, key_and_deployment, mount, page_api, read_all, text, type_into, wait_for,
};
use wasm_bindgen_test::*;
use web_sys::Element;

/// With more keys than the provisioning form lists, a name filter reaches any of them, and the form
/// says how many it lists.
#[wasm_bindgen_test]
async fn the_provisioning_form_finds_any_key_by_name() {
    let root = mount("#/databases").await;
    for i in 0..=100 {
        page_api(
            "exec",
            &[format!("ibmcloud kp key create key-{i:03}").into()],
        );
    }
    yew::scheduler::flush().await;
    let options = |root: &Element| {
        read_all(root, "[aria-label='Disk encryption key'] option", |e| {
            e.text_content().unwrap()
        })
    };
    assert_eq!(
        options(&root).len(),
        101,
        "the service-managed choice and 100 keys"
    );
    assert!(!options(&root).iter().any(|o| o.starts_with("key-100")));
    assert!(
        text(&root, "[data-testid=keys-listed]").starts_with("100 of 101 active root keys listed")
    );

    type_into(&root, "[aria-label='Filter keys by name']", "KEY-100");
    yew::scheduler::flush().await;
    let found = options(&root);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1].starts_with("key-100"), "{found:?}");
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    find(root, selector).get_attribute(name).unwrap_or_default()
}

/// The deployment page draws the envelope: the root key in Key Protect wraps the DEK, which
/// encrypts the records, each with its state; after a shred the chain is cut where the DEK was.
#[wasm_bindgen_test]
async fn the_envelope_shows_each_link_and_is_cut_at_the_dek_after_a_shred() {
    let root = mount("#/").await;
    let (key, guid) = key_and_deployment();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(&format!("#/databases/{guid}"))
        .unwrap();
    wait_for("the deployment page", || {
        root.query_selector("[data-testid=envelope]")
            .unwrap()
            .is_some()
    })
    .await;
    let states = |root: &Element| -> Vec<String> {
        ["root", "wraps", "dek", "encrypts", "records"]
            .iter()
            .map(|part| {
                attr(
                    root,
                    &format!("[data-testid=envelope-{part}]"),
                    "data-state",
                )
            })
            .collect()
    };
    assert_eq!(
        states(&root),
        ["Active", "whole", "unwrapped", "whole", "readable"]
    );
    assert!(text(&root, "[data-testid=envelope-root]").contains("pg-root-key"));
    assert!(text(&root, "[data-testid=envelope-records]").contains("1 record"));
    assert!(!attr(&root, "[data-testid=envelope]", "class").contains("shredded"));

    // Force delete (cryptoshred); the event reaches the deployment 5 minutes later.
    let (status, _) = api(
        "DELETE",
        &format!("/api/v2/keys/{key}?force=true"),
        serde_json::Value::Null,
    );
    assert_eq!(status, 204);
    yew::scheduler::flush().await;
    assert_eq!(
        states(&root)[0],
        "Destroyed",
        "the key is destroyed at once, the deployment has not heard yet"
    );
    page_api("advance", &["5m".into()]);
    yew::scheduler::flush().await;
    assert_eq!(
        states(&root),
        ["Destroyed", "cut", "discarded", "cut", "unreadable"]
    );
    assert!(attr(&root, "[data-testid=envelope]", "class").contains("shredded"));
    assert!(text(&root, "[data-testid=envelope-dek]").contains("discarded"));
    assert!(text(&root, "[data-testid=envelope-records]").contains("unreadable, for good"));
}
