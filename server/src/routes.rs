//! What each path does: IAM's token exchange, the sandbox's control calls (clock, reset, state), and
//! every other API the engine speaks, passed to it unchanged. One lock around the live sandbox
//! serializes requests, so concurrent clients never lose or interleave a change.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::response::Response;
use http_body_util::LengthLimitError;

use crate::app::{wall_clock, App};
use crate::http::{engine_request, from_engine, sandbox_error};

/// The largest request body the service APIs take. Key Protect's largest body is a standard key's
/// payload of up to 7,500 bytes (10 KB in base64); 1 MiB leaves room for every API and stops
/// accidents early.
pub const BODY_LIMIT: usize = 1 << 20;

/// The largest state file `PUT /sandbox/v1/state` takes: a journal of a long session.
pub const STATE_LIMIT: usize = 256 << 20;

/// Where the engine's APIs live; other paths get the server's own 404 and are not journaled.
const ENGINE_PATHS: [&str; 6] = [
    "/api/",
    "/v1/policies",
    "/v2/resource_instances",
    "/v1/reclamations",
    "/v5/ibm/",
    "/sandbox/v1/",
];

/// Every request comes here.
pub async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let limit = if parts.uri.path() == "/sandbox/v1/state" {
        STATE_LIMIT
    } else {
        BODY_LIMIT
    };
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(e) => {
            if e.into_inner().is::<LengthLimitError>() {
                return too_large(limit);
            }
            return sandbox_error(400, "bad_body", "The request body could not be read");
        }
    };
    let path = parts.uri.path();
    if path == "/identity/token" {
        return token(&app, &parts, &body);
    }
    if let Some(response) = crate::control::route(&app, &parts, &body) {
        return response;
    }
    if ENGINE_PATHS.iter().any(|p| path.starts_with(p)) {
        return engine(&app, &parts, &body);
    }
    let message = format!(
        "There is nothing at {} {path}: the sandbox serves Key Protect (/api/v2/...), IAM (/v1/policies, \
         /identity/token), Resource Controller (/v2/resource_instances, /v1/reclamations), Cloud \
         Databases (/v5/ibm/...) and its own API (/sandbox/v1/...)",
        parts.method
    );
    sandbox_error(404, "not_found", &message)
}

/// A request for one of the engine's APIs. An access token past its `exp` (by the wall clock, as
/// the SDKs reckon it) is taken off, so the service answers with its own 401.
fn engine(app: &App, parts: &Parts, body: &Bytes) -> Response {
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut req = engine_request(parts.method.as_str(), path, &parts.headers, body);
    let mut live = app.live();
    let auth = req.headers.get("authorization").map(String::as_str);
    if live.sb.token_expired(auth, wall_clock()) {
        req.headers.remove("authorization");
    }
    from_engine(live.request(req))
}

/// IAM's `POST /identity/token`, with its form body.
fn token(app: &App, parts: &Parts, body: &Bytes) -> Response {
    let form = String::from_utf8_lossy(body);
    let live = app.live();
    from_engine(
        live.sb
            .identity_token(parts.method.as_str(), &form, wall_clock(), app.token_ttl),
    )
}

fn too_large(limit: usize) -> Response {
    let message =
        format!("The request body is larger than {limit} bytes, the most this path takes");
    sandbox_error(413, "request_too_large", &message)
}

/// A panic anywhere in a handler (a bug) still gets an answer: a 500 with a JSON body.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    sandbox_error(
        500,
        "internal_error",
        "The sandbox failed on this request (a bug: please report it with the request)",
    )
}

#[cfg(test)]
mod tests {
    use byok_engine::{Sandbox, TOKEN_LIFETIME};

    #[test]
    fn only_this_sandboxs_tokens_past_their_exp_count_as_expired() {
        let sb = Sandbox::new(4);
        let jwt = sb
            .issue_token(&sb.users()[0].id, 1000, TOKEN_LIFETIME)
            .unwrap();
        let bearer = format!("Bearer {jwt}");
        assert!(!sb.token_expired(Some(&bearer), 1000 + 3599));
        assert!(sb.token_expired(Some(&bearer), 1000 + 3600));
        let legacy = format!("Bearer {}", sb.users()[0].token);
        assert!(!sb.token_expired(Some(&legacy), i64::MAX));
        assert!(!Sandbox::new(5).token_expired(Some(&bearer), i64::MAX));
        assert!(!sb.token_expired(None, 0));
    }
}
