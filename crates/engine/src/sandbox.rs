//! The sandbox: one account, its users and instances, the virtual clock with its queue of scheduled
//! work, the seeded random source and the activity log. `apply` is the only way in for changes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::clock::Scheduled;
use super::command::{Command, Outcome};
use super::databases::{Deployment, Reclamation, Timings};
use super::error::ApiError;
use super::events::{Event, EventLog};
use super::iam::{self, Actor, Authorization, User};
use super::kms::{Instance, Key, Registration};
use super::rng::Rng;
use super::time::Timestamp;

/// Regions a Key Protect instance can live in.
pub const REGIONS: [&str; 10] = [
    "us-south", "us-east", "eu-gb", "eu-de", "eu-fr2", "au-syd", "jp-tok", "jp-osa", "ca-tor",
    "br-sao",
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
    pub(crate) queue: BinaryHeap<Reverse<Scheduled>>,
    pub(crate) events: EventLog,
    pub(crate) counter: u64,
}

/// The resources a force-deleted key was protecting, until each confirms it discarded its DEK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShredTracking {
    pub deleted_at: Timestamp,
    pub outstanding: Vec<String>,
    pub confirmed: Vec<String>,
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
            events: EventLog::default(),
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

    /// The activity log. While a restored sandbox's history is still to come
    /// ([`Sandbox::history_arriving`]), only the events since the restore.
    pub fn events(&self) -> &[Event] {
        self.events.all()
    }

    /// The events after the first `n` (those a caller has not seen yet), whether or not the
    /// history has arrived.
    pub fn events_after(&self, n: usize) -> &[Event] {
        self.events.after(n)
    }

    /// How many events the log holds, counting a history still to come.
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// Whether this sandbox was restored from a snapshot's state and its history is still to be
    /// attached ([`Sandbox::attach_history`]).
    pub fn history_arriving(&self) -> bool {
        self.events.awaited().is_some()
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

    /// A number no earlier call returned: creation order for keys, deployments and queued items.
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    // --- Sandbox-level commands -------------------------------------------------------------

    pub(crate) fn require_owner(&self, actor: &Actor) -> Result<(), ApiError> {
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
}
