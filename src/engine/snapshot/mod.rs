//! Snapshots: the whole sandbox as bytes, so a long-lived sandbox reopens at the cost of reading
//! its state instead of replaying its history. Everything that decides what happens next is in it:
//! the clock, the seeded generator's state, the sequence counter and the queue of scheduled work,
//! besides every object and the activity log. So restoring a snapshot taken after `k` inputs and
//! applying the inputs after `k` gives the very sandbox the whole journal gives (tests/snapshot.rs).
//!
//! The bytes start with a mark and a format version ([`VERSION`]); a build reads its own version
//! only and says which version it found otherwise, so a caller can fall back to the journal.
//! A checksum at the end catches a cut or altered copy.

mod databases;
mod events;
mod forms;
mod kms;
mod wire;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::clock::{Item, KeyEvent, Scheduled};
use super::databases::Timings;
use super::events::EventLog;
use super::iam::Authorization;
use super::iam::{PlatformRole, Roles, ServiceRole, User};
use super::rng::Rng;
use super::sandbox::Sandbox;
use super::time::Duration;
pub use events::PackedEvents;
pub use wire::SnapshotError;
use wire::{damaged, Reader, Result, Writer};

/// The first bytes of every snapshot.
pub const MARK: &[u8; 8] = b"BYOKSNAP";
/// The format this build writes and reads. Raise it with any change to what is written.
pub const VERSION: u32 = 3;

/// The format version a snapshot says it has, without reading the rest (`None`: not a snapshot).
pub fn version_of(bytes: &[u8]) -> Option<u32> {
    let rest = bytes.strip_prefix(MARK.as_slice())?;
    let mut n: u64 = 0;
    for (i, b) in rest.iter().take(5).enumerate() {
        n |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return u32::try_from(n).ok();
        }
    }
    None
}

impl Sandbox {
    /// The sandbox as bytes; [`Sandbox::restore`] makes it again. Fails only if the sandbox holds
    /// a value the format has no code for (a bug, which the tests look for).
    pub fn snapshot(&self) -> std::result::Result<Vec<u8>, SnapshotError> {
        let mut w = Writer::new();
        w.u64(self.seed);
        w.time(self.now);
        for word in self.rng.state() {
            w.u64(word);
        }
        w.u64(self.counter);
        w.str(&self.account);
        for d in [
            self.timings.reclamation_period,
            self.timings.provisioning_time,
            self.timings.propagation_delay,
        ] {
            w.i64(d.0);
        }
        users(&mut w, &self.users);
        kms::instances(&mut w, &self.instances);
        kms::keys(&mut w, &self.keys);
        kms::registrations(&mut w, &self.registrations);
        authorizations(&mut w, &self.authorizations);
        databases::deployments(&mut w, &self.deployments);
        databases::reclamations(&mut w, &self.reclamations)?;
        databases::shreds(&mut w, &self.shreds);
        queue(&mut w, &self.queue);
        events::events(&mut w, self.events.all())?;
        Ok(w.finish(MARK, VERSION))
    }

    /// The sandbox a snapshot holds, or why it cannot be read.
    ///
    /// The activity log is checked and kept packed, read when first asked for
    /// ([`Sandbox::events`]): restoring costs what the sandbox's state costs, not its history.
    pub fn restore(bytes: &[u8]) -> std::result::Result<Sandbox, SnapshotError> {
        Sandbox::restore_owned(bytes.to_vec())
    }

    /// [`Sandbox::restore`] of bytes the caller gives up: the packed log keeps them (the app's
    /// open, where every MiB touched costs, hands them over).
    pub fn restore_owned(bytes: Vec<u8>) -> std::result::Result<Sandbox, SnapshotError> {
        let bytes = std::sync::Arc::new(bytes);
        Sandbox::restore_with(&bytes, |r| {
            Ok(EventLog::packed(events::pack_events(r, &bytes)?))
        })
    }

    fn restore_with(
        bytes: &[u8],
        log: impl FnOnce(&mut Reader) -> Result<EventLog>,
    ) -> std::result::Result<Sandbox, SnapshotError> {
        let mut r = Reader::open(bytes, MARK, VERSION)?;
        let seed = r.u64()?;
        let now = r.time()?;
        let rng = Rng::from_state([r.u64()?, r.u64()?, r.u64()?, r.u64()?]);
        let counter = r.u64()?;
        let account = r.string()?;
        let timings = Timings {
            reclamation_period: Duration(r.i64()?),
            provisioning_time: Duration(r.i64()?),
            propagation_delay: Duration(r.i64()?),
        };
        let sb = Sandbox {
            seed,
            now,
            rng,
            account,
            users: read_users(&mut r)?,
            instances: kms::read_instances(&mut r)?,
            keys: kms::read_keys(&mut r)?,
            registrations: kms::read_registrations(&mut r)?,
            authorizations: read_authorizations(&mut r)?,
            deployments: databases::read_deployments(&mut r)?,
            reclamations: databases::read_reclamations(&mut r)?,
            shreds: databases::read_shreds(&mut r)?,
            timings,
            queue: read_queue(&mut r)?,
            events: log(&mut r)?,
            counter,
        };
        if !r.at_end() {
            return damaged("it goes on after the sandbox ends");
        }
        Ok(sb)
    }
}

fn users<'a>(w: &mut Writer<'a>, list: &'a [User]) {
    w.usize(list.len());
    for u in list {
        w.str(&u.id);
        w.str(&u.name);
        w.str(&u.email);
        w.str(&u.token);
        w.bool(u.owner);
        w.byte(u.kms_roles.bits());
        w.byte(u.database_role as u8);
    }
}

fn read_users(r: &mut Reader) -> Result<Vec<User>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (id, name, email, token) = (r.string()?, r.string()?, r.string()?, r.string()?);
        let owner = r.bool()?;
        let kms_roles = Roles::from_bits(r.byte()?);
        let role = r.byte()?;
        let Some(&database_role) = PlatformRole::ALL.get(role as usize) else {
            return damaged(format!("{role} is not a platform role"));
        };
        out.push(User {
            id,
            name,
            email,
            token,
            owner,
            kms_roles,
            database_role,
        });
    }
    Ok(out)
}

const SERVICE_ROLES: [ServiceRole; 2] = [ServiceRole::Reader, ServiceRole::AuthorizationDelegator];

fn authorizations<'a>(w: &mut Writer<'a>, list: &'a [Authorization]) {
    w.usize(list.len());
    for a in list {
        w.str(&a.id);
        w.str(&a.source_service);
        w.opt_str(a.source_instance.as_deref());
        w.str(&a.target_service);
        w.opt_str(a.target_instance.as_deref());
        w.usize(a.roles.len());
        for role in &a.roles {
            w.byte(*role as u8);
        }
        w.time(a.created_at);
        w.str(&a.created_by);
    }
}

fn read_authorizations(r: &mut Reader) -> Result<Vec<Authorization>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (id, source_service) = (r.string()?, r.string()?);
        let source_instance = r.opt_string()?;
        let target_service = r.string()?;
        let target_instance = r.opt_string()?;
        let mut roles = Vec::new();
        for _ in 0..r.count()? {
            let b = r.byte()?;
            match SERVICE_ROLES.get(b as usize) {
                Some(role) => roles.push(*role),
                None => return damaged(format!("{b} is not a service role")),
            }
        }
        out.push(Authorization {
            id,
            source_service,
            source_instance,
            target_service,
            target_instance,
            roles,
            created_at: r.time()?,
            created_by: r.string()?,
        });
    }
    Ok(out)
}

const KEY_EVENTS: [KeyEvent; 6] = [
    KeyEvent::Rotate,
    KeyEvent::Disable,
    KeyEvent::Enable,
    KeyEvent::Delete,
    KeyEvent::Restore,
    KeyEvent::Sync,
];

/// The queue in its heap's order; any order gives the same heap back, since items are ordered by
/// instant and then by a sequence number no two share.
fn queue<'a>(w: &mut Writer<'a>, q: &'a BinaryHeap<Reverse<Scheduled>>) {
    w.usize(q.len());
    for Reverse(s) in q.iter() {
        w.time(s.at);
        w.u64(s.seq);
        match &s.item {
            Item::Expire(k) => {
                w.byte(0);
                w.str(k)
            }
            Item::AutoRotate(k) => {
                w.byte(1);
                w.str(k)
            }
            Item::DualAuthLapse(k) => {
                w.byte(2);
                w.str(k)
            }
            Item::AutoPurge(k) => {
                w.byte(3);
                w.str(k)
            }
            Item::ProvisionDone(d) => {
                w.byte(4);
                w.str(d)
            }
            Item::KeyNotice {
                deployment,
                key,
                event,
            } => {
                w.byte(5);
                w.str(deployment);
                w.str(key);
                w.byte(*event as u8);
            }
            Item::SyncDone { deployment, task } => {
                w.byte(6);
                w.str(deployment);
                w.str(task);
            }
            Item::Reclaim(r) => {
                w.byte(7);
                w.str(r)
            }
            Item::ShredDeadline(k) => {
                w.byte(8);
                w.str(k)
            }
        }
    }
}

fn read_queue(r: &mut Reader) -> Result<BinaryHeap<Reverse<Scheduled>>> {
    let n = r.count()?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.time()?;
        let seq = r.u64()?;
        let item = match r.byte()? {
            0 => Item::Expire(r.string()?),
            1 => Item::AutoRotate(r.string()?),
            2 => Item::DualAuthLapse(r.string()?),
            3 => Item::AutoPurge(r.string()?),
            4 => Item::ProvisionDone(r.string()?),
            5 => {
                let (deployment, key) = (r.string()?, r.string()?);
                let b = r.byte()?;
                let Some(&event) = KEY_EVENTS.get(b as usize) else {
                    return damaged(format!("{b} is not a key event"));
                };
                Item::KeyNotice {
                    deployment,
                    key,
                    event,
                }
            }
            6 => Item::SyncDone {
                deployment: r.string()?,
                task: r.string()?,
            },
            7 => Item::Reclaim(r.string()?),
            8 => Item::ShredDeadline(r.string()?),
            b => return damaged(format!("{b} is not a kind of scheduled work")),
        };
        items.push(Reverse(Scheduled { at, seq, item }));
    }
    Ok(BinaryHeap::from(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes written for enums are their positions in these lists: each list must follow its
    /// enum's declaration order.
    #[test]
    fn enum_codes_follow_the_declarations() {
        for (i, e) in KEY_EVENTS.iter().enumerate() {
            assert_eq!(*e as usize, i);
        }
        for (i, r) in SERVICE_ROLES.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
        for (i, r) in PlatformRole::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
    }

    #[test]
    fn the_version_is_read_from_the_first_bytes() {
        let bytes = Sandbox::new(1).snapshot().unwrap();
        assert_eq!(version_of(&bytes), Some(VERSION));
        assert_eq!(version_of(b"BYOKSNAP"), None);
        assert_eq!(version_of(b"{}"), None);
    }

    /// Restoring checks the events without reading them; reading them later must then never
    /// fail, and must give what reading them at once gives. Every byte of the log's end, altered
    /// three ways (with the checksum made to match), is accepted by both or refused by both.
    #[test]
    fn packed_events_are_checked_exactly_as_they_are_read() {
        use crate::engine::Request;
        let mut sb = Sandbox::new(3);
        let token = sb.users()[0].token.clone();
        let guid = sb.instances()[0].guid.clone();
        let call = |sb: &mut Sandbox, method: &str, path: &str, body: &str, correlation: &str| {
            let mut req = Request::new(method, path)
                .header("authorization", &format!("Bearer {token}"))
                .header("bluemix-instance", &guid);
            if !correlation.is_empty() {
                req = req.header("correlation-id", correlation);
            }
            if !body.is_empty() {
                req = req.json(serde_json::from_str(body).unwrap());
            }
            sb.request(&req);
        };
        let key = r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"k"}]}"#;
        call(&mut sb, "POST", "/api/v2/keys", key, "");
        call(&mut sb, "GET", "/api/v2/keys", "", "docs-trace");
        call(&mut sb, "GET", "/api/v2/keys/nope", "", "");
        sb.advance(crate::engine::Duration::days(1));
        let bytes = sb.snapshot().unwrap();
        let eager = |b: &[u8]| {
            Sandbox::restore_with(b, |r| Ok(EventLog::read(events::read_events_now(r)?)))
        };
        let json = |sb: &Sandbox| serde_json::to_string(sb.events()).unwrap();
        let whole = json(&sb);
        let restored = Sandbox::restore(&bytes).unwrap();
        assert!(!restored.events_read());
        assert_eq!(restored.event_count(), sb.event_count());
        assert_eq!(json(&restored), whole);
        // The app's open keeps the bytes rather than copying the log out of them: the same log.
        let owned = Sandbox::restore_owned(bytes.clone()).unwrap();
        assert!(!owned.events_read());
        assert_eq!(json(&owned), whole);
        let body = bytes.len() - 8;
        let (mut refused, mut accepted) = (0, 0);
        for at in body.saturating_sub(700)..body {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut m = bytes.clone();
                m[at] ^= flip;
                let sum = wire::checksum(&m[..body]);
                m[body..].copy_from_slice(&sum.to_le_bytes());
                match (Sandbox::restore(&m), eager(&m)) {
                    (Ok(packed), Ok(now)) => {
                        accepted += 1;
                        assert_eq!(json(&packed), json(&now), "byte {at} ^ {flip:#x}");
                    }
                    (Err(_), Err(_)) => refused += 1,
                    (a, b) => panic!(
                        "byte {at} ^ {flip:#x}: packed {:?}, at once {:?}",
                        a.err(),
                        b.err()
                    ),
                }
            }
        }
        assert!(
            refused > 0 && accepted > 0,
            "{refused} refused, {accepted} accepted"
        );
    }
}
