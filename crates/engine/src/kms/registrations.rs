//! Registrations: which cloud resources a key protects. Only a service creates them; listing
//! filters by CRN pattern.

use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn query_registrations(
        &self,
        instance: &str,
        key: Option<&str>,
        q: &RegistrationQuery,
    ) -> (Vec<Registration>, usize) {
        let matching: Vec<&Registration> = self
            .registrations
            .values()
            .filter(|r| match key {
                Some(id) => r.key_id == id,
                None => self
                    .keys
                    .get(&r.key_id)
                    .is_some_and(|k| k.instance == instance),
            })
            .filter(|r| {
                q.prevent_key_deletion
                    .is_none_or(|p| r.prevent_key_deletion == p)
            })
            .filter(|r| {
                q.crn_pattern
                    .as_deref()
                    .is_none_or(|p| Crn::matches_pattern(&r.resource_crn, p))
            })
            .collect();
        let total = matching.len();
        (
            matching
                .into_iter()
                .skip(q.offset)
                .take(q.limit)
                .cloned()
                .collect(),
            total,
        )
    }
}

/// What a registration request sets besides its key and resource.
pub(super) struct RegistrationFields {
    pub prevent_key_deletion: bool,
    pub description: Option<String>,
    /// The key version the resource uses; the key's current version when absent.
    pub key_version: Option<String>,
}

impl Sandbox {
    pub(super) fn list_registrations(
        &mut self,
        instance: &str,
        key: Option<&str>,
        query: &RegistrationQuery,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let key_id = match key {
            Some(k) => Some(self.resolve(instance, k, trace)?),
            None => None,
        };
        let (registrations, total) = self.query_registrations(instance, key_id.as_deref(), query);
        trace.resp("totalResources", total);
        Ok(Outcome::Registrations {
            registrations,
            total,
        })
    }

    /// Registers a resource on an Active root key, or updates its registration. A key version may
    /// move forward, never back.
    pub(super) fn create_registration(
        &mut self,
        actor: &Actor,
        instance: &str,
        key: &str,
        resource_crn: String,
        fields: RegistrationFields,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        if let Err(e) = Crn::parse(&resource_crn) {
            return Err(ApiError::invalid_field(
                "urlEncodedResourceCRN",
                format!("a resource CRN: {}", e.message),
            ));
        }
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::new(
                422,
                "KEY_ROOT_REQ_REG_ERR",
                "Requested action can only be completed with a root key",
            ));
        }
        if k.state != KeyState::Active {
            return Err(ApiError::new(
                422,
                "KEY_INVALID_STATE_ERR",
                "Key is not in a valid state",
            ));
        }
        let existing = self.registrations.get(&(id.clone(), resource_crn.clone()));
        let version = registration_version(k, existing, fields.key_version.as_deref())?;
        let by = self.actor_id(actor);
        let now = self.now;
        let RegistrationFields {
            prevent_key_deletion,
            description,
            key_version,
        } = fields;
        let entry = self.registrations.entry((id.clone(), resource_crn.clone()));
        let reg = entry
            .and_modify(|r| {
                r.updated_by = by.clone();
                r.last_updated = now;
                r.prevent_key_deletion = prevent_key_deletion;
                r.description = description.clone();
                if key_version.is_some() {
                    r.key_version = version.clone();
                }
            })
            .or_insert_with(|| Registration {
                key_id: id.clone(),
                resource_crn: resource_crn.clone(),
                created_by: by.clone(),
                creation_date: now,
                updated_by: by.clone(),
                last_updated: now,
                description: description.clone(),
                prevent_key_deletion,
                key_version: version,
                registration_metadata: None,
            });
        trace.resp("resourceCrn", resource_crn);
        trace.resp("preventKeyDeletion", prevent_key_deletion);
        Ok(Outcome::Registration(Box::new(reg.clone())))
    }

    pub(super) fn delete_registration(
        &mut self,
        instance: &str,
        key: &str,
        resource_crn: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        trace.resp("resourceCrn", resource_crn.clone());
        if self
            .registrations
            .remove(&(id, resource_crn.clone()))
            .is_none()
        {
            return Err(ApiError::new(
                404,
                "REGISTRATION_NOT_FOUND_ERR",
                format!("No registration of '{resource_crn}' exists on this key"),
            ));
        }
        Ok(Outcome::Done)
    }
}

/// The key version a registration names: the one asked for, which must exist and be no older than
/// the version the registration already has, or the key's current version.
fn registration_version(
    k: &Key,
    existing: Option<&Registration>,
    asked: Option<&str>,
) -> Result<VersionRef, ApiError> {
    let version_invalid = || {
        ApiError::new(422, "KEY_VERSION_INVALID", "This request requires that the key version is later than current registration key version")
    };
    let position = |id: &str| k.versions.iter().position(|v| v.id == id);
    Ok(match asked {
        Some(v) => {
            let at = position(v).ok_or_else(version_invalid)?;
            if existing.is_some_and(|r| position(&r.key_version.id).is_some_and(|old| old > at)) {
                return Err(version_invalid());
            }
            VersionRef {
                id: v.to_string(),
                creation_date: k.versions[at].created,
            }
        }
        None => VersionRef {
            id: k.current().id.clone(),
            creation_date: k.current().created,
        },
    })
}
