//! Backups: sealed under a DEK the backup key wraps, and readable only while that key opens it.

use super::envelope::{open_with_service_key, seal_with_service_key};
use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::crypto::{unb64, Cipher};
use crate::error::ApiError;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn backup(&mut self, guid: &str, trace: &mut Trace) -> Result<Outcome, ApiError> {
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

    pub(super) fn read_backup(
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
}

pub(super) fn backup_view(
    d: &Deployment,
    b: &Backup,
    contents: Option<Vec<RecordView>>,
) -> BackupView {
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
