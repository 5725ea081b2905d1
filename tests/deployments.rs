//! Property test of deployments and their keys: random sequences of provisioning, writes, reads,
//! soft deletion, reclamation, key disable / enable / force delete / restore / purge, authorization
//! changes, restarts and clock steps. After every step:
//! - no record is readable once its deployment's key was destroyed and the event reached it
//!   (and never again, whatever happens to the key later);
//! - a deployment's registration exists exactly while the deployment exists (active or reclaimable)
//!   and its key is not purged;
//! - a record read back is the record written;
//! - the timeline a `timeline::Builder` keeps up to date step by step is the one a fresh build gives.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use byok_engine::command::{
    Command, DbOp, IamOp, KmsOp, NewAuthorization, NewDeployment, NewKey, Outcome,
};
use byok_engine::iam::ServiceRole;
use byok_engine::{Actor, Duration, KpRole, Sandbox, Timestamp};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    NewKey,
    Provision(usize),
    Write(usize, u8),
    Read(usize),
    Delete(usize),
    Restore(usize),
    Reclaim(usize),
    Restart(usize),
    KeyDisable(usize),
    KeyEnable(usize),
    KeyDelete(usize),
    KeyRestore(usize),
    KeyPurge(usize),
    Authorize,
    Deauthorize,
    Advance(i64),
}

fn step() -> impl Strategy<Value = Step> {
    let i = 0..3usize;
    prop_oneof![
        1 => Just(Step::NewKey),
        2 => i.clone().prop_map(Step::Provision),
        3 => (i.clone(), any::<u8>()).prop_map(|(d, v)| Step::Write(d, v)),
        3 => i.clone().prop_map(Step::Read),
        1 => i.clone().prop_map(Step::Delete),
        1 => i.clone().prop_map(Step::Restore),
        1 => i.clone().prop_map(Step::Reclaim),
        1 => i.clone().prop_map(Step::Restart),
        1 => i.clone().prop_map(Step::KeyDisable),
        1 => i.clone().prop_map(Step::KeyEnable),
        2 => i.clone().prop_map(Step::KeyDelete),
        1 => i.clone().prop_map(Step::KeyRestore),
        1 => i.clone().prop_map(Step::KeyPurge),
        1 => Just(Step::Authorize),
        1 => Just(Step::Deauthorize),
        4 => prop::sample::select(vec![30, 60, 5 * 60, 30 * 60, 4 * 3_600, 86_400, 9 * 86_400, 30 * 86_400, 90 * 86_400]).prop_map(Step::Advance),
    ]
}

struct World {
    sb: Sandbox,
    alice: Actor,
    instance: String,
    keys: Vec<(String, String)>,
    deployments: Vec<String>,
    /// Deployments whose key was destroyed while they were registered on it, with the instant the
    /// event reaches them: from then on their records must stay unreadable.
    shredded_from: BTreeMap<String, Timestamp>,
    written: BTreeMap<(String, String), String>,
    policy: Option<String>,
}

impl World {
    fn new() -> World {
        let mut sb = Sandbox::new(2024);
        let alice = Actor::User(sb.users()[0].id.clone());
        let purge = Command::SetKmsRoles {
            user: "alice".into(),
            roles: vec![KpRole::Manager, KpRole::KeyPurge],
        };
        sb.apply(&alice, purge).unwrap();
        let instance = sb.instances()[0].guid.clone();
        let mut w = World {
            sb,
            alice,
            instance,
            keys: Vec::new(),
            deployments: Vec::new(),
            shredded_from: BTreeMap::new(),
            written: BTreeMap::new(),
            policy: None,
        };
        w.run(&Step::Authorize);
        w.run(&Step::NewKey);
        w
    }

    fn kms(&mut self, op: KmsOp) -> Result<Outcome, byok_engine::ApiError> {
        self.sb.apply(
            &self.alice.clone(),
            Command::Kms {
                instance: self.instance.clone(),
                op,
            },
        )
    }

    fn db(&mut self, op: DbOp) -> Result<Outcome, byok_engine::ApiError> {
        self.sb.apply(&self.alice.clone(), Command::Db(op))
    }

    fn key(&self, i: usize) -> Option<(String, String)> {
        (!self.keys.is_empty()).then(|| self.keys[i % self.keys.len()].clone())
    }

    fn deployment(&self, i: usize) -> Option<String> {
        (!self.deployments.is_empty()).then(|| self.deployments[i % self.deployments.len()].clone())
    }

    fn run(&mut self, s: &Step) {
        match s {
            Step::NewKey => {
                let op = KmsOp::CreateKey(NewKey {
                    name: format!("key-{}", self.keys.len()),
                    ..NewKey::default()
                });
                if let Ok(Outcome::Key(k)) = self.kms(op) {
                    self.keys.push((k.id.clone(), k.crn.clone()));
                }
            }
            Step::Provision(k) => {
                let Some((_, crn)) = self.key(*k) else { return };
                let new = NewDeployment {
                    name: format!("db-{}", self.deployments.len()),
                    service: "databases-for-postgresql".into(),
                    region: "us-south".into(),
                    plan: "databases-for-postgresql-standard".into(),
                    disk_key_crn: Some(crn),
                    ..NewDeployment::default()
                };
                if let Ok(Outcome::Deployment(d)) = self.db(DbOp::Provision(new)) {
                    self.deployments.push(d.guid.clone());
                }
            }
            Step::Write(d, v) => {
                let Some(id) = self.deployment(*d) else {
                    return;
                };
                let op = DbOp::WriteRecord {
                    id: id.clone(),
                    table: "t".into(),
                    record: format!("r{}", v % 4),
                    value: format!("value {v}"),
                };
                if let Ok(Outcome::Record(r)) = self.db(op) {
                    self.written.insert((id, r.id), r.value);
                }
            }
            Step::Read(d) => {
                let Some(id) = self.deployment(*d) else {
                    return;
                };
                let records: Vec<(String, String)> = self
                    .written
                    .iter()
                    .filter(|((g, _), _)| *g == id)
                    .map(|((_, r), v)| (r.clone(), v.clone()))
                    .collect();
                for (record, value) in records {
                    if let Ok(Outcome::Record(r)) = self.db(DbOp::ReadRecord {
                        id: id.clone(),
                        table: "t".into(),
                        record,
                    }) {
                        assert_eq!(
                            r.value, value,
                            "a record read back differs from the one written"
                        );
                    }
                }
            }
            Step::Delete(d) => {
                if let Some(id) = self.deployment(*d) {
                    let _ = self.db(DbOp::DeleteDeployment { id });
                }
            }
            Step::Restore(d) | Step::Reclaim(d) => {
                let Some(id) = self.deployment(*d) else {
                    return;
                };
                let Some(r) = self
                    .sb
                    .reclamations()
                    .find(|r| r.resource_instance_id == id)
                    .map(|r| r.id.clone())
                else {
                    return;
                };
                let op = if matches!(s, Step::Restore(_)) {
                    DbOp::RestoreReclamation { id: r }
                } else {
                    DbOp::Reclaim { id: r }
                };
                self.db(op).unwrap();
            }
            Step::Restart(d) => {
                if let Some(id) = self.deployment(*d) {
                    let _ = self.db(DbOp::Restart { id });
                }
            }
            Step::KeyDisable(k) | Step::KeyEnable(k) | Step::KeyRestore(k) | Step::KeyPurge(k) => {
                let Some((key, _)) = self.key(*k) else { return };
                let op = match s {
                    Step::KeyDisable(_) => KmsOp::Disable { key },
                    Step::KeyEnable(_) => KmsOp::Enable { key },
                    Step::KeyRestore(_) => KmsOp::RestoreKey { key, payload: None },
                    _ => KmsOp::PurgeKey { key },
                };
                let _ = self.kms(op);
            }
            Step::KeyDelete(k) => {
                let Some((key, crn)) = self.key(*k) else {
                    return;
                };
                let registered: Vec<String> = self
                    .sb
                    .deployments()
                    .filter(|d| d.disk_key_crn.as_deref() == Some(crn.as_str()))
                    .map(|d| d.guid.clone())
                    .collect();
                if self.kms(KmsOp::DeleteKey { key, force: true }).is_ok() {
                    let reaches = self.sb.now() + self.sb.timings().propagation_delay;
                    for d in registered {
                        self.shredded_from.entry(d).or_insert(reaches);
                    }
                }
            }
            Step::Authorize => {
                let new = NewAuthorization {
                    source_service: "databases-for-postgresql".into(),
                    target_service: "kms".into(),
                    target_instance: Some(self.instance.clone()),
                    roles: vec![ServiceRole::Reader],
                    ..NewAuthorization::default()
                };
                if let Ok(Outcome::Authorization(a)) = self.sb.apply(
                    &self.alice.clone(),
                    Command::Iam(IamOp::CreateAuthorization(new)),
                ) {
                    self.policy = Some(a.id.clone());
                }
            }
            Step::Deauthorize => {
                if let Some(id) = self.policy.take() {
                    self.sb
                        .apply(
                            &self.alice.clone(),
                            Command::Iam(IamOp::DeleteAuthorization { id }),
                        )
                        .unwrap();
                }
            }
            Step::Advance(secs) => self.sb.advance(Duration::seconds(*secs)),
        }
    }

    fn check(&mut self, i: usize, s: &Step) {
        // Registrations exist exactly for existing deployments whose key is not purged.
        let expected: BTreeSet<(String, String)> = self
            .sb
            .deployments()
            .filter_map(|d| {
                let key = d.disk_key_crn.as_ref()?.rsplit(':').next()?.to_string();
                self.sb.key(&key).is_some().then(|| (key, d.crn.clone()))
            })
            .collect();
        let actual: BTreeSet<(String, String)> = self
            .sb
            .registrations()
            .map(|r| (r.key_id.clone(), r.resource_crn.clone()))
            .collect();
        assert_eq!(
            actual, expected,
            "step {i} {s:?}: registrations and deployments disagree"
        );
        // Nothing is readable once the shred reached the deployment.
        let now = self.sb.now();
        let shredded: Vec<String> = self
            .shredded_from
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(d, _)| d.clone())
            .collect();
        for d in shredded {
            if self.sb.deployment(&d).is_none() {
                continue;
            }
            let records: Vec<String> = self
                .written
                .keys()
                .filter(|(g, _)| *g == d)
                .map(|(_, r)| r.clone())
                .collect();
            for record in records {
                let read = self.db(DbOp::ReadRecord {
                    id: d.clone(),
                    table: "t".into(),
                    record,
                });
                assert!(
                    read.is_err(),
                    "step {i} {s:?}: a record of {d} was readable after its key was destroyed"
                );
            }
            assert!(
                self.sb.deployment(&d).unwrap().dek.is_none(),
                "step {i} {s:?}: a shredded deployment still holds its DEK"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn deployments_follow_their_keys(steps in prop::collection::vec(step(), 1..70)) {
        let mut w = World::new();
        let mut timeline = byok_timeline::Builder::default();
        for (i, s) in steps.iter().enumerate() {
            w.run(s);
            w.check(i, s);
            prop_assert_eq!(
                timeline.update(&w.sb),
                &byok_timeline::build(&w.sb),
                "step {} {:?}: the incremental timeline differs from a fresh build",
                i,
                s
            );
        }
    }
}
