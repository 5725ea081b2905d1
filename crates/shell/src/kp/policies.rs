//! `kp key policies` and `kp key policy-update rotation|dual-auth-delete`.

use serde_json::{json, Value};

use super::client::{envelope, key_path, resources, Kp};
use crate::args::Args;
use crate::fmt::{pairs, text};

/// `kp key policies`: every policy, or with `-r` / `-d` the one asked for (its JSON then one
/// object, `{}` when it is not set).
pub(super) fn show(kp: &mut Kp, args: &Args) {
    let (id, key_path) = key_path(args);
    let only = match (args.has("-r"), args.has("-d")) {
        (true, false) => Some("rotation"),
        (false, true) => Some("dualAuthDelete"),
        (false, false) => None,
        (true, true) => {
            kp.ctx.out.fail(
                2,
                "Incorrect Usage. Give -r (--rotation) or -d (--dual-auth), not both.",
            );
            return;
        }
    };
    kp.progress(format!("Retrieving policy details for key ID: {id}..."));
    let path = match only {
        Some(policy) => format!("{key_path}/policies?policy={policy}"),
        None => format!("{key_path}/policies"),
    };
    let resp = kp.send("GET", &path, None);
    let answer = match only {
        Some(_) => kp.ok_shaped(resp, |b| {
            resources(b).into_iter().next().unwrap_or_else(|| json!({}))
        }),
        None => kp.ok(resp),
    };
    if let Some(body) = answer {
        print_policies(kp, &body, None);
    }
}

/// `kp key policy-update`: the policy set, enabled unless `-d` says otherwise (as the plugin
/// has it), printed as `kp key policies` prints it, under the key's id.
pub(super) fn update(kp: &mut Kp, path: &str, args: &Args) {
    let (id, key_path) = key_path(args);
    let Some(enabled) = enabled(kp, args) else {
        return;
    };
    let (policy, resource) = if path.ends_with("rotation") {
        let Some(months) = months(kp, args, enabled, &key_path) else {
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
    // The plugin's words for both policies (the documentation shows them for dual-auth-delete).
    kp.progress(format!("Setting a rotation interval for key ID: {id}..."));
    let resp = kp.send(
        "PUT",
        &format!("{key_path}/policies?policy={policy}"),
        Some(envelope("policy", resource)),
    );
    if let Some(body) = kp.ok(resp) {
        print_policies(kp, &body, Some(&id));
    }
}

/// `-e` (the default) or `-d`, not both.
fn enabled(kp: &mut Kp, args: &Args) -> Option<bool> {
    match (args.has("-e"), args.has("-d")) {
        (_, false) => Some(true),
        (false, true) => Some(false),
        (true, true) => {
            kp.ctx.out.fail(
                2,
                "Incorrect Usage. Give -e (--enable) or -d (--disable), not both.",
            );
            None
        }
    }
}

/// `-m MONTHS`, needed to enable a rotation policy; disabling keeps the current one.
fn months(kp: &mut Kp, args: &Args, enabled: bool, key_path: &str) -> Option<i64> {
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
        // Disabling keeps the interval the policy has (the service needs one in the body).
        None => {
            let path = format!("{key_path}/policies?policy=rotation");
            let current = kp.send("GET", &path, None).body.unwrap_or_default();
            let months = current.pointer("/resources/0/rotation/interval_month");
            Some(months.and_then(Value::as_i64).unwrap_or(1))
        }
    }
}

/// Each policy as the plugin prints it: a blank line, then label and value pairs.
fn print_policies(kp: &mut Kp, body: &Value, key_id: Option<&str>) {
    let policies = resources(body);
    if policies.is_empty() {
        kp.ctx.out.out("The key has no policies.");
        return;
    }
    for p in policies {
        let mut rows = Vec::new();
        if let Some(id) = key_id {
            rows.push(("Key ID", id.to_string()));
        }
        rows.extend([
            ("Created By", text(p.get("createdBy"))),
            ("Creation Date", text(p.get("creationDate"))),
            ("Last Updated", text(p.get("lastUpdateDate"))),
            ("Updated By", text(p.get("updatedBy"))),
        ]);
        if let Some(r) = p.get("rotation") {
            rows.push(("Policy Type", "Rotation".to_string()));
            rows.push(("Interval", text(r.get("interval_month"))));
            rows.push(("Enabled", text(r.get("enabled"))));
        }
        if let Some(d) = p.get("dualAuthDelete") {
            rows.push(("Enabled", text(d.get("enabled"))));
        }
        kp.ctx.out.out(format!("\n{}", pairs(&rows)));
    }
}

/// `kp instance policies [-d]`: the instance's policies (the sandbox models dual authorization
/// delete), each as label and value pairs; `-o json` prints the array of policies.
pub(super) fn instance_show(kp: &mut Kp, args: &Args) {
    kp.progress(format!(
        "Retrieving policy details for instance: {}...",
        kp.instance
    ));
    let path = if args.has("-d") {
        "/api/v2/instance/policies?policy=dualAuthDelete"
    } else {
        "/api/v2/instance/policies"
    };
    let resp = kp.send("GET", path, None);
    let Some(body) = kp.ok_shaped(resp, |b| Value::Array(resources(b).to_vec())) else {
        return;
    };
    let policies = resources(&body);
    if policies.is_empty() {
        kp.ctx.out.out("The instance has no policies.");
    }
    for p in policies {
        let rows = [
            ("Created By", text(p.get("createdBy"))),
            ("Creation Date", text(p.get("creationDate"))),
            ("Last Updated", text(p.get("lastUpdated"))),
            ("Updated By", text(p.get("updatedBy"))),
            ("Policy Type", text(p.get("policy_type"))),
            ("Enabled", text(p.pointer("/policy_data/enabled"))),
        ];
        kp.ctx.out.out(pairs(&rows));
    }
}

/// `kp instance policy-update dual-auth-delete -e|-d`: new keys of the instance need two users'
/// authorization to be deleted (keys that have their own policy keep it).
pub(super) fn instance_update(kp: &mut Kp, args: &Args) {
    if !args.has("-e") && !args.has("-d") {
        kp.ctx
            .out
            .fail(2, "Incorrect Usage. Give -e (--enable) or -d (--disable).");
        return;
    }
    let Some(enabled) = enabled(kp, args) else {
        return;
    };
    kp.progress("Updating instance policy...");
    let resource =
        json!({ "policy_type": "dualAuthDelete", "policy_data": { "enabled": enabled } });
    let resp = kp.send(
        "PUT",
        "/api/v2/instance/policies?policy=dualAuthDelete",
        Some(envelope("policy", resource)),
    );
    kp.ok(resp);
}
