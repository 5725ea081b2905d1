//! The API console and the terminal.

use crate::helpers::{
    bubbling_event_init, bubbling_input_event_init, button, find, mount, page_api, press, text,
    wait_for,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

#[wasm_bindgen_test]
async fn the_api_console_sends_an_example_and_shows_the_answer_and_curl() {
    let root = mount("#/console").await;
    let select: web_sys::HtmlSelectElement = find(&root, "[aria-label=Example]").unchecked_into();
    select.set_value("0");
    select
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &bubbling_event_init()).unwrap(),
        )
        .unwrap();
    yew::scheduler::flush().await;
    let curl = text(&root, "[data-testid=curl]");
    assert!(
        curl.starts_with("curl -X POST \"https://us-south.kms.cloud.ibm.com/api/v2/keys\""),
        "{curl}"
    );
    assert!(curl.contains("-H \"bluemix-instance: "), "{curl}");
    button(&root, "Send").click();
    yew::scheduler::flush().await;
    let answer = text(&root, "[data-testid=api-response]");
    assert!(answer.starts_with("201 Created"), "{answer}");
    assert!(answer.contains("\"name\": \"my-root-key\""), "{answer}");
    // A bad body goes as it is, and the service's 400 shows.
    let body: web_sys::HtmlTextAreaElement = find(&root, "[aria-label=Body]").unchecked_into();
    body.set_value("{\"metadata\":");
    body.dispatch_event(
        &web_sys::InputEvent::new_with_event_init_dict("input", &bubbling_input_event_init())
            .unwrap(),
    )
    .unwrap();
    yew::scheduler::flush().await;
    button(&root, "Send").click();
    yew::scheduler::flush().await;
    let answer = text(&root, "[data-testid=api-response]");
    assert!(
        answer.starts_with("400 Bad Request") && answer.contains("BAD_BODY_ERR"),
        "{answer}"
    );
}

fn type_command(root: &Element, text: &str) {
    let input: web_sys::HtmlTextAreaElement = find(root, "[data-testid=command]").unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(
            &web_sys::InputEvent::new_with_event_init_dict("input", &bubbling_input_event_init())
                .unwrap(),
        )
        .unwrap();
}

/// A documentation example pasted into the terminal: curl against Key Protect's URL, piped to jq,
/// answered by the page's own sandbox (the key it creates is on the keys page), and a host that is
/// not IBM Cloud's refused without leaving the page.
#[wasm_bindgen_test]
async fn the_terminal_runs_curl_and_jq_against_the_pages_sandbox() {
    let root = mount("#/terminal").await;
    type_command(
        &root,
        r#"curl -s -X POST "https://us-south.kms.cloud.ibm.com/api/v2/keys" -H "authorization: Bearer $ACCESS_TOKEN" -H "bluemix-instance: $KP_INSTANCE_ID" -d '{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"curl-key","extractable":false}]}' | jq -r '.resources[0].crn'"#,
    );
    yew::scheduler::flush().await;
    press(&find(&root, "[data-testid=command]"), "Enter");
    yew::scheduler::flush().await;
    let screen = text(&root, "[data-testid=terminal]");
    assert!(
        screen.contains("crn:v1:bluemix:public:kms:us-south:") && !screen.contains("exit "),
        "{screen}"
    );
    type_command(&root, "curl https://example.com/");
    yew::scheduler::flush().await;
    press(&find(&root, "[data-testid=command]"), "Enter");
    yew::scheduler::flush().await;
    let screen = text(&root, "[data-testid=terminal]");
    assert!(
        screen.contains("Could not resolve host: example.com")
            && screen.contains("sends nothing anywhere"),
        "{screen}"
    );
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/keys")
        .unwrap();
    wait_for("the keys page", || {
        root.query_selector("[data-testid=keys]").unwrap().is_some()
    })
    .await;
    assert!(text(&root, "[data-testid=keys]").contains("curl-key"));
}

#[wasm_bindgen_test]
async fn the_terminal_runs_ibmcloud_commands_with_history_and_completion() {
    let root = mount("#/terminal").await;
    type_command(&root, "ibmcloud kp key create term-key");
    yew::scheduler::flush().await;
    press(&find(&root, "[data-testid=command]"), "Enter");
    yew::scheduler::flush().await;
    let screen = text(&root, "[data-testid=terminal]");
    assert!(screen.contains("Creating key: 'term-key'"), "{screen}");
    assert!(screen.contains("OK"), "{screen}");
    // A failing command shows FAILED and its exit code (2: a usage error).
    type_command(&root, "ibmcloud kp keyz");
    yew::scheduler::flush().await;
    press(&find(&root, "[data-testid=command]"), "Enter");
    yew::scheduler::flush().await;
    let screen = text(&root, "[data-testid=terminal]");
    assert!(
        screen.contains("FAILED") && screen.contains("exit 2"),
        "{screen}"
    );
    // Up brings back the previous command; Tab completes.
    press(&find(&root, "[data-testid=command]"), "ArrowUp");
    yew::scheduler::flush().await;
    let input: web_sys::HtmlTextAreaElement = find(&root, "[data-testid=command]").unchecked_into();
    assert_eq!(input.value(), "ibmcloud kp keyz");
    type_command(&root, "ibmcloud kp regis");
    yew::scheduler::flush().await;
    press(&find(&root, "[data-testid=command]"), "Tab");
    yew::scheduler::flush().await;
    let input: web_sys::HtmlTextAreaElement = find(&root, "[data-testid=command]").unchecked_into();
    assert_eq!(input.value(), "ibmcloud kp registrations ");
    // Tab is the terminal's (completion), so it keeps the focus; Esc then Tab lets it go, and the
    // next Tab completes again.
    let command = find(&root, "[data-testid=command]");
    assert!(!press(&command, "Tab"), "Tab completes, the focus stays");
    assert!(press(&command, "Escape"));
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=completions]").contains("Tab now leaves"));
    assert!(press(&command, "Tab"), "after Esc, Tab leaves the terminal");
    assert!(!press(&command, "Tab"), "and the next Tab completes again");
    // The output is a log region: a screen reader announces each command's output.
    let output = find(&root, "[data-testid=terminal-output]");
    assert_eq!(output.get_attribute("role").as_deref(), Some("log"));
    assert!(output
        .text_content()
        .unwrap()
        .contains("Creating key: 'term-key'"));
    // The key the terminal created is on the keys page.
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/keys")
        .unwrap();
    wait_for("the keys page", || {
        root.query_selector("[data-testid=keys]").unwrap().is_some()
    })
    .await;
    assert!(text(&root, "[data-testid=keys]").contains("term-key"));
}

#[wasm_bindgen_test]
async fn the_page_api_compares_documented_output_by_shape() {
    let _root = mount("#/").await;
    // The comparison is in the shell's chunk: a promise while it arrives, a value once it is here.
    async fn settle(v: wasm_bindgen::JsValue) -> serde_json::Value {
        let v = match v.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.unwrap(),
            Err(v) => v,
        };
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&v).unwrap())).unwrap()
    }
    // Ids differ between the documentation's account and the sandbox: they count as their kind.
    let same = page_api(
        "compare",
        &[
            "Key ID   12345678-aaaa-4bbb-8ccc-1234567890ab\nOK\n".into(),
            "Key ID   0b8d3c6e-6c1a-4d6e-9d5b-2f1e7a9c4b11\nOK\n".into(),
        ],
    );
    assert_eq!(settle(same).await["matches"], serde_json::json!(true));
    // A changed word is a difference, named with its line on both sides.
    let differ = settle(page_api(
        "compare",
        &["Deleted key\nOK\n".into(), "Deleted key\nFAILED\n".into()],
    ))
    .await;
    assert_eq!(differ["matches"], serde_json::json!(false));
    assert_eq!(differ["differences"][0]["expected"]["number"], 2);
    assert_eq!(differ["differences"][0]["expected"]["text"], "OK");
    assert_eq!(differ["differences"][0]["actual"]["text"], "FAILED");
}
