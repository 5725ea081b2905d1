//! The users: their Key Protect roles, their platform role for Databases, their bearer tokens.

use serde_json::json;
use yew::prelude::*;

use crate::frame::state::use_app;
use crate::ui::{select_value, use_requester};
use byok_engine::iam::{KpRole, PlatformRole};

#[function_component(Users)]
pub fn users() -> Html {
    let app = use_app();
    let requester = use_requester();
    let users = app.sb.borrow().users().to_vec();
    let set = {
        let requester = requester.clone();
        move |user: String, body: serde_json::Value| {
            requester.send(
                "PUT",
                format!("/sandbox/v1/users/{user}/roles"),
                Some(body),
                format!("Roles of {user} changed"),
            );
        }
    };
    html! {
        <div class="card">
            <h2>{ "Users" }</h2>
            <p class="muted">{ "The account owner (alice) changes roles. Key Protect roles decide what a user may do with keys; the platform role decides what a user may do with deployments and authorizations." }</p>
            { requester.view() }
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
