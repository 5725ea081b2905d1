//! Opening the sandbox the address names: the store's copy (its newest snapshot and the journal
//! after it), a new one if there is none, or, when the browser gives no storage, one that lives as
//! long as the tab. The old single-entry storage is moved into the store once, as the default
//! sandbox; what cannot be read is kept and explained, never dropped.

use std::rc::Rc;

use super::persist::{self, DEFAULT_SANDBOX};
use super::rebuild::{rebuild, Arriving, When};
use super::session::{Saving, Session};
use super::store::{self, Meta};
use crate::frame::state::{AppState, Damage, Entry, Log, Saved};
use byok_engine::Timestamp;

/// The app's first state and its link to the store.
pub struct Opened {
    pub state: std::cell::RefCell<Option<AppState>>,
    pub session: Rc<Session>,
    /// The journal replay took long enough (ms) that a snapshot should be written soon.
    pub slow: bool,
    /// The snapshot's history, attached once the first page is drawn.
    pub arriving: std::cell::RefCell<Option<Arriving>>,
}

impl PartialEq for Opened {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
    }
}

fn unsaved(name: String, seed: u64, why: String, notice: String) -> Opened {
    let mut state = AppState::fresh(seed);
    state.notice = Some(notice);
    let session = Session::new(
        name,
        Saving::NotSaved { why },
        state.sb.clone(),
        state.log.clone(),
        0,
    );
    Opened {
        state: std::cell::RefCell::new(Some(state)),
        session,
        slow: false,
        arriving: Default::default(),
    }
}

/// Opens the sandbox the page's address names.
pub async fn open() -> Opened {
    persist::mark("open");
    let (name, url_seed) = persist::sandbox_from_url();
    let seed = url_seed.unwrap_or_else(persist::random_seed);
    if let Err(why) = store::available().await {
        let notice = format!("This browser gives the page no storage ({why}): the sandbox lives until the tab closes. Export it (Settings) to keep it.");
        return unsaved(name, seed, why, notice);
    }
    let mut notes = Vec::new();
    let mut damaged = None;
    migrate_legacy(&mut notes, &mut damaged).await;
    let fresh = Meta {
        name: name.clone(),
        seed: seed.to_string(),
        now: Timestamp::START.to_string(),
        actor: "alice".into(),
        ..Meta::default()
    };
    let meta = match store::open_or_create(&name, &fresh).await {
        Ok(m) => m,
        Err(why) => {
            let notice = format!("The browser's storage refused to open the sandbox '{name}' ({why}): this one lives until the tab closes. Export it (Settings) to keep it.");
            return unsaved(name, seed, why, notice);
        }
    };
    if let Some(s) = url_seed.filter(|s| s.to_string() != meta.seed) {
        notes.push(format!(
            "The sandbox '{name}' already exists with seed {}, so the link's seed {s} was not applied. To start it over with seed {s}, use Settings, \"Start over\".",
            meta.seed
        ));
    }
    persist::mark("found");
    let loaded = match store::load(&meta.id, false).await {
        Ok(Some(l)) => l,
        Ok(None) | Err(_) => {
            let notice = format!(
                "The sandbox '{name}' could not be read: this one lives until the tab closes."
            );
            return unsaved(name, seed, "it could not be read".into(), notice);
        }
    };
    persist::mark("read");
    let snapshot_seq = loaded.snapshot.as_ref().map_or(0, |s| s.seq);
    let mut arriving = None;
    let (state, saving, slow) = match rebuild(loaded, When::Later).await {
        Ok(r) => {
            arriving = r.arriving;
            if let Some(n) = r.note {
                notes.push(n);
            }
            let seed = r.sb.seed();
            let log = Log {
                generation: r.generation,
                stored: r.stored,
                history: (r.stored == 0).then(Vec::new),
                ..Log::new(seed)
            };
            let state = AppState::new(r.sb, log, &meta.actor);
            (
                state,
                Saving::Stored {
                    id: meta.id.clone(),
                },
                r.replayed > 150,
            )
        }
        Err(u) => {
            let text = damaged_export(&meta).await;
            let why = format!("the sandbox '{name}' could not be read: {}", u.why);
            let state = AppState::fresh(seed);
            damaged = Some(Damage {
                why: why.clone(),
                text,
                blocks_sandbox: true,
            });
            state.log.borrow_mut().generation = meta.generation;
            (state, Saving::NotSaved { why }, false)
        }
    };
    persist::mark("rebuilt");
    let mut state = state;
    state.damaged = damaged.map(Rc::new);
    if !notes.is_empty() {
        state.notice = Some(notes.join(" "));
    }
    let session = Session::new(
        meta.name.clone(),
        saving,
        state.sb.clone(),
        state.log.clone(),
        snapshot_seq,
    );
    if state.damaged.as_ref().is_some_and(|d| d.blocks_sandbox) {
        *session.detached.borrow_mut() = Some(meta.id.clone());
    }
    Opened {
        state: std::cell::RefCell::new(Some(state)),
        session,
        slow,
        arriving: std::cell::RefCell::new(arriving),
    }
}

/// A sandbox whose journal does not replay, as a file that holds every stored text as it is.
async fn damaged_export(meta: &Meta) -> String {
    let texts = match store::read_all(&meta.id).await {
        Ok(Some(all)) => all.texts,
        _ => Vec::new(),
    };
    serde_json::json!({
        "format": "byok-sandbox-damaged",
        "name": meta.name,
        "seed": meta.seed,
        "journalTexts": texts,
    })
    .to_string()
}

/// Moves the sandbox an earlier version kept in localStorage into the store, as the default
/// sandbox (or beside it, if there is one already), and forgets the old entry once it is safe.
async fn migrate_legacy(notes: &mut Vec<String>, damaged: &mut Option<Damage>) {
    let Some(text) = persist::legacy_text() else {
        return;
    };
    match Saved::parse(&text) {
        Ok(saved) => {
            let texts: Vec<String> = saved.journal.iter().map(Entry::to_text).collect();
            for name in [DEFAULT_SANDBOX, "from-old-storage"] {
                let meta = Meta {
                    name: name.into(),
                    seed: saved.seed.clone(),
                    actor: saved.actor.clone(),
                    ..Meta::default()
                };
                match store::create(&meta, &texts, None).await {
                    Ok(Some(_)) => {
                        persist::forget_legacy();
                        if name != DEFAULT_SANDBOX {
                            notes.push(format!("The sandbox this browser kept from an earlier version is now the sandbox '{name}' (Settings lists it)."));
                        }
                        return;
                    }
                    Ok(None) => continue,
                    Err(e) => {
                        notes.push(format!("The sandbox this browser kept from an earlier version could not be moved into the new storage ({e}); it stays where it was."));
                        return;
                    }
                }
            }
        }
        Err(why) => {
            if store::keep_text(DEFAULT_SANDBOX, &why, "legacy", &text)
                .await
                .is_ok()
            {
                persist::forget_legacy();
            }
            *damaged = Some(Damage {
                why: format!("the sandbox saved in this browser by an earlier version could not be read ({why}); it is kept as it was (Settings, \"Kept copies\")"),
                text,
                blocks_sandbox: false,
            });
        }
    }
}
