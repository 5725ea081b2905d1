//! The shell: the clock and the sections, the routes and links, and `window.byokSandbox`.

use crate::helpers::{button, mount, mount_at, page_api, text, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

#[wasm_bindgen_test]
async fn the_shell_shows_the_clock_and_every_section() {
    let root = mount("#/").await;
    assert_eq!(text(&root, "[data-testid=now]"), "Now 2026-01-01T00:00:00Z");
    let nav = text(&root, "nav");
    for section in [
        "Overview",
        "Key Protect",
        "IAM",
        "Databases",
        "Reclamations",
        "Timeline",
        "Activity",
        "Settings",
    ] {
        assert!(nav.contains(section), "{section} missing from {nav}");
    }
    button(&root, "+1 d").click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-testid=now]"), "Now 2026-01-02T00:00:00Z");
    // The change is saved: the sandbox opened again from storage has the clock step.
    let name = web_sys::UrlSearchParams::new_with_str(
        &web_sys::window().unwrap().location().search().unwrap(),
    )
    .unwrap()
    .get("sandbox")
    .unwrap();
    let again_root = mount_at(&format!("?sandbox={name}"), "#/").await;
    let again = text(&again_root, "[data-testid=now]");
    assert_eq!(again, "Now 2026-01-02T00:00:00Z");
}

#[wasm_bindgen_test]
async fn the_page_exposes_the_live_sandbox_as_window_byok_sandbox() {
    let root = mount("#/keys").await;
    let request = js_sys::JSON::parse(
        r#"{"method":"POST","path":"/api/v2/keys","body":{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"from-js"}]}}"#,
    )
    .unwrap();
    let response = page_api("request", &[request]);
    assert_eq!(
        js_sys::Reflect::get(&response, &"status".into())
            .unwrap()
            .as_f64(),
        Some(201.0)
    );
    yew::scheduler::flush().await;
    assert!(
        text(&root, "[data-testid=keys]").contains("from-js"),
        "the page shows what the script did"
    );
    assert_eq!(
        page_api("advance", &["2h".into()]).as_string().as_deref(),
        Some("2026-01-01T02:00:00Z")
    );
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-testid=now]"), "Now 2026-01-01T02:00:00Z");
    let exported = page_api("exportState", &[]).as_string().unwrap();
    assert!(exported.contains("\"name\":\"from-js\""), "{exported}");
}

/// Every page's URL reads back as that page; anything else is "not found".
#[wasm_bindgen_test]
fn routes_round_trip_through_their_fragments() {
    use byok_sandbox_app::frame::Route;
    let id = || "0f1e2d3c-aaaa-4bbb-8ccc-123456789abc".to_string();
    for route in [
        Route::Overview,
        Route::Keys,
        Route::Key { id: id() },
        Route::Iam,
        Route::Databases,
        Route::Deployment { id: id() },
        Route::Reclamations,
        Route::Timeline,
        Route::Activity,
        Route::Console,
        Route::Terminal,
        Route::Scenarios,
        Route::Scenario {
            id: "byok-seed".into(),
        },
        Route::Settings,
    ] {
        assert_eq!(Route::parse(&format!("#{}", route.path())), route);
    }
    assert_eq!(Route::parse(""), Route::Overview);
    assert_eq!(Route::parse("#/keys/"), Route::Keys, "a trailing slash");
    assert_eq!(Route::parse("#/nowhere"), Route::NotFound);
    assert_eq!(Route::parse("#/keys/a/b"), Route::NotFound);
}

/// A link moves at once; the browser's Back returns to the page before.
#[wasm_bindgen_test]
async fn links_move_at_once_and_back_returns() {
    let root = mount("#/").await;
    let link = root
        .query_selector("nav a[href='#/timeline']")
        .unwrap()
        .expect("a nav link to the timeline");
    link.unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "main h1"), "Timeline");
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "#/timeline"
    );
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("the overview again", || {
        root.query_selector("main h1")
            .unwrap()
            .and_then(|h| h.text_content())
            .as_deref()
            == Some("Overview")
    })
    .await;
}
