//! Key Protect's operations: `apply_kms` runs one `KmsOp` (checking the instance and the caller's
//! role, then handing it to its handler in this folder) and logs its event; key events then reach
//! the services registered on the key.

use super::access::OpInfo;
use super::registrations::RegistrationFields;
use crate::activity::Trace;
use crate::clock::KeyEvent;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    /// Runs one Key Protect operation and logs its event.
    pub(crate) fn apply_kms(
        &mut self,
        actor: &Actor,
        instance: &str,
        op: KmsOp,
        correlation: Option<String>,
    ) -> Result<Outcome, ApiError> {
        let info = op.info();
        let event = key_event(&op);
        let key_ref = op.key().map(str::to_string);
        let mut trace = Trace {
            correlation_id: correlation,
            ..Trace::default()
        };
        trace.req("instanceID", instance);
        let result = self.run_kms(actor, instance, op, &info, &mut trace);
        self.record(
            actor,
            info.action,
            info.says,
            info.type_uri,
            info.data_event,
            &result,
            trace,
            (info.object, info.verb),
        );
        if let (Ok(_), Some(event), Some(key)) = (&result, event, key_ref) {
            if let Some(id) = self.find_key(instance, &key).map(|k| k.id.clone()) {
                self.key_changed(&id, event);
            }
        }
        result
    }

    /// Logs a request the request face refused before it became a command (bad body, bad token).
    pub(crate) fn record_refusal(
        &mut self,
        actor: &Actor,
        info: &OpInfo,
        instance: Option<&str>,
        error: &ApiError,
        correlation: Option<String>,
    ) {
        let mut trace = Trace {
            correlation_id: correlation,
            ..Trace::default()
        };
        if let Some(i) = instance {
            trace.req("instanceID", i);
        }
        self.record(
            actor,
            info.action,
            info.says,
            info.type_uri,
            info.data_event,
            &Err(error.clone()),
            trace,
            (info.object, info.verb),
        );
    }

    fn run_kms(
        &mut self,
        actor: &Actor,
        instance: &str,
        op: KmsOp,
        info: &OpInfo,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        if self.instance(instance).is_none() {
            return Err(ApiError::unauthorized());
        }
        self.authorize(actor, instance, info.need)?;
        use KmsOp::*;
        match op {
            CreateKey(new) => self.create_key(actor, instance, new, trace),
            ListKeys(q) => {
                let (keys, total) = self.query_keys(instance, &q)?;
                trace.resp("totalResources", total);
                Ok(Outcome::Keys { keys, total })
            }
            CountKeys(q) => {
                let (_, total) = self.query_keys(
                    instance,
                    &KeyQuery {
                        limit: usize::MAX,
                        ..q
                    },
                )?;
                trace.resp("totalResources", total);
                Ok(Outcome::Count(total))
            }
            GetKey { key } => {
                let id = self.resolve(instance, &key, trace)?;
                Ok(Outcome::Key(Box::new(self.keys[&id].view(self.now, true))))
            }
            GetKeyMetadata { key } => {
                let id = self.resolve(instance, &key, trace)?;
                Ok(Outcome::Key(Box::new(self.keys[&id].view(self.now, false))))
            }
            DeleteKey { key, force } => self.delete_key(actor, instance, &key, force, trace),
            PurgeKey { key } => self.purge_key(instance, &key, trace),
            RestoreKey { key, payload } => self.restore_key(instance, &key, payload, trace),
            ListVersions { key } => {
                let id = self.resolve(instance, &key, trace)?;
                let versions = self.keys[&id]
                    .versions
                    .iter()
                    .rev()
                    .map(|v| (v.id.clone(), v.created))
                    .collect();
                Ok(Outcome::Versions(versions))
            }
            Wrap {
                key,
                plaintext,
                aad,
            } => self.wrap(instance, &key, plaintext, &aad, trace),
            Unwrap {
                key,
                ciphertext,
                aad,
            } => self.unwrap(instance, &key, &ciphertext, &aad, false, trace),
            Rewrap {
                key,
                ciphertext,
                aad,
            } => self.unwrap(instance, &key, &ciphertext, &aad, true, trace),
            Rotate { key, payload } => self.rotate_key(instance, &key, payload, trace),
            Disable { key } => self.disable_key(instance, &key, trace),
            Enable { key } => self.enable_key(instance, &key, trace),
            SetKeyForDeletion { key } => self.set_for_deletion(actor, instance, &key, trace),
            UnsetKeyForDeletion { key } => self.unset_for_deletion(instance, &key, trace),
            Sync { key } => self.sync_key(instance, &key, trace),
            GetPolicies { key, only } => {
                let id = self.resolve(instance, &key, trace)?;
                Ok(Outcome::Policies(self.key_policies(&id, only)))
            }
            SetPolicies {
                key,
                rotation,
                dual_auth_delete,
            } => self.set_policies(actor, instance, &key, rotation, dual_auth_delete, trace),
            GetInstancePolicies { only } => Ok(self.instance_policies(instance, only)),
            SetInstancePolicies { dual_auth_delete } => {
                self.set_instance_policies(actor, instance, dual_auth_delete, trace)
            }
            ListRegistrations { key, query } => {
                self.list_registrations(instance, key.as_deref(), &query, trace)
            }
            CreateRegistration {
                key,
                resource_crn,
                prevent_key_deletion,
                description,
                key_version,
            } => self.create_registration(
                actor,
                instance,
                &key,
                resource_crn,
                RegistrationFields {
                    prevent_key_deletion,
                    description,
                    key_version,
                },
                trace,
            ),
            DeleteRegistration { key, resource_crn } => {
                self.delete_registration(instance, &key, resource_crn, trace)
            }
            ListKeyRings => Ok(self.list_key_rings(instance)),
            CreateKeyRing { id } => self.create_key_ring(actor, instance, id, trace),
            DeleteKeyRing { id, force } => self.delete_key_ring(instance, id, force, trace),
        }
    }
}

/// The key lifecycle event an operation sends to registered services when it succeeds.
fn key_event(op: &KmsOp) -> Option<KeyEvent> {
    Some(match op {
        KmsOp::Rotate { .. } => KeyEvent::Rotate,
        KmsOp::Disable { .. } => KeyEvent::Disable,
        KmsOp::Enable { .. } => KeyEvent::Enable,
        KmsOp::DeleteKey { .. } => KeyEvent::Delete,
        KmsOp::RestoreKey { .. } => KeyEvent::Restore,
        KmsOp::Sync { .. } => KeyEvent::Sync,
        _ => return None,
    })
}
