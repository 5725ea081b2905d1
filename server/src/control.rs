//! The server's control calls, which only it has (the engine's own `/sandbox/v1/...` calls pass
//! through to it): the virtual clock, reset, and the state's export and import.
//!
//! Each takes the account owner's bearer token (an access token or the sandbox's own), as the
//! engine's `PUT /sandbox/v1/settings` does: the clock and the whole state are the account's.

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use byok_engine::Duration;
use serde_json::{json, Value};

use crate::app::{seed_field, wall_clock, App};
use crate::http::{json_response, sandbox_error};
use crate::live::Live;

/// How many scheduled items `GET /sandbox/v1/clock` lists (the soonest).
const PENDING_SHOWN: usize = 100;

#[derive(Clone, Copy)]
enum Call {
    Clock,
    Advance,
    Reset,
    State,
}

/// Answers a control call, or `None` when the path is not one.
pub fn route(app: &App, parts: &Parts, body: &Bytes) -> Option<Response> {
    let call = match parts.uri.path().trim_end_matches('/') {
        "/sandbox/v1/clock" => Call::Clock,
        "/sandbox/v1/clock/advance" => Call::Advance,
        "/sandbox/v1/reset" => Call::Reset,
        "/sandbox/v1/state" => Call::State,
        _ => return None,
    };
    let method = &parts.method;
    let allowed = match call {
        Call::Clock => method == Method::GET || method == Method::HEAD,
        Call::Advance | Call::Reset => method == Method::POST,
        Call::State => [Method::GET, Method::HEAD, Method::PUT].contains(method),
    };
    if !allowed {
        let message = format!("{method} is not an operation of {}", parts.uri.path());
        return Some(sandbox_error(405, "method_not_allowed", &message));
    }
    let mut live = app.live();
    if let Err(refusal) = owner_only(&live, &parts.headers) {
        return Some(refusal);
    }
    Some(match call {
        Call::Clock => clock(&live),
        Call::Advance => advance(&mut live, body),
        Call::Reset => reset(&mut live, body, &app.url),
        Call::State if method == Method::PUT => import(&mut live, body, &app.url),
        Call::State => export(&live),
    })
}

fn owner_only(live: &Live, headers: &HeaderMap) -> Result<(), Response> {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
    let user = live
        .sb
        .user_for_bearer(auth)
        .filter(|_| !live.sb.token_expired(auth, wall_clock()));
    match user {
        None => Err(sandbox_error(
            401,
            "invalid_token",
            "The provided token is missing, not valid or not a user's token",
        )),
        Some(u) if !u.owner => Err(sandbox_error(
            403,
            "owner_only",
            &format!(
                "Only the account owner may control the sandbox; {} is not the owner",
                u.name
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// The virtual clock: now, the next scheduled item, and the soonest ones.
fn clock(live: &Live) -> Response {
    let pending = live.sb.pending();
    let shown: Vec<&_> = pending.iter().take(PENDING_SHOWN).collect();
    json_response(
        200,
        json!({
            "now": live.sb.now().to_string(),
            "nextDue": live.sb.next_due().map(|t| t.to_string()),
            "pending": shown,
            "pendingTotal": pending.len(),
        }),
    )
}

/// `{"by": "9d"}`: moves the clock forward, playing every scheduled item in order.
fn advance(live: &mut Live, body: &Bytes) -> Response {
    let body = match json_body(body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(by) = body.get("by").and_then(Value::as_str) else {
        return sandbox_error(
            400,
            "bad_field",
            "The body is {\"by\": \"<duration>\"}, e.g. {\"by\": \"9d\"}",
        );
    };
    let d = match Duration::parse(by) {
        Ok(d) => d,
        Err(e) => return sandbox_error(400, "bad_field", &e),
    };
    live.advance(d);
    clock(live)
}

/// `{"seed": N}` (or no seed: a random one): a new sandbox. The answer is the start line's object
/// again, since a new seed means new users, API keys and instance.
fn reset(live: &mut Live, body: &Bytes, url: &str) -> Response {
    let seed = match json_body(body).map(|b| seed_field(&b)) {
        Ok(Ok(seed)) => seed,
        Ok(Err(e)) => return sandbox_error(400, "bad_field", &e),
        Err(r) => return r,
    };
    match live.reset(seed) {
        Ok(()) => json_response(200, live.intro(url)),
        Err(e) => sandbox_error(500, "internal_error", &e),
    }
}

fn export(live: &Live) -> Response {
    let saved: Value = serde_json::from_str(&live.export()).expect("an export is JSON");
    json_response(200, saved)
}

/// Replaces the sandbox with an exported one (the app's format); a bad file changes nothing.
fn import(live: &mut Live, body: &Bytes, url: &str) -> Response {
    match live.import(&String::from_utf8_lossy(body)) {
        Ok(()) => json_response(200, live.intro(url)),
        Err(e) => sandbox_error(400, "bad_state", &e),
    }
}

/// A control call's JSON body; an empty body is `{}`.
fn json_body(body: &Bytes) -> Result<Value, Response> {
    match crate::http::body_value(body) {
        None => Ok(json!({})),
        Some(Value::Object(m)) => Ok(Value::Object(m)),
        Some(_) => Err(sandbox_error(
            400,
            "bad_json",
            "The body must be a JSON object",
        )),
    }
}
