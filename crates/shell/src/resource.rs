//! `ibmcloud resource`: service instances (deployments and Key Protect instances) and
//! reclamations over Resource Controller requests.

use serde_json::{json, Value};

use super::args::Args;
use super::fmt::{encode, fields, pretty, table, text};
use super::platform::{answer, answer_with, json_out, list};
use super::session::Ctx;

/// Key Protect's tiered-pricing plan id (creating an instance of it creates a Key Protect instance).
const KMS_PLAN: &str = "eedd3585-90c6-4c8f-be3d-062069e99fc3";

pub(crate) fn run(ctx: &mut Ctx, path: &str, args: &Args) {
    match path {
        "resource service-instance-create" => create(ctx, args),
        "resource service-instances" => instances(ctx, args),
        "resource service-instance" => instance(ctx, args),
        "resource service-instance-delete" => delete(ctx, args),
        "resource reclamations" => reclamations(ctx, args),
        "resource reclamation" => reclamation(ctx, args),
        "resource reclamation-restore" | "resource reclamation-delete" => {
            reclamation_action(ctx, path, args)
        }
        other => unreachable!("'{other}' has no handler"),
    }
}

/// The progress line, which `--output json` leaves out.
fn progress(ctx: &mut Ctx, args: &Args, line: String) {
    if !json_out(args) {
        ctx.out.out(line);
    }
}

fn create(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let (name, service, plan, location) = (&args.pos[0], &args.pos[1], &args.pos[2], &args.pos[3]);
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
        let Some(parameters) = parameters(ctx, p) else {
            return;
        };
        body["parameters"] = parameters;
    }
    progress(
        ctx,
        args,
        format!("Creating service instance {name} in resource group {group} of account {account} as {email}..."),
    );
    let resp = ctx.request("POST", "/v2/resource_instances", Some(body), None);
    if let Some(instance) = answer(ctx, resp, json_out(args)) {
        let details = instance_details(ctx, &instance);
        ctx.out
            .out(format!("Service instance {name} was created.\n\n{details}"));
    }
}

/// `-p JSON`: a JSON object, or a usage failure saying how to quote it.
fn parameters(ctx: &mut Ctx, p: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(p) {
        Ok(v @ Value::Object(_)) => Some(v),
        Ok(_) => {
            ctx.out.fail(2, "Incorrect Usage: -p takes a JSON object, e.g. '{\"disk_encryption_key_crn\":\"crn:v1:...\"}'.");
            None
        }
        Err(e) => {
            ctx.out.fail(
                2,
                format!("Incorrect Usage: -p is not valid JSON ({e}). Quote it in single quotes: -p '{{\"disk_encryption_key_crn\":\"crn:v1:...\"}}'"),
            );
            None
        }
    }
}

fn instances(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    progress(ctx, args, format!("Retrieving instances with type service_instance in all resource groups in all locations under account {account} as {email}..."));
    let resp = ctx.request("GET", "/v2/resource_instances", None, None);
    let Some(body) = answer_with(ctx, resp, false) else {
        return;
    };
    let mut rows = list(&body, "resources");
    if let Some(s) = args.get("--service-name") {
        rows.retain(|r| service_of(r) == s);
    }
    if json_out(args) {
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

fn instance(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let id = resolve(ctx, &args.pos[0]);
    progress(ctx, args, format!("Retrieving service instance {} in all resource groups under account {account} as {email}...", args.pos[0]));
    let resp = ctx.request(
        "GET",
        &format!("/v2/resource_instances/{}", encode(&id)),
        None,
        None,
    );
    if let Some(instance) = answer(ctx, resp, json_out(args)) {
        let details = instance_details(ctx, &instance);
        ctx.out.out(format!("\n{details}"));
    }
}

fn delete(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
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

fn reclamations(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    progress(
        ctx,
        args,
        format!("Retrieving all reclamations of account {account} as {email}..."),
    );
    let resp = ctx.request("GET", "/v1/reclamations", None, None);
    if let Some(body) = answer(ctx, resp, json_out(args)) {
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

fn reclamation(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let id = &args.pos[0];
    progress(
        ctx,
        args,
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
        ctx.out.fail(
            1,
            format!("Reclamation {id} was not found: 'ibmcloud resource reclamations' lists them."),
        );
        return;
    };
    if json_out(args) {
        ctx.out.out(pretty(&r));
        return;
    }
    ctx.out.out(format!("OK\n\n{}", reclamation_block(&r)));
}

/// `reclamation-restore` and `reclamation-delete`.
fn reclamation_action(ctx: &mut Ctx, path: &str, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let id = &args.pos[0];
    let (verb, action, done) = if path.ends_with("restore") {
        ("Restoring", "restore", "restored")
    } else {
        ("Deleting", "reclaim", "deleted")
    };
    progress(
        ctx,
        args,
        format!("{verb} resource reclamation {id} under account {account} as {email}..."),
    );
    let resp = ctx.request(
        "POST",
        &format!("/v1/reclamations/{}/actions/{action}", encode(id)),
        None,
        None,
    );
    if let Some(r) = answer(ctx, resp, json_out(args)) {
        ctx.out.out(format!(
            "Reclamation {id} was {done}.\n\n{}",
            reclamation_block(&r)
        ));
    }
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

/// A service instance's `Label:   value` block: the Resource Controller's fields, the keys given
/// at provisioning, and what the sandbox adds (key version, why it is disabled, shredding).
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
        sandbox_rows(s, &mut rows);
    }
    fields(&rows)
}

/// The rows of the sandbox's own part of an instance.
fn sandbox_rows(s: &Value, rows: &mut Vec<(&str, String)>) {
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
