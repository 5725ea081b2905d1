//! The timeline: the activity log redrawn as a lane per key and per deployment, with spans for the
//! waiting periods and markers for the events.
//!
//! The log is the history (see `engine::events`), so everything here is derived from
//! `Sandbox::events()`; the sandbox's current state is read only to label lanes and to give a lane to
//! a key or deployment that exists but has no event yet. That way a purged key or a reclaimed
//! deployment keeps its lane, labelled from its events, and the timeline can never disagree with the
//! activity view. The model is pure data: the web app draws it as SVG and zooms with
//! [`Timeline::visible`].

// Hash maps here serve lookups only (nothing iterates them), so their order cannot leak into the
// drawing; with CRNs that share 90-character prefixes they are much faster than ordered maps. Their
// hash looks at the length and the last 16 bytes only, where a CRN's id is: the keys are the
// sandbox's own ids, so this is safe, and equality still compares whole strings.
use std::hash::{BuildHasherDefault, Hasher};

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<TailHash>>;
type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<TailHash>>;

#[derive(Default)]
struct TailHash(u64);

impl Hasher for TailHash {
    fn write(&mut self, bytes: &[u8]) {
        let tail = &bytes[bytes.len().saturating_sub(16)..];
        let mut h = self.0 ^ (bytes.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for chunk in tail.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(word))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(29);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub mod axis;
pub mod layout;

use crate::engine::crn::Crn;
use crate::engine::databases::{display_name, KMS_SYNC_TASK};
use crate::engine::events::Event;
use crate::engine::kms::{DUAL_AUTH_WINDOW, PURGE_AFTER, PURGE_WAIT, RESTORE_WINDOW};
use crate::engine::{Duration, Sandbox, Timestamp};

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

/// What a zoomed view draws of one lane: its spans clipped to the view and its markers inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneView<'a> {
    pub lane: &'a Lane,
    /// A deployment drawn right under its key's lane, in the key's group.
    pub nested: bool,
    pub spans: Vec<Span>,
    pub markers: Vec<&'a Marker>,
}

/// Builds the timeline from the sandbox's activity log.
pub fn build(sb: &Sandbox) -> Timeline {
    let mut builder = Builder::default();
    builder.update(sb);
    builder.timeline
}

/// Keeps a timeline up to date while the log grows. The log only ever grows, so an update reads only
/// the new events: each appends its marker and is folded into its lane's [`Fold`], which closes
/// spans as their ends arrive; the spans still running at the end of the log are derived again from
/// the fold. Lanes no new event touched only move to the new now (`Span::at`). Over 100,000 events a
/// clock step then costs what its own events cost, not what the whole history costs.
#[derive(Default)]
pub struct Builder {
    /// How many events of the log are in the timeline.
    processed: usize,
    /// Per lane, in lane order: the positions of its events in the log.
    events: Vec<Vec<usize>>,
    /// Per lane, in lane order: what its spans are derived from.
    folds: Vec<Fold>,
    index: HashMap<String, usize>,
    /// Targets that get no lane (instances, policies, settings), so they are parsed once.
    no_lane: HashSet<String>,
    /// (deployment CRN, instant) of every rotation sync that finished.
    sync_ends: HashMap<String, Vec<Timestamp>>,
    /// Deployment CRN to the lane of the key it first registered on, from the keys' registration
    /// events (which come before the deployment's own first event).
    links: HashMap<String, usize>,
    /// The latest end of any span, as of the last update that changed spans.
    latest_end: Option<Timestamp>,
    timeline: Timeline,
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

impl Builder {
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Brings the timeline up to the sandbox's log and clock. A log shorter than what was seen is
    /// another sandbox (a reset or an import): the builder starts over.
    pub fn update(&mut self, sb: &Sandbox) -> &Timeline {
        let events = sb.events();
        if events.len() < self.processed {
            *self = Builder::default();
        }
        let now = sb.now();
        let before = self.timeline.now;
        let mut fresh: Vec<(usize, usize)> = Vec::new();
        for (pos, e) in events.iter().enumerate().skip(self.processed) {
            let id = e.target.id.as_str();
            let lane = match self.index.get(id) {
                Some(&lane) => lane,
                None if self.no_lane.contains(id) => continue,
                None => {
                    let Some(kind) = lane_kind(id) else {
                        self.no_lane.insert(id.to_string());
                        continue;
                    };
                    self.add_lane(id, kind)
                }
            };
            self.events[lane].push(pos);
            fresh.push((lane, pos));
            let is_key = self.timeline.lanes[lane].kind == LaneKind::Key;
            if let Some(resource) = registered(e).filter(|_| is_key) {
                if !self.links.contains_key(&resource) {
                    self.links.insert(resource.clone(), lane);
                    if let Some(&d) = self.index.get(&resource) {
                        let l = &mut self.timeline.lanes[d];
                        if l.kind == LaneKind::Deployment && l.key_lane.is_none() {
                            l.key_lane = Some(lane);
                        }
                    }
                }
            }
            if is_rotation_sync(e) {
                self.sync_ends
                    .entry(id.to_string())
                    .or_default()
                    .push(e.event_time);
            }
        }
        self.processed = events.len();
        let mut dirty = vec![false; self.timeline.lanes.len()];
        for &(lane, _) in &fresh {
            dirty[lane] = true;
        }
        // Something that exists always has at least its create event, but a lane for it must not
        // depend on that.
        let existing = sb.keys().map(|k| (k.crn.as_str(), LaneKind::Key)).chain(
            sb.deployments()
                .map(|d| (d.crn.as_str(), LaneKind::Deployment)),
        );
        for (crn, kind) in existing {
            if !self.index.contains_key(crn) {
                let lane = self.add_lane(crn, kind);
                dirty.push(true);
                debug_assert_eq!(dirty.len(), lane + 1);
            }
        }

        // Names: the current one where the thing still exists, otherwise the last one its events
        // gave (empty names are skipped). Only lanes with new events read them: a quiet clock step
        // gathers none.
        let any_dirty = dirty.contains(&true);
        let mut names: HashMap<&str, &str> = HashMap::default();
        if any_dirty {
            for (id, &lane) in &self.index {
                if let Some(e) = self.events[lane]
                    .iter()
                    .rev()
                    .map(|&p| &events[p])
                    .find(|e| !e.target.name.is_empty())
                {
                    names.insert(id.as_str(), &e.target.name);
                }
            }
            for k in sb.keys() {
                names.insert(&k.crn, &k.name);
            }
            for d in sb.deployments() {
                names.insert(&d.crn, &d.name);
            }
        }
        let cx = Context {
            now,
            names: &names,
            sync_ends: &self.sync_ends,
            reclamation_period: sb.timings().reclamation_period,
        };

        let lanes = &mut self.timeline.lanes;
        for (lane, fold) in self.folds.iter_mut().enumerate() {
            if dirty[lane] {
                fold.drop_tail(&mut lanes[lane].spans);
            }
        }
        for (lane, pos) in fresh {
            let e = &events[pos];
            let l = &mut lanes[lane];
            l.markers.push(marker(e));
            self.folds[lane].read(l.kind, e, &cx, &mut l.spans);
        }
        for (i, lane) in lanes.iter_mut().enumerate() {
            if dirty[i] {
                lane.label = label(&lane.id, lane.kind, &cx);
                self.folds[i].add_tail(lane.kind, &cx, &mut lane.spans);
            } else if now != before {
                for span in &mut lane.spans {
                    span.carry(before, now);
                }
            }
        }

        let t = &mut self.timeline;
        t.now = now;
        t.start = events.first().map_or(now, |e| e.event_time);
        // Spans change only on lanes with new events; elsewhere a clock step at most moves a span
        // that ran until the old now to the new one, which `now` covers below.
        if any_dirty {
            self.latest_end = t.lanes.iter().flat_map(|l| &l.spans).map(|s| s.end).max();
        }
        t.end = now
            .max(self.latest_end.unwrap_or(t.start))
            .max(t.start + Duration::DAY);
        &self.timeline
    }

    fn add_lane(&mut self, id: &str, kind: LaneKind) -> usize {
        self.index.insert(id.to_string(), self.events.len());
        self.events.push(Vec::new());
        self.folds.push(Fold::default());
        self.timeline.lanes.push(Lane {
            id: id.to_string(),
            kind,
            key_lane: match kind {
                LaneKind::Deployment => self.links.get(id).copied(),
                LaneKind::Key => None,
            },
            label: String::new(),
            spans: Vec::new(),
            markers: Vec::new(),
        });
        self.events.len() - 1
    }
}

impl Timeline {
    /// Lanes whose label or id contains `filter`, ignoring ASCII case; all when empty. They come
    /// in groups: a key's lane, then the lanes of the deployments registered on it (see
    /// [`Lane::key_lane`]) when they pass the filter too; other lanes in the order they first appear.
    pub fn filtered(&self, filter: &str) -> Vec<&Lane> {
        self.grouped(filter).into_iter().map(|(l, _)| l).collect()
    }

    /// [`Timeline::filtered`], each lane with whether it is nested under its key's lane.
    fn grouped(&self, filter: &str) -> Vec<(&Lane, bool)> {
        // A filter box that holds only spaces is as good as empty.
        let needle = filter.trim().to_ascii_lowercase();
        let shown: Vec<bool> = self
            .lanes
            .iter()
            .map(|l| {
                needle.is_empty()
                    || l.label.to_ascii_lowercase().contains(&needle)
                    || l.id.to_ascii_lowercase().contains(&needle)
            })
            .collect();
        let mut nested: Vec<Vec<usize>> = vec![Vec::new(); self.lanes.len()];
        let mut parent = vec![false; self.lanes.len()];
        for (i, lane) in self.lanes.iter().enumerate() {
            if let Some(k) = lane.key_lane.filter(|&k| shown[i] && shown[k]) {
                nested[k].push(i);
                parent[i] = true;
            }
        }
        let mut out = Vec::new();
        for (i, lane) in self.lanes.iter().enumerate() {
            if shown[i] && !parent[i] {
                out.push((lane, false));
                out.extend(nested[i].iter().map(|&d| (&self.lanes[d], true)));
            }
        }
        out
    }

    /// Markers and spans clipped to [from, to] — what a zoomed view draws — per lane.
    ///
    /// Every lane that passes the filter is returned, even with nothing in view, so rows do not jump
    /// while the user pans. A window with `to` before `from` shows nothing.
    pub fn visible(&self, from: Timestamp, to: Timestamp, filter: &str) -> Vec<LaneView<'_>> {
        self.grouped(filter)
            .into_iter()
            .map(|(lane, nested)| LaneView {
                lane,
                nested,
                spans: lane
                    .spans
                    .iter()
                    .filter_map(|s| s.clipped(from, to))
                    .collect(),
                markers: lane
                    .markers
                    .iter()
                    .filter(|m| from <= m.at && m.at <= to)
                    .collect(),
            })
            .collect()
    }
}

impl Span {
    /// The part of the span inside [from, to], if any; it keeps its `open` flag, which says whether
    /// the span itself is still going, not whether the view cut it.
    pub fn clipped(&self, from: Timestamp, to: Timestamp) -> Option<Span> {
        if from > to || self.end < from || self.start > to {
            return None;
        }
        Some(Span {
            start: self.start.max(from),
            end: self.end.min(to),
            ..self.clone()
        })
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
    fn carry(&mut self, built: Timestamp, now: Timestamp) {
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

/// What a CRN names, if it deserves a lane: a Key Protect key, or a database deployment (a database
/// service's instance CRN). Key Protect instances, policies and the sandbox's settings do not.
fn lane_kind(id: &str) -> Option<LaneKind> {
    if Crn::parse_key(id).is_ok() {
        return Some(LaneKind::Key);
    }
    let crn = Crn::parse(id).ok()?;
    (display_name(&crn.service).is_some() && crn.resource_type.is_empty())
        .then_some(LaneKind::Deployment)
}

/// The part of an action after its service, e.g. "secrets.delete" for "kms.secrets.delete" and
/// "instance.create" for "databases-for-postgresql.instance.create" (service names hold no dot).
fn verb(action: &str) -> &str {
    action.split_once('.').map_or(action, |(_, rest)| rest)
}

/// The resource a key's successful `kms.registrations.create` event registered.
fn registered(e: &Event) -> Option<String> {
    if e.outcome != "success" || e.action != "kms.registrations.create" {
        return None;
    }
    e.response_data.get_str("resourceCrn")
}

/// A deployment's volumes update that ends a rotation's "syncing KMS state" task.
fn is_rotation_sync(e: &Event) -> bool {
    verb(&e.action) == "deployment-volumes.update"
        && e.request_data.get_str("keyEvent").as_deref() == Some("rotate")
}

/// The instant `d` before `t` (the engine's clock only ever adds durations).
fn before(t: Timestamp, d: Duration) -> Timestamp {
    Timestamp(t.0 - d.0)
}

/// What every lane's spans are computed against.
struct Context<'a> {
    now: Timestamp,
    /// Names of keys and deployments by CRN.
    names: &'a HashMap<&'a str, &'a str>,
    /// (deployment CRN, instant) of every rotation sync that finished.
    sync_ends: &'a HashMap<String, Vec<Timestamp>>,
    /// Only for a soft deletion whose event lacks its target time, which the engine always logs.
    reclamation_period: Duration,
}

impl Context<'_> {
    /// A span that is open when it ends after now, ending as its period does.
    fn span(&self, kind: SpanKind, start: Timestamp, end: Timestamp, label: &str) -> Span {
        Span {
            kind,
            start,
            end,
            label: label.to_string(),
            open: end > self.now,
            ending: Ending::Natural,
        }
    }

    /// A span whose period would end at `natural`, cut at `cut` by what its `Ending` says if that
    /// comes first.
    fn cut_span(
        &self,
        kind: SpanKind,
        start: Timestamp,
        natural: Timestamp,
        cut: Option<(Timestamp, Ending)>,
        label: &str,
    ) -> Span {
        match cut {
            Some((at, why)) if at < natural => Span {
                ending: why,
                ..self.span(kind, start, at, label)
            },
            _ => self.span(kind, start, natural, label),
        }
    }
}

/// A lane's label: "key <name>" or "<service display name> <name>".
fn label(id: &str, kind: LaneKind, cx: &Context) -> String {
    let name = cx.names.get(id).copied();
    match kind {
        LaneKind::Key => {
            // A key nobody ever named in an event still has its id in the CRN.
            let id = Crn::parse(id).map(|c| c.resource).unwrap_or_default();
            format!("key {}", name.unwrap_or(&id))
        }
        LaneKind::Deployment => {
            let crn = Crn::parse(id).expect("lane_kind parsed it");
            let service = display_name(&crn.service).unwrap_or("Cloud Databases");
            format!("{service} {}", name.unwrap_or(&crn.instance))
        }
    }
}

fn marker(e: &Event) -> Marker {
    Marker {
        at: e.event_time,
        seq: e.seq,
        action: e.action.to_string(),
        outcome: e.outcome,
        severity: e.severity,
        summary: summary(e),
    }
}

/// A lane's spans, derived event by event. A lane's spans are kept sorted by start, in the order
/// they were derived where they start together (purge wait, restore window, purge schedule), so the
/// drawing stacks them the same way every time; a span is inserted where a stable sort would put it.
///
/// Spans whose end an event gave are final ("closed"); the spans of what is still going at the end
/// of the log (a deletion, a set-for-deletion, a provisioning, a soft deletion) are the tail, taken
/// out before new events are read and derived again after.
#[derive(Default)]
struct Fold {
    /// A key: when it was deleted, while it is deleted.
    deleted: Option<Timestamp>,
    /// A key: when setKeyForDeletion authorized a deletion, while that may still hold.
    set_for_deletion: Option<Timestamp>,
    /// A key: lifecycle events that registered deployments will hear about, as (event, when).
    sent: Vec<(&'static str, Timestamp)>,
    /// A deployment: when its create was accepted, while it provisions.
    provisioning: Option<Timestamp>,
    /// A deployment: when it was deleted and when its reclamation period ends, while reclaimable.
    soft_deleted: Option<(Timestamp, Timestamp)>,
    /// Where the tail's spans are in the lane's spans.
    tail: Vec<usize>,
}

/// Inserts `span` after every span that starts no later, as a stable sort by start would place a
/// span derived after them; returns where it went.
fn insert_sorted(spans: &mut Vec<Span>, span: Span) -> usize {
    let at = spans.partition_point(|s| s.start <= span.start);
    spans.insert(at, span);
    at
}

/// The three periods after a key's deletion at `at`, each ending early at `cut` if one is given.
fn deletion_spans(at: Timestamp, cut: Option<(Timestamp, Ending)>, cx: &Context) -> [Span; 3] {
    [
        (SpanKind::PurgeWait, PURGE_WAIT, "purge wait (4h)"),
        (
            SpanKind::RestoreWindow,
            RESTORE_WINDOW,
            "restore window (30d)",
        ),
        (SpanKind::PurgeSchedule, PURGE_AFTER, "purged at 90d"),
    ]
    .map(|(kind, length, label)| cx.cut_span(kind, at, at + length, cut, label))
}

/// The dual-authorization window set at `at`, ending early at `cut` if one is given.
fn dual_auth_span(at: Timestamp, cut: Option<(Timestamp, Ending)>, cx: &Context) -> Span {
    cx.cut_span(
        SpanKind::DualAuthWindow,
        at,
        at + DUAL_AUTH_WINDOW,
        cut,
        "set for deletion (7d)",
    )
}

impl Fold {
    /// Takes the tail's spans out of `spans`, before new events are read.
    fn drop_tail(&mut self, spans: &mut Vec<Span>) {
        // The highest position first, so the others stay where they are (there are at most four).
        while let Some(k) = (0..self.tail.len()).max_by_key(|&k| self.tail[k]) {
            spans.remove(self.tail.swap_remove(k));
        }
    }

    /// Reads one more of the lane's events, inserting the spans it closes into `spans`.
    fn read(&mut self, kind: LaneKind, e: &Event, cx: &Context, spans: &mut Vec<Span>) {
        // A closed span ends at the event that closed it or before, so it is never open: spans
        // closed in earlier updates need no adjusting to a later now.
        let mut closed = |span: Span| {
            debug_assert!(!span.open, "a closed span ends by its closing event");
            insert_sorted(spans, span);
        };
        match kind {
            LaneKind::Key => self.read_key_event(e, cx, &mut closed),
            LaneKind::Deployment => self.read_deployment_event(e, cx, &mut closed),
        }
    }

    /// Derives the tail's spans again and inserts them into `spans`.
    fn add_tail(&mut self, kind: LaneKind, cx: &Context, spans: &mut Vec<Span>) {
        let mut tail: Vec<Span> = Vec::new();
        match kind {
            LaneKind::Key => {
                if let Some(s) = self.deleted {
                    tail.extend(deletion_spans(s, None, cx));
                }
                if let Some(s) = self.set_for_deletion {
                    tail.push(dual_auth_span(s, None, cx));
                }
            }
            LaneKind::Deployment => {
                if let Some(s) = self.provisioning {
                    // Still provisioning: the span reaches the now line and is open by definition.
                    tail.push(Span {
                        open: true,
                        ..cx.span(SpanKind::Provisioning, s, cx.now, "provisioning")
                    });
                }
                if let Some((s, target)) = self.soft_deleted {
                    tail.push(cx.span(SpanKind::SoftDeletion, s, target, "reclaimable"));
                }
            }
        }
        for span in tail {
            let at = insert_sorted(spans, span);
            for earlier in &mut self.tail {
                if *earlier >= at {
                    *earlier += 1;
                }
            }
            self.tail.push(at);
        }
    }

    /// A key's spans: the three periods after a deletion, the dual-authorization window, and key
    /// events propagating to registered deployments.
    fn read_key_event(&mut self, e: &Event, cx: &Context, closed: &mut impl FnMut(Span)) {
        // Acknowledgements are logged as successes by the service; failures change nothing.
        if e.outcome != "success" {
            return;
        }
        let t = e.event_time;
        let Some(verb) = verb(&e.action).strip_prefix("secrets.") else {
            return;
        };
        match verb {
            "delete" => {
                self.deleted = Some(t);
                if let Some(s) = self.set_for_deletion.take() {
                    closed(dual_auth_span(s, Some((t, Ending::Deleted)), cx));
                }
            }
            "restore" | "purge" => {
                let why = if verb == "restore" {
                    Ending::Restored
                } else {
                    Ending::Purged
                };
                if let Some(s) = self.deleted.take() {
                    deletion_spans(s, Some((t, why)), cx)
                        .into_iter()
                        .for_each(&mut *closed);
                }
            }
            // A new authorization replaces the old one and starts its own 7 days.
            "setkeyfordeletion" => {
                if let Some(s) = self.set_for_deletion.replace(t) {
                    closed(dual_auth_span(s, Some((t, Ending::SetAgain)), cx));
                }
            }
            "unsetkeyfordeletion" => {
                if let Some(s) = self.set_for_deletion.take() {
                    closed(dual_auth_span(s, Some((t, Ending::Unset)), cx));
                }
            }
            _ => {}
        }
        const SENT: [&str; 6] = ["rotate", "disable", "enable", "delete", "restore", "sync"];
        if let Some(&event) = SENT.iter().find(|&&s| s == verb) {
            self.sent.push((event, t));
        }
        if let Some(answered) = verb.strip_prefix("ack-") {
            if let Some(span) = propagation(e, answered, &self.sent, cx) {
                closed(span);
            }
        }
    }

    /// A deployment's spans: provisioning, soft deletion, and KMS syncs after rotations.
    fn read_deployment_event(&mut self, e: &Event, cx: &Context, closed: &mut impl FnMut(Span)) {
        let t = e.event_time;
        match (verb(&e.action), e.outcome) {
            // An accepted create is logged as "pending"; the service logs "success" when it is ready.
            ("instance.create", "pending") => self.provisioning = Some(t),
            ("instance.create", "success") => {
                if let Some(s) = self.provisioning.take() {
                    closed(cx.span(SpanKind::Provisioning, s, t, "provisioning"));
                }
            }
            ("instance.schedule_reclaim", "success") => {
                let target = e
                    .response_data
                    .get_str("targetTime")
                    .as_deref()
                    .and_then(Timestamp::parse_rfc3339)
                    .unwrap_or(t + cx.reclamation_period);
                self.soft_deleted = Some((t, target));
            }
            (verb @ ("instance.restore" | "instance.delete"), "success") => {
                let why = if verb == "instance.restore" {
                    Ending::Restored
                } else {
                    Ending::Deleted
                };
                if let Some((s, target)) = self.soft_deleted.take() {
                    // Deleted at the end of the period is the period running its course.
                    let span = cx.span(SpanKind::SoftDeletion, s, t, "reclaimable");
                    closed(Span {
                        ending: if why == Ending::Deleted && t >= target {
                            Ending::Natural
                        } else {
                            why
                        },
                        ..span
                    });
                }
                // A deployment deleted for good while still provisioning never becomes ready.
                if verb == "instance.delete" {
                    if let Some(s) = self.provisioning.take() {
                        let span = cx.span(SpanKind::Provisioning, s, t, "provisioning");
                        closed(Span {
                            ending: Ending::Deleted,
                            ..span
                        });
                    }
                }
            }
            _ if is_rotation_sync(e) => closed(cx.span(
                SpanKind::KmsSync,
                before(t, KMS_SYNC_TASK),
                t,
                "syncing KMS state",
            )),
            _ => {}
        }
    }
}

/// The span from the lifecycle event an acknowledgement answers to the moment the event reached the
/// deployment. A sync reaches deployments as the state it found (disable, enable or delete), so an
/// ack of those may answer a sync; the latest candidate is taken.
fn propagation(
    ack: &Event,
    answered: &str,
    sent: &[(&str, Timestamp)],
    cx: &Context,
) -> Option<Span> {
    let from_sync = matches!(answered, "disable" | "enable" | "delete");
    let &(event, start) = sent
        .iter()
        .rev()
        .find(|(e, at)| (*e == answered || (from_sync && *e == "sync")) && *at <= ack.event_time)?;
    let deployment = ack.request_data.get_str("resourceCrn").unwrap_or_default();
    let deployment = deployment.as_str();
    // A rotation is acknowledged only once the deployment's KMS sync has run; the event reached the
    // deployment when that sync started.
    let synced = answered == "rotate"
        && cx
            .sync_ends
            .get(deployment)
            .is_some_and(|ends| ends.contains(&ack.event_time));
    let end = if synced {
        before(ack.event_time, KMS_SYNC_TASK).max(start)
    } else {
        ack.event_time
    };
    // The label is fixed when the ack is read, with the deployment's name then: deployments cannot
    // be renamed, so a fresh build gives the same label.
    let name = cx.names.get(deployment).copied().unwrap_or(deployment);
    Some(cx.span(
        SpanKind::Propagation,
        start,
        end,
        &format!("{event} reaches {name}"),
    ))
}

/// "<action> <outcome> by <initiator>", built without the formatting machinery: it runs once per
/// event, 100,000 times in a busy sandbox.
fn summary(e: &Event) -> String {
    let mut s =
        String::with_capacity(e.action.len() + e.outcome.len() + e.initiator.name.len() + 5);
    s.push_str(&e.action);
    s.push(' ');
    s.push_str(e.outcome);
    s.push_str(" by ");
    s.push_str(&e.initiator.name);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn lanes_are_for_keys_and_deployments_only() {
        let key = "crn:v1:bluemix:public:kms:us-south:a/acct:inst:key:k1";
        let deployment = "crn:v1:bluemix:public:databases-for-redis:us-south:a/acct:d1::";
        let kp_instance = "crn:v1:bluemix:public:kms:us-south:a/acct:inst::";
        let bucket = "crn:v1:bluemix:public:cloud-object-storage:global:a/acct:cos:bucket:b";
        assert_eq!(lane_kind(key), Some(LaneKind::Key));
        assert_eq!(lane_kind(deployment), Some(LaneKind::Deployment));
        assert_eq!(lane_kind(kp_instance), None);
        assert_eq!(lane_kind(bucket), None);
        assert_eq!(lane_kind("c0ffee-policy-id"), None);
    }

    #[test]
    fn a_span_is_clipped_to_the_window_and_keeps_its_open_flag() {
        let span = Span {
            kind: SpanKind::RestoreWindow,
            start: at("2026-01-01T00:00:00Z"),
            end: at("2026-01-31T00:00:00Z"),
            label: "restore window (30d)".into(),
            open: true,
            ending: Ending::Natural,
        };
        let clipped = span
            .clipped(at("2026-01-10T00:00:00Z"), at("2026-02-10T00:00:00Z"))
            .unwrap();
        assert_eq!(
            (clipped.start, clipped.end, clipped.open),
            (at("2026-01-10T00:00:00Z"), at("2026-01-31T00:00:00Z"), true)
        );
        assert_eq!(
            span.clipped(at("2026-02-01T00:00:00Z"), at("2026-02-02T00:00:00Z")),
            None
        );
        assert_eq!(
            span.clipped(at("2026-01-20T00:00:00Z"), at("2026-01-10T00:00:00Z")),
            None,
            "a window that ends before it starts shows nothing"
        );
    }

    #[test]
    fn verbs_drop_the_service() {
        assert_eq!(verb("kms.secrets.ack-rotate"), "secrets.ack-rotate");
        assert_eq!(
            verb("databases-for-postgresql.instance.schedule_reclaim"),
            "instance.schedule_reclaim"
        );
    }
}
