//! A sandbox made again from what the store holds: its newest snapshot and the journal after it,
//! or, when the snapshot cannot be read (another format version, damaged), the whole journal. An
//! unreadable snapshot is never dropped: it is moved into the kept copies with the reason, and the
//! reader is told.
//!
//! Opening takes the snapshot's state and leaves its history (the activity log, most of a
//! long-lived sandbox's bytes) to be attached once the page is drawn
//! (`Session::attach_history`).

use super::persist;
use super::store::{self, History, Loaded, StoredSnapshot};
use byok_engine::snapshot::{self, SnapshotError};
use byok_engine::Sandbox;
use byok_shell::journal::Entry;

/// A sandbox made again, and what the reader should hear about it.
pub struct Rebuilt {
    pub sb: Sandbox,
    /// How many journal entries it has applied.
    pub stored: u64,
    pub generation: u64,
    /// Said on the page: a snapshot set aside, a slow first open.
    pub note: Option<String>,
    /// Milliseconds spent replaying the journal (a snapshot is worth writing when this is long).
    pub replayed: usize,
    /// The history still to attach (with [`When::Later`]).
    pub arriving: Option<Arriving>,
}

/// When a snapshot's history is read.
#[derive(Clone, Copy, PartialEq)]
pub enum When {
    /// Before the sandbox is made (a tab reading the sandbox again).
    Now,
    /// After: the sandbox is made from the state alone and the caller attaches the history.
    Later,
}

/// A restored sandbox's history, still to be read and attached.
pub struct Arriving {
    pub history: History,
    /// The entries the snapshot covers (which snapshot to set aside, should the history not do).
    pub seq: u64,
}

/// Why a stored sandbox cannot be opened: its journal does not replay.
pub struct Unreadable {
    pub why: String,
}

fn replay(seed: &str, sb: Option<Sandbox>, texts: &[String]) -> Result<Sandbox, String> {
    let mut sb = match sb {
        Some(sb) => sb,
        None => Sandbox::new(
            seed.parse::<u64>()
                .map_err(|_| format!("its seed '{seed}' is not a number"))?,
        ),
    };
    for (i, text) in texts.iter().enumerate() {
        let entry = Entry::from_text(text).map_err(|e| format!("entry {}: {e}", i + 1))?;
        entry.apply(&mut sb)?;
    }
    Ok(sb)
}

/// Why a snapshot cannot be used, as the reader hears it.
pub fn explain(e: &SnapshotError) -> String {
    match e {
        SnapshotError::Version { found, reads } if found < reads => format!(
            "it was written by an older build (snapshot format {found}; this build reads {reads})"
        ),
        SnapshotError::Version { found, reads } => format!(
            "it was written by a newer build (snapshot format {found}; this build reads {reads})"
        ),
        other => other.to_string(),
    }
}

/// Attaches a snapshot's history as the store read it (`read`: its bytes, or why they could not be
/// read); or why it will not do, as the reader hears it.
pub fn attach(sb: &mut Sandbox, read: Result<Vec<u8>, String>) -> Result<(), String> {
    let bytes = read.map_err(|e| format!("its activity log could not be read ({e})"))?;
    sb.attach_history(&bytes).map_err(|e| explain(&e))
}

/// What the reader hears when a snapshot is set aside (`kept`: whether the store kept a copy;
/// it keeps none if the snapshot was replaced meanwhile).
pub fn set_aside_notice(name: &str, why: &str, kept: Result<bool, String>) -> String {
    let what = format!("The saved snapshot of '{name}' could not be used: {why}. The sandbox was made again from its journal, so nothing is lost");
    match kept {
        Ok(true) => {
            format!("{what}; the snapshot is kept (Settings, \"Kept copies\") for download.")
        }
        Ok(false) => format!("{what}."),
        Err(e) => format!("{what}. (Setting the snapshot aside failed: {e}.)"),
    }
}

/// The sandbox a stored snapshot holds, and its history if it is left for later; or why not.
async fn restore(s: StoredSnapshot, when: When) -> Result<(Sandbox, Option<Arriving>), String> {
    if s.version != snapshot::VERSION {
        return Err(explain(&SnapshotError::Version {
            found: s.version,
            reads: snapshot::VERSION,
        }));
    }
    let Some(history) = s.history else {
        return Sandbox::restore(&s.state)
            .map(|sb| (sb, None))
            .map_err(|e| explain(&e));
    };
    let mut sb = Sandbox::restore_state(&s.state).map_err(|e| explain(&e))?;
    if when == When::Later {
        return Ok((
            sb,
            Some(Arriving {
                history,
                seq: s.seq,
            }),
        ));
    }
    attach(&mut sb, history.read().await)?;
    Ok((sb, None))
}

/// Makes the sandbox from `loaded`; reads the whole journal again if the snapshot will not do.
pub async fn rebuild(loaded: Loaded, when: When) -> Result<Rebuilt, Unreadable> {
    let Loaded {
        meta,
        snapshot,
        after,
        texts,
    } = loaded;
    let mut note = None;
    let mut arriving = None;
    let from_snapshot = match snapshot {
        Some(s) => Some(restore(s, when).await),
        None => None,
    };
    let (sb, texts, after) = match from_snapshot {
        None => (None, texts, after),
        Some(Ok((sb, history))) => {
            arriving = history;
            (Some(sb), texts, after)
        }
        Some(Err(why)) => {
            let kept = store::set_aside_snapshot(&meta.id, &why, Some(after)).await;
            note = Some(set_aside_notice(&meta.name, &why, kept));
            let whole = match store::load(&meta.id, true).await {
                Ok(Some(l)) => l,
                Ok(None) => {
                    return Err(Unreadable {
                        why: "it was deleted while it opened".into(),
                    })
                }
                Err(e) => return Err(Unreadable { why: e }),
            };
            (None, whole.texts, 0)
        }
    };
    persist::mark("restored");
    let applied = after + texts.len() as u64;
    let replay_started = js_sys::Date::now();
    let sb = replay(&meta.seed, sb, &texts).map_err(|why| Unreadable {
        why: format!("its journal does not replay: {why}"),
    })?;
    Ok(Rebuilt {
        sb,
        stored: applied,
        generation: meta.generation,
        note,
        replayed: (js_sys::Date::now() - replay_started) as usize,
        arriving,
    })
}
