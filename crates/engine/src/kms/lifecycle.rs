//! A key's life: create or import, delete (with force past registrations, and dual
//! authorization), restore, purge, rotate, disable and enable, sync; and what the clock does to
//! keys: expire, rotate by policy, purge at 90 days. Each handler checks in the service's order and
//! either refuses having changed nothing or makes its change.

use super::model::*;
use crate::activity::Trace;
use crate::clock::{Item, KeyEvent};
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::request::is_uuid;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn create_key(
        &mut self,
        actor: &Actor,
        instance: &str,
        new: NewKey,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        self.check_new_key(instance, &new)?;
        let key_ring = new.key_ring.clone().unwrap_or_else(|| "default".into());
        let inst = self.instance(instance).expect("checked");
        let dual_auth = inst.dual_auth_delete.as_ref().is_some_and(|p| p.value);
        let region = inst.region.clone();
        if !inst.key_rings.contains_key(&key_ring) {
            return Err(ApiError::new(
                404,
                "KEY_RING_NOT_FOUND_ERR",
                format!("Key ring '{key_ring}' does not exist in this instance"),
            ));
        }
        let imported = new.payload.is_some();
        let material = match new.payload {
            Some(p) => checked_material(p, new.extractable)?,
            None => self.rng.bytes::<32>().to_vec(),
        };
        let dual_auth = dual_auth.then(|| PolicyStamp::new(true, self.now, "kms"));
        let account = self.account.clone();
        let id = self.rng.uuid();
        let crn = Crn::key(&region, &account, instance, &id).to_string();
        let seq = self.next_seq();
        let key = Key {
            id: id.clone(),
            seq,
            instance: instance.to_string(),
            crn: crn.clone(),
            name: new.name,
            aliases: new.aliases,
            description: new.description,
            tags: new.tags,
            key_ring,
            state: KeyState::Active,
            expiration: new.expiration,
            extractable: new.extractable,
            imported,
            created: self.now,
            created_by: self.actor_id(actor),
            last_updated: self.now,
            last_rotated: None,
            versions: vec![KeyVersion::new(id.clone(), self.now, material)],
            rotation: None,
            next_rotation: None,
            dual_auth,
            set_for_deletion: None,
            deletion: None,
            last_state_change: None,
            last_sync: None,
        };
        trace.target = Some((crn, key.name.clone()));
        trace.req("keyType", key.kind());
        trace.req("imported", imported);
        trace.resp("keyId", id.clone());
        trace.resp("keyVersionId", id.clone());
        trace.resp("keyState", 1);
        if let Some(exp) = key.expiration {
            trace.resp("expirationDate", exp.to_string());
            self.schedule(exp, Item::Expire(id.clone()));
        }
        let view = key.view(self.now, true);
        self.keys.insert(id, key);
        Ok(Outcome::Key(Box::new(view)))
    }

    pub(super) fn delete_key(
        &mut self,
        actor: &Actor,
        instance: &str,
        key: &str,
        force: bool,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        trace.req("force", force);
        let id = self.resolve_live(instance, key, trace)?;
        let by = self.actor_id(actor);
        let k = &self.keys[&id];
        if k.dual_auth_enabled() {
            let authorized = k
                .set_for_deletion
                .as_ref()
                .is_some_and(|s| s.by != by && s.expires > self.now);
            if !authorized {
                return Err(ApiError::new(
                    409,
                    "AUTHORIZATIONS_NOT_MET",
                    "Number of authorizations required to delete is not met",
                ));
            }
        }
        let mut registrations = self
            .registrations
            .range((id.clone(), String::new())..)
            .take_while(|((k, _), _)| *k == id);
        let mut count = 0;
        let mut prevents = false;
        for (_, r) in registrations.by_ref() {
            count += 1;
            prevents |= r.prevent_key_deletion;
        }
        if prevents {
            return Err(ApiError::new(
                409,
                "PREV_KEY_DEL_ERR",
                "The key cannot be deleted because it's protecting a cloud resource that has a retention policy: Before you delete this key, contact an account owner to remove the retention policy on each resource that is associated with the key",
            ));
        }
        if count > 0 && !force {
            return Err(ApiError::new(
                409,
                "PROTECTED_RESOURCE_ERR",
                "Key is protecting one or more cloud resources",
            ));
        }
        let now = self.now;
        let k = self.keys.get_mut(&id).expect("resolved");
        k.state = KeyState::Destroyed;
        k.deletion = Some(Deletion { at: now, by });
        k.set_for_deletion = None;
        k.next_rotation = None;
        k.last_state_change = Some(now);
        k.last_updated = now;
        trace.resp("keyState", 5);
        if count > 0 {
            trace.resp("registrationsKept", count);
        }
        let view = k.view(now, false);
        self.schedule(now + PURGE_AFTER, Item::AutoPurge(id));
        Ok(Outcome::Key(Box::new(view)))
    }

    /// Removes a deleted key and its registrations for good; returns its last representation.
    pub(super) fn purge(&mut self, id: &str, trace: &mut Trace) -> KeyView {
        let key = self.keys.remove(id).expect("purging an existing key");
        self.registrations.retain(|(k, _), _| k != id);
        let d = key.deletion.as_ref().expect("only deleted keys are purged");
        trace.resp("deletionDate", d.at.to_string());
        trace.resp("purgeAllowedFrom", (d.at + PURGE_WAIT).to_string());
        trace.resp("purgeEligibleOn", (d.at + PURGE_AFTER).to_string());
        key.view(self.now, false)
    }

    pub(super) fn restore_key(
        &mut self,
        instance: &str,
        key: &str,
        payload: Option<Vec<u8>>,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        let now = self.now;
        let k = &self.keys[&id];
        let Some(d) = k.deletion.clone() else {
            return Err(ApiError::invalid_state());
        };
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.expired_at(now) {
            return Err(ApiError::new(
                400,
                "KEY_EXPIRED_ERR",
                "The action could not be performed on the key because the key is expired.",
            ));
        }
        if now >= d.at + RESTORE_WINDOW {
            return Err(ApiError::new(
                400,
                "KEY_RESTORE_EXPIRED",
                "Key restoration has expired",
            ));
        }
        if k.last_state_change
            .is_some_and(|t| now < t + STATE_COOLDOWN)
        {
            return Err(ApiError::too_early());
        }
        match (k.imported, payload) {
            (true, None) => {
                return Err(ApiError::field(
                    "KEY_PAYLOAD_REQ_ERR",
                    "payload",
                    "This root key was created with user-supplied key material: Key material is required to perform a 'restore' action",
                ))
            }
            (true, Some(p)) if p != k.current().material => {
                return Err(ApiError::invalid_field("payload", "the key material that was last imported for this key"))
            }
            (false, Some(_)) => return Err(ApiError::invalid_field("payload", "provided only if key is imported")),
            _ => {}
        }
        let k = self.keys.get_mut(&id).expect("resolved");
        k.state = KeyState::Active;
        k.deletion = None;
        k.last_state_change = Some(now);
        k.last_updated = now;
        trace.resp("keyState", 1);
        let view = k.view(now, false);
        self.reschedule_rotation(&id);
        Ok(Outcome::Key(Box::new(view)))
    }

    pub(super) fn rotate_key(
        &mut self,
        instance: &str,
        key: &str,
        payload: Option<Vec<u8>>,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let now = self.now;
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.state == KeyState::Suspended {
            return Err(ApiError::invalid_state());
        }
        if k.last_rotated.is_some_and(|t| now < t + ROTATE_COOLDOWN) {
            return Err(ApiError::new(
                409,
                "KEY_ROTATION_NOT_PERMITTED",
                "This root key has been rotated within the last hour: Only one 'rotate' action per hour is permitted",
            ));
        }
        let material = match (k.imported, payload) {
            (true, None) => {
                return Err(ApiError::field(
                    "KEY_PAYLOAD_REQ_ERR",
                    "payload",
                    "This root key was created with user-supplied key material: Key material is required to perform a 'rotate' action",
                ))
            }
            (false, Some(_)) => return Err(ApiError::query("payload", "provided only if key is imported")),
            (true, Some(p)) => {
                if ![16, 24, 32].contains(&p.len()) {
                    return Err(ApiError::invalid_field("payload", "a base64 encoded key material of 128, 192 or 256 bits (16, 24 or 32 bytes)"));
                }
                p
            }
            (false, None) => self.rng.bytes::<32>().to_vec(),
        };
        let version = self.new_version(&id, material);
        trace.resp("keyVersionId", version);
        self.reschedule_rotation(&id);
        Ok(Outcome::Done)
    }

    /// Adds a version made from `material` and makes it current; returns its id.
    pub(super) fn new_version(&mut self, id: &str, material: Vec<u8>) -> String {
        let version_id = self.rng.uuid();
        let now = self.now;
        let k = self.keys.get_mut(id).expect("an existing key");
        k.versions
            .push(KeyVersion::new(version_id.clone(), now, material));
        k.last_rotated = Some(now);
        k.last_updated = now;
        version_id
    }

    /// Recomputes when the rotation policy next rotates the key, and schedules it.
    pub(super) fn reschedule_rotation(&mut self, id: &str) {
        let now = self.now;
        let k = self.keys.get_mut(id).expect("an existing key");
        let next = match &k.rotation {
            Some(p) if p.value.enabled && k.state != KeyState::Destroyed => {
                let months = p.value.interval_month;
                let mut next = k.last_rotated.unwrap_or(k.created).add_months(months);
                while next <= now {
                    next = next.add_months(months);
                }
                Some(next)
            }
            _ => None,
        };
        k.next_rotation = next;
        if let Some(at) = next {
            self.schedule(at, Item::AutoRotate(id.to_string()));
        }
    }

    pub(crate) fn expire_key(&mut self, id: &str) {
        let k = self.keys.get_mut(id).expect("checked by the scheduler");
        if !matches!(k.state, KeyState::Active | KeyState::Suspended) {
            return;
        }
        k.state = KeyState::Deactivated;
        k.last_updated = self.now;
        let mut trace = Trace {
            target: Some((k.crn.clone(), k.name.clone())),
            ..Trace::default()
        };
        trace.req("instanceID", k.instance.clone());
        trace.resp("keyId", id);
        trace.resp("keyState", 3);
        self.record_system("kms.secrets.expire", "Key Protect: expire secret", trace);
    }

    pub(crate) fn auto_rotate(&mut self, id: &str) {
        let k = &self.keys[id];
        let due = k.state == KeyState::Active && !k.imported;
        let (crn, name, instance) = (k.crn.clone(), k.name.clone(), k.instance.clone());
        if due {
            let material = self.rng.bytes::<32>().to_vec();
            let version = self.new_version(id, material);
            let mut trace = Trace {
                target: Some((crn, name)),
                ..Trace::default()
            };
            trace.req("instanceID", instance);
            trace.req("initiatedBy", "rotation policy");
            trace.resp("keyId", id);
            trace.resp("keyVersionId", version);
            self.record_system("kms.secrets.rotate", "Key Protect: rotate secret", trace);
            self.key_changed(id, KeyEvent::Rotate);
        } else {
            // A key that is not Active (or holds imported material) is skipped this time; the
            // policy tries again one interval later.
            let now = self.now;
            let k = self.keys.get_mut(id).expect("exists");
            let months = k.rotation.as_ref().map_or(1, |p| p.value.interval_month);
            let next = (k.state != KeyState::Destroyed).then(|| now.add_months(months));
            k.next_rotation = next;
            if let Some(at) = next {
                self.schedule(at, Item::AutoRotate(id.to_string()));
            }
            return;
        }
        self.reschedule_rotation(id);
    }

    pub(crate) fn auto_purge(&mut self, id: &str) {
        let k = &self.keys[id];
        let mut trace = Trace {
            target: Some((k.crn.clone(), k.name.clone())),
            ..Trace::default()
        };
        trace.req("instanceID", k.instance.clone());
        trace.resp("keyId", id);
        self.purge(id, &mut trace);
        self.record_system("kms.secrets.purge", "Key Protect: purge secret", trace);
    }
}

pub(super) fn not_dual_auth() -> ApiError {
    ApiError::new(
        409,
        "NOT_DUAL_AUTH_ERR",
        "The key is not dual auth enabled and cannot be set for deletion",
    )
}

impl Sandbox {
    /// Purge: from 4 hours after the deletion on, the key and its registrations go for good.
    pub(super) fn purge_key(
        &mut self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        let k = &self.keys[&id];
        let Some(d) = k.deletion.clone() else {
            return Err(ApiError::invalid_state());
        };
        if self.now < d.at + PURGE_WAIT {
            let mut e = ApiError::too_early();
            e.message
                .push_str(": Purge operation is allowed 4h0m0s after key is deleted");
            return Err(e);
        }
        Ok(Outcome::Key(Box::new(self.purge(&id, trace))))
    }

    /// Disable: an Active root key becomes Suspended.
    pub(super) fn disable_key(
        &mut self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let k = self.keys.get_mut(&id).expect("resolved");
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.state != KeyState::Active {
            return Err(ApiError::invalid_state());
        }
        k.state = KeyState::Suspended;
        k.last_state_change = Some(self.now);
        k.last_updated = self.now;
        trace.resp("keyState", 2);
        Ok(Outcome::Done)
    }

    /// Enable: a Suspended root key becomes Active again, no sooner than 30 s after it changed.
    pub(super) fn enable_key(
        &mut self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let now = self.now;
        let k = self.keys.get_mut(&id).expect("resolved");
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.state != KeyState::Suspended {
            return Err(ApiError::invalid_state());
        }
        if k.last_state_change
            .is_some_and(|t| now < t + STATE_COOLDOWN)
        {
            return Err(ApiError::too_early());
        }
        k.state = KeyState::Active;
        k.last_state_change = Some(now);
        k.last_updated = now;
        trace.resp("keyState", 1);
        Ok(Outcome::Done)
    }

    /// The first of dual authorization's two steps; valid for 7 days.
    pub(super) fn set_for_deletion(
        &mut self,
        actor: &Actor,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let by = self.actor_id(actor);
        let expires = self.now + DUAL_AUTH_WINDOW;
        let k = self.keys.get_mut(&id).expect("resolved");
        if !k.dual_auth_enabled() {
            return Err(not_dual_auth());
        }
        k.set_for_deletion = Some(SetForDeletion { by, expires });
        trace.resp("authExpiration", expires.to_string());
        self.schedule(expires, Item::DualAuthLapse(id));
        Ok(Outcome::Done)
    }

    pub(super) fn unset_for_deletion(
        &mut self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let k = self.keys.get_mut(&id).expect("resolved");
        if !k.dual_auth_enabled() {
            return Err(not_dual_auth());
        }
        k.set_for_deletion = None;
        Ok(Outcome::Done)
    }

    /// Sync: re-sends the key's state to registered services, at most once an hour.
    pub(super) fn sync_key(
        &mut self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        let now = self.now;
        let k = self.keys.get_mut(&id).expect("resolved");
        if k.last_sync.is_some_and(|t| now < t + SYNC_COOLDOWN) {
            return Err(ApiError::too_early());
        }
        k.last_sync = Some(now);
        Ok(Outcome::Done)
    }
}

impl Sandbox {
    /// A new key's name, description, aliases and expiration, checked as Key Protect checks them.
    fn check_new_key(&self, instance: &str, new: &NewKey) -> Result<(), ApiError> {
        let name_len = new.name.chars().count();
        if !(2..=90).contains(&name_len) {
            return Err(ApiError::invalid_field(
                "name",
                "a string of 2 to 90 characters",
            ));
        }
        if new
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 240)
        {
            return Err(ApiError::invalid_field(
                "description",
                "a string of at most 240 characters",
            ));
        }
        if new.aliases.len() > MAX_ALIASES {
            return Err(ApiError::field(
                "KEY_ALIAS_QUOTA_ERR",
                "aliases",
                "A key can have a maximum of 5 alias names",
            ));
        }
        for (i, alias) in new.aliases.iter().enumerate() {
            let shaped = (2..=90).contains(&alias.len())
                && alias
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !shaped || is_uuid(alias) {
                return Err(ApiError::invalid_field(
                    "aliases",
                    "2 to 90 characters each: letters, digits, '-' and '_', and not shaped like a key id",
                ));
            }
            let taken = new.aliases[..i].contains(alias)
                || self
                    .keys
                    .values()
                    .any(|k| k.instance == instance && k.aliases.contains(alias));
            if taken {
                return Err(ApiError::new(
                    409,
                    "KEY_ALIAS_NOT_UNIQUE_ERR",
                    format!("The alias '{alias}' is already used by a key in this instance"),
                ));
            }
        }
        if let Some(exp) = new.expiration {
            if exp <= self.now {
                return Err(ApiError::invalid_field(
                    "expirationDate",
                    format!("a date after the current time ({})", self.now),
                ));
            }
        }
        Ok(())
    }
}

/// Imported key material: a standard key's payload of 1 to 7,500 bytes, or a root key of 128, 192
/// or 256 bits.
fn checked_material(payload: Vec<u8>, extractable: bool) -> Result<Vec<u8>, ApiError> {
    let fits = if extractable {
        !payload.is_empty() && payload.len() <= MAX_STANDARD_PAYLOAD
    } else {
        [16, 24, 32].contains(&payload.len())
    };
    match (fits, extractable) {
        (true, _) => Ok(payload),
        (false, true) => Err(ApiError::invalid_field(
            "payload",
            "base64 encoded data of 1 to 7,500 bytes",
        )),
        (false, false) => Err(ApiError::invalid_field(
            "payload",
            "a base64 encoded key material of 128, 192 or 256 bits (16, 24 or 32 bytes)",
        )),
    }
}
