//! The activity page.

use crate::helpers::{button, mount, page_api, read_all, type_into};
use wasm_bindgen_test::*;
use web_sys::Element;

/// The activity list keeps up with the log under a filter: events that arrive later join the
/// matching ones at the top, others do not, and changing the filter reads the whole log again.
#[wasm_bindgen_test]
async fn the_activity_list_follows_new_events_under_a_filter() {
    let root = mount("#/activity").await;
    let exec = |line: &str| page_api("exec", &[line.into()]);
    let rows = |root: &Element| {
        read_all(root, "[data-testid=events] tr.event", |e| {
            e.get_attribute("data-action").unwrap()
        })
    };
    exec("ibmcloud kp key create first");
    yew::scheduler::flush().await;
    type_into(&root, "[aria-label=Action]", "secrets.create");
    yew::scheduler::flush().await;
    assert_eq!(rows(&root), ["kms.secrets.create"]);

    exec("ibmcloud kp key create second");
    exec("ibmcloud kp keys");
    yew::scheduler::flush().await;
    assert_eq!(
        rows(&root),
        ["kms.secrets.create", "kms.secrets.create"],
        "the new create joins, the list does not"
    );
    assert_eq!(
        button(&root, "Export 2 as JSON").text_content().unwrap(),
        "Export 2 as JSON"
    );

    type_into(&root, "[aria-label=Action]", "secrets.list");
    yew::scheduler::flush().await;
    assert_eq!(
        rows(&root),
        ["kms.secrets.list"],
        "a new filter reads the whole log"
    );
}
