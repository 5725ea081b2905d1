//! `kp key rotate`, `wrap`, `unwrap`, and the actions that only change a key's state or ask it to
//! be sent again (`disable`, `enable`, `schedule-delete`, `cancel-delete`, `sync`).

use serde_json::json;

use super::client::{key_path, Kp};
use crate::cli::args::Args;
use crate::cli::fmt::{fields, text};

pub(super) fn rotate(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Rotating key: {id}, in instance: {}...",
        kp.instance
    ));
    let body = args.get("-k").map(|m| json!({ "payload": m }));
    let resp = kp.send("POST", &format!("{key_path}/actions/rotate"), body);
    kp.ok(resp);
}

pub(super) fn wrap(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Wrapping with key: {id}..."));
    let mut body = json!({});
    if let Some(p) = args.get("-p") {
        body["plaintext"] = json!(p);
    }
    if let Some(a) = args.get("-a") {
        body["aad"] = json!(list(a));
    }
    let resp = kp.send("POST", &format!("{key_path}/actions/wrap"), Some(body));
    if let Some(body) = kp.ok(resp) {
        let mut rows = Vec::new();
        if let Some(p) = body.get("plaintext") {
            rows.push(("Plaintext", text(Some(p))));
        }
        rows.push(("Ciphertext", text(body.get("ciphertext"))));
        rows.push(("Key Version", text(body.pointer("/keyVersion/id"))));
        kp.ctx.out.out(fields(&rows));
    }
}

pub(super) fn unwrap(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Unwrapping with key: {id}..."));
    let mut body = json!({ "ciphertext": args.pos[1] });
    if let Some(a) = args.get("-a") {
        body["aad"] = json!(list(a));
    }
    let resp = kp.send("POST", &format!("{key_path}/actions/unwrap"), Some(body));
    if let Some(body) = kp.ok(resp) {
        let mut rows = vec![
            ("Plaintext", text(body.get("plaintext"))),
            ("Key Version", text(body.pointer("/keyVersion/id"))),
        ];
        if let Some(c) = body.get("ciphertext") {
            rows.push(("Rewrapped Ciphertext", text(Some(c))));
            rows.push((
                "Rewrapped Key Version",
                text(body.pointer("/rewrappedKeyVersion/id")),
            ));
        }
        kp.ctx.out.out(fields(&rows));
    }
}

/// An action with no body whose answer is only `OK` (or the failure).
pub(super) fn state_action(kp: &mut Kp, path: &str, args: &Args) {
    let (id, key_path) = key_path(args);
    let (verb, action) = match path {
        "kp key disable" => ("Disabling key", "disable"),
        "kp key enable" => ("Enabling key", "enable"),
        "kp key schedule-delete" => ("Authorizing the deletion of key", "setKeyForDeletion"),
        "kp key cancel-delete" => (
            "Cancelling the deletion authorization of key",
            "unsetKeyForDeletion",
        ),
        _ => ("Syncing key", "sync"),
    };
    kp.progress(format!("{verb}: {id}, in instance: {}...", kp.instance));
    let resp = kp.send("POST", &format!("{key_path}/actions/{action}"), None);
    kp.ok(resp);
}

/// `-a a,b` as the list of AAD strings.
fn list(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_string()).collect()
}
