//! Key policies (rotation, dual authorization for deletion) and the instance policy the sandbox
//! models (dual authorization).

use serde_json::Value;

use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn key_policies(&self, id: &str, only: Option<PolicyKind>) -> Vec<PolicyView> {
        let k = &self.keys[id];
        let mut out = Vec::new();
        let crn = |kind: &str| k.crn.replace(":key:", &format!(":policy-{kind}:"));
        if let (Some(p), None | Some(PolicyKind::Rotation)) = (&k.rotation, only) {
            out.push(PolicyView {
                kind: PolicyKind::Rotation,
                crn: crn("rotation"),
                rotation: Some(p.value),
                dual_auth_delete: None,
                created: p.created,
                created_by: p.created_by.clone(),
                updated: p.updated,
                updated_by: p.updated_by.clone(),
            });
        }
        if let (Some(p), None | Some(PolicyKind::DualAuthDelete)) = (&k.dual_auth, only) {
            out.push(PolicyView {
                kind: PolicyKind::DualAuthDelete,
                crn: crn("dualAuthDelete"),
                rotation: None,
                dual_auth_delete: Some(p.value),
                created: p.created,
                created_by: p.created_by.clone(),
                updated: p.updated,
                updated_by: p.updated_by.clone(),
            });
        }
        out
    }
}

impl PolicyView {
    /// The policy as the API shows it.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::json!({
            "type": "application/vnd.ibm.kms.policy+json",
            "crn": self.crn,
            "createdBy": self.created_by,
            "creationDate": self.created,
            "updatedBy": self.updated_by,
            "lastUpdateDate": self.updated,
        });
        if let Some(r) = self.rotation {
            v["rotation"] =
                serde_json::json!({"enabled": r.enabled, "interval_month": r.interval_month});
        }
        if let Some(d) = self.dual_auth_delete {
            v["dualAuthDelete"] = serde_json::json!({"enabled": d});
        }
        v
    }
}

impl Sandbox {
    /// Sets a key's rotation and/or dual-authorization policy; answers the policies it set.
    pub(super) fn set_policies(
        &mut self,
        actor: &Actor,
        instance: &str,
        key: &str,
        rotation: Option<RotationPolicy>,
        dual_auth_delete: Option<bool>,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        let (now, by) = (self.now, self.actor_id(actor));
        let k = self.keys.get_mut(&id).expect("resolved");
        if rotation.is_some() && !k.is_root() {
            return Err(ApiError::root_required());
        }
        if let Some(policy) = rotation {
            match &mut k.rotation {
                Some(stamp) => stamp.update(policy, now, &by),
                None => k.rotation = Some(PolicyStamp::new(policy, now, &by)),
            }
            trace.req("rotationIntervalMonth", policy.interval_month);
            trace.req("rotationEnabled", policy.enabled);
        }
        if let Some(enabled) = dual_auth_delete {
            match &mut k.dual_auth {
                Some(stamp) => stamp.update(enabled, now, &by),
                None => k.dual_auth = Some(PolicyStamp::new(enabled, now, &by)),
            }
            if !enabled {
                k.set_for_deletion = None;
            }
            trace.req("dualAuthDeleteEnabled", enabled);
        }
        k.last_updated = now;
        self.reschedule_rotation(&id);
        let only = match (rotation.is_some(), dual_auth_delete.is_some()) {
            (true, false) => Some(PolicyKind::Rotation),
            (false, true) => Some(PolicyKind::DualAuthDelete),
            _ => None,
        };
        Ok(Outcome::Policies(self.key_policies(&id, only)))
    }

    /// The instance's policies the sandbox models: dual authorization for deletion.
    pub(super) fn instance_policies(&self, instance: &str, only: Option<PolicyKind>) -> Outcome {
        let inst = self.instance(instance).expect("checked");
        let policies = match (&inst.dual_auth_delete, only) {
            (Some(p), None | Some(PolicyKind::DualAuthDelete)) => vec![PolicyView {
                kind: PolicyKind::DualAuthDelete,
                crn: inst.crn.clone(),
                rotation: None,
                dual_auth_delete: Some(p.value),
                created: p.created,
                created_by: p.created_by.clone(),
                updated: p.updated,
                updated_by: p.updated_by.clone(),
            }],
            _ => Vec::new(),
        };
        Outcome::Policies(policies)
    }

    pub(super) fn set_instance_policies(
        &mut self,
        actor: &Actor,
        instance: &str,
        dual_auth_delete: bool,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let (now, by) = (self.now, self.actor_id(actor));
        let inst = self
            .instances
            .iter_mut()
            .find(|i| i.guid == instance)
            .expect("checked");
        match &mut inst.dual_auth_delete {
            Some(p) => p.update(dual_auth_delete, now, &by),
            None => inst.dual_auth_delete = Some(PolicyStamp::new(dual_auth_delete, now, &by)),
        }
        trace.req("dualAuthDeleteEnabled", dual_auth_delete);
        Ok(Outcome::Done)
    }
}
