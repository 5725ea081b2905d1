//! A deployment's page: what it is, where its data's protection stands, and what can be done.

use yew::prelude::*;

use super::backups::Backups;
use super::data::Data;
use super::disk::Disk;
use super::envelope::Chain;
use super::header::DeploymentHeader;
use super::security::Security;
use crate::frame::router::{Link, Route};
use crate::frame::state::use_app;
use crate::ui::use_requester;

#[derive(Properties, PartialEq)]
pub struct DeploymentProps {
    pub id: String,
}

#[function_component(DeploymentPage)]
pub fn deployment_page(p: &DeploymentProps) -> Html {
    let app = use_app();
    let requester = use_requester();
    let (view, blocks, wrapped_dek, backups, now, chain) = {
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
                    byok_engine::rng::hex(&s.nonce),
                    byok_engine::crypto::b64(&s.sealed),
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
            blocks,
            d.wrapped_dek.clone(),
            backups,
            sb.now(),
            chain,
        )
    };
    let base = format!("/sandbox/v1/deployments/{}", view.guid);
    html! {
        <section>
            <DeploymentHeader view={view.clone()} />
            { requester.view() }
            { chain.view() }
            <div class="grid2">
                <Security view={view.clone()} {now} requester={requester.clone()} base={base.clone()} />
                <Data {base} requester={requester.clone()} />
            </div>
            <Disk {blocks} {wrapped_dek} />
            <Backups {backups} />
        </section>
    }
}
