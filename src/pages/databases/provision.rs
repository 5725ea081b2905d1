//! The provisioning form: the key is picked by name among the root keys the chosen service is
//! authorized to read, or typed as a CRN.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::frame::router::{use_router, Route};
use crate::frame::state::{use_app, Handle};
use crate::ui::{input_value, select_value, use_requester};
use byok_engine::databases::SERVICES;
use byok_engine::iam::ServiceRole;
use byok_engine::sandbox::REGIONS;

/// The provisioning form lists at most this many keys; a name filter reaches the others.
const MAX_KEYS_LISTED: usize = 100;

/// The active root keys the form lists, as (crn, name, whether `service` may read it), and how
/// many there are in all. Keys the service may read come first. The list stops at 100 (the page
/// stays small with thousands of keys); a name filter reaches any other, and the key `picked`
/// always stays listed.
fn listed_keys(
    app: &Handle,
    service: &str,
    picked: &str,
    filter: &str,
) -> (Vec<(String, String, bool)>, usize) {
    let mut keys: Vec<(String, String, bool)> = {
        let sb = app.sb.borrow();
        sb.keys()
            .filter(|k| !k.extractable && k.state == byok_engine::kms::KeyState::Active)
            .map(|k| {
                let authorized = sb
                    .authorizations()
                    .iter()
                    .any(|a| a.grants(service, None, &k.instance, ServiceRole::Reader));
                (k.crn.clone(), k.name.clone(), authorized)
            })
            .collect()
    };
    byok_engine::sort::sort_by_key(&mut keys, |(_, _, authorized)| !*authorized);
    let all_keys = keys.len();
    let needle = filter.trim().to_ascii_lowercase();
    let mut listed = 0;
    keys.retain(|(crn, name, _)| {
        let keep = crn == picked
            || (listed < MAX_KEYS_LISTED && name.to_ascii_lowercase().contains(&needle));
        listed += usize::from(keep && crn != picked);
        keep
    });
    (keys, all_keys)
}

#[function_component(Provision)]
pub fn provision() -> Html {
    let app = use_app();
    let requester = use_requester();
    let service = use_state(|| SERVICES[0].0.to_string());
    let name = use_state(String::new);
    let region = use_state(|| "us-south".to_string());
    let key = use_state(String::new);
    let typed = use_state(String::new);
    let key_filter = use_state(String::new);
    let navigator = use_router();
    let (keys, all_keys) = listed_keys(&app, &service, &key, &key_filter);
    let chosen = if !typed.trim().is_empty() {
        typed.trim().to_string()
    } else {
        (*key).clone()
    };
    let on_submit = {
        let (requester, service, name, region) = (
            requester.clone(),
            service.clone(),
            name.clone(),
            region.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut body = json!({ "name": *name, "target": *region, "resource_group": "Default", "resource_plan_id": format!("{}-standard", *service) });
            if !chosen.is_empty() {
                body["parameters"] = json!({ "disk_encryption_key_crn": chosen });
            }
            let navigator = navigator.clone();
            requester.send_then("POST", "/v2/resource_instances", Some(body), move |resp| {
                let guid = resp
                    .body
                    .as_ref()
                    .and_then(|b| b.get("guid"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                navigator.push(Route::Deployment { id: guid });
            });
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    let pick = |h: UseStateHandle<String>| Callback::from(move |e: Event| h.set(select_value(&e)));
    html! {
        <form class="card" onsubmit={on_submit} data-testid="provision">
            <h2>{ "Create a deployment" }</h2>
            <label>{ "Service" }<select aria-label="Service" onchange={pick(service.clone())}>
                { for SERVICES.iter().map(|(id, n)| html! { <option value={*id} selected={*service == *id}>{ *n }</option> }) }
            </select></label>
            <label>{ "Name" }<input required=true aria-label="Deployment name" value={(*name).clone()} oninput={text(name.clone())} placeholder="orders-db" /></label>
            <label>{ "Region" }<select aria-label="Region" onchange={pick(region.clone())}>
                { for REGIONS.iter().map(|r| html! { <option value={*r} selected={*region == *r}>{ *r }</option> }) }
            </select></label>
            // Kept while it holds text, so a filter never stays in force out of sight.
            if all_keys > MAX_KEYS_LISTED || !key_filter.is_empty() {
                <label>{ "Find a key" }<input type="search" aria-label="Filter keys by name" value={(*key_filter).clone()} oninput={text(key_filter.clone())} placeholder="part of a key name" /></label>
            }
            <label>{ "Disk encryption key" }<select aria-label="Disk encryption key" onchange={pick(key.clone())}>
                <option value="" selected={key.is_empty()}>{ "Service-managed key (no BYOK)" }</option>
                { for keys.iter().map(|(crn, n, ok)| html! {
                    <option value={crn.clone()} selected={*key == *crn}>{ format!("{n}{}", if *ok { "" } else { " (not authorized for this service)" }) }</option>
                }) }
            </select></label>
            if keys.len() < all_keys {
                <p class="muted" data-testid="keys-listed">{ format!("{} of {all_keys} active root keys listed: type part of a name to find another.", keys.len()) }</p>
            }
            <label>{ "…or a key CRN" }<input aria-label="Key CRN" value={(*typed).clone()} oninput={text(typed.clone())} placeholder="crn:v1:bluemix:public:kms:us-south:a/…:…:key:…" /></label>
            <button type="submit">{ "Create" }</button>
            { requester.view() }
        </form>
    }
}
