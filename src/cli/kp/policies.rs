//! `kp key policies` and `kp key policy-update rotation|dual-auth-delete`.

use serde_json::json;

use super::client::{envelope, key_path, resources, Kp};
use crate::cli::args::Args;
use crate::cli::fmt::{table, text};
use crate::engine::Response;

pub(super) fn show(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    kp.progress(format!("Retrieving policies of key: {id}..."));
    let resp = kp.send("GET", &format!("{key_path}/policies"), None);
    policies_answer(kp, resp);
}

pub(super) fn update(kp: &mut Kp, path: &str, args: &Args) {
    let (id, key_path) = key_path(args);
    let Some(enabled) = enabled(kp, args) else {
        return;
    };
    let (policy, resource) = if path.ends_with("rotation") {
        let Some(months) = months(kp, args, enabled) else {
            return;
        };
        (
            "rotation",
            json!({ "type": "application/vnd.ibm.kms.policy+json", "rotation": { "enabled": enabled, "interval_month": months } }),
        )
    } else {
        (
            "dualAuthDelete",
            json!({ "type": "application/vnd.ibm.kms.policy+json", "dualAuthDelete": { "enabled": enabled } }),
        )
    };
    kp.progress(format!("Updating the {policy} policy of key: {id}..."));
    let resp = kp.send(
        "PUT",
        &format!("{key_path}/policies?policy={policy}"),
        Some(envelope("policy", resource)),
    );
    policies_answer(kp, resp);
}

/// `-e` or `-d`, exactly one of them.
fn enabled(kp: &mut Kp, args: &Args) -> Option<bool> {
    match (args.has("-e"), args.has("-d")) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => {
            kp.ctx.out.fail(
                2,
                "Incorrect Usage. Give exactly one of -e (--enable) and -d (--disable).",
            );
            None
        }
    }
}

/// `-m MONTHS`, needed to enable a rotation policy.
fn months(kp: &mut Kp, args: &Args, enabled: bool) -> Option<i64> {
    match args.get("-m") {
        Some(m) => match m.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                kp.ctx.out.fail(
                    2,
                    format!(
                        "Incorrect Usage. -m takes a number of months from 1 to 12, not '{m}'."
                    ),
                );
                None
            }
        },
        None if enabled => {
            kp.ctx.out.fail(
                2,
                "Incorrect Usage. Enabling a rotation policy needs -m MONTHS (1 to 12).",
            );
            None
        }
        None => Some(1),
    }
}

fn policies_answer(kp: &mut Kp, resp: Response) {
    let Some(body) = kp.ok(resp) else { return };
    let mut rows = Vec::new();
    for p in resources(&body) {
        if let Some(r) = p.get("rotation") {
            rows.push(vec![
                "rotation".to_string(),
                text(r.get("enabled")),
                format!("every {} month(s)", text(r.get("interval_month"))),
                text(p.get("lastUpdateDate")),
            ]);
        }
        if let Some(d) = p.get("dualAuthDelete") {
            rows.push(vec![
                "dualAuthDelete".to_string(),
                text(d.get("enabled")),
                "-".to_string(),
                text(p.get("lastUpdateDate")),
            ]);
        }
    }
    if rows.is_empty() {
        kp.ctx.out.out("The key has no policies.");
        return;
    }
    kp.ctx.out.out(table(
        &["Policy Type", "Enabled", "Interval", "Last Updated"],
        &rows,
    ));
}
