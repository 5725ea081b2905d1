//! `kp key create`, `kp keys`, `kp key show`, `delete`, `restore`, `purge` and `versions`: a key's
//! life and what the plugin prints of it.

use serde_json::{json, Value};

use super::client::{envelope, key_path, resources, Kp, KEY_TYPE};
use crate::cli::args::Args;
use crate::cli::fmt::{encode, fields, table, text};
use crate::engine::Response;

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
    let verb = if args.has("-k") {
        "Importing"
    } else {
        "Creating"
    };
    kp.progress(format!(
        "{verb} key: '{name}', in instance: '{}'...",
        kp.instance
    ));
    let resp = kp.send("POST", "/api/v2/keys", Some(envelope("key", resource)));
    keys_answer(kp, resp, false);
}

pub(super) fn list(kp: &mut Kp, args: &Args) {
    let mut query = Vec::new();
    if let Some(n) = args.get("-n") {
        query.push(format!("limit={}", encode(n)));
    }
    if let Some(s) = args.get("-s") {
        query.push(format!("offset={}", encode(s)));
    }
    if let Some(s) = args.get("--key-states") {
        query.push(format!("state={}", encode(s)));
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

pub(super) fn show(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Grabbing info for key id: {id}..."));
    let resp = kp.send("GET", &key_path, None);
    if let Some(body) = kp.ok(resp) {
        let key = &body["resources"][0];
        kp.ctx.out.out(key_details(key));
    }
}

pub(super) fn delete(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Deleting key: {id}, from instance: {}...",
        kp.instance
    ));
    let path = if args.has("-f") {
        format!("{key_path}?force=true")
    } else {
        key_path.clone()
    };
    let prefer = kp.json_out.then_some("return=representation");
    let resp = kp.send_with("DELETE", &path, None, prefer);
    if kp.ok(resp).is_some() {
        kp.ctx.out.out(format!("Deleted Key\n{id}"));
    }
}

pub(super) fn restore(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!(
        "Restoring key: {id}, in instance: {}...",
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

pub(super) fn versions(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Retrieving versions of key: {id}..."));
    let resp = kp.send("GET", &format!("{key_path}/versions"), None);
    if let Some(body) = kp.ok(resp) {
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

/// `kp key show`'s `Label:   value` block.
fn key_details(k: &Value) -> String {
    let state = match k.get("state").and_then(Value::as_i64) {
        Some(0) => "0 (Pre-activation)",
        Some(1) => "1 (Active)",
        Some(2) => "2 (Suspended)",
        Some(3) => "3 (Deactivated)",
        Some(5) => "5 (Destroyed)",
        _ => "-",
    };
    let kind = if k.get("extractable") == Some(&Value::Bool(true)) {
        "Standard"
    } else {
        "Root"
    };
    let mut rows = vec![
        ("Key ID", text(k.get("id"))),
        ("Key Name", text(k.get("name"))),
        ("Description", text(k.get("description"))),
        ("Key Type", kind.to_string()),
        ("State", state.to_string()),
        ("Imported", text(k.get("imported"))),
        ("Creation Date", text(k.get("creationDate"))),
        ("Created By", text(k.get("createdBy"))),
        (
            "Expiration Date",
            match k.get("expirationDate") {
                Some(v) => text(Some(v)),
                None => "Key does not expire".into(),
            },
        ),
        ("Last Rotated", text(k.get("lastRotateDate"))),
        ("Key Version", text(k.pointer("/keyVersion/id"))),
        ("Key Ring ID", text(k.get("keyRingID"))),
        (
            "Dual Auth Delete",
            text(k.pointer("/dualAuthDelete/enabled")),
        ),
    ];
    if k.get("deleted") == Some(&Value::Bool(true)) {
        rows.extend([
            ("Deletion Date", text(k.get("deletionDate"))),
            ("Deleted By", text(k.get("deletedBy"))),
            ("Restore Allowed", text(k.get("restoreAllowed"))),
            ("Restore Expiration", text(k.get("restoreExpirationDate"))),
            ("Purge Allowed", text(k.get("purgeAllowed"))),
            ("Purge Allowed From", text(k.get("purgeAllowedFrom"))),
            ("Purge Scheduled On", text(k.get("purgeScheduledOn"))),
        ]);
    }
    rows.push(("CRN", text(k.get("crn"))));
    fields(&rows)
}
