//! What the tests share: a fresh app mounted on a sandbox of its own, its elements found, read and
//! acted on as a person would, and requests through the page's `window.byokSandbox`.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A sandbox name no earlier mount (of this run or another) used.
pub fn unique_name(what: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{what}-{}-{}",
        js_sys::Date::now() as u64,
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Sets the page's address (no reload): the query names the sandbox, the hash the page.
pub fn set_address(query: &str, hash: &str) {
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
pub async fn mount(hash: &str) -> Element {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    mount_at(&format!("?sandbox={}", unique_name("test")), hash).await
}

/// The app at `query` + `hash`, once its sandbox has opened, its page is drawn (the pages but the
/// overview come in a chunk: `frame::split`, immediate here) and its `window.byokSandbox` is this
/// app's (each mount installs its own once the shell is here).
pub async fn mount_at(query: &str, hash: &str) -> Element {
    set_address(query, hash);
    let window = web_sys::window().unwrap();
    js_sys::Reflect::delete_property(&window, &"byokSandbox".into()).unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox_app::App>::with_root(root.clone()).render();
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
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
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

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

pub fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
}

pub fn button(root: &Element, label: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().is_some_and(|t| t.trim() == label))
        .unwrap_or_else(|| panic!("no button labelled {label}"))
}

/// Calls `window.byokSandbox[name](...args)`, the page's own JS API, as a script on the page would.
pub fn page_api(name: &str, args: &[wasm_bindgen::JsValue]) -> wasm_bindgen::JsValue {
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
pub fn read_all(root: &Element, selector: &str, read: impl Fn(&Element) -> String) -> Vec<String> {
    let all = root.query_selector_all(selector).unwrap();
    (0..all.length())
        .map(|i| read(&all.get(i).unwrap().unchecked_into::<Element>()))
        .collect()
}

/// Types into an input as a person would: the value, then an `input` event.
pub fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let event =
        web_sys::InputEvent::new_with_event_init_dict("input", &bubbling_input_event_init())
            .unwrap();
    input.dispatch_event(&event).unwrap();
}

pub fn bubbling_event_init() -> web_sys::EventInit {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init
}

pub fn bubbling_input_event_init() -> web_sys::InputEventInit {
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init
}

/// Presses a key in an element, as a person would; answers whether the page let the browser's
/// own action for it happen (for Tab: moving the focus on).
pub fn press(el: &Element, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(
        &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
    )
    .unwrap()
}

/// Sends a request through the page's `window.byokSandbox` and answers (status, body as JSON).
pub fn api(method: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
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
pub fn key_and_deployment() -> (String, String) {
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
