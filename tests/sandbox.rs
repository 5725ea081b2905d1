//! Sandbox-level commands: instances, roles, the starting state, the clock's queue.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use byok_engine::command::{Command, KmsOp, NewKey, Outcome};
use byok_engine::{Actor, Duration, KpRole, Sandbox};

fn owner(sb: &Sandbox) -> Actor {
    Actor::User(sb.users()[0].id.clone())
}

#[test]
fn a_new_sandbox_has_an_owner_three_users_and_one_instance_in_us_south() {
    let sb = Sandbox::new(5);
    let names: Vec<_> = sb
        .users()
        .iter()
        .map(|u| (u.name.as_str(), u.owner, u.kms_roles.list()))
        .collect();
    assert_eq!(
        names,
        [
            ("alice", true, vec![KpRole::Manager]),
            ("bob", false, vec![KpRole::Manager]),
            ("carol", false, vec![KpRole::Writer]),
            ("dave", false, vec![KpRole::Reader]),
        ]
    );
    assert_eq!(sb.instances().len(), 1);
    assert_eq!(sb.instances()[0].region, "us-south");
    assert_eq!(sb.now().to_string(), "2026-01-01T00:00:00Z");
    assert_eq!(
        sb.events().len(),
        1,
        "creating the first instance is the first event"
    );
    let other = Sandbox::new(6);
    assert_ne!(
        sb.instances()[0].guid,
        other.instances()[0].guid,
        "the seed fixes ids"
    );
    assert_eq!(sb.instances()[0].guid, Sandbox::new(5).instances()[0].guid);
}

#[test]
fn instances_are_created_and_deleted_by_the_owner_and_keep_their_keys() {
    let mut sb = Sandbox::new(1);
    let alice = owner(&sb);
    let bob = Actor::User(sb.users()[1].id.clone());
    let refused = sb
        .apply(
            &bob,
            Command::CreateInstance {
                name: "team".into(),
                region: "eu-de".into(),
            },
        )
        .unwrap_err();
    assert_eq!((refused.status, refused.code), (403, "FORBIDDEN_ERR"));
    let bad = sb
        .apply(
            &alice,
            Command::CreateInstance {
                name: "team".into(),
                region: "mars-1".into(),
            },
        )
        .unwrap_err();
    assert_eq!(bad.target.unwrap().name, "region");
    let Ok(Outcome::Instance { guid, crn }) = sb.apply(
        &alice,
        Command::CreateInstance {
            name: "team".into(),
            region: "eu-de".into(),
        },
    ) else {
        panic!("create instance")
    };
    assert_eq!(
        crn,
        format!(
            "crn:v1:bluemix:public:kms:eu-de:a/{}:{guid}::",
            sb.account()
        )
    );
    let Ok(Outcome::Key(key)) = sb.apply(
        &alice,
        Command::Kms {
            instance: guid.clone(),
            op: KmsOp::CreateKey(NewKey {
                name: "k1".into(),
                ..NewKey::default()
            }),
        },
    ) else {
        panic!("create key")
    };
    assert!(key.crn.starts_with(&format!(
        "crn:v1:bluemix:public:kms:eu-de:a/{}:{guid}:key:",
        sb.account()
    )));
    let busy = sb
        .apply(
            &alice,
            Command::DeleteInstance {
                instance: guid.clone(),
            },
        )
        .unwrap_err();
    assert_eq!(busy.code, "INSTANCE_NOT_EMPTY_ERR");
    // A key of one instance is not found through another.
    let first = sb.instances()[0].guid.clone();
    let elsewhere = sb
        .apply(
            &alice,
            Command::Kms {
                instance: first,
                op: KmsOp::GetKeyMetadata {
                    key: key.id.clone(),
                },
            },
        )
        .unwrap_err();
    assert_eq!(elsewhere.code, "KEY_NOT_FOUND_ERR");
    sb.apply(
        &alice,
        Command::Kms {
            instance: guid.clone(),
            op: KmsOp::DeleteKey {
                key: key.id.clone(),
                force: false,
            },
        },
    )
    .unwrap();
    sb.advance(Duration::days(90));
    sb.apply(
        &alice,
        Command::DeleteInstance {
            instance: guid.clone(),
        },
    )
    .unwrap();
    assert!(sb.instance(&guid).is_none());
    let gone = sb
        .apply(&alice, Command::DeleteInstance { instance: guid })
        .unwrap_err();
    assert_eq!(gone.status, 404);
}

#[test]
fn only_the_owner_changes_roles() {
    let mut sb = Sandbox::new(1);
    let carol = Actor::User(sb.users()[2].id.clone());
    let refused = sb
        .apply(
            &carol,
            Command::SetKmsRoles {
                user: "carol".into(),
                roles: vec![KpRole::Manager],
            },
        )
        .unwrap_err();
    assert_eq!(refused.status, 403);
    assert_eq!(
        sb.users()[2].kms_roles.list(),
        [KpRole::Writer],
        "a refusal changes nothing"
    );
    let alice = owner(&sb);
    sb.apply(
        &alice,
        Command::SetKmsRoles {
            user: "carol".into(),
            roles: vec![KpRole::Reader, KpRole::KeyPurge],
        },
    )
    .unwrap();
    assert_eq!(
        sb.users()[2].kms_roles.list(),
        [KpRole::Reader, KpRole::KeyPurge]
    );
    let unknown = sb
        .apply(
            &alice,
            Command::SetKmsRoles {
                user: "mallory".into(),
                roles: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(unknown.code, "USER_NOT_FOUND_ERR");
}

#[test]
fn the_clock_names_what_it_will_do_next_and_does_it_in_order() {
    let mut sb = Sandbox::new(1);
    let alice = owner(&sb);
    let instance = sb.instances()[0].guid.clone();
    let expiration = Some(sb.now() + Duration::days(2));
    let op = KmsOp::CreateKey(NewKey {
        name: "short".into(),
        expiration,
        ..NewKey::default()
    });
    let Ok(Outcome::Key(short)) = sb.apply(
        &alice,
        Command::Kms {
            instance: instance.clone(),
            op,
        },
    ) else {
        panic!()
    };
    let op = KmsOp::CreateKey(NewKey {
        name: "gone".into(),
        ..NewKey::default()
    });
    let Ok(Outcome::Key(gone)) = sb.apply(
        &alice,
        Command::Kms {
            instance: instance.clone(),
            op,
        },
    ) else {
        panic!()
    };
    sb.apply(
        &alice,
        Command::Kms {
            instance,
            op: KmsOp::DeleteKey {
                key: gone.id.clone(),
                force: false,
            },
        },
    )
    .unwrap();
    let pending: Vec<_> = sb
        .pending()
        .into_iter()
        .map(|p| (p.at.to_string(), p.what, p.key))
        .collect();
    assert_eq!(
        pending,
        [
            (
                "2026-01-03T00:00:00Z".to_string(),
                "key expires".to_string(),
                short.id.clone()
            ),
            (
                "2026-04-01T00:00:00Z".to_string(),
                "deleted key is purged".to_string(),
                gone.id.clone()
            ),
        ]
    );
    assert_eq!(sb.next_due().unwrap().to_string(), "2026-01-03T00:00:00Z");
    sb.advance(Duration::days(100));
    let clock: Vec<_> = sb
        .events()
        .iter()
        .filter(|e| e.initiator.id == "kms")
        .map(|e| (e.event_time.to_string(), e.action.as_str()))
        .collect();
    assert_eq!(
        clock,
        [
            ("2026-01-03T00:00:00Z".to_string(), "kms.secrets.expire"),
            ("2026-04-01T00:00:00Z".to_string(), "kms.secrets.purge")
        ]
    );
    assert!(sb.pending().is_empty());
}

#[test]
fn events_never_carry_key_material_or_plaintexts() {
    let mut sb = Sandbox::new(3);
    let alice = owner(&sb);
    let instance = sb.instances()[0].guid.clone();
    let material = vec![0x5a; 32];
    let op = KmsOp::CreateKey(NewKey {
        name: "imported".into(),
        payload: Some(material.clone()),
        ..NewKey::default()
    });
    let Ok(Outcome::Key(key)) = sb.apply(
        &alice,
        Command::Kms {
            instance: instance.clone(),
            op,
        },
    ) else {
        panic!()
    };
    let op = KmsOp::Wrap {
        key: key.id.clone(),
        plaintext: None,
        aad: vec![],
    };
    let Ok(Outcome::Wrapped {
        plaintext: Some(dek),
        ..
    }) = sb.apply(&alice, Command::Kms { instance, op })
    else {
        panic!()
    };
    let log = serde_json::to_string(sb.events()).unwrap();
    assert!(!log.contains(&byok_engine::crypto::b64(&material)));
    assert!(!log.contains(&dek));
}
