//! Activity events, shaped as IBM Cloud Activity Tracker's CADF events.
//!
//! The log is the sandbox's history: every request, success or failure, and every change the clock
//! makes appends exactly one event. Views and the timeline read it; nothing else keeps history.
//! Key material, plaintexts and DEKs never go into an event.

use serde::Serialize;
use serde_json::Value;

use super::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Position in the log, from 1; not a CADF field, but the handle the views use.
    pub seq: u64,
    pub event_time: Timestamp,
    pub action: String,
    pub outcome: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub reason: Reason,
    pub initiator: Initiator,
    pub target: Target,
    pub observer: Observer,
    pub request_data: Value,
    pub response_data: Value,
    pub correlation_id: String,
    pub data_event: bool,
    pub save_service_copy: bool,
    #[serde(rename = "logSourceCRN")]
    pub log_source_crn: String,
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
    pub id: String,
    pub name: String,
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
    pub id: String,
    pub name: String,
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
