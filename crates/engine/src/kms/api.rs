//! The Key Protect request face: API v2 over the engine. A request's method and path pick one
//! `KmsOp` (`route`), its query and body complete it (`api_body::fill`), `apply_kms` runs it, and
//! the answer has the status, headers and envelope the real service answers with. Bad input is
//! refused with the reference's 400s, naming the field, and changes nothing.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::access::{Need, OpInfo};
use super::api_body::fill;
use crate::activity::success_status;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::{Actor, KpRole};
use crate::request::{is_uuid, percent_decode, Request, Response};
use crate::sandbox::Sandbox;

const MORE_INFO: &str = "https://cloud.ibm.com/apidocs/key-protect";
/// Where a request goes: the operation (with its key from the path) before query and body fill it in.
struct Route {
    op: KmsOp,
    /// For instance policies, whose representation differs from key policies.
    instance_policies: bool,
}

impl Sandbox {
    /// Answers one Key Protect API v2 request (the path without its query).
    pub(crate) fn kms_request(
        &mut self,
        req: &Request,
        path: &str,
        query: &[(String, String)],
    ) -> Response {
        let correlation = req
            .get_header("correlation-id")
            .map(str::to_string)
            .unwrap_or_else(|| self.rng.uuid());
        let mut headers = BTreeMap::new();
        headers.insert("correlation-id".to_string(), correlation.clone());

        let actor = self.actor_for(req.get_header("authorization"));
        let route = match route(&req.method.to_ascii_uppercase(), path, query) {
            Ok(r) => r,
            Err(e) => {
                let info = default_info();
                self.record_refusal(&actor, &info, None, &e, Some(correlation));
                return error_response(e, &info, headers);
            }
        };
        let info = route.op.info();
        let instance = req
            .get_header("bluemix-instance")
            .map(str::trim)
            .map(str::to_string);
        let refuse = |sandbox: &mut Sandbox, e: ApiError, headers| {
            sandbox.record_refusal(
                &actor,
                &info,
                instance.as_deref(),
                &e,
                Some(correlation.clone()),
            );
            error_response(e, &info, headers)
        };
        if actor == Actor::Anonymous {
            return refuse(self, ApiError::unauthorized(), headers);
        }
        let Some(instance_id) = instance.clone().filter(|i| is_uuid(i)) else {
            let e = ApiError::new(
                400,
                "BAD_REQUEST_ERR",
                "Request requires valid Bluemix-Instance Header containing a valid UUID",
            )
            .with_target("header", "bluemix-instance");
            return refuse(self, e, headers);
        };
        let prefer_minimal = req
            .get_header("prefer")
            .map(|p| p.contains("return=minimal"));
        let op = match fill(route.op, query, req) {
            Ok(op) => op,
            Err(e) => return refuse(self, e, headers),
        };
        let is_delete = matches!(op, KmsOp::DeleteKey { .. });
        match self.apply_kms(&actor, &instance_id, op, Some(correlation)) {
            Ok(outcome) => {
                let minimal = prefer_minimal.unwrap_or(is_delete);
                let (status, body) = encode(outcome, minimal, route.instance_policies, &info);
                if let Some(Value::Object(m)) = &body {
                    if let Some(total) = m.get("__keyTotal") {
                        headers.insert("key-total".into(), total.to_string());
                        return Response::new(status, headers, None);
                    }
                }
                Response::new(status, headers, body)
            }
            Err(e) => error_response(e, &info, headers),
        }
    }
}

fn default_info() -> OpInfo {
    OpInfo {
        action: "kms.secrets.default",
        says: "Key Protect: default secret",
        object: "Request",
        verb: "completed",
        need: Need::Role(KpRole::Reader),
        type_uri: "kms/secrets",
        data_event: false,
    }
}

/// The error envelope; a 401 carries only `errorMsg`, as Key Protect's does.
pub fn error_response(e: ApiError, info: &OpInfo, headers: BTreeMap<String, String>) -> Response {
    let resource = if e.status == 401 {
        json!({ "errorMsg": e.message })
    } else {
        let mut reason = json!({ "code": e.code, "message": e.message, "status": e.status, "moreInfo": MORE_INFO });
        if let Some(t) = &e.target {
            reason["target"] = json!(t);
        }
        json!({
            "errorMsg": format!("{}: {} could not be {}: Please see 'reasons' for more details ({})", e.status_text(), info.object, info.verb, e.code),
            "reasons": [reason],
        })
    };
    Response::new(e.status, headers, Some(envelope("error", vec![resource])))
}

fn envelope(kind: &str, resources: Vec<Value>) -> Value {
    json!({
        "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": resources.len() },
        "resources": resources,
    })
}

fn encode(
    outcome: Outcome,
    minimal: bool,
    instance_policies: bool,
    info: &OpInfo,
) -> (u16, Option<Value>) {
    let status = success_status(info.action, &outcome);
    let body = match outcome {
        Outcome::Done => None,
        Outcome::Key(view) if minimal && info.action == "kms.secrets.delete" => {
            let _ = view;
            return (204, None);
        }
        Outcome::Key(view) if minimal => Some(envelope(
            "key",
            vec![json!({ "type": view.kind, "id": view.id })],
        )),
        Outcome::Key(view) => Some(envelope("key", vec![json!(view)])),
        Outcome::Keys { keys, .. } => {
            Some(envelope("key", keys.iter().map(|k| json!(k)).collect()))
        }
        Outcome::Count(total) => Some(json!({ "__keyTotal": total })),
        Outcome::Wrapped {
            ciphertext,
            key_version,
            plaintext,
        } => {
            let mut v = json!({ "ciphertext": ciphertext, "keyVersion": { "id": key_version } });
            if let Some(p) = plaintext {
                v["plaintext"] = json!(p);
            }
            Some(v)
        }
        Outcome::Unwrapped {
            plaintext,
            key_version,
            rewrapped,
        } => {
            let mut v = json!({ "plaintext": plaintext, "keyVersion": { "id": key_version } });
            if let Some((c, version)) = rewrapped {
                v["ciphertext"] = json!(c);
                v["rewrappedKeyVersion"] = json!({ "id": version });
            }
            Some(v)
        }
        Outcome::Rewrapped {
            ciphertext,
            key_version,
            rewrapped_key_version,
        } => Some(json!({
            "ciphertext": ciphertext,
            "keyVersion": { "id": key_version },
            "rewrappedKeyVersion": { "id": rewrapped_key_version },
        })),
        Outcome::Versions(versions) => Some(envelope(
            "key.version",
            versions
                .into_iter()
                .map(|(id, at)| json!({ "id": id, "creationDate": at }))
                .collect(),
        )),
        Outcome::Policies(policies) if instance_policies => Some(envelope(
            "policy",
            policies
                .iter()
                .map(|p| {
                    json!({
                        "policy_type": "dualAuthDelete",
                        "policy_data": { "enabled": p.dual_auth_delete.unwrap_or(false) },
                        "createdBy": p.created_by,
                        "creationDate": p.created,
                        "updatedBy": p.updated_by,
                        "lastUpdated": p.updated,
                    })
                })
                .collect(),
        )),
        Outcome::Policies(policies) => Some(envelope(
            "policy",
            policies.iter().map(|p| p.to_json()).collect(),
        )),
        Outcome::Registrations { registrations, .. } => Some(envelope(
            "registration",
            registrations.iter().map(|r| json!(r)).collect(),
        )),
        Outcome::Registration(r) => Some(envelope("registration", vec![json!(r)])),
        Outcome::KeyRings(rings) => Some(envelope(
            "key_ring",
            rings.iter().map(|r| json!(r)).collect(),
        )),
        Outcome::Instance { guid, crn } => Some(json!({ "guid": guid, "crn": crn })),
        _ => unreachable!("a Key Protect operation answers a Key Protect outcome"),
    };
    (status, body)
}

fn not_found_route(method: &str, path: &str) -> ApiError {
    ApiError::new(
        404,
        "NOT_FOUND_ERR",
        format!("There is no Key Protect API operation {method} {path}"),
    )
}

/// Maps method and path to the operation; the path may start with `/api/v2`.
fn route(method: &str, path: &str, query: &[(String, String)]) -> Result<Route, ApiError> {
    let trimmed = path.trim_end_matches('/');
    let rest = trimmed.strip_prefix("/api/v2").unwrap_or(trimmed);
    let segs: Vec<String> = rest.split('/').skip(1).map(percent_decode).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let key = |s: &str| s.to_string();
    let plain = |op| {
        Ok(Route {
            op,
            instance_policies: false,
        })
    };
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    use KmsOp::*;
    match (method, segs.as_slice()) {
        ("GET", ["keys"]) => plain(ListKeys(KeyQuery::default())),
        ("HEAD", ["keys"]) => plain(CountKeys(KeyQuery::default())),
        ("POST", ["keys"]) => plain(CreateKey(NewKey::default())),
        ("GET", ["keys", "registrations"]) => plain(ListRegistrations { key: None, query: RegistrationQuery::default() }),
        ("GET", ["keys", id]) => plain(GetKey { key: key(id) }),
        ("DELETE", ["keys", id]) => plain(DeleteKey { key: key(id), force: false }),
        ("POST", ["keys", id]) => match q("action") {
            Some(action) => action_op(action, id).map(|op| Route { op, instance_policies: false }),
            None => Err(ApiError::query("action", "one of wrap, unwrap, rewrap, rotate, disable, enable, restore, setKeyForDeletion, unsetKeyForDeletion, sync")),
        },
        ("GET", ["keys", id, "metadata"]) => plain(GetKeyMetadata { key: key(id) }),
        ("DELETE", ["keys", id, "purge"]) => plain(PurgeKey { key: key(id) }),
        ("POST", ["keys", id, "restore"]) => plain(RestoreKey { key: key(id), payload: None }),
        ("GET", ["keys", id, "versions"]) => plain(ListVersions { key: key(id) }),
        ("POST", ["keys", id, "actions", action]) => action_op(action, id).map(|op| Route { op, instance_policies: false }),
        ("GET", ["keys", id, "policies"]) => plain(GetPolicies { key: key(id), only: None }),
        ("PUT", ["keys", id, "policies"]) => plain(SetPolicies { key: key(id), rotation: None, dual_auth_delete: None }),
        ("GET", ["keys", id, "registrations"]) => plain(ListRegistrations { key: Some(key(id)), query: RegistrationQuery::default() }),
        ("POST" | "PUT", ["keys", id, "registrations", crn]) => plain(CreateRegistration {
            key: key(id),
            resource_crn: crn.to_string(),
            prevent_key_deletion: false,
            description: None,
            key_version: None,
        }),
        ("DELETE", ["keys", id, "registrations", crn]) => plain(DeleteRegistration { key: key(id), resource_crn: crn.to_string() }),
        ("GET", ["instance", "policies"]) => Ok(Route { op: GetInstancePolicies { only: None }, instance_policies: true }),
        ("PUT", ["instance", "policies"]) => Ok(Route { op: SetInstancePolicies { dual_auth_delete: false }, instance_policies: true }),
        ("POST" | "GET", ["import_token"]) => Err(ApiError::new(
            403,
            "FEATURE_RESTRICTED_ERR",
            "This action is not permitted on this resource: Please contact IBM Key Protect or open a service ticket to enable this feature (the sandbox imports key material directly, without import tokens)",
        )),
        ("GET", ["key_rings"]) => plain(ListKeyRings),
        ("POST", ["key_rings", id]) => plain(CreateKeyRing { id: key(id) }),
        ("DELETE", ["key_rings", id]) => plain(DeleteKeyRing { id: key(id), force: false }),
        _ => Err(not_found_route(method, path)),
    }
}

fn action_op(action: &str, id: &str) -> Result<KmsOp, ApiError> {
    let key = id.to_string();
    use KmsOp::*;
    Ok(match action {
        "wrap" => Wrap { key, plaintext: None, aad: Vec::new() },
        "unwrap" => Unwrap { key, ciphertext: String::new(), aad: Vec::new() },
        "rewrap" => Rewrap { key, ciphertext: String::new(), aad: Vec::new() },
        "rotate" => Rotate { key, payload: None },
        "disable" => Disable { key },
        "enable" => Enable { key },
        "restore" => RestoreKey { key, payload: None },
        "setKeyForDeletion" => SetKeyForDeletion { key },
        "unsetKeyForDeletion" => UnsetKeyForDeletion { key },
        "sync" => Sync { key },
        other => {
            return Err(ApiError::new(
                404,
                "NOT_FOUND_ERR",
                format!("'{other}' is not a key action: use wrap, unwrap, rewrap, rotate, disable, enable, restore, setKeyForDeletion, unsetKeyForDeletion or sync"),
            ))
        }
    })
}
