//! The sandbox's journal as this tab holds it, against the store's: what the reducer has applied
//! and what waits to be written (`storage::session` writes it).

use byok_shell::journal::{Entry, Saved, FORMAT, VERSION};

/// The sandbox's journal as this tab holds it, against the store's one ordered journal: the
/// entries the store had when this tab last caught up (`stored`), then the ones taken here and not
/// yet written (`pending`). The reducer applies and pushes; `storage::session` writes and catches
/// up.
#[derive(Debug)]
pub struct Log {
    pub seed: u64,
    /// The store's generation of the sandbox (a reset or an import in place starts a new one).
    pub generation: u64,
    /// How many of the store's entries the sandbox has applied.
    pub stored: u64,
    /// Applied here, not yet in the store, oldest first.
    pub pending: Vec<Entry>,
    /// The first `writing` pending entries are being written (so they no longer merge).
    pub writing: usize,
    /// The sandbox was started over here (reset, import in place): the store's journal is to be
    /// replaced by `pending`.
    pub restarted: bool,
    /// Every stored entry's text, once read (an export needs the whole journal).
    pub history: Option<Vec<String>>,
    /// Bumped whenever another sandbox is swapped in (reset, import, a rebase), so views that
    /// index the event log start over, and a write begun before knows it is stale.
    pub epoch: u64,
}

impl Log {
    pub fn new(seed: u64) -> Log {
        Log {
            seed,
            generation: 0,
            stored: 0,
            pending: Vec::new(),
            writing: 0,
            restarted: false,
            history: Some(Vec::new()),
            epoch: 0,
        }
    }

    /// A clock step; consecutive steps waiting to be written are one entry, so playing the clock
    /// does not grow the journal by a step per tick.
    pub fn advance(&mut self, seconds: i64) {
        if self.pending.len() > self.writing {
            if let Some(Entry::Advance { seconds: s }) = self.pending.last_mut() {
                *s += seconds;
                return;
            }
        }
        self.pending.push(Entry::Advance { seconds });
    }

    /// How many inputs the sandbox has taken.
    pub fn len(&self) -> u64 {
        self.stored + self.pending.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The export: seed and whole journal. `None` until the stored part has been read.
    pub fn saved(&self, actor: &str) -> Option<Saved> {
        let history = self.history.as_ref()?;
        let mut journal = Vec::with_capacity(history.len() + self.pending.len());
        for text in history {
            journal.push(Entry::from_text(text).ok()?);
        }
        journal.extend(self.pending.iter().cloned());
        Some(Saved {
            format: FORMAT.into(),
            version: VERSION,
            seed: self.seed.to_string(),
            actor: actor.to_string(),
            journal,
        })
    }

    /// Starts over with another sandbox here: the store's journal will be replaced by `journal`.
    pub(super) fn restart(&mut self, seed: u64, journal: Vec<Entry>) {
        self.seed = seed;
        self.stored = 0;
        self.pending = journal;
        self.writing = 0;
        self.restarted = true;
        self.history = Some(Vec::new());
        self.epoch += 1;
    }
}
