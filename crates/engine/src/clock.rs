//! The virtual clock's queue items: work scheduled at an instant (expiry, automatic rotation and purge,
//! dual-authorization windows, provisioning, key events reaching deployments, KMS syncs,
//! reclamations, shred deadlines), popped in time order by `advance`, each item at its own
//! instant (`advance.rs`). Types only: the sandbox holds the queue.

use super::time::Timestamp;

/// A key lifecycle event as Key Protect delivers it to registered services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyEvent {
    Rotate,
    Disable,
    Enable,
    Delete,
    Restore,
    Sync,
}

impl KeyEvent {
    pub fn name(self) -> &'static str {
        match self {
            KeyEvent::Rotate => "rotate",
            KeyEvent::Disable => "disable",
            KeyEvent::Enable => "enable",
            KeyEvent::Delete => "delete",
            KeyEvent::Restore => "restore",
            KeyEvent::Sync => "sync",
        }
    }
}

/// Work the clock will do at a given instant. Items are not cancelled when their reason goes away;
/// each checks, when it falls due, that the key still expects it (lazy deletion keeps every change O(log n)).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// The key reaches its expirationDate: Active or Suspended -> Deactivated.
    Expire(String),
    /// The key's rotation policy is due.
    AutoRotate(String),
    /// A setKeyForDeletion authorization lapses after 7 days.
    DualAuthLapse(String),
    /// 90 days after deletion Key Protect purges the key.
    AutoPurge(String),
    /// A deployment finishes provisioning.
    ProvisionDone(String),
    /// A key event reaches a registered deployment after the propagation delay.
    KeyNotice {
        deployment: String,
        key: String,
        event: KeyEvent,
    },
    /// A deployment's "syncing KMS state" task ends.
    SyncDone { deployment: String, task: String },
    /// A reclamation period ends: the deployment is deleted for good.
    Reclaim(String),
    /// Four hours after a force delete: resources that have not confirmed the shred are reported.
    ShredDeadline(String),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Scheduled {
    pub(crate) at: Timestamp,
    pub(crate) seq: u64,
    pub(crate) item: Item,
}

/// One scheduled item as the views show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Pending {
    pub at: Timestamp,
    pub what: String,
    pub key: String,
}
