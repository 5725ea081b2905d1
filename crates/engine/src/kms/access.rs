//! Who may run each Key Protect operation (its role, or service only) and how it is logged
//! (`OpInfo`); finding the key a request names by id or alias.

use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::{Actor, KpRole, ServiceRole, RESOURCE_SERVICE};
use crate::sandbox::Sandbox;

/// Who may run an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Role(KpRole),
    /// Only a cloud service, acting service to service (registrations).
    Service,
}

/// How an operation appears in the activity log and in error messages.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    pub action: &'static str,
    /// The event message, e.g. "Key Protect: delete secret".
    pub says: &'static str,
    /// `errorMsg`: "<Status>: <object> could not be <verb>: ...".
    pub object: &'static str,
    pub verb: &'static str,
    pub need: Need,
    pub type_uri: &'static str,
    pub data_event: bool,
}

const fn info(
    action: &'static str,
    says: &'static str,
    object: &'static str,
    verb: &'static str,
    need: Need,
) -> OpInfo {
    OpInfo {
        action,
        says,
        object,
        verb,
        need,
        type_uri: "kms/secrets",
        data_event: false,
    }
}

impl KmsOp {
    pub fn info(&self) -> OpInfo {
        use KmsOp::*;
        use KpRole::*;
        let r = Need::Role;
        let data = |i: OpInfo| OpInfo {
            data_event: true,
            ..i
        };
        let typed = |i: OpInfo, t: &'static str| OpInfo { type_uri: t, ..i };
        match self {
            CreateKey(_) => info(
                "kms.secrets.create",
                "Key Protect: create secret",
                "Key",
                "created",
                r(Writer),
            ),
            ListKeys(_) => data(info(
                "kms.secrets.list",
                "Key Protect: list secrets",
                "Keys",
                "listed",
                r(Reader),
            )),
            CountKeys(_) => data(info(
                "kms.secrets.head",
                "Key Protect: head secrets",
                "Keys",
                "counted",
                r(Reader),
            )),
            GetKey { .. } => data(info(
                "kms.secrets.read",
                "Key Protect: read secret",
                "Key",
                "retrieved",
                r(ReaderPlus),
            )),
            GetKeyMetadata { .. } => data(info(
                "kms.secrets-metadata.read",
                "Key Protect: read secret metadata",
                "Key",
                "retrieved",
                r(Reader),
            )),
            DeleteKey { .. } => info(
                "kms.secrets.delete",
                "Key Protect: delete secret",
                "Key",
                "deleted",
                r(Manager),
            ),
            PurgeKey { .. } => info(
                "kms.secrets.purge",
                "Key Protect: purge secret",
                "Key",
                "purged",
                r(KeyPurge),
            ),
            RestoreKey { .. } => info(
                "kms.secrets.restore",
                "Key Protect: restore secret",
                "Key",
                "restored",
                r(Manager),
            ),
            ListVersions { .. } => data(info(
                "kms.secrets-key-versions.list",
                "Key Protect: list secret key versions",
                "Key versions",
                "retrieved",
                r(Reader),
            )),
            Wrap { .. } => data(info(
                "kms.secrets.wrap",
                "Key Protect: wrap secret",
                "Wrap with key",
                "performed",
                r(Reader),
            )),
            Unwrap { .. } => data(info(
                "kms.secrets.unwrap",
                "Key Protect: unwrap secret",
                "Unwrap with key",
                "performed",
                r(Reader),
            )),
            Rewrap { .. } => data(info(
                "kms.secrets.rewrap",
                "Key Protect: rewrap secret",
                "Rewrap with key",
                "performed",
                r(Reader),
            )),
            Rotate { .. } => info(
                "kms.secrets.rotate",
                "Key Protect: rotate secret",
                "Key",
                "rotated",
                r(Writer),
            ),
            Disable { .. } => info(
                "kms.secrets.disable",
                "Key Protect: disable secret",
                "Key",
                "disabled",
                r(Manager),
            ),
            Enable { .. } => info(
                "kms.secrets.enable",
                "Key Protect: enable secret",
                "Key",
                "enabled",
                r(Manager),
            ),
            SetKeyForDeletion { .. } => info(
                "kms.secrets.setkeyfordeletion",
                "Key Protect: set secret for deletion",
                "Action",
                "performed on key",
                r(Writer),
            ),
            UnsetKeyForDeletion { .. } => info(
                "kms.secrets.unsetkeyfordeletion",
                "Key Protect: unset secret for deletion",
                "Action",
                "performed on key",
                r(Writer),
            ),
            Sync { .. } => info(
                "kms.secrets.sync",
                "Key Protect: sync secret",
                "Action",
                "performed on key",
                r(Writer),
            ),
            GetPolicies { .. } => typed(
                info(
                    "kms.policies.read",
                    "Key Protect: read policies",
                    "Key policies",
                    "retrieved",
                    r(Manager),
                ),
                "kms/policies",
            ),
            SetPolicies { .. } => typed(
                info(
                    "kms.policies.write",
                    "Key Protect: write policies",
                    "Key policy",
                    "created",
                    r(Manager),
                ),
                "kms/policies",
            ),
            GetInstancePolicies { .. } => typed(
                info(
                    "kms.instance-policies.read",
                    "Key Protect: read instance policies",
                    "Instance policies",
                    "retrieved",
                    r(Manager),
                ),
                "kms/instancepolicies",
            ),
            SetInstancePolicies { .. } => typed(
                info(
                    "kms.instance-policies.write",
                    "Key Protect: write instance policies",
                    "Instance policy",
                    "created",
                    r(Manager),
                ),
                "kms/instancepolicies",
            ),
            ListRegistrations { .. } => typed(
                info(
                    "kms.registrations.list",
                    "Key Protect: list registrations",
                    "Registrations",
                    "retrieved",
                    r(Reader),
                ),
                "kms/registrations",
            ),
            CreateRegistration { .. } => typed(
                info(
                    "kms.registrations.create",
                    "Key Protect: create registration",
                    "Registration",
                    "created",
                    Need::Service,
                ),
                "kms/registrations",
            ),
            DeleteRegistration { .. } => typed(
                info(
                    "kms.registrations.delete",
                    "Key Protect: delete registration",
                    "Registration",
                    "deleted",
                    Need::Service,
                ),
                "kms/registrations",
            ),
            ListKeyRings => typed(
                info(
                    "kms.key-rings.list",
                    "Key Protect: list key-rings",
                    "Key rings",
                    "retrieved",
                    r(Reader),
                ),
                "kms/key-rings",
            ),
            CreateKeyRing { .. } => typed(
                info(
                    "kms.key-rings.create",
                    "Key Protect: create key-ring",
                    "Key ring",
                    "created",
                    r(Writer),
                ),
                "kms/key-rings",
            ),
            DeleteKeyRing { .. } => typed(
                info(
                    "kms.key-rings.delete",
                    "Key Protect: delete key-ring",
                    "Key ring",
                    "deleted",
                    r(Manager),
                ),
                "kms/key-rings",
            ),
        }
    }
}

impl Sandbox {
    pub(super) fn authorize(
        &self,
        actor: &Actor,
        instance: &str,
        need: Need,
    ) -> Result<(), ApiError> {
        let service_only = || {
            ApiError::new(
                403,
                "SERVICE_ONLY_ERR",
                "This action can only be done by a service (service to service)",
            )
        };
        match (actor, need) {
            (Actor::KeyProtect, _) => Ok(()),
            // A service manages the registrations of its own resources under its own identity, so
            // a deleted deployment's registration goes even after its authorization went.
            (Actor::Service { .. }, Need::Service) => Ok(()),
            // Services read keys and wrap or unwrap with them; what they may reach is decided by
            // service-to-service authorizations, not by user roles.
            (
                Actor::Service {
                    name,
                    instance: source,
                },
                Need::Role(KpRole::Reader),
            ) => {
                let authorized = name == RESOURCE_SERVICE
                    || self
                        .authorizations
                        .iter()
                        .any(|a| a.grants(name, source.as_deref(), instance, ServiceRole::Reader));
                if authorized {
                    Ok(())
                } else {
                    Err(ApiError::unauthorized())
                }
            }
            (Actor::User(_), Need::Service) => Err(service_only()),
            (Actor::User(id), Need::Role(role)) => {
                let user = self
                    .users
                    .iter()
                    .find(|u| &u.id == id)
                    .ok_or_else(ApiError::unauthorized)?;
                if user.kms_roles.allow(role) {
                    Ok(())
                } else {
                    Err(ApiError::unauthorized())
                }
            }
            _ => Err(ApiError::unauthorized()),
        }
    }

    /// A key of the instance by id or alias.
    pub(crate) fn find_key(&self, instance: &str, key: &str) -> Option<&Key> {
        match self.keys.get(key) {
            Some(k) if k.instance == instance => Some(k),
            _ => self
                .keys
                .values()
                .find(|k| k.instance == instance && k.aliases.iter().any(|a| a == key)),
        }
    }

    /// Finds a key of the instance by id or alias and names it as the event's target.
    pub(super) fn resolve(
        &self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<String, ApiError> {
        let found = match self.keys.get(key) {
            Some(k) if k.instance == instance => Some(k),
            _ => self
                .keys
                .values()
                .find(|k| k.instance == instance && k.aliases.iter().any(|a| a == key)),
        };
        let k = found.ok_or_else(ApiError::key_not_found)?;
        trace.target = Some((k.crn.clone(), k.name.clone()));
        trace.req("keyType", k.kind());
        trace.resp("keyId", k.id.clone());
        Ok(k.id.clone())
    }

    /// Like [`Sandbox::resolve`], refusing a destroyed key with 410.
    pub(super) fn resolve_live(
        &self,
        instance: &str,
        key: &str,
        trace: &mut Trace,
    ) -> Result<String, ApiError> {
        let id = self.resolve(instance, key, trace)?;
        if self.keys[&id].state == KeyState::Destroyed {
            return Err(ApiError::key_deleted());
        }
        Ok(id)
    }
}
