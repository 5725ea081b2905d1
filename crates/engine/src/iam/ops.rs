//! IAM commands: service-to-service authorizations (create, list, read, delete), the platform role
//! check every database command makes, and the hint that names a missing authorization.

use crate::activity::Trace;
use crate::command::*;
use crate::databases::{display_name, SERVICES};
use crate::error::ApiError;
use crate::iam::{Actor, Authorization, PlatformRole};
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(crate) fn apply_iam(&mut self, actor: &Actor, op: IamOp) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let (action, says) = match &op {
            IamOp::CreateAuthorization(_) => (
                "iam-am.policy.create",
                "IAM Access Management: create policy",
            ),
            IamOp::ListAuthorizations => {
                ("iam-am.policy.list", "IAM Access Management: list policies")
            }
            IamOp::GetAuthorization { .. } => {
                ("iam-am.policy.read", "IAM Access Management: read policy")
            }
            IamOp::DeleteAuthorization { .. } => (
                "iam-am.policy.delete",
                "IAM Access Management: delete policy",
            ),
        };
        let created = matches!(op, IamOp::CreateAuthorization(_));
        let result = self.run_iam(actor, op, &mut trace);
        self.record(
            actor,
            action,
            says,
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "processed"),
        );
        if created && result.is_ok() {
            self.retry_locked_deployments();
        }
        result
    }

    pub(crate) fn run_iam(
        &mut self,
        actor: &Actor,
        op: IamOp,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let read_only = matches!(
            op,
            IamOp::ListAuthorizations | IamOp::GetAuthorization { .. }
        );
        self.require_platform(
            actor,
            if read_only {
                PlatformRole::Viewer
            } else {
                PlatformRole::Administrator
            },
            "manage authorizations",
        )?;
        match op {
            IamOp::ListAuthorizations => Ok(Outcome::Authorizations(self.authorizations.clone())),
            IamOp::GetAuthorization { id } => {
                let a = self
                    .authorizations
                    .iter()
                    .find(|a| a.id == id)
                    .ok_or_else(|| policy_not_found(&id))?;
                Ok(Outcome::Authorization(Box::new(a.clone())))
            }
            IamOp::DeleteAuthorization { id } => {
                let idx = self
                    .authorizations
                    .iter()
                    .position(|a| a.id == id)
                    .ok_or_else(|| policy_not_found(&id))?;
                let a = self.authorizations.remove(idx);
                trace.target = Some((
                    format!("policy/{}", a.id),
                    format!("{} -> {}", a.source_service, a.target_service),
                ));
                Ok(Outcome::Done)
            }
            IamOp::CreateAuthorization(new) => self.create_authorization(actor, new, trace),
        }
    }

    pub(crate) fn require_platform(
        &self,
        actor: &Actor,
        needed: PlatformRole,
        doing: &str,
    ) -> Result<(), ApiError> {
        match actor {
            Actor::User(id) => {
                let user = self
                    .users
                    .iter()
                    .find(|u| &u.id == id)
                    .ok_or_else(ApiError::unauthorized)?;
                if user.database_role >= needed {
                    Ok(())
                } else {
                    Err(ApiError::new(
                        403,
                        "insufficent_permissions",
                        format!(
                            "{} cannot {doing}: that needs the {} role (has {})",
                            user.name,
                            needed.name(),
                            user.database_role.name()
                        ),
                    ))
                }
            }
            Actor::Anonymous => Err(ApiError::unauthorized()),
            _ => Ok(()),
        }
    }

    /// Explains why a service may not read keys in a Key Protect instance, and what would fix it.
    pub(crate) fn authorization_hint(
        &self,
        service: &str,
        kp_instance: &str,
        backup: bool,
    ) -> String {
        let role = if backup {
            "Reader,AuthorizationDelegator"
        } else {
            "Reader"
        };
        let mut hint = format!(
            "No IAM authorization lets {service} use Key Protect instance {kp_instance} with the {role} role{}. ",
            if backup { "s (a backup key needs AuthorizationDelegator too)" } else { "" }
        );
        let near: Vec<String> = self
            .authorizations
            .iter()
            .filter(|a| {
                a.source_service == service
                    || a.target_instance
                        .as_deref()
                        .is_none_or(|t| t == kp_instance)
            })
            .map(|a| {
                format!(
                    "{} ({}) -> {} ({}) [{}]",
                    a.source_service,
                    a.source_instance.as_deref().unwrap_or("all instances"),
                    a.target_service,
                    a.target_instance.as_deref().unwrap_or("all instances"),
                    a.roles
                        .iter()
                        .map(|r| r.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        if !near.is_empty() {
            hint.push_str(&format!(
                "Existing authorizations that do not fit: {}. ",
                near.join("; ")
            ));
        }
        hint.push_str(&format!(
            "Create one: ibmcloud iam authorization-policy-create {service} kms {role} --target-service-instance-id {kp_instance}"
        ));
        hint
    }
}

pub(crate) fn policy_not_found(id: &str) -> ApiError {
    ApiError::new(
        404,
        "policy_not_found",
        format!("Policy with ID '{id}' not found"),
    )
}

impl Sandbox {
    /// A new service-to-service authorization: a database service as source, a key management
    /// service as target, at least one role, and no identical one already.
    fn create_authorization(
        &mut self,
        actor: &Actor,
        new: NewAuthorization,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        if display_name(&new.source_service).is_none() {
            let services: Vec<&str> = SERVICES.iter().map(|(id, _)| *id).collect();
            return Err(ApiError::new(
                400,
                "invalid_body",
                format!("The source service '{}' cannot be authorized to use Key Protect: use one of {}", new.source_service, services.join(", ")),
            ));
        }
        if !matches!(new.target_service.as_str(), "kms" | "hs-crypto") {
            return Err(ApiError::new(
                400,
                "invalid_body",
                format!("The target service '{}' is not a key management service: use kms (Key Protect) or hs-crypto", new.target_service),
            ));
        }
        if new.roles.is_empty() {
            return Err(ApiError::new(400, "role_not_found", "An authorization needs at least one role: Reader, and AuthorizationDelegator for backup keys"));
        }
        let duplicate = self.authorizations.iter().find(|a| {
            a.source_service == new.source_service
                && a.source_instance == new.source_instance
                && a.target_service == new.target_service
                && a.target_instance == new.target_instance
        });
        if let Some(d) = duplicate {
            return Err(ApiError::new(
                409,
                "policy_conflict_error",
                format!(
                    "The policy wasn't created because an access policy with identical attributes and roles already exists. Please update the rule in the existing policy ({}), or update the one you're trying to assign to include a different attribute assignment.",
                    d.id
                ),
            ));
        }
        let mut roles = new.roles.clone();
        crate::sort::sort_by_key(&mut roles, |r| *r);
        roles.dedup();
        let a = Authorization {
            id: self.rng.uuid(),
            source_service: new.source_service,
            source_instance: new.source_instance,
            target_service: new.target_service,
            target_instance: new.target_instance,
            roles,
            created_at: self.now,
            created_by: self.actor_id(actor),
        };
        trace.target = Some((
            format!("policy/{}", a.id),
            format!("{} -> {}", a.source_service, a.target_service),
        ));
        trace.req("sourceServiceName", a.source_service.clone());
        trace.req("targetServiceName", a.target_service.clone());
        if let Some(t) = &a.target_instance {
            trace.req("targetServiceInstance", t.clone());
        }
        trace.req(
            "roles",
            a.roles.iter().map(|r| r.name()).collect::<Vec<_>>(),
        );
        self.authorizations.push(a.clone());
        Ok(Outcome::Authorization(Box::new(a)))
    }
}
