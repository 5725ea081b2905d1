//! The deployments, a page at a time, under the provisioning form; and what a deployment's state
//! is called wherever it is shown.

use yew::prelude::*;

use super::provision::Provision;
use crate::frame::router::{Link, Route};
use crate::frame::state::{use_app, Handle};
use crate::ui::Pager;
use byok_engine::command::DeploymentView;

/// The lists' page size.
pub const PER_PAGE: usize = 50;

fn views(app: &Handle) -> Vec<DeploymentView> {
    let sb = app.sb.borrow();
    sb.deployments().map(|d| sb.deployment_view(d)).collect()
}

/// A deployment's state in words: "disabled · key suspended", "pending reclamation · cryptoshredded".
pub fn state_label(d: &DeploymentView) -> String {
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
            <Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}
