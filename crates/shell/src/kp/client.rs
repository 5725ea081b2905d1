//! What every `kp` command shares: the instance it works in, whether it prints JSON, its requests,
//! and the plugin's answer forms (`OK`, `FAILED` with the `kp.Error` line, or the JSON alone).

use serde_json::{json, Value};

use crate::args::Args;
use crate::fmt::{encode, pretty, text};
use crate::session::Ctx;
use byok_engine::Response;

pub(super) const KEY_TYPE: &str = "application/vnd.ibm.kms.key+json";

/// One `kp` command in progress.
pub(super) struct Kp<'c, 'a> {
    pub ctx: &'c mut Ctx<'a>,
    pub instance: String,
    pub json_out: bool,
    /// Whether the command lists things: its JSON is then an array whatever the count.
    pub lists: bool,
    /// `--key-ring`: sent as the API's `x-kms-key-ring` header.
    pub key_ring: Option<String>,
}

impl<'c, 'a> Kp<'c, 'a> {
    /// Reads `-o` and the instance; `None` (with the failure printed) when either is unusable.
    pub fn new(ctx: &'c mut Ctx<'a>, args: &Args, lists: bool) -> Option<Kp<'c, 'a>> {
        let json_out = match args.get("-o") {
            None => false,
            Some(f) if f.eq_ignore_ascii_case("json") => true,
            Some(f) => {
                ctx.out
                    .fail(2, format!("Incorrect Usage: -o takes 'json', not '{f}'."));
                return None;
            }
        };
        let Some(instance) = instance(ctx, args) else {
            ctx.out.fail(1, "No Key Protect instance: give one with -i INSTANCE_ID or 'export KP_INSTANCE_ID=<guid>' (the sandbox has none left).");
            return None;
        };
        Some(Kp {
            ctx,
            instance,
            json_out,
            lists,
            key_ring: args.get("--key-ring").map(str::to_string),
        })
    }

    /// The progress line; `-o json` prints only the JSON, as the plugin does.
    pub fn progress(&mut self, text: impl AsRef<str>) {
        if !self.json_out {
            self.ctx.out.out(text);
        }
    }

    pub fn send(&mut self, method: &str, path: &str, body: Option<Value>) -> Response {
        self.send_with(method, path, body, None)
    }

    pub fn send_with(
        &mut self,
        method: &str,
        path: &str,
        body: Option<Value>,
        prefer: Option<&str>,
    ) -> Response {
        let mut extra: Vec<(&str, &str)> = prefer.map(|p| ("prefer", p)).into_iter().collect();
        if let Some(ring) = &self.key_ring {
            extra.push(("x-kms-key-ring", ring));
        }
        self.ctx
            .request_with(method, path, body, Some(&self.instance.clone()), &extra)
    }

    /// `OK` and the body on success (with `-o json`, the JSON is printed and `None` returned);
    /// `FAILED` and the `kp.Error` line otherwise.
    pub fn ok(&mut self, resp: Response) -> Option<Value> {
        let lists = self.lists;
        self.ok_shaped(resp, |body| json_shown(body, lists))
    }

    /// [`Kp::ok`] for a command whose JSON the plugin makes itself from the answer (`shape`).
    pub fn ok_shaped(
        &mut self,
        resp: Response,
        shape: impl FnOnce(&Value) -> Value,
    ) -> Option<Value> {
        if resp.status >= 400 {
            self.ctx.out.fail(1, error_line(resp));
            return None;
        }
        let body = resp.body.unwrap_or(Value::Null);
        if self.json_out {
            self.ctx.out.out(pretty(&shape(&body)));
            return None;
        }
        self.ctx.out.out("OK");
        Some(body)
    }
}

/// The plugin's `kp.Error: correlation_id='...', msg='...', reasons='[...]'` line.
fn error_line(resp: Response) -> String {
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
    line
}

/// What `-o json` prints of an answer: a list command's resources as an array (as the plugin
/// prints them, even one or none), another command's one resource as an object, the body, or
/// `{}` when the service answered with none (as the plugin has since 0.5.2).
fn json_shown(body: &Value, lists: bool) -> Value {
    match body.get("resources").and_then(Value::as_array) {
        Some(list) if list.len() == 1 && !lists => list[0].clone(),
        Some(list) => Value::Array(list.clone()),
        None if lists => Value::Array(Vec::new()),
        None if body.is_null() => json!({}),
        None => body.clone(),
    }
}

/// `-i`, else `$KP_INSTANCE_ID`, else the sandbox's first instance.
fn instance(ctx: &Ctx, args: &Args) -> Option<String> {
    if let Some(i) = args.get("-i") {
        return Some(i.to_string());
    }
    if let Some(i) = ctx.session.var("KP_INSTANCE_ID").filter(|i| !i.is_empty()) {
        return Some(i.to_string());
    }
    ctx.backend
        .sandbox()
        .instances()
        .first()
        .map(|i| i.guid.clone())
}

/// The command's KEY_ID argument and its API path.
pub(super) fn key_path(args: &Args) -> (String, String) {
    named_path(args, "keys")
}

/// The first argument (a key's or a key ring's id) and its path in `collection`.
pub(super) fn named_path(args: &Args, collection: &str) -> (String, String) {
    let id = args.pos.first().cloned().unwrap_or_default();
    let path = format!("/api/v2/{collection}/{}", encode(&id));
    (id, path)
}

/// `path`, with `?force=true` when the command has `-f`.
pub(super) fn forced(path: &str, args: &Args) -> String {
    if args.has("-f") {
        format!("{path}?force=true")
    } else {
        path.to_string()
    }
}

/// A request body with one resource of `application/vnd.ibm.kms.{kind}+json`.
pub(super) fn envelope(kind: &str, resource: Value) -> Value {
    json!({
        "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": 1 },
        "resources": [resource],
    })
}

/// An answer's `resources`, or none.
pub(super) fn resources(body: &Value) -> Vec<Value> {
    body.get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}
