//! Reading form inputs from their events.

use wasm_bindgen::JsCast;
use yew::prelude::*;

pub fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>()
        .value()
}

pub fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

pub fn textarea_value(e: &InputEvent) -> String {
    e.target()
        .map(|t| t.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default()
}
