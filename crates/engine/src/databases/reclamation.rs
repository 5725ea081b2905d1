//! Soft deletion: a deleted deployment is pending reclamation for the reclamation period and stays
//! registered on its key; restore brings it back, reclaim (or the period's end) deletes it for good.

use super::model::*;
use super::ops::{not_found, RC_TYPE};
use crate::activity::Trace;
use crate::clock::Item;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn soft_delete(
        &mut self,
        actor: &Actor,
        guid: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let d = &self.deployments[guid];
        if let Status::PendingReclamation { reclamation, .. } = &d.status {
            return Err(ApiError::new(
                409,
                "RC-InstanceAlreadyDeleted",
                format!("Resource instance {} is already deleted and pending reclamation ({reclamation})", d.name),
            ));
        }
        let id = self.rng.uuid();
        let by = self.actor_id(actor);
        let target_time = self.now + self.timings.reclamation_period;
        let reclamation = Reclamation {
            id: id.clone(),
            entity_id: guid.to_string(),
            entity_type_id: "resource-instance".into(),
            entity_crn: d.crn.clone(),
            resource_instance_id: guid.to_string(),
            resource_group_id: d.resource_group.clone(),
            account_id: self.account.clone(),
            policy_id: "default-reclamation-policy".into(),
            state: "SCHEDULED",
            target_time,
            created_at: self.now,
            created_by: by.clone(),
            updated_at: self.now,
            updated_by: by,
        };
        trace.resp("reclamationId", id.clone());
        trace.resp("targetTime", target_time.to_string());
        let d = self.deployments.get_mut(guid).expect("resolved");
        let prior = std::mem::replace(&mut d.status, Status::Active);
        d.status = Status::PendingReclamation {
            reclamation: id.clone(),
            prior: Box::new(prior),
        };
        self.reclamations.insert(id.clone(), reclamation);
        self.schedule(target_time, Item::Reclaim(id));
        Ok(Outcome::Done)
    }

    pub(super) fn restore_reclamation(
        &mut self,
        actor: &Actor,
        id: &str,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let mut r = self
            .reclamations
            .get(id)
            .cloned()
            .ok_or_else(|| not_found("Reclamation", id))?;
        let guid = r.resource_instance_id.clone();
        let d = self
            .deployments
            .get_mut(&guid)
            .expect("a reclamation's deployment exists");
        trace.target = Some((d.crn.clone(), d.name.clone()));
        let Status::PendingReclamation { prior, .. } =
            std::mem::replace(&mut d.status, Status::Active)
        else {
            unreachable!("a deployment with a reclamation is pending reclamation")
        };
        d.status = *prior;
        let provisioned =
            matches!(d.status, Status::Provisioning { ready_at, .. } if ready_at <= self.now);
        if provisioned {
            self.provision_done(&guid);
        }
        self.reclamations.remove(id);
        r.state = "RESTORED";
        r.updated_at = self.now;
        r.updated_by = self.actor_id(actor);
        Ok(Outcome::Reclamation(Box::new(r)))
    }

    /// Deletes a reclaimable deployment for good (reclaim, or the end of the period): its
    /// registrations go, so its keys delete without force.
    pub(crate) fn reclaim(&mut self, actor: &Actor, id: &str) -> Result<Outcome, ApiError> {
        let mut r = self
            .reclamations
            .remove(id)
            .ok_or_else(|| not_found("Reclamation", id))?;
        let guid = r.resource_instance_id.clone();
        let d = self
            .deployments
            .remove(&guid)
            .expect("a reclamation's deployment exists");
        let service_actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.clone()),
        };
        let registered: Vec<(String, String)> = self
            .registrations
            .keys()
            .filter(|(_, crn)| *crn == d.crn)
            .map(|(key, crn)| (key.clone(), crn.clone()))
            .collect();
        for (key, crn) in registered {
            let instance = self.keys[&key].instance.clone();
            let _ = self.apply_kms(
                &service_actor,
                &instance,
                KmsOp::DeleteRegistration {
                    key,
                    resource_crn: crn,
                },
                None,
            );
        }
        r.state = "RECLAIMING";
        r.updated_at = self.now;
        r.updated_by = self.actor_id(actor);
        if *actor == Actor::ResourceController {
            let mut trace = Trace {
                target: Some((d.crn.clone(), d.name.clone())),
                status: Some(200),
                ..Trace::default()
            };
            trace.resp("reclamationId", id);
            let (action, says) = (
                format!("{}.instance.delete", d.service),
                format!("{}: delete instance", d.display_service()),
            );
            self.record(
                actor,
                &action,
                &says,
                RC_TYPE,
                false,
                &Ok(Outcome::Done),
                trace,
                ("Instance", "deleted"),
            );
        }
        Ok(Outcome::Reclamation(Box::new(r)))
    }
}
