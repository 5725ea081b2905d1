//! The sandbox as data: its seed plus the journal of inputs (requests and clock steps) that made
//! it. The app saves and exports this, the JS class exports it too, and replaying it gives the same
//! sandbox byte for byte, since the engine is deterministic.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Backend;
use byok_engine::{Duration, Request, Response, Sandbox};

/// One input to the sandbox, in the order it happened: the sandbox is its seed plus these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    Request { request: Request },
    Advance { seconds: i64 },
}

/// What the app keeps in browser storage and in exported files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub format: String,
    pub version: u32,
    /// A decimal string: seeds go up to 2^64, past what a JSON number holds exactly.
    pub seed: String,
    pub actor: String,
    pub journal: Vec<Entry>,
}

pub const FORMAT: &str = "byok-sandbox";
pub const VERSION: u32 = 1;

impl Saved {
    /// Reads a saved or exported sandbox, refusing files of another format or version with a
    /// message that says which.
    pub fn parse(text: &str) -> Result<Saved, String> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("this is not a sandbox file: it is not JSON ({e})"))?;
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(format!(
                    "this is not a byok-sandbox file: its format is '{other}'"
                ))
            }
            None => {
                return Err("this is not a byok-sandbox file: it has no \"format\" field".into())
            }
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == VERSION as u64 => {}
            Some(v) => {
                return Err(format!(
                    "this sandbox file is version {v}; this app reads version {VERSION}"
                ))
            }
            None => return Err("this sandbox file has no version".into()),
        }
        serde_json::from_value(value).map_err(|e| format!("this sandbox file is damaged: {e}"))
    }

    /// The sandbox the journal describes.
    pub fn replay(&self) -> Result<Sandbox, String> {
        let seed: u64 = self
            .seed
            .parse()
            .map_err(|_| format!("the seed '{}' is not a number", self.seed))?;
        let mut sb = Sandbox::new(seed);
        for entry in &self.journal {
            entry.apply(&mut sb)?;
        }
        Ok(sb)
    }
}

impl Entry {
    /// Applies the entry to `sb`, as when it was first taken.
    pub fn apply(&self, sb: &mut Sandbox) -> Result<(), String> {
        match self {
            Entry::Request { request } => {
                sb.request(request);
            }
            Entry::Advance { seconds } if *seconds >= 0 => sb.advance(Duration::seconds(*seconds)),
            Entry::Advance { seconds } => {
                return Err(format!(
                    "the journal moves the clock backwards ({seconds} s)"
                ))
            }
        }
        Ok(())
    }

    /// One entry as the store keeps it: its JSON text.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).expect("an entry always serialises")
    }

    pub fn from_text(text: &str) -> Result<Entry, String> {
        serde_json::from_str(text).map_err(|e| format!("a journal entry is damaged ({e})"))
    }
}

/// A shell's backend that journals: the sandbox, with every request and clock step written to the
/// journal, so what the terminal or a scenario did is saved and replays. A reset is left to the caller.
pub struct Journaled<'a> {
    pub sb: &'a mut Sandbox,
    pub journal: &'a mut Vec<Entry>,
    /// Set by `sandbox reset`: the caller starts a new sandbox with this seed (None: random).
    pub reset: Option<Option<u64>>,
}

impl Backend for Journaled<'_> {
    fn sandbox(&self) -> &Sandbox {
        self.sb
    }

    fn request(&mut self, req: &Request) -> Response {
        self.journal.push(Entry::Request {
            request: req.clone(),
        });
        self.sb.request(req)
    }

    fn advance(&mut self, d: Duration) {
        if d.0 > 0 {
            self.journal.push(Entry::Advance { seconds: d.0 });
        }
        self.sb.advance(d);
    }

    fn reset(&mut self, seed: Option<u64>) {
        self.reset = Some(seed);
    }
}
