//! The builder: folds the activity log, as it grows, into the timeline's lanes, spans and markers.

use crate::event::{is_rotation_sync, lane_kind, marker, registered};
use crate::fold::{Context, Fold};
use crate::hash::{HashMap, HashSet};
use crate::model::{Lane, LaneKind, Timeline};
use byok_engine::crn::Crn;
use byok_engine::databases::display_name;
use byok_engine::{Duration, Sandbox, Timestamp};

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
