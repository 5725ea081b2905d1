//! Snapshots: the sandbox's state written beside its journal, so the next open reads state instead
//! of replaying history; when one is worth writing.

use std::rc::Rc;

use super::Session;
use crate::storage::store;

/// How long after the last write a snapshot is considered, in milliseconds.
const SNAPSHOT_AFTER_MS: u32 = 2_000;
/// A snapshot is written once this many entries, or events, came since the last one.
const SNAPSHOT_ENTRIES: u64 = 200;
const SNAPSHOT_EVENTS: usize = 1_500;
/// From this many events on, writing a snapshot holds the page for a noticeable moment (some
/// 0.5 s at 100,000 events), so it waits until the page is hidden or closed, unless a quarter of
/// the log is new since the last one (then the next open's replay would be the longer wait).
const LARGE_LOG: usize = 20_000;

impl Session {
    pub(super) fn plan_snapshot(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        *self.snapshot_timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(
            SNAPSHOT_AFTER_MS,
            move || {
                if let Some(s) = weak.upgrade() {
                    s.snapshot(false);
                }
            },
        ));
    }

    /// Writes a snapshot of the sandbox as the store holds it, if enough came since the last one
    /// (or, with `now`, if anything did: the page is going away or out of view).
    pub fn snapshot(self: &Rc<Self>, now: bool) {
        let Some(id) = self.id() else { return };
        let (stored, generation) = {
            let log = self.log.borrow();
            if !log.pending.is_empty() || log.restarted || log.writing > 0 {
                // The sandbox here is ahead of the store; the next write plans another look.
                return;
            }
            (log.stored, log.generation)
        };
        if self.sb.borrow().history_arriving() {
            // Attaching the history plans one.
            return;
        }
        let events = self.sb.borrow().event_count();
        let (seq, at_events) = self.snapshot_at.get();
        let new_events = events.saturating_sub(at_events);
        let worth = stored > seq
            && (now
                || (events < LARGE_LOG
                    && (stored - seq >= SNAPSHOT_ENTRIES || new_events >= SNAPSHOT_EVENTS))
                || new_events >= (events / 4).max(SNAPSHOT_EVENTS)
                || stored - seq >= 10 * SNAPSHOT_ENTRIES);
        if !worth {
            return;
        }
        let bytes = match self.sb.borrow().snapshot() {
            Ok(b) => b,
            Err(e) => {
                web_sys::console::warn_1(
                    &format!("byok-sandbox: no snapshot written ({e}); the journal still holds everything").into(),
                );
                return;
            }
        };
        self.snapshot_at.set((stored, events));
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            use byok_engine::snapshot::{state_len, VERSION};
            let state = state_len(&bytes).unwrap_or(bytes.len());
            if let Err(e) =
                store::put_snapshot(&id, generation, stored, VERSION, &bytes, state).await
            {
                // Not fatal: the journal holds everything; the next open replays more.
                me.snapshot_at.set((0, 0));
                web_sys::console::warn_1(
                    &format!("byok-sandbox: the snapshot was not saved ({e})").into(),
                );
            }
        });
    }
}
