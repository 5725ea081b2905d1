//! A key's versions, its policies (with the buttons that set them) and the resources registered on
//! it.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::frame::router::{Link, Route};
use crate::ui::short;
use byok_engine::kms::{KeyView, Registration};

#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    /// (id, created), newest first.
    pub versions: Vec<(String, String)>,
}

#[function_component(Versions)]
pub fn versions(p: &VersionsProps) -> Html {
    html! {
        <>
            <h2>{ "Versions" }</h2>
            <ol class="mono">{ for p.versions.iter().map(|(id, at)| html! { <li>{ format!("{id} · {at}") }</li> }) }</ol>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PoliciesProps {
    pub view: KeyView,
    /// A policy to set: its body, which policy it is, and what to say once it is set.
    pub on_policy: Callback<(Value, &'static str, &'static str)>,
}

#[function_component(Policies)]
pub fn policies(p: &PoliciesProps) -> Html {
    let view = &p.view;
    let policy = |body: Value, which: &'static str, done: &'static str| {
        p.on_policy
            .reform(move |_: MouseEvent| (body.clone(), which, done))
    };
    html! {
        <>
            <h2>{ "Policies" }</h2>
            <p>{ match &view.rotation { Some(r) if r.enabled => format!("Rotates every {} month(s).", r.interval_month), _ => "No rotation policy.".into() } }
                { " " }{ if view.dual_auth_delete.enabled { "Dual authorization delete is on." } else { "Dual authorization delete is off." } }</p>
            if view.state != 5 && !view.extractable {
                <div class="actions">
                    <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "rotation": {"enabled": true, "interval_month": 1}}), "rotation", "Rotation policy set: monthly")}>{ "Rotate monthly" }</button>
                    <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "rotation": {"enabled": false, "interval_month": 1}}), "rotation", "Rotation policy off")}>{ "No rotation policy" }</button>
                    <button onclick={policy(json!({"type": "application/vnd.ibm.kms.policy+json", "dualAuthDelete": {"enabled": true}}), "dualAuthDelete", "Dual authorization delete on")}>{ "Require dual authorization" }</button>
                </div>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProtectedProps {
    pub registrations: Vec<Registration>,
    /// For each registration, its deployment's id and name, if it is one.
    pub resources: Vec<Option<(String, String)>>,
}

/// The resources registered on the key, a deployment's linked to its page.
#[function_component(Protected)]
pub fn protected(p: &ProtectedProps) -> Html {
    html! {
        <>
            <h2>{ "Protected resources" }</h2>
            if p.registrations.is_empty() { <p class="muted">{ "None: this key protects no registered resource." }</p> }
            <ul data-testid="registrations">
                { for p.registrations.iter().zip(&p.resources).map(|(r, resource)| html! {
                    <li>
                        if let Some((guid, name)) = resource.clone() {
                            <Link to={Route::Deployment { id: guid }}>{ name }</Link>{ " " }
                        }
                        <span class="mono">{ r.resource_crn.clone() }</span>
                        { format!(" · version {} · since {}", short(&r.key_version.id), r.creation_date) }
                        { if r.prevent_key_deletion { " · prevents deletion" } else { "" } }</li>
                }) }
            </ul>
        </>
    }
}
