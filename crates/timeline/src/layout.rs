//! What a view of the timeline needs beyond the model, as pure functions of the model and a
//! [`Scale`]: markers close together drawn as one cluster with a count, each span's end label
//! ("purge allowed 01-01 04:30"), and spans stacked into tracks so no bar or label covers another.

use super::axis::{short_instant, Metrics, Scale};
use super::{Ending, Marker, Span, SpanKind};
use byok_engine::Duration;

/// Markers drawn as one glyph: events at the same instant, or within a few pixels of the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster<'a> {
    /// Where the glyph is drawn: the first marker's x.
    pub x: f64,
    /// In log order; never empty.
    pub markers: Vec<&'a Marker>,
}

impl Cluster<'_> {
    pub fn len(&self) -> usize {
        self.markers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.markers.is_empty()
    }

    /// The worst outcome among the markers ("failure" if any failed), for the glyph's colour.
    pub fn outcome(&self) -> &'static str {
        if self.markers.iter().any(|m| m.outcome == "failure") {
            "failure"
        } else {
            self.markers[0].outcome
        }
    }

    /// "critical" if any marker is, for the glyph's ring.
    pub fn severity(&self) -> &'static str {
        self.markers
            .iter()
            .map(|m| m.severity)
            .find(|s| *s == "critical")
            .unwrap_or(self.markers[0].severity)
    }
}

/// Groups markers (of one lane, in time order) so that each group holds the markers less than
/// `within` pixels to the right of its first one. Glyphs drawn at their first marker's x are then
/// at least `within` apart, so they do not overlap when `within` is at least a glyph's width.
pub fn clusters<'a>(markers: &[&'a Marker], scale: &Scale, within: f64) -> Vec<Cluster<'a>> {
    let mut out: Vec<Cluster<'a>> = Vec::new();
    for &m in markers {
        let x = scale.x(m.at);
        match out.last_mut() {
            Some(c) if x - c.x < within => c.markers.push(m),
            _ => out.push(Cluster {
                x,
                markers: vec![m],
            }),
        }
    }
    out
}

impl Span {
    /// What ends the span and when, in a few words: "purge allowed 01-01 04:30", "reclaimed for
    /// good 01-10", "restored 01-03 12:00". Spans shorter than two days give the hour. None for a
    /// span whose end is not known yet (a provisioning still under way).
    pub fn end_label(&self) -> Option<String> {
        let when = short_instant(self.end, self.end - self.start < Duration::days(2));
        let words = match (self.kind, self.ending) {
            (SpanKind::Provisioning, _) if self.open => return None,
            (_, Ending::Restored) => "restored",
            (_, Ending::Purged) => "purged",
            (SpanKind::SoftDeletion, _) => "reclaimed for good",
            (_, Ending::Deleted) => "deleted",
            (_, Ending::Unset) => "unset",
            (_, Ending::SetAgain) => "set again",
            (SpanKind::Provisioning, Ending::Natural) => "ready",
            (SpanKind::PurgeWait, Ending::Natural) => "purge allowed",
            (SpanKind::RestoreWindow, Ending::Natural) => "restore closes",
            (SpanKind::PurgeSchedule, Ending::Natural) => "purged",
            (SpanKind::DualAuthWindow, Ending::Natural) => "authorization lapses",
            (SpanKind::Propagation, Ending::Natural) => {
                return Some(format!("{} {when}", self.label))
            }
            (SpanKind::KmsSync, Ending::Natural) => "synced",
        };
        Some(format!("{words} {when}"))
    }

    /// Spans that stand for the long waiting periods a user plans around; the others (key events
    /// propagating, KMS syncs) are short and frequent.
    pub fn is_period(&self) -> bool {
        !matches!(self.kind, SpanKind::Propagation | SpanKind::KmsSync)
    }
}

/// Where one span is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The span's position in the slice given to [`place_spans`].
    pub index: usize,
    /// The track (row) under the lane's markers; None: drawn in the markers' row, unlabelled, for
    /// a short span no track had room for.
    pub track: Option<usize>,
    /// The bar, clipped to the scale; at least 2 px wide so an instant-long span shows.
    pub x0: f64,
    pub x1: f64,
    pub label: Option<Label>,
}

/// An end label and where its text goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    /// The text's anchor: its right end when `inside` (in the bar, against its end), else its left
    /// end (just after the bar).
    pub x: f64,
    pub inside: bool,
    /// Where the text runs, under the metrics it was placed with.
    pub extent: (f64, f64),
}

/// The spans of one lane placed in tracks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpanLayout {
    pub placed: Vec<Placed>,
    /// How many tracks are used.
    pub tracks: usize,
}

/// Stacks `spans` (sorted by start) into at most `max_tracks` tracks so that, within a track, no
/// two bars or labels overlap (labels keep `m.gap` apart from what follows). A span's end label goes
/// inside its bar if it fits there, else just after the bar's end if the end is in view and the
/// text fits before the right edge, else nowhere (the hover line still says it). The long periods
/// are placed first, so they get the top tracks and their labels; a short span no track has room
/// for goes to the markers' row, and a period no track has room for keeps its bar without a label
/// in the last track.
pub fn place_spans(spans: &[&Span], scale: &Scale, m: &Metrics, max_tracks: usize) -> SpanLayout {
    let (left, right) = (scale.left, scale.right());
    // Periods first, each group keeping its order by start.
    let periods = (0..spans.len()).filter(|&i| spans[i].is_period());
    let order = periods.chain((0..spans.len()).filter(|&i| !spans[i].is_period()));
    let mut tracks: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut placed: Vec<Option<Placed>> = vec![None; spans.len()];
    for i in order {
        let s = spans[i];
        let x0 = scale.x(s.start).max(left);
        let x1 = scale.x(s.end).min(right).max(x0 + 2.0);
        let text = s.end_label();
        let label = text.and_then(|text| {
            let w = m.width(&text);
            if w + 6.0 <= x1 - x0 {
                Some(Label {
                    x: x1 - 3.0,
                    inside: true,
                    extent: (x1 - 3.0 - w, x1 - 3.0),
                    text,
                })
            } else if s.end <= scale.to && s.is_period() && x1 + 4.0 + w <= right {
                Some(Label {
                    x: x1 + 4.0,
                    inside: false,
                    extent: (x1 + 4.0, x1 + 4.0 + w),
                    text,
                })
            } else {
                None
            }
        });
        let with_label = label.as_ref().map_or(x1, |l| l.extent.1.max(x1));
        let free = |track: &Vec<(f64, f64)>, end: f64| {
            track
                .iter()
                .all(|&(a, b)| end + m.gap <= a || b + m.gap <= x0)
        };
        // A short span opens a track of its own only to show its label.
        let may_open = s.is_period() || label.is_some();
        let mut choose = |end: f64| -> Option<usize> {
            if let Some(t) = tracks.iter().position(|t| free(t, end)) {
                return Some(t);
            }
            (may_open && tracks.len() < max_tracks).then(|| {
                tracks.push(Vec::new());
                tracks.len() - 1
            })
        };
        let (track, label, end) = match choose(with_label) {
            Some(t) => (Some(t), label, with_label),
            None => match choose(x1) {
                Some(t) => (Some(t), None, x1),
                None if s.is_period() && !tracks.is_empty() => (Some(tracks.len() - 1), None, x1),
                None => (None, None, x1),
            },
        };
        if let Some(t) = track {
            tracks[t].push((x0, end));
        }
        placed[i] = Some(Placed {
            index: i,
            track,
            x0,
            x1,
            label,
        });
    }
    SpanLayout {
        tracks: tracks.len(),
        placed: placed.into_iter().flatten().collect(),
    }
}
