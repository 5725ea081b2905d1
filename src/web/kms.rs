//! Key Protect pages: the keys table with the create / import form, and a key's detail with every
//! date, its versions, policies, protected resources, and every action the service offers.

use serde_json::json;
use yew::prelude::*;

use super::common::{call, input_value, relative, select_value, state_name, Outcome, Pager};
use super::router::Link;
use super::state::use_app;
use super::Route;
use crate::engine::databases::Deployment;
use crate::engine::kms::KeyView;

const PER_PAGE: usize = 50;

#[function_component(KeysPage)]
pub fn keys_page() -> Html {
    let app = use_app();
    let filter = use_state(String::new);
    let state = use_state(|| "live".to_string());
    let kind = use_state(|| "all".to_string());
    let sort = use_state(|| "created".to_string());
    let page = use_state(|| 0usize);
    let (now, mut keys, instance) = {
        let sb = app.sb.borrow();
        let now = sb.now();
        let keys: Vec<KeyView> = sb.keys().map(|k| k.view(now, false)).collect();
        (
            now,
            keys,
            sb.instances()
                .first()
                .map(|i| (i.name.clone(), i.guid.clone(), i.region.clone())),
        )
    };
    let needle = filter.to_ascii_lowercase();
    keys.retain(|k| {
        let state_ok = match state.as_str() {
            "live" => k.state != 5,
            "all" => true,
            s => s.parse::<u8>().is_ok_and(|n| n == k.state),
        };
        let kind_ok = match kind.as_str() {
            "root" => !k.extractable,
            "standard" => k.extractable,
            _ => true,
        };
        let name_ok = needle.is_empty()
            || k.name.to_ascii_lowercase().contains(&needle)
            || k.id.contains(&needle)
            || k.aliases
                .iter()
                .flatten()
                .any(|a| a.to_ascii_lowercase().contains(&needle));
        state_ok && kind_ok && name_ok
    });
    match sort.as_str() {
        "name" => crate::engine::sort::sort_by(&mut keys, |a, b| a.name.cmp(&b.name)),
        "state" => crate::engine::sort::sort_by_key(&mut keys, |k| k.state),
        _ => {}
    }
    let total = keys.len();
    let shown: Vec<KeyView> = keys
        .into_iter()
        .skip(*page * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let on_filter = {
        let (filter, page) = (filter.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            filter.set(input_value(&e));
            page.set(0);
        })
    };
    let select = |h: UseStateHandle<String>| {
        let page = page.clone();
        Callback::from(move |e: Event| {
            h.set(select_value(&e));
            page.set(0);
        })
    };
    let on_page = {
        let page = page.clone();
        Callback::from(move |n| page.set(n))
    };
    html! {
        <section>
            <h1>{ "Key Protect" }</h1>
            if let Some((name, guid, region)) = instance {
                <p class="muted">{ format!("Instance {name} ({guid}) in {region}") }</p>
            }
            <CreateKey />
            <div class="toolbar">
                <input type="search" placeholder="Filter by name, alias or id" aria-label="Filter keys" value={(*filter).clone()} oninput={on_filter} />
                <label>{ "State " }<select onchange={select(state.clone())} aria-label="State">
                    { for [("live", "not destroyed"), ("all", "all"), ("1", "Active"), ("2", "Suspended"), ("3", "Deactivated"), ("5", "Destroyed")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*state == v}>{ l }</option> }) }
                </select></label>
                <label>{ "Type " }<select onchange={select(kind.clone())} aria-label="Type">
                    { for [("all", "all"), ("root", "root"), ("standard", "standard")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*kind == v}>{ l }</option> }) }
                </select></label>
                <label>{ "Sort " }<select onchange={select(sort.clone())} aria-label="Sort">
                    { for [("created", "creation"), ("name", "name"), ("state", "state")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*sort == v}>{ l }</option> }) }
                </select></label>
            </div>
            <table data-testid="keys">
                <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "State" }</th><th>{ "Created" }</th><th>{ "ID" }</th></tr></thead>
                <tbody>
                    { for shown.iter().map(|k| html! {
                        <tr class={format!("state-{}", k.state)}>
                            <td><Link to={Route::Key { id: k.id.clone() }}>{ k.name.clone() }</Link></td>
                            <td>{ if k.extractable { "standard" } else { "root" } }{ if k.imported { " (imported)" } else { "" } }</td>
                            <td><span class={format!("pill s{}", k.state)}>{ state_name(k.state) }</span></td>
                            <td>{ relative(k.creation_date, now) }</td>
                            <td class="mono">{ k.id.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if total == 0 { <p class="muted">{ "No keys match." }</p> }
            <Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}

/// Create or import a key, validated by the service itself: its refusal is shown as it comes.
#[function_component(CreateKey)]
fn create_key() -> Html {
    let app = use_app();
    let name = use_state(String::new);
    let root = use_state(|| true);
    let material = use_state(String::new);
    let description = use_state(String::new);
    let outcome = use_state(Outcome::default);
    let on_submit = {
        let (app, name, root, material, description, outcome) = (
            app.clone(),
            name.clone(),
            root.clone(),
            material.clone(),
            description.clone(),
            outcome.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut key = json!({ "type": "application/vnd.ibm.kms.key+json", "name": *name, "extractable": !*root });
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
            call(
                &app,
                "POST",
                "/api/v2/keys".into(),
                Some(body),
                outcome.clone(),
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
            { outcome.view() }
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct KeyProps {
    pub id: String,
}

#[function_component(KeyPage)]
pub fn key_page(p: &KeyProps) -> Html {
    let app = use_app();
    let outcome = use_state(Outcome::default);
    let confirm = use_state(|| None::<&'static str>);
    let typed = use_state(String::new);
    let sb = app.sb.borrow();
    let now = sb.now();
    let Some(key) = sb.key(&p.id) else {
        return html! {
            <section>
                <h1>{ "Key not found" }</h1>
                <p>{ format!("No key {} exists: it may have been purged (every call about it now answers 404 KEY_NOT_FOUND_ERR).", p.id) }</p>
                <Link to={Route::Keys}>{ "All keys" }</Link>
            </section>
        };
    };
    let view = key.view(now, false);
    let registrations: Vec<_> = sb
        .registrations()
        .filter(|r| r.key_id == key.id)
        .cloned()
        .collect();
    // The deployments registered on the key, found once: each is named and linked under "Protected
    // resources", and those whose disk it encrypts are what a force delete shreds.
    let registered: Vec<&Deployment> = sb
        .deployments()
        .filter(|d| registrations.iter().any(|r| r.resource_crn == d.crn))
        .collect();
    let named = |d: &Deployment| format!("{} ({})", d.name, d.display_service());
    let resources: Vec<Option<(String, String)>> = registrations
        .iter()
        .map(|r| {
            registered
                .iter()
                .find(|d| d.crn == r.resource_crn)
                .map(|d| (d.guid.clone(), named(d)))
        })
        .collect();
    let shredded: Vec<String> = registered
        .iter()
        .filter(|d| d.disk_key_crn.as_deref() == Some(key.crn.as_str()))
        .map(|d| named(d))
        .collect();
    let versions: Vec<(String, String)> = key
        .versions
        .iter()
        .rev()
        .map(|v| (v.id.clone(), v.created.to_string()))
        .collect();
    drop(sb);
    let path = format!("/api/v2/keys/{}", p.id);
    let act = |method: &'static str, suffix: &'static str, done: &'static str| {
        let (app, outcome, path, confirm) =
            (app.clone(), outcome.clone(), path.clone(), confirm.clone());
        Callback::from(move |_| {
            confirm.set(None);
            call(
                &app,
                method,
                format!("{path}{suffix}"),
                None,
                outcome.clone(),
                done.to_string(),
            );
        })
    };
    let ask = |what: &'static str| {
        let (confirm, typed) = (confirm.clone(), typed.clone());
        Callback::from(move |_| {
            typed.set(String::new());
            confirm.set(Some(what));
        })
    };
    let policy = |body: serde_json::Value, which: &'static str, done: &'static str| {
        let (app, outcome, path) = (app.clone(), outcome.clone(), path.clone());
        Callback::from(move |_| {
            let envelope = json!({ "metadata": { "collectionType": "application/vnd.ibm.kms.policy+json", "collectionTotal": 1 }, "resources": [body.clone()] });
            call(
                &app,
                "PUT",
                format!("{path}/policies?policy={which}"),
                Some(envelope),
                outcome.clone(),
                done.to_string(),
            );
        })
    };
    let date = |label: &str, t: Option<crate::engine::Timestamp>| match t {
        Some(t) => {
            html! { <tr><th>{ label.to_string() }</th><td>{ format!("{t} ({})", relative(t, now)) }</td></tr> }
        }
        None => html! {},
    };
    let confirm_view = match *confirm {
        Some("delete") => html! {
            <div class="confirm" role="dialog" aria-label="Confirm deletion">
                <p>{ "Delete this key? It becomes Destroyed; it can be restored within 30 days and is purged after 90." }</p>
                <button class="danger" onclick={act("DELETE", "", "Key deleted")}>{ "Delete" }</button>
                <button onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(None)) }}>{ "Cancel" }</button>
            </div>
        },
        Some("force") => {
            let matches = *typed == view.name;
            html! {
                <div class="confirm danger-zone" role="dialog" aria-label="Confirm force deletion">
                    <p><strong>{ "Force delete is cryptoshredding." }</strong>{ " Every resource this key protects loses its data for good." }</p>
                    if !shredded.is_empty() {
                        <p>{ "These deployments will be shredded: " }<strong data-testid="shred-list">{ shredded.join(", ") }</strong></p>
                    }
                    <label>{ format!("Type the key's name ({}) to confirm", view.name) }
                        <input data-testid="confirm-name" aria-label="Key name to confirm" value={(*typed).clone()}
                            oninput={{ let t = typed.clone(); Callback::from(move |e: InputEvent| t.set(input_value(&e))) }} /></label>
                    <button class="danger" disabled={!matches} data-testid="confirm-force" onclick={act("DELETE", "?force=true", "Key force-deleted: registered resources are being cryptoshredded")}>{ "Force delete" }</button>
                    <button onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(None)) }}>{ "Cancel" }</button>
                </div>
            }
        }
        Some("purge") => html! {
            <div class="confirm" role="dialog" aria-label="Confirm purge">
                <p>{ "Purge removes the key and its metadata for good (KeyPurge role, 4 hours after deletion)." }</p>
                <button class="danger" onclick={act("DELETE", "/purge", "Key purged")}>{ "Purge" }</button>
                <button onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(None)) }}>{ "Cancel" }</button>
            </div>
        },
        _ => html! {},
    };
    let destroyed = view.state == 5;
    html! {
        <section>
            <p><Link to={Route::Keys}>{ "← Keys" }</Link></p>
            <h1>{ view.name.clone() }<span class={format!("pill s{}", view.state)} data-testid="key-state">{ state_name(view.state) }</span></h1>
            <div class="actions">
                if !destroyed {
                    <button onclick={act("POST", "/actions/rotate", "Key rotated")} disabled={view.extractable}>{ "Rotate" }</button>
                    <button onclick={act("POST", "/actions/disable", "Key disabled")} disabled={view.state != 1}>{ "Disable" }</button>
                    <button onclick={act("POST", "/actions/enable", "Key enabled")} disabled={view.state != 2}>{ "Enable" }</button>
                    <button onclick={act("POST", "/actions/sync", "Key state re-sent to registered resources")}>{ "Sync" }</button>
                    if view.dual_auth_delete.enabled {
                        <button onclick={act("POST", "/actions/setKeyForDeletion", "Deletion authorized for 7 days")}>{ "Authorize deletion" }</button>
                        <button onclick={act("POST", "/actions/unsetKeyForDeletion", "Deletion authorization withdrawn")}>{ "Withdraw authorization" }</button>
                    }
                    <button class="danger" onclick={ask("delete")} data-testid="delete-key">{ "Delete" }</button>
                    <button class="danger" onclick={ask("force")} data-testid="force-delete-key">{ "Force delete…" }</button>
                } else {
                    <button onclick={act("POST", "/restore", "Key restored")} data-testid="restore-key">{ "Restore" }</button>
                    <button class="danger" onclick={ask("purge")}>{ "Purge…" }</button>
                }
            </div>
            { confirm_view }
            { outcome.view() }
            <div class="grid2">
                <table class="facts">
                    <tr><th>{ "ID" }</th><td class="mono">{ view.id.clone() }</td></tr>
                    <tr><th>{ "CRN" }</th><td class="mono" data-testid="key-crn">{ view.crn.clone() }</td></tr>
                    <tr><th>{ "Type" }</th><td>{ if view.extractable { "standard" } else { "root" } }{ if view.imported { ", imported" } else { ", generated" } }{ format!(", AES-{}", view.algorithm_metadata.bit_length) }</td></tr>
                    <tr><th>{ "Key ring" }</th><td>{ view.key_ring_id.clone() }</td></tr>
                    <tr><th>{ "Created by" }</th><td>{ view.created_by.clone() }</td></tr>
                    { date("Created", Some(view.creation_date)) }
                    { date("Last updated", Some(view.last_update_date)) }
                    { date("Last rotated", view.last_rotate_date) }
                    { date("Expires", view.expiration_date) }
                    { date("Deleted", view.deletion_date) }
                    { date("Purge allowed from", view.purge_allowed_from) }
                    { date("Restore possible until", view.restore_expiration_date) }
                    { date("Purged automatically on", view.purge_scheduled_on) }
                    { date("Deletion authorized until", view.dual_auth_delete.auth_expiration) }
                </table>
                <div>
                    <h2>{ "Versions" }</h2>
                    <ol class="mono">{ for versions.iter().map(|(id, at)| html! { <li>{ format!("{id} · {at}") }</li> }) }</ol>
                    <h2>{ "Policies" }</h2>
                    <p>{ match &view.rotation { Some(r) if r.enabled => format!("Rotates every {} month(s).", r.interval_month), _ => "No rotation policy.".into() } }
                        { " " }{ if view.dual_auth_delete.enabled { "Dual authorization delete is on." } else { "Dual authorization delete is off." } }</p>
                    if !destroyed && !view.extractable {
                        <div class="actions">
                            <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "rotation": {"enabled": true, "interval_month": 1}}), "rotation", "Rotation policy set: monthly")}>{ "Rotate monthly" }</button>
                            <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "rotation": {"enabled": false, "interval_month": 1}}), "rotation", "Rotation policy off")}>{ "No rotation policy" }</button>
                            <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "dualAuthDelete": {"enabled": true}}), "dualAuthDelete", "Dual authorization delete on")}>{ "Require dual authorization" }</button>
                        </div>
                    }
                    <h2>{ "Protected resources" }</h2>
                    if registrations.is_empty() { <p class="muted">{ "None: this key protects no registered resource." }</p> }
                    <ul data-testid="registrations">
                        { for registrations.iter().zip(&resources).map(|(r, resource)| html! {
                            <li>
                                if let Some((guid, name)) = resource.clone() {
                                    <Link to={Route::Deployment { id: guid }}>{ name }</Link>{ " " }
                                }
                                <span class="mono">{ r.resource_crn.clone() }</span>
                                { format!(" · version {} · since {}", short(&r.key_version.id), r.creation_date) }
                                { if r.prevent_key_deletion { " · prevents deletion" } else { "" } }</li>
                        }) }
                    </ul>
                </div>
            </div>
        </section>
    }
}

pub fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
