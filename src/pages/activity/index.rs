//! The activity's filters, and the index of the events that pass them, kept up to date while the
//! log grows.

use byok_engine::events::Event as CadfEvent;
use byok_engine::Timestamp;

#[derive(Clone, PartialEq, Default)]
pub struct Filters {
    pub service: String,
    pub action: String,
    pub outcome: String,
    pub severity: String,
    pub initiator: String,
    pub target: String,
    pub from: String,
    pub to: String,
}

impl Filters {
    /// The filters ready to test events: dates parsed once, text compared without allocating (a
    /// filter change reads the whole log, which can hold 100,000 events).
    pub fn matcher(&self) -> impl Fn(&CadfEvent) -> bool + '_ {
        // A date alone means its midnight (UTC); a bound that is not a date filters nothing.
        let bound = |text: &str| {
            Timestamp::parse_rfc3339(text)
                .or_else(|| Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z")))
        };
        let (from, to) = (bound(&self.from), bound(&self.to));
        move |e: &CadfEvent| {
            let service = e.action.split('.').next().unwrap_or_default();
            (self.service.is_empty() || service == self.service)
                && contains(&e.action, &self.action)
                && (self.outcome.is_empty() || e.outcome == self.outcome)
                && (self.severity.is_empty() || e.severity == self.severity)
                && (contains(&e.initiator.name, &self.initiator)
                    || contains(&e.initiator.id, &self.initiator))
                && (contains(&e.target.name, &self.target) || contains(&e.target.id, &self.target))
                && from.is_none_or(|t| e.event_time >= t)
                && to.is_none_or(|t| e.event_time <= t)
        }
    }
}

/// Whether `hay` contains `needle`, ignoring ASCII case; an empty needle is in everything.
fn contains(hay: &str, needle: &str) -> bool {
    let needle = needle.trim().as_bytes();
    needle.is_empty()
        || hay
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The events that pass the filters, kept up to date while the log grows (it only ever grows): a
/// time step reads only its new events, so over 100,000 events a step costs what its events cost.
/// Changing a filter reads the whole log once.
#[derive(Default)]
pub struct Index {
    /// The sandbox the index is of (its address): another sandbox starts the index over.
    sandbox: usize,
    filters: Filters,
    /// How many events of the log have been read.
    processed: usize,
    /// The services in the log, for the service filter.
    pub services: std::collections::BTreeSet<String>,
    /// Positions in the log of the events that pass `filters`, oldest first.
    pub matching: Vec<usize>,
}

impl Index {
    pub fn update(&mut self, sandbox: usize, events: &[CadfEvent], filters: &Filters) {
        if sandbox != self.sandbox || events.len() < self.processed {
            *self = Index {
                sandbox,
                ..Index::default()
            };
        }
        for e in &events[self.processed..] {
            let service = e.action.split('.').next().unwrap_or_default();
            if !self.services.contains(service) {
                self.services.insert(service.to_string());
            }
        }
        let from = if *filters == self.filters {
            self.processed
        } else {
            self.filters = filters.clone();
            self.matching.clear();
            0
        };
        let matches = filters.matcher();
        self.matching
            .extend((from..events.len()).filter(|&pos| matches(&events[pos])));
        self.processed = events.len();
    }
}
