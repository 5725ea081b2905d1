//! The host's theme, for an embed that follows its page (`theme="host"` on the element): the
//! host sends `setTheme({scheme, background, text, link, font})` and the app takes the scheme's
//! colours with those four in place of its own. Every colour of the stylesheet is a custom
//! property, so setting them on the root element restyles everything. `?theme=light|dark` (read
//! by index.html's start, before the stylesheet) fixes the scheme; without it the reader's OS
//! decides.

use wasm_bindgen::prelude::*;

/// The host's values and the properties they set; the longest value taken, so a host cannot fill
/// the page's style with megabytes.
const FIELDS: [(&str, &str); 4] = [
    ("background", "--background"),
    ("text", "--text"),
    ("link", "--interactive"),
    ("font", "--font"),
];
const LONGEST: usize = 200;

/// Applies a host's theme: `scheme` ("light" or "dark") picks the app's colours, and each field
/// given replaces its property (a field left out, or not a string, goes back to the scheme's).
pub fn set(theme: &JsValue) -> Result<(), JsValue> {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let field = |name: &str| {
        js_sys::Reflect::get(theme, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|v| v.len() <= LONGEST)
    };
    match field("scheme").as_deref() {
        Some(scheme @ ("light" | "dark")) => root.set_attribute("data-theme", scheme)?,
        Some(other) => {
            return Err(js_sys::Error::new(&format!(
                "setTheme: scheme is \"light\" or \"dark\", not \"{other}\""
            ))
            .into())
        }
        None => root.remove_attribute("data-theme")?,
    }
    let style = root
        .dyn_ref::<web_sys::HtmlElement>()
        .map(|e| e.style())
        .ok_or_else(|| JsValue::from_str("no root style"))?;
    for (name, property) in FIELDS {
        match field(name) {
            Some(value) => style.set_property(property, &value)?,
            None => {
                style.remove_property(property)?;
            }
        }
    }
    Ok(())
}
