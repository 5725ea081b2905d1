//! A deployment's backups, each with the key that encrypts it.

use yew::prelude::*;

use crate::ui::short;

#[derive(Properties, PartialEq)]
pub struct BackupsProps {
    /// (id, created, key CRN) per backup.
    pub backups: Vec<(String, String, Option<String>)>,
}

#[function_component(Backups)]
pub fn backups(p: &BackupsProps) -> Html {
    html! {
        <div class="card">
            <h2>{ "Backups" }</h2>
            if p.backups.is_empty() { <p class="muted">{ "No backups." }</p> }
            <ul>{ for p.backups.iter().map(|(id, at, key)| html! { <li>{ format!("{at} · {} · key {}", short(id), key.clone().unwrap_or_else(|| "service-managed".into())) }</li> }) }</ul>
        </div>
    }
}
