//! The one door for HTTP-shaped input: `Sandbox::request` takes a method, a path with its query,
//! headers and a JSON body and hands it to the face whose path it is (Key Protect in `kms::api`, the
//! platform faces in `platform`), which turn it into a command for `apply` and answer in their
//! service's shapes. Also the small parsers every face shares: query strings, percent-decoding,
//! JSON bodies, UUIDs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::ApiError;
use super::iam::{Actor, RESOURCE_SERVICE};
use super::sandbox::Sandbox;

/// An HTTP request as the faces hand it over. Header names are matched case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON value, or a string holding JSON text (which may then be malformed), or nothing.
    #[serde(default)]
    pub body: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Option<Value>,
}

impl Response {
    /// A response; one with a body says it is JSON (`content-type`), as every face of the sandbox
    /// answers.
    pub(crate) fn new(
        status: u16,
        mut headers: BTreeMap<String, String>,
        body: Option<Value>,
    ) -> Response {
        if body.is_some() {
            headers.insert("content-type".into(), "application/json".into());
        }
        Response {
            status,
            headers,
            body,
        }
    }
}

impl Request {
    pub fn new(method: &str, path: &str) -> Request {
        Request {
            method: method.into(),
            path: path.into(),
            ..Request::default()
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
        self
    }

    pub fn json(mut self, body: Value) -> Request {
        self.body = Some(body);
        self
    }

    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Sandbox {
    /// Answers one request to any of the sandbox's APIs: Key Protect (`/api/v2/...`), IAM policies
    /// (`/v1/policies`), Resource Controller (`/v2/resource_instances`, `/v1/reclamations`), Cloud
    /// Databases (`/v5/ibm/deployments`) and the sandbox's own (`/sandbox/v1/...`). A full URL works
    /// too; only its path counts. Every request, refused or not, appends one event.
    ///
    /// A query parameter given empty (`state=`, `limit=`) is absent, as the services read it: the
    /// official SDKs send their unset list parameters that way.
    pub fn request(&mut self, req: &Request) -> Response {
        let full = strip_origin(&req.path);
        let (path, query) = match full.split_once('?') {
            Some((p, q)) => (p, given(parse_query(q))),
            None => (full, Vec::new()),
        };
        if let Some(response) = self.platform_request(req, path, &query) {
            return response;
        }
        self.kms_request(req, path, &query)
    }

    /// Who a request's `authorization` header names: a user, the stand-in resource service, or nobody.
    pub(crate) fn actor_for(&self, authorization: Option<&str>) -> Actor {
        let Some(token) = authorization.and_then(|a| {
            a.trim()
                .strip_prefix("Bearer ")
                .or_else(|| a.trim().strip_prefix("bearer "))
        }) else {
            return Actor::Anonymous;
        };
        let token = token.trim();
        if let Some(user) = self.user_by_token(token) {
            return Actor::User(user.id.clone());
        }
        // An IAM access token (iam/token.rs); its expiry is the issuing face's to check.
        if let Some(verified) = self.verify_token(token) {
            return Actor::User(verified.user.id.clone());
        }
        if token == self.service_token() {
            return Actor::Service {
                name: RESOURCE_SERVICE.into(),
                instance: None,
            };
        }
        Actor::Anonymous
    }
}

/// The parameters with a value.
fn given(query: Vec<(String, String)>) -> Vec<(String, String)> {
    query.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

/// `https://host/path?q` -> `/path?q`.
fn strip_origin(path: &str) -> &str {
    match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    }
}

/// The request body as JSON: a JSON value as is, a string parsed as JSON text.
pub(crate) fn body_json(req: &Request) -> Result<Option<Value>, ApiError> {
    match &req.body {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| ApiError::bad_body(format!("the body is not JSON: {e}"))),
        Some(v) => Ok(Some(v.clone())),
    }
}

pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(byte) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a text is a canonical UUID (ids of instances, keys and versions).
pub fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| {
            if [8, 13, 18, 23].contains(&i) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}
