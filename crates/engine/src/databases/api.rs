//! The Resource Controller (`/v2/resource_instances`, `/v1/reclamations`), Cloud Databases v5
//! (`/v5/ibm/deployments`) and sandbox data-plane (`/sandbox/v1/deployments/...`) request faces:
//! routes to database commands, and deployments and Key Protect instances in those services' shapes.

use serde_json::{json, Map, Value};

use super::model::display_name;
use crate::command::*;
use crate::error::ApiError;
use crate::request::{body_json, Request};
use crate::sandbox::Sandbox;
use crate::shape::Shape;

/// Key Protect's tiered-pricing plan: creating an instance of it creates a Key Protect instance.
pub(crate) const KMS_PLAN: &str = "eedd3585-90c6-4c8f-be3d-062069e99fc3";
const KMS_SERVICE_ID: &str = "ee41347f-b18e-4ca6-bf80-b5467c63f9a6";

impl Sandbox {
    /// The Resource Controller (`/v2/resource_instances`, `/v1/reclamations`), Cloud Databases v5 (`/v5/ibm/deployments`) and sandbox data-plane (`/sandbox/v1/deployments`) faces; `None` for a path they do not know.
    pub(crate) fn database_command(
        &self,
        method: &str,
        segs: &[&str],
        q: &dyn Fn(&str) -> Option<String>,
        req: &Request,
    ) -> Result<Option<(Command, Shape)>, ApiError> {
        let id = |s: &str| s.to_string();
        let db = Command::Db;
        Ok(Some(match (method, segs) {
            // Resource Controller.
            ("POST", ["v2", "resource_instances"]) => create_instance_command(req)?,
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
            _ => return Ok(None),
        }))
    }
}

impl Sandbox {
    pub(crate) fn instance_guid(&self, id: &str) -> Option<String> {
        self.instances
            .iter()
            .find(|i| i.guid == id || i.crn == id)
            .map(|i| i.guid.clone())
    }

    pub(crate) fn kms_instance_json(&self, guid: &str) -> Value {
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

    pub(crate) fn instance_json(&self, d: &DeploymentView) -> Value {
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

/// A deployment as Cloud Databases v5 shows it.
pub(crate) fn icd_json(d: &DeploymentView) -> Value {
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

/// `POST /v2/resource_instances`: a Key Protect instance for Key Protect's plan, a database
/// deployment for `<service>-standard`.
fn create_instance_command(req: &Request) -> Result<(Command, Shape), ApiError> {
    let body = body_json(req)?
        .ok_or_else(|| ApiError::new(400, "RC-BadRequest", "The request has no body"))?;
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
    Ok(if plan == KMS_PLAN {
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
        (Command::Db(DbOp::Provision(new)), Shape::Instance(201))
    })
}
