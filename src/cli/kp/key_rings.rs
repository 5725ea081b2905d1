//! `kp key-rings`, `kp key-ring create|delete`: the instance's key rings.

use super::client::{resources, Kp};
use crate::cli::args::Args;
use crate::cli::fmt::{encode, table, text};

pub(super) fn list(kp: &mut Kp) {
    kp.progress("Retrieving key rings...");
    let resp = kp.send("GET", "/api/v2/key_rings", None);
    if let Some(body) = kp.ok(resp) {
        let rows: Vec<Vec<String>> = resources(&body)
            .iter()
            .map(|r| {
                vec![
                    text(r.get("id")),
                    text(r.get("creationDate")),
                    text(r.get("createdBy")),
                ]
            })
            .collect();
        kp.ctx.out.out(table(
            &["Key Ring ID", "Creation Date", "Created By"],
            &rows,
        ));
    }
}

/// The ring id, as a path segment.
fn ring(args: &Args) -> (String, String) {
    let id = args.pos.first().cloned().unwrap_or_default();
    let path = format!("/api/v2/key_rings/{}", encode(&id));
    (id, path)
}

pub(super) fn create(kp: &mut Kp, args: &Args) {
    let (id, path) = ring(args);
    kp.progress(format!(
        "Creating key ring: '{id}', in instance: '{}'...",
        kp.instance
    ));
    let resp = kp.send("POST", &path, None);
    kp.ok(resp);
}

pub(super) fn delete(kp: &mut Kp, args: &Args) {
    let (id, path) = ring(args);
    kp.progress(format!(
        "Deleting key ring: '{id}', in instance: '{}'...",
        kp.instance
    ));
    let path = if args.has("-f") {
        format!("{path}?force=true")
    } else {
        path
    };
    let resp = kp.send("DELETE", &path, None);
    kp.ok(resp);
}
