//! The small data plane: records stored AES-256-GCM encrypted under the deployment's DEK, the
//! encrypted disk as stored, restart.

use super::envelope::open_record;
use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::crypto::{b64, Cipher};
use crate::error::ApiError;
use crate::rng::hex;
use crate::sandbox::Sandbox;

pub(super) fn check_name(what: &'static str, name: &str, max: usize) -> Result<(), ApiError> {
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

impl Sandbox {
    /// Restart: the service unwraps its DEK again, so a deployment whose key came back unlocks.
    pub(super) fn restart(&mut self, guid: &str, trace: &mut Trace) -> Result<Outcome, ApiError> {
        trace.req("operation", "restart");
        let d = &self.deployments[guid];
        match &d.status {
            Status::Provisioning { .. } | Status::PendingReclamation { .. } => {
                return Err(self.unavailable(d))
            }
            Status::Disabled(DisabledReason::KeyDestroyed) => return Err(self.unavailable(d)),
            _ => {}
        }
        self.unlock(guid);
        let d = &self.deployments[guid];
        match &d.status {
            Status::Active => Ok(Outcome::Deployment(Box::new(self.deployment_view(d)))),
            _ => Err(self.unavailable(d)),
        }
    }

    /// Writes a record, sealed under the DEK with a fresh nonce and `table/record` as AAD.
    pub(super) fn write_record(
        &mut self,
        guid: &str,
        table: String,
        record: String,
        value: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        check_name("table", &table, 64)?;
        check_name("record", &record, 128)?;
        if value.len() > 65_536 {
            return Err(ApiError::invalid_field(
                "value",
                "a string of at most 65,536 bytes",
            ));
        }
        let dek = self.dek(guid)?;
        let nonce: [u8; 12] = self.rng.bytes();
        let aad = format!("{table}/{record}");
        let sealed =
            Cipher::new(&dek)
                .expect("32 bytes")
                .seal(&nonce, aad.as_bytes(), value.as_bytes());
        trace.req("table", table.clone());
        trace.req("record", record.clone());
        let d = self.deployments.get_mut(guid).expect("resolved");
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

    pub(super) fn read_record(
        &self,
        guid: &str,
        table: String,
        record: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let dek = self.dek(guid)?;
        trace.req("table", table.clone());
        trace.req("record", record.clone());
        let d = &self.deployments[guid];
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

    /// The records of a table (`*`: every table), each opened with the DEK.
    pub(super) fn list_records(
        &self,
        guid: &str,
        table: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let dek = self.dek(guid)?;
        trace.req("table", table.clone());
        let d = &self.deployments[guid];
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

    pub(super) fn delete_record(
        &mut self,
        guid: &str,
        table: String,
        record: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        self.dek(guid)?;
        trace.req("table", table.clone());
        trace.req("record", record.clone());
        let d = self.deployments.get_mut(guid).expect("resolved");
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

    /// The encrypted disk as stored: nonces, ciphertexts and the wrapped DEK.
    pub(super) fn disk_view(&self, guid: &str) -> DiskView {
        let d = &self.deployments[guid];
        DiskView {
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
        }
    }
}
