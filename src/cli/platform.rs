//! `ibmcloud iam` (authorizations), `ibmcloud resource` (instances and reclamations) over the IAM and
//! Resource Controller request faces, and the sandbox's own `sandbox ...` commands.

use serde_json::{json, Value};

use super::fmt::{fields, pretty, table, text};
use super::kp::encode;
use super::spec::{self, Args};
use super::{Backend, Ctx, Output, Shell};
use crate::engine::{Duration, Response};

/// Key Protect's tiered-pricing plan id (creating an instance of it creates a Key Protect instance).
const KMS_PLAN: &str = "eedd3585-90c6-4c8f-be3d-062069e99fc3";

pub(crate) fn iam(ctx: &mut Ctx, path: &str, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let json_out = args
        .get("--output")
        .is_some_and(|f| f.eq_ignore_ascii_case("json"));
    match path {
        "iam authorization-policy-create" => {
            let (source, target, roles) = (&args.pos[0], &args.pos[1], &args.pos[2]);
            let mut subject = vec![json!({ "name": "serviceName", "value": source })];
            if let Some(i) = args.get("--source-service-instance-id") {
                subject.push(json!({ "name": "serviceInstance", "value": i }));
            }
            let mut resource =
                vec![json!({ "name": "serviceName", "operator": "stringEquals", "value": target })];
            if let Some(i) = args.get("--target-service-instance-id") {
                resource.push(
                    json!({ "name": "serviceInstance", "operator": "stringEquals", "value": i }),
                );
            }
            let roles: Vec<Value> = roles
                .split(',')
                .map(|r| json!({ "display_name": r.trim() }))
                .collect();
            let body = json!({
                "type": "authorization",
                "subjects": [{ "attributes": subject }],
                "roles": roles,
                "resources": [{ "attributes": resource }],
            });
            if !json_out {
                ctx.out.out(format!(
                    "Creating authorization policy under account {account} as {email}..."
                ));
            }
            let resp = ctx.request("POST", "/v1/policies", Some(body), None);
            if let Some(policy) = answer(ctx, resp, json_out) {
                ctx.out.out(format!(
                    "Authorization policy {} was created.\n\n{}",
                    text(policy.get("id")),
                    policy_block(&policy)
                ));
            }
        }
        "iam authorization-policies" => {
            if !json_out {
                ctx.out.out(format!(
                    "Getting authorization policies under account {account} as {email}..."
                ));
            }
            let resp = ctx.request(
                "GET",
                &format!("/v1/policies?account_id={account}&type=authorization"),
                None,
                None,
            );
            if let Some(body) = answer(ctx, resp, json_out) {
                let policies = list(&body, "policies");
                if policies.is_empty() {
                    ctx.out.out("No policy found.");
                }
                let blocks: Vec<String> = policies.iter().map(policy_block).collect();
                if !blocks.is_empty() {
                    ctx.out.out(format!("\n{}", blocks.join("\n\n")));
                }
            }
        }
        "iam authorization-policy-delete" => {
            let id = &args.pos[0];
            ctx.out.out(format!(
                "Deleting authorization policy {id} under account {account} as {email}..."
            ));
            let resp = ctx.request(
                "DELETE",
                &format!("/v1/policies/{}", encode(id)),
                None,
                None,
            );
            if answer(ctx, resp, false).is_some() {
                ctx.out
                    .out(format!("Authorization policy {id} was deleted."));
            }
        }
        other => unreachable!("'{other}' has no handler"),
    }
}

pub(crate) fn resource(ctx: &mut Ctx, path: &str, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let json_out = args
        .get("--output")
        .is_some_and(|f| f.eq_ignore_ascii_case("json"));
    let progress = |ctx: &mut Ctx, line: String| {
        if !json_out {
            ctx.out.out(line);
        }
    };
    match path {
        "resource service-instance-create" => {
            let (name, service, plan, location) =
                (&args.pos[0], &args.pos[1], &args.pos[2], &args.pos[3]);
            let group = args.get("-g").unwrap_or("Default");
            let plan_id = if service == "kms" {
                KMS_PLAN.to_string()
            } else if plan == "standard" {
                format!("{service}-standard")
            } else {
                plan.clone()
            };
            if service != "kms" && !plan_id.starts_with(service.as_str()) {
                ctx.out.fail(1, format!("Plan '{plan}' was not found for service '{service}'. Use 'standard' (or '{service}-standard')."));
                return;
            }
            let mut body = json!({
                "name": name,
                "target": location,
                "resource_group": group,
                "resource_plan_id": plan_id,
            });
            if let Some(p) = args.get("-p") {
                match serde_json::from_str::<Value>(p) {
                    Ok(v @ Value::Object(_)) => body["parameters"] = v,
                    Ok(_) => {
                        ctx.out.fail(2, "Incorrect Usage: -p takes a JSON object, e.g. '{\"disk_encryption_key_crn\":\"crn:v1:...\"}'.");
                        return;
                    }
                    Err(e) => {
                        ctx.out.fail(
                            2,
                            format!("Incorrect Usage: -p is not valid JSON ({e}). Quote it in single quotes: -p '{{\"disk_encryption_key_crn\":\"crn:v1:...\"}}'"),
                        );
                        return;
                    }
                }
            }
            progress(
                ctx,
                format!("Creating service instance {name} in resource group {group} of account {account} as {email}..."),
            );
            let resp = ctx.request("POST", "/v2/resource_instances", Some(body), None);
            if let Some(instance) = answer(ctx, resp, json_out) {
                let details = instance_details(ctx, &instance);
                ctx.out
                    .out(format!("Service instance {name} was created.\n\n{details}"));
            }
        }
        "resource service-instances" => {
            progress(ctx, format!("Retrieving instances with type service_instance in all resource groups in all locations under account {account} as {email}..."));
            let resp = ctx.request("GET", "/v2/resource_instances", None, None);
            let Some(body) = answer_with(ctx, resp, false) else {
                return;
            };
            let mut rows = list(&body, "resources");
            if let Some(s) = args.get("--service-name") {
                rows.retain(|r| service_of(r) == s);
            }
            if json_out {
                ctx.out.out(pretty(&Value::Array(rows)));
                return;
            }
            ctx.out.out("OK");
            if rows.is_empty() {
                ctx.out.out("No service instance found.");
                return;
            }
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        text(r.get("name")),
                        text(r.get("region_id")),
                        text(r.get("state")),
                        service_of(r),
                        text(r.get("guid")),
                    ]
                })
                .collect();
            ctx.out.out(table(
                &["Name", "Location", "State", "Service", "GUID"],
                &rows,
            ));
        }
        "resource service-instance" => {
            let id = resolve(ctx, &args.pos[0]);
            progress(ctx, format!("Retrieving service instance {} in all resource groups under account {account} as {email}...", args.pos[0]));
            let resp = ctx.request(
                "GET",
                &format!("/v2/resource_instances/{}", encode(&id)),
                None,
                None,
            );
            if let Some(instance) = answer(ctx, resp, json_out) {
                let details = instance_details(ctx, &instance);
                ctx.out.out(format!("\n{details}"));
            }
        }
        "resource service-instance-delete" => {
            let id = resolve(ctx, &args.pos[0]);
            let path = format!("/v2/resource_instances/{}", encode(&id));
            let resp = ctx.request("GET", &path, None, None);
            if resp.status >= 400 {
                ctx.out.out(format!(
                    "Deleting service instance {} under account {account} as {email}...",
                    args.pos[0]
                ));
                answer(ctx, resp, false);
                return;
            }
            let instance = resp.body.unwrap_or(Value::Null);
            let (name, crn) = (text(instance.get("name")), text(instance.get("id")));
            let group = text(instance.get("resource_group_id"));
            ctx.out.out(format!("Deleting service instance {name} in resource group {group} under account {account} as {email}..."));
            let resp = ctx.request("DELETE", &path, None, None);
            if answer(ctx, resp, false).is_some() {
                ctx.out.out(format!(
                    "Service instance {name} with ID {crn} is deleted successfully"
                ));
            }
        }
        "resource reclamations" => {
            progress(
                ctx,
                format!("Retrieving all reclamations of account {account} as {email}..."),
            );
            let resp = ctx.request("GET", "/v1/reclamations", None, None);
            if let Some(body) = answer(ctx, resp, json_out) {
                let rows = list(&body, "resources");
                if rows.is_empty() {
                    ctx.out.out("No reclamation found.");
                    return;
                }
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        vec![
                            text(r.get("id")),
                            text(r.get("resource_instance_id")),
                            text(r.get("state")),
                            text(r.get("target_time")),
                        ]
                    })
                    .collect();
                ctx.out.out(table(
                    &["ID", "Resource Instance ID", "State", "Target Time"],
                    &rows,
                ));
            }
        }
        "resource reclamation" => {
            let id = &args.pos[0];
            progress(
                ctx,
                format!("Retrieving reclamation {id} of account {account} as {email}..."),
            );
            let resp = ctx.request("GET", "/v1/reclamations", None, None);
            let Some(body) = answer_with(ctx, resp, false) else {
                return;
            };
            let Some(r) = list(&body, "resources")
                .into_iter()
                .find(|r| r.get("id").and_then(Value::as_str) == Some(id.as_str()))
            else {
                ctx.out.fail(1, format!("Reclamation {id} was not found: 'ibmcloud resource reclamations' lists them."));
                return;
            };
            if json_out {
                ctx.out.out(pretty(&r));
                return;
            }
            ctx.out.out(format!("OK\n\n{}", reclamation_block(&r)));
        }
        "resource reclamation-restore" | "resource reclamation-delete" => {
            let id = &args.pos[0];
            let (verb, action, done) = if path.ends_with("restore") {
                ("Restoring", "restore", "restored")
            } else {
                ("Deleting", "reclaim", "deleted")
            };
            progress(
                ctx,
                format!("{verb} resource reclamation {id} under account {account} as {email}..."),
            );
            let resp = ctx.request(
                "POST",
                &format!("/v1/reclamations/{}/actions/{action}", encode(id)),
                None,
                None,
            );
            if let Some(r) = answer(ctx, resp, json_out) {
                ctx.out.out(format!(
                    "Reclamation {id} was {done}.\n\n{}",
                    reclamation_block(&r)
                ));
            }
        }
        other => unreachable!("'{other}' has no handler"),
    }
}

/// `OK` and the body on success (with `json_out`, the JSON is printed and `None` returned); on
/// failure `FAILED` and the service's error.
fn answer(ctx: &mut Ctx, resp: Response, json_out: bool) -> Option<Value> {
    let body = answer_with(ctx, resp, json_out)?;
    ctx.out.out("OK");
    Some(body)
}

fn answer_with(ctx: &mut Ctx, resp: Response, json_out: bool) -> Option<Value> {
    let body = resp.body.unwrap_or(Value::Null);
    if resp.status >= 400 {
        let code = body
            .get("error_code")
            .or_else(|| body.pointer("/errors/0/code"))
            .or_else(|| body.get("code"));
        let message = body
            .get("message")
            .or_else(|| body.pointer("/errors/0/message"))
            .or_else(|| body.get("errors"));
        let mut text_out = format!(
            "Error response from server. Status code: {}; code: {}; description: {}",
            resp.status,
            text(code),
            text(message)
        );
        if let Some(h) = body.get("sandbox_hint").and_then(Value::as_str) {
            text_out.push_str(&format!("\nSandbox hint: {h}"));
        }
        ctx.out.fail(1, text_out);
        return None;
    }
    if json_out {
        let shown = ["resources", "policies"]
            .iter()
            .find_map(|k| body.get(*k).filter(|v| v.is_array()).cloned())
            .filter(|_| body.get("id").is_none())
            .unwrap_or(body);
        ctx.out.out(pretty(&shown));
        return None;
    }
    Some(body)
}

fn list(body: &Value, name: &str) -> Vec<Value> {
    body.get(name)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A service instance's service name: Key Protect's instances are `kms`.
fn service_of(r: &Value) -> String {
    if r.get("resource_plan_id").and_then(Value::as_str) == Some(KMS_PLAN) {
        "kms".into()
    } else {
        text(r.get("resource_id"))
    }
}

/// A Key Protect instance's name to its GUID (deployments are found by name by the service).
fn resolve(ctx: &Ctx, name_or_id: &str) -> String {
    ctx.backend
        .sandbox()
        .instances()
        .iter()
        .find(|i| i.name == name_or_id)
        .map_or_else(|| name_or_id.to_string(), |i| i.guid.clone())
}

fn who(ctx: &Ctx, id: &str) -> String {
    ctx.backend
        .sandbox()
        .users()
        .iter()
        .find(|u| u.id == id)
        .map_or_else(|| id.to_string(), |u| u.email.clone())
}

fn instance_details(ctx: &Ctx, r: &Value) -> String {
    let kms = service_of(r) == "kms";
    let op = r.get("last_operation").cloned().unwrap_or(Value::Null);
    let mut rows = vec![
        ("Name", text(r.get("name"))),
        ("ID", text(r.get("id"))),
        ("GUID", text(r.get("guid"))),
        ("Location", text(r.get("region_id"))),
        ("Service Name", service_of(r)),
        (
            "Service Plan Name",
            if kms {
                "tiered-pricing".into()
            } else {
                text(r.get("resource_plan_id"))
            },
        ),
        ("Resource Group Name", text(r.get("resource_group_id"))),
        ("State", text(r.get("state"))),
        ("Type", text(r.get("type"))),
        ("Created at", text(r.get("created_at"))),
    ];
    if let Some(by) = r.get("created_by").and_then(Value::as_str) {
        rows.push(("Created by", who(ctx, by)));
    }
    rows.push((
        "Last Operation",
        format!(
            "{} {} ({})",
            text(op.get("type")),
            text(op.get("state")),
            text(op.get("description"))
        ),
    ));
    if let Some(p) = r.get("parameters").and_then(Value::as_object) {
        for (name, label) in [
            ("disk_encryption_key_crn", "Disk Encryption Key"),
            ("backup_encryption_key_crn", "Backup Encryption Key"),
        ] {
            if let Some(v) = p.get(name) {
                rows.push((label, text(Some(v))));
            }
        }
    }
    if let Some(s) = r.get("sandbox") {
        if let Some(v) = s.get("key_version").filter(|v| !v.is_null()) {
            rows.push(("Key Version", text(Some(v))));
        }
        let reason = match s.get("disabled_reason") {
            None | Some(Value::Null) => None,
            Some(Value::String(r)) if r == "key_destroyed" => {
                Some("key destroyed: the data encryption key is gone for good".to_string())
            }
            Some(Value::String(r)) if r == "key_suspended" => {
                Some("key suspended: enable the key to bring the deployment back".to_string())
            }
            Some(Value::Object(o)) => o
                .get("key_not_accessible")
                .map(|d| format!("key not accessible: {}", text(d.get("detail")))),
            Some(other) => Some(text(Some(other))),
        };
        if let Some(reason) = reason {
            rows.push(("Disabled Reason", reason));
        }
        rows.push(("Cryptoshredded", text(s.get("cryptoshredded"))));
        if let Some(v) = s.get("reclamation_id").filter(|v| !v.is_null()) {
            rows.push(("Reclamation ID", text(Some(v))));
        }
    }
    fields(&rows)
}

fn policy_block(p: &Value) -> String {
    let attr = |list: &str, name: &str| {
        p.pointer(&format!("/{list}/0/attributes"))
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter()
                    .find(|x| x.get("name").and_then(Value::as_str) == Some(name))
            })
            .map(|x| text(x.get("value")))
    };
    let roles: Vec<String> = list(p, "roles")
        .iter()
        .map(|r| text(r.get("display_name")))
        .collect();
    fields(&[
        ("ID", text(p.get("id"))),
        (
            "Source service name",
            attr("subjects", "serviceName").unwrap_or_default(),
        ),
        (
            "Source service instance",
            attr("subjects", "serviceInstance").unwrap_or_else(|| "All instances".into()),
        ),
        (
            "Target service name",
            attr("resources", "serviceName").unwrap_or_default(),
        ),
        (
            "Target service instance",
            attr("resources", "serviceInstance").unwrap_or_else(|| "All instances".into()),
        ),
        ("Roles", roles.join(", ")),
    ])
}

fn reclamation_block(r: &Value) -> String {
    fields(&[
        ("ID", text(r.get("id"))),
        ("Entity ID", text(r.get("entity_id"))),
        ("Entity CRN", text(r.get("entity_crn"))),
        ("Resource Instance ID", text(r.get("resource_instance_id"))),
        ("Resource Group ID", text(r.get("resource_group_id"))),
        ("State", text(r.get("state"))),
        ("Target Time", text(r.get("target_time"))),
        ("Created At", text(r.get("created_at"))),
        ("Updated At", text(r.get("updated_at"))),
    ])
}

/// `sandbox ...`: the clock, the user, a fresh start.
pub(crate) fn sandbox(
    shell: &mut Shell,
    backend: &mut dyn Backend,
    words: &[String],
    out: &mut Output,
) {
    let sub = words.first().map(String::as_str).unwrap_or("help");
    let rest = &words[words.len().min(1)..];
    match (sub, rest) {
        ("help" | "--help" | "-h", _) => {
            let mut text = String::from("USAGE:\n   sandbox COMMAND [ARGUMENTS]\n\nCOMMANDS:\n");
            for (word, args, about) in spec::SANDBOX {
                let usage = format!("{word} {args}");
                text.push_str(&format!("   {usage:<20} {about}\n"));
            }
            out.out(text.trim_end());
        }
        ("now", []) => out.out(backend.sandbox().now().to_string()),
        ("advance", [d]) => {
            let d = match Duration::parse(d) {
                Ok(d) => d,
                Err(e) => {
                    out.fail(2, format!("Incorrect Usage: {e}"));
                    return;
                }
            };
            let seen = backend.sandbox().events().len();
            backend.advance(d);
            let sandbox = backend.sandbox();
            out.out(format!("Advanced {d}: the clock is now {}", sandbox.now()));
            let rows: Vec<Vec<String>> = sandbox.events()[seen..]
                .iter()
                .map(|e| {
                    let by = sandbox
                        .users()
                        .iter()
                        .find(|u| u.id == e.initiator.id)
                        .map_or(e.initiator.name.clone(), |u| u.name.clone());
                    vec![
                        e.event_time.to_string(),
                        e.action.clone(),
                        format!("{} {}", e.outcome, e.reason.reason_code),
                        by,
                    ]
                })
                .collect();
            if !rows.is_empty() {
                out.out(table(&["Time", "Event", "Outcome", "Initiator"], &rows));
            }
        }
        ("as", [name]) => {
            let sandbox = backend.sandbox();
            let Some(user) = sandbox.user_by_name(name) else {
                let names: Vec<&str> = sandbox.users().iter().map(|u| u.name.as_str()).collect();
                out.fail(
                    1,
                    format!(
                        "No user '{name}': the sandbox's users are {}.",
                        names.join(", ")
                    ),
                );
                return;
            };
            shell.user = user.name.clone();
            out.out(format!(
                "Now acting as {} ({}): Key Protect {}; databases {}",
                user.name,
                user.email,
                roles(user),
                user.database_role.name()
            ));
        }
        ("users", []) => {
            let rows: Vec<Vec<String>> = backend
                .sandbox()
                .users()
                .iter()
                .map(|u| {
                    let mark = if u.name == shell.user { "*" } else { "" };
                    vec![
                        format!("{mark}{}", u.name),
                        u.email.clone(),
                        roles(u),
                        u.database_role.name().to_string(),
                        if u.owner { "owner" } else { "" }.to_string(),
                    ]
                })
                .collect();
            out.out(table(
                &["User", "Email", "Key Protect Roles", "Databases Role", ""],
                &rows,
            ));
        }
        ("roles", [name, roles]) => {
            let token = backend
                .sandbox()
                .user_by_name(&shell.user)
                .map(|u| u.token.clone())
                .unwrap_or_default();
            let roles: Vec<&str> = roles
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .collect();
            let req = crate::engine::Request::new(
                "PUT",
                &format!("/sandbox/v1/users/{}/roles", encode(name)),
            )
            .header("authorization", &format!("Bearer {token}"))
            .json(json!({ "kms": roles }));
            let resp = backend.request(&req);
            let body = resp.body.unwrap_or(Value::Null);
            if resp.status >= 400 {
                out.fail(1, text(body.get("errors")));
                return;
            }
            out.out(format!(
                "OK\n{name} now has the Key Protect roles {}",
                if roles.is_empty() {
                    "(none)".to_string()
                } else {
                    roles.join(",")
                }
            ));
        }
        ("reset", rest) => {
            let seed = match rest {
                [] => None,
                [flag, n] if flag == "--seed" => match n.parse::<u64>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        out.fail(
                            2,
                            format!("Incorrect Usage: --seed takes a whole number, not '{n}'."),
                        );
                        return;
                    }
                },
                [flag] if flag.starts_with("--seed=") => {
                    match flag["--seed=".len()..].parse::<u64>() {
                        Ok(n) => Some(n),
                        Err(_) => {
                            out.fail(2, "Incorrect Usage: --seed takes a whole number.");
                            return;
                        }
                    }
                }
                _ => {
                    out.fail(2, "Incorrect Usage: sandbox reset [--seed N]");
                    return;
                }
            };
            backend.reset(seed);
            let sandbox = backend.sandbox();
            if sandbox.user_by_name(&shell.user).is_none() {
                shell.user = "alice".into();
            }
            let instance = sandbox.instances().first().map_or(String::new(), |i| {
                format!(", Key Protect instance {} ({})", i.guid, i.name)
            });
            out.out(format!(
                "Started a new sandbox with seed {}: account {}{instance}. The clock is at {}.",
                sandbox.seed(),
                sandbox.account(),
                sandbox.now()
            ));
        }
        (sub, _) if spec::SANDBOX.iter().any(|(w, _, _)| *w == sub) => {
            let (_, args, _) = spec::SANDBOX.iter().find(|(w, _, _)| *w == sub).unwrap();
            out.fail(
                2,
                format!("Incorrect Usage: sandbox {sub} {args}").trim_end(),
            );
        }
        (sub, _) => {
            let mut text = format!("'{sub}' is not a registered command. See 'sandbox help'.");
            if let Some(s) = spec::suggest(sub, spec::SANDBOX.iter().map(|(w, _, _)| *w)) {
                text.push_str(&format!("\nDid you mean '{s}'?"));
            }
            out.fail(2, text);
        }
    }
}

fn roles(user: &crate::engine::iam::User) -> String {
    let names: Vec<&str> = user.kms_roles.list().iter().map(|r| r.name()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(",")
    }
}
