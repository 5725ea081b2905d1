//! A lane's spans, folded event by event: the spans an event closes, and the tail of what is
//! still going at the end of the log.

use crate::event::{is_rotation_sync, verb};
use crate::hash::HashMap;
use crate::model::{Ending, LaneKind, Span, SpanKind};
use byok_engine::databases::KMS_SYNC_TASK;
use byok_engine::events::Event;
use byok_engine::kms::{DUAL_AUTH_WINDOW, PURGE_AFTER, PURGE_WAIT, RESTORE_WINDOW};
use byok_engine::{Duration, Timestamp};

/// The instant `d` before `t` (the engine's clock only ever adds durations).
fn before(t: Timestamp, d: Duration) -> Timestamp {
    Timestamp(t.0 - d.0)
}

/// What every lane's spans are computed against.
pub(crate) struct Context<'a> {
    pub(crate) now: Timestamp,
    /// Names of keys and deployments by CRN.
    pub(crate) names: &'a HashMap<&'a str, &'a str>,
    /// (deployment CRN, instant) of every rotation sync that finished.
    pub(crate) sync_ends: &'a HashMap<String, Vec<Timestamp>>,
    /// Only for a soft deletion whose event lacks its target time, which the engine always logs.
    pub(crate) reclamation_period: Duration,
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

/// A lane's spans, derived event by event. A lane's spans are kept sorted by start, in the order
/// they were derived where they start together (purge wait, restore window, purge schedule), so the
/// drawing stacks them the same way every time; a span is inserted where a stable sort would put it.
///
/// Spans whose end an event gave are final ("closed"); the spans of what is still going at the end
/// of the log (a deletion, a set-for-deletion, a provisioning, a soft deletion) are the tail, taken
/// out before new events are read and derived again after.
#[derive(Default)]
pub(crate) struct Fold {
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
    pub(crate) fn drop_tail(&mut self, spans: &mut Vec<Span>) {
        // The highest position first, so the others stay where they are (there are at most four).
        while let Some(k) = (0..self.tail.len()).max_by_key(|&k| self.tail[k]) {
            spans.remove(self.tail.swap_remove(k));
        }
    }

    /// Reads one more of the lane's events, inserting the spans it closes into `spans`.
    pub(crate) fn read(&mut self, kind: LaneKind, e: &Event, cx: &Context, spans: &mut Vec<Span>) {
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
    pub(crate) fn add_tail(&mut self, kind: LaneKind, cx: &Context, spans: &mut Vec<Span>) {
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
