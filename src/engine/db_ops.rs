//! IAM authorizations and Cloud Databases: provisioning with a root key (the checks in the order of
//! sandbox rule 10), the data plane on encrypted disks, backups, soft deletion and reclamation, and
//! how deployments follow their key: key events reach them after the propagation delay, and they
//! call Key Protect as the service, where the service-to-service authorization decides.

use super::command::*;
use super::crn::Crn;
use super::crypto::{b64, unb64, Cipher};
use super::databases::*;
use super::error::ApiError;
use super::iam::{Actor, Authorization, PlatformRole, ServiceRole};
use super::kms::KeyState;
use super::rng::hex;
use super::sandbox::{Item, KeyEvent, Sandbox, ShredTracking, Trace};
use super::time::Timestamp;

const RC_TYPE: &str = "resource-controller/instance";
const DB_TYPE: &str = "cloud-databases/deployment";
const REQUEST_VALUES: &str =
    "Try again with valid values or contact support if the issue persists.";

/// A provisioning refusal as the Resource Controller relays the broker's answer.
fn broker_error(reason: impl std::fmt::Display, parameter: &str) -> ApiError {
    ApiError::new(
        400,
        "RC-ServiceBrokerErrorResponse",
        format!(
            "[400, Bad Request] We were unable to complete your request: {reason} {REQUEST_VALUES}"
        ),
    )
    .with_target("parameter", parameter)
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new(
        404,
        "RC-ResourceNotFound",
        format!("{what} '{id}' was not found in this account"),
    )
}

impl Sandbox {
    // --- IAM authorizations ---------------------------------------------------------------

    pub(crate) fn apply_iam(&mut self, actor: &Actor, op: IamOp) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let (action, says) = match &op {
            IamOp::CreateAuthorization(_) => (
                "iam-am.policy.create",
                "IAM Access Management: create policy",
            ),
            IamOp::ListAuthorizations => {
                ("iam-am.policy.list", "IAM Access Management: list policies")
            }
            IamOp::GetAuthorization { .. } => {
                ("iam-am.policy.read", "IAM Access Management: read policy")
            }
            IamOp::DeleteAuthorization { .. } => (
                "iam-am.policy.delete",
                "IAM Access Management: delete policy",
            ),
        };
        let created = matches!(op, IamOp::CreateAuthorization(_));
        let result = self.run_iam(actor, op, &mut trace);
        self.record(
            actor,
            action,
            says,
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "processed"),
        );
        if created && result.is_ok() {
            self.retry_locked_deployments();
        }
        result
    }

    fn run_iam(
        &mut self,
        actor: &Actor,
        op: IamOp,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let read_only = matches!(
            op,
            IamOp::ListAuthorizations | IamOp::GetAuthorization { .. }
        );
        self.require_platform(
            actor,
            if read_only {
                PlatformRole::Viewer
            } else {
                PlatformRole::Administrator
            },
            "manage authorizations",
        )?;
        match op {
            IamOp::ListAuthorizations => Ok(Outcome::Authorizations(self.authorizations.clone())),
            IamOp::GetAuthorization { id } => {
                let a = self
                    .authorizations
                    .iter()
                    .find(|a| a.id == id)
                    .ok_or_else(|| policy_not_found(&id))?;
                Ok(Outcome::Authorization(Box::new(a.clone())))
            }
            IamOp::DeleteAuthorization { id } => {
                let idx = self
                    .authorizations
                    .iter()
                    .position(|a| a.id == id)
                    .ok_or_else(|| policy_not_found(&id))?;
                let a = self.authorizations.remove(idx);
                trace.target = Some((
                    format!("policy/{}", a.id),
                    format!("{} -> {}", a.source_service, a.target_service),
                ));
                Ok(Outcome::Done)
            }
            IamOp::CreateAuthorization(new) => {
                if display_name(&new.source_service).is_none() {
                    let services: Vec<&str> = SERVICES.iter().map(|(id, _)| *id).collect();
                    return Err(ApiError::new(
                        400,
                        "invalid_body",
                        format!("The source service '{}' cannot be authorized to use Key Protect: use one of {}", new.source_service, services.join(", ")),
                    ));
                }
                if !matches!(new.target_service.as_str(), "kms" | "hs-crypto") {
                    return Err(ApiError::new(
                        400,
                        "invalid_body",
                        format!("The target service '{}' is not a key management service: use kms (Key Protect) or hs-crypto", new.target_service),
                    ));
                }
                if new.roles.is_empty() {
                    return Err(ApiError::new(400, "role_not_found", "An authorization needs at least one role: Reader, and AuthorizationDelegator for backup keys"));
                }
                let duplicate = self.authorizations.iter().find(|a| {
                    a.source_service == new.source_service
                        && a.source_instance == new.source_instance
                        && a.target_service == new.target_service
                        && a.target_instance == new.target_instance
                });
                if let Some(d) = duplicate {
                    return Err(ApiError::new(
                        409,
                        "policy_conflict_error",
                        format!(
                            "The policy wasn't created because an access policy with identical attributes and roles already exists. Please update the rule in the existing policy ({}), or update the one you're trying to assign to include a different attribute assignment.",
                            d.id
                        ),
                    ));
                }
                let mut roles = new.roles.clone();
                super::sort::sort_by_key(&mut roles, |r| *r);
                roles.dedup();
                let a = Authorization {
                    id: self.rng.uuid(),
                    source_service: new.source_service,
                    source_instance: new.source_instance,
                    target_service: new.target_service,
                    target_instance: new.target_instance,
                    roles,
                    created_at: self.now,
                    created_by: self.actor_id(actor),
                };
                trace.target = Some((
                    format!("policy/{}", a.id),
                    format!("{} -> {}", a.source_service, a.target_service),
                ));
                trace.req("sourceServiceName", a.source_service.clone());
                trace.req("targetServiceName", a.target_service.clone());
                if let Some(t) = &a.target_instance {
                    trace.req("targetServiceInstance", t.clone());
                }
                trace.req(
                    "roles",
                    a.roles.iter().map(|r| r.name()).collect::<Vec<_>>(),
                );
                self.authorizations.push(a.clone());
                Ok(Outcome::Authorization(Box::new(a)))
            }
        }
    }

    pub(crate) fn require_platform(
        &self,
        actor: &Actor,
        needed: PlatformRole,
        doing: &str,
    ) -> Result<(), ApiError> {
        match actor {
            Actor::User(id) => {
                let user = self
                    .users
                    .iter()
                    .find(|u| &u.id == id)
                    .ok_or_else(ApiError::unauthorized)?;
                if user.database_role >= needed {
                    Ok(())
                } else {
                    Err(ApiError::new(
                        403,
                        "insufficent_permissions",
                        format!(
                            "{} cannot {doing}: that needs the {} role (has {})",
                            user.name,
                            needed.name(),
                            user.database_role.name()
                        ),
                    ))
                }
            }
            Actor::Anonymous => Err(ApiError::unauthorized()),
            _ => Ok(()),
        }
    }

    /// Explains why a service may not read keys in a Key Protect instance, and what would fix it.
    fn authorization_hint(&self, service: &str, kp_instance: &str, backup: bool) -> String {
        let role = if backup {
            "Reader,AuthorizationDelegator"
        } else {
            "Reader"
        };
        let mut hint = format!(
            "No IAM authorization lets {service} use Key Protect instance {kp_instance} with the {role} role{}. ",
            if backup { "s (a backup key needs AuthorizationDelegator too)" } else { "" }
        );
        let near: Vec<String> = self
            .authorizations
            .iter()
            .filter(|a| {
                a.source_service == service
                    || a.target_instance
                        .as_deref()
                        .is_none_or(|t| t == kp_instance)
            })
            .map(|a| {
                format!(
                    "{} ({}) -> {} ({}) [{}]",
                    a.source_service,
                    a.source_instance.as_deref().unwrap_or("all instances"),
                    a.target_service,
                    a.target_instance.as_deref().unwrap_or("all instances"),
                    a.roles
                        .iter()
                        .map(|r| r.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        if !near.is_empty() {
            hint.push_str(&format!(
                "Existing authorizations that do not fit: {}. ",
                near.join("; ")
            ));
        }
        hint.push_str(&format!(
            "Create one: ibmcloud iam authorization-policy-create {service} kms {role} --target-service-instance-id {kp_instance}"
        ));
        hint
    }

    // --- Cloud Databases commands ---------------------------------------------------------

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
        self.advance(super::time::Duration::ZERO);
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
                trace.req("operation", "restart");
                let d = &self.deployments[&guid];
                match &d.status {
                    Status::Provisioning { .. } | Status::PendingReclamation { .. } => {
                        return Err(self.unavailable(d))
                    }
                    Status::Disabled(DisabledReason::KeyDestroyed) => {
                        return Err(self.unavailable(d))
                    }
                    _ => {}
                }
                self.unlock(&guid);
                let d = &self.deployments[&guid];
                match &d.status {
                    Status::Active => Ok(Outcome::Deployment(Box::new(self.deployment_view(d)))),
                    _ => Err(self.unavailable(d)),
                }
            }
            DbOp::WriteRecord {
                id,
                table,
                record,
                value,
            } => {
                self.require_platform(actor, Operator, "write data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                check_name("table", &table, 64)?;
                check_name("record", &record, 128)?;
                if value.len() > 65_536 {
                    return Err(ApiError::invalid_field(
                        "value",
                        "a string of at most 65,536 bytes",
                    ));
                }
                let dek = self.dek(&guid)?;
                let nonce: [u8; 12] = self.rng.bytes();
                let aad = format!("{table}/{record}");
                let sealed = Cipher::new(&dek).expect("32 bytes").seal(
                    &nonce,
                    aad.as_bytes(),
                    value.as_bytes(),
                );
                trace.req("table", table.clone());
                trace.req("record", record.clone());
                let d = self.deployments.get_mut(&guid).expect("resolved");
                d.records.insert(
                    (table.clone(), record.clone()),
                    StoredRecord { nonce, sealed },
                );
                Ok(Outcome::Record(RecordView {
                    table,
                    id: record,
                    value,
                }))
            }
            DbOp::ReadRecord { id, table, record } => {
                self.require_platform(actor, Operator, "read data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                let dek = self.dek(&guid)?;
                trace.req("table", table.clone());
                trace.req("record", record.clone());
                let d = &self.deployments[&guid];
                let stored = d
                    .records
                    .get(&(table.clone(), record.clone()))
                    .ok_or_else(|| {
                        ApiError::new(
                            404,
                            "RECORD_NOT_FOUND",
                            format!(
                                "Table '{table}' of deployment {} has no record '{record}'",
                                d.name
                            ),
                        )
                    })?;
                let value = open_record(&dek, &table, &record, stored)?;
                Ok(Outcome::Record(RecordView {
                    table,
                    id: record,
                    value,
                }))
            }
            DbOp::ListRecords { id, table } => {
                self.require_platform(actor, Operator, "read data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                let dek = self.dek(&guid)?;
                trace.req("table", table.clone());
                let d = &self.deployments[&guid];
                let mut out = Vec::new();
                for ((t, r), stored) in d
                    .records
                    .iter()
                    .filter(|((t, _), _)| *t == table || table == "*")
                {
                    out.push(RecordView {
                        table: t.clone(),
                        id: r.clone(),
                        value: open_record(&dek, t, r, stored)?,
                    });
                }
                Ok(Outcome::Records(out))
            }
            DbOp::DeleteRecord { id, table, record } => {
                self.require_platform(actor, Operator, "write data")?;
                let guid = self.resolve_deployment(&id, trace)?;
                self.dek(&guid)?;
                trace.req("table", table.clone());
                trace.req("record", record.clone());
                let d = self.deployments.get_mut(&guid).expect("resolved");
                if d.records.remove(&(table.clone(), record.clone())).is_none() {
                    return Err(ApiError::new(
                        404,
                        "RECORD_NOT_FOUND",
                        format!(
                            "Table '{table}' of deployment {} has no record '{record}'",
                            d.name
                        ),
                    ));
                }
                Ok(Outcome::Done)
            }
            DbOp::Disk { id } => {
                self.require_platform(actor, Viewer, "view deployments")?;
                let guid = self.resolve_deployment(&id, trace)?;
                let d = &self.deployments[&guid];
                Ok(Outcome::Disk(DiskView {
                    deployment_id: d.crn.clone(),
                    disk_encryption_key_crn: d.disk_key_crn.clone(),
                    key_version: d.key_version.clone(),
                    wrapped_dek: d.wrapped_dek.clone(),
                    locked: d.dek.is_none(),
                    blocks: d
                        .records
                        .iter()
                        .map(|((t, r), s)| DiskBlock {
                            table: t.clone(),
                            record: r.clone(),
                            nonce: hex(&s.nonce),
                            ciphertext: b64(&s.sealed),
                        })
                        .collect(),
                }))
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

    fn provision(
        &mut self,
        actor: &Actor,
        new: NewDeployment,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let service = new.service.clone();
        let display = display_name(&service).ok_or_else(|| {
            ApiError::new(
                400,
                "RC-BadRequest",
                format!(
                    "'{service}' is not a Cloud Databases service (plan {})",
                    new.plan
                ),
            )
            .with_target("field", "resource_plan_id")
        })?;
        let name = new.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 180 {
            return Err(ApiError::new(
                400,
                "RC-BadRequest",
                "The name must be 1 to 180 characters",
            )
            .with_target("field", "name"));
        }
        let region = normalize_region(&new.region).ok_or_else(|| {
            ApiError::new(
                400,
                "RC-BadRequest",
                format!(
                    "'{}' is not a region: use one of {}",
                    new.region,
                    super::sandbox::REGIONS.join(", ")
                ),
            )
            .with_target("field", "target")
        })?;
        trace.req("name", name.clone());
        trace.req("plan", new.plan.clone());
        trace.req("region", region.clone());
        // Rule 10, in order, for the disk key and then the backup key.
        let disk = match &new.disk_key_crn {
            Some(crn) => Some(self.check_key_for(
                &service,
                display,
                crn,
                "disk_encryption_key_crn",
                false,
            )?),
            None => None,
        };
        let backup = match &new.backup_key_crn {
            Some(crn) => Some(self.check_key_for(
                &service,
                display,
                crn,
                "backup_encryption_key_crn",
                true,
            )?),
            None => None,
        };
        let guid = self.rng.uuid();
        let crn = Crn::instance(&service, &region, &self.account, &guid).to_string();
        trace.target = Some((crn.clone(), name.clone()));
        let dek: [u8; 32] = self.rng.bytes();
        let service_actor = Actor::Service {
            name: service.clone(),
            instance: Some(guid.clone()),
        };
        let (wrapped_dek, key_version, service_key) = match &disk {
            Some((kp_instance, key_id)) => {
                let op = KmsOp::Wrap {
                    key: key_id.clone(),
                    plaintext: Some(dek.to_vec()),
                    aad: vec![crn.clone()],
                };
                match self.apply_kms(&service_actor, kp_instance, op, None)? {
                    Outcome::Wrapped {
                        ciphertext,
                        key_version,
                        ..
                    } => (ciphertext, Some(key_version), None),
                    _ => unreachable!("wrap answers Wrapped"),
                }
            }
            None => {
                let key: [u8; 32] = self.rng.bytes();
                (
                    seal_with_service_key(&key, &dek, &crn, &mut self.rng),
                    None,
                    Some(key),
                )
            }
        };
        let ready_at = self.now + self.timings.provisioning_time;
        let task = Task {
            id: self.rng.uuid(),
            description: "Provisioning deployment".into(),
            started: self.now,
            ends: ready_at,
            kind: TaskKind::Provision,
        };
        let seq = self.next_seq();
        let deployment = Deployment {
            guid: guid.clone(),
            seq,
            crn: crn.clone(),
            name,
            service: service.clone(),
            region,
            plan: new.plan,
            resource_group: new.resource_group.unwrap_or_else(|| "Default".into()),
            created: self.now,
            created_by: self.actor_id(actor),
            status: Status::Provisioning {
                started: self.now,
                ready_at,
            },
            disk_key_crn: new.disk_key_crn,
            backup_key_crn: new.backup_key_crn,
            wrapped_dek: Some(wrapped_dek),
            key_version,
            dek: None,
            service_key,
            records: Default::default(),
            backups: Vec::new(),
            tasks: vec![task],
        };
        self.deployments.insert(guid.clone(), deployment);
        // The service registers the deployment on its keys, so Key Protect knows what they protect.
        let mut registered: Vec<(String, String)> =
            disk.iter().chain(backup.iter()).cloned().collect();
        registered.dedup();
        for (kp_instance, key_id) in registered {
            let op = KmsOp::CreateRegistration {
                key: key_id,
                resource_crn: crn.clone(),
                prevent_key_deletion: false,
                description: Some(format!("{display} deployment {guid}")),
                key_version: None,
            };
            self.apply_kms(&service_actor, &kp_instance, op, None)?;
        }
        self.schedule(ready_at, Item::ProvisionDone(guid.clone()));
        Ok(Outcome::Deployment(Box::new(
            self.deployment_view(&self.deployments[&guid]),
        )))
    }

    /// Rule 10 for one key CRN: syntax, existence in its instance, the authorization, root, Active.
    /// Returns the key's instance and id.
    fn check_key_for(
        &self,
        service: &str,
        display: &str,
        text: &str,
        parameter: &str,
        backup: bool,
    ) -> Result<(String, String), ApiError> {
        let purpose = if backup {
            "backup encryption"
        } else {
            "disk encryption"
        };
        let crn = Crn::parse_key(text).map_err(|e| {
            broker_error(
                format!("{parameter} is not a valid key CRN: {}.", e.message),
                parameter,
            )
        })?;
        let key_missing = |why: String| broker_error(format!("Key not found: {why}."), parameter);
        let instance = self
            .instance(&crn.instance)
            .filter(|i| crn.account == self.account && (crn.region == i.region))
            .ok_or_else(|| {
                key_missing(format!(
                    "there is no Key Protect instance {} in {} in this account",
                    crn.instance, crn.region
                ))
            })?;
        let key = self
            .keys
            .get(&crn.resource)
            .filter(|k| k.instance == instance.guid)
            .ok_or_else(|| {
                let elsewhere = self
                    .keys
                    .get(&crn.resource)
                    .map(|k| format!(" (a key with that id is in instance {})", k.instance))
                    .unwrap_or_default();
                key_missing(format!(
                    "Key Protect instance {} has no key {}{elsewhere}",
                    instance.guid, crn.resource
                ))
            })?;
        let role_ok = |role| {
            self.authorizations
                .iter()
                .any(|a| a.grants(service, None, &instance.guid, role))
        };
        if !role_ok(ServiceRole::Reader)
            || (backup && !role_ok(ServiceRole::AuthorizationDelegator))
        {
            return Err(broker_error(
                format!(
                    "Key not found. {display} may not be authorized to access the KMS instance selected for {purpose}. View our documentation (https://cloud.ibm.com/docs/cloud-databases?topic=cloud-databases-key-protect#granting-service-authorization) for more information."
                ),
                parameter,
            )
            .with_hint(self.authorization_hint(service, &instance.guid, backup)));
        }
        if key.extractable {
            return Err(broker_error(
                format!(
                    "The key {} is a standard key: {purpose} needs a root key.",
                    key.id
                ),
                parameter,
            ));
        }
        if key.state != KeyState::Active {
            return Err(broker_error(
                format!(
                    "The key {} is not active (state {}, {}): {purpose} needs an Active root key.",
                    key.id,
                    key.state.code(),
                    key.state.name()
                ),
                parameter,
            ));
        }
        Ok((instance.guid.clone(), key.id.clone()))
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

    /// Why the deployment's data cannot be reached now, as the error a data call gets.
    fn unavailable(&self, d: &Deployment) -> ApiError {
        // A shredded deployment's data is gone whatever else is true of it (even while reclaimable):
        // that is the answer a user needs, not "restore it first".
        let status = if d.is_shredded() {
            Status::Disabled(DisabledReason::KeyDestroyed)
        } else {
            d.status.clone()
        };
        match &status {
            Status::Provisioning { ready_at, .. } => {
                let pct = d.tasks.first().map_or(0, |t| t.progress_percent(self.now));
                ApiError::new(409, "DEPLOYMENT_PROVISIONING", format!("Deployment {} is still provisioning ({pct}% done, ready at {ready_at})", d.name))
            }
            Status::PendingReclamation { reclamation, .. } => ApiError::new(
                409,
                "DEPLOYMENT_PENDING_RECLAMATION",
                format!("Deployment {} is deleted and pending reclamation ({reclamation}): restore it to use it", d.name),
            ),
            Status::Disabled(DisabledReason::KeySuspended) => ApiError::new(
                409,
                "DEPLOYMENT_DISABLED",
                format!("Deployment {} is disabled: its root key is suspended, so its disks are locked", d.name),
            )
            .with_hint("Enable the key; the deployment unlocks its disks once the event reaches it."),
            Status::Disabled(DisabledReason::KeyNotAccessible { detail }) => ApiError::new(
                409,
                "DEPLOYMENT_DISABLED",
                format!("Deployment {} is disabled: the service cannot unwrap its data encryption key", d.name),
            )
            .with_hint(detail.clone()),
            Status::Disabled(DisabledReason::KeyDestroyed) => ApiError::new(
                410,
                "DEPLOYMENT_CRYPTOSHREDDED",
                format!("Deployment {} is disabled: its root key was destroyed, its disks are locked and its data can never be read again", d.name),
            )
            .with_hint("This is cryptoshredding: the data encryption key is gone. Metadata and the encrypted disk stay visible."),
            Status::Active => ApiError::new(409, "DEPLOYMENT_LOCKED", format!("Deployment {} has no data encryption key in memory", d.name)),
        }
    }

    /// The DEK of an active deployment, or the reason it cannot be had.
    fn dek(&self, guid: &str) -> Result<[u8; 32], ApiError> {
        let d = &self.deployments[guid];
        match (&d.status, d.dek) {
            (Status::Active, Some(dek)) => Ok(dek),
            _ => Err(self.unavailable(d)),
        }
    }

    /// The service unwraps the deployment's DEK (as it does on restart, provisioning, enable and
    /// backup): Active with the DEK in memory, or disabled with the reason.
    fn unlock(&mut self, guid: &str) {
        let result = self.unwrap_dek(guid);
        let d = self.deployments.get_mut(guid).expect("exists");
        match result {
            Ok(dek) => {
                d.dek = Some(dek);
                d.status = Status::Active;
            }
            Err(reason) => {
                d.dek = None;
                if reason == DisabledReason::KeyDestroyed {
                    d.wrapped_dek = None;
                }
                d.status = Status::Disabled(reason);
            }
        }
    }

    fn unwrap_dek(&mut self, guid: &str) -> Result<[u8; 32], DisabledReason> {
        let d = &self.deployments[guid];
        let Some(wrapped) = d.wrapped_dek.clone() else {
            return Err(DisabledReason::KeyDestroyed);
        };
        if let Some(key) = d.service_key {
            return open_with_service_key(&key, &wrapped, &d.crn).ok_or_else(|| {
                DisabledReason::KeyNotAccessible {
                    detail: "the service-managed key could not open the DEK".into(),
                }
            });
        }
        let service = d.service.clone();
        let key_crn = d
            .disk_key_crn
            .clone()
            .expect("a deployment without a service key has a disk key");
        let (answer, kp_instance) = self.kms_as_service(guid, &key_crn, |key, crn| KmsOp::Unwrap {
            key,
            ciphertext: wrapped,
            aad: vec![crn],
        });
        match answer {
            Ok(Outcome::Unwrapped { plaintext, .. }) => {
                let bytes = unb64(&plaintext).unwrap_or_default();
                bytes
                    .try_into()
                    .map_err(|_| DisabledReason::KeyNotAccessible {
                        detail: "the unwrapped DEK is not 32 bytes".into(),
                    })
            }
            Ok(_) => unreachable!("unwrap answers Unwrapped"),
            Err(e) => Err(self.reason_from(&e, &service, &kp_instance)),
        }
    }

    /// The deployment's service asks Key Protect about the key `key_crn` names, as the service and
    /// for this deployment: `op` gets the key's id and the deployment's CRN (the AAD of every wrap of
    /// the deployment's keys). Returns the answer and the key's Key Protect instance.
    fn kms_as_service(
        &mut self,
        guid: &str,
        key_crn: &str,
        op: impl FnOnce(String, String) -> KmsOp,
    ) -> (Result<Outcome, ApiError>, String) {
        let d = &self.deployments[guid];
        let actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.to_string()),
        };
        let crn = d.crn.clone();
        let k = Crn::parse_key(key_crn).expect("key CRNs are checked at provisioning");
        let answer = self.apply_kms(&actor, &k.instance, op(k.resource, crn), None);
        (answer, k.instance)
    }

    /// What a refusal from Key Protect means for a deployment that needed its key.
    fn reason_from(&self, e: &ApiError, service: &str, kp_instance: &str) -> DisabledReason {
        match (e.status, e.code) {
            (401, _) => DisabledReason::KeyNotAccessible {
                detail: self.authorization_hint(service, kp_instance, false),
            },
            (409, "KEY_ACTION_INVALID_STATE_ERR") => DisabledReason::KeySuspended,
            (404 | 410, _) => DisabledReason::KeyDestroyed,
            _ => DisabledReason::KeyNotAccessible {
                detail: format!("Key Protect refused the unwrap: {e}"),
            },
        }
    }

    pub(crate) fn provision_done(&mut self, guid: &str) {
        let d = self
            .deployments
            .get_mut(guid)
            .expect("checked by the scheduler");
        d.tasks.retain(|t| t.kind != TaskKind::Provision);
        self.unlock(guid);
        let d = &self.deployments[guid];
        let actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.to_string()),
        };
        let mut trace = Trace {
            target: Some((d.crn.clone(), d.name.clone())),
            status: Some(200),
            ..Trace::default()
        };
        let view = self.deployment_view(d);
        trace.resp("state", view.state);
        let (action, says) = (
            format!("{}.instance.create", d.service),
            format!("{}: create instance", d.display_service()),
        );
        self.record(
            &actor,
            &action,
            &says,
            RC_TYPE,
            false,
            &Ok(Outcome::Done),
            trace,
            ("Instance", "created"),
        );
    }

    fn soft_delete(
        &mut self,
        actor: &Actor,
        guid: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let d = &self.deployments[guid];
        if let Status::PendingReclamation { reclamation, .. } = &d.status {
            return Err(ApiError::new(
                409,
                "RC-InstanceAlreadyDeleted",
                format!("Resource instance {} is already deleted and pending reclamation ({reclamation})", d.name),
            ));
        }
        let id = self.rng.uuid();
        let by = self.actor_id(actor);
        let target_time = self.now + self.timings.reclamation_period;
        let reclamation = Reclamation {
            id: id.clone(),
            entity_id: guid.to_string(),
            entity_type_id: "resource-instance".into(),
            entity_crn: d.crn.clone(),
            resource_instance_id: guid.to_string(),
            resource_group_id: d.resource_group.clone(),
            account_id: self.account.clone(),
            policy_id: "default-reclamation-policy".into(),
            state: "SCHEDULED",
            target_time,
            created_at: self.now,
            created_by: by.clone(),
            updated_at: self.now,
            updated_by: by,
        };
        trace.resp("reclamationId", id.clone());
        trace.resp("targetTime", target_time.to_string());
        let d = self.deployments.get_mut(guid).expect("resolved");
        let prior = std::mem::replace(&mut d.status, Status::Active);
        d.status = Status::PendingReclamation {
            reclamation: id.clone(),
            prior: Box::new(prior),
        };
        self.reclamations.insert(id.clone(), reclamation);
        self.schedule(target_time, Item::Reclaim(id));
        Ok(Outcome::Done)
    }

    fn restore_reclamation(
        &mut self,
        actor: &Actor,
        id: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let mut r = self
            .reclamations
            .get(id)
            .cloned()
            .ok_or_else(|| not_found("Reclamation", id))?;
        let guid = r.resource_instance_id.clone();
        let d = self
            .deployments
            .get_mut(&guid)
            .expect("a reclamation's deployment exists");
        trace.target = Some((d.crn.clone(), d.name.clone()));
        let Status::PendingReclamation { prior, .. } =
            std::mem::replace(&mut d.status, Status::Active)
        else {
            unreachable!("a deployment with a reclamation is pending reclamation")
        };
        d.status = *prior;
        let provisioned =
            matches!(d.status, Status::Provisioning { ready_at, .. } if ready_at <= self.now);
        if provisioned {
            self.provision_done(&guid);
        }
        self.reclamations.remove(id);
        r.state = "RESTORED";
        r.updated_at = self.now;
        r.updated_by = self.actor_id(actor);
        Ok(Outcome::Reclamation(Box::new(r)))
    }

    /// Deletes a reclaimable deployment for good (reclaim, or the end of the period): its
    /// registrations go, so its keys delete without force.
    pub(crate) fn reclaim(&mut self, actor: &Actor, id: &str) -> Result<Outcome, ApiError> {
        let mut r = self
            .reclamations
            .remove(id)
            .ok_or_else(|| not_found("Reclamation", id))?;
        let guid = r.resource_instance_id.clone();
        let d = self
            .deployments
            .remove(&guid)
            .expect("a reclamation's deployment exists");
        let service_actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.clone()),
        };
        let registered: Vec<(String, String)> = self
            .registrations
            .keys()
            .filter(|(_, crn)| *crn == d.crn)
            .map(|(key, crn)| (key.clone(), crn.clone()))
            .collect();
        for (key, crn) in registered {
            let instance = self.keys[&key].instance.clone();
            let _ = self.apply_kms(
                &service_actor,
                &instance,
                KmsOp::DeleteRegistration {
                    key,
                    resource_crn: crn,
                },
                None,
            );
        }
        r.state = "RECLAIMING";
        r.updated_at = self.now;
        r.updated_by = self.actor_id(actor);
        if *actor == Actor::ResourceController {
            let mut trace = Trace {
                target: Some((d.crn.clone(), d.name.clone())),
                status: Some(200),
                ..Trace::default()
            };
            trace.resp("reclamationId", id);
            let (action, says) = (
                format!("{}.instance.delete", d.service),
                format!("{}: delete instance", d.display_service()),
            );
            self.record(
                actor,
                &action,
                &says,
                RC_TYPE,
                false,
                &Ok(Outcome::Done),
                trace,
                ("Instance", "deleted"),
            );
        }
        Ok(Outcome::Reclamation(Box::new(r)))
    }

    fn backup(&mut self, guid: &str, trace: &mut Trace) -> Result<Outcome, ApiError> {
        self.dek(guid)?;
        // The service needs the DEK: it unwraps it (and is refused if it lost its authorization).
        self.unlock(guid);
        let dek = self.dek(guid)?;
        let d = &self.deployments[guid];
        let (service, crn) = (d.service.clone(), d.crn.clone());
        let key_crn = d.backup_key_crn.clone().or_else(|| d.disk_key_crn.clone());
        let backup_dek: [u8; 32] = self.rng.bytes();
        let wrapped =
            match &key_crn {
                Some(text) => {
                    let (answer, kp_instance) =
                        self.kms_as_service(guid, text, |key, crn| KmsOp::Wrap {
                            key,
                            plaintext: Some(backup_dek.to_vec()),
                            aad: vec![crn],
                        });
                    match answer {
                        Ok(Outcome::Wrapped { ciphertext, .. }) => ciphertext,
                        Ok(_) => unreachable!("wrap answers Wrapped"),
                        Err(e) => {
                            return Err(ApiError::new(
                                409,
                                "BACKUP_FAILED",
                                format!("The backup key could not wrap the backup's key: {e}"),
                            )
                            .with_hint(self.authorization_hint(&service, &kp_instance, true)))
                        }
                    }
                }
                None => {
                    let key = self.deployments[guid].service_key.expect("service-managed");
                    seal_with_service_key(&key, &backup_dek, &crn, &mut self.rng)
                }
            };
        let source = Cipher::new(&dek).expect("32 bytes");
        let target = Cipher::new(&backup_dek).expect("32 bytes");
        let mut records = std::collections::BTreeMap::new();
        for ((t, r), stored) in &self.deployments[guid].records {
            let aad = format!("{t}/{r}");
            let plain = source
                .open(&stored.nonce, aad.as_bytes(), &stored.sealed)
                .expect("records open with their DEK");
            let nonce: [u8; 12] = self.rng.bytes();
            records.insert(
                (t.clone(), r.clone()),
                StoredRecord {
                    nonce,
                    sealed: target.seal(&nonce, aad.as_bytes(), &plain),
                },
            );
        }
        let backup = Backup {
            id: self.rng.uuid(),
            created: self.now,
            key_crn,
            wrapped_dek: wrapped,
            records,
        };
        trace.resp("backupId", backup.id.clone());
        trace.resp("records", backup.records.len());
        let d = self.deployments.get_mut(guid).expect("exists");
        let task = TaskView {
            id: backup.id.clone(),
            description: "Creating an on-demand backup".into(),
            status: "completed",
            deployment_id: d.crn.clone(),
            progress_percent: 100,
            created_at: backup.created,
        };
        d.backups.push(backup);
        Ok(Outcome::Task(task))
    }

    fn read_backup(
        &mut self,
        guid: &str,
        backup_id: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let d = &self.deployments[guid];
        let b = d
            .backups
            .iter()
            .find(|b| b.id == backup_id)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "BACKUP_NOT_FOUND",
                    format!("Deployment {} has no backup '{backup_id}'", d.name),
                )
            })?;
        trace.req("backupId", backup_id);
        let crn = d.crn.clone();
        let dek = match &b.key_crn {
            Some(text) => {
                let wrapped = b.wrapped_dek.clone();
                let (answer, _) = self.kms_as_service(guid, text, |key, crn| KmsOp::Unwrap {
                    key,
                    ciphertext: wrapped,
                    aad: vec![crn],
                });
                match answer {
                    Ok(Outcome::Unwrapped { plaintext, .. }) => unb64(&plaintext).unwrap_or_default(),
                    Ok(_) => unreachable!("unwrap answers Unwrapped"),
                    Err(e) => {
                        return Err(ApiError::new(
                            409,
                            "BACKUP_UNREADABLE",
                            format!("Backup {backup_id} cannot be read: its key {text} could not unwrap the backup's key ({} {})", e.status, e.code),
                        ))
                    }
                }
            }
            None => {
                let key = self.deployments[guid].service_key.expect("service-managed");
                open_with_service_key(&key, &b.wrapped_dek, &crn)
                    .map(|k| k.to_vec())
                    .unwrap_or_default()
            }
        };
        let cipher = Cipher::new(&dek).ok_or_else(|| {
            ApiError::new(409, "BACKUP_UNREADABLE", "The backup's key is malformed")
        })?;
        let mut contents = Vec::new();
        for ((t, r), stored) in &b.records {
            let aad = format!("{t}/{r}");
            let value = cipher
                .open(&stored.nonce, aad.as_bytes(), &stored.sealed)
                .ok_or_else(|| {
                    ApiError::new(
                        409,
                        "BACKUP_UNREADABLE",
                        "A backup record failed to authenticate",
                    )
                })?;
            contents.push(RecordView {
                table: t.clone(),
                id: r.clone(),
                value: String::from_utf8_lossy(&value).into_owned(),
            });
        }
        let d = &self.deployments[guid];
        Ok(Outcome::Backups(vec![backup_view(d, &b, Some(contents))]))
    }

    /// When an authorization appears, deployments that lost access to their key try again.
    fn retry_locked_deployments(&mut self) {
        let locked: Vec<String> = self
            .deployments()
            .filter(|d| {
                matches!(
                    d.status,
                    Status::Disabled(DisabledReason::KeyNotAccessible { .. })
                )
            })
            .map(|d| d.guid.clone())
            .collect();
        for guid in locked {
            let d = &self.deployments[&guid];
            let Some(text) = d.disk_key_crn.as_deref() else {
                continue;
            };
            let kp_instance = Crn::parse_key(text).expect("checked").instance;
            if self
                .authorizations
                .iter()
                .any(|a| a.grants(&d.service, Some(&guid), &kp_instance, ServiceRole::Reader))
            {
                self.unlock(&guid);
            }
        }
    }

    // --- Key events reaching deployments --------------------------------------------------

    /// Key Protect tells the services registered on a key about a lifecycle event; each hears it
    /// after the propagation delay. A force delete also starts the wait for shred confirmations.
    pub(crate) fn key_changed(&mut self, key_id: &str, event: KeyEvent) {
        // Registrations are keyed (key id, resource CRN): the key's own are one range of the map.
        let registered: Vec<String> = self
            .registrations
            .range((key_id.to_string(), String::new())..)
            .take_while(|((k, _), _)| k == key_id)
            .map(|((_, crn), _)| crn.clone())
            .collect();
        if registered.is_empty() {
            return;
        }
        let at = self.now + self.timings.propagation_delay;
        for crn in &registered {
            // A deployment's CRN carries its GUID as the service instance.
            let guid = Crn::parse(crn)
                .ok()
                .map(|c| c.instance)
                .filter(|g| self.deployments.get(g).is_some_and(|d| &d.crn == crn));
            if let Some(guid) = guid {
                self.schedule(
                    at,
                    Item::KeyNotice {
                        deployment: guid,
                        key: key_id.to_string(),
                        event,
                    },
                );
            }
        }
        if event == KeyEvent::Delete {
            self.shreds.insert(
                key_id.to_string(),
                ShredTracking {
                    deleted_at: self.now,
                    outstanding: registered,
                    confirmed: Vec::new(),
                },
            );
            self.schedule(
                self.now + SHRED_CONFIRM_WINDOW,
                Item::ShredDeadline(key_id.to_string()),
            );
        }
    }

    pub(crate) fn key_notice(&mut self, guid: &str, key_id: &str, event: KeyEvent) {
        let d = &self.deployments[guid];
        let key_crn = self.keys.get(key_id).map(|k| k.crn.clone());
        let is_disk_key = key_crn.is_some() && d.disk_key_crn == key_crn;
        let live = match &d.status {
            Status::PendingReclamation { prior, .. } => prior.as_ref().clone(),
            s => s.clone(),
        };
        let event = match event {
            KeyEvent::Sync => match self.keys.get(key_id).map(|k| k.state) {
                Some(KeyState::Suspended) => KeyEvent::Disable,
                Some(KeyState::Destroyed) | None => KeyEvent::Delete,
                _ => KeyEvent::Enable,
            },
            e => e,
        };
        let mut note = None;
        match event {
            KeyEvent::Delete if is_disk_key => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                d.wrapped_dek = None;
                d.tasks.clear();
                set_live(d, Status::Disabled(DisabledReason::KeyDestroyed));
                note = Some("cryptoshredded: the data encryption key is discarded and the disks are locked for good");
            }
            KeyEvent::Delete => {
                note = Some("backup key destroyed: backups it protects can no longer be read")
            }
            KeyEvent::Disable if is_disk_key && live == Status::Active => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                set_live(d, Status::Disabled(DisabledReason::KeySuspended));
                note = Some("disabled: the root key is suspended, the disks are locked");
            }
            KeyEvent::Enable
                if is_disk_key && live == Status::Disabled(DisabledReason::KeySuspended) =>
            {
                if matches!(
                    self.deployments[guid].status,
                    Status::PendingReclamation { .. }
                ) {
                    let d = self.deployments.get_mut(guid).expect("exists");
                    set_live(d, Status::Active);
                } else {
                    self.unlock(guid);
                }
                note = Some("enabled: the root key is active again, the disks are unlocked");
            }
            KeyEvent::Rotate if is_disk_key && live == Status::Active => {
                let task = Task {
                    id: self.rng.uuid(),
                    description: "Syncing KMS state".into(),
                    started: self.now,
                    ends: self.now + KMS_SYNC_TASK,
                    kind: TaskKind::KmsSync,
                };
                self.schedule(
                    task.ends,
                    Item::SyncDone {
                        deployment: guid.to_string(),
                        task: task.id.clone(),
                    },
                );
                self.deployments
                    .get_mut(guid)
                    .expect("exists")
                    .tasks
                    .push(task);
                // The rotation is acknowledged when the sync finishes.
                return;
            }
            KeyEvent::Restore if self.deployments[guid].is_shredded() => {
                note = Some("the key is restored, but the deployment was cryptoshredded and stays disabled: restoring the key restores the key only");
            }
            _ => {}
        }
        self.acknowledge(guid, key_id, event, note);
        if event == KeyEvent::Delete {
            let crn = self.deployments[guid].crn.clone();
            self.confirm_shred(key_id, &crn);
        }
    }

    /// The deployment's answer to a key event: `<svc>.deployment-volumes.update` when its volumes
    /// changed, and Key Protect's `kms.secrets.ack-<event>` from the service.
    fn acknowledge(&mut self, guid: &str, key_id: &str, event: KeyEvent, note: Option<&str>) {
        let d = &self.deployments[guid];
        let actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.to_string()),
        };
        let (service, display, crn, name) = (
            d.service.clone(),
            d.display_service(),
            d.crn.clone(),
            d.name.clone(),
        );
        let state = self.deployment_view(d).state;
        if let Some(note) = note {
            let mut trace = Trace {
                target: Some((crn.clone(), name.clone())),
                status: Some(200),
                ..Trace::default()
            };
            trace.req("keyEvent", event.name());
            trace.resp("result", note);
            trace.resp("state", state);
            let (action, says) = (
                format!("{service}.deployment-volumes.update"),
                format!("{display}: update deployment-volumes"),
            );
            self.record(
                &actor,
                &action,
                &says,
                DB_TYPE,
                false,
                &Ok(Outcome::Done),
                trace,
                ("Volumes", "updated"),
            );
        }
        let (key_crn, key_name, instance) = match self.keys.get(key_id) {
            Some(k) => (k.crn.clone(), k.name.clone(), k.instance.clone()),
            None => (String::new(), String::new(), String::new()),
        };
        let mut trace = Trace {
            target: Some((key_crn, key_name)),
            status: Some(200),
            ..Trace::default()
        };
        trace.req("instanceID", instance);
        trace.req("resourceCrn", crn);
        trace.resp("keyId", key_id);
        let (action, says) = (
            format!("kms.secrets.ack-{}", event.name()),
            format!("Key Protect: ack-{} secret", event.name()),
        );
        self.record(
            &actor,
            &action,
            &says,
            "kms/secrets",
            false,
            &Ok(Outcome::Done),
            trace,
            ("Key", "acknowledged"),
        );
    }

    pub(crate) fn sync_done(&mut self, guid: &str, task_id: &str) {
        let d = self
            .deployments
            .get_mut(guid)
            .expect("checked by the scheduler");
        d.tasks.retain(|t| t.id != task_id);
        let (service, crn) = (d.service.clone(), d.crn.clone());
        let Some(wrapped) = d.wrapped_dek.clone() else {
            return;
        };
        let Some(key_text) = d.disk_key_crn.clone() else {
            return;
        };
        let k = Crn::parse_key(&key_text).expect("checked");
        let actor = Actor::Service {
            name: service.clone(),
            instance: Some(guid.to_string()),
        };
        let (answer, _) = self.kms_as_service(guid, &key_text, |key, crn| KmsOp::Rewrap {
            key,
            ciphertext: wrapped,
            aad: vec![crn],
        });
        match answer {
            Ok(Outcome::Rewrapped {
                ciphertext,
                rewrapped_key_version,
                ..
            }) => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.wrapped_dek = Some(ciphertext);
                d.key_version = Some(rewrapped_key_version.clone());
                let op = KmsOp::CreateRegistration {
                    key: k.resource.clone(),
                    resource_crn: crn,
                    prevent_key_deletion: false,
                    description: Some(format!(
                        "{} deployment {guid}",
                        display_name(&service).unwrap_or("")
                    )),
                    key_version: Some(rewrapped_key_version),
                };
                let _ = self.apply_kms(&actor, &k.instance, op, None);
                self.acknowledge(
                    guid,
                    &k.resource,
                    KeyEvent::Rotate,
                    Some("KMS state synced: the DEK is rewrapped under the key's newest version"),
                );
            }
            Ok(_) => unreachable!("rewrap answers Rewrapped"),
            Err(e) => {
                let reason = self.reason_from(&e, &service, &k.instance);
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                set_live(d, Status::Disabled(reason));
                self.acknowledge(
                    guid,
                    &k.resource,
                    KeyEvent::Rotate,
                    Some("KMS state sync failed: the service could not rewrap its DEK"),
                );
            }
        }
    }

    fn confirm_shred(&mut self, key_id: &str, crn: &str) {
        let Some(t) = self.shreds.get_mut(key_id) else {
            return;
        };
        t.outstanding.retain(|c| c != crn);
        t.confirmed.push(crn.to_string());
        if t.outstanding.is_empty() {
            let t = self.shreds.remove(key_id).expect("present");
            self.end_to_end(key_id, t, true);
        }
    }

    pub(crate) fn shred_deadline(&mut self, key_id: &str) {
        if let Some(t) = self.shreds.remove(key_id) {
            self.end_to_end(key_id, t, false);
        }
    }

    /// `kms.secrets.endtoenddelete`: 200 once every registered resource confirmed the shred, 408
    /// with the outstanding resources when the 4-hour window closes first.
    fn end_to_end(&mut self, key_id: &str, t: ShredTracking, complete: bool) {
        let (crn, name, instance) = match self.keys.get(key_id) {
            Some(k) => (k.crn.clone(), k.name.clone(), k.instance.clone()),
            None => (String::new(), String::new(), String::new()),
        };
        let mut trace = Trace {
            target: Some((crn, name)),
            ..Trace::default()
        };
        trace.req("instanceID", instance);
        trace.resp("keyId", key_id);
        trace.resp("confirmedResourceCRNs", t.confirmed.clone());
        let result = if complete {
            trace.status = Some(200);
            Ok(Outcome::Done)
        } else {
            trace.resp("outstandingResourceCRNs", t.outstanding.clone());
            Err(ApiError::new(
                408,
                "END_TO_END_DELETE_TIMEOUT",
                format!(
                    "{} registered resource(s) did not confirm the deletion within 4 hours",
                    t.outstanding.len()
                ),
            ))
        };
        self.record(
            &Actor::KeyProtect,
            "kms.secrets.endtoenddelete",
            "Key Protect: endtoenddelete secret",
            "kms/secrets",
            false,
            &result,
            trace,
            ("Key", "deleted"),
        );
    }
}

fn policy_not_found(id: &str) -> ApiError {
    ApiError::new(
        404,
        "policy_not_found",
        format!("Policy with ID '{id}' not found"),
    )
}

/// Sets a deployment's own state, or the state it returns to when its reclamation is restored.
fn set_live(d: &mut Deployment, status: Status) {
    match &mut d.status {
        Status::PendingReclamation { prior, .. } => **prior = status,
        s => *s = status,
    }
}

fn check_name(what: &'static str, name: &str, max: usize) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_field(
            what,
            format!("1 to {max} letters, digits, '_', '-' or '.'"),
        ))
    }
}

fn open_record(
    dek: &[u8; 32],
    table: &str,
    record: &str,
    stored: &StoredRecord,
) -> Result<String, ApiError> {
    let aad = format!("{table}/{record}");
    let plain = Cipher::new(dek)
        .expect("32 bytes")
        .open(&stored.nonce, aad.as_bytes(), &stored.sealed)
        .ok_or_else(|| {
            ApiError::new(
                409,
                "RECORD_UNREADABLE",
                format!(
                    "Record {table}/{record} failed to authenticate under the deployment's DEK"
                ),
            )
        })?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

/// The service-managed key's wrapping: AES-256-GCM with the deployment CRN as AAD, as
/// base64(nonce || sealed).
fn seal_with_service_key(
    key: &[u8; 32],
    dek: &[u8; 32],
    crn: &str,
    rng: &mut super::rng::Rng,
) -> String {
    let nonce: [u8; 12] = rng.bytes();
    let mut out = nonce.to_vec();
    out.extend(
        Cipher::new(key)
            .expect("32 bytes")
            .seal(&nonce, crn.as_bytes(), dek),
    );
    b64(&out)
}

fn open_with_service_key(key: &[u8; 32], wrapped: &str, crn: &str) -> Option<[u8; 32]> {
    let bytes = unb64(wrapped)?;
    let nonce: [u8; 12] = bytes.get(..12)?.try_into().ok()?;
    Cipher::new(key)?
        .open(&nonce, crn.as_bytes(), &bytes[12..])?
        .try_into()
        .ok()
}

fn normalize_region(target: &str) -> Option<String> {
    let t = target.trim();
    let region = t
        .strip_prefix("bluemix-")
        .or_else(|| t.strip_prefix("blue-"))
        .unwrap_or(t);
    super::sandbox::REGIONS
        .contains(&region)
        .then(|| region.to_string())
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

fn backup_view(d: &Deployment, b: &Backup, contents: Option<Vec<RecordView>>) -> BackupView {
    BackupView {
        id: b.id.clone(),
        deployment_id: d.crn.clone(),
        kind: "on_demand",
        status: "completed",
        is_downloadable: true,
        is_restorable: true,
        created_at: b.created,
        key_crn: b.key_crn.clone(),
        records: b.records.len(),
        contents,
    }
}
