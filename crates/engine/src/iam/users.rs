//! The owner changes users' Key Protect roles and database platform roles.

use crate::activity::Trace;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::{Actor, KpRole, PlatformRole, Roles};
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(crate) fn set_roles(
        &mut self,
        actor: &Actor,
        user: &str,
        roles: &[KpRole],
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("roles", roles.iter().map(|r| r.name()).collect::<Vec<_>>());
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self.user_index(user)?;
            trace.target = Some((self.users[idx].id.clone(), self.users[idx].email.clone()));
            self.users[idx].kms_roles = Roles::of(roles);
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "iam-am.policy.update",
            "IAM Access Management: update policy",
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "updated"),
        );
        result
    }

    pub(crate) fn set_database_role(
        &mut self,
        actor: &Actor,
        user: &str,
        role: PlatformRole,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("databaseRole", role.name());
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self.user_index(user)?;
            trace.target = Some((self.users[idx].id.clone(), self.users[idx].email.clone()));
            self.users[idx].database_role = role;
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "iam-am.policy.update",
            "IAM Access Management: update policy",
            "iam-am/policy",
            false,
            &result,
            trace,
            ("Policy", "updated"),
        );
        result
    }

    /// Where the user named by name or IAM id is in the account's list, or IAM's 404.
    fn user_index(&self, user: &str) -> Result<usize, ApiError> {
        self.users
            .iter()
            .position(|u| u.name == user || u.id == user)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "USER_NOT_FOUND_ERR",
                    format!("There is no user '{user}' in this account"),
                )
            })
    }
}
