//! Cloud Databases: the deployments' list (`list`) under the provisioning form (`provision`), a
//! deployment's page (`deployment`: state and progress, envelope, settings and actions, data, the
//! encrypted disk, backups), and the reclamations of soft-deleted deployments (`reclamations`).

pub mod deployment;
pub mod list;
pub mod provision;
pub mod reclamations;

pub use deployment::{DeploymentPage, DeploymentProps};
pub use list::DatabasesPage;
pub use reclamations::ReclamationsPage;
