//! Files, the URL and the old single-entry storage: the browser's odds and ends the app touches.
//! (The sandboxes' own storage is `store`.)

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Where the app kept its one sandbox before there were named ones: read once, then moved.
pub const LEGACY_KEY: &str = "byok-sandbox";

/// The old single-entry storage's text, if this browser has one.
pub fn legacy_text() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(LEGACY_KEY)
        .ok()?
}

pub fn forget_legacy() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(LEGACY_KEY);
    }
}

/// A User Timing mark ("byok-sandbox <what>"), for scripts/bench-app.mjs to see where opening
/// spends its time.
pub fn mark(what: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(&format!("byok-sandbox {what}"));
    }
}

/// Runs `f` once, in a task of its own, after the browser's next paint (a frame, then a zero
/// timeout), or after 100 ms if no frame comes first: a page in a background tab, or an iframe out
/// of view, may get no frames at all.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let fire = move || {
        if let Some(f) = once.take() {
            f();
        }
    };
    gloo_timers::callback::Timeout::new(100, fire.clone()).forget();
    let Some(window) = web_sys::window() else {
        return fire();
    };
    let later = Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, fire).forget();
    });
    let _ = window.request_animation_frame(later.unchecked_ref());
}

/// Waits `ms` milliseconds of real time.
pub async fn sleep(ms: i32) {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// The sandbox the page's address names, and the seed a new one starts from:
/// `?sandbox=NAME` names it; a link that sets one up (`?seed=N`, `?scenario=ID`,
/// `?scenario-url=...`) without a name opens one of its own (`seed-N`, `tour-ID`, `tour-ID-seed-N`)
/// so it never replaces another; plain `/` is the reader's default sandbox.
pub fn sandbox_from_url() -> (String, Option<u64>) {
    let seed = url_param("seed").and_then(|s| s.trim().parse::<u64>().ok());
    if let Some(name) = url_param("sandbox")
        .map(|n| clean_name(&n))
        .filter(|n| !n.is_empty())
    {
        return (name, seed);
    }
    let tour = url_param("scenario").or_else(|| {
        url_param("scenario-url").map(|u| {
            let file = u.rsplit('/').next().unwrap_or_default();
            file.split('.').next().unwrap_or_default().to_string()
        })
    });
    let name = match (tour, seed) {
        (Some(t), Some(s)) => format!("tour-{t}-seed-{s}"),
        (Some(t), None) => format!("tour-{t}"),
        (None, Some(s)) => format!("seed-{s}"),
        (None, None) => DEFAULT_SANDBOX.to_string(),
    };
    (clean_name(&name), seed)
}

pub const DEFAULT_SANDBOX: &str = "default";

/// A sandbox name as the app keeps it: trimmed, at most 80 characters, no control characters.
pub fn clean_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect()
}

/// The address of sandbox `name` on this page (keeping `?embed=1`), opening `#/`.
pub fn sandbox_url(name: &str) -> String {
    sandbox_url_at(name, "#/")
}

/// The address of sandbox `name` on this page (keeping `?embed=1`), opening `hash`.
pub fn sandbox_url_at(name: &str, hash: &str) -> String {
    let mut q = String::from("?");
    if url_param("embed").is_some_and(|v| v == "1") {
        q.push_str("embed=1&");
    }
    if name == DEFAULT_SANDBOX {
        q.pop();
    } else {
        q.push_str("sandbox=");
        q.push_str(&String::from(js_sys::encode_uri_component(name)));
    }
    format!("{}{}{hash}", path(), q)
}

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Puts `?sandbox=NAME` in the address bar without a reload (after a rename), keeping the page.
pub fn show_sandbox_in_url(name: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let url = sandbox_url_at(name, if hash.is_empty() { "#/" } else { &hash });
    if let Ok(h) = window.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Opens sandbox `name` in this tab.
pub fn go_to_sandbox(name: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(&sandbox_url(name));
    }
}

pub fn random_seed() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the browser has a random source");
    // Seeds shown to people stay below 2^53, so they survive being typed into a URL or JSON.
    u64::from_le_bytes(b) >> 11
}

pub fn url_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Offers `text` (JSON) as a file download.
pub fn download(name: &str, text: &str) {
    download_text(name, text, "application/json");
}

/// Offers `text` as a file download of the type `kind`.
pub fn download_text(name: &str, text: &str, kind: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    offer(name, &parts, kind);
}

/// Offers `bytes` as a file download.
pub fn download_bytes(name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    offer(name, &parts, "application/octet-stream");
}

fn offer(name: &str, parts: &js_sys::Array, kind: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(parts, &options)
    else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Fetches a text file (a scenario) by URL; relative URLs are the page's own files.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "{url} answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(|_| "the answer has no text")?)
        .await
        .map_err(|_| "the answer could not be read")?;
    text.as_string()
        .ok_or_else(|| "the answer is not text".to_string())
}

/// Reads the first file of a file input as text.
pub async fn read_file(input: web_sys::HtmlInputElement) -> Result<String, String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("no file was chosen")?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read")?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_string())
}
