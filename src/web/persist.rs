//! Browser storage, files and the URL: the only place the app touches them.

use wasm_bindgen::JsCast;

use super::state::{AppState, Saved};

const KEY: &str = "byok-sandbox";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What the app starts from: the `?seed=` in the URL, the stored sandbox, or a fresh random one.
pub fn load() -> AppState {
    let url_seed = url_param("seed").and_then(|s| s.parse::<u64>().ok());
    let stored = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    let fresh = || AppState::fresh(url_seed.unwrap_or_else(random_seed));
    let Some(text) = stored else { return fresh() };
    match Saved::parse(&text).and_then(AppState::from_saved) {
        // A seed in the URL that differs from the stored one asks for a new sandbox.
        Ok(state) if url_seed.is_some_and(|s| s != state.seed) => fresh(),
        Ok(state) => state,
        Err(why) => {
            let mut state = fresh();
            state.damaged = Some(std::rc::Rc::new((why, text)));
            state
        }
    }
}

/// Saves after every change; says why when the browser refuses (the 5 MiB quota).
pub fn save(state: &AppState) -> Result<(), String> {
    if state.damaged.is_some() {
        // The damaged copy stays until the user has decided what to do with it.
        return Ok(());
    }
    let text = serde_json::to_string(&state.saved()).map_err(|e| e.to_string())?;
    let store = storage()
        .ok_or("this browser gives the page no storage: the sandbox lives until the tab closes")?;
    store.set_item(KEY, &text).map_err(|_| {
        format!(
            "the browser refused to save the sandbox ({} KB): its storage quota is full. Export the sandbox to keep it.",
            text.len() / 1024
        )
    })
}

pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
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

/// Offers `text` as a file download.
pub fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
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
