//! `kp key rotate`, `wrap`, `unwrap`, and the actions that only change a key's state or ask it to
//! be sent again (`disable`, `enable`, `schedule-delete`, `cancel-delete`, `sync`).

use serde_json::{json, Value};

use super::client::{key_path, Kp};
use crate::args::Args;
use crate::fmt::{table, text};

pub(super) fn rotate(kp: &mut Kp, args: &Args) {
    let (_, key_path) = key_path(args);
    kp.progress("Rotating root key...");
    let body = args.get("-k").map(|m| json!({ "payload": m }));
    let resp = kp.send("POST", &format!("{key_path}/actions/rotate"), body);
    kp.ok(resp);
}

/// `kp key wrap`: the plugin prints the ciphertext only, as `Ciphertext` (a table of one column,
/// or `{"Ciphertext": ...}`), also when the service made the data key.
pub(super) fn wrap(kp: &mut Kp, args: &Args) {
    let (_, key_path) = key_path(args);
    kp.progress("Wrapping key...");
    let mut body = json!({});
    if let Some(p) = args.get("-p") {
        body["plaintext"] = json!(p);
    }
    if let Some(a) = args.get("-a") {
        body["aad"] = json!(list(a));
    }
    let resp = kp.send("POST", &format!("{key_path}/actions/wrap"), Some(body));
    let shown = |b: &Value| json!({ "Ciphertext": b.get("ciphertext") });
    if let Some(body) = kp.ok_shaped(resp, shown) {
        let ciphertext = text(body.get("ciphertext"));
        kp.ctx.out.out(table(&["Ciphertext"], &[vec![ciphertext]]));
    }
}

/// `kp key unwrap`: the plaintext, and as `Rewrapped Plaintext` the data key wrapped anew when the
/// ciphertext was made with an older key version (empty otherwise), as the plugin names them.
pub(super) fn unwrap(kp: &mut Kp, args: &Args) {
    let (_, key_path) = key_path(args);
    kp.progress("Unwrapping key...");
    let mut body = json!({ "ciphertext": args.pos[1] });
    if let Some(a) = args.get("-a") {
        body["aad"] = json!(list(a));
    }
    let resp = kp.send("POST", &format!("{key_path}/actions/unwrap"), Some(body));
    let cells = |b: &Value| {
        let rewrapped = b.get("ciphertext").and_then(Value::as_str).unwrap_or("");
        (text(b.get("plaintext")), rewrapped.to_string())
    };
    let shown = |b: &Value| {
        let (plaintext, rewrapped) = cells(b);
        json!({ "Plaintext": plaintext, "Rewrapped Plaintext": rewrapped })
    };
    if let Some(body) = kp.ok_shaped(resp, shown) {
        let (plaintext, rewrapped) = cells(&body);
        kp.ctx.out.out(table(
            &["Plaintext", "Rewrapped Plaintext"],
            &[vec![plaintext, rewrapped]],
        ));
    }
}

/// An action with no body whose answer is only `OK` (or the failure), with the plugin's words.
pub(super) fn state_action(kp: &mut Kp, path: &str, args: &Args) {
    let (id, key_path) = key_path(args);
    let instance = kp.instance.clone();
    let (progress, action) = match path {
        "kp key disable" => (
            format!("Disabling key: '{id}', in instance: '{instance}'..."),
            "disable",
        ),
        "kp key enable" => (
            format!("Enabling key: '{id}', in instance: '{instance}'..."),
            "enable",
        ),
        "kp key schedule-delete" => (
            "Scheduling key for deletion...".to_string(),
            "setKeyForDeletion",
        ),
        "kp key cancel-delete" => (
            "Cancelling key for deletion...".to_string(),
            "unsetKeyForDeletion",
        ),
        _ => ("Synchronizing key...".to_string(), "sync"),
    };
    kp.progress(progress);
    let resp = kp.send("POST", &format!("{key_path}/actions/{action}"), None);
    if kp.ok(resp).is_some() && action == "sync" {
        kp.ctx
            .out
            .out("Key's associated resources are synchronized successfully");
    }
}

/// `-a a,b` as the list of AAD strings.
fn list(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_string()).collect()
}
