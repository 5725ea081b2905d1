//! The deployment's envelope: its DEK is wrapped by the root key (or a service-managed key), and the
//! service unwraps it through Key Protect, as the service, whenever it needs the disk; why data
//! cannot be reached when it cannot.

use super::model::*;
use crate::command::*;
use crate::crn::Crn;
use crate::crypto::{b64, unb64, Cipher};
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    /// Why the deployment's data cannot be reached now, as the error a data call gets.
    pub(super) fn unavailable(&self, d: &Deployment) -> ApiError {
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
    pub(super) fn dek(&self, guid: &str) -> Result<[u8; 32], ApiError> {
        let d = &self.deployments[guid];
        match (&d.status, d.dek) {
            (Status::Active, Some(dek)) => Ok(dek),
            _ => Err(self.unavailable(d)),
        }
    }

    /// The service unwraps the deployment's DEK (as it does on restart, provisioning, enable and
    /// backup): Active with the DEK in memory, or disabled with the reason.
    pub(super) fn unlock(&mut self, guid: &str) {
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

    pub(super) fn unwrap_dek(&mut self, guid: &str) -> Result<[u8; 32], DisabledReason> {
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
    pub(super) fn kms_as_service(
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
    pub(super) fn reason_from(
        &self,
        e: &ApiError,
        service: &str,
        kp_instance: &str,
    ) -> DisabledReason {
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
}

/// The service-managed key's wrapping: AES-256-GCM with the deployment CRN as AAD, as
/// base64(nonce || sealed).
pub(super) fn seal_with_service_key(
    key: &[u8; 32],
    dek: &[u8; 32],
    crn: &str,
    rng: &mut crate::rng::Rng,
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

pub(super) fn open_with_service_key(key: &[u8; 32], wrapped: &str, crn: &str) -> Option<[u8; 32]> {
    let bytes = unb64(wrapped)?;
    let nonce: [u8; 12] = bytes.get(..12)?.try_into().ok()?;
    Cipher::new(key)?
        .open(&nonce, crn.as_bytes(), &bytes[12..])?
        .try_into()
        .ok()
}

pub(super) fn open_record(
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
