//! What a key is, and every date of its life, relative to the clock.

use yew::prelude::*;

use crate::ui::relative;
use byok_engine::kms::KeyView;
use byok_engine::Timestamp;

#[derive(Properties, PartialEq)]
pub struct KeyFactsProps {
    pub view: KeyView,
    pub now: Timestamp,
}

#[function_component(KeyFacts)]
pub fn key_facts(p: &KeyFactsProps) -> Html {
    let (view, now) = (&p.view, p.now);
    let date = |label: &str, t: Option<Timestamp>| match t {
        Some(t) => {
            html! { <tr><th>{ label.to_string() }</th><td>{ format!("{t} ({})", relative(t, now)) }</td></tr> }
        }
        None => html! {},
    };
    html! {
        <table class="facts">
            <tr><th>{ "ID" }</th><td class="mono">{ view.id.clone() }</td></tr>
            <tr><th>{ "CRN" }</th><td class="mono" data-testid="key-crn">{ view.crn.clone() }</td></tr>
            <tr><th>{ "Type" }</th><td>{ if view.extractable { "standard" } else { "root" } }{ if view.imported { ", imported" } else { ", generated" } }{ format!(", AES-{}", view.algorithm_metadata.bit_length) }</td></tr>
            <tr><th>{ "Key ring" }</th><td>{ view.key_ring_id.clone() }</td></tr>
            <tr><th>{ "Created by" }</th><td>{ view.created_by.clone() }</td></tr>
            { date("Created", Some(view.creation_date)) }
            { date("Last updated", Some(view.last_update_date)) }
            { date("Last rotated", view.last_rotate_date) }
            { date("Expires", view.expiration_date) }
            { date("Deleted", view.deletion_date) }
            { date("Purge allowed from", view.purge_allowed_from) }
            { date("Restore possible until", view.restore_expiration_date) }
            { date("Purged automatically on", view.purge_scheduled_on) }
            { date("Deletion authorized until", view.dual_auth_delete.auth_expiration) }
        </table>
    }
}
