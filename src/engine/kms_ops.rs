//! Key Protect's operations: what each command checks, in the order the real service checks it,
//! and what it changes. Each handler either returns an error having changed nothing, or succeeds.

use serde_json::Value;

use super::command::{KmsOp, Outcome, PolicyKind, PolicyView, RegistrationQuery};
use super::crn::Crn;
use super::crypto::{aad_bytes, b64, unb64, Cipher, WrappedBlob};
use super::error::ApiError;
use super::iam::{Actor, KpRole, ServiceRole, RESOURCE_SERVICE};
use super::kms::*;
use super::sandbox::{Item, KeyEvent, Sandbox, Trace};

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
            PurgeKey { key } => {
                let id = self.resolve(instance, &key, trace)?;
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
            Disable { key } => {
                let id = self.resolve_live(instance, &key, trace)?;
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
            Enable { key } => {
                let id = self.resolve_live(instance, &key, trace)?;
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
            SetKeyForDeletion { key } => {
                let id = self.resolve_live(instance, &key, trace)?;
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
            UnsetKeyForDeletion { key } => {
                let id = self.resolve_live(instance, &key, trace)?;
                let k = self.keys.get_mut(&id).expect("resolved");
                if !k.dual_auth_enabled() {
                    return Err(not_dual_auth());
                }
                k.set_for_deletion = None;
                Ok(Outcome::Done)
            }
            Sync { key } => {
                let id = self.resolve(instance, &key, trace)?;
                let now = self.now;
                let k = self.keys.get_mut(&id).expect("resolved");
                if k.last_sync.is_some_and(|t| now < t + SYNC_COOLDOWN) {
                    return Err(ApiError::too_early());
                }
                k.last_sync = Some(now);
                Ok(Outcome::Done)
            }
            GetPolicies { key, only } => {
                let id = self.resolve(instance, &key, trace)?;
                Ok(Outcome::Policies(self.key_policies(&id, only)))
            }
            SetPolicies {
                key,
                rotation,
                dual_auth_delete,
            } => {
                let id = self.resolve_live(instance, &key, trace)?;
                let (now, by) = (self.now, self.actor_id(actor));
                let k = self.keys.get_mut(&id).expect("resolved");
                if rotation.is_some() && !k.is_root() {
                    return Err(ApiError::root_required());
                }
                if let Some(policy) = rotation {
                    match &mut k.rotation {
                        Some(stamp) => stamp.update(policy, now, &by),
                        None => k.rotation = Some(PolicyStamp::new(policy, now, &by)),
                    }
                    trace.req("rotationIntervalMonth", policy.interval_month);
                    trace.req("rotationEnabled", policy.enabled);
                }
                if let Some(enabled) = dual_auth_delete {
                    match &mut k.dual_auth {
                        Some(stamp) => stamp.update(enabled, now, &by),
                        None => k.dual_auth = Some(PolicyStamp::new(enabled, now, &by)),
                    }
                    if !enabled {
                        k.set_for_deletion = None;
                    }
                    trace.req("dualAuthDeleteEnabled", enabled);
                }
                k.last_updated = now;
                self.reschedule_rotation(&id);
                let only = match (rotation.is_some(), dual_auth_delete.is_some()) {
                    (true, false) => Some(PolicyKind::Rotation),
                    (false, true) => Some(PolicyKind::DualAuthDelete),
                    _ => None,
                };
                Ok(Outcome::Policies(self.key_policies(&id, only)))
            }
            GetInstancePolicies { only } => {
                let inst = self.instance(instance).expect("checked");
                let policies = match (&inst.dual_auth_delete, only) {
                    (Some(p), None | Some(PolicyKind::DualAuthDelete)) => vec![PolicyView {
                        kind: PolicyKind::DualAuthDelete,
                        crn: inst.crn.clone(),
                        rotation: None,
                        dual_auth_delete: Some(p.value),
                        created: p.created,
                        created_by: p.created_by.clone(),
                        updated: p.updated,
                        updated_by: p.updated_by.clone(),
                    }],
                    _ => Vec::new(),
                };
                Ok(Outcome::Policies(policies))
            }
            SetInstancePolicies { dual_auth_delete } => {
                let (now, by) = (self.now, self.actor_id(actor));
                let inst = self
                    .instances
                    .iter_mut()
                    .find(|i| i.guid == instance)
                    .expect("checked");
                match &mut inst.dual_auth_delete {
                    Some(p) => p.update(dual_auth_delete, now, &by),
                    None => {
                        inst.dual_auth_delete = Some(PolicyStamp::new(dual_auth_delete, now, &by))
                    }
                }
                trace.req("dualAuthDeleteEnabled", dual_auth_delete);
                Ok(Outcome::Done)
            }
            ListRegistrations { key, query } => {
                let key_id = match key {
                    Some(k) => Some(self.resolve(instance, &k, trace)?),
                    None => None,
                };
                let (registrations, total) =
                    self.query_registrations(instance, key_id.as_deref(), &query);
                trace.resp("totalResources", total);
                Ok(Outcome::Registrations {
                    registrations,
                    total,
                })
            }
            CreateRegistration {
                key,
                resource_crn,
                prevent_key_deletion,
                description,
                key_version,
            } => {
                let id = self.resolve(instance, &key, trace)?;
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
                let by = self.actor_id(actor);
                let version_invalid = || {
                    ApiError::new(422, "KEY_VERSION_INVALID", "This request requires that the key version is later than current registration key version")
                };
                let position = |id: &str| k.versions.iter().position(|v| v.id == id);
                let version = match &key_version {
                    Some(v) => {
                        let at = position(v).ok_or_else(version_invalid)?;
                        let existing = self.registrations.get(&(id.clone(), resource_crn.clone()));
                        if existing.is_some_and(|r| {
                            position(&r.key_version.id).is_some_and(|old| old > at)
                        }) {
                            return Err(version_invalid());
                        }
                        VersionRef {
                            id: v.clone(),
                            creation_date: k.versions[at].created,
                        }
                    }
                    None => VersionRef {
                        id: k.current().id.clone(),
                        creation_date: k.current().created,
                    },
                };
                let now = self.now;
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
            DeleteRegistration { key, resource_crn } => {
                let id = self.resolve(instance, &key, trace)?;
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
            ListKeyRings => {
                let inst = self.instance(instance).expect("checked");
                let rings = inst
                    .key_rings
                    .values()
                    .map(|r| super::command::KeyRingView {
                        id: r.id.clone(),
                        creation_date: r.created,
                        created_by: r.created_by.clone(),
                    })
                    .collect();
                Ok(Outcome::KeyRings(rings))
            }
            CreateKeyRing { id } => {
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
            DeleteKeyRing { id } => {
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
                if self
                    .keys
                    .values()
                    .any(|k| k.instance == instance && k.key_ring == id)
                {
                    return Err(ApiError::new(
                        409,
                        "KEY_RING_NOT_EMPTY_ERR",
                        "The key ring still holds deleted keys that are not purged",
                    ));
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
    }

    fn authorize(&self, actor: &Actor, instance: &str, need: Need) -> Result<(), ApiError> {
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
    fn resolve(&self, instance: &str, key: &str, trace: &mut Trace) -> Result<String, ApiError> {
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
    fn resolve_live(
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

    fn create_key(
        &mut self,
        actor: &Actor,
        instance: &str,
        new: super::command::NewKey,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
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
            if !shaped || super::api::is_uuid(alias) {
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
            Some(p) if new.extractable => {
                if p.is_empty() || p.len() > MAX_STANDARD_PAYLOAD {
                    return Err(ApiError::invalid_field(
                        "payload",
                        "base64 encoded data of 1 to 7,500 bytes",
                    ));
                }
                p
            }
            Some(p) => {
                if ![16, 24, 32].contains(&p.len()) {
                    return Err(ApiError::invalid_field("payload", "a base64 encoded key material of 128, 192 or 256 bits (16, 24 or 32 bytes)"));
                }
                p
            }
            None => self.rng.bytes::<32>().to_vec(),
        };
        let dual_auth = dual_auth.then(|| PolicyStamp::new(true, self.now, "kms"));
        let account = self.account.clone();
        let id = self.rng.uuid();
        let crn = Crn::key(&region, &account, instance, &id).to_string();
        let cipher =
            Cipher::new(&material).unwrap_or_else(|| Cipher::new(&[0u8; 32]).expect("32 bytes"));
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
            versions: vec![KeyVersion {
                id: id.clone(),
                created: self.now,
                material,
                cipher,
            }],
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

    fn delete_key(
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
    fn purge(&mut self, id: &str, trace: &mut Trace) -> KeyView {
        let key = self.keys.remove(id).expect("purging an existing key");
        self.registrations.retain(|(k, _), _| k != id);
        let d = key.deletion.as_ref().expect("only deleted keys are purged");
        trace.resp("deletionDate", d.at.to_string());
        trace.resp("purgeAllowedFrom", (d.at + PURGE_WAIT).to_string());
        trace.resp("purgeEligibleOn", (d.at + PURGE_AFTER).to_string());
        key.view(self.now, false)
    }

    fn restore_key(
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

    fn wrap(
        &mut self,
        instance: &str,
        key: &str,
        plaintext: Option<Vec<u8>>,
        aad: &[String],
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        check_aad(aad)?;
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.state != KeyState::Active {
            return Err(ApiError::invalid_state());
        }
        if let Some(p) = &plaintext {
            if p.is_empty() || p.len() > MAX_STANDARD_PAYLOAD {
                return Err(ApiError::invalid_field(
                    "plaintext",
                    "a base64 encoded key material of 1 to 7,500 bytes",
                ));
            }
        }
        let generated = plaintext.is_none();
        let dek = plaintext.unwrap_or_else(|| self.rng.bytes::<32>().to_vec());
        let iv: [u8; 12] = self.rng.bytes();
        let k = &self.keys[&id];
        let version = k.current();
        let blob = WrappedBlob {
            sealed: version.cipher.seal(&iv, &aad_bytes(aad), &dek),
            iv,
            handle: version.id.clone(),
        };
        trace.resp("keyVersionId", version.id.clone());
        Ok(Outcome::Wrapped {
            ciphertext: blob.encode(),
            key_version: version.id.clone(),
            plaintext: generated.then(|| b64(&dek)),
        })
    }

    /// Unwrap, or rewrap when `rewrap`: opens the DEK with the version that wrapped it and, when
    /// that is not the current version (or for a rewrap), seals it again under the current one.
    fn unwrap(
        &mut self,
        instance: &str,
        key: &str,
        ciphertext: &str,
        aad: &[String],
        rewrap: bool,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        check_aad(aad)?;
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if !matches!(k.state, KeyState::Active | KeyState::Deactivated) {
            return Err(ApiError::invalid_state());
        }
        if unb64(ciphertext).is_none() {
            return Err(ApiError::invalid_field(
                "ciphertext",
                "the original base64 encoded ciphertext from the wrap operation",
            ));
        }
        let unprocessable = || {
            ApiError::new(
                422,
                "UNPROCESSABLE_CIPHERTEXT_ERR",
                "The provided ciphertext is invalid or corrupted",
            )
        };
        let blob = WrappedBlob::decode(ciphertext).ok_or_else(unprocessable)?;
        let version = k.version(&blob.handle).ok_or_else(unprocessable)?;
        let aad_b = aad_bytes(aad);
        let dek = version
            .cipher
            .open(&blob.iv, &aad_b, &blob.sealed)
            .ok_or_else(unprocessable)?;
        let wrapped_with = version.id.clone();
        trace.resp("keyVersionId", wrapped_with.clone());
        let current_id = k.current().id.clone();
        let reseal = rewrap || (wrapped_with != current_id && k.state == KeyState::Active);
        let resealed = if reseal {
            let iv: [u8; 12] = self.rng.bytes();
            let k = &self.keys[&id];
            let blob = WrappedBlob {
                sealed: k.current().cipher.seal(&iv, &aad_b, &dek),
                iv,
                handle: current_id.clone(),
            };
            trace.resp("rewrappedKeyVersionId", current_id.clone());
            Some(blob.encode())
        } else {
            None
        };
        Ok(match (rewrap, resealed) {
            (true, Some(ciphertext)) => Outcome::Rewrapped {
                ciphertext,
                key_version: wrapped_with,
                rewrapped_key_version: current_id,
            },
            (_, resealed) => Outcome::Unwrapped {
                plaintext: b64(&dek),
                key_version: wrapped_with,
                rewrapped: resealed.map(|c| (c, current_id)),
            },
        })
    }

    fn rotate_key(
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
    fn new_version(&mut self, id: &str, material: Vec<u8>) -> String {
        let version_id = self.rng.uuid();
        let now = self.now;
        let cipher = Cipher::new(&material).expect("material sizes are checked before");
        let k = self.keys.get_mut(id).expect("an existing key");
        k.versions.push(KeyVersion {
            id: version_id.clone(),
            created: now,
            material,
            cipher,
        });
        k.last_rotated = Some(now);
        k.last_updated = now;
        version_id
    }

    /// Recomputes when the rotation policy next rotates the key, and schedules it.
    fn reschedule_rotation(&mut self, id: &str) {
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

    fn key_policies(&self, id: &str, only: Option<PolicyKind>) -> Vec<PolicyView> {
        let k = &self.keys[id];
        let mut out = Vec::new();
        let crn = |kind: &str| k.crn.replace(":key:", &format!(":policy-{kind}:"));
        if let (Some(p), None | Some(PolicyKind::Rotation)) = (&k.rotation, only) {
            out.push(PolicyView {
                kind: PolicyKind::Rotation,
                crn: crn("rotation"),
                rotation: Some(p.value),
                dual_auth_delete: None,
                created: p.created,
                created_by: p.created_by.clone(),
                updated: p.updated,
                updated_by: p.updated_by.clone(),
            });
        }
        if let (Some(p), None | Some(PolicyKind::DualAuthDelete)) = (&k.dual_auth, only) {
            out.push(PolicyView {
                kind: PolicyKind::DualAuthDelete,
                crn: crn("dualAuthDelete"),
                rotation: None,
                dual_auth_delete: Some(p.value),
                created: p.created,
                created_by: p.created_by.clone(),
                updated: p.updated,
                updated_by: p.updated_by.clone(),
            });
        }
        out
    }

    fn query_registrations(
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

use super::command::KeyQuery;

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

fn not_dual_auth() -> ApiError {
    ApiError::new(
        409,
        "NOT_DUAL_AUTH_ERR",
        "The key is not dual auth enabled and cannot be set for deletion",
    )
}

fn check_aad(aad: &[String]) -> Result<(), ApiError> {
    if aad.iter().any(|a| a.chars().count() > 255) {
        return Err(ApiError::invalid_field(
            "aad",
            "a list of strings of at most 255 characters each",
        ));
    }
    Ok(())
}

impl PolicyView {
    /// The policy as the API shows it.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::json!({
            "type": "application/vnd.ibm.kms.policy+json",
            "crn": self.crn,
            "createdBy": self.created_by,
            "creationDate": self.created,
            "updatedBy": self.updated_by,
            "lastUpdateDate": self.updated,
        });
        if let Some(r) = self.rotation {
            v["rotation"] =
                serde_json::json!({"enabled": r.enabled, "interval_month": r.interval_month});
        }
        if let Some(d) = self.dual_auth_delete {
            v["dualAuthDelete"] = serde_json::json!({"enabled": d});
        }
        v
    }
}
