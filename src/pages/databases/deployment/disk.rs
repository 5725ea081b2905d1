//! The encrypted disk as stored: the wrapped data encryption key, and each record's nonce and
//! ciphertext.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiskProps {
    /// (table/record, nonce, ciphertext) per record.
    pub blocks: Vec<(String, String, String)>,
    /// The DEK as wrapped by the root key; none once cryptoshredded.
    pub wrapped_dek: Option<String>,
}

#[function_component(Disk)]
pub fn disk(p: &DiskProps) -> Html {
    html! {
        <div class="card">
            <h2>{ "Encrypted disk" }</h2>
            <p class="muted">{ "What is stored, as stored: each record AES-256-GCM encrypted under the deployment's data encryption key (DEK), which is itself wrapped by the root key." }</p>
            <p>{ "Wrapped DEK: " }<span class="mono small" data-testid="wrapped-dek">{ p.wrapped_dek.clone().map(|w| format!("{}…", w.chars().take(64).collect::<String>())).unwrap_or_else(|| "discarded (cryptoshredded)".into()) }</span></p>
            <table class="mono small" data-testid="disk">
                <thead><tr><th>{ "Record" }</th><th>{ "Nonce" }</th><th>{ "Ciphertext" }</th></tr></thead>
                <tbody>{ for p.blocks.iter().take(100).map(|(r, n, c)| html! { <tr><td>{ r.clone() }</td><td>{ n.clone() }</td><td>{ c.clone() }</td></tr> }) }</tbody>
            </table>
        </div>
    }
}
