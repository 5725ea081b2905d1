//! `ibmcloud iam`: service-to-service authorizations over IAM Policy Management requests, and
//! the acting user's token (`oauth-tokens`).

use serde_json::{json, Value};

use super::args::Args;
use super::fmt::{encode, fields, text};
use super::platform::{answer, json_out, list};
use super::session::Ctx;

pub(crate) fn run(ctx: &mut Ctx, path: &str, args: &Args) {
    match path {
        "iam authorization-policy-create" => create(ctx, args),
        "iam authorization-policies" => policies(ctx, args),
        "iam authorization-policy-delete" => delete(ctx, args),
        "iam oauth-tokens" => oauth_tokens(ctx, args),
        other => unreachable!("'{other}' has no handler"),
    }
}

fn create(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let json_out = json_out(args);
    let body = policy_body(args);
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

/// The policy `authorization-policy-create SOURCE TARGET ROLES` asks for.
fn policy_body(args: &Args) -> Value {
    let (source, target, roles) = (&args.pos[0], &args.pos[1], &args.pos[2]);
    let mut subject = vec![json!({ "name": "serviceName", "value": source })];
    if let Some(i) = args.get("--source-service-instance-id") {
        subject.push(json!({ "name": "serviceInstance", "value": i }));
    }
    let mut resource =
        vec![json!({ "name": "serviceName", "operator": "stringEquals", "value": target })];
    if let Some(i) = args.get("--target-service-instance-id") {
        resource.push(json!({ "name": "serviceInstance", "operator": "stringEquals", "value": i }));
    }
    let roles: Vec<Value> = roles
        .split(',')
        .map(|r| json!({ "display_name": r.trim() }))
        .collect();
    json!({
        "type": "authorization",
        "subjects": [{ "attributes": subject }],
        "roles": roles,
        "resources": [{ "attributes": resource }],
    })
}

fn policies(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
    let json_out = json_out(args);
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

fn delete(ctx: &mut Ctx, args: &Args) {
    let (account, email) = (ctx.account(), ctx.email());
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

/// `iam oauth-tokens`: the acting user's access token, as the CLI prints it.
fn oauth_tokens(ctx: &mut Ctx, args: &Args) {
    let token = ctx
        .session
        .access_token(ctx.backend.sandbox())
        .unwrap_or_default();
    if json_out(args) {
        let body = json!({ "iam_token": format!("Bearer {token}") });
        ctx.out.out(super::fmt::pretty(&body));
    } else {
        ctx.out.out(format!("IAM token:  Bearer {token}"));
    }
}

/// A policy as the CLI prints it: source and target, each instance or all, and the roles.
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
