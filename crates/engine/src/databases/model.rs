//! Cloud Databases: deployments whose disks are encrypted with a DEK that Key Protect wraps, their
//! small data plane, backups, and the soft-deletion (reclamation) that follows a delete.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::time::{Duration, Timestamp};

/// The eight database services that can protect their disks with a Key Protect root key.
pub const SERVICES: [(&str, &str); 8] = [
    ("databases-for-postgresql", "Databases for PostgreSQL"),
    ("databases-for-mongodb", "Databases for MongoDB"),
    ("databases-for-redis", "Databases for Redis"),
    ("databases-for-elasticsearch", "Databases for Elasticsearch"),
    ("databases-for-mysql", "Databases for MySQL"),
    ("databases-for-etcd", "Databases for etcd"),
    ("databases-for-enterprisedb", "Databases for EnterpriseDB"),
    ("messages-for-rabbitmq", "Messages for RabbitMQ"),
];

/// The display name of a database service ("Databases for PostgreSQL").
pub fn display_name(service: &str) -> Option<&'static str> {
    SERVICES
        .iter()
        .find(|(id, _)| *id == service)
        .map(|(_, name)| *name)
}

/// How long a rotation's "syncing KMS state" task takes.
pub const KMS_SYNC_TASK: Duration = Duration::minutes(10);
/// After a force delete, a registered resource has this long to confirm the shred.
pub const SHRED_CONFIRM_WINDOW: Duration = Duration::hours(4);

/// Sandbox settings a user may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// How long a deleted deployment stays reclaimable (1 to 9 days).
    pub reclamation_period: Duration,
    /// How long provisioning takes.
    pub provisioning_time: Duration,
    /// How long a key event takes to reach registered deployments (0 s to 4 h).
    pub propagation_delay: Duration,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            reclamation_period: Duration::days(9),
            provisioning_time: Duration::minutes(30),
            propagation_delay: Duration::minutes(5),
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a deployment cannot reach its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabledReason {
    /// The root key is Suspended (disabled); enabling it brings the deployment back.
    KeySuspended,
    /// The service could not unwrap its DEK (the authorization was removed); it recovers when the
    /// authorization is back.
    KeyNotAccessible { detail: String },
    /// The root key was destroyed: the DEK is gone and the data with it, for good.
    KeyDestroyed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Provisioning {
        started: Timestamp,
        ready_at: Timestamp,
    },
    Active,
    Disabled(DisabledReason),
    /// Soft-deleted: reclaimable until the reclamation's target time; `prior` comes back on restore.
    PendingReclamation {
        reclamation: String,
        prior: Box<Status>,
    },
}

impl Status {
    /// Resource Controller's `state`.
    pub fn rc_state(&self) -> &'static str {
        match self {
            Status::Provisioning { .. } => "provisioning",
            Status::Active => "active",
            Status::Disabled(_) => "inactive",
            Status::PendingReclamation { .. } => "pending_reclamation",
        }
    }
}

/// A background task with visible progress ("Provisioning deployment", "Syncing KMS state").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub description: String,
    pub started: Timestamp,
    pub ends: Timestamp,
    pub kind: TaskKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskKind {
    Provision,
    /// Rewrap the DEK under the key's newest version.
    KmsSync,
}

impl Task {
    pub fn progress_percent(&self, now: Timestamp) -> u8 {
        let total = (self.ends - self.started).0.max(1);
        let done = (now - self.started).0.clamp(0, total);
        (done * 100 / total) as u8
    }
}

/// One record as it sits on the encrypted disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    pub nonce: [u8; 12],
    /// AES-256-GCM ciphertext with its tag; the AAD is `<table>/<record id>`.
    pub sealed: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub id: String,
    pub created: Timestamp,
    /// The key that wraps the backup's own DEK: the backup key, else the disk key, else none
    /// (service-managed).
    pub key_crn: Option<String>,
    pub wrapped_dek: String,
    pub records: BTreeMap<(String, String), StoredRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub guid: String,
    /// Creation order, the order deployments are shown in.
    pub seq: u64,
    pub crn: String,
    pub name: String,
    pub service: String,
    pub region: String,
    pub plan: String,
    pub resource_group: String,
    pub created: Timestamp,
    pub created_by: String,
    pub status: Status,
    pub disk_key_crn: Option<String>,
    pub backup_key_crn: Option<String>,
    /// The DEK, wrapped by the root key (Key Protect's blob) or by the service-managed key.
    pub wrapped_dek: Option<String>,
    /// The root key version that wrapped the DEK.
    pub key_version: Option<String>,
    /// The DEK in memory while the disks are unlocked; gone when the key is suspended or shredded.
    pub dek: Option<[u8; 32]>,
    /// The service-managed key that wraps the DEK when no root key was given.
    pub service_key: Option<[u8; 32]>,
    /// Records by (table, record id).
    pub records: BTreeMap<(String, String), StoredRecord>,
    pub backups: Vec<Backup>,
    pub tasks: Vec<Task>,
}

impl Deployment {
    pub fn display_service(&self) -> &'static str {
        display_name(&self.service).unwrap_or("Cloud Databases")
    }

    pub fn is_shredded(&self) -> bool {
        let status = match &self.status {
            Status::PendingReclamation { prior, .. } => prior.as_ref(),
            s => s,
        };
        matches!(status, Status::Disabled(DisabledReason::KeyDestroyed))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reclamation {
    pub id: String,
    pub entity_id: String,
    pub entity_type_id: String,
    pub entity_crn: String,
    pub resource_instance_id: String,
    pub resource_group_id: String,
    pub account_id: String,
    pub policy_id: String,
    pub state: &'static str,
    pub target_time: Timestamp,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
}
