//! The scenarios: a tour run step by step, and a malformed scenario refused.

use crate::helpers::{bubbling_input_event_init, button, click, find, mount, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn a_tour_runs_its_steps_and_explains_a_deviation() {
    let root = mount("#/scenarios/byok-seed").await;
    assert!(text(&root, "[data-testid=step]").contains("Step 1 of 8: Create a root key"));
    button(&root, "Run it for me").click();
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, "[data-testid=step-ok]"),
        "This step went as expected."
    );
    // Skipping ahead to "Try to delete the key" without the deployment: it deviates, and says how.
    for _ in 0..5 {
        click(&root, "[data-testid=next-step]");
        yew::scheduler::flush().await;
    }
    assert!(text(&root, "[data-testid=step]").contains("Step 6 of 8: Try to delete the key"));
    button(&root, "Run it for me").click();
    yew::scheduler::flush().await;
    let deviation = text(&root, "[data-testid=step-deviation]");
    assert!(
        deviation.contains("expected the command to exit with 1, it exited with 0"),
        "{deviation}"
    );
}

#[wasm_bindgen_test]
async fn a_malformed_scenario_is_refused_with_its_line() {
    let root = mount("#/scenarios").await;
    let area: web_sys::HtmlTextAreaElement =
        find(&root, "[aria-label='Scenario text']").unchecked_into();
    area.set_value("scenario 1 mine\nstep First\n  expect exit soon\n");
    area.dispatch_event(
        &web_sys::InputEvent::new_with_event_init_dict("input", &bubbling_input_event_init())
            .unwrap(),
    )
    .unwrap();
    yew::scheduler::flush().await;
    click(&root, "[data-testid=load-scenario]");
    yew::scheduler::flush().await;
    let error = text(&root, "[data-testid=scenario-error]");
    assert!(
        error.contains("line 3: 'expect exit' needs a number"),
        "{error}"
    );
}
