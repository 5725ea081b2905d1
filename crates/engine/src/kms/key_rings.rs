//! Key rings: groups of keys in an instance. `default` always exists; at most 50; a ring that still
//! holds keys cannot be deleted.

use super::model::{KeyRing, KeyState, MAX_KEY_RINGS};
use crate::activity::Trace;
use crate::command::{KeyRingView, Outcome};
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn list_key_rings(&self, instance: &str) -> Outcome {
        let inst = self.instance(instance).expect("checked");
        let rings = inst
            .key_rings
            .values()
            .map(|r| KeyRingView {
                id: r.id.clone(),
                creation_date: r.created,
                created_by: r.created_by.clone(),
            })
            .collect();
        Outcome::KeyRings(rings)
    }

    pub(super) fn create_key_ring(
        &mut self,
        actor: &Actor,
        instance: &str,
        id: String,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let valid = (2..=100).contains(&id.len())
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(ApiError::invalid_field(
                "keyRingID",
                "2 to 100 characters: letters, digits and dashes",
            ));
        }
        let (now, by) = (self.now, self.actor_id(actor));
        let inst = self
            .instances
            .iter_mut()
            .find(|i| i.guid == instance)
            .expect("checked");
        trace.resp("keyRingId", id.clone());
        if inst.key_rings.contains_key(&id) {
            return Err(ApiError::new(
                409,
                "KEY_RING_ALREADY_EXISTS_ERR",
                format!("A key ring named '{id}' already exists in this instance"),
            ));
        }
        if inst.key_rings.len() >= MAX_KEY_RINGS {
            return Err(ApiError::new(
                400,
                "KEY_RING_QUOTA_ERR",
                "An instance can have at most 50 key rings",
            ));
        }
        inst.key_rings.insert(
            id.clone(),
            KeyRing {
                id,
                created: now,
                created_by: by,
            },
        );
        Ok(Outcome::Done)
    }

    pub(super) fn delete_key_ring(
        &mut self,
        instance: &str,
        id: String,
        force: bool,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        trace.resp("keyRingId", id.clone());
        let inst = self.instance(instance).expect("checked");
        if !inst.key_rings.contains_key(&id) {
            return Err(ApiError::new(
                404,
                "KEY_RING_NOT_FOUND_ERR",
                format!("Key ring '{id}' does not exist in this instance"),
            ));
        }
        if id == "default" {
            return Err(ApiError::new(
                400,
                "KEY_RING_DEFAULT_ERR",
                "The default key ring cannot be deleted",
            ));
        }
        let mut keys = self
            .keys
            .values()
            .filter(|k| k.instance == instance && k.key_ring == id);
        if keys.any(|k| k.state != KeyState::Destroyed) {
            return Err(ApiError::new(
                409,
                "KEY_RING_KEYS_NOT_DELETED_ERR",
                "The key ring has keys that are not deleted: delete them first",
            ));
        }
        let destroyed = self
            .keys
            .values()
            .filter(|k| k.instance == instance && k.key_ring == id)
            .count();
        if destroyed > 0 && !force {
            return Err(ApiError::new(
                409,
                "KEY_RING_NOT_EMPTY_ERR",
                "The key ring still holds deleted keys that are not purged: delete it with force=true to move them to the default key ring",
            ));
        }
        // With force, the destroyed keys move to the default key ring (Key Protect's "Deleting
        // key rings").
        for k in self.keys.values_mut() {
            if k.instance == instance && k.key_ring == id {
                k.key_ring = "default".to_string();
            }
        }
        if destroyed > 0 {
            trace.resp("keysMovedToDefault", destroyed as u64);
        }
        let inst = self
            .instances
            .iter_mut()
            .find(|i| i.guid == instance)
            .expect("checked");
        inst.key_rings.remove(&id);
        Ok(Outcome::Done)
    }
}
