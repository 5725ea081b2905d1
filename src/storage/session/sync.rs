//! The sync loop: writes what waits here, follows what other tabs wrote (catching up, or a rebase
//! when they wrote first), and tells the reader what went wrong and when it is right again.

use std::rc::Rc;

use super::{Saving, Session};
use crate::frame::state::{Action, Entry};
use crate::storage::persist;
use crate::storage::rebuild::{rebuild, Rebuilt, When};
use crate::storage::store::{self, Announcement, Meta, Patch, Written};

/// After a refused write, the next try comes this much later (or at the next change).
const RETRY_MS: u32 = 15_000;

impl Session {
    fn patch(&self) -> Patch {
        Patch {
            now: self.sb.borrow().now().to_string(),
            actor: String::new(),
        }
    }

    /// One round of the loop; true to go round again.
    pub(super) async fn step(self: &Rc<Self>) -> bool {
        let Some(id) = self.id() else {
            // Not saved: what is taken is the whole history.
            let mut log = self.log.borrow_mut();
            let texts: Vec<String> = log.pending.iter().map(Entry::to_text).collect();
            log.stored += texts.len() as u64;
            log.pending.clear();
            log.restarted = false;
            if let Some(h) = log.history.as_mut() {
                h.extend(texts);
            }
            return false;
        };
        // A snapshot's history would not do (`history_lost`): the sandbox is read again from the
        // store before any write (what waits here is applied on top of the store's copy and
        // written in the next round), unless a reset or an import has replaced it meanwhile.
        let reread = self.reread.borrow_mut().take();
        if let Some(notice) = reread.filter(|_| self.sb.borrow().history_arriving()) {
            let cause = "Its saved snapshot could not be used";
            if !self.rebase(&id, cause).await {
                // Tried again at the next round (a store that failed may answer then).
                *self.reread.borrow_mut() = Some(notice);
                return false;
            }
            self.dispatch(Action::Notice(Some(notice)));
            self.plan_snapshot();
            return true;
        }
        let (restarted, texts, expected, generation, epoch, seed) = {
            let mut log = self.log.borrow_mut();
            log.writing = log.pending.len();
            let texts: Vec<String> = log.pending.iter().map(Entry::to_text).collect();
            (
                log.restarted,
                texts,
                log.stored,
                log.generation,
                log.epoch,
                log.seed,
            )
        };
        if restarted {
            let answer =
                store::replace(&id, generation, &seed.to_string(), &texts, &self.patch()).await;
            return self.written(answer, texts, epoch, true).await;
        }
        if !texts.is_empty() {
            let answer = store::append(&id, generation, expected, &texts, &self.patch()).await;
            return self.written(answer, texts, epoch, false).await;
        }
        self.log.borrow_mut().writing = 0;
        if !self.look.replace(false) {
            return false;
        }
        match store::tail(&id, expected).await {
            Ok(Some((meta, texts))) => {
                if meta.name != *self.name.borrow() {
                    self.renamed(&meta.name);
                }
                if meta.generation != generation {
                    self.reload(meta).await;
                } else if !texts.is_empty() {
                    let entries: Result<Vec<Entry>, String> =
                        texts.iter().map(|t| Entry::from_text(t)).collect();
                    match entries {
                        Ok(entries) => self.dispatch(Action::Catchup {
                            from: expected,
                            entries,
                        }),
                        Err(why) => self.fail(format!("A change made in another tab could not be read ({why}); this tab no longer follows it.")),
                    }
                    self.plan_snapshot();
                }
                true
            }
            Ok(None) => self.unreadable(None),
            Err(e) => self.unreadable(Some(e)),
        }
    }

    /// Follows an append's or a replace's answer.
    async fn written(
        self: &Rc<Self>,
        answer: Result<Written, String>,
        texts: Vec<String>,
        epoch: u64,
        replaced: bool,
    ) -> bool {
        match answer {
            Ok(Written::Ok(meta)) => {
                {
                    let mut log = self.log.borrow_mut();
                    log.writing = 0;
                    if log.epoch == epoch {
                        let n = texts.len();
                        log.pending.drain(..n);
                        log.stored = meta.seq;
                        log.generation = meta.generation;
                        if replaced {
                            log.restarted = false;
                            log.history = Some(texts);
                        } else if let Some(h) = log.history.as_mut() {
                            h.extend(texts);
                        }
                    }
                }
                if replaced {
                    self.snapshot_at.set((0, 0));
                }
                store::announce(&Announcement::Appended {
                    id: meta.id.clone(),
                    seq: meta.seq,
                    generation: meta.generation,
                });
                self.recovered();
                self.plan_snapshot();
                true
            }
            Ok(Written::Behind(meta)) => {
                self.log.borrow_mut().writing = 0;
                self.rebase(&meta.id, "Another tab changed the sandbox")
                    .await
            }
            Ok(Written::Reset(meta)) => {
                self.log.borrow_mut().writing = 0;
                if replaced {
                    // Two resets at once: this one comes after the other.
                    self.log.borrow_mut().generation = meta.generation;
                    return true;
                }
                let lost = self.log.borrow().pending.len();
                self.log.borrow_mut().pending.clear();
                self.reload(meta).await;
                if lost > 0 {
                    self.dispatch(Action::Notice(Some(format!(
                        "This sandbox was started over in another tab or embed at the same moment: the {lost} change(s) made here just then were not kept."
                    ))));
                }
                true
            }
            Ok(Written::Gone) => {
                self.log.borrow_mut().writing = 0;
                self.gone();
                false
            }
            Err(why) => {
                self.log.borrow_mut().writing = 0;
                let waiting = self.log.borrow().pending.len();
                let full = why.contains("Quota");
                self.fail(if full {
                    format!("The browser refused to save the sandbox: its storage for this site is full ({why}). Nothing saved before is lost, and the {waiting} newest change(s) stay in this tab: export the sandbox (Settings) to keep them, or delete sandboxes you no longer need. Saving is tried again every few seconds.")
                } else {
                    format!("The browser refused to save the sandbox ({why}). Nothing saved before is lost, and the {waiting} newest change(s) stay in this tab: export the sandbox (Settings) to keep them. Saving is tried again every few seconds.")
                });
                let weak = Rc::downgrade(self);
                *self.retry.borrow_mut() =
                    Some(gloo_timers::callback::Timeout::new(RETRY_MS, move || {
                        if let Some(s) = weak.upgrade() {
                            s.poke();
                        }
                    }));
                false
            }
        }
    }

    /// Another tab wrote first: read the sandbox again and apply what waits here on top of it.
    async fn rebase(self: &Rc<Self>, id: &str, cause: &str) -> bool {
        match store::load(id, false).await {
            Ok(Some(loaded)) => match rebuild(loaded, When::Now).await {
                Ok(r) => {
                    self.swap_in(r);
                    true
                }
                Err(u) => {
                    self.fail(format!("{cause}, and the sandbox could not be read again ({}): this tab keeps its own copy and no longer saves it.", u.why));
                    *self.saving.borrow_mut() = Saving::NotSaved { why: u.why };
                    false
                }
            },
            Ok(None) => self.unreadable(None),
            Err(e) => self.unreadable(Some(e)),
        }
    }

    /// The sandbox was started over elsewhere: take the store's.
    async fn reload(self: &Rc<Self>, meta: Meta) {
        self.rebase(&meta.id, "The sandbox was started over elsewhere")
            .await;
        self.log.borrow_mut().history = None;
        self.load_history();
    }

    fn swap_in(self: &Rc<Self>, r: Rebuilt) {
        let stored = r.stored;
        {
            let mut log = self.log.borrow_mut();
            if log.stored != stored {
                log.history = None;
            }
        }
        self.dispatch(Action::Rebase {
            sb: Box::new(r.sb),
            stored: r.stored,
            generation: r.generation,
        });
        if let Some(note) = r.note {
            self.dispatch(Action::Notice(Some(note)));
        }
        let (seq, _) = self.snapshot_at.get();
        if seq > stored {
            self.snapshot_at.set((0, 0));
        }
        self.load_history();
    }

    pub(super) fn renamed(&self, name: &str) {
        *self.name.borrow_mut() = name.to_string();
        persist::show_sandbox_in_url(name);
        self.tell_listeners();
        self.dispatch(Action::Redraw);
    }

    fn gone(&self) {
        let why = "it was deleted in another tab or window".to_string();
        *self.saving.borrow_mut() = Saving::NotSaved { why };
        self.dispatch(Action::Notice(Some(format!(
            "The sandbox '{}' was deleted in another tab or window: changes here are no longer saved. Export it (Settings) to keep it, or undo the deletion where it was made.",
            self.name.borrow()
        ))));
    }

    /// A read of the store found the sandbox deleted (`None`) or failed: says so, and answers
    /// `false` (nothing was applied).
    fn unreadable(&self, failure: Option<String>) -> bool {
        match failure {
            None => self.gone(),
            Some(e) => self.fail(format!(
                "The sandbox could not be read from the browser's storage ({e})."
            )),
        }
        false
    }

    fn fail(&self, message: String) {
        *self.failure.borrow_mut() = Some(message.clone());
        self.dispatch(Action::Notice(Some(message)));
    }

    fn recovered(&self) {
        if self.failure.borrow_mut().take().is_some() {
            self.dispatch(Action::Notice(Some(
                "The sandbox is saved again: nothing was lost.".into(),
            )));
        }
    }
}
