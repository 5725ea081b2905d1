//! What can be done to a key: the buttons for its state, and the dialogs that confirm a deletion,
//! a force deletion (cryptoshredding, with the deployments it shreds) and a purge.

use yew::prelude::*;

use crate::ui::input_value;
use byok_engine::kms::KeyView;

/// A request on the key: its method, the path after the key's own, and what to say once it worked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Act {
    pub method: &'static str,
    pub suffix: &'static str,
    pub done: &'static str,
}

const fn act(method: &'static str, suffix: &'static str, done: &'static str) -> Act {
    Act {
        method,
        suffix,
        done,
    }
}

#[derive(Properties, PartialEq)]
pub struct KeyActionsProps {
    pub view: KeyView,
    pub on_act: Callback<Act>,
    /// A destructive action to confirm first: "delete", "force" or "purge".
    pub on_ask: Callback<&'static str>,
}

/// The key's buttons: those of a live key, or restore and purge for a destroyed one.
#[function_component(KeyActions)]
pub fn key_actions(p: &KeyActionsProps) -> Html {
    let view = &p.view;
    let on = |a: Act| p.on_act.reform(move |_: MouseEvent| a);
    let ask = |what: &'static str| p.on_ask.reform(move |_: MouseEvent| what);
    html! {
        <div class="actions">
            if view.state != 5 {
                <button onclick={on(act("POST", "/actions/rotate", "Key rotated"))} disabled={view.extractable}>{ "Rotate" }</button>
                <button onclick={on(act("POST", "/actions/disable", "Key disabled"))} disabled={view.state != 1}>{ "Disable" }</button>
                <button onclick={on(act("POST", "/actions/enable", "Key enabled"))} disabled={view.state != 2}>{ "Enable" }</button>
                <button onclick={on(act("POST", "/actions/sync", "Key state re-sent to registered resources"))}>{ "Sync" }</button>
                if view.dual_auth_delete.enabled {
                    <button onclick={on(act("POST", "/actions/setKeyForDeletion", "Deletion authorized for 7 days"))}>{ "Authorize deletion" }</button>
                    <button onclick={on(act("POST", "/actions/unsetKeyForDeletion", "Deletion authorization withdrawn"))}>{ "Withdraw authorization" }</button>
                }
                <button class="danger" onclick={ask("delete")} data-testid="delete-key">{ "Delete" }</button>
                <button class="danger" onclick={ask("force")} data-testid="force-delete-key">{ "Force delete…" }</button>
            } else {
                <button onclick={on(act("POST", "/restore", "Key restored"))} data-testid="restore-key">{ "Restore" }</button>
                <button class="danger" onclick={ask("purge")}>{ "Purge…" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmKeyProps {
    /// "delete", "force" or "purge".
    pub what: &'static str,
    /// The key's name, typed to confirm a force deletion.
    pub name: String,
    /// The deployments a force deletion shreds.
    pub shredded: Vec<String>,
    pub typed: String,
    pub on_type: Callback<String>,
    pub on_act: Callback<Act>,
    pub on_cancel: Callback<()>,
}

/// The dialog that confirms a destructive action.
#[function_component(ConfirmKey)]
pub fn confirm_key(p: &ConfirmKeyProps) -> Html {
    let on = |a: Act| p.on_act.reform(move |_: MouseEvent| a);
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    match p.what {
        "delete" => html! {
            <div class="confirm" role="dialog" aria-label="Confirm deletion">
                <p>{ "Delete this key? It becomes Destroyed; it can be restored within 30 days and is purged after 90." }</p>
                <button class="danger" onclick={on(act("DELETE", "", "Key deleted"))}>{ "Delete" }</button>
                <button onclick={cancel}>{ "Cancel" }</button>
            </div>
        },
        "force" => {
            let matches = p.typed == p.name;
            html! {
                <div class="confirm danger-zone" role="dialog" aria-label="Confirm force deletion">
                    <p><strong>{ "Force delete is cryptoshredding." }</strong>{ " Every resource this key protects loses its data for good." }</p>
                    if !p.shredded.is_empty() {
                        <p>{ "These deployments will be shredded: " }<strong data-testid="shred-list">{ p.shredded.join(", ") }</strong></p>
                    }
                    <label>{ format!("Type the key's name ({}) to confirm", p.name) }
                        <input data-testid="confirm-name" aria-label="Key name to confirm" value={p.typed.clone()}
                            oninput={p.on_type.reform(|e: InputEvent| input_value(&e))} /></label>
                    <button class="danger" disabled={!matches} data-testid="confirm-force" onclick={on(act("DELETE", "?force=true", "Key force-deleted: registered resources are being cryptoshredded"))}>{ "Force delete" }</button>
                    <button onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
        }
        "purge" => html! {
            <div class="confirm" role="dialog" aria-label="Confirm purge">
                <p>{ "Purge removes the key and its metadata for good (KeyPurge role, 4 hours after deletion)." }</p>
                <button class="danger" onclick={on(act("DELETE", "/purge", "Key purged"))}>{ "Purge" }</button>
                <button onclick={cancel}>{ "Cancel" }</button>
            </div>
        },
        _ => html! {},
    }
}
