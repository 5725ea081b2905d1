//! The answer forms the IAM and Resource Controller commands share: `OK` and the body, the JSON
//! alone with `--output json`, or `FAILED` and the platform's `Error response from server` line.

use serde_json::Value;

use super::fmt::{pretty, text};
use super::session::Ctx;
use byok_engine::Response;

/// `OK` and the body on success (with `json_out`, the JSON is printed and `None` returned); on
/// failure `FAILED` and the service's error.
pub(crate) fn answer(ctx: &mut Ctx, resp: Response, json_out: bool) -> Option<Value> {
    let body = answer_with(ctx, resp, json_out)?;
    ctx.out.out("OK");
    Some(body)
}

/// [`answer`] without the `OK`, for commands that print more before it or look further.
pub(crate) fn answer_with(ctx: &mut Ctx, resp: Response, json_out: bool) -> Option<Value> {
    let body = resp.body.unwrap_or(Value::Null);
    if resp.status >= 400 {
        ctx.out.fail(1, error_text(resp.status, &body));
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

/// The CLI's line for a refused request, and the sandbox's hint when the answer has one.
fn error_text(status: u16, body: &Value) -> String {
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
        status,
        text(code),
        text(message)
    );
    if let Some(h) = body.get("sandbox_hint").and_then(Value::as_str) {
        text_out.push_str(&format!("\nSandbox hint: {h}"));
    }
    text_out
}

/// The array `name` of a body, or none.
pub(crate) fn list(body: &Value, name: &str) -> Vec<Value> {
    body.get(name)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Whether `--output json` was given.
pub(crate) fn json_out(args: &super::args::Args) -> bool {
    args.get("--output")
        .is_some_and(|f| f.eq_ignore_ascii_case("json"))
}
