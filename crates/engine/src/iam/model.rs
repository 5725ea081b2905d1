//! Users, their bearer tokens and their Key Protect roles.
//!
//! The sandbox starts with an account owner and three more users with different roles, so role
//! checks, dual authorization (a second Manager) and purge (KeyPurge, which nobody has until it is
//! granted) can all be tried. Services act under their own identity, never as a user.

use serde::Serialize;

/// A Key Protect service role. Reader < ReaderPlus < Writer < Manager form a ladder; KeyPurge stands
/// apart and is only needed for purge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum KpRole {
    Reader,
    ReaderPlus,
    Writer,
    Manager,
    KeyPurge,
}

impl KpRole {
    pub const ALL: [KpRole; 5] = [
        KpRole::Reader,
        KpRole::ReaderPlus,
        KpRole::Writer,
        KpRole::Manager,
        KpRole::KeyPurge,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KpRole::Reader => "Reader",
            KpRole::ReaderPlus => "ReaderPlus",
            KpRole::Writer => "Writer",
            KpRole::Manager => "Manager",
            KpRole::KeyPurge => "KeyPurge",
        }
    }

    pub fn parse(text: &str) -> Option<KpRole> {
        KpRole::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text.trim()))
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The roles one user holds on Key Protect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Roles(u8);

impl Roles {
    pub fn of(roles: &[KpRole]) -> Roles {
        Roles(roles.iter().fold(0, |acc, r| acc | r.bit()))
    }

    /// Whether these roles allow an action that needs `needed`: a higher rung of the ladder grants
    /// the lower ones; KeyPurge is granted only by itself.
    pub fn allow(self, needed: KpRole) -> bool {
        match needed {
            KpRole::KeyPurge => self.0 & KpRole::KeyPurge.bit() != 0,
            _ => KpRole::ALL[..4]
                .iter()
                .any(|&r| r >= needed && self.0 & r.bit() != 0),
        }
    }

    /// The roles as bits (a snapshot's form).
    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    pub(crate) fn from_bits(bits: u8) -> Roles {
        Roles(bits)
    }

    pub fn list(self) -> Vec<KpRole> {
        KpRole::ALL
            .into_iter()
            .filter(|r| self.0 & r.bit() != 0)
            .collect()
    }
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list().iter().map(|r| r.name()))
    }
}

/// A platform role on database deployments (and, for Administrator, on IAM authorizations).
/// Viewer < Operator < Editor < Administrator: each grants what the ones below it grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PlatformRole {
    Viewer,
    Operator,
    Editor,
    Administrator,
}

impl PlatformRole {
    pub const ALL: [PlatformRole; 4] = [
        PlatformRole::Viewer,
        PlatformRole::Operator,
        PlatformRole::Editor,
        PlatformRole::Administrator,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PlatformRole::Viewer => "Viewer",
            PlatformRole::Operator => "Operator",
            PlatformRole::Editor => "Editor",
            PlatformRole::Administrator => "Administrator",
        }
    }

    pub fn parse(text: &str) -> Option<PlatformRole> {
        PlatformRole::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text.trim()))
    }
}

/// A service role a service-to-service authorization grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ServiceRole {
    Reader,
    AuthorizationDelegator,
}

impl ServiceRole {
    pub fn name(self) -> &'static str {
        match self {
            ServiceRole::Reader => "Reader",
            ServiceRole::AuthorizationDelegator => "AuthorizationDelegator",
        }
    }

    pub fn role_id(self) -> String {
        format!("crn:v1:bluemix:public:iam::::serviceRole:{}", self.name())
    }

    /// From a display name or a role CRN.
    pub fn parse(text: &str) -> Option<ServiceRole> {
        let name = text.rsplit(':').next().unwrap_or(text);
        [ServiceRole::Reader, ServiceRole::AuthorizationDelegator]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// An IAM service-to-service authorization: a source service (all its instances, or one) may act on
/// a target service's instance (or all of them) with these roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    pub id: String,
    pub source_service: String,
    pub source_instance: Option<String>,
    pub target_service: String,
    pub target_instance: Option<String>,
    pub roles: Vec<ServiceRole>,
    pub created_at: crate::time::Timestamp,
    pub created_by: String,
}

impl Authorization {
    /// Whether this authorization lets `service` (acting for `instance`, if known) use the Key
    /// Protect instance `target` with `role`.
    pub fn grants(
        &self,
        service: &str,
        instance: Option<&str>,
        target: &str,
        role: ServiceRole,
    ) -> bool {
        self.source_service == service
            && self
                .source_instance
                .as_deref()
                .is_none_or(|i| Some(i) == instance)
            && self.target_service == "kms"
            && self.target_instance.as_deref().is_none_or(|t| t == target)
            && self.roles.contains(&role)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The IAM id, e.g. `IBMid-5500081ABC`, which events name as the initiator.
    pub id: String,
    /// The short name used to pick a user (`alice`).
    pub name: String,
    pub email: String,
    pub token: String,
    pub owner: bool,
    pub kms_roles: Roles,
    /// The platform role on database deployments.
    pub database_role: PlatformRole,
}

/// Who takes an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A user, by IAM id.
    User(String),
    /// A cloud service acting under its own identity: a database service on behalf of one of its
    /// deployments (`instance`), or the sandbox's stand-in resource service.
    Service {
        name: String,
        instance: Option<String>,
    },
    /// Key Protect itself: expiry, automatic rotation and purge on the clock.
    KeyProtect,
    /// Resource Controller itself: the end of a reclamation period.
    ResourceController,
    /// A request whose token names nobody.
    Anonymous,
}

/// The name of the sandbox's stand-in service, which registers resources on keys so registrations
/// (and `preventKeyDeletion`) can be tried before any database exists.
pub const RESOURCE_SERVICE: &str = "sandbox-resources";

pub(crate) fn default_users(mut id: impl FnMut() -> String) -> Vec<User> {
    let people: [(&str, bool, &[KpRole], PlatformRole); 4] = [
        (
            "alice",
            true,
            &[KpRole::Manager],
            PlatformRole::Administrator,
        ),
        ("bob", false, &[KpRole::Manager], PlatformRole::Editor),
        ("carol", false, &[KpRole::Writer], PlatformRole::Operator),
        ("dave", false, &[KpRole::Reader], PlatformRole::Viewer),
    ];
    people
        .into_iter()
        .map(|(name, owner, roles, database_role)| User {
            id: format!("IBMid-{}", id().to_ascii_uppercase()),
            name: name.to_string(),
            email: format!("{name}@example.com"),
            token: format!("sandbox-{name}-{}", id()),
            owner,
            kms_roles: Roles::of(roles),
            database_role,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_grants_lower_rungs_but_not_key_purge() {
        let manager = Roles::of(&[KpRole::Manager]);
        assert!(manager.allow(KpRole::Reader) && manager.allow(KpRole::Writer));
        assert!(!manager.allow(KpRole::KeyPurge));
        let reader = Roles::of(&[KpRole::Reader]);
        assert!(!reader.allow(KpRole::ReaderPlus));
        let purger = Roles::of(&[KpRole::KeyPurge]);
        assert!(purger.allow(KpRole::KeyPurge) && !purger.allow(KpRole::Reader));
    }
}
