//! The open sandbox's link to the store, and through it to every other tab and embed showing it.
//!
//! The store holds one ordered journal per sandbox (`store.js` appends only when the journal still
//! ends where the writer thought it did). This tab's sandbox is always the store's first `stored`
//! entries plus its own `pending` ones, applied in that order. The sync loop here:
//! - writes pending entries (oldest first) and, once the store holds them, tells the others;
//! - when another tab wrote first, reads the sandbox again from the store and applies the pending
//!   entries on top of it (a rebase), then writes them after the others';
//! - when another tab announces entries and nothing waits here, reads and applies them;
//! - after a quiet moment, writes a snapshot so the next open reads state instead of history.
//!
//! ARCHITECTURE.md ("Storage and tabs") states the protocol and its invariant.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::Callback;

use super::rebuild::{attach, rebuild, set_aside_notice, Arriving, Rebuilt, When};
use super::state::{Action, Entry, Handle, Log, Saved};
use super::store::{self, Announcement, Meta, Patch, Written};
use crate::engine::Sandbox;

/// How long after the last write a snapshot is considered, in milliseconds.
const SNAPSHOT_AFTER_MS: u32 = 2_000;
/// A snapshot is written once this many entries, or events, came since the last one.
const SNAPSHOT_ENTRIES: u64 = 200;
const SNAPSHOT_EVENTS: usize = 1_500;
/// From this many events on, writing a snapshot holds the page for a noticeable moment (some
/// 0.5 s at 100,000 events), so it waits until the page is hidden or closed, unless a quarter of
/// the log is new since the last one (then the next open's replay would be the longer wait).
const LARGE_LOG: usize = 20_000;
/// After a refused write, the next try comes this much later (or at the next change).
const RETRY_MS: u32 = 15_000;

/// Where this tab's sandbox is kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Saving {
    /// In the store, under this id.
    Stored { id: String },
    /// Nowhere: the sandbox lives as long as the tab (the reason is shown on the page).
    NotSaved { why: String },
}

/// A sandbox deleted from Settings, kept whole in this tab so the deletion can be undone until
/// the page is closed.
#[derive(Clone)]
pub struct Deleted {
    pub meta: Meta,
    pub texts: Rc<Vec<String>>,
    pub snapshot: Option<store::SnapshotRecord>,
}

impl PartialEq for Deleted {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
    }
}

pub struct Session {
    pub name: RefCell<String>,
    pub saving: RefCell<Saving>,
    sb: Rc<RefCell<Sandbox>>,
    log: Rc<RefCell<Log>>,
    app: RefCell<Option<Handle>>,
    running: Cell<bool>,
    again: Cell<bool>,
    /// Another tab announced a change to this sandbox (or the tab came back into view): look.
    look: Cell<bool>,
    /// Set when a snapshot's history would not do: the sandbox is to be read from the store again,
    /// and this is the notice to show once it has been.
    reread: RefCell<Option<String>>,
    /// The save problem on the page, if any.
    failure: RefCell<Option<String>>,
    retry: RefCell<Option<gloo_timers::callback::Timeout>>,
    snapshot_timer: RefCell<Option<gloo_timers::callback::Timeout>>,
    /// The entries and events the newest stored snapshot covers.
    snapshot_at: Cell<(u64, usize)>,
    listeners: RefCell<Vec<(u32, Callback<()>)>>,
    next_listener: Cell<u32>,
    pub deleted: RefCell<Vec<Deleted>>,
    /// The store id of a sandbox that could not be opened (its journal does not replay): kept as
    /// it is until the reader discards it, which starts it over.
    pub detached: RefCell<Option<String>>,
}

impl Session {
    pub fn new(
        name: String,
        saving: Saving,
        sb: Rc<RefCell<Sandbox>>,
        log: Rc<RefCell<Log>>,
        snapshot_seq: u64,
    ) -> Rc<Session> {
        Rc::new(Session {
            name: RefCell::new(name),
            saving: RefCell::new(saving),
            sb,
            log,
            app: RefCell::new(None),
            running: Cell::new(false),
            again: Cell::new(false),
            look: Cell::new(false),
            reread: RefCell::new(None),
            failure: RefCell::new(None),
            retry: RefCell::new(None),
            snapshot_timer: RefCell::new(None),
            snapshot_at: Cell::new((snapshot_seq, 0)),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            deleted: RefCell::new(Vec::new()),
            detached: RefCell::new(None),
        })
    }

    /// The store id of the open sandbox, if it is saved.
    pub fn id(&self) -> Option<String> {
        match &*self.saving.borrow() {
            Saving::Stored { id } => Some(id.clone()),
            Saving::NotSaved { .. } => None,
        }
    }

    /// Connects the session to the app's reducer and to the other tabs; called once.
    pub fn attach(self: &Rc<Self>, app: Handle) {
        *self.app.borrow_mut() = Some(app);
        let weak = Rc::downgrade(self);
        let heard = store::listen(move |a| {
            if let Some(s) = weak.upgrade() {
                s.heard(a);
            }
        });
        if !heard {
            // No BroadcastChannel: look at the store now and then instead.
            let weak = Rc::downgrade(self);
            gloo_timers::callback::Interval::new(2_000, move || {
                if let Some(s) = weak.upgrade() {
                    s.look.set(true);
                    s.poke();
                }
            })
            .forget();
        }
        self.load_history();
    }

    fn dispatch(&self, action: Action) {
        if let Some(app) = self.app.borrow().as_ref() {
            app.dispatch(action);
        }
    }

    /// What another tab said.
    fn heard(self: &Rc<Self>, a: Announcement) {
        match a {
            Announcement::Appended {
                id,
                seq,
                generation,
            } => {
                if self.id().as_deref() == Some(id.as_str()) {
                    let log = self.log.borrow();
                    if generation != log.generation || seq > log.stored {
                        self.look.set(true);
                    }
                    drop(log);
                    self.poke();
                }
                self.tell_listeners();
            }
            Announcement::Listed { id } => {
                if self.id().as_deref() == Some(id.as_str()) {
                    // Renamed or deleted elsewhere: find out which.
                    self.look.set(true);
                    self.poke();
                }
                self.tell_listeners();
            }
        }
    }

    /// The tab came back into view: another tab may have written while no message could arrive.
    pub fn visible(self: &Rc<Self>) {
        self.look.set(true);
        self.poke();
    }

    /// Something changed here (or may have elsewhere): run the sync loop, or have it go round again.
    pub fn poke(self: &Rc<Self>) {
        if self.running.get() {
            self.again.set(true);
            return;
        }
        self.running.set(true);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                me.again.set(false);
                let more = me.step().await;
                if !more && !me.again.get() {
                    break;
                }
            }
            me.running.set(false);
        });
    }

    fn patch(&self) -> Patch {
        Patch {
            now: self.sb.borrow().now().to_string(),
            actor: String::new(),
        }
    }

    /// One round of the loop; true to go round again.
    async fn step(self: &Rc<Self>) -> bool {
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

    fn renamed(&self, name: &str) {
        *self.name.borrow_mut() = name.to_string();
        super::persist::show_sandbox_in_url(name);
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

    /// Reads the stored journal's texts in the background: only an export needs them.
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
            super::persist::sleep(20).await;
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
            super::persist::mark("history");
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

    /// Considers a snapshot once the sandbox has been quiet for a moment.
    fn plan_snapshot(self: &Rc<Self>) {
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
            use crate::engine::snapshot::{state_len, VERSION};
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

    /// Calls `f` whenever the list of sandboxes may have changed (here or in another tab).
    pub fn subscribe(&self, f: Callback<()>) -> u32 {
        let id = self.next_listener.get() + 1;
        self.next_listener.set(id);
        self.listeners.borrow_mut().push((id, f));
        id
    }

    pub fn unsubscribe(&self, id: u32) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    pub fn tell_listeners(&self) {
        let all: Vec<Callback<()>> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for f in all {
            f.emit(());
        }
    }

    /// The list changed here: tell this tab's views and the other tabs.
    pub fn listed(&self, id: &str) {
        store::announce(&Announcement::Listed { id: id.to_string() });
        self.tell_listeners();
    }

    /// The reader discards a sandbox that could not be opened: saving resumes, and the fresh
    /// sandbox the app shows replaces the unreadable journal (the app dispatches the restart).
    pub fn resume_over_damaged(&self) {
        if let Some(id) = self.detached.borrow_mut().take() {
            *self.saving.borrow_mut() = Saving::Stored { id };
        }
    }

    /// Applies a rename made here to the open sandbox's name.
    pub fn rename_current(&self, name: &str) {
        self.renamed(name);
    }
}

/// The session for components, through context.
#[derive(Clone)]
pub struct SessionRef(pub Rc<Session>);

impl PartialEq for SessionRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The open sandbox's session, for components below the app.
#[yew::hook]
pub fn use_session() -> Rc<Session> {
    yew::use_context::<SessionRef>()
        .expect("components live inside the app's context")
        .0
}
