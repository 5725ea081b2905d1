//! Component tests of the app in headless Chromium: render, let Yew flush, assert on the DOM, act
//! as a user would (type, click), flush again. No sleeps: `yew::scheduler::flush` returns when
//! rendering is done.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A sandbox name no earlier mount (of this run or another) used.
fn unique_name(what: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{what}-{}-{}",
        js_sys::Date::now() as u64,
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Sets the page's address (no reload): the query names the sandbox, the hash the page.
fn set_address(query: &str, hash: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{query}{hash}")),
        )
        .unwrap();
}

/// A fresh app at `hash`, on a sandbox of its own, rendered into its own element once the
/// sandbox has opened from the browser's storage.
async fn mount(hash: &str) -> Element {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    mount_at(&format!("?sandbox={}", unique_name("test")), hash).await
}

/// The app at `query` + `hash`, once its sandbox has opened, its page is drawn (the pages but the
/// overview come in a chunk: `web::split`, immediate here) and its `window.byokSandbox` is this
/// app's (each mount installs its own once the shell is here).
async fn mount_at(query: &str, hash: &str) -> Element {
    set_address(query, hash);
    let window = web_sys::window().unwrap();
    js_sys::Reflect::delete_property(&window, &"byokSandbox".into()).unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox::web::App>::with_root(root.clone()).render();
    let r = root.clone();
    wait_for("the sandbox to open and its page to be drawn", move || {
        r.query_selector("[data-testid=now]").unwrap().is_some()
            && r.query_selector("[data-testid=page-arriving]")
                .unwrap()
                .is_none()
            && js_sys::Reflect::has(&window, &"byokSandbox".into()).unwrap()
    })
    .await;
    yew::scheduler::flush().await;
    root
}

/// Waits for a condition the app reaches on its own (a debounced save), checking every 10 ms, and
/// fails after two seconds.
async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    }
    panic!("timed out waiting for {what}");
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
}

fn button(root: &Element, label: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().is_some_and(|t| t.trim() == label))
        .unwrap_or_else(|| panic!("no button labelled {label}"))
}

/// Calls `window.byokSandbox[name](...args)`, the page's own JS API, as a script on the page would.
fn page_api(name: &str, args: &[wasm_bindgen::JsValue]) -> wasm_bindgen::JsValue {
    let window = web_sys::window().unwrap();
    let api = js_sys::Reflect::get(&window, &"byokSandbox".into()).unwrap();
    let f: js_sys::Function = js_sys::Reflect::get(&api, &name.into())
        .unwrap()
        .unchecked_into();
    f.apply(
        &wasm_bindgen::JsValue::NULL,
        &args.iter().cloned().collect::<js_sys::Array>(),
    )
    .unwrap()
}

/// What `read` gives of every element matching `selector`, in document order.
fn read_all(root: &Element, selector: &str, read: impl Fn(&Element) -> String) -> Vec<String> {
    let all = root.query_selector_all(selector).unwrap();
    (0..all.length())
        .map(|i| read(&all.get(i).unwrap().unchecked_into::<Element>()))
        .collect()
}

/// Types into an input as a person would: the value, then an `input` event.
fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let event =
        web_sys::InputEvent::new_with_event_init_dict("input", &bubbling_input_event_init())
            .unwrap();
    input.dispatch_event(&event).unwrap();
}

fn bubbling_event_init() -> web_sys::EventInit {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init
}

fn bubbling_input_event_init() -> web_sys::InputEventInit {
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init
}

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

/// The earlier version's single localStorage entry, damaged: kept (moved into the kept copies),
/// explained, downloadable; the sandbox opens anyway and the old entry is not read twice.
#[wasm_bindgen_test]
async fn a_damaged_sandbox_from_the_old_storage_is_kept_and_explained() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let damaged = "{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"x\"";
    storage.set_item("byok-sandbox", damaged).unwrap();
    let root = mount_at(&format!("?sandbox={}", unique_name("legacy")), "#/").await;
    let banner = text(&root, "[data-testid=damaged]");
    assert!(banner.contains("could not be read"), "{banner}");
    assert!(banner.contains("Kept copies"), "{banner}");
    assert_eq!(
        storage.get_item("byok-sandbox").unwrap(),
        None,
        "moved, not left to be read again"
    );
    let kept = byok_sandbox::web::store::kept().await.unwrap();
    assert!(
        kept.iter().any(|k| k.kind == "legacy"
            && k.data == byok_sandbox::web::store::KeptData::Text(damaged.into())),
        "the damaged text is kept as it was"
    );
}

/// The earlier version's entry, readable: it becomes the default sandbox, once.
#[wasm_bindgen_test]
async fn the_old_storage_becomes_the_default_sandbox() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let old = "{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"5\",\"actor\":\"bob\",\"journal\":[{\"kind\":\"advance\",\"seconds\":3600}]}";
    storage.set_item("byok-sandbox", old).unwrap();
    let all = byok_sandbox::web::store::list().await.unwrap();
    let had_default = all.iter().any(|m| m.name == "default");
    mount_at("", "#/").await;
    assert_eq!(storage.get_item("byok-sandbox").unwrap(), None);
    let all = byok_sandbox::web::store::list().await.unwrap();
    let moved = all
        .iter()
        .find(|m| {
            m.name
                == if had_default {
                    "from-old-storage"
                } else {
                    "default"
                }
        })
        .expect("the old sandbox is in the store");
    assert_eq!(moved.seed, "5");
    let journal = byok_sandbox::web::store::read_all(&moved.id)
        .await
        .unwrap()
        .unwrap()
        .texts;
    assert_eq!(journal[0], "{\"kind\":\"advance\",\"seconds\":3600}");
}

#[wasm_bindgen_test]
fn saved_files_of_another_format_or_version_are_refused_clearly() {
    use byok_sandbox::web::state::Saved;
    assert!(Saved::parse("not json").unwrap_err().contains("not JSON"));
    assert!(Saved::parse("{\"format\":\"other\"}")
        .unwrap_err()
        .contains("its format is 'other'"));
    assert!(Saved::parse("{\"format\":\"byok-sandbox\",\"version\":9}")
        .unwrap_err()
        .contains("version 9"));
    let ok = Saved::parse("{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"5\",\"actor\":\"bob\",\"journal\":[{\"kind\":\"advance\",\"seconds\":60}]}").unwrap();
    let sb = ok.replay().unwrap();
    assert_eq!(sb.now().to_string(), "2026-01-01T00:01:00Z");
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

/// Presses a key in an element, as a person would.
fn press(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap();
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

/// Every page's URL reads back as that page; anything else is "not found".
#[wasm_bindgen_test]
fn routes_round_trip_through_their_fragments() {
    use byok_sandbox::web::Route;
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

/// Sends a request through the page's `window.byokSandbox` and answers (status, body as JSON).
fn api(method: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let request = serde_json::json!({ "method": method, "path": path, "body": body });
    let request = js_sys::JSON::parse(&request.to_string()).unwrap();
    let response = page_api("request", &[request]);
    let text: String = js_sys::JSON::stringify(&response).unwrap().into();
    let response: serde_json::Value = serde_json::from_str(&text).unwrap();
    let status = response["status"].as_u64().unwrap() as u16;
    (status, response["body"].clone())
}

/// The documentation's path up to the shred, through the page's API: a root key, the
/// authorization, a deployment with the key (ready after 30 minutes) holding one record.
/// Answers (key id, deployment GUID).
fn key_and_deployment() -> (String, String) {
    let (status, created) = api(
        "POST",
        "/api/v2/keys",
        serde_json::json!({
            "metadata": { "collectionType": "application/vnd.ibm.kms.key+json", "collectionTotal": 1 },
            "resources": [{ "type": "application/vnd.ibm.kms.key+json", "name": "pg-root-key", "extractable": false }] }),
    );
    assert_eq!(status, 201, "{created}");
    let key = &created["resources"][0];
    let (id, crn) = (key["id"].as_str().unwrap(), key["crn"].as_str().unwrap());
    let instance = crn.split(':').nth(7).unwrap();
    let (status, _) = api(
        "POST",
        "/v1/policies",
        serde_json::json!({ "type": "authorization",
            "subjects": [{ "attributes": [{ "name": "serviceName", "value": "databases-for-postgresql" }] }],
            "roles": [{ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader" }],
            "resources": [{ "attributes": [{ "name": "serviceName", "value": "kms" },
                                            { "name": "serviceInstance", "value": instance }] }] }),
    );
    assert_eq!(status, 201);
    let (status, db) = api(
        "POST",
        "/v2/resource_instances",
        serde_json::json!({ "name": "orders-db", "target": "us-south", "resource_group": "Default",
            "resource_plan_id": "databases-for-postgresql-standard",
            "parameters": { "disk_encryption_key_crn": crn } }),
    );
    assert_eq!(status, 201, "{db}");
    let guid = db["guid"].as_str().unwrap().to_string();
    page_api("advance", &["30m".into()]);
    let (status, _) = api(
        "PUT",
        &format!("/sandbox/v1/deployments/{guid}/tables/orders/records/1"),
        serde_json::json!({ "value": "espresso" }),
    );
    assert_eq!(status, 200);
    (id.to_string(), guid)
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

/// Every element matching `selector` as (left, right) in pixels, as Chromium laid it out.
fn extents(root: &Element, selector: &str) -> Vec<(f64, f64, String)> {
    let all = root.query_selector_all(selector).unwrap();
    (0..all.length())
        .map(|i| {
            let el: Element = all.get(i).unwrap().unchecked_into();
            let r = el.get_bounding_client_rect();
            (r.left(), r.right(), el.text_content().unwrap_or_default())
        })
        .collect()
}

/// The timeline after the seed path: the axis labels, as the browser draws them, never overlap at
/// any zoom; each span says what ends it; the now line is labelled; events at one instant are one
/// disc with a count that lists them; the deployment sits in its key's group.
#[wasm_bindgen_test]
async fn the_timeline_reads_at_a_glance() {
    let root = mount("#/timeline").await;
    let (key, guid) = key_and_deployment();
    for path in [
        format!("/v2/resource_instances/{guid}"),
        format!("/api/v2/keys/{key}?force=true"),
    ] {
        assert_eq!(
            api("DELETE", &path, serde_json::Value::Null).0,
            204,
            "{path}"
        );
    }
    page_api("advance", &["5m".into()]);
    yew::scheduler::flush().await;

    assert_eq!(text(&root, "[data-testid=now-label]"), "now 01-01 00:35");
    let labels = read_all(&root, ".span-label", |e| e.text_content().unwrap());
    for expected in [
        "purge allowed 01-01 04:30",
        "restore closes 01-31",
        "purged 04-01",
        "reclaimed for good 01-10",
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected} missing from {labels:?}"
        );
    }
    assert_eq!(
        read_all(&root, "g.lane", |e| e.get_attribute("class").unwrap()),
        ["lane", "lane nested"],
        "the deployment in its key's group"
    );
    assert_eq!(root.query_selector_all("rect.group").unwrap().length(), 1);

    // Axis labels as drawn: never overlapping, at the fitted view and zoomed in step by step.
    for zoom in 0..12 {
        let ticks = extents(&root, "text.axis");
        assert!(ticks.len() >= 2, "zoom {zoom}: {ticks:?}");
        for w in ticks.windows(2) {
            assert!(
                w[0].1 <= w[1].0,
                "zoom {zoom}: {} and {} overlap ({ticks:?})",
                w[0].2,
                w[1].2
            );
        }
        button(&root, "Zoom in").click();
        yew::scheduler::flush().await;
    }
    button(&root, "Fit all").click();
    yew::scheduler::flush().await;

    // At the fitted view (three months), each lane's events are one disc with their count: the
    // deployment's five are its create (accepted, then ready), the record, the soft deletion and the shred.
    let discs = read_all(&root, "g.cluster text", |e| e.text_content().unwrap());
    assert_eq!(discs, ["7", "5"]);
    let deployment_disc = root
        .query_selector_all("g.lane.nested g.cluster")
        .unwrap()
        .get(0)
        .unwrap()
        .unchecked_into::<Element>();
    assert!(deployment_disc
        .get_attribute("aria-label")
        .unwrap()
        .contains("instance.schedule_reclaim success"));
    // From the keyboard, as a button: Enter lists the cluster's events.
    press(&deployment_disc, "Enter");
    yew::scheduler::flush().await;
    let listed = read_all(&root, "[data-testid=timeline-cluster] li", |e| {
        e.text_content().unwrap()
    });
    assert_eq!(listed.len(), 5, "{listed:?}");
    let reclaim = root
        .query_selector_all("[data-testid=timeline-cluster] button")
        .unwrap();
    let reclaim = (0..reclaim.length())
        .map(|i| reclaim.get(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap().contains("schedule_reclaim"))
        .expect("the soft deletion's event in the list");
    reclaim.click();
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=timeline-event] h2").contains("instance.schedule_reclaim"));
}

/// The list of saved sandboxes in Settings, on its own: what each row shows, and what its buttons
/// ask before they act.
fn sandbox_list_props(
    heard: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
) -> byok_sandbox::web::sandboxes::ListProps {
    use byok_sandbox::web::store::Meta;
    use yew::Callback;
    let meta = |id: &str, name: &str, seed: &str, used: f64, bytes: u64| Meta {
        id: id.into(),
        name: name.into(),
        seed: seed.into(),
        seq: 3,
        now: "2026-01-02T00:00:00Z".into(),
        last_used: used,
        journal_bytes: bytes,
        ..Meta::default()
    };
    let say = |what: &'static str| {
        let heard = heard.clone();
        Callback::from(move |m: Meta| heard.borrow_mut().push(format!("{what} {}", m.name)))
    };
    let rename = {
        let heard = heard.clone();
        Callback::from(move |(m, name): (Meta, String)| {
            heard.borrow_mut().push(format!("rename {} {name}", m.name))
        })
    };
    byok_sandbox::web::sandboxes::ListProps {
        items: std::rc::Rc::new(vec![
            meta("1", "default", "7", 1_700_000_000_000.0, 2048),
            meta("2", "beta", "42", 1_800_000_000_000.0, 300),
        ]),
        current: "1".into(),
        on_open: say("open"),
        on_rename: rename,
        on_duplicate: say("duplicate"),
        on_export: say("export"),
        on_delete: say("delete"),
        deleted: std::rc::Rc::new(vec![meta("9", "zeta", "1", 0.0, 0)]),
        on_undo: say("undo"),
        problem: None,
    }
}

#[wasm_bindgen_test]
async fn the_sandbox_list_shows_each_sandbox_and_guards_the_current_one() {
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox::web::sandboxes::SandboxList>::with_root_and_props(
        root.clone(),
        sandbox_list_props(heard.clone()),
    )
    .render();
    yew::scheduler::flush().await;
    // Most recently used first; name, seed, simulated now, last used, size.
    let rows = read_all(&root, "[data-testid=sandbox-row]", |e| {
        e.get_attribute("data-name").unwrap()
    });
    assert_eq!(rows, ["beta", "default"]);
    let beta = text(&root, "[data-testid=sandbox-row][data-name=beta]");
    for part in [
        "beta",
        "42",
        "2026-01-02T00:00:00Z",
        "2027-01-15 08:00 UTC",
        "300 B",
    ] {
        assert!(beta.contains(part), "{part} missing from {beta}");
    }
    let current = text(&root, "[data-testid=sandbox-row][data-name=default]");
    assert!(
        current.contains("(this tab)") && current.contains("2.0 KB"),
        "{current}"
    );
    let current_row = find(&root, "[data-testid=sandbox-row][data-name=default]");
    let disabled = read_all(&current_row, "button[disabled]", |b| {
        b.text_content().unwrap()
    });
    assert_eq!(
        disabled,
        ["Open", "Delete"],
        "this tab's sandbox is not opened or deleted from here"
    );
    let beta_row = find(&root, "[data-testid=sandbox-row][data-name=beta]");
    button(&beta_row, "Open").click();
    button(&beta_row, "Duplicate").click();
    button(&beta_row, "Export").click();
    // Undoing a deletion made earlier in this tab.
    assert!(text(&root, "[data-testid=deleted]").contains("Deleted 'zeta'."));
    button(&root, "Undo").click();
    assert_eq!(
        *heard.borrow(),
        ["open beta", "duplicate beta", "export beta", "undo zeta"]
    );
}

#[wasm_bindgen_test]
async fn renaming_refuses_a_taken_or_empty_name_and_deleting_asks_first() {
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox::web::sandboxes::SandboxList>::with_root_and_props(
        root.clone(),
        sandbox_list_props(heard.clone()),
    )
    .render();
    yew::scheduler::flush().await;
    let row = || find(&root, "[data-testid=sandbox-row][data-name=beta]");
    button(&row(), "Rename").click();
    yew::scheduler::flush().await;
    type_into(&root, "[data-testid=rename-input]", "default");
    yew::scheduler::flush().await;
    assert!(text(&row(), ".why").contains("There is already a sandbox called 'default'."));
    assert!(button(&row(), "Save name").has_attribute("disabled"));
    type_into(&root, "[data-testid=rename-input]", "   ");
    yew::scheduler::flush().await;
    assert!(text(&row(), ".why").contains("needs a name"));
    type_into(&root, "[data-testid=rename-input]", " gamma ");
    yew::scheduler::flush().await;
    button(&row(), "Save name").click();
    yew::scheduler::flush().await;
    assert_eq!(*heard.borrow(), ["rename beta gamma"]);
    // Delete asks; "Keep it" keeps it; "Yes, delete" deletes.
    button(&row(), "Delete").click();
    yew::scheduler::flush().await;
    assert!(text(&row(), "[role=alert]").contains("Delete 'beta' and everything in it?"));
    button(&row(), "Keep it").click();
    yew::scheduler::flush().await;
    assert_eq!(heard.borrow().len(), 1, "nothing deleted");
    button(&row(), "Delete").click();
    yew::scheduler::flush().await;
    button(&row(), "Yes, delete").click();
    yew::scheduler::flush().await;
    assert_eq!(*heard.borrow(), ["rename beta gamma", "delete beta"]);
}
