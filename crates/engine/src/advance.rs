//! Moving the virtual clock: `advance` pops the queue in time order and does each item at its own
//! instant, once it has checked the item still applies (items are never cancelled).

use std::cmp::Reverse;

use super::clock::{Item, Pending, Scheduled};
use super::databases::{Status, SHRED_CONFIRM_WINDOW};
use super::iam::Actor;
use super::kms::PURGE_AFTER;
use super::sandbox::Sandbox;
use super::time::{Duration, Timestamp};

impl Sandbox {
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
                    .is_some_and(|d| d.at + PURGE_AFTER == s.at)
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
                .is_some_and(|t| t.deleted_at + SHRED_CONFIRM_WINDOW == s.at),
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
}
