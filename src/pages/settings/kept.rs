//! The copies the app could not read (an old snapshot, the earlier version's storage), kept in
//! the store for download until discarded.

use yew::prelude::*;

use super::sandbox_list::when;
use crate::storage::persist;
use crate::storage::store::{self, KeptData};

/// Copies the app could not read (an old snapshot, the earlier version's storage), for download.
#[function_component(KeptCopies)]
pub fn kept_copies() -> Html {
    let kept = use_state(Vec::<store::Kept>::new);
    let rev = use_state(|| 0u32);
    {
        let kept = kept.clone();
        use_effect_with(*rev, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(all) = store::kept().await {
                    kept.set(all);
                }
            });
        });
    }
    if kept.is_empty() {
        return html! {};
    }
    html! {
        <div class="card" data-testid="kept">
            <h2>{ "Kept copies" }</h2>
            <p class="muted">{ "Stored copies the app could not read. Nothing was lost: each sandbox was opened from its journal. Download a copy to keep it, or discard it." }</p>
            <ul>
                { for kept.iter().map(|k| {
                    let download = {
                        let k = k.clone();
                        Callback::from(move |_| match &k.data {
                            KeptData::Text(t) => persist::download(&format!("byok-sandbox-kept-{}.json", k.name), t),
                            KeptData::Bytes(b) => persist::download_bytes(&format!("byok-sandbox-{}-{}.snapshot", k.name, k.kind), b),
                        })
                    };
                    let discard = {
                        let (key, rev) = (k.key, rev.clone());
                        Callback::from(move |_| {
                            let rev = rev.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                let _ = store::drop_kept(key).await;
                                rev.set(*rev + 1);
                            });
                        })
                    };
                    html! {
                        <li data-testid="kept-copy">
                            { format!("'{}' ({}, {}): {}. ", k.name, k.kind, when(k.at), k.why) }
                            <button onclick={download}>{ "Download" }</button>
                            <button onclick={discard}>{ "Discard" }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
