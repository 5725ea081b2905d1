//! Cloud Databases commands: `apply_db` checks the caller's platform role, finds the deployment
//! and hands the command to its handler in this folder, then logs the event under the
//! deployment's service (Resource Controller's names for instance calls, Cloud Databases' for the
//! rest).

use super::backups::backup_view;
use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::{Actor, PlatformRole};
use crate::sandbox::Sandbox;
use crate::time::Timestamp;

pub(super) const RC_TYPE: &str = "resource-controller/instance";
pub(super) const DB_TYPE: &str = "cloud-databases/deployment";

pub(super) fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new(
        404,
        "RC-ResourceNotFound",
        format!("{what} '{id}' was not found in this account"),
    )
}

impl Sandbox {
    pub(crate) fn apply_db(&mut self, actor: &Actor, op: DbOp) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let (action, says, type_uri, data) = self.db_event_names(&op);
        let result = self.run_db(actor, op, &mut trace);
        if let Ok(Outcome::Deployment(d)) = &result {
            if d.state == "provisioning" && action.ends_with(".instance.create") {
                trace.status = Some(201);
            }
        }
        self.record(
            actor,
            &action,
            &says,
            type_uri,
            data,
            &result,
            trace,
            ("Request", "completed"),
        );
        if let Some(e) = self.events.last_mut() {
            if e.action.ends_with(".instance.create")
                && e.reason.reason_code == 201
                && e.outcome == "success"
            {
                e.outcome = "pending";
            }
        }
        // With no provisioning time the deployment is ready at once: the clock does the scheduled
        // completion now, after the request's own event.
        self.advance(crate::time::Duration::ZERO);
        result
    }

    /// The activity event of a database command: its action and message name the deployment's service.
    fn db_event_names(&self, op: &DbOp) -> (String, String, &'static str, bool) {
        let svc = |id: &str| {
            self.find_deployment(id)
                .map(|d| d.service.clone())
                .unwrap_or_else(|| "databases".into())
        };
        let rc = |service: String, verb: &str, what: &str| {
            let name = display_name(&service).unwrap_or("Resource Controller");
            (
                format!("{service}.{what}"),
                format!("{name}: {verb}"),
                RC_TYPE,
                false,
            )
        };
        let db = |service: String, verb: &str, what: &str, data: bool| {
            let name = display_name(&service).unwrap_or("Cloud Databases");
            (
                format!("{service}.{what}"),
                format!("{name}: {verb}"),
                DB_TYPE,
                data,
            )
        };
        // The service of the deployment a reclamation is about.
        let reclaimed = |id: &str| {
            self.reclamations
                .get(id)
                .and_then(|r| self.deployments.get(&r.resource_instance_id))
                .map_or_else(|| "resource-controller".to_string(), |d| d.service.clone())
        };
        match op {
            DbOp::Provision(n) => rc(n.service.clone(), "create instance", "instance.create"),
            DbOp::ListDeployments => rc(
                "resource-controller".into(),
                "list instances",
                "instance.list",
            ),
            DbOp::GetDeployment { id } => rc(svc(id), "read instance", "instance.read"),
            DbOp::DeleteDeployment { id } => rc(
                svc(id),
                "schedule_reclaim instance",
                "instance.schedule_reclaim",
            ),
            DbOp::Restart { id } => db(svc(id), "update deployment", "deployment.update", false),
            DbOp::WriteRecord { id, .. } => db(
                svc(id),
                "create deployment-record",
                "deployment-record.create",
                true,
            ),
            DbOp::ReadRecord { id, .. } => db(
                svc(id),
                "read deployment-record",
                "deployment-record.read",
                true,
            ),
            DbOp::ListRecords { id, .. } => db(
                svc(id),
                "list deployment-record",
                "deployment-record.list",
                true,
            ),
            DbOp::DeleteRecord { id, .. } => db(
                svc(id),
                "delete deployment-record",
                "deployment-record.delete",
                true,
            ),
            DbOp::Disk { id } => db(
                svc(id),
                "read deployment-volumes",
                "deployment-volumes.read",
                true,
            ),
            DbOp::Backup { id } => db(
                svc(id),
                "create deployment-backup",
                "deployment-backup.create",
                false,
            ),
            DbOp::ListBackups { id } => db(
                svc(id),
                "list deployment-backup",
                "deployment-backup.list",
                false,
            ),
            DbOp::ReadBackup { id, .. } => db(
                svc(id),
                "read deployment-backup",
                "deployment-backup.read",
                true,
            ),
            DbOp::ListTasks { id } => db(
                svc(id),
                "list deployment-task",
                "deployment-task.list",
                false,
            ),
            DbOp::ListReclamations => rc(
                "resource-controller".into(),
                "list reclamations",
                "reclamation.list",
            ),
            DbOp::RestoreReclamation { id } => {
                rc(reclaimed(id), "restore instance", "instance.restore")
            }
            DbOp::Reclaim { id } => rc(reclaimed(id), "delete instance", "instance.delete"),
        }
    }

    fn find_deployment(&self, id: &str) -> Option<&Deployment> {
        let id = id.trim();
        self.deployments
            .get(id)
            .or_else(|| self.deployments.values().find(|d| d.crn == id))
            .or_else(|| self.deployments.values().find(|d| d.name == id))
    }

    fn resolve_deployment(&self, id: &str, trace: &mut Trace) -> Result<String, ApiError> {
        let d = self
            .find_deployment(id)
            .ok_or_else(|| not_found("Resource instance", id))?;
        trace.target = Some((d.crn.clone(), d.name.clone()));
        Ok(d.guid.clone())
    }

    fn run_db(&mut self, actor: &Actor, op: DbOp, trace: &mut Trace) -> Result<Outcome, ApiError> {
        use PlatformRole::*;
        match op {
            DbOp::Provision(new) => {
                self.require_platform(actor, Editor, "create deployments")?;
                self.provision(actor, new, trace)
            }
            DbOp::ListDeployments => {
                self.require_platform(actor, Viewer, "view deployments")?;
                Ok(Outcome::Deployments(
                    self.deployments()
                        .map(|d| self.deployment_view(d))
                        .collect(),
                ))
            }
            DbOp::GetDeployment { id } => {
                self.require_platform(actor, Viewer, "view deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                Ok(Outcome::Deployment(Box::new(
                    self.deployment_view(&self.deployments[&guid]),
                )))
            }
            DbOp::DeleteDeployment { id } => {
                self.require_platform(actor, Editor, "delete deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.soft_delete(actor, &guid, trace)
            }
            DbOp::Restart { id } => {
                self.require_platform(actor, Operator, "restart deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.restart(&guid, trace)
            }
            DbOp::WriteRecord {
                id,
                table,
                record,
                value,
            } => {
                self.require_platform(actor, Operator, "write data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.write_record(&guid, table, record, value, trace)
            }
            DbOp::ReadRecord { id, table, record } => {
                self.require_platform(actor, Operator, "read data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.read_record(&guid, table, record, trace)
            }
            DbOp::ListRecords { id, table } => {
                self.require_platform(actor, Operator, "read data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.list_records(&guid, table, trace)
            }
            DbOp::DeleteRecord { id, table, record } => {
                self.require_platform(actor, Operator, "write data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.delete_record(&guid, table, record, trace)
            }
            DbOp::Disk { id } => {
                self.require_platform(actor, Viewer, "view deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                Ok(Outcome::Disk(self.disk_view(&guid)))
            }
            DbOp::Backup { id } => {
                self.require_platform(actor, Operator, "back up deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.backup(&guid, trace)
            }
            DbOp::ListBackups { id } => {
                self.require_platform(actor, Viewer, "view deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                let d = &self.deployments[&guid];
                Ok(Outcome::Backups(
                    d.backups.iter().map(|b| backup_view(d, b, None)).collect(),
                ))
            }
            DbOp::ReadBackup { id, backup } => {
                self.require_platform(actor, Operator, "read data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.read_backup(&guid, &backup, trace)
            }
            DbOp::ListTasks { id } => {
                self.require_platform(actor, Viewer, "view deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                let d = &self.deployments[&guid];
                Ok(Outcome::Tasks(
                    d.tasks.iter().map(|t| task_view(d, t, self.now)).collect(),
                ))
            }
            DbOp::ListReclamations => {
                self.require_platform(actor, Viewer, "view reclamations")?;
                Ok(Outcome::Reclamations(
                    self.reclamations.values().cloned().collect(),
                ))
            }
            DbOp::RestoreReclamation { id } => {
                self.require_platform(actor, Editor, "restore deployments")?;
                self.restore_reclamation(actor, &id, trace)
            }
            DbOp::Reclaim { id } => {
                self.require_platform(actor, Editor, "delete deployments for good")?;
                let r = self
                    .reclamations
                    .get(&id)
                    .ok_or_else(|| not_found("Reclamation", &id))?;
                let name = self
                    .deployments
                    .get(&r.resource_instance_id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                trace.target = Some((r.entity_crn.clone(), name));
                self.reclaim(actor, &id)
            }
        }
    }

    pub fn deployment_view(&self, d: &Deployment) -> DeploymentView {
        let (state, reason, reclamation) = match &d.status {
            Status::Disabled(r) => ("inactive", Some(r.clone()), None),
            Status::PendingReclamation { reclamation, prior } => (
                "pending_reclamation",
                match prior.as_ref() {
                    Status::Disabled(r) => Some(r.clone()),
                    _ => None,
                },
                Some(reclamation.clone()),
            ),
            s => (s.rc_state(), None, None),
        };
        DeploymentView {
            guid: d.guid.clone(),
            crn: d.crn.clone(),
            name: d.name.clone(),
            service: d.service.clone(),
            service_name: d.display_service(),
            region: d.region.clone(),
            plan: d.plan.clone(),
            resource_group: d.resource_group.clone(),
            state,
            disabled_reason: reason,
            cryptoshredded: d.is_shredded(),
            disk_encryption_key_crn: d.disk_key_crn.clone(),
            backup_encryption_key_crn: d.backup_key_crn.clone(),
            key_version: d.key_version.clone(),
            created_at: d.created,
            created_by: d.created_by.clone(),
            reclamation_id: reclamation,
            tasks: d.tasks.iter().map(|t| task_view(d, t, self.now)).collect(),
            records: d.records.len(),
            backups: d.backups.len(),
        }
    }
}

fn task_view(d: &Deployment, t: &Task, now: Timestamp) -> TaskView {
    TaskView {
        id: t.id.clone(),
        description: t.description.clone(),
        status: "running",
        deployment_id: d.crn.clone(),
        progress_percent: t.progress_percent(now),
        created_at: t.started,
    }
}
