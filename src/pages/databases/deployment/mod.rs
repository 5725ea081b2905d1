//! A deployment's page (`page`): its name, state and progress (`header`), the envelope of its data
//! (`envelope`), its security settings and actions (`security`), its data (`data`), the encrypted
//! disk as stored (`disk`) and its backups (`backups`).

pub mod backups;
pub mod data;
pub mod disk;
pub mod envelope;
pub mod header;
pub mod page;
pub mod security;

pub use page::{DeploymentPage, DeploymentProps};
