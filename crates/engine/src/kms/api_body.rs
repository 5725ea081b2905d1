//! The Key Protect request face's readers of query strings and bodies: `fill` completes the
//! operation a route picked, refusing bad input with the reference's 400 and the field it names.

use serde_json::{json, Map, Value};

use super::api_query::{bool_param, instance_policy_param, int_param, key_query, policy_param};
use super::model::RotationPolicy;
use crate::command::*;
use crate::crypto::unb64;
use crate::error::ApiError;
use crate::request::{body_json, Request};
use crate::time::Timestamp;

/// Completes an operation from the query string and body, refusing bad input with its 400.
pub(super) fn fill(
    op: KmsOp,
    query: &[(String, String)],
    req: &Request,
) -> Result<KmsOp, ApiError> {
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let force = || bool_param(q("force"), "force").map(|f| f.unwrap_or(false));
    use KmsOp::*;
    Ok(match op {
        ListKeys(_) => ListKeys(key_query(query)?),
        CountKeys(_) => CountKeys(key_query(query)?),
        CreateKey(_) => new_key(req)?.into_op(),
        DeleteKey { key, .. } => DeleteKey {
            key,
            force: force()?,
        },
        DeleteKeyRing { id, .. } => DeleteKeyRing {
            id,
            force: force()?,
        },
        Wrap { key, .. } => {
            let (plaintext, aad) = wrap_body(req)?;
            Wrap {
                key,
                plaintext,
                aad,
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
            let (rotation, dual_auth_delete) = policies_body(req, policy_param(q("policy"))?)?;
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
            SetInstancePolicies {
                dual_auth_delete: instance_policies_body(req)?,
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
            let (prevent, description, key_version) = registration_body(req)?;
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

/// The key of a create request: a `key` collection of one.
fn new_key(req: &Request) -> Result<NewKey, ApiError> {
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
    let payload =
        match obj.string("payload")? {
            Some(p) => Some(unb64(&p).ok_or_else(|| {
                ApiError::invalid_field("payload", "a base64 encoded key material")
            })?),
            None => None,
        };
    Ok(NewKey {
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
    })
}

/// A wrap body: the DEK to wrap (none: Key Protect generates one) and the AAD.
fn wrap_body(req: &Request) -> Result<(Option<Vec<u8>>, Vec<String>), ApiError> {
    let mut f = Fields::new(action_body(req, true)?, &["plaintext", "aad"])?;
    let plaintext = match f.string("plaintext")? {
        Some(p) => Some(unb64(&p).ok_or_else(|| {
            ApiError::invalid_field("plaintext", "a base64 encoded key material")
        })?),
        None => None,
    };
    Ok((plaintext, f.strings("aad")?.unwrap_or_default()))
}

/// A key's policy collection: the rotation and dual-authorization policies it sets, which must
/// match the `policy` query parameter when one is given.
fn policies_body(
    req: &Request,
    only: Option<PolicyKind>,
) -> Result<(Option<RotationPolicy>, Option<bool>), ApiError> {
    let resources = envelope_resources(req, "policy")?;
    let (mut rotation, mut dual_auth_delete) = (None, None);
    for r in resources {
        let mut f = Fields::new(r, &["type", "rotation", "dualAuthDelete"])?;
        if let Some(v) = f.take("rotation") {
            let mut rf = Fields::named(v, "rotation", &["enabled", "interval_month"])?;
            let months = rf.int("interval_month")?.ok_or_else(|| {
                ApiError::invalid_field("rotation.interval_month", "an integer from 1 to 12")
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
        Some(PolicyKind::DualAuthDelete) => rotation.is_some() || dual_auth_delete.is_none(),
        None => false,
    };
    if mismatch {
        return Err(ApiError::new(
            400,
            "BODY_QUERY_PARAM_MISMATCH_ERR",
            "Data in body does not match data required by query parameter",
        ));
    }
    Ok((rotation, dual_auth_delete))
}

/// An instance policy collection: whether dual authorization for deletion is enabled.
fn instance_policies_body(req: &Request) -> Result<bool, ApiError> {
    let resources = envelope_resources(req, "policy")?;
    let mut enabled = None;
    for r in resources {
        let mut f = Fields::new(r, &["type", "policy_type", "policy_data"])?;
        let kind = f.string("policy_type")?.unwrap_or_default();
        if kind != "dualAuthDelete" {
            return Err(ApiError::invalid_field(
                "policy_type",
                format!(
                    "dualAuthDelete (the sandbox models that instance policy only; got '{kind}')"
                ),
            ));
        }
        let data = f
            .take("policy_data")
            .ok_or_else(|| ApiError::invalid_field("policy_data", "an object with 'enabled'"))?;
        let mut df = Fields::named(data, "policy_data", &["enabled", "attributes"])?;
        enabled = Some(
            df.bool("enabled")?
                .ok_or_else(|| ApiError::invalid_field("policy_data.enabled", "true or false"))?,
        );
    }
    enabled.ok_or_else(|| ApiError::bad_body("the policy collection is empty"))
}

/// A registration body (optional): `preventKeyDeletion`, `description` and `keyVersion.id`.
fn registration_body(req: &Request) -> Result<(bool, Option<String>, Option<String>), ApiError> {
    Ok(match &req.body {
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
