//! Activity events, shaped as IBM Cloud Activity Tracker's CADF events.
//!
//! The log is the sandbox's history: every request, success or failure, and every change the clock
//! makes appends exactly one event. Views and the timeline read it; nothing else keeps history.
//! Key material, plaintexts and DEKs never go into an event.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::time::Timestamp;

/// Text that many events share (an action, a message, an initiator, a target, the log source):
/// one allocation however many events hold it, so a log of 100,000 events restores quickly and
/// takes little memory. A restored snapshot's strings are all parts of one buffer (see
/// [`Text::part`]): restoring allocates once for them, not once per string. Reads as a `&str`;
/// compares, orders and hashes as its text.
#[derive(Clone, Default)]
pub struct Text {
    buf: Arc<String>,
    start: u32,
    end: u32,
}

impl Text {
    pub fn as_str(&self) -> &str {
        // `part` and `From` only make ranges that lie on char boundaries of `buf`.
        &self.buf[self.start as usize..self.end as usize]
    }

    /// The text `buf[range]`, sharing `buf`. `None` if the range is not on char boundaries of it
    /// (or past 4 GiB).
    pub fn part(buf: &Arc<String>, range: std::ops::Range<usize>) -> Option<Text> {
        buf.get(range.clone())?;
        Some(Text {
            buf: buf.clone(),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Arc<String>> for Text {
    fn from(buf: Arc<String>) -> Text {
        // A text past 4 GiB is not one this engine makes; its end is cut at a char boundary.
        let mut end = buf.len().min(u32::MAX as usize);
        while !buf.is_char_boundary(end) {
            end -= 1;
        }
        Text {
            buf,
            start: 0,
            end: end as u32,
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(Arc::new(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(Arc::new(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An event's request or response data: a JSON object, kept as its compact text and read when
/// asked (the timeline reads a field of a few events; a view reads the events it shows).
#[derive(Clone, Debug, PartialEq)]
pub struct Data(Text);

impl Data {
    pub fn new(map: Map<String, Value>) -> Data {
        let text = serde_json::to_string(&Value::Object(map)).expect("a JSON map serialises");
        Data(text.into())
    }

    /// The data as a JSON value.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// One field of the data.
    pub fn get(&self, key: &str) -> Option<Value> {
        match self.value() {
            Value::Object(mut m) => m.remove(key),
            _ => None,
        }
    }

    /// The field `key` if it is a string.
    pub fn get_str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The compact JSON text (what a snapshot stores).
    pub fn text(&self) -> &Text {
        &self.0
    }

    /// Data from its compact JSON text, as [`Data::text`] gave it.
    pub fn from_text(text: Text) -> Data {
        Data(text)
    }
}

impl Serialize for Data {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Position in the log, from 1; not a CADF field, but the handle the views use.
    pub seq: u64,
    pub event_time: Timestamp,
    pub action: Text,
    pub outcome: &'static str,
    pub severity: &'static str,
    pub message: Text,
    pub reason: Reason,
    pub initiator: Initiator,
    pub target: Target,
    pub observer: Observer,
    pub request_data: Data,
    pub response_data: Data,
    pub correlation_id: String,
    pub data_event: bool,
    pub save_service_copy: bool,
    #[serde(rename = "logSourceCRN")]
    pub log_source_crn: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub reason_code: u16,
    pub reason_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_for_failure: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Initiator {
    pub id: Text,
    pub name: Text,
    #[serde(rename = "typeURI")]
    pub type_uri: &'static str,
    pub credential: Credential,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Credential {
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    pub id: Text,
    pub name: Text,
    #[serde(rename = "typeURI")]
    pub type_uri: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observer {
    pub name: &'static str,
}

/// Severity as Activity Tracker assigns it: critical for deletions of keys and registrations, warning
/// for other changes of a key's life, normal for the rest; failed requests are critical when access was
/// refused (401/403) and warning for 400/409.
pub fn severity(action: &str, status: u16) -> &'static str {
    if status >= 400 {
        return match status {
            401 | 403 => "critical",
            400 | 409 => "warning",
            _ => "normal",
        };
    }
    match action {
        "kms.secrets.delete" | "kms.registrations.delete" => "critical",
        "kms.secrets.rotate"
        | "kms.secrets.restore"
        | "kms.secrets.enable"
        | "kms.secrets.disable"
        | "kms.secrets.setkeyfordeletion"
        | "kms.secrets.unsetkeyfordeletion"
        | "kms.policies.write"
        | "kms.instance-policies.write" => "warning",
        _ => "normal",
    }
}

/// `reason.reasonType`: the HTTP reason phrase of the status.
pub fn reason_type(status: u16) -> &'static str {
    super::error::status_text(status)
}

/// The activity log. A sandbox restored from a snapshot's state has its history still to come
/// ([`Sandbox::attach_history`](super::Sandbox::attach_history)): opening a long-lived sandbox
/// then costs what its state costs, and the app reads the history just after it first draws.
/// Until then the log knows how many events came before and holds the ones since.
#[derive(Default)]
pub(crate) struct EventLog {
    /// Every event; while the history is awaited, the ones after it.
    list: Vec<Event>,
    awaited: Option<Awaited>,
}

/// A history that has not been attached yet: how many events it has, and the checksum its
/// bytes end with (so that only the very history the state was written with is attached).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Awaited {
    pub count: usize,
    pub checksum: u64,
}

impl EventLog {
    pub(crate) fn awaiting(history: Awaited) -> EventLog {
        EventLog {
            list: Vec::new(),
            awaited: Some(history),
        }
    }

    /// How many events there are, counting a history still to come.
    pub(crate) fn len(&self) -> usize {
        self.awaited.map_or(0, |a| a.count) + self.list.len()
    }

    pub(crate) fn awaited(&self) -> Option<Awaited> {
        self.awaited
    }

    /// Every event, or while the history is awaited, the ones after it.
    pub(crate) fn all(&self) -> &[Event] {
        &self.list
    }

    /// The events after the first `n`, as far as they are here.
    pub(crate) fn after(&self, n: usize) -> &[Event] {
        let first = self.awaited.map_or(0, |a| a.count);
        &self.list[n.saturating_sub(first).min(self.list.len())..]
    }

    pub(crate) fn push(&mut self, event: Event) {
        self.list.push(event);
    }

    pub(crate) fn last_mut(&mut self) -> Option<&mut Event> {
        self.list.last_mut()
    }

    /// Puts the awaited history in front of the events since.
    pub(crate) fn attach(&mut self, mut history: Vec<Event>) {
        history.append(&mut self.list);
        self.list = history;
        self.awaited = None;
    }
}
