//! Key Protect's objects: instances, keys and their versions, policies, registrations, key rings,
//! and the API representations ("views") the request face returns.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Serialize;

use crate::crn::Crn;
use crate::crypto::{b64, Cipher};
use crate::time::{Duration, Timestamp};

/// After a deletion: purge allowed from +4 h, restore until +30 d, automatic purge at +90 d.
pub const PURGE_WAIT: Duration = Duration::hours(4);
pub const RESTORE_WINDOW: Duration = Duration::days(30);
pub const PURGE_AFTER: Duration = Duration::days(90);
/// How long a `setKeyForDeletion` authorization stays valid.
pub const DUAL_AUTH_WINDOW: Duration = Duration::days(7);
/// Minimum spacing of rotations, syncs, and of enable/restore after the previous state change.
pub const ROTATE_COOLDOWN: Duration = Duration::hours(1);
pub const SYNC_COOLDOWN: Duration = Duration::hours(1);
pub const STATE_COOLDOWN: Duration = Duration::seconds(30);

pub const MAX_ALIASES: usize = 5;
pub const MAX_STANDARD_PAYLOAD: usize = 7_500;
pub const MAX_KEY_RINGS: usize = 50;

/// Key states by their API integers (there is no 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyState {
    PreActivation = 0,
    Active = 1,
    Suspended = 2,
    Deactivated = 3,
    Destroyed = 5,
}

impl KeyState {
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(n: i64) -> Option<KeyState> {
        Some(match n {
            0 => KeyState::PreActivation,
            1 => KeyState::Active,
            2 => KeyState::Suspended,
            3 => KeyState::Deactivated,
            5 => KeyState::Destroyed,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyState::PreActivation => "Pre-activation",
            KeyState::Active => "Active",
            KeyState::Suspended => "Suspended",
            KeyState::Deactivated => "Deactivated",
            KeyState::Destroyed => "Destroyed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instance {
    pub guid: String,
    pub name: String,
    pub region: String,
    pub crn: String,
    pub created: Timestamp,
    #[serde(skip)]
    pub key_rings: BTreeMap<String, KeyRing>,
    #[serde(skip)]
    pub dual_auth_delete: Option<PolicyStamp<bool>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRing {
    pub id: String,
    pub created: Timestamp,
    pub created_by: String,
}

/// A policy value with who set it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyStamp<T> {
    pub value: T,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
}

impl<T> PolicyStamp<T> {
    pub fn new(value: T, at: Timestamp, by: &str) -> PolicyStamp<T> {
        PolicyStamp {
            value,
            created: at,
            created_by: by.into(),
            updated: at,
            updated_by: by.into(),
        }
    }

    pub fn update(&mut self, value: T, at: Timestamp, by: &str) {
        self.value = value;
        self.updated = at;
        self.updated_by = by.into();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RotationPolicy {
    pub enabled: bool,
    pub interval_month: u32,
}

pub struct KeyVersion {
    pub id: String,
    pub created: Timestamp,
    pub material: Vec<u8>,
    /// Built once, when first used, so wrapping under this version never repeats the key schedule
    /// and a restored snapshot pays only for the versions it uses.
    cipher: OnceLock<Cipher>,
}

impl KeyVersion {
    pub fn new(id: String, created: Timestamp, material: Vec<u8>) -> KeyVersion {
        KeyVersion {
            id,
            created,
            material,
            cipher: OnceLock::new(),
        }
    }

    /// The version's AES-GCM cipher. Material that is not an AES key (a standard key's payload)
    /// gets a cipher of zeros, which nothing uses: only root keys wrap.
    pub fn cipher(&self) -> &Cipher {
        self.cipher.get_or_init(|| {
            Cipher::new(&self.material)
                .unwrap_or_else(|| Cipher::new(&[0u8; 32]).expect("32 bytes"))
        })
    }
}

impl std::fmt::Debug for KeyVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyVersion")
            .field("id", &self.id)
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetForDeletion {
    pub by: String,
    pub expires: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deletion {
    pub at: Timestamp,
    pub by: String,
}

#[derive(Debug)]
pub struct Key {
    pub id: String,
    /// Creation order, the default order of listings.
    pub seq: u64,
    pub instance: String,
    pub crn: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub key_ring: String,
    pub state: KeyState,
    pub expiration: Option<Timestamp>,
    /// Standard keys are extractable; root keys are not.
    pub extractable: bool,
    pub imported: bool,
    pub created: Timestamp,
    pub created_by: String,
    pub last_updated: Timestamp,
    pub last_rotated: Option<Timestamp>,
    /// Oldest first; the last is the current version. A standard key has exactly one.
    pub versions: Vec<KeyVersion>,
    pub rotation: Option<PolicyStamp<RotationPolicy>>,
    pub next_rotation: Option<Timestamp>,
    pub dual_auth: Option<PolicyStamp<bool>>,
    pub set_for_deletion: Option<SetForDeletion>,
    pub deletion: Option<Deletion>,
    /// When disable, enable, delete or restore last changed the state (enable and restore wait 30 s).
    pub last_state_change: Option<Timestamp>,
    pub last_sync: Option<Timestamp>,
}

impl Key {
    pub fn current(&self) -> &KeyVersion {
        self.versions.last().expect("a key always has a version")
    }

    pub fn version(&self, id: &str) -> Option<&KeyVersion> {
        self.versions.iter().rev().find(|v| v.id == id)
    }

    pub fn is_root(&self) -> bool {
        !self.extractable
    }

    pub fn dual_auth_enabled(&self) -> bool {
        self.dual_auth.as_ref().is_some_and(|p| p.value)
    }

    pub fn kind(&self) -> &'static str {
        if self.extractable {
            "standard"
        } else {
            "root"
        }
    }

    pub fn crn_parsed(&self) -> Crn {
        Crn::parse(&self.crn).expect("keys are created with well-formed CRNs")
    }

    /// The key as the API shows it at `now`; `payload` only for standard keys read with ReaderPlus.
    pub fn view(&self, now: Timestamp, with_payload: bool) -> KeyView {
        let version = self.current();
        let deleted = self.deletion.as_ref();
        let bits = (version.material.len() * 8).to_string();
        KeyView {
            kind: "application/vnd.ibm.kms.key+json",
            id: self.id.clone(),
            name: self.name.clone(),
            aliases: (!self.aliases.is_empty()).then(|| self.aliases.clone()),
            description: self.description.clone(),
            tags: (!self.tags.is_empty()).then(|| self.tags.clone()),
            state: self.state.code(),
            expiration_date: self.expiration,
            extractable: self.extractable,
            imported: self.imported,
            crn: self.crn.clone(),
            key_ring_id: self.key_ring.clone(),
            creation_date: self.created,
            created_by: self.created_by.clone(),
            algorithm_type: "AES",
            algorithm_metadata: AlgorithmMetadata {
                bit_length: bits,
                mode: "GCM",
            },
            last_update_date: self.last_updated,
            last_rotate_date: self.last_rotated,
            key_version: VersionRef {
                id: version.id.clone(),
                creation_date: version.created,
            },
            dual_auth_delete: DualAuthView {
                enabled: self.dual_auth_enabled(),
                key_set_for_deletion: self
                    .dual_auth_enabled()
                    .then_some(self.set_for_deletion.is_some()),
                auth_expiration: self.set_for_deletion.as_ref().map(|s| s.expires),
            },
            rotation: self.rotation.as_ref().map(|p| RotationView {
                enabled: p.value.enabled,
                interval_month: p.value.interval_month,
            }),
            deleted: deleted.is_some(),
            deletion_date: deleted.map(|d| d.at),
            deleted_by: deleted.map(|d| d.by.clone()),
            restore_expiration_date: deleted.map(|d| d.at + RESTORE_WINDOW),
            restore_allowed: deleted.map(|d| now < d.at + RESTORE_WINDOW && !self.expired_at(now)),
            purge_allowed: deleted.map(|d| now >= d.at + PURGE_WAIT),
            purge_allowed_from: deleted.map(|d| d.at + PURGE_WAIT),
            purge_scheduled_on: deleted.map(|d| d.at + PURGE_AFTER),
            payload: (with_payload && self.extractable && deleted.is_none())
                .then(|| b64(&version.material)),
        }
    }

    pub fn expired_at(&self, now: Timestamp) -> bool {
        self.expiration.is_some_and(|e| e <= now)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    pub state: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    pub extractable: bool,
    pub imported: bool,
    pub crn: String,
    #[serde(rename = "keyRingID")]
    pub key_ring_id: String,
    pub creation_date: Timestamp,
    pub created_by: String,
    pub algorithm_type: &'static str,
    pub algorithm_metadata: AlgorithmMetadata,
    pub last_update_date: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_rotate_date: Option<Timestamp>,
    pub key_version: VersionRef,
    pub dual_auth_delete: DualAuthView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation: Option<RotationView>,
    pub deleted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore_expiration_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_allowed_from: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_scheduled_on: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlgorithmMetadata {
    pub bit_length: String,
    pub mode: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionRef {
    pub id: String,
    pub creation_date: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RotationView {
    pub enabled: bool,
    pub interval_month: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DualAuthView {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_set_for_deletion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_expiration: Option<Timestamp>,
}

/// A link between a key and a cloud resource it protects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub key_id: String,
    pub resource_crn: String,
    pub created_by: String,
    pub creation_date: Timestamp,
    pub updated_by: String,
    pub last_updated: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub prevent_key_deletion: bool,
    pub key_version: VersionRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_metadata: Option<String>,
}

/// Aliases must be unique in an instance; the set of those in use.
pub type AliasIndex = BTreeSet<(String, String)>;
