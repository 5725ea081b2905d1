//! Create or import a key.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::ui::{input_value, select_value, use_requester};

/// The request's body for a key named `name`, imported from `material` unless it is empty; and
/// what the answer says it did.
fn key_body(name: &str, root: bool, material: &str, description: &str) -> (Value, &'static str) {
    let mut key =
        json!({ "type": "application/vnd.ibm.kms.key+json", "name": name, "extractable": !root });
    if !material.trim().is_empty() {
        key["payload"] = json!(material.trim());
    }
    if !description.trim().is_empty() {
        key["description"] = json!(description.trim());
    }
    let body = json!({ "metadata": { "collectionType": "application/vnd.ibm.kms.key+json", "collectionTotal": 1 }, "resources": [key] });
    let verb = if material.trim().is_empty() {
        "Created"
    } else {
        "Imported"
    };
    (body, verb)
}

/// Create or import a key, validated by the service itself: its refusal is shown as it comes.
#[function_component(CreateKey)]
pub fn create_key() -> Html {
    let requester = use_requester();
    let name = use_state(String::new);
    let root = use_state(|| true);
    let material = use_state(String::new);
    let description = use_state(String::new);
    let on_submit = {
        let (requester, name, root, material, description) = (
            requester.clone(),
            name.clone(),
            root.clone(),
            material.clone(),
            description.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (body, verb) = key_body(&name, *root, &material, &description);
            requester.send(
                "POST",
                "/api/v2/keys",
                Some(body),
                format!("{verb} key {}", *name),
            );
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    let on_type = {
        let root = root.clone();
        Callback::from(move |e: Event| root.set(select_value(&e) == "root"))
    };
    html! {
        <form class="card" onsubmit={on_submit} data-testid="create-key">
            <h2>{ "Create or import a key" }</h2>
            <label>{ "Name" }<input required=true value={(*name).clone()} oninput={text(name.clone())} aria-label="Key name" placeholder="my-root-key" /></label>
            <label>{ "Type" }<select onchange={on_type} aria-label="Key type">
                <option value="root" selected={*root}>{ "Root key (wraps data encryption keys)" }</option>
                <option value="standard" selected={!*root}>{ "Standard key (extractable)" }</option>
            </select></label>
            <label>{ "Key material to import (base64, optional)" }<input value={(*material).clone()} oninput={text(material.clone())} aria-label="Key material" placeholder="leave empty to generate AES-256" /></label>
            <label>{ "Description" }<input value={(*description).clone()} oninput={text(description.clone())} aria-label="Description" /></label>
            <button type="submit">{ "Create key" }</button>
            { requester.view() }
        </form>
    }
}
