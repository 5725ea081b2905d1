//! Everything a user (or a service) can ask of the sandbox, as one closed set of typed commands, and
//! what a successful command answers. Every face builds these and goes through `Sandbox::apply`.

use super::databases::{DisabledReason, Reclamation};
use super::iam::{Authorization, KpRole, PlatformRole, ServiceRole};
use super::kms::{KeyView, Registration, RotationPolicy};
use super::time::{Duration, Timestamp};

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A Key Protect API operation on one instance.
    Kms { instance: String, op: KmsOp },
    /// Create a Key Protect instance (as Resource Controller would).
    CreateInstance { name: String, region: String },
    /// Delete a Key Protect instance that holds no keys.
    DeleteInstance { instance: String },
    /// The account owner changes a user's Key Protect roles.
    SetKmsRoles { user: String, roles: Vec<KpRole> },
    /// The account owner changes a user's platform role on database deployments.
    SetDatabaseRole { user: String, role: PlatformRole },
    /// The account owner changes the sandbox's timings; `None` keeps a timing as it is.
    SetTimings {
        reclamation_period: Option<Duration>,
        provisioning_time: Option<Duration>,
        propagation_delay: Option<Duration>,
    },
    /// IAM service-to-service authorizations.
    Iam(IamOp),
    /// Cloud Databases and Resource Controller.
    Db(DbOp),
}

#[derive(Clone, Debug, PartialEq)]
pub enum IamOp {
    CreateAuthorization(NewAuthorization),
    ListAuthorizations,
    GetAuthorization { id: String },
    DeleteAuthorization { id: String },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct NewAuthorization {
    pub source_service: String,
    pub source_instance: Option<String>,
    pub target_service: String,
    pub target_instance: Option<String>,
    pub roles: Vec<ServiceRole>,
}

/// A deployment named by GUID, CRN or name.
pub type DeploymentRef = String;

#[derive(Clone, Debug, PartialEq)]
pub enum DbOp {
    Provision(NewDeployment),
    ListDeployments,
    GetDeployment {
        id: DeploymentRef,
    },
    DeleteDeployment {
        id: DeploymentRef,
    },
    Restart {
        id: DeploymentRef,
    },
    WriteRecord {
        id: DeploymentRef,
        table: String,
        record: String,
        value: String,
    },
    ReadRecord {
        id: DeploymentRef,
        table: String,
        record: String,
    },
    ListRecords {
        id: DeploymentRef,
        table: String,
    },
    DeleteRecord {
        id: DeploymentRef,
        table: String,
        record: String,
    },
    Disk {
        id: DeploymentRef,
    },
    Backup {
        id: DeploymentRef,
    },
    ListBackups {
        id: DeploymentRef,
    },
    ReadBackup {
        id: DeploymentRef,
        backup: String,
    },
    ListTasks {
        id: DeploymentRef,
    },
    ListReclamations,
    RestoreReclamation {
        id: String,
    },
    Reclaim {
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct NewDeployment {
    pub name: String,
    pub service: String,
    pub region: String,
    pub plan: String,
    pub resource_group: Option<String>,
    pub disk_key_crn: Option<String>,
    pub backup_key_crn: Option<String>,
}

/// A key, named by id or by alias.
pub type KeyRef = String;

#[derive(Clone, Debug, PartialEq)]
pub enum KmsOp {
    CreateKey(NewKey),
    ListKeys(KeyQuery),
    CountKeys(KeyQuery),
    GetKey {
        key: KeyRef,
    },
    GetKeyMetadata {
        key: KeyRef,
    },
    DeleteKey {
        key: KeyRef,
        force: bool,
    },
    PurgeKey {
        key: KeyRef,
    },
    RestoreKey {
        key: KeyRef,
        payload: Option<Vec<u8>>,
    },
    ListVersions {
        key: KeyRef,
    },
    Wrap {
        key: KeyRef,
        plaintext: Option<Vec<u8>>,
        aad: Vec<String>,
    },
    Unwrap {
        key: KeyRef,
        ciphertext: String,
        aad: Vec<String>,
    },
    Rewrap {
        key: KeyRef,
        ciphertext: String,
        aad: Vec<String>,
    },
    Rotate {
        key: KeyRef,
        payload: Option<Vec<u8>>,
    },
    Disable {
        key: KeyRef,
    },
    Enable {
        key: KeyRef,
    },
    SetKeyForDeletion {
        key: KeyRef,
    },
    UnsetKeyForDeletion {
        key: KeyRef,
    },
    Sync {
        key: KeyRef,
    },
    GetPolicies {
        key: KeyRef,
        only: Option<PolicyKind>,
    },
    SetPolicies {
        key: KeyRef,
        rotation: Option<RotationPolicy>,
        dual_auth_delete: Option<bool>,
    },
    GetInstancePolicies {
        only: Option<PolicyKind>,
    },
    SetInstancePolicies {
        dual_auth_delete: bool,
    },
    ListRegistrations {
        key: Option<KeyRef>,
        query: RegistrationQuery,
    },
    CreateRegistration {
        key: KeyRef,
        resource_crn: String,
        prevent_key_deletion: bool,
        description: Option<String>,
        key_version: Option<String>,
    },
    DeleteRegistration {
        key: KeyRef,
        resource_crn: String,
    },
    ListKeyRings,
    CreateKeyRing {
        id: String,
    },
    /// `force`: a ring whose keys are all destroyed goes, its keys moving to `default`.
    DeleteKeyRing {
        id: String,
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Rotation,
    DualAuthDelete,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct NewKey {
    pub name: String,
    pub extractable: bool,
    /// Imported material; `None` generates it.
    pub payload: Option<Vec<u8>>,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub expiration: Option<Timestamp>,
    pub key_ring: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyQuery {
    pub limit: usize,
    pub offset: usize,
    /// States to include; by default every state but Destroyed.
    pub states: Vec<u8>,
    pub extractable: Option<bool>,
    pub sort: Vec<SortKey>,
    pub search: Option<Search>,
    pub filter: Vec<Filter>,
}

impl Default for KeyQuery {
    fn default() -> KeyQuery {
        KeyQuery {
            limit: 200,
            offset: 0,
            states: vec![0, 1, 2, 3],
            extractable: None,
            sort: Vec::new(),
            search: None,
            filter: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub field: KeyField,
    pub descending: bool,
}

/// Fields keys can be sorted and filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyField {
    Id,
    Name,
    State,
    Extractable,
    Imported,
    CreationDate,
    LastUpdateDate,
    LastRotateDate,
    DeletionDate,
    ExpirationDate,
}

impl KeyField {
    pub fn parse(name: &str) -> Option<KeyField> {
        Some(match name {
            "id" => KeyField::Id,
            "name" => KeyField::Name,
            "state" => KeyField::State,
            "extractable" => KeyField::Extractable,
            "imported" => KeyField::Imported,
            "creationDate" => KeyField::CreationDate,
            "lastUpdateDate" => KeyField::LastUpdateDate,
            "lastRotateDate" => KeyField::LastRotateDate,
            "deletionDate" => KeyField::DeletionDate,
            "expirationDate" => KeyField::ExpirationDate,
            _ => return None,
        })
    }

    pub fn is_date(self) -> bool {
        matches!(
            self,
            KeyField::CreationDate
                | KeyField::LastUpdateDate
                | KeyField::LastRotateDate
                | KeyField::DeletionDate
                | KeyField::ExpirationDate
        )
    }
}

/// `search=` on key listing: `[not:][exact:][name:|alias:]<text>`; without a scope both name and
/// aliases are searched, and without `exact:` the text may appear anywhere (case-insensitive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    pub text: String,
    pub exact: bool,
    pub negate: bool,
    pub in_name: bool,
    pub in_alias: bool,
}

/// One term of `filter=`: `creationDate=gte:"2026-01-01T00:00:00Z"`, `state=1`, `extractable=true`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Date {
        field: KeyField,
        op: Compare,
        at: Option<Timestamp>,
    },
    States(Vec<u8>),
    Extractable(bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationQuery {
    pub crn_pattern: Option<String>,
    pub prevent_key_deletion: Option<bool>,
    pub limit: usize,
    pub offset: usize,
}

impl Default for RegistrationQuery {
    fn default() -> RegistrationQuery {
        RegistrationQuery {
            crn_pattern: None,
            prevent_key_deletion: None,
            limit: 200,
            offset: 0,
        }
    }
}

/// What a successful command answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Key(Box<KeyView>),
    Keys {
        keys: Vec<KeyView>,
        total: usize,
    },
    Count(usize),
    /// Success with nothing to say (204).
    Done,
    Wrapped {
        ciphertext: String,
        key_version: String,
        plaintext: Option<String>,
    },
    Unwrapped {
        plaintext: String,
        key_version: String,
        rewrapped: Option<(String, String)>,
    },
    Rewrapped {
        ciphertext: String,
        key_version: String,
        rewrapped_key_version: String,
    },
    Versions(Vec<(String, Timestamp)>),
    Policies(Vec<PolicyView>),
    Registrations {
        registrations: Vec<Registration>,
        total: usize,
    },
    Registration(Box<Registration>),
    KeyRings(Vec<KeyRingView>),
    Instance {
        guid: String,
        crn: String,
    },
    Authorization(Box<Authorization>),
    Authorizations(Vec<Authorization>),
    Deployment(Box<DeploymentView>),
    Deployments(Vec<DeploymentView>),
    Record(RecordView),
    Records(Vec<RecordView>),
    Disk(DiskView),
    Task(TaskView),
    Tasks(Vec<TaskView>),
    Backups(Vec<BackupView>),
    Reclamation(Box<Reclamation>),
    Reclamations(Vec<Reclamation>),
}

/// A deployment as Resource Controller and Cloud Databases show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DeploymentView {
    pub guid: String,
    pub crn: String,
    pub name: String,
    pub service: String,
    pub service_name: &'static str,
    pub region: String,
    pub plan: String,
    pub resource_group: String,
    pub state: &'static str,
    pub disabled_reason: Option<DisabledReason>,
    pub cryptoshredded: bool,
    pub disk_encryption_key_crn: Option<String>,
    pub backup_encryption_key_crn: Option<String>,
    pub key_version: Option<String>,
    pub created_at: Timestamp,
    pub created_by: String,
    pub reclamation_id: Option<String>,
    pub tasks: Vec<TaskView>,
    pub records: usize,
    pub backups: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TaskView {
    pub id: String,
    pub description: String,
    pub status: &'static str,
    pub deployment_id: String,
    pub progress_percent: u8,
    pub created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RecordView {
    pub table: String,
    pub id: String,
    pub value: String,
}

/// What is on a deployment's disk, as stored: every record's nonce and ciphertext.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DiskView {
    pub deployment_id: String,
    pub disk_encryption_key_crn: Option<String>,
    pub key_version: Option<String>,
    /// The wrapped DEK as stored, or `None` once discarded by a cryptoshred.
    pub wrapped_dek: Option<String>,
    pub locked: bool,
    pub blocks: Vec<DiskBlock>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DiskBlock {
    pub table: String,
    pub record: String,
    pub nonce: String,
    pub ciphertext: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BackupView {
    pub id: String,
    pub deployment_id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub status: &'static str,
    pub is_downloadable: bool,
    pub is_restorable: bool,
    pub created_at: Timestamp,
    pub key_crn: Option<String>,
    pub records: usize,
    /// Filled by `ReadBackup`: the records, decrypted, when the backup's key still opens it.
    pub contents: Option<Vec<RecordView>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyView {
    pub kind: PolicyKind,
    pub crn: String,
    pub rotation: Option<RotationPolicy>,
    pub dual_auth_delete: Option<bool>,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRingView {
    pub id: String,
    pub creation_date: Timestamp,
    pub created_by: String,
}

impl KmsOp {
    /// The key the operation is about, if any.
    pub fn key(&self) -> Option<&str> {
        use KmsOp::*;
        match self {
            GetKey { key }
            | GetKeyMetadata { key }
            | DeleteKey { key, .. }
            | PurgeKey { key }
            | RestoreKey { key, .. }
            | ListVersions { key }
            | Wrap { key, .. }
            | Unwrap { key, .. }
            | Rewrap { key, .. }
            | Rotate { key, .. }
            | Disable { key }
            | Enable { key }
            | SetKeyForDeletion { key }
            | UnsetKeyForDeletion { key }
            | Sync { key }
            | GetPolicies { key, .. }
            | SetPolicies { key, .. }
            | CreateRegistration { key, .. }
            | DeleteRegistration { key, .. } => Some(key),
            ListRegistrations { key, .. } => key.as_deref(),
            CreateKey(_)
            | ListKeys(_)
            | CountKeys(_)
            | GetInstancePolicies { .. }
            | SetInstancePolicies { .. } => None,
            ListKeyRings | CreateKeyRing { .. } | DeleteKeyRing { .. } => None,
        }
    }
}
