//! Which service answers a URL, and sending the call to it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Call, Failure};
use crate::backend::Backend;
use byok_engine::sandbox::REGIONS;
use byok_engine::{Request, Response, TOKEN_LIFETIME};

/// Which of IBM Cloud's services answers at `host`, if any.
fn service(host: &str) -> Option<Service> {
    let regional = |prefix: &str, suffix: &str| {
        host.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|region| REGIONS.contains(&region))
    };
    if regional("", ".kms.cloud.ibm.com") || regional("private.", ".kms.cloud.ibm.com") {
        Some(Service::KeyProtect)
    } else if regional("api.", ".databases.cloud.ibm.com")
        || regional("api.private.", ".databases.cloud.ibm.com")
    {
        Some(Service::Databases)
    } else if host == "iam.cloud.ibm.com" || host == "private.iam.cloud.ibm.com" {
        Some(Service::Iam)
    } else if host == "resource-controller.cloud.ibm.com" {
        Some(Service::ResourceController)
    } else {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Service {
    KeyProtect,
    Iam,
    ResourceController,
    Databases,
}

impl Service {
    /// Whether the service has the path (the sandbox's request face answers them all by path).
    fn serves(self, path: &str) -> bool {
        let prefixes: &[&str] = match self {
            Service::KeyProtect => &["/api/v2/"],
            Service::Iam => &["/v1/policies", "/identity/token"],
            Service::ResourceController => &["/v2/resource_instances", "/v1/reclamations"],
            Service::Databases => &["/v5/ibm/"],
        };
        prefixes.iter().any(|p| path.starts_with(p))
    }
}

/// The URL's host and its path with the query (`/` when it has none).
fn split_url(url: &str) -> Result<(String, String), Failure> {
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") || scheme == "http" => rest,
        Some((scheme, _)) => {
            return Err(Failure::new(
                1,
                format!("Protocol \"{scheme}\" not supported"),
            ))
        }
        None => url,
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let path = match &rest[end..] {
        "" => "/".to_string(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_string(),
    };
    if host.is_empty() {
        return Err(Failure::new(3, "URL rejected: No host part in the URL"));
    }
    Ok((host, path))
}

/// Sends the call to the service its URL names and returns the request as sent, the host and the
/// answer.
pub(super) fn send(
    backend: &mut dyn Backend,
    call: &Call,
) -> Result<(Request, String, Response), Failure> {
    let (host, path) = split_url(call.url.as_deref().unwrap_or_default())?;
    let Some(service) = service(&host) else {
        return Err(Failure {
            code: 6,
            message: format!("Could not resolve host: {host}"),
            note: Some(format!(
                "The sandbox's curl answers IBM Cloud's Key Protect (https://<region>.kms.cloud.ibm.com), IAM (https://iam.cloud.ibm.com), Resource Controller (https://resource-controller.cloud.ibm.com) and Cloud Databases (https://api.<region>.databases.cloud.ibm.com) URLs itself, for the regions {}; it sends nothing anywhere.",
                REGIONS.join(", ")
            )),
        });
    };
    let method = match (&call.method, call.head, call.data.is_empty()) {
        (Some(m), _, _) => m.clone(),
        (None, true, _) => "HEAD".into(),
        (None, false, false) => "POST".into(),
        (None, false, true) => "GET".into(),
    };
    let mut req = Request::new(&method, &path);
    for (name, value) in &call.headers {
        req = req.header(name, value);
    }
    if !call.data.is_empty() {
        if req.get_header("content-type").is_none() {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        req.body = Some(Value::String(call.data.join("&")));
    }
    let sandbox = backend.sandbox();
    let now = sandbox.now().0;
    if sandbox.token_expired(req.get_header("authorization"), now) {
        // As IAM reckons it: a token past its hour is no token (tokens follow the virtual clock).
        req.headers.remove("authorization");
    }
    let bare = path.split('?').next().unwrap_or(&path);
    let resp = if service == Service::Iam && bare == "/identity/token" {
        let form = match &req.body {
            Some(Value::String(text)) => text.as_str(),
            _ => "",
        };
        let sandbox = backend.sandbox();
        sandbox.identity_token(&req.method, form, now, TOKEN_LIFETIME)
    } else if service.serves(bare) {
        backend.request(&req)
    } else {
        not_found(&method, &host, bare)
    };
    Ok((req, host, resp))
}

fn not_found(method: &str, host: &str, path: &str) -> Response {
    let body = serde_json::json!({
        "errors": format!("There is nothing at {method} https://{host}{path} in the sandbox"),
        "code": "not_found",
        "status_code": 404,
    });
    Response {
        status: 404,
        headers: json_headers(),
        body: Some(body),
    }
}

fn json_headers() -> BTreeMap<String, String> {
    BTreeMap::from([("content-type".to_string(), "application/json".to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_name_their_service_only_in_a_known_region() {
        assert_eq!(
            service("us-south.kms.cloud.ibm.com"),
            Some(Service::KeyProtect)
        );
        assert_eq!(
            service("private.eu-de.kms.cloud.ibm.com"),
            Some(Service::KeyProtect)
        );
        assert_eq!(
            service("api.jp-tok.databases.cloud.ibm.com"),
            Some(Service::Databases)
        );
        assert_eq!(service("iam.cloud.ibm.com"), Some(Service::Iam));
        assert_eq!(service("mars-1.kms.cloud.ibm.com"), None);
        assert_eq!(service("example.com"), None);
        assert!(!Service::KeyProtect.serves("/v5/ibm/deployments"));
    }

    #[test]
    fn urls_split_into_host_and_path_with_query() {
        let (host, path) =
            split_url("https://user@US-South.kms.cloud.ibm.com:443/api/v2/keys?limit=1")
                .ok()
                .unwrap();
        assert_eq!(host, "us-south.kms.cloud.ibm.com");
        assert_eq!(path, "/api/v2/keys?limit=1");
        assert_eq!(split_url("iam.cloud.ibm.com").ok().unwrap().1, "/");
        assert_eq!(split_url("ftp://h/x").err().unwrap().code, 1);
    }
}
