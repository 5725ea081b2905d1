//! The top of a deployment's page: the way back, its name and state, the task in progress, and
//! the banner of a cryptoshredded one.

use yew::prelude::*;

use crate::frame::router::{Link, Route};
use crate::pages::databases::list::state_label;
use byok_engine::command::DeploymentView;

#[derive(Properties, PartialEq)]
pub struct DeploymentHeaderProps {
    pub view: DeploymentView,
}

#[function_component(DeploymentHeader)]
pub fn deployment_header(p: &DeploymentHeaderProps) -> Html {
    let view = &p.view;
    let task = view.tasks.first().cloned();
    html! {
        <>
            <p><Link to={Route::Databases}>{ "← Deployments" }</Link></p>
            <h1>{ view.name.clone() }<span class={classes!("pill", view.state, view.cryptoshredded.then_some("shredded"))} data-testid="deployment-state">{ state_label(view) }</span></h1>
            if let Some(t) = task {
                <div class="progress" data-testid="progress">
                    <label>{ format!("{}: {}%", t.description, t.progress_percent) }
                        <progress max="100" value={t.progress_percent.to_string()} /></label>
                </div>
            }
            if view.cryptoshredded {
                <div class="banner error" data-testid="shredded">{ "Cryptoshredded: the root key was destroyed, the data encryption key is gone, the disks are locked. No data can be read, ever; the metadata and security settings below stay visible." }</div>
            }
        </>
    }
}
