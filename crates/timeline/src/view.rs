//! What a zoomed view draws: the lanes that pass a filter, grouped under their keys, with their
//! spans clipped to the window and the markers inside it.

use crate::model::{Lane, Marker, Span, Timeline};
use byok_engine::Timestamp;

/// What a zoomed view draws of one lane: its spans clipped to the view and its markers inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneView<'a> {
    pub lane: &'a Lane,
    /// A deployment drawn right under its key's lane, in the key's group.
    pub nested: bool,
    pub spans: Vec<Span>,
    pub markers: Vec<&'a Marker>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ending, SpanKind};

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
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
}
