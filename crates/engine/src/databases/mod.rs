//! Cloud Databases: deployments and what they hold (`model`); provisioning with a root key
//! (`provision`), the envelope of the deployment's DEK (`envelope`), the data plane (`data`),
//! backups, soft deletion (`reclamation`), and how deployments follow their key (`key_events`),
//! all dispatched by `ops`; the Resource Controller, Cloud Databases v5 and sandbox data-plane
//! request faces (`api`). May use the core, IAM (authorizations, platform roles) and Key Protect,
//! which it calls only through `apply_kms` as the service.

pub(crate) mod api;
mod backups;
mod data;
mod envelope;
mod key_events;
pub mod model;
mod ops;
mod provision;
mod reclamation;
mod settings;

pub use model::*;
