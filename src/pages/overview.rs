//! The overview: what exists, what the clock will do next, and where to start.

use yew::prelude::*;

use crate::frame::router::{Link, Route};
use crate::frame::state::use_app;
use crate::ui::{relative, state_name};

#[function_component(Overview)]
pub fn overview() -> Html {
    let app = use_app();
    let sb = app.sb.borrow();
    let now = sb.now();
    let mut by_state = std::collections::BTreeMap::new();
    for k in sb.keys() {
        *by_state.entry(k.state.code()).or_insert(0) += 1;
    }
    let mut deployments = std::collections::BTreeMap::new();
    for d in sb.deployments() {
        let v = sb.deployment_view(d);
        let label = if v.cryptoshredded {
            "cryptoshredded".to_string()
        } else {
            v.state.replace('_', " ")
        };
        *deployments.entry(label).or_insert(0) += 1;
    }
    let pending: Vec<_> = sb.pending().into_iter().take(5).collect();
    html! {
        <section>
            <h1>{ "Overview" }</h1>
            <div class="tiles">
                <div class="tile"><h2>{ "Key Protect instances" }</h2>
                    <ul>{ for sb.instances().iter().map(|i| html! { <li>{ format!("{} · {}", i.name, i.region) }</li> }) }</ul></div>
                <div class="tile" data-testid="keys-by-state"><h2>{ "Keys" }</h2>
                    if by_state.is_empty() { <p class="muted">{ "No keys yet." }</p> }
                    <ul>{ for by_state.iter().map(|(s, n)| html! { <li>{ format!("{n} {}", state_name(*s)) }</li> }) }</ul></div>
                <div class="tile"><h2>{ "Deployments" }</h2>
                    if deployments.is_empty() { <p class="muted">{ "No deployments yet." }</p> }
                    <ul>{ for deployments.iter().map(|(s, n)| html! { <li>{ format!("{n} {s}") }</li> }) }</ul></div>
                <div class="tile"><h2>{ "Next on the clock" }</h2>
                    if pending.is_empty() { <p class="muted">{ "Nothing scheduled." }</p> }
                    <ul>{ for pending.iter().map(|p| html! { <li>{ format!("{} · {} ({})", p.what, p.at, relative(p.at, now)) }</li> }) }</ul></div>
            </div>
            <h2>{ "Try the documentation's path" }</h2>
            <ol class="guide">
                <li><Link to={Route::Keys}>{ "Create a root key in Key Protect" }</Link></li>
                <li><Link to={Route::Iam}>{ "Authorize Databases for PostgreSQL to read it (Reader)" }</Link></li>
                <li><Link to={Route::Databases}>{ "Create a deployment with your key" }</Link>{ ", move the clock 30 minutes, write data" }</li>
                <li>{ "Delete the deployment, then watch its soft-deletion period on the " }<Link to={Route::Timeline}>{ "timeline" }</Link></li>
                <li>{ "Try to delete the key (refused), then force delete it: the deployment is cryptoshredded" }</li>
                <li>{ "See " }<code>{ "kms.secrets.delete" }</code>{ " in the " }<Link to={Route::Activity}>{ "activity" }</Link></li>
            </ol>
        </section>
    }
}
