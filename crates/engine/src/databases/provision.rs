//! Provisioning with a root key: the request's checks, then sandbox rule 10 for each key CRN in
//! order (syntax, the key in its instance, the authorization, root, Active); the service wraps a
//! new DEK through Key Protect and registers the deployment on its keys; the clock finishes it.

use super::envelope::seal_with_service_key;
use super::model::*;
use super::ops::RC_TYPE;
use crate::activity::Trace;
use crate::clock::Item;
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::iam::{Actor, ServiceRole};
use crate::kms::KeyState;
use crate::sandbox::{Sandbox, REGIONS};

const REQUEST_VALUES: &str =
    "Try again with valid values or contact support if the issue persists.";

impl Sandbox {
    pub(super) fn provision(
        &mut self,
        actor: &Actor,
        new: NewDeployment,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let service = new.service.clone();
        let (display, name, region) = checked_request(&new)?;
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
        let (wrapped_dek, key_version, service_key) =
            self.wrap_new_dek(&service_actor, disk.as_ref(), &dek, &crn)?;
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
        self.register_on_keys(&service_actor, &[disk, backup], display, &guid, &crn)?;
        self.schedule(ready_at, Item::ProvisionDone(guid.clone()));
        Ok(Outcome::Deployment(Box::new(
            self.deployment_view(&self.deployments[&guid]),
        )))
    }

    /// Rule 10 for one key CRN: syntax, existence in its instance, the authorization, root, Active.
    /// Returns the key's instance and id.
    pub(super) fn check_key_for(
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
}

pub(super) fn normalize_region(target: &str) -> Option<String> {
    let t = target.trim();
    let region = t
        .strip_prefix("bluemix-")
        .or_else(|| t.strip_prefix("blue-"))
        .unwrap_or(t);
    crate::sandbox::REGIONS
        .contains(&region)
        .then(|| region.to_string())
}

/// A provisioning refusal as the Resource Controller relays the broker's answer.
pub(super) fn broker_error(reason: impl std::fmt::Display, parameter: &str) -> ApiError {
    ApiError::new(
        400,
        "RC-ServiceBrokerErrorResponse",
        format!(
            "[400, Bad Request] We were unable to complete your request: {reason} {REQUEST_VALUES}"
        ),
    )
    .with_target("parameter", parameter)
}

impl Sandbox {
    /// The service's first use of the root key: Key Protect wraps the new DEK (the deployment's CRN
    /// as AAD). Without a key, a random service-managed key seals it instead. Returns the wrapped
    /// DEK, the key version that wrapped it, and the service-managed key if any.
    fn wrap_new_dek(
        &mut self,
        service_actor: &Actor,
        disk: Option<&(String, String)>,
        dek: &[u8; 32],
        crn: &str,
    ) -> Result<(String, Option<String>, Option<[u8; 32]>), ApiError> {
        Ok(match disk {
            Some((kp_instance, key_id)) => {
                let op = KmsOp::Wrap {
                    key: key_id.clone(),
                    plaintext: Some(dek.to_vec()),
                    aad: vec![crn.to_string()],
                };
                match self.apply_kms(service_actor, kp_instance, op, None)? {
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
                    seal_with_service_key(&key, dek, crn, &mut self.rng),
                    None,
                    Some(key),
                )
            }
        })
    }

    /// Registers the deployment on its disk and backup keys (once each), as the service.
    fn register_on_keys(
        &mut self,
        service_actor: &Actor,
        keys: &[Option<(String, String)>],
        display: &str,
        guid: &str,
        crn: &str,
    ) -> Result<(), ApiError> {
        let mut registered: Vec<(String, String)> = keys.iter().flatten().cloned().collect();
        registered.dedup();
        for (kp_instance, key_id) in registered {
            let op = KmsOp::CreateRegistration {
                key: key_id,
                resource_crn: crn.to_string(),
                prevent_key_deletion: false,
                description: Some(format!("{display} deployment {guid}")),
                key_version: None,
            };
            self.apply_kms(service_actor, &kp_instance, op, None)?;
        }
        Ok(())
    }
}

/// A provisioning request's service, name and region, checked before any key: returns the
/// service's display name, the trimmed name and the normalized region.
fn checked_request(new: &NewDeployment) -> Result<(&'static str, String, String), ApiError> {
    let service = &new.service;
    let display = display_name(service).ok_or_else(|| {
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
        return Err(
            ApiError::new(400, "RC-BadRequest", "The name must be 1 to 180 characters")
                .with_target("field", "name"),
        );
    }
    let region = normalize_region(&new.region).ok_or_else(|| {
        ApiError::new(
            400,
            "RC-BadRequest",
            format!(
                "'{}' is not a region: use one of {}",
                new.region,
                REGIONS.join(", ")
            ),
        )
        .with_target("field", "target")
    })?;
    Ok((display, name, region))
}
