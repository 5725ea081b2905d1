//! The request face: Key Protect API v2 over the engine.
//!
//! `Sandbox::request` takes a method, a path with its query, headers and a JSON body, turns them into
//! one `KmsOp` and runs it through `apply`, then answers with the status, headers and envelope the
//! real service answers with. Bad input is refused here with the reference's 400s, naming the field,
//! and changes nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::command::*;
use super::crypto::unb64;
use super::error::ApiError;
use super::iam::{Actor, RESOURCE_SERVICE};
use super::kms::RotationPolicy;
use super::kms_list::parse_states;
use super::kms_ops::OpInfo;
use super::sandbox::Sandbox;
use super::time::Timestamp;

const MORE_INFO: &str = "https://cloud.ibm.com/apidocs/key-protect";

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

    pub(crate) fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Where a request goes: the operation (with its key from the path) before query and body fill it in.
struct Route {
    op: KmsOp,
    /// For instance policies, whose representation differs from key policies.
    instance_policies: bool,
}

impl Sandbox {
    /// Answers one Key Protect API request. Every request, refused or not, appends one event.
    /// Answers one request to any of the sandbox's APIs: Key Protect (`/api/v2/...`), IAM policies
    /// (`/v1/policies`), Resource Controller (`/v2/resource_instances`, `/v1/reclamations`), Cloud
    /// Databases (`/v5/ibm/deployments`) and the sandbox's own (`/sandbox/v1/...`). A full URL works
    /// too; only its path counts.
    pub fn request(&mut self, req: &Request) -> Response {
        let full = strip_origin(&req.path);
        let (path, query) = match full.split_once('?') {
            Some((p, q)) => (p, parse_query(q)),
            None => (full, Vec::new()),
        };
        if let Some(response) = self.platform_request(req, path, &query) {
            return response;
        }
        let correlation = req
            .get_header("correlation-id")
            .map(str::to_string)
            .unwrap_or_else(|| self.rng.uuid());
        let mut headers = BTreeMap::new();
        headers.insert("correlation-id".to_string(), correlation.clone());

        let actor = self.actor_for(req.get_header("authorization"));
        let route = match route(&req.method.to_ascii_uppercase(), path, &query) {
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
        let op = match fill(route.op, &query, req) {
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
        // An IAM access token (src/engine/token.rs); its expiry is the issuing face's to check.
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

/// `https://host/path?q` -> `/path?q`.
fn strip_origin(path: &str) -> &str {
    match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    }
}

fn default_info() -> OpInfo {
    OpInfo {
        action: "kms.secrets.default",
        says: "Key Protect: default secret",
        object: "Request",
        verb: "completed",
        need: super::kms_ops::Need::Role(super::iam::KpRole::Reader),
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
    let status = super::sandbox::success_status(info.action, &outcome);
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
        ("DELETE", ["key_rings", id]) => plain(DeleteKeyRing { id: key(id) }),
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

/// Completes an operation from the query string and body, refusing bad input with its 400.
fn fill(op: KmsOp, query: &[(String, String)], req: &Request) -> Result<KmsOp, ApiError> {
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    use KmsOp::*;
    Ok(match op {
        ListKeys(_) => ListKeys(key_query(query)?),
        CountKeys(_) => CountKeys(key_query(query)?),
        CreateKey(_) => {
            let body = envelope_resource(req, "key")?;
            let mut obj = Fields::new(
                body,
                &[
                    "type",
                    "name",
                    "extractable",
                    "payload",
                    "description",
                    "aliases",
                    "tags",
                    "expirationDate",
                    "keyRingID",
                    "encryptionAlgorithm",
                    "encryptedNonce",
                    "iv",
                ],
            )?;
            let name = obj
                .string("name")?
                .ok_or_else(|| ApiError::invalid_field("name", "a string of 2 to 90 characters"))?;
            if obj.has("encryptedNonce") || obj.has("iv") {
                return Err(ApiError::new(400, "INCORRECT_NONCE_ERR", "Secure import with an import token is not modelled by the sandbox: import the key material directly"));
            }
            let expiration = match obj.string("expirationDate")? {
                Some(s) => Some(Timestamp::parse_rfc3339(&s).ok_or_else(|| {
                    ApiError::invalid_field(
                        "expirationDate",
                        "an RFC 3339 date-time such as 2026-12-31T00:00:00Z",
                    )
                })?),
                None => None,
            };
            let payload = match obj.string("payload")? {
                Some(p) => Some(unb64(&p).ok_or_else(|| {
                    ApiError::invalid_field("payload", "a base64 encoded key material")
                })?),
                None => None,
            };
            NewKey {
                name,
                extractable: obj.bool("extractable")?.unwrap_or(false),
                payload,
                description: obj.string("description")?,
                aliases: obj.strings("aliases")?.unwrap_or_default(),
                tags: obj.strings("tags")?.unwrap_or_default(),
                expiration,
                key_ring: req
                    .get_header("x-kms-key-ring")
                    .map(str::to_string)
                    .or(obj.string("keyRingID")?),
            }
            .into_op()
        }
        DeleteKey { key, .. } => DeleteKey {
            key,
            force: bool_param(q("force"), "force")?.unwrap_or(false),
        },
        Wrap { key, .. } => {
            let mut f = Fields::new(action_body(req, true)?, &["plaintext", "aad"])?;
            let plaintext = match f.string("plaintext")? {
                Some(p) => Some(unb64(&p).ok_or_else(|| {
                    ApiError::invalid_field("plaintext", "a base64 encoded key material")
                })?),
                None => None,
            };
            Wrap {
                key,
                plaintext,
                aad: f.strings("aad")?.unwrap_or_default(),
            }
        }
        Unwrap { key, .. } => {
            let (ciphertext, aad) = ciphertext_body(req)?;
            Unwrap {
                key,
                ciphertext,
                aad,
            }
        }
        Rewrap { key, .. } => {
            let (ciphertext, aad) = ciphertext_body(req)?;
            Rewrap {
                key,
                ciphertext,
                aad,
            }
        }
        Rotate { key, .. } => Rotate {
            key,
            payload: optional_payload(req)?,
        },
        RestoreKey { key, .. } => RestoreKey {
            key,
            payload: optional_payload(req)?,
        },
        GetPolicies { key, .. } => GetPolicies {
            key,
            only: policy_param(q("policy"))?,
        },
        SetPolicies { key, .. } => {
            let only = policy_param(q("policy"))?;
            let resources = envelope_resources(req, "policy")?;
            let (mut rotation, mut dual_auth_delete) = (None, None);
            for r in resources {
                let mut f = Fields::new(r, &["type", "rotation", "dualAuthDelete"])?;
                if let Some(v) = f.take("rotation") {
                    let mut rf = Fields::named(v, "rotation", &["enabled", "interval_month"])?;
                    let months = rf.int("interval_month")?.ok_or_else(|| {
                        ApiError::invalid_field(
                            "rotation.interval_month",
                            "an integer from 1 to 12",
                        )
                    })?;
                    if !(1..=12).contains(&months) {
                        return Err(ApiError::invalid_field(
                            "rotation.interval_month",
                            "an integer from 1 to 12",
                        ));
                    }
                    rotation = Some(RotationPolicy {
                        enabled: rf.bool("enabled")?.unwrap_or(true),
                        interval_month: months as u32,
                    });
                }
                if let Some(v) = f.take("dualAuthDelete") {
                    let mut df = Fields::named(v, "dualAuthDelete", &["enabled"])?;
                    dual_auth_delete = Some(df.bool("enabled")?.ok_or_else(|| {
                        ApiError::invalid_field("dualAuthDelete.enabled", "true or false")
                    })?);
                }
            }
            if rotation.is_none() && dual_auth_delete.is_none() {
                return Err(ApiError::bad_body(
                    "a policy resource needs a 'rotation' or a 'dualAuthDelete' object",
                ));
            }
            let mismatch = match only {
                Some(PolicyKind::Rotation) => dual_auth_delete.is_some() || rotation.is_none(),
                Some(PolicyKind::DualAuthDelete) => {
                    rotation.is_some() || dual_auth_delete.is_none()
                }
                None => false,
            };
            if mismatch {
                return Err(ApiError::new(
                    400,
                    "BODY_QUERY_PARAM_MISMATCH_ERR",
                    "Data in body does not match data required by query parameter",
                ));
            }
            SetPolicies {
                key,
                rotation,
                dual_auth_delete,
            }
        }
        GetInstancePolicies { .. } => GetInstancePolicies {
            only: instance_policy_param(q("policy"))?,
        },
        SetInstancePolicies { .. } => {
            instance_policy_param(q("policy"))?;
            let resources = envelope_resources(req, "policy")?;
            let mut enabled = None;
            for r in resources {
                let mut f = Fields::new(r, &["type", "policy_type", "policy_data"])?;
                let kind = f.string("policy_type")?.unwrap_or_default();
                if kind != "dualAuthDelete" {
                    return Err(ApiError::invalid_field(
                        "policy_type",
                        format!("dualAuthDelete (the sandbox models that instance policy only; got '{kind}')"),
                    ));
                }
                let data = f.take("policy_data").ok_or_else(|| {
                    ApiError::invalid_field("policy_data", "an object with 'enabled'")
                })?;
                let mut df = Fields::named(data, "policy_data", &["enabled", "attributes"])?;
                enabled = Some(df.bool("enabled")?.ok_or_else(|| {
                    ApiError::invalid_field("policy_data.enabled", "true or false")
                })?);
            }
            SetInstancePolicies {
                dual_auth_delete: enabled
                    .ok_or_else(|| ApiError::bad_body("the policy collection is empty"))?,
            }
        }
        ListRegistrations { key, .. } => ListRegistrations {
            key,
            query: RegistrationQuery {
                crn_pattern: q("urlEncodedResourceCRNQuery").map(str::to_string),
                prevent_key_deletion: bool_param(q("preventKeyDeletion"), "preventKeyDeletion")?,
                limit: int_param(q("limit"), "limit", 1, 5000)?.unwrap_or(200),
                offset: int_param(q("offset"), "offset", 0, usize::MAX)?.unwrap_or(0),
            },
        },
        CreateRegistration {
            key, resource_crn, ..
        } => {
            let (prevent, description, key_version) = match &req.body {
                None => (false, None, None),
                Some(_) => {
                    let resource = envelope_resource(req, "registration")?;
                    let mut f = Fields::new(
                        resource,
                        &[
                            "type",
                            "preventKeyDeletion",
                            "description",
                            "registrationMetadata",
                            "keyVersion",
                        ],
                    )?;
                    let version = match f.take("keyVersion") {
                        Some(v) => Some(
                            Fields::named(v, "keyVersion", &["id", "creationDate"])?
                                .string("id")?
                                .ok_or_else(|| {
                                    ApiError::invalid_field("keyVersion.id", "a key version id")
                                })?,
                        ),
                        None => None,
                    };
                    (
                        f.bool("preventKeyDeletion")?.unwrap_or(false),
                        f.string("description")?,
                        version,
                    )
                }
            };
            CreateRegistration {
                key,
                resource_crn,
                prevent_key_deletion: prevent,
                description,
                key_version,
            }
        }
        other => other,
    })
}

/// The `{"ciphertext": ..., "aad": [...]}` body of unwrap and rewrap.
fn ciphertext_body(req: &Request) -> Result<(String, Vec<String>), ApiError> {
    let mut f = Fields::new(action_body(req, false)?, &["ciphertext", "aad"])?;
    let ciphertext = f.string("ciphertext")?.ok_or_else(|| {
        ApiError::invalid_field(
            "ciphertext",
            "the original base64 encoded ciphertext from the wrap operation",
        )
    })?;
    Ok((ciphertext, f.strings("aad")?.unwrap_or_default()))
}

impl NewKey {
    fn into_op(self) -> KmsOp {
        KmsOp::CreateKey(self)
    }
}

fn key_query(query: &[(String, String)]) -> Result<KeyQuery, ApiError> {
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut kq = KeyQuery {
        limit: int_param(q("limit"), "limit", 1, 5000)?.unwrap_or(200),
        offset: int_param(q("offset"), "offset", 0, usize::MAX)?.unwrap_or(0),
        extractable: bool_param(q("extractable"), "extractable")?,
        ..KeyQuery::default()
    };
    if let Some(states) = q("state") {
        kq.states = parse_states(states).map_err(|_| {
            ApiError::query(
                "state",
                "a comma-separated list of key states: 0, 1, 2, 3 or 5",
            )
        })?;
    }
    if let Some(sort) = q("sort") {
        for term in sort.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (descending, name) = match term.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, term),
            };
            let field = KeyField::parse(name).ok_or_else(|| {
                ApiError::query(
                    "sort",
                    format!("a comma-separated list of id, name, state, extractable, imported, creationDate, lastUpdateDate, lastRotateDate, deletionDate or expirationDate, each optionally prefixed with '-'; '{name}' is none of them"),
                )
            })?;
            kq.sort.push(SortKey { field, descending });
        }
    }
    if let Some(search) = q("search") {
        kq.search = Some(Search::parse(search)?);
    }
    if let Some(filter) = q("filter") {
        kq.filter = Filter::parse_all(filter)?;
    }
    Ok(kq)
}

fn bool_param(value: Option<&str>, name: &str) -> Result<Option<bool>, ApiError> {
    match value {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::query(name, "true or false")),
    }
}

fn int_param(
    value: Option<&str>,
    name: &str,
    min: usize,
    max: usize,
) -> Result<Option<usize>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    match v.parse::<usize>() {
        Ok(n) if n >= min && n <= max => Ok(Some(n)),
        _ if max == usize::MAX => Err(ApiError::query(
            name,
            format!("an integer of at least {min}"),
        )),
        _ => Err(ApiError::query(
            name,
            format!("an integer from {min} to {max}"),
        )),
    }
}

fn policy_param(value: Option<&str>) -> Result<Option<PolicyKind>, ApiError> {
    match value {
        None => Ok(None),
        Some("rotation") => Ok(Some(PolicyKind::Rotation)),
        Some("dualAuthDelete") => Ok(Some(PolicyKind::DualAuthDelete)),
        Some(_) => Err(ApiError::query("policy", "rotation or dualAuthDelete")),
    }
}

fn instance_policy_param(value: Option<&str>) -> Result<Option<PolicyKind>, ApiError> {
    match value {
        None => Ok(None),
        Some("dualAuthDelete") => Ok(Some(PolicyKind::DualAuthDelete)),
        Some(_) => Err(ApiError::query(
            "policy",
            "dualAuthDelete (the sandbox models that instance policy only)",
        )),
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

/// The resources of a `{"metadata":{...},"resources":[...]}` body of the given collection type.
fn envelope_resources(req: &Request, kind: &str) -> Result<Vec<Value>, ApiError> {
    let body = body_json(req)?
        .ok_or_else(|| ApiError::new(400, "NO_BODY_ERR", "Missing body in request"))?;
    let Value::Object(mut obj) = body else {
        return Err(ApiError::bad_body(
            "the body must be a JSON object with 'metadata' and 'resources'",
        ));
    };
    let metadata = obj
        .remove("metadata")
        .ok_or_else(|| ApiError::bad_body("CollectionMetadata is empty"))?;
    let expected = format!("application/vnd.ibm.kms.{kind}+json");
    let collection_type = metadata
        .get("collectionType")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if collection_type != expected {
        return Err(ApiError::invalid_field(
            "metadata.collectionType",
            expected.as_str(),
        ));
    }
    let total = metadata
        .get("collectionTotal")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::invalid_field("metadata.collectionTotal", "a positive integer"))?;
    let Some(Value::Array(resources)) = obj.remove("resources") else {
        return Err(ApiError::bad_body("'resources' must be an array"));
    };
    if total as usize != resources.len() {
        return Err(ApiError::new(
            400,
            "COLLECTION_TOTAL_MISMATCH_ERR",
            "Collection total does not match number of resources",
        ));
    }
    if let Some(extra) = obj.keys().next() {
        return Err(ApiError::bad_body(format!(
            "json: unknown field \"{extra}\""
        )));
    }
    Ok(resources)
}

fn envelope_resource(req: &Request, kind: &str) -> Result<Value, ApiError> {
    let mut resources = envelope_resources(req, kind)?;
    if resources.len() != 1 {
        return Err(ApiError::bad_body(format!(
            "Only creation of one {} per request is supported",
            kind.replace('_', " ")
        )));
    }
    Ok(resources.remove(0))
}

/// The plain JSON object body of a key action; `{}` when absent and `optional`.
fn action_body(req: &Request, optional: bool) -> Result<Value, ApiError> {
    match body_json(req)? {
        Some(v) => Ok(v),
        None if optional => Ok(json!({})),
        None => Err(ApiError::new(400, "NO_BODY_ERR", "Missing body in request")),
    }
}

/// The `payload` of a rotate or restore body: plain `{"payload":...}` or a key envelope.
fn optional_payload(req: &Request) -> Result<Option<Vec<u8>>, ApiError> {
    let Some(body) = body_json(req)? else {
        return Ok(None);
    };
    let resource = if body.get("metadata").is_some() {
        envelope_resource(req, "key")?
    } else {
        body
    };
    let mut f = Fields::new(
        resource,
        &[
            "type",
            "payload",
            "encryptedNonce",
            "iv",
            "encryptionAlgorithm",
        ],
    )?;
    match f.string("payload")? {
        Some(p) => Ok(Some(unb64(&p).ok_or_else(|| {
            ApiError::invalid_field("payload", "a base64 encoded key material")
        })?)),
        None => Ok(None),
    }
}

/// A JSON object read field by field, refusing unknown fields and wrong types as Key Protect does.
struct Fields {
    map: Map<String, Value>,
    prefix: String,
}

impl Fields {
    fn new(v: Value, allowed: &[&str]) -> Result<Fields, ApiError> {
        Fields::named(v, "", allowed)
    }

    fn named(v: Value, prefix: &str, allowed: &[&str]) -> Result<Fields, ApiError> {
        let Value::Object(map) = v else {
            let what = if prefix.is_empty() {
                "the resource".to_string()
            } else {
                format!("'{prefix}'")
            };
            return Err(ApiError::bad_body(format!("{what} must be a JSON object")));
        };
        if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(
                ApiError::bad_body(format!("json: unknown field \"{unknown}\""))
                    .with_target("field", unknown),
            );
        }
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}.")
        };
        Ok(Fields { map, prefix })
    }

    fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name).filter(|v| !v.is_null())
    }

    fn wrong_type(&self, name: &str, want: &str, got: &Value) -> ApiError {
        let got = match got {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let field = format!("{}{name}", self.prefix);
        ApiError::bad_body(format!(
            "json: cannot unmarshal {got} into field '{field}' of type {want}"
        ))
        .with_target("field", &field)
    }

    fn string(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.wrong_type(name, "string", &v)),
        }
    }

    fn bool(&mut self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(v) => Err(self.wrong_type(name, "bool", &v)),
        }
    }

    fn int(&mut self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(v) => Err(self.wrong_type(name, "int", &v)),
        }
    }

    fn strings(&mut self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s),
                        other => return Err(self.wrong_type(name, "[]string", &other)),
                    }
                }
                Ok(Some(out))
            }
            Some(v) => Err(self.wrong_type(name, "[]string", &v)),
        }
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
