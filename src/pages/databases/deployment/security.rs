//! A deployment's security and settings (the keys that encrypt its disk and backups), and its
//! actions: restart, back up, delete (which asks first).

use yew::prelude::*;

use crate::frame::router::{use_router, Route};
use crate::ui::{relative, Requester};
use byok_engine::command::DeploymentView;
use byok_engine::Timestamp;

#[derive(Properties, PartialEq)]
pub struct SecurityProps {
    pub view: DeploymentView,
    pub now: Timestamp,
    /// The page's: what the actions answer is shown at its top.
    pub requester: Requester,
    /// The deployment's path in the sandbox's own API.
    pub base: String,
}

#[function_component(Security)]
pub fn security(p: &SecurityProps) -> Html {
    let (view, requester) = (&p.view, &p.requester);
    let confirm = use_state(|| false);
    let navigator = use_router();
    let on_delete = {
        let (requester, guid, confirm) = (requester.clone(), view.guid.clone(), confirm.clone());
        Callback::from(move |_| {
            confirm.set(false);
            let navigator = navigator.clone();
            requester.send_then(
                "DELETE",
                format!("/v2/resource_instances/{guid}"),
                None,
                move |_| navigator.push(Route::Reclamations),
            );
        })
    };
    let set_confirm = |on: bool| {
        let confirm = confirm.clone();
        Callback::from(move |_| confirm.set(on))
    };
    html! {
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
                <tr><th>{ "Created" }</th><td>{ format!("{} ({})", view.created_at, relative(view.created_at, p.now)) }</td></tr>
            </table>
            <div class="actions">
                if !view.cryptoshredded {
                <button onclick={requester.on::<MouseEvent>("POST", format!("{}/restart", p.base), None, "Restarted: the disks are unlocked")}>{ "Restart" }</button>
                <button onclick={requester.on::<MouseEvent>("POST", format!("/v5/ibm/deployments/{}/backups", view.guid), None, "Backup taken")}>{ "Back up now" }</button>
                }
                if view.state != "pending_reclamation" {
                    <button class="danger" data-testid="delete-deployment" onclick={set_confirm(true)}>{ "Delete…" }</button>
                }
            </div>
            if *confirm {
                <div class="confirm" role="dialog" aria-label="Confirm deletion">
                    <p>{ "Delete this deployment? It stays reclaimable (and registered on its key) for the reclamation period, then it is deleted for good." }</p>
                    <button class="danger" data-testid="confirm-delete-deployment" onclick={on_delete}>{ "Delete" }</button>
                    <button onclick={set_confirm(false)}>{ "Cancel" }</button>
                </div>
            }
        </div>
    }
}
