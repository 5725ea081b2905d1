//! The activity log: every request and every piece of clock work appends one CADF event, built
//! from what the handler left in its `Trace` (target, request and response data, status).

use serde_json::{Map, Value};

use super::command::Outcome;
use super::error::ApiError;
use super::events::{self, Credential, Data, Event, Initiator, Observer, Reason, Target};
use super::iam::Actor;
use super::sandbox::Sandbox;

/// What a request leaves for its activity event, filled in as the handler learns it.
#[derive(Default)]
pub(crate) struct Trace {
    pub target: Option<(String, String)>,
    pub request: Map<String, Value>,
    pub response: Map<String, Value>,
    pub correlation_id: Option<String>,
    /// The status to log when the outcome alone does not say it (work done by the clock).
    pub status: Option<u16>,
}

impl Trace {
    pub fn req(&mut self, name: &str, value: impl Into<Value>) {
        self.request.insert(name.into(), value.into());
    }
    pub fn resp(&mut self, name: &str, value: impl Into<Value>) {
        self.response.insert(name.into(), value.into());
    }
}

impl Sandbox {
    /// The id events and key fields (`createdBy`, `deletedBy`) record for an actor.
    pub(crate) fn actor_id(&self, actor: &Actor) -> String {
        match actor {
            Actor::User(id) => id.clone(),
            Actor::Service { name, .. } => format!("iam-ServiceId-{name}"),
            Actor::KeyProtect => "kms".into(),
            Actor::ResourceController => "resource-controller".into(),
            Actor::Anonymous => "unknown".into(),
        }
    }

    pub(crate) fn initiator(&self, actor: &Actor) -> Initiator {
        let (name, type_uri) = match actor {
            Actor::User(id) => (
                self.users
                    .iter()
                    .find(|u| &u.id == id)
                    .map(|u| u.email.clone())
                    .unwrap_or_default(),
                "service/security/account/user",
            ),
            Actor::Service { name, .. } => (name.clone(), "service/security/account/serviceid"),
            Actor::KeyProtect => ("Key Protect".into(), "service/security/account/service"),
            Actor::ResourceController => (
                "Resource Controller".into(),
                "service/security/account/service",
            ),
            Actor::Anonymous => ("unknown".into(), "service/security/account/user"),
        };
        Initiator {
            id: self.actor_id(actor).into(),
            name: name.into(),
            type_uri,
            credential: Credential { kind: "token" },
        }
    }

    /// Appends the one activity event of a request.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        actor: &Actor,
        action: &str,
        says: &str,
        type_uri: &'static str,
        data_event: bool,
        result: &Result<Outcome, ApiError>,
        trace: Trace,
        object_verb: (&str, &str),
    ) {
        let log_source = self
            .instances
            .first()
            .map(|i| i.crn.clone())
            .unwrap_or_default();
        let (target_id, target_name) = trace
            .target
            .unwrap_or_else(|| (log_source.clone(), String::new()));
        let (status, failure) = match result {
            Ok(outcome) => (
                trace
                    .status
                    .unwrap_or_else(|| success_status(action, outcome)),
                None,
            ),
            Err(e) => (e.status, Some(e)),
        };
        let mut response = trace.response;
        if let Some(e) = failure {
            response.insert(
                "error".into(),
                Value::String(format!(
                    "{}: {} could not be {} ({}): {}",
                    e.status_text(),
                    object_verb.0,
                    object_verb.1,
                    e.code,
                    e.message
                )),
            );
        }
        let correlation_id = trace.correlation_id.unwrap_or_else(|| self.rng.uuid());
        let event = Event {
            seq: self.events.len() as u64 + 1,
            event_time: self.now,
            action: action.into(),
            outcome: if failure.is_some() {
                "failure"
            } else {
                "success"
            },
            severity: events::severity(action, status),
            message: format!("{says}{}", if failure.is_some() { " -failure" } else { "" }).into(),
            reason: Reason {
                reason_code: status,
                reason_type: events::reason_type(status),
                reason_for_failure: failure.map(|e| e.message.clone()),
            },
            initiator: self.initiator(actor),
            target: Target {
                id: target_id.into(),
                name: target_name.into(),
                type_uri,
            },
            observer: Observer {
                name: "ActivityTracker",
            },
            request_data: Data::new(trace.request),
            response_data: Data::new(response),
            correlation_id,
            data_event,
            save_service_copy: true,
            log_source_crn: log_source.into(),
        };
        self.events.push(event);
    }

    /// Appends an event for work Key Protect does on its own (expiry, rotation policy, purge).
    pub(crate) fn record_system(&mut self, action: &str, says: &str, mut trace: Trace) {
        trace.status = Some(200);
        self.record(
            &Actor::KeyProtect,
            action,
            says,
            "kms/secrets",
            false,
            &Ok(Outcome::Done),
            trace,
            ("Key", "changed"),
        );
    }
}

/// The HTTP status a success answers with, as the request face returns it.
pub(crate) fn success_status(action: &str, outcome: &Outcome) -> u16 {
    match (action, outcome) {
        ("kms.key-rings.create", _) => 201,
        (_, Outcome::Done) => 204,
        (
            "kms.secrets.create"
            | "kms.secrets.restore"
            | "kms.registrations.create"
            | "iam-am.policy.create",
            _,
        ) => 201,
        ("kms.instance.create", _) => 201,
        _ => 200,
    }
}
