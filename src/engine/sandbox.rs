//! The sandbox: one account, its users and instances, the virtual clock with its queue of scheduled
//! work, the seeded random source and the activity log. `apply` is the only way in for changes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use serde_json::{Map, Value};

use super::command::{Command, Outcome};
use super::crn::Crn;
use super::databases::{Deployment, Reclamation, Status, Timings};
use super::error::ApiError;
use super::events::{self, Credential, Event, Initiator, Observer, Reason, Target};
use super::iam::{self, Actor, Authorization, KpRole, PlatformRole, Roles, User};
use super::kms::{Instance, Key, KeyRing, Registration};
use super::rng::Rng;
use super::time::{Duration, Timestamp};

/// Regions a Key Protect instance can live in.
pub const REGIONS: [&str; 8] = [
    "us-south", "us-east", "eu-gb", "eu-de", "au-syd", "jp-tok", "jp-osa", "ca-tor",
];

pub struct Sandbox {
    pub(crate) seed: u64,
    pub(crate) now: Timestamp,
    pub(crate) rng: Rng,
    pub(crate) account: String,
    pub(crate) users: Vec<User>,
    /// Creation order is the order they are shown in.
    pub(crate) instances: Vec<Instance>,
    pub(crate) keys: BTreeMap<String, Key>,
    pub(crate) registrations: BTreeMap<(String, String), Registration>,
    pub(crate) authorizations: Vec<Authorization>,
    pub(crate) deployments: BTreeMap<String, Deployment>,
    pub(crate) reclamations: BTreeMap<String, Reclamation>,
    /// Force-deleted keys whose registered resources are still confirming the shred.
    pub(crate) shreds: BTreeMap<String, ShredTracking>,
    pub(crate) timings: Timings,
    queue: BinaryHeap<Reverse<Scheduled>>,
    pub(crate) events: Vec<Event>,
    counter: u64,
}

/// The resources a force-deleted key was protecting, until each confirms it discarded its DEK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShredTracking {
    pub deleted_at: Timestamp,
    pub outstanding: Vec<String>,
    pub confirmed: Vec<String>,
}

/// A key lifecycle event as Key Protect delivers it to registered services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyEvent {
    Rotate,
    Disable,
    Enable,
    Delete,
    Restore,
    Sync,
}

impl KeyEvent {
    pub fn name(self) -> &'static str {
        match self {
            KeyEvent::Rotate => "rotate",
            KeyEvent::Disable => "disable",
            KeyEvent::Enable => "enable",
            KeyEvent::Delete => "delete",
            KeyEvent::Restore => "restore",
            KeyEvent::Sync => "sync",
        }
    }
}

/// Work the clock will do at a given instant. Items are not cancelled when their reason goes away;
/// each checks, when it falls due, that the key still expects it (lazy deletion keeps every change O(log n)).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// The key reaches its expirationDate: Active or Suspended -> Deactivated.
    Expire(String),
    /// The key's rotation policy is due.
    AutoRotate(String),
    /// A setKeyForDeletion authorization lapses after 7 days.
    DualAuthLapse(String),
    /// 90 days after deletion Key Protect purges the key.
    AutoPurge(String),
    /// A deployment finishes provisioning.
    ProvisionDone(String),
    /// A key event reaches a registered deployment after the propagation delay.
    KeyNotice {
        deployment: String,
        key: String,
        event: KeyEvent,
    },
    /// A deployment's "syncing KMS state" task ends.
    SyncDone { deployment: String, task: String },
    /// A reclamation period ends: the deployment is deleted for good.
    Reclaim(String),
    /// Four hours after a force delete: resources that have not confirmed the shred are reported.
    ShredDeadline(String),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Scheduled {
    at: Timestamp,
    seq: u64,
    item: Item,
}

/// One scheduled item as the views show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Pending {
    pub at: Timestamp,
    pub what: String,
    pub key: String,
}

/// What a request leaves for its activity event, filled in as the handler learns it.
#[derive(Default)]
pub(crate) struct Trace {
    pub target: Option<(String, String)>,
    pub request: Map<String, Value>,
    pub response: Map<String, Value>,
    pub correlation_id: Option<String>,
    /// The status to log when the outcome alone does not say it (work done by the clock).
    pub status: Option<u16>,
}

impl Trace {
    pub fn req(&mut self, name: &str, value: impl Into<Value>) {
        self.request.insert(name.into(), value.into());
    }
    pub fn resp(&mut self, name: &str, value: impl Into<Value>) {
        self.response.insert(name.into(), value.into());
    }
}

impl Sandbox {
    /// A new sandbox: an account with its owner and three more users, and one Key Protect instance in
    /// us-south, so a reader can start at the first step of the documentation.
    pub fn new(seed: u64) -> Sandbox {
        let mut rng = Rng::new(seed);
        let account = rng.hex_id(32);
        let users = iam::default_users(|| rng.hex_id(10));
        let mut sandbox = Sandbox {
            seed,
            now: Timestamp::START,
            rng,
            account,
            users,
            instances: Vec::new(),
            keys: BTreeMap::new(),
            registrations: BTreeMap::new(),
            authorizations: Vec::new(),
            deployments: BTreeMap::new(),
            reclamations: BTreeMap::new(),
            shreds: BTreeMap::new(),
            timings: Timings::default(),
            queue: BinaryHeap::new(),
            events: Vec::new(),
            counter: 0,
        };
        let owner = sandbox.users[0].id.clone();
        sandbox
            .apply(
                &Actor::User(owner),
                Command::CreateInstance {
                    name: "Key Protect-sandbox".into(),
                    region: "us-south".into(),
                },
            )
            .expect("the first instance is always valid");
        sandbox
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    pub fn users(&self) -> &[User] {
        &self.users
    }

    pub fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users.iter().find(|u| u.token == token)
    }

    pub fn user_by_name(&self, name: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.name == name || u.id == name || u.email == name)
    }

    /// The bearer token of the sandbox's stand-in resource service (see [`iam::RESOURCE_SERVICE`]).
    pub fn service_token(&self) -> String {
        format!("sandbox-service-{}", &self.account[..12])
    }

    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }

    pub fn instance(&self, guid: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.guid == guid)
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Every key that is not purged, in creation order.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        let mut keys: Vec<&Key> = self.keys.values().collect();
        super::sort::sort_by_key(&mut keys, |k| k.seq);
        keys.into_iter()
    }

    pub fn key(&self, id: &str) -> Option<&Key> {
        self.keys.get(id)
    }

    pub fn registrations(&self) -> impl Iterator<Item = &Registration> {
        self.registrations.values()
    }

    pub fn authorizations(&self) -> &[Authorization] {
        &self.authorizations
    }

    /// Every deployment that exists (reclaimable ones included), in creation order.
    pub fn deployments(&self) -> impl Iterator<Item = &Deployment> {
        let mut all: Vec<&Deployment> = self.deployments.values().collect();
        super::sort::sort_by_key(&mut all, |d| d.seq);
        all.into_iter()
    }

    pub fn deployment(&self, guid: &str) -> Option<&Deployment> {
        self.deployments.get(guid)
    }

    pub fn reclamations(&self) -> impl Iterator<Item = &Reclamation> {
        self.reclamations.values()
    }

    pub fn timings(&self) -> Timings {
        self.timings
    }

    /// Scheduled work that still applies, soonest first.
    pub fn pending(&self) -> Vec<Pending> {
        let mut items: Vec<&Scheduled> = self
            .queue
            .iter()
            .map(|r| &r.0)
            .filter(|s| self.still_due(s))
            .collect();
        super::sort::sort_by(&mut items, |a, b| a.cmp(b));
        items
            .into_iter()
            .map(|s| {
                let (what, subject) = match &s.item {
                    Item::Expire(k) => ("key expires".to_string(), k),
                    Item::AutoRotate(k) => ("rotation policy rotates the key".to_string(), k),
                    Item::DualAuthLapse(k) => {
                        ("dual-authorization deletion window ends".to_string(), k)
                    }
                    Item::AutoPurge(k) => ("deleted key is purged".to_string(), k),
                    Item::ProvisionDone(d) => ("deployment finishes provisioning".to_string(), d),
                    Item::KeyNotice {
                        deployment, event, ..
                    } => (
                        format!("key {} event reaches the deployment", event.name()),
                        deployment,
                    ),
                    Item::SyncDone { deployment, .. } => (
                        "deployment finishes syncing KMS state".to_string(),
                        deployment,
                    ),
                    Item::Reclaim(r) => (
                        "reclamation period ends: the deployment is deleted for good".to_string(),
                        r,
                    ),
                    Item::ShredDeadline(k) => (
                        "deadline for registered resources to confirm the shred".to_string(),
                        k,
                    ),
                };
                Pending {
                    at: s.at,
                    what,
                    key: subject.clone(),
                }
            })
            .collect()
    }

    /// How many items sit in the clock's queue, including ones that no longer apply.
    pub fn queue_len(&self) -> usize {
        self.queue.len()
    }

    /// Takes one command as `actor`. Every command appends exactly one activity event, whether it
    /// succeeds or not; a refused command changes nothing else.
    pub fn apply(&mut self, actor: &Actor, command: Command) -> Result<Outcome, ApiError> {
        match command {
            Command::Kms { instance, op } => self.apply_kms(actor, &instance, op, None),
            Command::CreateInstance { name, region } => self.create_instance(actor, name, region),
            Command::DeleteInstance { instance } => self.delete_instance(actor, &instance),
            Command::SetKmsRoles { user, roles } => self.set_roles(actor, &user, &roles),
            Command::SetDatabaseRole { user, role } => self.set_database_role(actor, &user, role),
            Command::SetTimings {
                reclamation_period,
                provisioning_time,
                propagation_delay,
            } => self.set_timings(
                actor,
                reclamation_period,
                provisioning_time,
                propagation_delay,
            ),
            Command::Iam(op) => self.apply_iam(actor, op),
            Command::Db(op) => self.apply_db(actor, op),
        }
    }

    /// Moves the clock forward by `d`, doing every piece of scheduled work that falls due, in order.
    pub fn advance(&mut self, d: Duration) {
        self.advance_to(self.now + d)
    }

    /// Moves the clock to `t` (never backwards), doing every scheduled item due by then, each at its
    /// own instant.
    pub fn advance_to(&mut self, t: Timestamp) {
        while let Some(Reverse(next)) = self.queue.peek() {
            if next.at > t {
                break;
            }
            let Reverse(next) = self.queue.pop().expect("peeked");
            if next.at > self.now {
                self.now = next.at;
            }
            if self.still_due(&next) {
                self.fire(next.item);
            }
        }
        if t > self.now {
            self.now = t;
        }
    }

    /// The instant of the next scheduled item that still applies.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.queue
            .iter()
            .map(|r| &r.0)
            .filter(|s| self.still_due(s))
            .map(|s| s.at)
            .min()
    }

    /// A number no earlier call returned: creation order for keys, deployments and queued items.
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    pub(crate) fn schedule(&mut self, at: Timestamp, item: Item) {
        self.counter += 1;
        self.queue.push(Reverse(Scheduled {
            at,
            seq: self.counter,
            item,
        }));
    }

    fn still_due(&self, s: &Scheduled) -> bool {
        let key = |id: &String| self.keys.get(id);
        match &s.item {
            Item::Expire(id) => key(id).is_some_and(|k| k.expiration == Some(s.at)),
            Item::AutoRotate(id) => key(id).is_some_and(|k| k.next_rotation == Some(s.at)),
            Item::DualAuthLapse(id) => key(id).is_some_and(|k| {
                k.set_for_deletion
                    .as_ref()
                    .is_some_and(|d| d.expires == s.at)
            }),
            Item::AutoPurge(id) => key(id).is_some_and(|k| {
                k.deletion
                    .as_ref()
                    .is_some_and(|d| d.at + super::kms::PURGE_AFTER == s.at)
            }),
            Item::ProvisionDone(d) => self.deployments.get(d).is_some_and(
                |d| matches!(d.status, Status::Provisioning { ready_at, .. } if ready_at == s.at),
            ),
            Item::KeyNotice { deployment, .. } => self.deployments.contains_key(deployment),
            Item::SyncDone { deployment, task } => self
                .deployments
                .get(deployment)
                .is_some_and(|d| d.tasks.iter().any(|t| &t.id == task)),
            Item::Reclaim(r) => self
                .reclamations
                .get(r)
                .is_some_and(|r| r.target_time == s.at),
            Item::ShredDeadline(k) => self
                .shreds
                .get(k)
                .is_some_and(|t| t.deleted_at + super::databases::SHRED_CONFIRM_WINDOW == s.at),
        }
    }

    fn fire(&mut self, item: Item) {
        match item {
            Item::Expire(id) => self.expire_key(&id),
            Item::AutoRotate(id) => self.auto_rotate(&id),
            Item::DualAuthLapse(id) => {
                if let Some(k) = self.keys.get_mut(&id) {
                    k.set_for_deletion = None;
                }
            }
            Item::AutoPurge(id) => self.auto_purge(&id),
            Item::ProvisionDone(d) => self.provision_done(&d),
            Item::KeyNotice {
                deployment,
                key,
                event,
            } => self.key_notice(&deployment, &key, event),
            Item::SyncDone { deployment, task } => self.sync_done(&deployment, &task),
            Item::Reclaim(r) => {
                let _ = self.reclaim(&Actor::ResourceController, &r);
            }
            Item::ShredDeadline(k) => self.shred_deadline(&k),
        }
    }

    // --- Sandbox-level commands -------------------------------------------------------------

    fn create_instance(
        &mut self,
        actor: &Actor,
        name: String,
        region: String,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("name", name.clone());
        trace.req("region", region.clone());
        let result = (|| {
            self.require_owner(actor)?;
            if !REGIONS.contains(&region.as_str()) {
                return Err(ApiError::invalid_field(
                    "region",
                    format!("one of {}", REGIONS.join(", ")),
                ));
            }
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 180 {
                return Err(ApiError::invalid_field("name", "1 to 180 characters"));
            }
            let guid = self.rng.uuid();
            let crn = Crn::instance("kms", &region, &self.account, &guid).to_string();
            let mut key_rings = BTreeMap::new();
            key_rings.insert(
                "default".to_string(),
                KeyRing {
                    id: "default".into(),
                    created: self.now,
                    created_by: self.actor_id(actor),
                },
            );
            trace.target = Some((crn.clone(), name.clone()));
            self.instances.push(Instance {
                guid: guid.clone(),
                name,
                region,
                crn: crn.clone(),
                created: self.now,
                key_rings,
                dual_auth_delete: None,
            });
            Ok(Outcome::Instance { guid, crn })
        })();
        self.record(
            actor,
            "kms.instance.create",
            "Key Protect: create instance",
            "kms/instance",
            false,
            &result,
            trace,
            ("Instance", "created"),
        );
        result
    }

    fn delete_instance(&mut self, actor: &Actor, guid: &str) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self
                .instances
                .iter()
                .position(|i| i.guid == guid)
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "INSTANCE_NOT_FOUND_ERR",
                        format!("Key Protect instance '{guid}' does not exist"),
                    )
                })?;
            trace.target = Some((
                self.instances[idx].crn.clone(),
                self.instances[idx].name.clone(),
            ));
            let keys = self.keys.values().filter(|k| k.instance == guid).count();
            if keys > 0 {
                return Err(ApiError::new(
                    409,
                    "INSTANCE_NOT_EMPTY_ERR",
                    format!("The instance still holds {keys} key(s), deleted ones included until they are purged: purge every key first"),
                ));
            }
            self.instances.remove(idx);
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "kms.instance.delete",
            "Key Protect: delete instance",
            "kms/instance",
            false,
            &result,
            trace,
            ("Instance", "deleted"),
        );
        result
    }

    fn set_roles(
        &mut self,
        actor: &Actor,
        user: &str,
        roles: &[KpRole],
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("roles", roles.iter().map(|r| r.name()).collect::<Vec<_>>());
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self
                .users
                .iter()
                .position(|u| u.name == user || u.id == user)
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "USER_NOT_FOUND_ERR",
                        format!("There is no user '{user}' in this account"),
                    )
                })?;
            trace.target = Some((self.users[idx].id.clone(), self.users[idx].email.clone()));
            self.users[idx].kms_roles = Roles::of(roles);
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "iam-am.policy.update",
            "IAM Access Management: update policy",
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "updated"),
        );
        result
    }

    fn set_database_role(
        &mut self,
        actor: &Actor,
        user: &str,
        role: PlatformRole,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("databaseRole", role.name());
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self
                .users
                .iter()
                .position(|u| u.name == user || u.id == user)
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "USER_NOT_FOUND_ERR",
                        format!("There is no user '{user}' in this account"),
                    )
                })?;
            trace.target = Some((self.users[idx].id.clone(), self.users[idx].email.clone()));
            self.users[idx].database_role = role;
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "iam-am.policy.update",
            "IAM Access Management: update policy",
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "updated"),
        );
        result
    }

    fn set_timings(
        &mut self,
        actor: &Actor,
        reclamation_period: Option<Duration>,
        provisioning_time: Option<Duration>,
        propagation_delay: Option<Duration>,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let result = (|| {
            self.require_owner(actor)?;
            let mut t = self.timings;
            if let Some(d) = reclamation_period {
                if d < Duration::days(1) || d > Duration::days(9) {
                    return Err(ApiError::invalid_field(
                        "reclamationPeriod",
                        "from 1d to 9d",
                    ));
                }
                t.reclamation_period = d;
            }
            if let Some(d) = provisioning_time {
                if d < Duration::ZERO || d > Duration::days(1) {
                    return Err(ApiError::invalid_field("provisioningTime", "from 0s to 1d"));
                }
                t.provisioning_time = d;
            }
            if let Some(d) = propagation_delay {
                if d < Duration::ZERO || d > Duration::hours(4) {
                    return Err(ApiError::invalid_field("propagationDelay", "from 0s to 4h"));
                }
                t.propagation_delay = d;
            }
            trace.req("reclamationPeriod", t.reclamation_period.to_string());
            trace.req("provisioningTime", t.provisioning_time.to_string());
            trace.req("propagationDelay", t.propagation_delay.to_string());
            self.timings = t;
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "sandbox.settings.update",
            "Sandbox: update settings",
            "sandbox/settings",
            false,
            &result,
            trace,
            ("Settings", "updated"),
        );
        result
    }

    fn require_owner(&self, actor: &Actor) -> Result<(), ApiError> {
        match actor {
            Actor::User(id) if self.users.iter().any(|u| &u.id == id && u.owner) => Ok(()),
            _ => Err(ApiError::new(
                403,
                "FORBIDDEN_ERR",
                "Only the account owner can do this: manage roles, Key Protect instances and the sandbox's settings",
            )),
        }
    }

    // --- Identity and events ----------------------------------------------------------------

    /// The id events and key fields (`createdBy`, `deletedBy`) record for an actor.
    pub(crate) fn actor_id(&self, actor: &Actor) -> String {
        match actor {
            Actor::User(id) => id.clone(),
            Actor::Service { name, .. } => format!("iam-ServiceId-{name}"),
            Actor::KeyProtect => "kms".into(),
            Actor::ResourceController => "resource-controller".into(),
            Actor::Anonymous => "unknown".into(),
        }
    }

    fn initiator(&self, actor: &Actor) -> Initiator {
        let (name, type_uri) = match actor {
            Actor::User(id) => (
                self.users
                    .iter()
                    .find(|u| &u.id == id)
                    .map(|u| u.email.clone())
                    .unwrap_or_default(),
                "service/security/account/user",
            ),
            Actor::Service { name, .. } => (name.clone(), "service/security/account/serviceid"),
            Actor::KeyProtect => ("Key Protect".into(), "service/security/account/service"),
            Actor::ResourceController => (
                "Resource Controller".into(),
                "service/security/account/service",
            ),
            Actor::Anonymous => ("unknown".into(), "service/security/account/user"),
        };
        Initiator {
            id: self.actor_id(actor),
            name,
            type_uri,
            credential: Credential { kind: "token" },
        }
    }

    /// Appends the one activity event of a request.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        actor: &Actor,
        action: &str,
        says: &str,
        type_uri: &'static str,
        data_event: bool,
        result: &Result<Outcome, ApiError>,
        trace: Trace,
        object_verb: (&str, &str),
    ) {
        let log_source = self
            .instances
            .first()
            .map(|i| i.crn.clone())
            .unwrap_or_default();
        let (target_id, target_name) = trace
            .target
            .unwrap_or_else(|| (log_source.clone(), String::new()));
        let (status, failure) = match result {
            Ok(outcome) => (
                trace
                    .status
                    .unwrap_or_else(|| success_status(action, outcome)),
                None,
            ),
            Err(e) => (e.status, Some(e)),
        };
        let mut response = trace.response;
        if let Some(e) = failure {
            response.insert(
                "error".into(),
                Value::String(format!(
                    "{}: {} could not be {} ({}): {}",
                    e.status_text(),
                    object_verb.0,
                    object_verb.1,
                    e.code,
                    e.message
                )),
            );
        }
        let correlation_id = trace.correlation_id.unwrap_or_else(|| self.rng.uuid());
        let event = Event {
            seq: self.events.len() as u64 + 1,
            event_time: self.now,
            action: action.to_string(),
            outcome: if failure.is_some() {
                "failure"
            } else {
                "success"
            },
            severity: events::severity(action, status),
            message: format!("{says}{}", if failure.is_some() { " -failure" } else { "" }),
            reason: Reason {
                reason_code: status,
                reason_type: events::reason_type(status),
                reason_for_failure: failure.map(|e| e.message.clone()),
            },
            initiator: self.initiator(actor),
            target: Target {
                id: target_id,
                name: target_name,
                type_uri,
            },
            observer: Observer {
                name: "ActivityTracker",
            },
            request_data: Value::Object(trace.request),
            response_data: Value::Object(response),
            correlation_id,
            data_event,
            save_service_copy: true,
            log_source_crn: log_source,
        };
        self.events.push(event);
    }

    /// Appends an event for work Key Protect does on its own (expiry, rotation policy, purge).
    pub(crate) fn record_system(&mut self, action: &str, says: &str, mut trace: Trace) {
        trace.status = Some(200);
        self.record(
            &Actor::KeyProtect,
            action,
            says,
            "kms/secrets",
            false,
            &Ok(Outcome::Done),
            trace,
            ("Key", "changed"),
        );
    }
}

/// The HTTP status a success answers with, as the request face returns it.
pub(crate) fn success_status(action: &str, outcome: &Outcome) -> u16 {
    match (action, outcome) {
        ("kms.key-rings.create", _) => 201,
        (_, Outcome::Done) => 204,
        (
            "kms.secrets.create"
            | "kms.secrets.restore"
            | "kms.registrations.create"
            | "iam-am.policy.create",
            _,
        ) => 201,
        ("kms.instance.create", _) => 201,
        _ => 200,
    }
}
