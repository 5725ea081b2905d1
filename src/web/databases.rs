//! Cloud Databases: the catalog and provisioning form, a deployment's detail (state and progress,
//! data, the encrypted disk, backups, security), and the reclamations of soft-deleted deployments.

use serde_json::{json, Value};
use yew::prelude::*;

use super::common::{input_value, relative, select_value, Outcome, ShownError};
use super::router::{use_router, Link};
use super::state::{use_app, Action, Handle};
use super::Route;
use crate::engine::command::DeploymentView;
use crate::engine::databases::SERVICES;
use crate::engine::iam::ServiceRole;
use crate::engine::sandbox::REGIONS;
use crate::engine::Response;

const PER_PAGE: usize = 50;
/// The provisioning form lists at most this many keys; a name filter reaches the others.
const MAX_KEYS_LISTED: usize = 100;

fn views(app: &Handle) -> Vec<DeploymentView> {
    let sb = app.sb.borrow();
    sb.deployments().map(|d| sb.deployment_view(d)).collect()
}

fn state_label(d: &DeploymentView) -> String {
    match (d.state, &d.disabled_reason) {
        (_, _) if d.cryptoshredded && d.state == "pending_reclamation" => {
            "pending reclamation · cryptoshredded".into()
        }
        (_, _) if d.cryptoshredded => "disabled · cryptoshredded".into(),
        ("inactive", Some(r)) => format!(
            "disabled · {}",
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_object().and_then(|o| o.keys().next().cloned())))
                .unwrap_or_default()
                .replace('_', " ")
        ),
        (s, _) => s.replace('_', " "),
    }
}

#[function_component(DatabasesPage)]
pub fn databases_page() -> Html {
    let app = use_app();
    let page = use_state(|| 0usize);
    let all = views(&app);
    let total = all.len();
    // One page of rows at a time: 500 deployments would otherwise be thousands of DOM nodes.
    let all: Vec<DeploymentView> = all
        .into_iter()
        .skip(*page * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let on_page = {
        let page = page.clone();
        Callback::from(move |n| page.set(n))
    };
    html! {
        <section>
            <h1>{ "Databases" }</h1>
            <Provision />
            <h2>{ "Deployments" }</h2>
            <table data-testid="deployments">
                <thead><tr><th>{ "Name" }</th><th>{ "Service" }</th><th>{ "State" }</th><th>{ "Disk encryption" }</th></tr></thead>
                <tbody>
                    { for all.iter().map(|d| html! {
                        <tr>
                            <td><Link to={Route::Deployment { id: d.guid.clone() }}>{ d.name.clone() }</Link></td>
                            <td>{ d.service_name }</td>
                            <td><span class={classes!("pill", d.state, d.cryptoshredded.then_some("shredded"))}>{ state_label(d) }</span></td>
                            <td>{ if d.disk_encryption_key_crn.is_some() { "your key (BYOK)" } else { "service-managed key" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if total == 0 { <p class="muted">{ "No deployments yet." }</p> }
            <super::common::Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}

/// The provisioning form: the key is picked by name among the root keys the chosen service is
/// authorized to read, or typed as a CRN.
#[function_component(Provision)]
fn provision() -> Html {
    let app = use_app();
    let service = use_state(|| SERVICES[0].0.to_string());
    let name = use_state(String::new);
    let region = use_state(|| "us-south".to_string());
    let key = use_state(String::new);
    let typed = use_state(String::new);
    let key_filter = use_state(String::new);
    let outcome = use_state(Outcome::default);
    let navigator = use_router();
    let keys: Vec<(String, String, bool)> = {
        let sb = app.sb.borrow();
        sb.keys()
            .filter(|k| !k.extractable && k.state == crate::engine::kms::KeyState::Active)
            .map(|k| {
                let authorized = sb
                    .authorizations()
                    .iter()
                    .any(|a| a.grants(&service, None, &k.instance, ServiceRole::Reader));
                (k.crn.clone(), k.name.clone(), authorized)
            })
            .collect()
    };
    // Keys the service may read come first. The list stops at 100 (the page stays small with
    // thousands of keys); a name filter reaches any other, and the chosen key always stays listed.
    let mut keys = keys;
    crate::engine::sort::sort_by_key(&mut keys, |(_, _, authorized)| !*authorized);
    let all_keys = keys.len();
    let needle = key_filter.trim().to_ascii_lowercase();
    let mut listed = 0;
    keys.retain(|(crn, name, _)| {
        let keep = *crn == *key
            || (listed < MAX_KEYS_LISTED && name.to_ascii_lowercase().contains(&needle));
        listed += usize::from(keep && *crn != *key);
        keep
    });
    let chosen = if !typed.trim().is_empty() {
        typed.trim().to_string()
    } else {
        (*key).clone()
    };
    let on_submit = {
        let (app, service, name, region, chosen, outcome) = (
            app.clone(),
            service.clone(),
            name.clone(),
            region.clone(),
            chosen.clone(),
            outcome.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut body = json!({ "name": *name, "target": *region, "resource_group": "Default", "resource_plan_id": format!("{}-standard", *service) });
            if !chosen.is_empty() {
                body["parameters"] = json!({ "disk_encryption_key_crn": chosen });
            }
            let (outcome, navigator) = (outcome.clone(), navigator.clone());
            let reply = Callback::from(move |resp: Response| match ShownError::of(&resp) {
                Some(e) => outcome.set(Outcome::Failed(e)),
                None => {
                    let guid = resp
                        .body
                        .as_ref()
                        .and_then(|b| b.get("guid"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    navigator.push(Route::Deployment { id: guid });
                }
            });
            app.dispatch(Action::Call {
                method: "POST".into(),
                path: "/v2/resource_instances".into(),
                body: Some(body),
                instance: None,
                reply,
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
            { outcome.view() }
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeploymentProps {
    pub id: String,
}

#[function_component(DeploymentPage)]
pub fn deployment_page(p: &DeploymentProps) -> Html {
    let app = use_app();
    let outcome = use_state(Outcome::default);
    let table = use_state(|| "orders".to_string());
    let record = use_state(String::new);
    let value = use_state(String::new);
    let data = use_state(|| None::<Result<Vec<(String, String)>, ShownError>>);
    let confirm = use_state(|| false);
    let navigator = use_router();
    let (view, disk, backups, now, chain) = {
        let sb = app.sb.borrow();
        let Some(d) = sb.deployment(&p.id) else {
            return html! {
                <section><h1>{ "Deployment not found" }</h1>
                <p>{ format!("No deployment {} exists: it may have been reclaimed (deleted for good).", p.id) }</p>
                <Link to={Route::Databases}>{ "All deployments" }</Link></section>
            };
        };
        let blocks: Vec<(String, String, String)> = d
            .records
            .iter()
            .map(|((t, r), s)| {
                (
                    format!("{t}/{r}"),
                    crate::engine::rng::hex(&s.nonce),
                    crate::engine::crypto::b64(&s.sealed),
                )
            })
            .collect();
        let backups: Vec<(String, String, Option<String>)> = d
            .backups
            .iter()
            .map(|b| (b.id.clone(), b.created.to_string(), b.key_crn.clone()))
            .collect();
        let chain = Chain::of(&sb, d);
        (
            sb.deployment_view(d),
            (blocks, d.wrapped_dek.clone()),
            backups,
            sb.now(),
            chain,
        )
    };
    let base = format!("/sandbox/v1/deployments/{}", view.guid);
    let send = {
        let (app, outcome) = (app.clone(), outcome.clone());
        move |method: &'static str, path: String, body: Option<Value>, done: String| {
            super::common::call(&app, method, path, body, outcome.clone(), done);
        }
    };
    let on_write = {
        let (send, base, table, record, value) = (
            send.clone(),
            base.clone(),
            table.clone(),
            record.clone(),
            value.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send(
                "PUT",
                format!("{base}/tables/{}/records/{}", *table, *record),
                Some(json!({ "value": *value })),
                format!("Wrote {}/{}", *table, *record),
            );
        })
    };
    let on_read = {
        let (app, base, table, data) = (app.clone(), base.clone(), table.clone(), data.clone());
        Callback::from(move |_| {
            let data = data.clone();
            let reply = Callback::from(move |resp: Response| {
                data.set(Some(match ShownError::of(&resp) {
                    Some(e) => Err(e),
                    None => Ok(resp
                        .body
                        .and_then(|b| b.get("records").cloned())
                        .and_then(|r| r.as_array().cloned())
                        .unwrap_or_default()
                        .iter()
                        .map(|r| {
                            (
                                r["id"].as_str().unwrap_or_default().to_string(),
                                r["value"].as_str().unwrap_or_default().to_string(),
                            )
                        })
                        .collect()),
                }));
            });
            app.dispatch(Action::Call {
                method: "GET".into(),
                path: format!("{base}/tables/{}/records", *table),
                body: None,
                instance: None,
                reply,
            });
        })
    };
    let on_delete = {
        let (app, outcome, guid, confirm, navigator) = (
            app.clone(),
            outcome.clone(),
            view.guid.clone(),
            confirm.clone(),
            navigator.clone(),
        );
        Callback::from(move |_| {
            confirm.set(false);
            let (outcome, navigator) = (outcome.clone(), navigator.clone());
            let reply = Callback::from(move |resp: Response| match ShownError::of(&resp) {
                Some(e) => outcome.set(Outcome::Failed(e)),
                None => {
                    navigator.push(Route::Reclamations);
                }
            });
            app.dispatch(Action::Call {
                method: "DELETE".into(),
                path: format!("/v2/resource_instances/{guid}"),
                body: None,
                instance: None,
                reply,
            });
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    let task = view.tasks.first().cloned();
    html! {
        <section>
            <p><Link to={Route::Databases}>{ "← Deployments" }</Link></p>
            <h1>{ view.name.clone() }<span class={classes!("pill", view.state, view.cryptoshredded.then_some("shredded"))} data-testid="deployment-state">{ state_label(&view) }</span></h1>
            if let Some(t) = task {
                <div class="progress" data-testid="progress">
                    <label>{ format!("{}: {}%", t.description, t.progress_percent) }
                        <progress max="100" value={t.progress_percent.to_string()} /></label>
                </div>
            }
            if view.cryptoshredded {
                <div class="banner error" data-testid="shredded">{ "Cryptoshredded: the root key was destroyed, the data encryption key is gone, the disks are locked. No data can be read, ever; the metadata and security settings below stay visible." }</div>
            }
            { outcome.view() }
            { chain.view() }
            <div class="grid2">
                <div class="card">
                    <h2>{ "Security and settings" }</h2>
                    <table class="facts">
                        <tr><th>{ "Service" }</th><td>{ view.service_name }</td></tr>
                        <tr><th>{ "CRN" }</th><td class="mono">{ view.crn.clone() }</td></tr>
                        <tr><th>{ "Region" }</th><td>{ view.region.clone() }</td></tr>
                        <tr><th>{ "Plan" }</th><td>{ view.plan.clone() }</td></tr>
                        <tr><th>{ "Disk encryption key" }</th><td class="mono" data-testid="disk-key">{ view.disk_encryption_key_crn.clone().unwrap_or_else(|| "service-managed".into()) }</td></tr>
                        <tr><th>{ "Backup encryption key" }</th><td class="mono">{ view.backup_encryption_key_crn.clone().unwrap_or_else(|| "as the disk".into()) }</td></tr>
                        <tr><th>{ "Key version in use" }</th><td class="mono">{ view.key_version.clone().unwrap_or_else(|| "—".into()) }</td></tr>
                        <tr><th>{ "Created" }</th><td>{ format!("{} ({})", view.created_at, relative(view.created_at, now)) }</td></tr>
                    </table>
                    <div class="actions">
                        if !view.cryptoshredded {
                        <button onclick={{ let (send, base) = (send.clone(), base.clone()); Callback::from(move |_| send("POST", format!("{base}/restart"), None, "Restarted: the disks are unlocked".into())) }}>{ "Restart" }</button>
                        <button onclick={{ let (send, guid) = (send.clone(), view.guid.clone()); Callback::from(move |_| send("POST", format!("/v5/ibm/deployments/{guid}/backups"), None, "Backup taken".into())) }}>{ "Back up now" }</button>
                        }
                        if view.state != "pending_reclamation" {
                            <button class="danger" data-testid="delete-deployment" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>{ "Delete…" }</button>
                        }
                    </div>
                    if *confirm {
                        <div class="confirm" role="dialog" aria-label="Confirm deletion">
                            <p>{ "Delete this deployment? It stays reclaimable (and registered on its key) for the reclamation period, then it is deleted for good." }</p>
                            <button class="danger" data-testid="confirm-delete-deployment" onclick={on_delete}>{ "Delete" }</button>
                            <button onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                        </div>
                    }
                </div>
                <div class="card">
                    <h2>{ "Data" }</h2>
                    <form onsubmit={on_write} class="inline" data-testid="write-record">
                        <label>{ "Table" }<input aria-label="Table" value={(*table).clone()} oninput={text(table.clone())} /></label>
                        <label>{ "Record" }<input aria-label="Record id" required=true value={(*record).clone()} oninput={text(record.clone())} /></label>
                        <label>{ "Value" }<input aria-label="Value" value={(*value).clone()} oninput={text(value.clone())} /></label>
                        <button type="submit">{ "Write" }</button>
                        <button type="button" onclick={on_read} data-testid="read-records">{ format!("Read table {}", *table) }</button>
                    </form>
                    { match &*data {
                        None => html! {},
                        Some(Err(e)) => html! { <super::common::ErrorView error={e.clone()} /> },
                        Some(Ok(rows)) => html! {
                            <table data-testid="records"><thead><tr><th>{ "Record" }</th><th>{ "Value" }</th></tr></thead>
                                <tbody>{ for rows.iter().map(|(id, v)| html! { <tr><td>{ id.clone() }</td><td>{ v.clone() }</td></tr> }) }</tbody></table>
                        },
                    } }
                </div>
            </div>
            <div class="card">
                <h2>{ "Encrypted disk" }</h2>
                <p class="muted">{ "What is stored, as stored: each record AES-256-GCM encrypted under the deployment's data encryption key (DEK), which is itself wrapped by the root key." }</p>
                <p>{ "Wrapped DEK: " }<span class="mono small" data-testid="wrapped-dek">{ disk.1.clone().map(|w| format!("{}…", w.chars().take(64).collect::<String>())).unwrap_or_else(|| "discarded (cryptoshredded)".into()) }</span></p>
                <table class="mono small" data-testid="disk">
                    <thead><tr><th>{ "Record" }</th><th>{ "Nonce" }</th><th>{ "Ciphertext" }</th></tr></thead>
                    <tbody>{ for disk.0.iter().take(100).map(|(r, n, c)| html! { <tr><td>{ r.clone() }</td><td>{ n.clone() }</td><td>{ c.clone() }</td></tr> }) }</tbody>
                </table>
            </div>
            <div class="card">
                <h2>{ "Backups" }</h2>
                if backups.is_empty() { <p class="muted">{ "No backups." }</p> }
                <ul>{ for backups.iter().map(|(id, at, key)| html! { <li>{ format!("{at} · {} · key {}", super::kms::short(id), key.clone().unwrap_or_else(|| "service-managed".into())) }</li> }) }</ul>
            </div>
        </section>
    }
}

#[function_component(ReclamationsPage)]
pub fn reclamations_page() -> Html {
    let app = use_app();
    let outcome = use_state(Outcome::default);
    let (rows, now) = {
        let sb = app.sb.borrow();
        let rows: Vec<(String, String, String, crate::engine::Timestamp)> = sb
            .reclamations()
            .map(|r| {
                let name = sb
                    .deployment(&r.resource_instance_id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                (
                    r.id.clone(),
                    name,
                    r.resource_instance_id.clone(),
                    r.target_time,
                )
            })
            .collect();
        (rows, sb.now())
    };
    let page = use_state(|| 0usize);
    let total = rows.len();
    let rows: Vec<_> = rows
        .into_iter()
        .skip(*page * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let on_page = {
        let page = page.clone();
        Callback::from(move |n| page.set(n))
    };
    let act = |id: String, action: &'static str, done: &'static str| {
        let (app, outcome) = (app.clone(), outcome.clone());
        Callback::from(move |_| {
            super::common::call(
                &app,
                "POST",
                format!("/v1/reclamations/{id}/actions/{action}"),
                None,
                outcome.clone(),
                done.into(),
            )
        })
    };
    html! {
        <section>
            <h1>{ "Reclamations" }</h1>
            <p class="muted">{ "Deleted deployments stay reclaimable for the reclamation period, still registered on their keys. Restore brings one back with its data; reclaim deletes it for good at once." }</p>
            { outcome.view() }
            <table data-testid="reclamations">
                <thead><tr><th>{ "Deployment" }</th><th>{ "Deleted for good" }</th><th>{ "Time left" }</th><th></th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(id, name, guid, at)| html! {
                        <tr>
                            <td><Link to={Route::Deployment { id: guid.clone() }}>{ name.clone() }</Link></td>
                            <td>{ at.to_string() }</td>
                            <td class="countdown">{ relative(*at, now) }</td>
                            <td>
                                <button onclick={act(id.clone(), "restore", "Deployment restored")}>{ "Restore" }</button>
                                <button class="danger" onclick={act(id.clone(), "reclaim", "Deployment deleted for good")}>{ "Reclaim" }</button>
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if total == 0 { <p class="muted">{ "Nothing is pending reclamation." }</p> }
            <super::common::Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}

/// One link of the envelope: what it is, its name, its state (a word for tests and styles, and
/// the words shown), and whether it is whole.
struct Part {
    name: String,
    state: &'static str,
    shown: String,
    whole: bool,
}

/// The envelope of a deployment's data: the root key in Key Protect wraps the data encryption key
/// (DEK), which encrypts the records. Each link with its state; after a shred the DEK is gone and
/// the chain is broken there.
struct Chain {
    root: Part,
    dek: Part,
    records: Part,
    /// The root key can unwrap the DEK (the service holds it in memory).
    unwrapped: bool,
    shredded: bool,
}

impl Chain {
    fn of(sb: &crate::engine::Sandbox, d: &crate::engine::databases::Deployment) -> Chain {
        use crate::engine::kms::KeyState;
        let shredded = d.is_shredded();
        let root = match &d.disk_key_crn {
            None => Part {
                name: "service-managed key".into(),
                state: "service",
                shown: "held by the service".into(),
                whole: true,
            },
            Some(crn) => match sb.keys().find(|k| k.crn == *crn) {
                Some(k) => Part {
                    name: k.name.clone(),
                    state: k.state.name(),
                    shown: format!("{} in Key Protect", k.state.name()),
                    whole: k.state == KeyState::Active,
                },
                None => Part {
                    name: crn.rsplit(':').next().unwrap_or_default().to_string(),
                    state: "Purged",
                    shown: "purged from Key Protect".into(),
                    whole: false,
                },
            },
        };
        let version = d
            .key_version
            .as_deref()
            .map(|v| v.chars().take(8).collect::<String>());
        let dek = match (&d.wrapped_dek, d.dek.is_some()) {
            (None, _) if shredded => Part {
                name: "gone for good".into(),
                state: "discarded",
                shown: "discarded: cryptoshredded".into(),
                whole: false,
            },
            (None, _) => Part {
                name: "not created yet".into(),
                state: "none",
                shown: "none yet".into(),
                whole: false,
            },
            (Some(_), true) => Part {
                name: version.map_or("wrapped".into(), |v| format!("wrapped by version {v}…")),
                state: "unwrapped",
                shown: "unwrapped in the service's memory".into(),
                whole: true,
            },
            (Some(_), false) => Part {
                name: version.map_or("wrapped".into(), |v| format!("wrapped by version {v}…")),
                state: "wrapped",
                shown: "wrapped only: the service cannot use it now".into(),
                whole: false,
            },
        };
        let n = d.records.len();
        let readable =
            d.dek.is_some() && matches!(d.status, crate::engine::databases::Status::Active);
        let records = Part {
            name: format!("{n} record{}", if n == 1 { "" } else { "s" }),
            state: if shredded {
                "unreadable"
            } else if readable {
                "readable"
            } else {
                "locked"
            },
            shown: if shredded {
                "unreadable, for good".into()
            } else if readable {
                "readable".into()
            } else {
                "locked until the DEK is unwrapped".into()
            },
            whole: readable,
        };
        Chain {
            unwrapped: d.dek.is_some(),
            root,
            dek,
            records,
            shredded,
        }
    }

    fn view(&self) -> Html {
        let node = |what: &'static str, kind: &'static str, l: &Part| {
            html! {
                <div class={classes!("env-box", what, if l.whole { "whole" } else { "broken" })}
                    data-testid={format!("envelope-{what}")} data-state={l.state}>
                    <span class="env-kind">{ kind }</span>
                    <strong class="env-name">{ l.name.clone() }</strong>
                    <span class="env-state">{ l.shown.clone() }</span>
                </div>
            }
        };
        // The arrows: whole while the next link can be reached; cut (✕) where the DEK is gone.
        let arrow = |what: &'static str, word: &'static str, state: &'static str| {
            html! {
                <div class={classes!("env-link", state)} data-testid={format!("envelope-{what}")} data-state={state}>
                    <span>{ if state == "cut" { "✕" } else { word } }</span>
                </div>
            }
        };
        let (wraps, encrypts) = if self.shredded {
            ("cut", "cut")
        } else if self.unwrapped {
            ("whole", "whole")
        } else {
            ("blocked", "blocked")
        };
        let words = if self.shredded {
            "The root key was destroyed, so the service discarded the DEK: the chain is cut where the DEK was, and the encrypted records can never be read again."
        } else if self.unwrapped {
            "The root key wraps the DEK; the service unwrapped it once (through Key Protect) and holds it in memory to read and write records."
        } else {
            "The service holds only the wrapped DEK: it cannot decrypt records until Key Protect unwraps the DEK for it again."
        };
        html! {
            <div class="card">
                <h2>{ "Envelope encryption" }</h2>
                <div class={classes!("envelope", self.shredded.then_some("shredded"))} data-testid="envelope">
                    { node("root", "Root key", &self.root) }
                    { arrow("wraps", "wraps", wraps) }
                    { node("dek", "Data encryption key", &self.dek) }
                    { arrow("encrypts", "encrypts", encrypts) }
                    { node("records", "Encrypted records", &self.records) }
                </div>
                <p class="muted">{ words }</p>
            </div>
        }
    }
}
