//! HTTP in and out: an HTTP request as the engine's `Request`, and the engine's `Response` (or the
//! server's own JSON) as an HTTP response.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use byok_engine::{Request, Response};
use serde_json::{json, Value};

/// Headers of the transport, which no service reads: left out of the engine's request, so the
/// journal (and the exported state) keeps only what the sandbox acts on.
const TRANSPORT_HEADERS: [&str; 11] = [
    "host",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
    "te",
    "upgrade",
    "expect",
    "accept",
    "accept-encoding",
    "user-agent",
];

/// The engine's request for an HTTP request: method, path with query, headers (lower-case names;
/// repeated ones joined with ", "), and the body as JSON, or as its text when it is not JSON, so the
/// service answers malformed JSON with its own 400.
pub fn engine_request(
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Request {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.as_str();
        if TRANSPORT_HEADERS.contains(&name) {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes());
        out.entry(name.to_string())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value)
            })
            .or_insert_with(|| value.into_owned());
    }
    Request {
        method: method.to_ascii_uppercase(),
        path: path_and_query.to_string(),
        headers: out,
        body: body_value(body),
    }
}

/// A request body as the engine takes it: nothing, a JSON value, or the text of anything else.
pub fn body_value(body: &[u8]) -> Option<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
    )
}

/// The engine's answer as HTTP: its status, its headers (`content-type`, `correlation-id`,
/// `key-total`, ...) and its JSON body.
pub fn from_engine(response: Response) -> axum::response::Response {
    let mut out = match &response.body {
        Some(body) => axum::response::Response::new(Body::from(body.to_string())),
        None => axum::response::Response::new(Body::empty()),
    };
    *out.status_mut() = status(response.status);
    for (name, value) in &response.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            out.headers_mut().insert(n, v);
        }
    }
    out
}

/// A JSON answer of the server's own.
pub fn json_response(code: u16, body: Value) -> axum::response::Response {
    let mut headers = BTreeMap::new();
    headers.insert("content-type".to_string(), "application/json".to_string());
    from_engine(Response {
        status: code,
        headers,
        body: Some(body),
    })
}

/// The error envelope of the sandbox's own API (as `/sandbox/v1/...` answers in the engine).
pub fn sandbox_error(code: u16, reason: &str, message: &str) -> axum::response::Response {
    json_response(
        code,
        json!({ "errors": message, "code": reason, "status_code": code }),
    )
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_or_their_text_or_nothing() {
        assert_eq!(body_value(b""), None);
        assert_eq!(body_value(b" \n"), None);
        assert_eq!(body_value(br#"{"a": [1]}"#), Some(json!({ "a": [1] })));
        assert_eq!(body_value(b"{not json"), Some(json!("{not json")));
        assert_eq!(body_value(&[0xff, b'{']), Some(json!("\u{fffd}{")));
    }

    #[test]
    fn headers_are_kept_lower_case_without_the_transports() {
        let mut headers = HeaderMap::new();
        headers.insert("Authorization", HeaderValue::from_static("Bearer t"));
        headers.insert("User-Agent", HeaderValue::from_static("sdk"));
        headers.append("X-Kms-Key-Ring", HeaderValue::from_static("a"));
        headers.append("X-Kms-Key-Ring", HeaderValue::from_static("b"));
        let req = engine_request("post", "/api/v2/keys?limit=1", &headers, b"");
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/api/v2/keys?limit=1");
        let names: Vec<&str> = req.headers.keys().map(String::as_str).collect();
        assert_eq!(names, ["authorization", "x-kms-key-ring"]);
        assert_eq!(req.headers["x-kms-key-ring"], "a, b");
        assert_eq!(req.body, None);
    }

    #[test]
    fn an_engine_answer_keeps_its_status_headers_and_body() {
        let mut headers = BTreeMap::new();
        headers.insert("key-total".to_string(), "3".to_string());
        headers.insert("bad\nname".to_string(), "x".to_string());
        let out = from_engine(Response {
            status: 200,
            headers,
            body: None,
        });
        assert_eq!(out.status(), 200);
        assert_eq!(out.headers()["key-total"], "3");
        assert_eq!(out.headers().len(), 1);
        assert_eq!(
            from_engine(Response {
                status: 1000,
                headers: BTreeMap::new(),
                body: None
            })
            .status(),
            500
        );
    }
}
