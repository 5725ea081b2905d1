//! Snapshots: for random sequences of inputs, restoring a snapshot taken after `k` of them and
//! applying the rest gives the very sandbox that applying all of them gives (events, every object,
//! the clock's queue and the random generator's state, compared through the JSON of the events and
//! the API views, and through a second snapshot of each). A damaged or foreign snapshot is refused
//! with a reason, never half-read.
#![cfg(not(target_arch = "wasm32"))]

use byok_engine::command::{
    Command, DbOp, IamOp, KmsOp, NewAuthorization, NewDeployment, NewKey, Outcome,
};
use byok_engine::iam::ServiceRole;
use byok_engine::kms::RotationPolicy;
use byok_engine::snapshot::{state_len, version_of, SnapshotError, VERSION};
use byok_engine::{Actor, Duration, KpRole, Request, Sandbox};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    NewRootKey,
    NewStandardKey,
    ImportKey(u8),
    Rotate(usize),
    Rotating(usize),
    DualAuth(usize),
    SetForDeletion(usize, bool),
    Wrap(usize),
    Disable(usize),
    Sync(usize),
    Enable(usize),
    Delete(usize, bool),
    RestoreKey(usize),
    Purge(usize),
    Provision(usize),
    Write(usize, u8),
    Backup(usize),
    Restart(usize),
    DeleteDeployment(usize),
    RestoreDeployment(usize),
    Reclaim(usize),
    Authorize,
    Deauthorize,
    Timings(u8),
    KeyRing(u8),
    Register(usize),
    /// A request through the JSON face, as the app's journal holds them; some carry their own
    /// correlation id (a snapshot keeps a UUID as 16 bytes and any other text as it is).
    ListKeys(u8),
    Advance(i64),
}

fn step() -> impl Strategy<Value = Step> {
    let i = 0..4usize;
    prop_oneof![
        2 => Just(Step::NewRootKey),
        1 => Just(Step::NewStandardKey),
        1 => any::<u8>().prop_map(Step::ImportKey),
        1 => i.clone().prop_map(Step::Rotate),
        1 => i.clone().prop_map(Step::Rotating),
        1 => i.clone().prop_map(Step::DualAuth),
        1 => (i.clone(), any::<bool>()).prop_map(|(k, b)| Step::SetForDeletion(k, b)),
        2 => i.clone().prop_map(Step::Wrap),
        1 => i.clone().prop_map(Step::Disable),
        1 => i.clone().prop_map(Step::Sync),
        1 => i.clone().prop_map(Step::Enable),
        1 => (i.clone(), any::<bool>()).prop_map(|(k, f)| Step::Delete(k, f)),
        1 => i.clone().prop_map(Step::RestoreKey),
        1 => i.clone().prop_map(Step::Purge),
        2 => i.clone().prop_map(Step::Provision),
        2 => (i.clone(), any::<u8>()).prop_map(|(d, v)| Step::Write(d, v)),
        1 => i.clone().prop_map(Step::Backup),
        1 => i.clone().prop_map(Step::Restart),
        1 => i.clone().prop_map(Step::DeleteDeployment),
        1 => i.clone().prop_map(Step::RestoreDeployment),
        1 => i.clone().prop_map(Step::Reclaim),
        1 => Just(Step::Authorize),
        1 => Just(Step::Deauthorize),
        1 => any::<u8>().prop_map(Step::Timings),
        1 => any::<u8>().prop_map(Step::KeyRing),
        1 => i.clone().prop_map(Step::Register),
        2 => any::<u8>().prop_map(Step::ListKeys),
        4 => prop::sample::select(vec![30, 5 * 60, 30 * 60, 4 * 3_600, 86_400, 9 * 86_400, 31 * 86_400, 91 * 86_400]).prop_map(Step::Advance),
    ]
}

fn owner(sb: &Sandbox) -> Actor {
    Actor::User(sb.users()[0].id.clone())
}

fn kms(sb: &mut Sandbox, op: KmsOp) -> Option<Outcome> {
    let instance = sb.instances()[0].guid.clone();
    sb.apply(&owner(sb), Command::Kms { instance, op }).ok()
}

fn db(sb: &mut Sandbox, op: DbOp) {
    let _ = sb.apply(&owner(sb), Command::Db(op));
}

/// The `i`-th key that still exists (ids, in creation order), if any.
fn key(sb: &Sandbox, i: usize) -> Option<(String, String)> {
    let keys: Vec<(String, String)> = sb.keys().map(|k| (k.id.clone(), k.crn.clone())).collect();
    (!keys.is_empty()).then(|| keys[i % keys.len()].clone())
}

fn deployment(sb: &Sandbox, i: usize) -> Option<String> {
    let all: Vec<String> = sb.deployments().map(|d| d.guid.clone()).collect();
    (!all.is_empty()).then(|| all[i % all.len()].clone())
}

/// Runs a step on whatever the sandbox holds: the step names things by position, so the same step
/// does the same on two sandboxes in the same state.
fn run(sb: &mut Sandbox, step: &Step) {
    use Step::*;
    let new_key = |name: String, extractable: bool, payload: Option<Vec<u8>>| {
        KmsOp::CreateKey(NewKey {
            name,
            extractable,
            payload,
            ..NewKey::default()
        })
    };
    match step {
        NewRootKey => {
            let n = sb.keys().count();
            kms(sb, new_key(format!("root-{n}"), false, None));
        }
        NewStandardKey => {
            let n = sb.keys().count();
            kms(
                sb,
                new_key(
                    format!("std-{n}"),
                    true,
                    Some(b"a standard secret".to_vec()),
                ),
            );
        }
        ImportKey(b) => {
            let n = sb.keys().count();
            kms(
                sb,
                new_key(format!("imported-{n}"), false, Some(vec![*b; 32])),
            );
        }
        Rotate(i)
        | Rotating(i)
        | DualAuth(i)
        | SetForDeletion(i, _)
        | Wrap(i)
        | Disable(i)
        | Sync(i)
        | Enable(i)
        | Delete(i, _)
        | RestoreKey(i)
        | Purge(i)
        | Register(i) => {
            let Some((key, crn)) = key(sb, *i) else {
                return;
            };
            let op = match step {
                Rotate(_) => KmsOp::Rotate { key, payload: None },
                Rotating(_) => KmsOp::SetPolicies {
                    key,
                    rotation: Some(RotationPolicy {
                        enabled: true,
                        interval_month: 1,
                    }),
                    dual_auth_delete: None,
                },
                DualAuth(_) => KmsOp::SetPolicies {
                    key,
                    rotation: None,
                    dual_auth_delete: Some(true),
                },
                SetForDeletion(_, true) => KmsOp::SetKeyForDeletion { key },
                SetForDeletion(_, false) => KmsOp::UnsetKeyForDeletion { key },
                Wrap(_) => {
                    let wrapped = kms(
                        sb,
                        KmsOp::Wrap {
                            key: key.clone(),
                            plaintext: None,
                            aad: vec!["aad".into()],
                        },
                    );
                    let Some(Outcome::Wrapped { ciphertext, .. }) = wrapped else {
                        return;
                    };
                    KmsOp::Unwrap {
                        key,
                        ciphertext,
                        aad: vec!["aad".into()],
                    }
                }
                Disable(_) => KmsOp::Disable { key },
                Sync(_) => KmsOp::Sync { key },
                Enable(_) => KmsOp::Enable { key },
                Delete(_, force) => KmsOp::DeleteKey { key, force: *force },
                RestoreKey(_) => KmsOp::RestoreKey { key, payload: None },
                Purge(_) => KmsOp::PurgeKey { key },
                Register(_) => {
                    // A registration by the sandbox's stand-in service, through the request face.
                    let path = format!(
                        "/api/v2/keys/{key}/registrations/{}",
                        crn.replace(':', "%3A").replace('/', "%2F") + "-res"
                    );
                    let req = Request::new("POST", &path)
                        .header("authorization", &format!("Bearer {}", sb.service_token()))
                        .header("bluemix-instance", &sb.instances()[0].guid.clone());
                    sb.request(&req);
                    return;
                }
                _ => unreachable!(),
            };
            kms(sb, op);
        }
        Provision(i) => {
            let n = sb.deployments().count();
            let crn = key(sb, *i).map(|(_, crn)| crn);
            db(
                sb,
                DbOp::Provision(NewDeployment {
                    name: format!("db-{n}"),
                    service: "databases-for-postgresql".into(),
                    region: "us-south".into(),
                    plan: "standard".into(),
                    resource_group: None,
                    disk_key_crn: crn.clone(),
                    backup_key_crn: if i % 2 == 0 { crn } else { None },
                }),
            );
        }
        Write(i, _)
        | Backup(i)
        | Restart(i)
        | DeleteDeployment(i)
        | RestoreDeployment(i)
        | Reclaim(i) => {
            let Some(id) = deployment(sb, *i) else { return };
            let reclamation = sb
                .reclamations()
                .find(|r| r.resource_instance_id == id || r.entity_id == id)
                .map(|r| r.id.clone())
                .unwrap_or_default();
            let op = match step {
                Write(_, v) => DbOp::WriteRecord {
                    id,
                    table: "t".into(),
                    record: format!("r{}", v % 5),
                    value: format!("value {v}"),
                },
                Backup(_) => DbOp::Backup { id },
                Restart(_) => DbOp::Restart { id },
                DeleteDeployment(_) => DbOp::DeleteDeployment { id },
                RestoreDeployment(_) => DbOp::RestoreReclamation { id: reclamation },
                Reclaim(_) => DbOp::Reclaim { id: reclamation },
                _ => unreachable!(),
            };
            db(sb, op);
        }
        Authorize => {
            let _ = sb.apply(
                &owner(sb),
                Command::Iam(IamOp::CreateAuthorization(NewAuthorization {
                    source_service: "databases-for-postgresql".into(),
                    source_instance: None,
                    target_service: "kms".into(),
                    target_instance: None,
                    roles: vec![ServiceRole::Reader],
                })),
            );
        }
        Deauthorize => {
            if let Some(a) = sb.authorizations().first().map(|a| a.id.clone()) {
                let _ = sb.apply(
                    &owner(sb),
                    Command::Iam(IamOp::DeleteAuthorization { id: a }),
                );
            }
        }
        Timings(b) => {
            let _ = sb.apply(
                &owner(sb),
                Command::SetTimings {
                    reclamation_period: Some(Duration::days(1 + (*b as i64 % 9))),
                    provisioning_time: Some(Duration::minutes(*b as i64 % 40)),
                    propagation_delay: Some(Duration::minutes(*b as i64 % 7)),
                },
            );
            let roles = if b % 2 == 0 {
                vec![KpRole::Manager, KpRole::KeyPurge]
            } else {
                vec![KpRole::Manager]
            };
            let _ = sb.apply(
                &owner(sb),
                Command::SetKmsRoles {
                    user: "alice".into(),
                    roles,
                },
            );
        }
        KeyRing(b) => {
            kms(
                sb,
                KmsOp::CreateKeyRing {
                    id: format!("ring-{}", b % 4),
                },
            );
        }
        ListKeys(b) => {
            let token = sb.users()[0].token.clone();
            let guid = sb.instances()[0].guid.clone();
            let mut req = Request::new("GET", "/api/v2/keys")
                .header("authorization", &format!("Bearer {token}"))
                .header("bluemix-instance", &guid);
            match b % 4 {
                1 => req = req.header("correlation-id", "docs-example-trace"),
                2 => req = req.header("correlation-id", "3F2504E0-4F89-41D3-9A0C-0305E82C3301"),
                3 => req = req.header("correlation-id", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
                _ => {}
            }
            sb.request(&req);
        }
        Advance(s) => sb.advance(Duration::seconds(*s)),
    }
}

/// Everything a reader of the sandbox can see, as text: the events and every API view.
fn seen(sb: &Sandbox) -> String {
    let now = sb.now();
    let keys: Vec<_> = sb.keys().map(|k| k.view(now, true)).collect();
    let mut out = serde_json::to_string(sb.events()).unwrap();
    out.push_str(&serde_json::to_string(&keys).unwrap());
    out.push_str(&serde_json::to_string(&sb.pending()).unwrap());
    out.push_str(&serde_json::to_string(sb.users()).unwrap());
    out.push_str(&serde_json::to_string(sb.authorizations()).unwrap());
    out.push_str(&serde_json::to_string(&sb.registrations().collect::<Vec<_>>()).unwrap());
    out.push_str(&serde_json::to_string(&sb.reclamations().collect::<Vec<_>>()).unwrap());
    out.push_str(&format!("{:?}", sb.deployments().collect::<Vec<_>>()));
    out.push_str(&format!(
        "{:?} {} {}",
        sb.timings(),
        sb.now(),
        sb.queue_len()
    ));
    out
}

fn sandbox_after(steps: &[Step]) -> Sandbox {
    let mut sb = Sandbox::new(77);
    for s in steps {
        run(&mut sb, s);
    }
    sb
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn restoring_a_snapshot_then_the_tail_is_replaying_everything(
        steps in prop::collection::vec(step(), 1..60),
        cut in any::<prop::sample::Index>(),
        second in any::<prop::sample::Index>(),
    ) {
        let whole = sandbox_after(&steps);
        let k = cut.index(steps.len() + 1);
        let mut sb = sandbox_after(&steps[..k]);
        let bytes = sb.snapshot().expect("every sandbox has a snapshot");
        prop_assert_eq!(version_of(&bytes), Some(VERSION));
        sb = Sandbox::restore(&bytes).expect("a snapshot restores");
        // A restored sandbox snapshots to the same bytes it came from.
        prop_assert_eq!(sb.snapshot().unwrap(), bytes);
        // A second snapshot further on, restored too: snapshots stack.
        let k2 = k + second.index(steps.len() - k + 1);
        for s in &steps[k..k2] {
            run(&mut sb, s);
        }
        // The app's way: the state first, the rest of the steps taken while its history is
        // still to come, then the history.
        let bytes = sb.snapshot().unwrap();
        let split = state_len(&bytes).expect("a snapshot of this build");
        let before = sb.event_count();
        sb = Sandbox::restore_state(&bytes[..split]).expect("its state restores");
        prop_assert!(sb.history_arriving());
        for s in &steps[k2..] {
            run(&mut sb, s);
        }
        prop_assert_eq!(sb.event_count(), whole.event_count());
        prop_assert_eq!(sb.events_after(before), &whole.events()[before..]);
        prop_assert_eq!(sb.snapshot().err(), Some(SnapshotError::HistoryArriving));
        sb.attach_history(&bytes[split..]).expect("its history attaches");
        prop_assert!(!sb.history_arriving());
        prop_assert_eq!(seen(&sb), seen(&whole));
        prop_assert_eq!(sb.snapshot().unwrap(), whole.snapshot().unwrap());
    }
}

#[test]
fn a_busy_sandbox_round_trips_with_its_random_stream() {
    let mut sb = byok_engine::bench::busy_sandbox();
    let bytes = sb.snapshot().unwrap();
    let mut back = Sandbox::restore(&bytes).unwrap();
    assert_eq!(seen(&back), seen(&sb));
    // The generator goes on where it stopped: the next ids are the same.
    run(&mut sb, &Step::NewRootKey);
    run(&mut back, &Step::NewRootKey);
    sb.advance(Duration::days(100));
    back.advance(Duration::days(100));
    assert_eq!(seen(&back), seen(&sb));
}

#[test]
fn damaged_and_foreign_snapshots_are_refused_with_a_reason() {
    let mut sb = Sandbox::new(5);
    run(&mut sb, &Step::NewRootKey);
    let bytes = sb.snapshot().unwrap();
    assert_eq!(
        Sandbox::restore(b"{\"format\":\"byok-sandbox\"}").err(),
        Some(SnapshotError::NotASnapshot)
    );
    // Cut short, or one byte altered anywhere: the checksum notices.
    let cut = &bytes[..bytes.len() - 20];
    assert!(matches!(
        Sandbox::restore(cut),
        Err(SnapshotError::Damaged(_))
    ));
    for at in [9, bytes.len() / 2, bytes.len() - 9] {
        let mut altered = bytes.clone();
        altered[at] ^= 0x40;
        let err = Sandbox::restore(&altered).err().expect("refused");
        assert!(matches!(err, SnapshotError::Damaged(_)), "{err:?}");
        assert!(err.to_string().contains("damaged"), "{err}");
    }
    // Another version: said as such, so the app can fall back to the journal.
    let mut old = bytes.clone();
    old[8] = 0;
    let err = Sandbox::restore(&old).err().unwrap();
    assert_eq!(
        err,
        SnapshotError::Version {
            found: 0,
            reads: VERSION
        }
    );
    assert_eq!(
        err.to_string(),
        format!("it is snapshot format version 0, and this build reads version {VERSION}")
    );
    assert_eq!(version_of(&old), Some(0));
}

/// A state takes only the history it was written with, and a damaged one not at all; a refused
/// history changes nothing, and the right one can still be attached afterwards.
#[test]
fn a_state_takes_only_its_own_history() {
    let mut sb = Sandbox::new(5);
    run(&mut sb, &Step::NewRootKey);
    let first = sb.snapshot().unwrap();
    run(&mut sb, &Step::NewRootKey);
    let second = sb.snapshot().unwrap();
    let (a, b) = (state_len(&first).unwrap(), state_len(&second).unwrap());
    let mut back = Sandbox::restore_state(&second[..b]).unwrap();
    let count = back.event_count();
    assert_eq!(count, sb.event_count());
    assert!(back.events().is_empty());
    let refused = |back: &mut Sandbox, history: &[u8]| {
        let err = back.attach_history(history).err().expect("refused");
        assert!(matches!(err, SnapshotError::Damaged(_)), "{err:?}");
        assert!(back.history_arriving());
        assert_eq!(back.event_count(), count);
        err
    };
    let err = refused(&mut back, &first[a..]);
    assert!(
        err.to_string()
            .contains("not the one its state was written with"),
        "{err}"
    );
    let mut altered = second[b..].to_vec();
    let at = altered.len() / 2;
    altered[at] ^= 0x10;
    refused(&mut back, &altered);
    refused(&mut back, &second[b..second.len() - 1]);
    refused(&mut back, &[]);
    back.attach_history(&second[b..]).unwrap();
    assert_eq!(seen(&back), seen(&sb));
    assert!(back.attach_history(&second[b..]).is_err(), "attached twice");
    // A state alone is not a whole snapshot, and a whole one is not a state.
    assert!(Sandbox::restore(&second[..b]).is_err());
    assert!(Sandbox::restore_state(&second).is_err());
}
