//! The request faces of IAM policies, Resource Controller, Cloud Databases v5 and the sandbox's own
//! data plane and settings. Each turns a request into a `Command` for `apply` and answers in its own
//! service's shapes and error envelope.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::command::*;
use super::crn::Crn;
use super::databases::{display_name, Reclamation};
use super::error::ApiError;
use super::iam::{Actor, Authorization, KpRole, PlatformRole, ServiceRole};
use super::request::{body_json, percent_decode, Request, Response};
use super::sandbox::Sandbox;
use super::time::Duration;

/// Key Protect's tiered-pricing plan: creating an instance of it creates a Key Protect instance.
pub const KMS_PLAN: &str = "eedd3585-90c6-4c8f-be3d-062069e99fc3";
const KMS_SERVICE_ID: &str = "ee41347f-b18e-4ca6-bf80-b5467c63f9a6";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
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
        let mut trace = super::sandbox::Trace::default();
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
        let db = |op| Command::Db(op);
        let id = |s: &str| s.to_string();
        Ok(match (method, segs) {
            // IAM Policy Management: authorization policies.
            ("POST", ["v1", "policies"]) => (
                Command::Iam(IamOp::CreateAuthorization(parse_policy(
                    req,
                    &self.account,
                )?)),
                Shape::Policy(201),
            ),
            ("GET", ["v1", "policies"]) => {
                match q("account_id") {
                    None => {
                        return Err(ApiError::new(
                            400,
                            "missing_required_query_parameter",
                            "The query parameter 'account_id' is required",
                        ))
                    }
                    Some(a) if a != self.account => {
                        return Err(ApiError::new(
                            403,
                            "insufficent_permissions",
                            format!("You are not allowed to list the policies of account {a}"),
                        ))
                    }
                    _ => {}
                }
                let only_authorization = q("type").is_none_or(|t| t == "authorization");
                (
                    Command::Iam(IamOp::ListAuthorizations),
                    Shape::Policies { only_authorization },
                )
            }
            ("GET", ["v1", "policies", pid]) => (
                Command::Iam(IamOp::GetAuthorization { id: id(pid) }),
                Shape::Policy(200),
            ),
            ("DELETE", ["v1", "policies", pid]) => (
                Command::Iam(IamOp::DeleteAuthorization { id: id(pid) }),
                Shape::NoContent,
            ),

            // Resource Controller.
            ("POST", ["v2", "resource_instances"]) => {
                let body = body_json(req)?.ok_or_else(|| {
                    ApiError::new(400, "RC-BadRequest", "The request has no body")
                })?;
                let field = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_string);
                let required = |name: &str| {
                    field(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                        ApiError::new(400, "RC-BadRequest", format!("The parameter '{name}' is required (name, target, resource_group, resource_plan_id)"))
                            .with_target("field", name)
                    })
                };
                let (name, target, group, plan) = (
                    required("name")?,
                    required("target")?,
                    required("resource_group")?,
                    required("resource_plan_id")?,
                );
                if plan == KMS_PLAN {
                    let region = target
                        .trim_start_matches("bluemix-")
                        .trim_start_matches("blue-")
                        .to_string();
                    (
                        Command::CreateInstance { name, region },
                        Shape::NewKmsInstance,
                    )
                } else {
                    let service = plan.strip_suffix("-standard").filter(|s| display_name(s).is_some()).ok_or_else(|| {
                        ApiError::new(
                            400,
                            "RC-BadRequest",
                            format!("The plan '{plan}' was not found: use <service>-standard (e.g. databases-for-postgresql-standard) or Key Protect's {KMS_PLAN}"),
                        )
                        .with_target("field", "resource_plan_id")
                    })?;
                    let params = body.get("parameters").cloned().unwrap_or(Value::Null);
                    let key = |name: &str| {
                        params
                            .get(name)
                            .or_else(|| body.get(name))
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .filter(|s| !s.trim().is_empty())
                    };
                    let new = NewDeployment {
                        name,
                        service: service.to_string(),
                        region: target,
                        plan: plan.clone(),
                        resource_group: Some(group),
                        disk_key_crn: key("disk_encryption_key_crn"),
                        backup_key_crn: key("backup_encryption_key_crn"),
                    };
                    (db(DbOp::Provision(new)), Shape::Instance(201))
                }
            }
            ("GET", ["v2", "resource_instances"]) => (
                db(DbOp::ListDeployments),
                Shape::Instances {
                    resource_id: q("resource_id"),
                    name: q("name"),
                },
            ),
            ("GET", ["v2", "resource_instances", rid]) => match self.instance_guid(rid) {
                Some(guid) => (Command::Db(DbOp::ListDeployments), Shape::KmsInstance(guid)),
                None => (
                    db(DbOp::GetDeployment { id: id(rid) }),
                    Shape::Instance(200),
                ),
            },
            ("DELETE", ["v2", "resource_instances", rid]) => match self.instance_guid(rid) {
                Some(guid) => (Command::DeleteInstance { instance: guid }, Shape::NoContent),
                None => (db(DbOp::DeleteDeployment { id: id(rid) }), Shape::NoContent),
            },
            ("GET", ["v1", "reclamations"]) => (
                db(DbOp::ListReclamations),
                Shape::Reclamations {
                    instance: q("resource_instance_id"),
                },
            ),
            ("POST", ["v1", "reclamations", rid, "actions", "restore"]) => (
                db(DbOp::RestoreReclamation { id: id(rid) }),
                Shape::Reclamation,
            ),
            ("POST", ["v1", "reclamations", rid, "actions", "reclaim"]) => {
                (db(DbOp::Reclaim { id: id(rid) }), Shape::Reclamation)
            }

            // Cloud Databases v5.
            ("GET", ["v5", "ibm", "deployments", d]) => {
                (db(DbOp::GetDeployment { id: id(d) }), Shape::IcdDeployment)
            }
            ("POST", ["v5", "ibm", "deployments", d, "backups"]) => {
                (db(DbOp::Backup { id: id(d) }), Shape::Task)
            }
            ("GET", ["v5", "ibm", "deployments", d, "backups"]) => {
                (db(DbOp::ListBackups { id: id(d) }), Shape::Backups)
            }
            ("GET", ["v5", "ibm", "deployments", d, "tasks"]) => {
                (db(DbOp::ListTasks { id: id(d) }), Shape::Tasks)
            }

            // The sandbox's own: a small data plane, the encrypted disk, settings, roles.
            ("PUT", ["sandbox", "v1", "deployments", d, "tables", t, "records", r]) => {
                let body = body_json(req)?.unwrap_or(Value::Null);
                let value = match body.get("value") {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) if !v.is_null() => v.to_string(),
                    _ => {
                        return Err(ApiError::invalid_field(
                            "value",
                            "a string (or any JSON value) to store",
                        ))
                    }
                };
                (
                    db(DbOp::WriteRecord {
                        id: id(d),
                        table: id(t),
                        record: id(r),
                        value,
                    }),
                    Shape::Record,
                )
            }
            ("GET", ["sandbox", "v1", "deployments", d, "tables", t, "records", r]) => (
                db(DbOp::ReadRecord {
                    id: id(d),
                    table: id(t),
                    record: id(r),
                }),
                Shape::Record,
            ),
            ("DELETE", ["sandbox", "v1", "deployments", d, "tables", t, "records", r]) => (
                db(DbOp::DeleteRecord {
                    id: id(d),
                    table: id(t),
                    record: id(r),
                }),
                Shape::NoContent,
            ),
            ("GET", ["sandbox", "v1", "deployments", d, "tables", t, "records"]) => (
                db(DbOp::ListRecords {
                    id: id(d),
                    table: id(t),
                }),
                Shape::Records,
            ),
            ("GET", ["sandbox", "v1", "deployments", d, "disk"]) => {
                (db(DbOp::Disk { id: id(d) }), Shape::Disk)
            }
            ("POST", ["sandbox", "v1", "deployments", d, "restart"]) => {
                (db(DbOp::Restart { id: id(d) }), Shape::Instance(200))
            }
            ("GET", ["sandbox", "v1", "deployments", d, "backups", b]) => (
                db(DbOp::ReadBackup {
                    id: id(d),
                    backup: id(b),
                }),
                Shape::Backup,
            ),
            ("PUT", ["sandbox", "v1", "settings"]) => {
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
                let cmd = Command::SetTimings {
                    reclamation_period: duration("reclamationPeriod")?,
                    provisioning_time: duration("provisioningTime")?,
                    propagation_delay: duration("propagationDelay")?,
                };
                (cmd, Shape::Settings)
            }
            ("PUT", ["sandbox", "v1", "users", user, "roles"]) => {
                let body = body_json(req)?.unwrap_or(Value::Null);
                if let Some(role) = body.get("databases").and_then(Value::as_str) {
                    let role = PlatformRole::parse(role).ok_or_else(|| {
                        ApiError::invalid_field(
                            "databases",
                            "Viewer, Operator, Editor or Administrator",
                        )
                    })?;
                    if body.get("kms").is_some() {
                        return Err(ApiError::bad_body(
                            "set 'kms' and 'databases' roles in separate requests",
                        ));
                    }
                    (
                        Command::SetDatabaseRole {
                            user: id(user),
                            role,
                        },
                        Shape::NoContent,
                    )
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
                    (
                        Command::SetKmsRoles {
                            user: id(user),
                            roles,
                        },
                        Shape::NoContent,
                    )
                }
            }
            _ => return Err(not_found()),
        })
    }

    fn instance_guid(&self, id: &str) -> Option<String> {
        self.instances
            .iter()
            .find(|i| i.guid == id || i.crn == id)
            .map(|i| i.guid.clone())
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

    /// An authorization as IAM Policy Management shows it.
    fn policy_json(&self, a: &Authorization) -> Value {
        let mut subject = vec![
            json!({ "name": "accountId", "value": self.account }),
            json!({ "name": "serviceName", "value": a.source_service }),
        ];
        if let Some(i) = &a.source_instance {
            subject.push(json!({ "name": "serviceInstance", "value": i }));
        }
        let attr = |name: &str, value: &str| json!({ "name": name, "operator": "stringEquals", "value": value });
        let mut resource = vec![
            attr("accountId", &self.account),
            attr("serviceName", &a.target_service),
        ];
        if let Some(i) = &a.target_instance {
            resource.push(attr("serviceInstance", i));
        }
        let roles: Vec<Value> = a
            .roles
            .iter()
            .map(|r| {
                let description = match r {
                    ServiceRole::Reader => "As a reader, you can perform read-only actions within a service such as viewing service-specific resources.",
                    ServiceRole::AuthorizationDelegator => "As an authorization delegator, the source service can delegate its access to other services.",
                };
                json!({ "role_id": r.role_id(), "display_name": r.name(), "description": description })
            })
            .collect();
        json!({
            "id": a.id,
            "type": "authorization",
            "subjects": [{ "attributes": subject }],
            "roles": roles,
            "resources": [{ "attributes": resource }],
            "href": format!("https://iam.cloud.ibm.com/v1/policies/{}", a.id),
            "created_at": a.created_at,
            "created_by_id": a.created_by,
            "last_modified_at": a.created_at,
            "last_modified_by_id": a.created_by,
            "state": "active",
        })
    }

    fn kms_instance_json(&self, guid: &str) -> Value {
        let Some(i) = self.instance(guid) else {
            return Value::Null;
        };
        json!({
            "id": i.crn, "guid": i.guid, "crn": i.crn, "url": format!("/v2/resource_instances/{}", i.guid),
            "name": i.name, "region_id": i.region, "account_id": self.account,
            "resource_plan_id": KMS_PLAN, "resource_id": KMS_SERVICE_ID, "resource_group_id": "Default",
            "state": "active", "type": "service_instance", "created_at": i.created, "updated_at": i.created,
            "last_operation": { "type": "create", "state": "succeeded", "async": false, "description": "Completed create instance operation" },
        })
    }

    fn instance_json(&self, d: &DeploymentView) -> Value {
        let mut parameters = Map::new();
        if let Some(k) = &d.disk_encryption_key_crn {
            parameters.insert("disk_encryption_key_crn".into(), json!(k));
        }
        if let Some(k) = &d.backup_encryption_key_crn {
            parameters.insert("backup_encryption_key_crn".into(), json!(k));
        }
        let provisioning = d.state == "provisioning";
        let last_operation = match d.state {
            "pending_reclamation" => {
                json!({ "type": "delete", "state": "succeeded", "async": false, "description": "Instance is pending reclamation" })
            }
            _ if provisioning => json!({
                "type": "create", "state": "in progress", "async": true,
                "description": d.tasks.first().map(|t| format!("{} ({}%)", t.description, t.progress_percent)),
            }),
            _ => {
                json!({ "type": "create", "state": "succeeded", "async": true, "description": "Completed create instance operation" })
            }
        };
        json!({
            "id": d.crn, "guid": d.guid, "crn": d.crn, "url": format!("/v2/resource_instances/{}", d.guid),
            "name": d.name, "region_id": d.region, "account_id": self.account,
            "resource_plan_id": d.plan, "resource_id": d.service, "resource_group_id": d.resource_group,
            "state": d.state, "type": "service_instance", "created_at": d.created_at, "created_by": d.created_by,
            "parameters": parameters, "last_operation": last_operation, "locked": false, "allow_cleanup": false,
            "sandbox": {
                "disabled_reason": d.disabled_reason, "cryptoshredded": d.cryptoshredded, "key_version": d.key_version,
                "reclamation_id": d.reclamation_id, "tasks": d.tasks,
            },
        })
    }
}

/// What a platform answer looks like, decided when the request is parsed.
enum Shape {
    NoContent,
    Policy(u16),
    Policies {
        only_authorization: bool,
    },
    NewKmsInstance,
    KmsInstance(String),
    Instance(u16),
    Instances {
        resource_id: Option<String>,
        name: Option<String>,
    },
    Reclamations {
        instance: Option<String>,
    },
    Reclamation,
    IcdDeployment,
    Task,
    Tasks,
    Backups,
    Backup,
    Record,
    Records,
    Disk,
    Settings,
}

/// A deployment as Cloud Databases v5 shows it.
fn icd_json(d: &DeploymentView) -> Value {
    let kind = d
        .service
        .trim_start_matches("databases-for-")
        .trim_start_matches("messages-for-");
    json!({
        "deployment": {
            "id": d.crn, "name": d.name, "type": kind, "version": "1",
            "platform_options": {
                "disk_encryption_key_crn": d.disk_encryption_key_crn,
                "backup_encryption_key_crn": d.backup_encryption_key_crn,
            },
            "admin_usernames": { "database": "admin" },
            "enable_public_endpoints": true, "enable_private_endpoints": false,
            "sandbox": {
                "state": d.state, "disabled_reason": d.disabled_reason, "cryptoshredded": d.cryptoshredded,
                "key_version": d.key_version, "records": d.records, "backups": d.backups,
            },
        }
    })
}

/// Parses an IAM authorization policy body (`type: authorization`).
fn parse_policy(req: &Request, account: &str) -> Result<NewAuthorization, ApiError> {
    let invalid = |why: String| ApiError::new(400, "invalid_body", why);
    let body = body_json(req)?.ok_or_else(|| invalid("The request has no body".into()))?;
    if body.get("type").and_then(Value::as_str) != Some("authorization") {
        return Err(invalid("The sandbox's IAM creates service-to-service policies only: set \"type\": \"authorization\"".into()));
    }
    let attributes = |list: &str| -> Result<BTreeMap<String, String>, ApiError> {
        let attrs = body
            .get(list)
            .and_then(|v| v.get(0))
            .and_then(|v| v.get("attributes"))
            .and_then(Value::as_array)
            .ok_or_else(|| invalid(format!("'{list}[0].attributes' is required")))?;
        let mut out = BTreeMap::new();
        for a in attrs {
            let (Some(name), Some(value)) = (
                a.get("name").and_then(Value::as_str),
                a.get("value").and_then(Value::as_str),
            ) else {
                return Err(invalid(format!(
                    "every attribute of '{list}' needs a 'name' and a string 'value'"
                )));
            };
            out.insert(name.to_string(), value.to_string());
        }
        Ok(out)
    };
    let subject = attributes("subjects")?;
    let resource = attributes("resources")?;
    for attrs in [&subject, &resource] {
        if let Some(a) = attrs.get("accountId") {
            if a != account {
                return Err(ApiError::new(
                    403,
                    "insufficent_permissions",
                    format!("Account {a} is not this sandbox's account {account}"),
                ));
            }
        }
    }
    let source_service = subject.get("serviceName").cloned().ok_or_else(|| {
        invalid("The subject needs a 'serviceName' attribute (the source service)".into())
    })?;
    let target_service = resource.get("serviceName").cloned().ok_or_else(|| {
        invalid("The resource needs a 'serviceName' attribute (the target service, kms)".into())
    })?;
    let roles = body
        .get("roles")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("'roles' is required".into()))?;
    let roles = roles
        .iter()
        .map(|r| {
            let text = r.get("role_id").or_else(|| r.get("display_name")).and_then(Value::as_str).unwrap_or_default();
            ServiceRole::parse(text).ok_or_else(|| {
                ApiError::new(
                    404,
                    "role_not_found",
                    format!("Role '{text}' was not found: an authorization from {source_service} to {target_service} can grant Reader and AuthorizationDelegator"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(i) = resource.get("serviceInstance") {
        if Crn::parse(i).is_ok() {
            return Err(invalid(
                "'serviceInstance' takes the instance GUID, not its CRN".into(),
            ));
        }
    }
    Ok(NewAuthorization {
        source_service,
        source_instance: subject.get("serviceInstance").cloned(),
        target_service,
        target_instance: resource.get("serviceInstance").cloned(),
        roles,
    })
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
