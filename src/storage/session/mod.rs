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
//!
//! Here: the session and its listeners; `sync` (the loop and what it tells the reader), `history`
//! (the stored journal's texts and a snapshot's history) and `snapshot` (when one is written).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::Callback;

use super::store::{self, Announcement, Meta};
use crate::frame::state::{Action, Handle, Log};
use byok_engine::Sandbox;

mod history;
mod snapshot;
mod sync;

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
