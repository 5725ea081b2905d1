//! IAM: users with their roles and tokens, and the service-to-service authorizations that let a
//! database service read keys in Key Protect (the seed's second step).

use serde_json::json;
use yew::prelude::*;

use super::common::{call, select_value, Outcome};
use super::state::use_app;
use crate::engine::databases::SERVICES;
use crate::engine::iam::{KpRole, PlatformRole};

#[function_component(IamPage)]
pub fn iam_page() -> Html {
    html! {
        <section>
            <h1>{ "IAM" }</h1>
            <Authorizations />
            <Users />
        </section>
    }
}

#[function_component(Users)]
fn users() -> Html {
    let app = use_app();
    let outcome = use_state(Outcome::default);
    let users = app.sb.borrow().users().to_vec();
    let set = {
        let (app, outcome) = (app.clone(), outcome.clone());
        move |user: String, body: serde_json::Value| {
            call(
                &app,
                "PUT",
                format!("/sandbox/v1/users/{user}/roles"),
                Some(body),
                outcome.clone(),
                format!("Roles of {user} changed"),
            );
        }
    };
    html! {
        <div class="card">
            <h2>{ "Users" }</h2>
            <p class="muted">{ "The account owner (alice) changes roles. Key Protect roles decide what a user may do with keys; the platform role decides what a user may do with deployments and authorizations." }</p>
            { outcome.view() }
            <table data-testid="users">
                <thead><tr><th>{ "User" }</th><th>{ "Key Protect roles" }</th><th>{ "Databases" }</th><th>{ "Bearer token" }</th></tr></thead>
                <tbody>
                { for users.into_iter().map(|u| {
                    let kms = u.kms_roles;
                    let name = u.name.clone();
                    let toggles = KpRole::ALL.into_iter().map(|role| {
                        let on = kms.list().contains(&role);
                        let onchange = {
                            let (name, set) = (name.clone(), set.clone());
                            Callback::from(move |_: Event| {
                                let mut roles: Vec<KpRole> = kms.list().into_iter().filter(|r| *r != role).collect();
                                if !on { roles.push(role); }
                                set(name.clone(), json!({ "kms": roles.iter().map(|r| r.name()).collect::<Vec<_>>() }));
                            })
                        };
                        html! { <label class="check"><input type="checkbox" checked={on} {onchange} aria-label={format!("{} {}", u.name, role.name())} />{ role.name() }</label> }
                    });
                    let on_db = {
                        let (name, set) = (name.clone(), set.clone());
                        Callback::from(move |e: Event| set(name.clone(), json!({ "databases": select_value(&e) })))
                    };
                    html! {
                        <tr>
                            <td><strong>{ u.name.clone() }</strong>{ if u.owner { " (owner)" } else { "" } }<br /><span class="muted">{ u.email.clone() }</span></td>
                            <td>{ for toggles }</td>
                            <td><select onchange={on_db} aria-label={format!("{} database role", u.name)}>
                                { for PlatformRole::ALL.into_iter().map(|r| html! { <option value={r.name()} selected={r == u.database_role}>{ r.name() }</option> }) }
                            </select></td>
                            <td class="mono small">{ u.token.clone() }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </div>
    }
}

#[function_component(Authorizations)]
fn authorizations() -> Html {
    let app = use_app();
    let outcome = use_state(Outcome::default);
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
        let (app, outcome, source, delegator, target_value, account) = (
            app.clone(),
            outcome.clone(),
            source.clone(),
            delegator.clone(),
            target_value.clone(),
            account.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut roles =
                vec![json!({ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader" })];
            if *delegator {
                roles.push(json!({ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator" }));
            }
            let mut resource = vec![
                json!({"name": "accountId", "operator": "stringEquals", "value": account}),
                json!({"name": "serviceName", "operator": "stringEquals", "value": "kms"}),
            ];
            if target_value != "all" {
                resource.push(json!({"name": "serviceInstance", "operator": "stringEquals", "value": target_value}));
            }
            let body = json!({
                "type": "authorization",
                "subjects": [{ "attributes": [{"name": "accountId", "value": account}, {"name": "serviceName", "value": *source}] }],
                "roles": roles,
                "resources": [{ "attributes": resource }],
            });
            call(
                &app,
                "POST",
                "/v1/policies".into(),
                Some(body),
                outcome.clone(),
                format!(
                    "{} may now read keys in Key Protect",
                    crate::engine::databases::display_name(&source).unwrap_or(&source)
                ),
            );
        })
    };
    let delete = |id: String| {
        let (app, outcome) = (app.clone(), outcome.clone());
        Callback::from(move |_| {
            call(
                &app,
                "DELETE",
                format!("/v1/policies/{id}"),
                None,
                outcome.clone(),
                "Authorization removed".into(),
            )
        })
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
            { outcome.view() }
            <table data-testid="authorizations">
                <thead><tr><th>{ "Source" }</th><th>{ "Target" }</th><th>{ "Roles" }</th><th>{ "Created" }</th><th></th></tr></thead>
                <tbody>
                    { for auths.iter().map(|a| html! {
                        <tr>
                            <td>{ format!("{} · {}", crate::engine::databases::display_name(&a.source_service).unwrap_or(&a.source_service), name_of(&a.source_instance)) }</td>
                            <td>{ format!("Key Protect · {}", name_of(&a.target_instance)) }</td>
                            <td>{ a.roles.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ") }</td>
                            <td>{ a.created_at.to_string() }</td>
                            <td><button class="danger" onclick={delete(a.id.clone())}>{ "Remove" }</button></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if auths.is_empty() { <p class="muted">{ "No authorizations yet." }</p> }
        </div>
    }
}
