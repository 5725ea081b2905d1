//! `kp key-rings`, `kp key-ring create|delete`: the instance's key rings.

use super::client::{forced, named_path, resources, Kp};
use crate::args::Args;
use crate::fmt::{table, text};

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

pub(super) fn create(kp: &mut Kp, args: &Args) {
    let (id, path) = named_path(args, "key_rings");
    kp.progress(format!(
        "Creating key ring: '{id}', in instance: '{}'...",
        kp.instance
    ));
    let resp = kp.send("POST", &path, None);
    kp.ok(resp);
}

pub(super) fn delete(kp: &mut Kp, args: &Args) {
    let (id, path) = named_path(args, "key_rings");
    kp.progress(format!(
        "Deleting key ring: '{id}', in instance: '{}'...",
        kp.instance
    ));
    let resp = kp.send("DELETE", &forced(&path, args), None);
    kp.ok(resp);
}
