//! What the timeline reads off one event: whether its target gets a lane, its verb, the
//! deployment a registration names, whether it ends a rotation's sync, and its marker.

use crate::model::{LaneKind, Marker};
use byok_engine::crn::Crn;
use byok_engine::databases::display_name;
use byok_engine::events::Event;

/// What a CRN names, if it deserves a lane: a Key Protect key, or a database deployment (a database
/// service's instance CRN). Key Protect instances, policies and the sandbox's settings do not.
pub(crate) fn lane_kind(id: &str) -> Option<LaneKind> {
    if Crn::parse_key(id).is_ok() {
        return Some(LaneKind::Key);
    }
    let crn = Crn::parse(id).ok()?;
    (display_name(&crn.service).is_some() && crn.resource_type.is_empty())
        .then_some(LaneKind::Deployment)
}

/// The part of an action after its service, e.g. "secrets.delete" for "kms.secrets.delete" and
/// "instance.create" for "databases-for-postgresql.instance.create" (service names hold no dot).
pub(crate) fn verb(action: &str) -> &str {
    action.split_once('.').map_or(action, |(_, rest)| rest)
}

/// The resource a key's successful `kms.registrations.create` event registered.
pub(crate) fn registered(e: &Event) -> Option<String> {
    if e.outcome != "success" || e.action != "kms.registrations.create" {
        return None;
    }
    e.response_data.get_str("resourceCrn")
}

/// A deployment's volumes update that ends a rotation's "syncing KMS state" task.
pub(crate) fn is_rotation_sync(e: &Event) -> bool {
    verb(&e.action) == "deployment-volumes.update"
        && e.request_data.get_str("keyEvent").as_deref() == Some("rotate")
}

pub(crate) fn marker(e: &Event) -> Marker {
    Marker {
        at: e.event_time,
        seq: e.seq,
        action: e.action.to_string(),
        outcome: e.outcome,
        severity: e.severity,
        summary: summary(e),
    }
}

/// "<action> <outcome> by <initiator>", built without the formatting machinery: it runs once per
/// event, 100,000 times in a busy sandbox.
fn summary(e: &Event) -> String {
    let mut s =
        String::with_capacity(e.action.len() + e.outcome.len() + e.initiator.name.len() + 5);
    s.push_str(&e.action);
    s.push(' ');
    s.push_str(e.outcome);
    s.push_str(" by ");
    s.push_str(&e.initiator.name);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_for_keys_and_deployments_only() {
        let key = "crn:v1:bluemix:public:kms:us-south:a/acct:inst:key:k1";
        let deployment = "crn:v1:bluemix:public:databases-for-redis:us-south:a/acct:d1::";
        let kp_instance = "crn:v1:bluemix:public:kms:us-south:a/acct:inst::";
        let bucket = "crn:v1:bluemix:public:cloud-object-storage:global:a/acct:cos:bucket:b";
        assert_eq!(lane_kind(key), Some(LaneKind::Key));
        assert_eq!(lane_kind(deployment), Some(LaneKind::Deployment));
        assert_eq!(lane_kind(kp_instance), None);
        assert_eq!(lane_kind(bucket), None);
        assert_eq!(lane_kind("c0ffee-policy-id"), None);
    }

    #[test]
    fn verbs_drop_the_service() {
        assert_eq!(verb("kms.secrets.ack-rotate"), "secrets.ack-rotate");
        assert_eq!(
            verb("databases-for-postgresql.instance.schedule_reclaim"),
            "instance.schedule_reclaim"
        );
    }
}
