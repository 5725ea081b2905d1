//! Model-based property test: random sequences of key operations and clock steps run against the
//! sandbox (through the request face) and against a small reference model of key states and timers
//! written from the reference's tables, not from the engine's code. After every step:
//! - the status code is the one the model predicts, and every key is in the model's state;
//! - a refused request left the sandbox's state unchanged;
//! - no unwrap succeeds once a key is purged.
//!
//! At the end the same seed and commands replay to byte-identical events and state.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use byok_engine::{Duration, Request, Response, Sandbox};
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Clone, Debug)]
enum Cmd {
    Create { expires_in_hours: Option<u8> },
    Disable(usize),
    Enable(usize),
    Delete(usize, bool),
    Restore(usize),
    Purge(usize),
    Wrap(usize),
    Unwrap(usize),
    Rotate(usize),
    Register(usize, bool),
    Advance(i64),
}

fn cmd() -> impl Strategy<Value = Cmd> {
    let k = 0..3usize;
    prop_oneof![
        2 => proptest::option::of(1..200u8).prop_map(|e| Cmd::Create { expires_in_hours: e }),
        1 => k.clone().prop_map(Cmd::Disable),
        1 => k.clone().prop_map(Cmd::Enable),
        2 => (k.clone(), any::<bool>()).prop_map(|(k, f)| Cmd::Delete(k, f)),
        2 => k.clone().prop_map(Cmd::Restore),
        2 => k.clone().prop_map(Cmd::Purge),
        2 => k.clone().prop_map(Cmd::Wrap),
        2 => k.clone().prop_map(Cmd::Unwrap),
        1 => k.clone().prop_map(Cmd::Rotate),
        1 => (k, prop::bool::weighted(0.3)).prop_map(|(k, p)| Cmd::Register(k, p)),
        // Steps that land on and just before the reference's boundaries (30 s, 1 h, 4 h, 30 d, 90 d).
        4 => prop::sample::select(vec![10, 29, 30, 3_599, 3_600, 4 * 3_600 - 1, 4 * 3_600, 86_400, 7 * 86_400, 29 * 86_400, 30 * 86_400, 60 * 86_400])
            .prop_map(Cmd::Advance),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum S {
    Active,
    Suspended,
    Deactivated,
    Destroyed,
    Purged,
}

#[derive(Clone, Debug)]
struct MKey {
    state: S,
    expires: Option<i64>,
    deleted_at: i64,
    last_change: Option<i64>,
    last_rotate: Option<i64>,
    registrations: u32,
    prevent: bool,
}

/// The reference model: states and timers only.
#[derive(Default)]
struct Model {
    now: i64,
    keys: Vec<MKey>,
}

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

impl Model {
    fn advance(&mut self, secs: i64) {
        self.now += secs;
        for k in &mut self.keys {
            if matches!(k.state, S::Active | S::Suspended)
                && k.expires.is_some_and(|e| e <= self.now)
            {
                k.state = S::Deactivated;
            }
            if k.state == S::Destroyed && k.deleted_at + 90 * DAY <= self.now {
                k.state = S::Purged;
            }
        }
    }

    /// The status the reference predicts, applying the change when it succeeds.
    fn step(&mut self, c: &Cmd) -> Option<u16> {
        let now = self.now;
        let key_idx = |i: &usize, n: usize| if n == 0 { None } else { Some(i % n) };
        let n = self.keys.len();
        Some(match c {
            Cmd::Create { expires_in_hours } => {
                self.keys.push(MKey {
                    state: S::Active,
                    expires: expires_in_hours.map(|h| now + h as i64 * HOUR),
                    deleted_at: 0,
                    last_change: None,
                    last_rotate: None,
                    registrations: 0,
                    prevent: false,
                });
                201
            }
            Cmd::Advance(s) => {
                self.advance(*s);
                return None;
            }
            Cmd::Disable(i)
            | Cmd::Enable(i)
            | Cmd::Delete(i, _)
            | Cmd::Restore(i)
            | Cmd::Purge(i)
            | Cmd::Wrap(i)
            | Cmd::Unwrap(i)
            | Cmd::Rotate(i)
            | Cmd::Register(i, _) => {
                let k = &mut self.keys[key_idx(i, n)?];
                if k.state == S::Purged {
                    return Some(404);
                }
                let gone = k.state == S::Destroyed;
                match c {
                    Cmd::Disable(_) if gone => 410,
                    Cmd::Disable(_) if k.state == S::Active => {
                        k.state = S::Suspended;
                        k.last_change = Some(now);
                        204
                    }
                    Cmd::Disable(_) => 409,
                    Cmd::Enable(_) if gone => 410,
                    Cmd::Enable(_) if k.state != S::Suspended => 409,
                    Cmd::Enable(_) if k.last_change.is_some_and(|t| now < t + 30) => 409,
                    Cmd::Enable(_) => {
                        k.state = S::Active;
                        k.last_change = Some(now);
                        204
                    }
                    Cmd::Delete(..) if gone => 410,
                    Cmd::Delete(..) if k.prevent => 409,
                    Cmd::Delete(_, force) if k.registrations > 0 && !force => 409,
                    Cmd::Delete(..) => {
                        k.state = S::Destroyed;
                        k.deleted_at = now;
                        k.last_change = Some(now);
                        204
                    }
                    Cmd::Restore(_) if !gone => 409,
                    Cmd::Restore(_) if k.expires.is_some_and(|e| e <= now) => 400,
                    Cmd::Restore(_) if now >= k.deleted_at + 30 * DAY => 400,
                    Cmd::Restore(_) if k.last_change.is_some_and(|t| now < t + 30) => 409,
                    Cmd::Restore(_) => {
                        k.state = S::Active;
                        k.last_change = Some(now);
                        201
                    }
                    Cmd::Purge(_) if !gone => 409,
                    Cmd::Purge(_) if now < k.deleted_at + 4 * HOUR => 409,
                    Cmd::Purge(_) => {
                        k.state = S::Purged;
                        200
                    }
                    Cmd::Wrap(_) if gone => 410,
                    Cmd::Wrap(_) if k.state == S::Active => 200,
                    Cmd::Wrap(_) => 409,
                    Cmd::Unwrap(_) if gone => 410,
                    Cmd::Unwrap(_) if matches!(k.state, S::Active | S::Deactivated) => 200,
                    Cmd::Unwrap(_) => 409,
                    Cmd::Rotate(_) if gone => 410,
                    Cmd::Rotate(_) if k.state == S::Suspended => 409,
                    Cmd::Rotate(_) if k.last_rotate.is_some_and(|t| now < t + HOUR) => 409,
                    Cmd::Rotate(_) => {
                        k.last_rotate = Some(now);
                        204
                    }
                    Cmd::Register(..) if k.state != S::Active => 422,
                    Cmd::Register(_, prevent) => {
                        k.registrations += 1;
                        k.prevent |= prevent;
                        201
                    }
                    _ => unreachable!(),
                }
            }
        })
    }
}

/// Drives the sandbox through the request face, remembering each key's id and first ciphertext.
struct Driver {
    sb: Sandbox,
    ids: Vec<String>,
    ciphertexts: Vec<Option<String>>,
    registered: u32,
}

impl Driver {
    fn new() -> Driver {
        let mut sb = Sandbox::new(99);
        let owner = sb.users()[0].id.clone();
        let purge = byok_engine::Command::SetKmsRoles {
            user: "alice".into(),
            roles: vec![byok_engine::KpRole::Manager, byok_engine::KpRole::KeyPurge],
        };
        sb.apply(&byok_engine::Actor::User(owner), purge).unwrap();
        Driver {
            sb,
            ids: Vec::new(),
            ciphertexts: Vec::new(),
            registered: 0,
        }
    }

    fn send(&mut self, method: &str, path: &str, token: &str, body: Option<Value>) -> Response {
        let mut req = Request::new(method, &format!("/api/v2{path}"))
            .header("authorization", &format!("Bearer {token}"))
            .header("bluemix-instance", &self.sb.instances()[0].guid.clone());
        req.body = body;
        self.sb.request(&req)
    }

    fn step(&mut self, c: &Cmd) -> Option<u16> {
        let alice = self.sb.users()[0].token.clone();
        if let Cmd::Advance(s) = c {
            self.sb.advance(Duration::seconds(*s));
            return None;
        }
        if let Cmd::Create { expires_in_hours } = c {
            let mut key = json!({ "name": format!("key-{}", self.ids.len()) });
            if let Some(h) = expires_in_hours {
                key["expirationDate"] =
                    json!((self.sb.now() + Duration::hours(*h as i64)).to_string());
            }
            let body = json!({ "metadata": { "collectionType": "application/vnd.ibm.kms.key+json", "collectionTotal": 1 }, "resources": [key] });
            let r = self.send("POST", "/keys", &alice, Some(body));
            self.ids.push(
                r.body.as_ref().unwrap()["resources"][0]["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
            self.ciphertexts.push(None);
            return Some(r.status);
        }
        let idx = match c {
            Cmd::Disable(i)
            | Cmd::Enable(i)
            | Cmd::Delete(i, _)
            | Cmd::Restore(i)
            | Cmd::Purge(i)
            | Cmd::Wrap(i)
            | Cmd::Unwrap(i)
            | Cmd::Rotate(i)
            | Cmd::Register(i, _) => {
                if self.ids.is_empty() {
                    return None;
                }
                i % self.ids.len()
            }
            _ => unreachable!(),
        };
        let id = self.ids[idx].clone();
        let r = match c {
            Cmd::Disable(_) => {
                self.send("POST", &format!("/keys/{id}/actions/disable"), &alice, None)
            }
            Cmd::Enable(_) => {
                self.send("POST", &format!("/keys/{id}/actions/enable"), &alice, None)
            }
            Cmd::Delete(_, force) => {
                self.send("DELETE", &format!("/keys/{id}?force={force}"), &alice, None)
            }
            Cmd::Restore(_) => self.send("POST", &format!("/keys/{id}/restore"), &alice, None),
            Cmd::Purge(_) => self.send("DELETE", &format!("/keys/{id}/purge"), &alice, None),
            Cmd::Rotate(_) => {
                self.send("POST", &format!("/keys/{id}/actions/rotate"), &alice, None)
            }
            Cmd::Wrap(_) => {
                let r = self.send(
                    "POST",
                    &format!("/keys/{id}/actions/wrap"),
                    &alice,
                    Some(json!({ "plaintext": "c2VjcmV0IGRlaw==", "aad": [id] })),
                );
                if r.status == 200 && self.ciphertexts[idx].is_none() {
                    self.ciphertexts[idx] = Some(
                        r.body.as_ref().unwrap()["ciphertext"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    );
                }
                r
            }
            Cmd::Unwrap(_) => {
                let ct = self.ciphertexts[idx].clone()?;
                let r = self.send(
                    "POST",
                    &format!("/keys/{id}/actions/unwrap"),
                    &alice,
                    Some(json!({ "ciphertext": ct, "aad": [id] })),
                );
                if r.status == 200 {
                    assert_eq!(
                        r.body.as_ref().unwrap()["plaintext"],
                        "c2VjcmV0IGRlaw==",
                        "unwrap returns what was wrapped"
                    );
                }
                r
            }
            Cmd::Register(_, prevent) => {
                self.registered += 1;
                let crn = format!("crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-redis%3Aus-south%3Aa%2Facct%3Adep-{}%3A%3A", self.registered);
                let body = json!({ "metadata": { "collectionType": "application/vnd.ibm.kms.registration+json", "collectionTotal": 1 }, "resources": [{ "preventKeyDeletion": prevent }] });
                let token = self.sb.service_token();
                self.send(
                    "POST",
                    &format!("/keys/{id}/registrations/{crn}"),
                    &token,
                    Some(body),
                )
            }
            _ => unreachable!(),
        };
        Some(r.status)
    }

    /// Everything observable but the event log.
    fn snapshot(&self) -> Value {
        let now = self.sb.now();
        json!({
            "now": now.to_string(),
            "keys": self.sb.keys().map(|k| k.view(now, true)).collect::<Vec<_>>(),
            "registrations": self.sb.registrations().collect::<Vec<_>>(),
            "pending": self.sb.pending(),
            "users": self.sb.users(),
        })
    }
}

fn model_state(s: S) -> Option<u8> {
    match s {
        S::Active => Some(1),
        S::Suspended => Some(2),
        S::Deactivated => Some(3),
        S::Destroyed => Some(5),
        S::Purged => None,
    }
}

fn run(cmds: &[Cmd]) -> Driver {
    let mut d = Driver::new();
    let mut model = Model::default();
    for (i, c) in cmds.iter().enumerate() {
        // Unwrap needs a ciphertext made earlier; without one the step is skipped by both sides.
        if matches!(c, Cmd::Unwrap(k) if d.ids.is_empty() || d.ciphertexts[k % d.ids.len()].is_none())
        {
            continue;
        }
        let before = d.snapshot();
        let expected = model.step(c);
        let actual = d.step(c);
        assert_eq!(actual, expected, "step {i} {c:?}: status");
        if actual.is_some_and(|s| s >= 400) {
            assert_eq!(
                d.snapshot(),
                before,
                "step {i} {c:?}: a refused request changed the sandbox"
            );
        }
        for (k, id) in model.keys.iter().zip(&d.ids) {
            let state = d.sb.key(id).map(|key| key.state.code());
            assert_eq!(state, model_state(k.state), "step {i} {c:?}: state of {id}");
        }
        if let Cmd::Unwrap(k) = c {
            let k = k % d.ids.len();
            if model.keys[k].state == S::Purged {
                assert_ne!(actual, Some(200), "an unwrap succeeded after purge");
            }
        }
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn the_sandbox_follows_the_reference_model(cmds in prop::collection::vec(cmd(), 1..80)) {
        let first = run(&cmds);
        let second = run(&cmds);
        prop_assert_eq!(serde_json::to_string(first.sb.events()).unwrap(), serde_json::to_string(second.sb.events()).unwrap());
        prop_assert_eq!(first.snapshot(), second.snapshot());
    }
}
