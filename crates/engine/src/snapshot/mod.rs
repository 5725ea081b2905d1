//! Snapshots: the whole sandbox as bytes, so a long-lived sandbox reopens at the cost of reading
//! its state instead of replaying its history. Everything that decides what happens next is in it:
//! the clock, the seeded generator's state, the sequence counter and the queue of scheduled work,
//! besides every object and the activity log. So restoring a snapshot taken after `k` inputs and
//! applying the inputs after `k` gives the very sandbox the whole journal gives (tests/snapshot.rs).
//!
//! A snapshot is two documents, one after the other: the state, then the history (the activity
//! log), so that an app can draw the sandbox from its state and attach the history a moment later
//! ([`Sandbox::restore_state`], [`Sandbox::attach_history`]). Each starts with a mark and the
//! format version ([`VERSION`]); a build reads its own version only and says which version it
//! found otherwise, so a caller can fall back to the journal. A checksum at the end of each
//! catches a cut or altered copy, and the state names its history's checksum.

mod databases;
mod events;
mod forms;
mod kms;
mod wire;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::clock::{Item, KeyEvent, Scheduled};
use super::databases::Timings;
use super::events::{Awaited, EventLog};
use super::iam::Authorization;
use super::iam::{PlatformRole, Roles, ServiceRole, User};
use super::rng::Rng;
use super::sandbox::Sandbox;
use super::time::Duration;
pub use wire::SnapshotError;
use wire::{damaged, Reader, Result, Writer};

/// The first bytes of every snapshot (of its state document).
pub const MARK: &[u8; 8] = b"BYOKSNAP";
/// The first bytes of a snapshot's history document.
pub const HISTORY_MARK: &[u8; 8] = b"BYOKHIST";
/// The format this build writes and reads. Raise it with any change to what is written.
pub const VERSION: u32 = 4;

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

/// How many of a snapshot's first bytes are its state: the rest is its history (the activity
/// log), which [`Sandbox::attach_history`] takes. `None` if the bytes are not a snapshot of this
/// format.
pub fn state_len(bytes: &[u8]) -> Option<usize> {
    (version_of(bytes)? == VERSION)
        .then(|| wire::first_document(bytes, MARK))
        .flatten()
        .map(|(state, _)| state.len())
}

impl Sandbox {
    /// The sandbox as bytes; [`Sandbox::restore`] makes it again. Two documents, one after the
    /// other: the state, then the history (see [`state_len`]). Fails while the history is still
    /// arriving, or if the sandbox holds a value the format has no code for (a bug, which the
    /// tests look for).
    pub fn snapshot(&self) -> std::result::Result<Vec<u8>, SnapshotError> {
        if self.history_arriving() {
            return Err(SnapshotError::HistoryArriving);
        }
        let mut h = Writer::new();
        events::events(&mut h, self.events.all())?;
        let history = h.finish(HISTORY_MARK, VERSION);
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
        // Which history belongs to this state: its length and the checksum it ends with.
        w.usize(self.events.len());
        w.raw(
            &wire::checksum_of(&history)
                .expect("a document ends with its checksum")
                .to_le_bytes(),
        );
        let mut out = w.finish(MARK, VERSION);
        out.extend_from_slice(&history);
        Ok(out)
    }

    /// The sandbox a snapshot holds, or why it cannot be read.
    pub fn restore(bytes: &[u8]) -> std::result::Result<Sandbox, SnapshotError> {
        let (state, history) = wire::first_document(bytes, MARK).unwrap_or((bytes, &[]));
        let mut sb = Sandbox::restore_state(state)?;
        sb.attach_history(history)?;
        Ok(sb)
    }

    /// The sandbox a snapshot's state holds (its first [`state_len`] bytes), with its history
    /// still to come: it answers requests and moves its clock as the whole one would, and its
    /// log has [`Sandbox::event_count`] right but holds only the events since (see
    /// [`Sandbox::events`]) until [`Sandbox::attach_history`]. Opening a long-lived sandbox this
    /// way costs what its state costs, not its history.
    pub fn restore_state(bytes: &[u8]) -> std::result::Result<Sandbox, SnapshotError> {
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
            events: EventLog::awaiting(Awaited {
                count: r.usize()?,
                checksum: u64::from_le_bytes(r.raw::<8>()?),
            }),
            counter,
        };
        if !r.at_end() {
            return damaged("it goes on after the sandbox ends");
        }
        Ok(sb)
    }

    /// Puts the history (a snapshot's bytes after [`state_len`]) in front of the events since
    /// [`Sandbox::restore_state`]. Refuses, changing nothing, a history that is damaged or is not
    /// the one this state was written with.
    pub fn attach_history(&mut self, bytes: &[u8]) -> std::result::Result<(), SnapshotError> {
        let Some(awaited) = self.events.awaited() else {
            return damaged("the sandbox has its history already");
        };
        if bytes.is_empty() {
            return damaged("its activity log is missing: the copy is cut short");
        }
        let mut r = Reader::open(bytes, HISTORY_MARK, VERSION)?;
        if wire::checksum_of(bytes) != Some(awaited.checksum) {
            return damaged("its activity log is not the one its state was written with");
        }
        let history = events::read_events(&mut r)?;
        if history.len() != awaited.count || !r.at_end() {
            return damaged("its activity log does not have the events its state counts");
        }
        self.events.attach(history);
        Ok(())
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

    /// Identifiers: a canonical UUID takes 17 bytes and no table entry; any other text is a table
    /// string; both read back as written, and an unknown form is refused.
    #[test]
    fn identifiers_read_back_as_written() {
        let uuid = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        let empty = wire::Writer::new().finish(b"TESTTEST", 1).len();
        let mut w = wire::Writer::new();
        w.id(uuid);
        assert_eq!(w.finish(b"TESTTEST", 1).len(), empty + 17);
        let mut w = wire::Writer::new();
        w.id(uuid);
        w.id("docs-trace");
        let bytes = w.finish(b"TESTTEST", 1);
        let mut r = wire::Reader::open(&bytes, b"TESTTEST", 1).unwrap();
        assert_eq!(r.id().unwrap(), uuid);
        assert_eq!(r.id().unwrap(), "docs-trace");
        assert!(r.at_end());
        let mut w = wire::Writer::new();
        w.byte(2);
        let bytes = w.finish(b"TESTTEST", 1);
        let err = wire::Reader::open(&bytes, b"TESTTEST", 1)
            .unwrap()
            .id()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is damaged (2 is not an identifier's form)"
        );
    }

    /// Documents follow one another: each says its length.
    #[test]
    fn a_document_says_where_it_ends() {
        let mut w = wire::Writer::new();
        w.str("first");
        let mut both = w.finish(b"TESTTEST", 1);
        let one = both.len();
        both.extend_from_slice(b"and what follows");
        let (first, rest) = wire::first_document(&both, b"TESTTEST").unwrap();
        assert_eq!((first.len(), rest), (one, &b"and what follows"[..]));
        assert!(wire::Reader::open(first, b"TESTTEST", 1).is_ok());
        assert!(wire::first_document(&both[..one - 1], b"TESTTEST").is_none());
        assert!(wire::first_document(&both, b"OTHERMRK").is_none());
        assert_eq!(
            wire::checksum_of(first),
            Some(wire::checksum(&first[..one - 8]))
        );
    }
}
