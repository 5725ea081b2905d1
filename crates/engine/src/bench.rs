//! Benchmarks shared by the native runner (`cargo bench`) and the browser (`bench` feature, driven
//! by scripts/bench.sh in headless Chromium), so both measure exactly the same work. They print
//! figures; nothing here asserts a time.

use serde::Serialize;

use crate::command::{
    Command, DbOp, IamOp, KmsOp, NewAuthorization, NewDeployment, NewKey, Outcome,
};
use crate::iam::ServiceRole;
use crate::kms::RotationPolicy;
use crate::{Actor, Duration, Request, Sandbox};

#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
}

/// Milliseconds from some fixed origin: `Instant` natively, `performance.now()` in the browser.
pub type Clock<'a> = &'a mut dyn FnMut() -> f64;

fn owner(sb: &Sandbox) -> (Actor, String) {
    (
        Actor::User(sb.users()[0].id.clone()),
        sb.instances()[0].guid.clone(),
    )
}

fn create_root_key(sb: &mut Sandbox, actor: &Actor, instance: &str, name: String) -> String {
    let op = KmsOp::CreateKey(NewKey {
        name,
        ..NewKey::default()
    });
    match sb.apply(
        actor,
        Command::Kms {
            instance: instance.into(),
            op,
        },
    ) {
        Ok(Outcome::Key(k)) => k.id,
        other => panic!("creating a benchmark key failed: {other:?}"),
    }
}

/// Wrap then unwrap a 32-byte DEK through `apply` (each call logs its event), `pairs` times.
pub fn wrap_unwrap(pairs: u32, clock: Clock) -> Figure {
    let mut sb = Sandbox::new(7);
    let (actor, instance) = owner(&sb);
    let key = create_root_key(&mut sb, &actor, &instance, "bench-root".into());
    let dek = vec![0x42u8; 32];
    let start = clock();
    for _ in 0..pairs {
        let wrap = KmsOp::Wrap {
            key: key.clone(),
            plaintext: Some(dek.clone()),
            aad: Vec::new(),
        };
        let Ok(Outcome::Wrapped { ciphertext, .. }) = sb.apply(
            &actor,
            Command::Kms {
                instance: instance.clone(),
                op: wrap,
            },
        ) else {
            panic!("wrap failed")
        };
        let unwrap = KmsOp::Unwrap {
            key: key.clone(),
            ciphertext,
            aad: Vec::new(),
        };
        let Ok(Outcome::Unwrapped { .. }) = sb.apply(
            &actor,
            Command::Kms {
                instance: instance.clone(),
                op: unwrap,
            },
        ) else {
            panic!("unwrap failed")
        };
    }
    let secs = (clock() - start) / 1000.0;
    Figure {
        name: "wrap+unwrap of a 32-byte DEK (apply)".into(),
        value: pairs as f64 / secs,
        unit: "pairs/s",
    }
}

/// The same through the request face: JSON in, JSON out, as the JS API and API console use it.
pub fn wrap_unwrap_requests(pairs: u32, clock: Clock) -> Figure {
    let mut sb = Sandbox::new(7);
    let (actor, instance) = owner(&sb);
    let key = create_root_key(&mut sb, &actor, &instance, "bench-root".into());
    let token = format!("Bearer {}", sb.users()[0].token);
    let req = |path: String, body: serde_json::Value| {
        Request::new("POST", &path)
            .header("authorization", &token)
            .header("bluemix-instance", &instance)
            .json(body)
    };
    let dek = crate::crypto::b64(&[0x42u8; 32]);
    let start = clock();
    for _ in 0..pairs {
        let wrapped = sb.request(&req(
            format!("/api/v2/keys/{key}/actions/wrap"),
            serde_json::json!({ "plaintext": dek }),
        ));
        let ciphertext = wrapped.body.expect("wrap answers")["ciphertext"].clone();
        let unwrapped = sb.request(&req(
            format!("/api/v2/keys/{key}/actions/unwrap"),
            serde_json::json!({ "ciphertext": ciphertext }),
        ));
        assert_eq!(unwrapped.status, 200);
    }
    let secs = (clock() - start) / 1000.0;
    Figure {
        name: "wrap+unwrap of a 32-byte DEK (request face)".into(),
        value: pairs as f64 / secs,
        unit: "pairs/s",
    }
}

/// A sandbox with 1,000 keys (500 with monthly rotation policies, 500 deleted) and 10,000 items in
/// the clock's queue: an expiry per key, a rotation per policy, a purge per deleted key, and 8,000
/// dual-authorization windows (sixteen per rotating key, fifteen of them superseded, as repeated
/// setKeyForDeletion calls leave them).
pub fn busy_sandbox() -> Sandbox {
    let mut sb = Sandbox::new(11);
    let (actor, instance) = owner(&sb);
    let kms = |op| Command::Kms {
        instance: instance.clone(),
        op,
    };
    for i in 0..1000u32 {
        let expiration = Some(sb.now() + Duration::hours(1 + (i as i64 * 7_919) % (24 * 89)));
        let op = KmsOp::CreateKey(NewKey {
            name: format!("key-{i:04}"),
            expiration,
            ..NewKey::default()
        });
        let Ok(Outcome::Key(k)) = sb.apply(&actor, kms(op)) else {
            panic!("create failed")
        };
        if i < 500 {
            let policy = RotationPolicy {
                enabled: true,
                interval_month: 1,
            };
            let op = KmsOp::SetPolicies {
                key: k.id.clone(),
                rotation: Some(policy),
                dual_auth_delete: Some(true),
            };
            sb.apply(&actor, kms(op)).expect("policy");
            for _ in 0..16 {
                sb.apply(&actor, kms(KmsOp::SetKeyForDeletion { key: k.id.clone() }))
                    .expect("set for deletion");
            }
        } else {
            sb.apply(
                &actor,
                kms(KmsOp::DeleteKey {
                    key: k.id.clone(),
                    force: false,
                }),
            )
            .expect("delete");
        }
    }
    sb
}

/// Advancing 90 days over [`busy_sandbox`]: expiries, automatic rotations and purges in order.
pub fn advance_90_days(clock: Clock) -> Vec<Figure> {
    let mut sb = busy_sandbox();
    let queued = sb.queue_len();
    let events_before = sb.events().len();
    let start = clock();
    sb.advance(Duration::days(90));
    let ms = clock() - start;
    vec![
        Figure {
            name: "advance 90 days: items queued before".into(),
            value: queued as f64,
            unit: "items",
        },
        Figure {
            name: "advance 90 days: events the clock logged".into(),
            value: (sb.events().len() - events_before) as f64,
            unit: "events",
        },
        Figure {
            name: "advance 90 days over 1,000 keys and 10,000 scheduled items".into(),
            value: ms,
            unit: "ms",
        },
    ]
}

/// Databases for PostgreSQL may read keys (Reader) of `instance`, or of every instance.
fn authorize_postgres(sb: &mut Sandbox, actor: &Actor, instance: Option<String>) {
    let auth = NewAuthorization {
        source_service: "databases-for-postgresql".into(),
        target_service: "kms".into(),
        target_instance: instance,
        roles: vec![ServiceRole::Reader],
        ..NewAuthorization::default()
    };
    sb.apply(actor, Command::Iam(IamOp::CreateAuthorization(auth)))
        .expect("authorization");
}

/// A sandbox with a root key and the PostgreSQL authorization; returns the owner and the key's CRN.
fn byok_ready(sb: &mut Sandbox) -> (Actor, String, String) {
    let (actor, instance) = owner(sb);
    let key = create_root_key(sb, &actor, &instance, "bench-kek".into());
    let crn = sb.key(&key).expect("created").crn.clone();
    authorize_postgres(sb, &actor, Some(instance.clone()));
    (actor, instance, crn)
}

/// A PostgreSQL deployment named `name` with its disk under `key_crn`; returns its GUID.
fn provision(sb: &mut Sandbox, actor: &Actor, name: String, key_crn: &str) -> String {
    let new = NewDeployment {
        name,
        service: "databases-for-postgresql".into(),
        region: "us-south".into(),
        plan: "databases-for-postgresql-standard".into(),
        disk_key_crn: Some(key_crn.into()),
        ..NewDeployment::default()
    };
    match sb.apply(actor, Command::Db(DbOp::Provision(new))) {
        Ok(Outcome::Deployment(d)) => d.guid,
        other => panic!("provisioning failed: {other:?}"),
    }
}

/// Provision a BYOK deployment, write 1,000 records of 100 bytes, force-delete the key and let the
/// shred reach the deployment: the whole life of the seed scenario, through `apply`.
pub fn provision_write_shred(clock: Clock) -> Figure {
    let mut sb = Sandbox::new(13);
    let (actor, instance, crn) = byok_ready(&mut sb);
    let start = clock();
    let db = provision(&mut sb, &actor, "bench-db".into(), &crn);
    sb.advance(Duration::minutes(30));
    let value = "x".repeat(100);
    for i in 0..1_000 {
        let op = DbOp::WriteRecord {
            id: db.clone(),
            table: "orders".into(),
            record: format!("r{i}"),
            value: value.clone(),
        };
        sb.apply(&actor, Command::Db(op)).expect("write");
    }
    let key = crn.rsplit(':').next().expect("a key id").to_string();
    sb.apply(
        &actor,
        Command::Kms {
            instance,
            op: KmsOp::DeleteKey { key, force: true },
        },
    )
    .expect("force delete");
    sb.advance(Duration::minutes(5));
    let ms = clock() - start;
    assert!(sb.deployment(&db).expect("still there").is_shredded());
    Figure {
        name: "provision + write 1,000 records + shred".into(),
        value: ms,
        unit: "ms",
    }
}

/// Records of 64 KiB written (encrypted) and read back (decrypted) through `apply`.
pub fn record_throughput(clock: Clock) -> Figure {
    let mut sb = Sandbox::new(17);
    let (actor, _, crn) = byok_ready(&mut sb);
    let db = provision(&mut sb, &actor, "bench-db".into(), &crn);
    sb.advance(Duration::minutes(30));
    let value = "y".repeat(65_536);
    let records = 160;
    let start = clock();
    for i in 0..records {
        let op = DbOp::WriteRecord {
            id: db.clone(),
            table: "blobs".into(),
            record: format!("b{i}"),
            value: value.clone(),
        };
        sb.apply(&actor, Command::Db(op)).expect("write");
    }
    for i in 0..records {
        let op = DbOp::ReadRecord {
            id: db.clone(),
            table: "blobs".into(),
            record: format!("b{i}"),
        };
        sb.apply(&actor, Command::Db(op)).expect("read");
    }
    let secs = (clock() - start) / 1000.0;
    let mb = (records * value.len() * 2) as f64 / 1_000_000.0;
    Figure {
        name: "record encrypt+decrypt (64 KiB records, apply)".into(),
        value: mb / secs,
        unit: "MB/s",
    }
}

/// The app's scale sandbox (scripts/bench-app.mjs builds the same one through requests): 1,000 keys
/// with monthly rotation policies, 500 BYOK deployments, and months on the clock until the log holds
/// 100,000 events.
pub fn rotating_sandbox() -> Sandbox {
    let mut sb = Sandbox::new(99);
    let (actor, instance) = owner(&sb);
    authorize_postgres(&mut sb, &actor, None);
    let mut crns = Vec::new();
    for i in 0..1000u32 {
        let key = create_root_key(&mut sb, &actor, &instance, format!("key-{i:04}"));
        let op = KmsOp::SetPolicies {
            key: key.clone(),
            rotation: Some(RotationPolicy {
                enabled: true,
                interval_month: 1,
            }),
            dual_auth_delete: None,
        };
        sb.apply(
            &actor,
            Command::Kms {
                instance: instance.clone(),
                op,
            },
        )
        .expect("policy");
        crns.push(sb.key(&key).expect("created").crn.clone());
    }
    for (i, crn) in crns.iter().take(500).enumerate() {
        provision(&mut sb, &actor, format!("db-{i:03}"), crn);
    }
    while sb.events().len() < 100_000 {
        sb.advance(Duration::days(30));
    }
    sb
}

/// The snapshot of [`rotating_sandbox`] (1,000 keys, 500 deployments, 100,000 events): its size, the
/// time to write it and to restore it (median of three each), against replaying its history.
pub fn snapshot_round_trip(clock: Clock) -> Vec<Figure> {
    let sb = rotating_sandbox();
    let mut encode = Vec::new();
    let mut decode = Vec::new();
    let mut state_only = Vec::new();
    let mut bytes = Vec::new();
    let mut state = 0;
    for _ in 0..3 {
        let start = clock();
        bytes = sb.snapshot().expect("the bench sandbox has a snapshot");
        encode.push(clock() - start);
        state = crate::snapshot::state_len(&bytes).expect("of this format");
        let start = clock();
        let back = Sandbox::restore(&bytes).expect("and restores");
        decode.push(clock() - start);
        assert_eq!(back.events().len(), sb.events().len());
        let start = clock();
        let opened = Sandbox::restore_state(&bytes[..state]).expect("its state restores");
        state_only.push(clock() - start);
        assert_eq!(opened.event_count(), sb.event_count());
    }
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[1]
    };
    vec![
        Figure {
            name: format!(
                "snapshot of the app-scale sandbox ({} events): size",
                sb.events().len()
            ),
            value: bytes.len() as f64 / 1_048_576.0,
            unit: "MiB",
        },
        Figure {
            name: "snapshot of the app-scale sandbox: write (median of 3)".into(),
            value: mid(encode),
            unit: "ms",
        },
        Figure {
            name: "snapshot of the app-scale sandbox: restore (median of 3)".into(),
            value: mid(decode),
            unit: "ms",
        },
        Figure {
            name: "snapshot of the app-scale sandbox: its state, what opening reads first".into(),
            value: state as f64 / 1_048_576.0,
            unit: "MiB",
        },
        Figure {
            name: "snapshot of the app-scale sandbox: restore the state alone (median of 3)".into(),
            value: mid(state_only),
            unit: "ms",
        },
    ]
}

/// The run with the median value of three.
fn median(mut run: impl FnMut(Clock) -> Figure, clock: Clock) -> Figure {
    let mut runs = [run(&mut *clock), run(&mut *clock), run(&mut *clock)];
    runs.sort_by(|a, b| a.value.total_cmp(&b.value));
    let [_, mid, _] = runs;
    Figure {
        name: format!("{} (median of 3)", mid.name),
        ..mid
    }
}

/// Every figure of the engine, each measured after a warm-up run of the same code (the timeline's
/// are `byok_timeline::bench`'s).
pub fn all(clock: Clock) -> Vec<Figure> {
    // Warm up long enough for the browser's optimising compiler to take over, then report the
    // median of three runs: single runs in a browser vary by tens of percent.
    wrap_unwrap(20_000, clock);
    let mut out = vec![
        median(|c| wrap_unwrap(50_000, c), clock),
        median(|c| wrap_unwrap_requests(10_000, c), clock),
    ];
    advance_90_days(clock);
    out.extend(advance_90_days(clock));
    provision_write_shred(clock);
    out.push(provision_write_shred(clock));
    record_throughput(clock);
    out.push(record_throughput(clock));
    out.extend(snapshot_round_trip(clock));
    out
}
