//! The stored journal's texts (an export needs them) and the history of the snapshot the sandbox
//! was opened from (attached once the first page is drawn).

use std::rc::Rc;

use super::Session;
use crate::frame::state::{Action, Saved};
use crate::storage::persist;
use crate::storage::rebuild::{attach, set_aside_notice, Arriving};
use crate::storage::store;

impl Session {
    pub fn load_history(self: &Rc<Self>) {
        let Some(id) = self.id() else { return };
        if self.log.borrow().history.is_some() {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for _ in 0..5 {
                let Ok(Some((_, texts))) = store::tail(&id, 0).await else {
                    return;
                };
                let mut log = me.log.borrow_mut();
                if log.history.is_some() {
                    return;
                }
                let stored = log.stored as usize;
                if texts.len() >= stored {
                    log.history = Some(texts[..stored].to_vec());
                    return;
                }
            }
        });
    }

    /// The export, once the stored journal has been read.
    pub async fn saved(self: &Rc<Self>, actor: &str) -> Option<Saved> {
        for _ in 0..50 {
            if let Some(s) = self.log.borrow().saved(actor) {
                return Some(s);
            }
            self.load_history();
            persist::sleep(20).await;
        }
        None
    }

    /// Reads the history of the snapshot the sandbox was opened from and puts it in front of the
    /// events since (the app calls this once its first page is drawn), then has the page drawn
    /// again. A history that will not do is set aside like an unreadable snapshot, and the sandbox
    /// is read again from the store (its whole journal), keeping what waits to be written.
    pub fn attach_history(self: &Rc<Self>, arriving: Arriving) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let bytes = arriving.history.read().await;
            if !me.sb.borrow().history_arriving() {
                // Read again from the store meanwhile, history and all.
                return;
            }
            // The events the snapshot covers: those still to come.
            let at_snapshot = {
                let sb = me.sb.borrow();
                sb.event_count() - sb.events().len()
            };
            let attached = attach(&mut me.sb.borrow_mut(), bytes);
            persist::mark("history");
            match attached {
                Ok(()) => {
                    if me.snapshot_at.get().0 == arriving.seq {
                        me.snapshot_at.set((arriving.seq, at_snapshot));
                    }
                    me.dispatch(Action::Redraw);
                    me.plan_snapshot();
                }
                Err(why) => me.history_lost(arriving.seq, why).await,
            }
        });
    }

    /// The snapshot's history would not do: the snapshot is set aside and the sandbox read again
    /// from the store (the sync loop does it, and says so once it is done).
    async fn history_lost(self: &Rc<Self>, seq: u64, why: String) {
        let Some(id) = self.id() else { return };
        let kept = store::set_aside_snapshot(&id, &why, Some(seq)).await;
        // No snapshot to count from: the next one is written when the page is hidden, or planned.
        self.snapshot_at.set((0, 0));
        *self.reread.borrow_mut() = Some(set_aside_notice(&self.name.borrow(), &why, kept));
        self.poke();
    }
}
