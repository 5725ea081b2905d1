//! `kp key-rings`: the instance's key rings.

use super::client::{resources, Kp};
use crate::cli::fmt::{table, text};

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
