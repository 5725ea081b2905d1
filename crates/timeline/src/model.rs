//! The model: plain data, the lanes of keys and deployments with their spans and markers.

use byok_engine::Timestamp;

/// Everything the Timeline page draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The first event's time: the left edge of the fully zoomed-out view.
    pub start: Timestamp,
    /// The right edge: now, the latest span end, or a day after `start`, whichever is latest, so
    /// scheduled futures (the 90-day purge) are in view and a fresh sandbox is not a single point.
    pub end: Timestamp,
    /// The sandbox clock, drawn as the "now" line.
    pub now: Timestamp,
    /// Keys and deployments in the order they first appear in the log.
    pub lanes: Vec<Lane>,
}

/// One key or one deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The key's or the deployment's CRN, as the events' `target.id` gives it.
    pub id: String,
    pub kind: LaneKind,
    /// "key <name>" or "<service display name> <name>".
    pub label: String,
    /// A deployment: the position in `lanes` of the key it registered on first (its disk key), as
    /// the key's `kms.registrations.create` event gives it. Views draw the deployment in its key's
    /// group.
    pub key_lane: Option<usize>,
    /// Sorted by start; spans of different kinds may overlap.
    pub spans: Vec<Span>,
    /// One per event that targets this lane's CRN, in log order.
    pub markers: Vec<Marker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneKind {
    Key,
    Deployment,
}

/// A stretch of time with a meaning: a waiting period, a window, a delay.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub kind: SpanKind,
    pub start: Timestamp,
    /// Where the span ends or will end; it may lie after now (drawing clips it to the view).
    pub end: Timestamp,
    pub label: String,
    /// True when the span runs past now (still going).
    pub open: bool,
    /// What ended it (or will): its natural end, or the event that cut it short.
    pub ending: Ending,
}

/// What ends a span: the period running its course (a wait passing, a window closing, a task
/// finishing, a soft deletion ending in deletion for good), or an event cutting it short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Natural,
    /// The key, or the soft-deleted deployment, was restored.
    Restored,
    /// The key was purged.
    Purged,
    /// The key was deleted (ending its dual-authorization window), or the deployment deleted for
    /// good before its period ended (reclaimed, or deleted while provisioning).
    Deleted,
    /// A dual-authorization window withdrawn by unsetKeyForDeletion.
    Unset,
    /// A dual-authorization window replaced by a new setKeyForDeletion.
    SetAgain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpanKind {
    /// A deployment from its create request until it is ready.
    Provisioning,
    /// A deployment deleted but still reclaimable, until restored, reclaimed or the period ends.
    SoftDeletion,
    /// The 4 hours after a key's deletion before a user may purge it.
    PurgeWait,
    /// The 30 days after a key's deletion in which it can be restored.
    RestoreWindow,
    /// The 90 days after a key's deletion at the end of which Key Protect purges it.
    PurgeSchedule,
    /// The 7 days a setKeyForDeletion authorization lasts.
    DualAuthWindow,
    /// A key event on its way to one registered deployment.
    Propagation,
    /// A deployment's "syncing KMS state" task after a rotation.
    KmsSync,
}

/// One activity event, drawn on its lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub at: Timestamp,
    /// The event's position in the log, the handle the activity view uses.
    pub seq: u64,
    pub action: String,
    pub outcome: &'static str,
    pub severity: &'static str,
    /// "<action> <outcome> by <initiator>", e.g. "kms.secrets.delete success by alice@example.com".
    pub summary: String,
}

impl Default for Timeline {
    fn default() -> Timeline {
        Timeline {
            start: Timestamp(0),
            end: Timestamp(0),
            now: Timestamp(0),
            lanes: Vec::new(),
        }
    }
}

impl Span {
    /// The span as a timeline built at `built` would draw it at a later `now`, when no event
    /// happened in between (the log is append-only: the same length means the same events). A span
    /// that ran until the old now runs on to the new one; the others are open only if they end after
    /// it. This lets a view rebuild the timeline only when events arrive and adjust what it draws.
    pub fn at(&self, built: Timestamp, now: Timestamp) -> Span {
        let mut span = self.clone();
        span.carry(built, now);
        span
    }

    /// In place, what `at` returns: the builder moves every span of every quiet lane this way at
    /// each clock step, without copying labels.
    pub(crate) fn carry(&mut self, built: Timestamp, now: Timestamp) {
        if self.open && self.end == built {
            self.end = now;
        } else {
            self.open = self.end > now;
        }
    }
}

impl SpanKind {
    /// A stable lowercase name, for CSS classes and legends.
    pub fn name(self) -> &'static str {
        match self {
            SpanKind::Provisioning => "provisioning",
            SpanKind::SoftDeletion => "soft-deletion",
            SpanKind::PurgeWait => "purge-wait",
            SpanKind::RestoreWindow => "restore-window",
            SpanKind::PurgeSchedule => "purge-schedule",
            SpanKind::DualAuthWindow => "dual-auth-window",
            SpanKind::Propagation => "propagation",
            SpanKind::KmsSync => "kms-sync",
        }
    }
}
