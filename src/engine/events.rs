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
/// takes little memory. Reads as a `&str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(s.into())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(s.into())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
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
