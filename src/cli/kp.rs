//! `ibmcloud kp`: the Key Protect CLI plugin over Key Protect API v2 requests.

use serde_json::{json, Value};

use super::fmt::{fields, pretty, table, text};
use super::spec::Args;
use super::Ctx;
use crate::engine::Response;

const KEY_TYPE: &str = "application/vnd.ibm.kms.key+json";

pub(crate) fn run(ctx: &mut Ctx, path: &str, args: &Args) {
    let json_out = match args.get("-o") {
        None => false,
        Some(f) if f.eq_ignore_ascii_case("json") => true,
        Some(f) => {
            ctx.out
                .fail(2, format!("Incorrect Usage: -o takes 'json', not '{f}'."));
            return;
        }
    };
    let Some(instance) = instance(ctx, args) else {
        ctx.out.fail(1, "No Key Protect instance: give one with -i INSTANCE_ID or 'export KP_INSTANCE_ID=<guid>' (the sandbox has none left).");
        return;
    };
    let mut kp = Kp {
        ctx,
        instance,
        json_out,
    };
    let id = args.pos.first().cloned().unwrap_or_default();
    let key_path = format!("/api/v2/keys/{}", encode(&id));
    match path {
        "kp key create" => {
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
            kp.keys_answer(resp, false);
        }
        "kp keys" => {
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
            kp.keys_answer(resp, args.has("-c"));
        }
        "kp key show" => {
            kp.progress(format!("Grabbing info for key id: {id}..."));
            let resp = kp.send("GET", &key_path, None);
            if let Some(body) = kp.ok(resp) {
                let key = &body["resources"][0];
                kp.ctx.out.out(key_details(key));
            }
        }
        "kp key delete" => {
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
        "kp key restore" => {
            kp.progress(format!(
                "Restoring key: {id}, in instance: {}...",
                kp.instance
            ));
            let body = args.get("-k").map(|m| json!({ "payload": m }));
            let resp = kp.send("POST", &format!("{key_path}/restore"), body);
            kp.keys_answer(resp, false);
        }
        "kp key purge" => {
            kp.progress(format!(
                "Purging key: {id}, from instance: {}...",
                kp.instance
            ));
            let resp = kp.send("DELETE", &format!("{key_path}/purge"), None);
            if kp.ok(resp).is_some() {
                kp.ctx.out.out(format!("Purged Key\n{id}"));
            }
        }
        "kp key rotate" => {
            kp.progress(format!(
                "Rotating key: {id}, in instance: {}...",
                kp.instance
            ));
            let body = args.get("-k").map(|m| json!({ "payload": m }));
            let resp = kp.send("POST", &format!("{key_path}/actions/rotate"), body);
            kp.ok(resp);
        }
        "kp key wrap" => {
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
        "kp key unwrap" => {
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
        "kp key disable"
        | "kp key enable"
        | "kp key schedule-delete"
        | "kp key cancel-delete"
        | "kp key sync" => {
            let (verb, action) = match path {
                "kp key disable" => ("Disabling key", "disable"),
                "kp key enable" => ("Enabling key", "enable"),
                "kp key schedule-delete" => {
                    ("Authorizing the deletion of key", "setKeyForDeletion")
                }
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
        "kp key versions" => {
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
        "kp key policies" => {
            kp.progress(format!("Retrieving policies of key: {id}..."));
            let resp = kp.send("GET", &format!("{key_path}/policies"), None);
            kp.policies_answer(resp);
        }
        "kp key policy-update rotation" | "kp key policy-update dual-auth-delete" => {
            let enabled = match (args.has("-e"), args.has("-d")) {
                (true, false) => true,
                (false, true) => false,
                _ => {
                    kp.ctx.out.fail(
                        2,
                        "Incorrect Usage. Give exactly one of -e (--enable) and -d (--disable).",
                    );
                    return;
                }
            };
            let (policy, resource) = if path.ends_with("rotation") {
                let months = match args.get("-m") {
                    Some(m) => match m.parse::<i64>() {
                        Ok(n) => n,
                        Err(_) => {
                            kp.ctx.out.fail(
                                2,
                                format!("Incorrect Usage. -m takes a number of months from 1 to 12, not '{m}'."),
                            );
                            return;
                        }
                    },
                    None if enabled => {
                        kp.ctx.out.fail(
                            2,
                            "Incorrect Usage. Enabling a rotation policy needs -m MONTHS (1 to 12).",
                        );
                        return;
                    }
                    None => 1,
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
            kp.policies_answer(resp);
        }
        "kp registrations" => {
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
        "kp key-rings" => {
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
        other => unreachable!("'{other}' is in the command table but has no handler"),
    }
}

struct Kp<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    instance: String,
    json_out: bool,
}

impl Kp<'_, '_> {
    /// The progress line; `-o json` prints only the JSON, as the plugin does.
    fn progress(&mut self, text: impl AsRef<str>) {
        if !self.json_out {
            self.ctx.out.out(text);
        }
    }

    fn send(&mut self, method: &str, path: &str, body: Option<Value>) -> Response {
        self.send_with(method, path, body, None)
    }

    fn send_with(
        &mut self,
        method: &str,
        path: &str,
        body: Option<Value>,
        prefer: Option<&str>,
    ) -> Response {
        let extra: Vec<(&str, &str)> = prefer.map(|p| ("prefer", p)).into_iter().collect();
        self.ctx
            .request_with(method, path, body, Some(&self.instance.clone()), &extra)
    }

    /// `OK` and the body on success (with `-o json`, the JSON is printed and `None` returned);
    /// `FAILED` and the `kp.Error` line otherwise.
    fn ok(&mut self, resp: Response) -> Option<Value> {
        if resp.status >= 400 {
            let correlation = resp
                .headers
                .get("correlation-id")
                .cloned()
                .unwrap_or_default();
            let body = resp.body.unwrap_or(Value::Null);
            let resource = &body["resources"][0];
            let msg = text(resource.get("errorMsg"));
            let mut line = format!("kp.Error: correlation_id='{correlation}', msg='{msg}'");
            if let Some(reasons) = resource.get("reasons").and_then(Value::as_array) {
                let reasons: Vec<String> = reasons
                    .iter()
                    .map(|r| {
                        format!(
                            "{}: {} - FOR_MORE_INFO_REFER: {}",
                            text(r.get("code")),
                            text(r.get("message")),
                            text(r.get("moreInfo"))
                        )
                    })
                    .collect();
                line.push_str(&format!(", reasons='[{}]'", reasons.join(", ")));
            }
            self.ctx.out.fail(1, line);
            return None;
        }
        let body = resp.body.unwrap_or(Value::Null);
        if self.json_out {
            let shown = match body.get("resources").and_then(Value::as_array) {
                Some(list)
                    if list.len() == 1
                        && body
                            .pointer("/metadata/collectionType")
                            .and_then(Value::as_str)
                            != Some("application/vnd.ibm.kms.registration+json") =>
                {
                    list[0].clone()
                }
                Some(list) => Value::Array(list.clone()),
                None => body,
            };
            if !shown.is_null() {
                self.ctx.out.out(pretty(&shown));
            }
            return None;
        }
        self.ctx.out.out("OK");
        Some(body)
    }

    /// The `Key ID   Key Name` table of a key answer.
    fn keys_answer(&mut self, resp: Response, with_crn: bool) {
        let Some(body) = self.ok(resp) else { return };
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
        self.ctx.out.out(table(headers, &rows));
    }

    fn policies_answer(&mut self, resp: Response) {
        let Some(body) = self.ok(resp) else { return };
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
            self.ctx.out.out("The key has no policies.");
            return;
        }
        self.ctx.out.out(table(
            &["Policy Type", "Enabled", "Interval", "Last Updated"],
            &rows,
        ));
    }
}

fn instance(ctx: &Ctx, args: &Args) -> Option<String> {
    if let Some(i) = args.get("-i") {
        return Some(i.to_string());
    }
    if let Some(i) = ctx.shell.var("KP_INSTANCE_ID").filter(|i| !i.is_empty()) {
        return Some(i.to_string());
    }
    ctx.backend
        .sandbox()
        .instances()
        .first()
        .map(|i| i.guid.clone())
}

fn envelope(kind: &str, resource: Value) -> Value {
    json!({
        "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": 1 },
        "resources": [resource],
    })
}

fn resources(body: &Value) -> Vec<Value> {
    body.get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn list(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_string()).collect()
}

/// Percent-encodes what is not safe in a path segment or query value.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

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
