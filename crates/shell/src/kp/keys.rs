//! `kp key create`, `kp keys`, `kp key show`, `delete`, `restore`, `purge` and `versions`: a key's
//! life and what the plugin prints of it.

use serde_json::{json, Value};

use super::client::{envelope, forced, key_path, resources, Kp, KEY_TYPE};
use crate::args::Args;
use crate::fmt::{encode, go_time, table, text};
use byok_engine::Response;

pub(super) fn create(kp: &mut Kp, args: &Args) {
    let name = &args.pos[0];
    let mut resource = json!({
        "type": KEY_TYPE,
        "name": name,
        "extractable": args.has("-s"),
    });
    if let Some(m) = args.get("-k") {
        resource["payload"] = json!(m);
    }
    if let Some(d) = args.get("-D") {
        resource["description"] = json!(d);
    }
    kp.progress(format!(
        "Creating key: '{name}', in instance: '{}'...",
        kp.instance
    ));
    let resp = kp.send("POST", "/api/v2/keys", Some(envelope("key", resource)));
    keys_answer(kp, resp, false);
}

pub(super) fn list(kp: &mut Kp, args: &Args) {
    let mut query = Vec::new();
    let mut param = |name: &str, value: &str| query.push(format!("{name}={}", encode(value)));
    if let Some(n) = args.get("-n") {
        param("limit", n);
    }
    if let Some(s) = args.get("-s") {
        param("offset", s);
    }
    if let Some(s) = args.get("--key-states") {
        param("state", &states(s));
    }
    if let Some(t) = args.get("-t") {
        param("extractable", extractable(t));
    }
    if let Some(l) = args.get("-l") {
        param("search", l);
    }
    if let Some(b) = args.get("-b") {
        param("sort", b);
    }
    if let Some(f) = args.get("-f") {
        param("filter", f);
    }
    let path = if query.is_empty() {
        "/api/v2/keys".to_string()
    } else {
        format!("/api/v2/keys?{}", query.join("&"))
    };
    kp.progress("Retrieving keys...");
    let resp = kp.send("GET", &path, None);
    keys_answer(kp, resp, args.has("-c"));
}

/// `--key-states active,suspended` (the plugin's names, any case) as the API's numbers; a word
/// it does not know goes as it is, for the service to refuse.
fn states(list: &str) -> String {
    let number = |state: &str| match state.trim().to_ascii_lowercase().as_str() {
        "active" => "1".to_string(),
        "suspended" => "2".to_string(),
        "deactivated" => "3".to_string(),
        "destroyed" => "5".to_string(),
        other => other.to_string(),
    };
    list.split(',').map(number).collect::<Vec<_>>().join(",")
}

/// `-t root-key|standard-key` (or `root`, `standard`) as the API's `extractable`.
fn extractable(kind: &str) -> &str {
    match kind.to_ascii_lowercase().as_str() {
        "root" | "root-key" => "false",
        "standard" | "standard-key" => "true",
        _ => kind,
    }
}

pub(super) fn show(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Grabbing info for key id: {id}..."));
    let resp = kp.send("GET", &key_path, None);
    if let Some(body) = kp.ok(resp) {
        let key = &body["resources"][0];
        kp.ctx.out.out(key_row(key));
    }
}

pub(super) fn delete(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Deleting key: {id}, from instance: {}...",
        kp.instance
    ));
    let resp = kp.send("DELETE", &forced(&key_path, args), None);
    if kp.ok_shaped(resp, |_| json!({ "id": id })).is_some() {
        kp.ctx.out.out(format!("Deleted Key\n{id}"));
    }
}

pub(super) fn restore(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Restoring key: '{id}', in instance: '{}'...",
        kp.instance
    ));
    let body = args.get("-k").map(|m| json!({ "payload": m }));
    let resp = kp.send("POST", &format!("{key_path}/restore"), body);
    keys_answer(kp, resp, false);
}

pub(super) fn purge(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Purging key: {id}, from instance: {}...",
        kp.instance
    ));
    let resp = kp.send("DELETE", &format!("{key_path}/purge"), None);
    if kp.ok(resp).is_some() {
        kp.ctx.out.out(format!("Purged Key\n{id}"));
    }
}

/// `kp key versions`: a table, or with `-o json` the service's whole answer (metadata and all).
pub(super) fn versions(kp: &mut Kp, args: &Args) {
    let (_, key_path) = key_path(args);
    kp.progress("Retrieving key Versions...");
    let resp = kp.send("GET", &format!("{key_path}/versions"), None);
    if let Some(body) = kp.ok_shaped(resp, Value::clone) {
        let rows: Vec<Vec<String>> = resources(&body)
            .iter()
            .map(|v| vec![text(v.get("id")), text(v.get("creationDate"))])
            .collect();
        kp.ctx
            .out
            .out(table(&["Key Version ID", "Creation Date"], &rows));
    }
}

/// The `Key ID   Key Name` table of a key answer.
fn keys_answer(kp: &mut Kp, resp: Response, with_crn: bool) {
    let Some(body) = kp.ok(resp) else { return };
    let rows: Vec<Vec<String>> = resources(&body)
        .iter()
        .map(|k| {
            let mut row = vec![text(k.get("id")), text(k.get("name"))];
            if with_crn {
                row.push(text(k.get("crn")));
            }
            row
        })
        .collect();
    let headers: &[&str] = if with_crn {
        &["Key ID", "Key Name", "CRN"]
    } else {
        &["Key ID", "Key Name"]
    };
    kp.ctx.out.out(table(headers, &rows));
}

/// `kp key show`'s one-row table, dates as the plugin prints them.
fn key_row(k: &Value) -> String {
    let description = k.get("description").and_then(Value::as_str).unwrap_or("");
    let expiration = match k.get("expirationDate") {
        Some(Value::String(date)) => go_time(date),
        _ => "Key does not expire".to_string(),
    };
    table(
        &[
            "Key ID",
            "Key Name",
            "Description",
            "Creation Date",
            "Expiration Date",
        ],
        &[vec![
            text(k.get("id")),
            text(k.get("name")),
            description.to_string(),
            go_time(&text(k.get("creationDate"))),
            expiration,
        ]],
    )
}
