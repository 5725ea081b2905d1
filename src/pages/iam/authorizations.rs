//! The service-to-service authorizations: a database service reads its root key in Key Protect
//! only if one lets it. Made with the form, removed from the table.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::frame::state::use_app;
use crate::ui::{select_value, use_requester};
use byok_engine::databases::SERVICES;

/// The IAM policy that lets `source` read keys (and delegate, with `delegator`) in the Key
/// Protect instance `target` ("all" for every instance) of `account`.
fn policy(account: &str, source: &str, target: &str, delegator: bool) -> Value {
    let mut roles = vec![json!({ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader" })];
    if delegator {
        roles.push(
            json!({ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator" }),
        );
    }
    let mut resource = vec![
        json!({"name": "accountId", "operator": "stringEquals", "value": account}),
        json!({"name": "serviceName", "operator": "stringEquals", "value": "kms"}),
    ];
    if target != "all" {
        resource
            .push(json!({"name": "serviceInstance", "operator": "stringEquals", "value": target}));
    }
    json!({
        "type": "authorization",
        "subjects": [{ "attributes": [{"name": "accountId", "value": account}, {"name": "serviceName", "value": source}] }],
        "roles": roles,
        "resources": [{ "attributes": resource }],
    })
}

#[function_component(Authorizations)]
pub fn authorizations() -> Html {
    let app = use_app();
    let requester = use_requester();
    let source = use_state(|| SERVICES[0].0.to_string());
    let target = use_state(String::new);
    let delegator = use_state(|| false);
    let (auths, instances, account) = {
        let sb = app.sb.borrow();
        (
            sb.authorizations().to_vec(),
            sb.instances()
                .iter()
                .map(|i| (i.guid.clone(), i.name.clone()))
                .collect::<Vec<_>>(),
            sb.account().to_string(),
        )
    };
    let target_value = if target.is_empty() {
        instances.first().map(|i| i.0.clone()).unwrap_or_default()
    } else {
        (*target).clone()
    };
    let on_submit = {
        let (requester, source, delegator, target_value) = (
            requester.clone(),
            source.clone(),
            delegator.clone(),
            target_value.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = policy(&account, &source, &target_value, *delegator);
            requester.send(
                "POST",
                "/v1/policies",
                Some(body),
                format!(
                    "{} may now read keys in Key Protect",
                    byok_engine::databases::display_name(&source).unwrap_or(&source)
                ),
            );
        })
    };
    let delete = |id: &str| {
        requester.on::<MouseEvent>(
            "DELETE",
            format!("/v1/policies/{id}"),
            None,
            "Authorization removed",
        )
    };
    let name_of = |guid: &Option<String>| match guid {
        None => "all instances".to_string(),
        Some(g) => instances
            .iter()
            .find(|i| &i.0 == g)
            .map_or(g.clone(), |i| format!("{} ({})", i.1, &g[..8])),
    };
    html! {
        <div class="card">
            <h2>{ "Authorizations" }</h2>
            <p class="muted">{ "A database service reads its root key in Key Protect only if an authorization lets it (role Reader; a backup key also needs AuthorizationDelegator)." }</p>
            <form onsubmit={on_submit} data-testid="create-authorization" class="inline">
                <label>{ "Source service" }<select aria-label="Source service" onchange={{ let s = source.clone(); Callback::from(move |e: Event| s.set(select_value(&e))) }}>
                    { for SERVICES.iter().map(|(id, name)| html! { <option value={*id} selected={*source == *id}>{ *name }</option> }) }
                </select></label>
                <label>{ "Source instance" }<select aria-label="Source instance"><option value="all">{ "All instances" }</option></select></label>
                <label>{ "Target service" }<select aria-label="Target service"><option value="kms">{ "Key Protect" }</option></select></label>
                <label>{ "Target instance" }<select aria-label="Target instance" onchange={{ let t = target.clone(); Callback::from(move |e: Event| t.set(select_value(&e))) }}>
                    { for instances.iter().map(|(g, n)| html! { <option value={g.clone()} selected={target_value == *g}>{ format!("{n} ({})", &g[..8]) }</option> }) }
                    <option value="all" selected={target_value == "all"}>{ "All instances" }</option>
                </select></label>
                <label class="check"><input type="checkbox" checked=true disabled=true />{ "Reader" }</label>
                <label class="check"><input type="checkbox" checked={*delegator} aria-label="AuthorizationDelegator"
                    onchange={{ let d = delegator.clone(); Callback::from(move |_| d.set(!*d)) }} />{ "AuthorizationDelegator" }</label>
                <button type="submit">{ "Authorize" }</button>
            </form>
            { requester.view() }
            <table data-testid="authorizations">
                <thead><tr><th>{ "Source" }</th><th>{ "Target" }</th><th>{ "Roles" }</th><th>{ "Created" }</th><th></th></tr></thead>
                <tbody>
                    { for auths.iter().map(|a| html! {
                        <tr>
                            <td>{ format!("{} · {}", byok_engine::databases::display_name(&a.source_service).unwrap_or(&a.source_service), name_of(&a.source_instance)) }</td>
                            <td>{ format!("Key Protect · {}", name_of(&a.target_instance)) }</td>
                            <td>{ a.roles.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ") }</td>
                            <td>{ a.created_at.to_string() }</td>
                            <td><button class="danger" onclick={delete(&a.id)}>{ "Remove" }</button></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if auths.is_empty() { <p class="muted">{ "No authorizations yet." }</p> }
        </div>
    }
}
