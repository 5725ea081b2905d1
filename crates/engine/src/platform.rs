//! The request faces of IAM policies, Resource Controller, Cloud Databases v5 and the sandbox's own
//! data plane and settings. Each turns a request into a `Command` for `apply` and answers in its own
//! service's shapes and error envelope.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::command::*;
use super::databases::api::icd_json;
use super::databases::Reclamation;
use super::error::ApiError;
use super::iam::{Actor, KpRole, PlatformRole};
use super::request::{body_json, percent_decode, Request, Response};
use super::sandbox::Sandbox;
use super::shape::Shape;
use super::time::Duration;

/// Key Protect's tiered-pricing plan: creating an instance of it creates a Key Protect instance.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Iam,
    Rc,
    Icd,
    Sandbox,
}

impl Sandbox {
    /// Answers a request for one of the platform APIs, or `None` when the path is not theirs.
    pub(crate) fn platform_request(
        &mut self,
        req: &Request,
        path: &str,
        query: &[(String, String)],
    ) -> Option<Response> {
        let path = path.trim_end_matches('/');
        let segs: Vec<String> = path.split('/').skip(1).map(percent_decode).collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let face = match segs.as_slice() {
            ["v1", "policies", ..] => Face::Iam,
            ["v2", "resource_instances", ..] | ["v1", "reclamations", ..] => Face::Rc,
            ["v5", "ibm", "deployments", ..] => Face::Icd,
            ["sandbox", "v1", ..] => Face::Sandbox,
            _ => return None,
        };
        let method = req.method.to_ascii_uppercase();
        let transaction = req
            .get_header("transaction-id")
            .or(req.get_header("correlation-id"))
            .map(str::to_string);
        let transaction = transaction.unwrap_or_else(|| self.rng.uuid().replace('-', ""));
        let actor = match self.actor_for(req.get_header("authorization")) {
            a @ Actor::User(_) => a,
            _ => {
                let e = ApiError::new(
                    401,
                    "invalid_token",
                    "The provided token is missing, not valid or not a user's token",
                );
                self.record_face_refusal(face, &Actor::Anonymous, path, &e);
                return Some(error_body(face, &e, &transaction));
            }
        };
        let q = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let parsed = self.platform_command(face, &method, &segs, &q, req);
        let (command, shape) = match parsed {
            Ok(c) => c,
            Err(e) => {
                self.record_face_refusal(face, &actor, path, &e);
                return Some(error_body(face, &e, &transaction));
            }
        };
        let result = self.apply(&actor, command);
        Some(match result {
            Ok(outcome) => self.encode_platform(outcome, shape, &transaction),
            Err(e) => error_body(face, &e, &transaction),
        })
    }

    /// One event for a request refused before it became a command.
    fn record_face_refusal(&mut self, face: Face, actor: &Actor, path: &str, e: &ApiError) {
        let (action, says, uri) = match face {
            Face::Iam => (
                "iam-am.policy.request",
                "IAM Access Management: request policy",
                "iam-am/policy",
            ),
            Face::Rc => (
                "resource-controller.instance.request",
                "Resource Controller: request instance",
                "resource-controller/instance",
            ),
            Face::Icd => (
                "databases.deployment.request",
                "Cloud Databases: request deployment",
                "cloud-databases/deployment",
            ),
            Face::Sandbox => ("sandbox.request", "Sandbox: request", "sandbox/request"),
        };
        let mut trace = super::activity::Trace::default();
        trace.req("requestURI", path);
        self.record(
            actor,
            action,
            says,
            uri,
            false,
            &Err(e.clone()),
            trace,
            ("Request", "completed"),
        );
    }

    fn platform_command(
        &self,
        face: Face,
        method: &str,
        segs: &[&str],
        q: &dyn Fn(&str) -> Option<String>,
        req: &Request,
    ) -> Result<(Command, Shape), ApiError> {
        let not_found = || match face {
            Face::Iam => ApiError::new(
                404,
                "not_found",
                format!("There is no IAM operation {method} /{}", segs.join("/")),
            ),
            Face::Rc => ApiError::new(
                404,
                "RC-NotFound",
                format!(
                    "There is no Resource Controller operation {method} /{}",
                    segs.join("/")
                ),
            ),
            _ => ApiError::new(
                404,
                "NOT_FOUND",
                format!("There is no operation {method} /{}", segs.join("/")),
            ),
        };
        Ok(match (method, segs) {
            _ if face == Face::Iam => match self.iam_command(method, segs, q, req)? {
                Some(c) => c,
                None => return Err(not_found()),
            },
            _ if face != Face::Sandbox || segs.get(2) == Some(&"deployments") => {
                match self.database_command(method, segs, q, req)? {
                    Some(c) => c,
                    None => return Err(not_found()),
                }
            }
            ("PUT", ["sandbox", "v1", "settings"]) => (settings_command(req)?, Shape::Settings),
            ("PUT", ["sandbox", "v1", "users", user, "roles"]) => {
                (roles_command(req, user)?, Shape::NoContent)
            }
            _ => return Err(not_found()),
        })
    }

    fn encode_platform(&self, outcome: Outcome, shape: Shape, transaction: &str) -> Response {
        let mut headers = BTreeMap::new();
        headers.insert("transaction-id".to_string(), transaction.to_string());
        let (status, body) = match (shape, outcome) {
            (Shape::NoContent, _) => (204, None),
            (Shape::Policy(status), Outcome::Authorization(a)) => {
                (status, Some(self.policy_json(&a)))
            }
            (Shape::Policies { only_authorization }, Outcome::Authorizations(all)) => {
                let policies: Vec<Value> = if only_authorization {
                    all.iter().map(|a| self.policy_json(a)).collect()
                } else {
                    Vec::new()
                };
                (200, Some(json!({ "policies": policies })))
            }
            (Shape::NewKmsInstance, Outcome::Instance { guid, .. }) => {
                (201, Some(self.kms_instance_json(&guid)))
            }
            (Shape::KmsInstance(guid), _) => (200, Some(self.kms_instance_json(&guid))),
            (Shape::Instance(status), Outcome::Deployment(d)) => {
                (status, Some(self.instance_json(&d)))
            }
            (Shape::Instances { resource_id, name }, Outcome::Deployments(all)) => {
                let mut rows: Vec<Value> = self
                    .instances
                    .iter()
                    .map(|i| self.kms_instance_json(&i.guid))
                    .collect();
                rows.extend(all.iter().map(|d| self.instance_json(d)));
                rows.retain(|r| {
                    resource_id
                        .as_deref()
                        .is_none_or(|id| r["resource_id"] == id)
                        && name.as_deref().is_none_or(|n| r["name"] == n)
                });
                (
                    200,
                    Some(json!({ "rows_count": rows.len(), "next_url": null, "resources": rows })),
                )
            }
            (Shape::Reclamations { instance }, Outcome::Reclamations(all)) => {
                let rows: Vec<&Reclamation> = all
                    .iter()
                    .filter(|r| {
                        instance
                            .as_deref()
                            .is_none_or(|i| r.resource_instance_id == i)
                    })
                    .collect();
                (200, Some(json!({ "resources": rows })))
            }
            (Shape::Reclamation, Outcome::Reclamation(r)) => (200, Some(json!(r))),
            (Shape::IcdDeployment, Outcome::Deployment(d)) => (200, Some(icd_json(&d))),
            (Shape::Task, Outcome::Task(t)) => (202, Some(json!({ "task": t }))),
            (Shape::Tasks, Outcome::Tasks(t)) => (200, Some(json!({ "tasks": t }))),
            (Shape::Backups, Outcome::Backups(b)) => (200, Some(json!({ "backups": b }))),
            (Shape::Backup, Outcome::Backups(b)) => (200, Some(json!({ "backup": b.first() }))),
            (Shape::Record, Outcome::Record(r)) => (200, Some(json!({ "record": r }))),
            (Shape::Records, Outcome::Records(r)) => (200, Some(json!({ "records": r }))),
            (Shape::Disk, Outcome::Disk(d)) => (200, Some(json!(d))),
            (Shape::Settings, _) => (200, Some(json!(self.timings()))),
            _ => unreachable!("a platform request answers the outcome its shape expects"),
        };
        Response::new(status, headers, body)
    }
}

/// Each face's error envelope; `sandbox_hint` (when the sandbox can say what would fix it) is the
/// sandbox's own addition.
fn error_body(face: Face, e: &ApiError, transaction: &str) -> Response {
    let mut body = match face {
        Face::Iam => json!({
            "trace": transaction,
            "errors": [{ "code": e.code, "message": e.message, "more_info": "https://cloud.ibm.com/apidocs/iam-policy-management" }],
            "status_code": e.status,
        }),
        Face::Rc => {
            json!({ "error_code": e.code, "message": e.message, "status_code": e.status, "transaction_id": transaction })
        }
        Face::Icd | Face::Sandbox => {
            json!({ "errors": e.message, "code": e.code, "status_code": e.status })
        }
    };
    if let Some(t) = &e.target {
        body["target"] = json!(t);
    }
    if let Some(h) = &e.hint {
        body["sandbox_hint"] = json!(h);
    }
    let mut headers = BTreeMap::new();
    headers.insert("transaction-id".into(), transaction.into());
    Response::new(e.status, headers, Some(body))
}

/// `PUT /sandbox/v1/settings`: the owner changes the timings.
fn settings_command(req: &Request) -> Result<Command, ApiError> {
    let body = body_json(req)?.unwrap_or(Value::Null);
    let duration = |name: &str| -> Result<Option<Duration>, ApiError> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Duration::parse(s)
                .map(Some)
                .map_err(|e| ApiError::invalid_field(name, e)),
            Some(_) => Err(ApiError::invalid_field(
                name,
                "a duration such as \"9d\", \"30m\" or \"5m\"",
            )),
        }
    };
    Ok(Command::SetTimings {
        reclamation_period: duration("reclamationPeriod")?,
        provisioning_time: duration("provisioningTime")?,
        propagation_delay: duration("propagationDelay")?,
    })
}

/// `PUT /sandbox/v1/users/{user}/roles`: the owner changes a user's Key Protect roles or database
/// role (one kind per request).
fn roles_command(req: &Request, user: &str) -> Result<Command, ApiError> {
    let body = body_json(req)?.unwrap_or(Value::Null);
    Ok(
        if let Some(role) = body.get("databases").and_then(Value::as_str) {
            let role = PlatformRole::parse(role).ok_or_else(|| {
                ApiError::invalid_field("databases", "Viewer, Operator, Editor or Administrator")
            })?;
            if body.get("kms").is_some() {
                return Err(ApiError::bad_body(
                    "set 'kms' and 'databases' roles in separate requests",
                ));
            }
            Command::SetDatabaseRole {
                user: user.to_string(),
                role,
            }
        } else {
            let roles = body.get("kms").and_then(Value::as_array).ok_or_else(|| {
                ApiError::invalid_field("kms", "a list of Key Protect roles (Reader, ReaderPlus, Writer, Manager, KeyPurge), or use 'databases'")
            })?;
            let roles = roles
                .iter()
                .map(|r| {
                    r.as_str().and_then(KpRole::parse).ok_or_else(|| {
                        ApiError::invalid_field(
                            "kms",
                            "Reader, ReaderPlus, Writer, Manager or KeyPurge",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Command::SetKmsRoles {
                user: user.to_string(),
                roles,
            }
        },
    )
}
