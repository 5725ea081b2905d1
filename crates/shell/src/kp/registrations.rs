//! `kp registrations`: which resources each key protects.

use super::client::{resources, Kp};
use crate::args::Args;
use crate::fmt::{encode, table, text};

pub(super) fn list(kp: &mut Kp, args: &Args) {
    let mut path = match args.get("-k") {
        Some(k) => format!("/api/v2/keys/{}/registrations", encode(k)),
        None => "/api/v2/keys/registrations".to_string(),
    };
    if let Some(c) = args.get("-c") {
        path.push_str(&format!("?urlEncodedResourceCRNQuery={}", encode(c)));
    }
    kp.progress("Retrieving registrations...");
    let resp = kp.send("GET", &path, None);
    if let Some(body) = kp.ok(resp) {
        let rows: Vec<Vec<String>> = resources(&body)
            .iter()
            .map(|r| {
                vec![
                    text(r.get("keyId")),
                    text(r.get("resourceCrn")),
                    text(r.get("preventKeyDeletion")),
                    text(r.get("creationDate")),
                ]
            })
            .collect();
        kp.ctx.out.out(table(
            &[
                "Key ID",
                "Resource CRN",
                "Prevent Key Deletion",
                "Creation Date",
            ],
            &rows,
        ));
    }
}
