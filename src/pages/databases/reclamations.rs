//! The reclamations: soft-deleted deployments, each restorable or reclaimable until its time is up.

use yew::prelude::*;

use super::list::PER_PAGE;
use crate::frame::router::{Link, Route};
use crate::frame::state::use_app;
use crate::ui::{relative, use_requester, Pager};

#[function_component(ReclamationsPage)]
pub fn reclamations_page() -> Html {
    let app = use_app();
    let requester = use_requester();
    let (rows, now) = {
        let sb = app.sb.borrow();
        let rows: Vec<(String, String, String, byok_engine::Timestamp)> = sb
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
    let act = |id: &str, action: &str, done: &str| {
        requester.on::<MouseEvent>(
            "POST",
            format!("/v1/reclamations/{id}/actions/{action}"),
            None,
            done,
        )
    };
    html! {
        <section>
            <h1>{ "Reclamations" }</h1>
            <p class="muted">{ "Deleted deployments stay reclaimable for the reclamation period, still registered on their keys. Restore brings one back with its data; reclaim deletes it for good at once." }</p>
            { requester.view() }
            <table data-testid="reclamations">
                <thead><tr><th>{ "Deployment" }</th><th>{ "Deleted for good" }</th><th>{ "Time left" }</th><th></th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(id, name, guid, at)| html! {
                        <tr>
                            <td><Link to={Route::Deployment { id: guid.clone() }}>{ name.clone() }</Link></td>
                            <td>{ at.to_string() }</td>
                            <td class="countdown">{ relative(*at, now) }</td>
                            <td>
                                <button onclick={act(id, "restore", "Deployment restored")}>{ "Restore" }</button>
                                <button class="danger" onclick={act(id, "reclaim", "Deployment deleted for good")}>{ "Reclaim" }</button>
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if total == 0 { <p class="muted">{ "Nothing is pending reclamation." }</p> }
            <Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}
