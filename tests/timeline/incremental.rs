//! Keeping a timeline up to date: spans moved to a later now, and a builder updated step by step,
//! both against a fresh build.

use byok_engine::{Duration, Sandbox};

/// A timeline built earlier, adjusted with `Span::at`, draws what a fresh build draws, as long as
/// no event happened in between: the provisioning span runs on, the 90-day purge closes on time.
#[test]
fn spans_adjusted_to_a_later_now_match_a_fresh_build() {
    use byok_engine::command::{Command, KmsOp, NewKey, Outcome};
    use byok_engine::Actor;
    use byok_timeline::{build, Span};
    let mut sb = Sandbox::new(31);
    let alice = Actor::User(sb.users()[0].id.clone());
    let instance = sb.instances()[0].guid.clone();
    let Ok(Outcome::Key(k)) = sb.apply(
        &alice,
        Command::Kms {
            instance: instance.clone(),
            op: KmsOp::CreateKey(NewKey {
                name: "kk".into(),
                ..NewKey::default()
            }),
        },
    ) else {
        panic!()
    };
    sb.apply(
        &alice,
        Command::Kms {
            instance,
            op: KmsOp::DeleteKey {
                key: k.id.clone(),
                force: false,
            },
        },
    )
    .unwrap();
    // A deployment that provisions for a day: its provisioning span is pinned to now meanwhile.
    sb.apply(
        &alice,
        Command::SetTimings {
            reclamation_period: None,
            provisioning_time: Some(Duration::days(1)),
            propagation_delay: None,
        },
    )
    .unwrap();
    let new = byok_engine::command::NewDeployment {
        name: "db".into(),
        service: "databases-for-redis".into(),
        region: "us-south".into(),
        plan: "databases-for-redis-standard".into(),
        ..Default::default()
    };
    sb.apply(
        &alice,
        Command::Db(byok_engine::command::DbOp::Provision(new)),
    )
    .unwrap();
    let built = build(&sb);
    assert!(
        built
            .lanes
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.open && s.end == built.now),
        "a span pinned to now"
    );
    // Four hours on, the purge wait has closed: `at` must close it too.
    for step in [Duration::hours(1), Duration::hours(4)] {
        let events = sb.events().len();
        sb.advance(step);
        assert_eq!(
            sb.events().len(),
            events,
            "no event may happen in this step"
        );
        let fresh = build(&sb);
        for (old, new) in built.lanes.iter().zip(&fresh.lanes) {
            let adjusted: Vec<Span> = old
                .spans
                .iter()
                .map(|s| s.at(built.now, sb.now()))
                .collect();
            assert_eq!(adjusted, new.spans, "lane {}", old.label);
        }
    }
}

/// Updating a builder after every step gives exactly what a fresh build gives, through provisioning,
/// rotations and their syncs, disable and enable, soft deletion, a shred, a restore, a purge and
/// the clock's own work; and a shorter log (another sandbox) starts it over.
#[test]
fn an_incremental_timeline_matches_a_fresh_build_after_every_step() {
    use byok_engine::command::{
        Command, DbOp, IamOp, KmsOp, NewAuthorization, NewDeployment, NewKey, Outcome,
    };
    use byok_engine::iam::ServiceRole;
    use byok_engine::{Actor, KpRole};
    use byok_timeline::{build, Builder};

    let mut sb = Sandbox::new(77);
    let alice = Actor::User(sb.users()[0].id.clone());
    let instance = sb.instances()[0].guid.clone();
    let mut builder = Builder::default();
    let mut check = |sb: &Sandbox, what: &str| {
        assert_eq!(builder.update(sb), &build(sb), "after {what}");
    };
    check(&sb, "a new sandbox");
    sb.apply(
        &alice,
        Command::SetKmsRoles {
            user: "alice".into(),
            roles: vec![KpRole::Manager, KpRole::KeyPurge],
        },
    )
    .unwrap();
    let kms = |op| Command::Kms {
        instance: instance.clone(),
        op,
    };
    let Ok(Outcome::Key(k)) = sb.apply(
        &alice,
        kms(KmsOp::CreateKey(NewKey {
            name: "root".into(),
            ..NewKey::default()
        })),
    ) else {
        panic!()
    };
    let auth = NewAuthorization {
        source_service: "databases-for-postgresql".into(),
        target_service: "kms".into(),
        roles: vec![ServiceRole::Reader],
        ..NewAuthorization::default()
    };
    sb.apply(&alice, Command::Iam(IamOp::CreateAuthorization(auth)))
        .unwrap();
    check(&sb, "a key and an authorization");
    let new = NewDeployment {
        name: "orders".into(),
        service: "databases-for-postgresql".into(),
        region: "us-south".into(),
        plan: "databases-for-postgresql-standard".into(),
        disk_key_crn: Some(k.crn.clone()),
        ..NewDeployment::default()
    };
    let Ok(Outcome::Deployment(d)) = sb.apply(&alice, Command::Db(DbOp::Provision(new))) else {
        panic!()
    };
    check(&sb, "provisioning");
    for (step, op) in [
        (
            "rotate",
            KmsOp::Rotate {
                key: k.id.clone(),
                payload: None,
            },
        ),
        ("disable", KmsOp::Disable { key: k.id.clone() }),
        ("enable", KmsOp::Enable { key: k.id.clone() }),
        (
            "set a rotation policy",
            KmsOp::SetPolicies {
                key: k.id.clone(),
                rotation: Some(byok_engine::kms::RotationPolicy {
                    enabled: true,
                    interval_month: 1,
                }),
                dual_auth_delete: None,
            },
        ),
    ] {
        sb.advance(Duration::hours(1));
        check(&sb, "an hour");
        sb.apply(&alice, kms(op)).unwrap();
        check(&sb, step);
        sb.advance(Duration::minutes(7));
        check(&sb, &format!("{step} propagating"));
    }
    sb.advance(Duration::days(40));
    check(&sb, "automatic rotations");
    sb.apply(
        &alice,
        Command::Db(DbOp::DeleteDeployment { id: d.guid.clone() }),
    )
    .unwrap();
    check(&sb, "soft deletion");
    sb.apply(
        &alice,
        kms(KmsOp::DeleteKey {
            key: k.id.clone(),
            force: true,
        }),
    )
    .unwrap();
    check(&sb, "force delete");
    sb.advance(Duration::minutes(5));
    check(&sb, "the shred");
    sb.advance(Duration::seconds(30));
    sb.apply(
        &alice,
        kms(KmsOp::RestoreKey {
            key: k.id.clone(),
            payload: None,
        }),
    )
    .unwrap();
    check(&sb, "restore");
    sb.apply(
        &alice,
        kms(KmsOp::DeleteKey {
            key: k.id.clone(),
            force: true,
        }),
    )
    .unwrap();
    sb.advance(Duration::hours(5));
    sb.apply(&alice, kms(KmsOp::PurgeKey { key: k.id.clone() }))
        .unwrap();
    check(&sb, "purge");
    sb.advance(Duration::days(10));
    check(&sb, "the reclamation period ending");
    let other = Sandbox::new(5);
    check(&other, "another sandbox");
}
